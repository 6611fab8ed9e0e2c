"""Input and output serializers of the reports API (statistics and the SIMFONI work list).

Plain serializers: they check the query (the period through the shared
``uptdppa.periods.PeriodQuery``) and present what reports.selectors and reports.simfoni return.
The figures themselves are never reshaped here: the statistics endpoint returns the dashboard's
dict as it is (one code path), these classes only document it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cases.serializers import UserBriefOutput
from uptdppa.periods import PeriodQuery

# The breakdowns of reports.statistics.compute_figures, in its order (tests/reports/test_api.py
# checks that this list and the figures' keys agree).
BREAKDOWNS = (
    "totals",
    "cases_by_form",
    "child_cases_by_form",
    "victims_by_form",
    "cases_by_type",
    "victims_by_sex",
    "cases_by_scene",
    "cases_by_month",
    "victims_by_age_band",
    "victims_by_age_sex",
    "cases_by_kecamatan",
    "relations_by_group",
    "child_victims_by_category",
    "victims_by_service",
    "median_hours_to_registration",
    "kla",
    "referrals_by_status",
)


class StatisticsQuery(PeriodQuery):
    breakdown = serializers.ChoiceField(
        choices=list(BREAKDOWNS),
        required=False,
        help_text=_("Return only this breakdown (with the period and the definitions version)."),
    )


class FiguresPeriodOutput(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()


def _breakdown_field() -> serializers.JSONField:
    # Counts are integers, or "<3" for leadership (small cells, reports.see_small_cells).
    return serializers.JSONField(required=False)


class StatisticsOutput(serializers.Serializer):
    """The figures of a period exactly as the dashboard and the PDF show them to the caller
    (reports/DEFINITIONS.md defines each): codes as keys, never labels."""

    definitions_version = serializers.IntegerField()
    period = FiguresPeriodOutput()
    computed_at = serializers.DateTimeField(
        allow_null=True, help_text=_("When these figures were computed (null: computed for this answer).")
    )
    stale = serializers.BooleanField(
        help_text=_("The data changed after these figures were computed: corrected figures follow shortly.")
    )
    notice = serializers.CharField(
        allow_null=True, help_text=_('"Angka sedang diperbarui" and when the figures were computed, while stale.')
    )

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        for key in BREAKDOWNS:
            fields[key] = _breakdown_field()
        return fields


class SimfoniCaseQuery(PeriodQuery):
    pending = serializers.BooleanField(
        required=False, default=False, help_text=_("Only the cases not yet entered in SIMFONI.")
    )


class SimfoniCaseOutput(serializers.Serializer):
    """A registered case on the SIMFONI work list: numbers and the marker, no case content."""

    code = serializers.UUIDField()
    register_number = serializers.CharField()
    registered_at = serializers.DateTimeField()
    simfoni_number = serializers.CharField()
    entered = serializers.SerializerMethodField()
    entered_at = serializers.DateTimeField(source="simfoni_entered_at", allow_null=True)
    entered_by = UserBriefOutput(source="simfoni_entered_by", allow_null=True)

    def get_entered(self, case: Any) -> bool:
        return case.simfoni_entered_at is not None


class SimfoniEnteredInput(serializers.Serializer):
    entered = serializers.BooleanField(help_text=_("true: entered in SIMFONI; false: not yet (undo)."))
    simfoni_number = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=40,
        help_text=_("The number SIMFONI PPA gave the case; needed to mark it entered unless it has one."),
    )


# --- The task-force report and the KLA evidence pack (issue 18 §2-3) ---------------------------


class TaskForceReportInput(serializers.Serializer):
    year = serializers.IntegerField(help_text=_("The year of the quarter"))
    quarter = serializers.IntegerField(help_text=_("1 to 4; the quarter must have ended"))


class TaskForceReportBriefOutput(serializers.Serializer):
    code = serializers.UUIDField()
    year = serializers.IntegerField()
    quarter = serializers.IntegerField()
    made_at = serializers.DateTimeField()


class TaskForceReportOutput(TaskForceReportBriefOutput):
    figures = serializers.DictField(
        help_text=_(
            "Per organisation and for the city (reports/DEFINITIONS.md “Task-force report”), as the caller may "
            "see them: a liaison their own organisation and the city's medians; leadership small counts hidden"
        )
    )


class KlaPackInput(serializers.Serializer):
    year = serializers.IntegerField(help_text=_("The year of the pack; frozen at today's figures"))


class KlaPackBriefOutput(serializers.Serializer):
    code = serializers.UUIDField()
    year = serializers.IntegerField()
    cut_off = serializers.DateField()
    made_at = serializers.DateTimeField()


class KlaPackOutput(KlaPackBriefOutput):
    figures = serializers.DictField(
        help_text=_(
            "The pack's figures (reports/DEFINITIONS.md “KLA evidence pack”), small cells hidden from leadership"
        )
    )
