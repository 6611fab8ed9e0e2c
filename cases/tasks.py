"""Celery tasks of cases: take ids, re-fetch, call one service."""
