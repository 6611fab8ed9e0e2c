"""The application's Celery app, as ``celery -A uptdppa`` loads it, for the fault tests' workers.

With ``FAULTS_VISIBILITY_TIMEOUT`` (seconds) a message left unacknowledged by a killed worker is
delivered again after that long instead of Redis' default hour, and the worker looks for such
messages every second: what a restarted worker does in production, only sooner.
"""

from __future__ import annotations

import os

from uptdppa.celery import app

_timeout = os.environ.get("FAULTS_VISIBILITY_TIMEOUT")
if _timeout:
    app.conf.broker_transport_options = {
        **(app.conf.broker_transport_options or {}),
        "visibility_timeout": float(_timeout),
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }

__all__ = ["app"]
