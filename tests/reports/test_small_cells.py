"""Who sees small cells is decided, and the cells hidden, in one place
(reports.selectors.figures_shown_to, asking reports.access.small_cells_hidden_from): every output
of counts calls it. The proof: the hiding is replaced by a marker, and every count of every output
shown to leadership must read the marker — an output that skipped the function, or hid the cells
on its own, would show a number or "<3" instead."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports.models import ReportFileKind
from reports.selectors import NOT_COUNTS
from tests.conftest import World
from tests.reports.export_data import build
from tests.reports.test_excel import find_sheet, sheet_rows
from tests.reports.test_pdf import flat, pdf_text, request_and_make
from uptdppa.accounts.models import Role

pytestmark = pytest.mark.django_db

MARK = "MARK"


def marked(value: Any, key: str = "") -> Any:
    """What the patched hiding makes of the figures: every count becomes MARK."""
    if isinstance(value, dict):
        return {k: marked(v, k) for k, v in value.items()}
    if isinstance(value, int) and not isinstance(value, bool) and key not in NOT_COUNTS:
        return MARK
    return value


def counts_in(value: Any, key: str = "") -> list[Any]:
    """Every count of a JSON-like value (ints, and the strings that stand for a count)."""
    if isinstance(value, dict):
        return [count for k, v in value.items() for count in counts_in(v, k)]
    if isinstance(value, list):
        return [count for item in value for count in counts_in(item, key)]
    if key in NOT_COUNTS or key in ("period", "start", "end", "type", "title", "label", "labels", "limit"):
        return []
    return [value] if isinstance(value, (int, str)) and not isinstance(value, bool) else []


@pytest.fixture
def hidden_by_the_one_function(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("reports.selectors._suppress", marked)


def test_every_output_of_counts_hides_them_through_the_one_function(
    world: World, client: Any, django_capture_on_commit_callbacks: Any, hidden_by_the_one_function: None
) -> None:
    build(world)
    client.force_login(world.pimpinan)

    page = client.get(reverse("reports:dashboard"), {"preset": "jan_oct", "year": "2024"})
    headlines = {item.id: item.value for item in page.context["headlines"]}
    assert headlines.pop("median-response") is not None  # not a count
    assert set(headlines.values()) == {MARK}, headlines  # new, open, closed, and the overdue referrals
    # A 0 is a code the figures do not hold at all, filled in by the table (and never hidden).
    assert set(counts_in([chart.data["datasets"] for chart in page.context["charts"]])) == {MARK, 0}
    tables = [*page.context["tables"], *page.context["kla"]]
    assert {value for table in tables for _label, values in table.rows for value in values} <= {MARK, 0}

    api = client.get("/api/v1/statistics/", {"from": "2024-01-01", "to": "2024-10-31"}).json()
    status = {key: api.pop(key) for key in ("computed_at", "stale", "notice")}  # not counts (issue 14)
    assert status["stale"] is False
    assert set(counts_in(api)) == {MARK}

    _, pdf = request_and_make(client, world.pimpinan, django_capture_on_commit_callbacks)
    text = flat(pdf_text(pdf))
    assert "Laki-laki MARK Perempuan MARK" in text and "Fisik MARK Psikis MARK" in text

    _, xlsx = request_and_make(client, world.pimpinan, django_capture_on_commit_callbacks, ReportFileKind.XLSX)
    workbook = load_workbook(BytesIO(b"".join(xlsx.streaming_content)))
    by_sex = sheet_rows(find_sheet(workbook, "Korban menurut jenis kelamin"))
    assert by_sex["Laki-laki"] == [MARK] and by_sex["Perempuan"] == [MARK]


def test_the_outputs_without_counts_are_only_for_roles_that_see_small_cells(world: World) -> None:
    """The SIMFONI export and the case-level export hold rows, not counts: whoever may have them
    sees exact figures anyway, so they need no hiding."""
    users = world.users.values()
    assert {user.role for user in users} == set(Role)  # every role is asked
    for user in users:
        if user.has_perm("reports.export_simfoni") or user.has_perm("reports.export_cases"):
            assert user.has_perm("reports.see_small_cells"), user.role
