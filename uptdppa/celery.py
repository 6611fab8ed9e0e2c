"""Celery application. Configuration comes from Django settings (CELERY_* names).

Without REDIS_URL, tasks run eagerly in the web process (the embedded default).
Tasks take ids, never personal data: arguments sit in plain text in the broker.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uptdppa.settings")

app = Celery("uptdppa")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
