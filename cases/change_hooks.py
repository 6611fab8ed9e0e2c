"""Callbacks other apps add to every recorded change of a case (docs/architecture.md#dependencies-between-apps).

cases cannot tell the reports app that figures it stored may be out of date, so the reports app
registers a hook here at start-up (in its AppConfig.ready)::

    register_change_hook(stale_refresh_soon)

``cases.services.common.event_add`` (the timeline event every write of a case records, the
referral services' too) calls every hook with the case, inside the write's transaction. A hook
must be cheap and must not write the case; it may register ``transaction.on_commit`` work.

What a figure reads is marked changed by the database itself (reports' data-version triggers),
so a write that records no event still leaves its periods stale; the hook only makes the
refresh come sooner than the periodic job.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cases.models import Case

ChangeHook = Callable[["Case"], None]

_hooks: list[ChangeHook] = []


def register_change_hook(hook: ChangeHook) -> ChangeHook:
    """Add ``hook`` (once; registering it again changes nothing). Usable as a decorator."""
    if hook not in _hooks:
        _hooks.append(hook)
    return hook


def unregister_change_hook(hook: ChangeHook) -> None:
    """Remove ``hook`` if it was registered (tests use this to clean up)."""
    if hook in _hooks:
        _hooks.remove(hook)


def case_changed(case: Case) -> None:
    """Run every registered hook for ``case``, in registration order."""
    for hook in list(_hooks):
        hook(case)
