"""Health checks of our own, beside django-health-check's database and cache checks."""

from __future__ import annotations

import dataclasses
import datetime

from django.conf import settings
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable


def expected_queues() -> set[str]:
    """The Celery queues some task is sent to: the default one and every routed one (backups)."""
    from uptdppa.celery import app

    return {app.conf.task_default_queue} | {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}


@dataclasses.dataclass
class CeleryQueues(HealthCheck):
    """Every queue tasks are sent to has a live worker consuming it.

    django-health-check's own Ping check asks the first worker that answers for its queues: with
    the backup worker (queue "backup") answering first, a stopped default worker went unnoticed,
    or the other way round a healthy stack was reported down. This asks every worker within
    ``reply_seconds`` instead, and names each queue nobody consumes.
    """

    timeout: datetime.timedelta = dataclasses.field(default=datetime.timedelta(seconds=3), repr=False)
    reply_seconds: float = dataclasses.field(default=1.5, repr=False)

    def run(self) -> None:
        from uptdppa.celery import app

        try:
            replies = app.control.inspect(timeout=self.reply_seconds).active_queues() or {}
        except OSError as error:
            raise ServiceUnavailable("Celery broker unreachable") from error
        served = {queue["name"] for queues in replies.values() for queue in queues}
        missing = sorted(expected_queues() - served)
        if missing:
            raise ServiceUnavailable("No Celery worker for queue " + ", ".join(missing))
