"""Celery tasks of reports: take ids, re-fetch, call one service."""
