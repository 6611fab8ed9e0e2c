"""Celery tasks of referrals: take ids, re-fetch, call one service."""
