"""Checks other apps add to the closure of a case (docs/architecture.md#dependencies-between-apps).

cases cannot ask the referrals app whether referrals are still open, so the referrals app
registers a check here at start-up (in its AppConfig.ready)::

    register_closure_check(open_referrals_check)

A check takes the case and returns None when it does not object, or the reason to refuse,
already translated (e.g. ``gettext("Referrals of this case are still open.")``). The closure
services run every check when the closure is requested and again when it is approved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cases.models import Case

ClosureCheck = Callable[["Case"], "str | None"]

_checks: list[ClosureCheck] = []


def register_closure_check(check: ClosureCheck) -> ClosureCheck:
    """Add ``check`` (once; registering it again changes nothing). Usable as a decorator."""
    if check not in _checks:
        _checks.append(check)
    return check


def unregister_closure_check(check: ClosureCheck) -> None:
    """Remove ``check`` if it was registered (tests use this to clean up)."""
    if check in _checks:
        _checks.remove(check)


def closure_check_refusals(case: Case) -> list[str]:
    """The reasons the registered checks give to refuse closing ``case``, in registration order."""
    return [reason for check in list(_checks) if (reason := check(case))]
