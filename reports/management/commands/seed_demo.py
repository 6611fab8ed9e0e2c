from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cases.demo import seed_cases
from referrals.demo import seed_referrals
from reports.demo import seed_statistics_cases
from uptdppa.accounts.demo import DEMO_PASSWORD, seed_users


class Command(BaseCommand):
    help = """Create the demo data set: one user per role and a few synthetic cases.

    Safe to run again: existing users and data are kept. Refused when DJANGO_ENV=production.
    """

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("seed_demo is refused in production.")
        users = seed_users()
        cases = seed_cases()
        self.stdout.write(f"Demo cases created: {cases}")
        self.stdout.write(f"Demo referrals sent to the agency liaison: {seed_referrals()}")
        # After seed_cases: its cases are the current year's first register numbers.
        history = seed_statistics_cases()
        self.stdout.write(f"Demo cases of 2023-2024 for the statistics created: {history}")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, role, created in users:
            self.stdout.write(f"  {username:<12} {role}{'' if created else ' (already present)'}")
