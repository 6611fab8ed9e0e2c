"""Who may see statistics and exports (docs/architecture.md#roles-and-access).

- The dashboard and the statistics report (aggregates only): pimpinan and kepala_uptd; for
  pimpinan small cells are suppressed, with the cells that would give them away
  (reports.suppression.leadership_figures).
- "Generate now" for a period: kepala_uptd and operator_data.
- Exports with case-level rows (the case-level Excel export, the SIMFONI export) and the SIMFONI
  work list: operator_data and kepala_uptd. Every export is audit-logged.
- Report files: each kind needs its permission (``KIND_PERMS``); a file is downloaded by whoever
  may ask for its kind and either asked for it or sees what is in it (``report_files_visible_to``).
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cases.models import REGISTERED_STATUSES, Case
from uptdppa.accounts.access import has_role, who_may_declare
from uptdppa.accounts.models import Role
from uptdppa.periods import whole_months_error

from .models import KlaPack, ReportFile, ReportFileKind, TaskForceReport

is_leadership = has_role(Role.PIMPINAN)
sees_statistics = has_role(Role.PIMPINAN, Role.KEPALA_UPTD)
works_on_national_recording = has_role(Role.OPERATOR_DATA, Role.KEPALA_UPTD)

rules.add_perm("reports.view_dashboard", sees_statistics)
rules.add_perm("reports.generate_snapshot", has_role(Role.KEPALA_UPTD, Role.OPERATOR_DATA))
rules.add_perm("reports.export_statistics", sees_statistics | works_on_national_recording)
rules.add_perm("reports.export_cases", works_on_national_recording)
rules.add_perm("reports.export_simfoni", works_on_national_recording)
# Small cells are hidden from leadership, so that no child can be recognised.
rules.add_perm("reports.see_small_cells", has_role(Role.KEPALA_UPTD, Role.OPERATOR_DATA))

# The quarterly task-force report (issue 18 §2): the head and leadership see every organisation
# and make it on demand; a partner's liaison sees their organisation's row beside the city's
# medians (reports.selectors.taskforce_figures_shown_to).
rules.add_perm("reports.view_taskforce_report", has_role(Role.KEPALA_UPTD, Role.PIMPINAN, Role.PENGHUBUNG_OPD))
rules.add_perm("reports.make_taskforce_report", has_role(Role.KEPALA_UPTD, Role.PIMPINAN))
# The KLA evidence pack (issue 18 §3): the unit's head and data operator (exact figures) and
# leadership (small cells hidden) see it; the head and the operator make it (a cut-off of any
# day, so not leadership, who get whole periods only: reports.access.period_refusal).
rules.add_perm("reports.view_kla_pack", has_role(Role.KEPALA_UPTD, Role.PIMPINAN, Role.OPERATOR_DATA))
rules.add_perm("reports.make_kla_pack", has_role(Role.KEPALA_UPTD, Role.OPERATOR_DATA))

# The kind of file each permission lets a user ask for (reports.services.report_files).
KIND_PERMS = {
    ReportFileKind.PDF: "reports.export_statistics",
    ReportFileKind.XLSX: "reports.export_statistics",
    ReportFileKind.XLSX_CASES: "reports.export_cases",
}


def small_cells_hidden_from(user: Any) -> bool:
    """Whether the figures ``user`` is shown have their small cells hidden (leadership): the one
    decision. Every output's numbers pass through ``reports.selectors.figures_shown_to``, which
    asks it; a report file records it (``ReportFile.suppressed``)."""
    return not user.has_perm("reports.see_small_cells")


def kinds_for(user: Any) -> list[ReportFileKind]:
    """The kinds of file ``user`` may ask for (empty: the exports page is a 404 for them)."""
    return [kind for kind in ReportFileKind if user.has_perm(KIND_PERMS[kind])]


def report_files_visible_to(user: Any) -> QuerySet[ReportFile]:
    """The files ``user`` may see and download: of a kind they may ask for, and either asked for
    by them or holding what they may see (a file with exact small cells is never leadership's)."""
    files = ReportFile.objects.filter(kind__in=kinds_for(user)).select_related("requested_by")
    if not small_cells_hidden_from(user):
        return files
    return files.filter(Q(requested_by=user) | Q(suppressed=True))


def taskforce_reports_visible_to(user: Any) -> QuerySet[TaskForceReport]:
    """Every task-force report for whoever may view them (their rows are chosen when shown)."""
    if not user.has_perm("reports.view_taskforce_report"):
        return TaskForceReport.objects.none()
    return TaskForceReport.objects.all()


def kla_packs_visible_to(user: Any) -> QuerySet[KlaPack]:
    """Every pack for the unit's head and data operator; for leadership (whole periods only:
    ``period_refusal``) the packs of an ended year, whose figures cover the whole year."""
    if not user.has_perm("reports.view_kla_pack"):
        return KlaPack.objects.none()
    if small_cells_hidden_from(user):
        return KlaPack.objects.filter(cut_off__year__gt=F("year"))
    return KlaPack.objects.all()


def simfoni_cases_visible_to(user: Any) -> QuerySet[Case]:
    """The cases ``user`` may mark as entered in SIMFONI: every registered case for whoever works
    on national recording (reports.export_simfoni), none for anybody else. The operator has no
    case page (``cases.access.cases_visible_to`` gives them none): this is the only scope in
    which they reach a case, by its code, for the marker."""
    if not user.has_perm("reports.export_simfoni"):
        return Case.objects.none()
    return Case.objects.filter(status__in=sorted(REGISTERED_STATUSES))


# What a refusal says (uptdppa.accounts.access.permission_refusal).
who_may_declare(
    {
        "reports.generate_snapshot": _("Figures are recomputed by the head of the unit or the data operator."),
        "reports.export_statistics": _(
            "Statistics are exported by leadership, the head of the unit and the data operator."
        ),
        "reports.export_cases": _("The case export is for the data operator and the head of the unit."),
        "reports.export_simfoni": _("The SIMFONI export is for the data operator and the head of the unit."),
        "reports.see_small_cells": _("Exact small figures are seen by the head of the unit and the data operator."),
        "reports.make_taskforce_report": _("The task-force report is made by the head of the unit and leadership."),
        "reports.make_kla_pack": _("The KLA evidence pack is made by the head of the unit and the data operator."),
    }
)


def period_refusal(user: Any, period: Any) -> str | None:
    """Why ``user`` may not have the figures of ``period``, or None: leadership (whoever
    ``small_cells_hidden_from``) gets whole calendar months only (``uptdppa.periods.whole_months_error``),
    since the figures of a few days can point at one child. The one rule of the dashboard, the
    report files and the API."""
    if not small_cells_hidden_from(user):
        return None
    return whole_months_error(period.start, period.end)
