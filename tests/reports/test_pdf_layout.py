"""The statistics report as a document people hand over (issue 13 §5): a cover with the unit, the
period, when it was made and the headline sentence; no heading left as the last line of a page;
no blank page; definitions in plain Indonesian. Checked on the demo data's periods, exact (the
unit's staff) and with small cells hidden (leadership), by reading the PDF's text in order (pypdf)
and turning its pages into images (pdftoppm, kept under test-artifacts/documents/)."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from reports.pdf import definitions_html, render_pdf, report_html
from reports.selectors import figures_shown_to
from reports.statistics import Period, compute_figures
from reports.summary import summary_sentence
from tests.documents import headings_alone, page_images, page_lines

pytestmark = pytest.mark.django_db

PERIODS = {
    "year-2024": Period(date(2024, 1, 1), date(2024, 12, 31)),
    "jan-oct-2024": Period(date(2024, 1, 1), date(2024, 10, 31)),
    "march-2024": Period(date(2024, 3, 1), date(2024, 3, 31)),
}


def headings_of(page: str) -> list[str]:
    """What the report's HTML marks as a heading, and each table's "what is counted" line."""
    found = re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>|<p class=\"counts\">(.*?)</p>", page, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", heading or counts)) for heading, counts in found]


def flat(lines: list[str]) -> str:
    return " ".join(lines)


def test_the_report_has_a_cover_no_heading_ending_a_page_and_no_blank_page(world):
    call_command("seed_demo")
    made = timezone.now()
    problems: list[str] = []
    for suppressed, reader in ((False, world.kepala), (True, world.pimpinan)):
        for name, period in PERIODS.items():
            figures = compute_figures(period)
            shown = figures_shown_to(reader, figures)
            pdf = render_pdf(shown, generated_at=made, suppressed=suppressed, computed_at=made)
            page = report_html(shown, generated_at=made, suppressed=suppressed, computed_at=made)
            page_images(pdf, f"statistics-{name}-{'leadership' if suppressed else 'exact'}")
            problems += [f"{name} {reader.role}: {problem}" for problem in headings_alone(pdf, headings_of(page))]
            if name == "jan-oct-2024" and not suppressed:
                cover_check(page_lines(pdf), figures)
    assert not problems, "\n".join(problems)


def cover_check(pages: list[list[str]], figures: dict) -> None:
    """The cover: the government, the unit, the title, the period, when it was made and when its
    figures were computed, and the headline sentence; the figures start on the next page."""
    cover = flat(pages[0])
    assert "PEMERINTAH KOTA JAMBI" in cover
    assert "(UPTD PPA) KOTA JAMBI" in cover
    assert "Laporan statistik" in cover
    assert "Periode Januari–Oktober 2024" in cover
    assert "Dibuat pada" in cover and "Angka dihitung pada" in cover
    assert " ".join(summary_sentence(figures).split()) in cover
    assert "83 kasus kekerasan terhadap anak" in cover
    assert "Angka utama" not in cover and "Angka utama" in flat(pages[1])


def test_the_definitions_speak_plain_indonesian():
    """No file name, address, setting name, code or "snapshot": words a reader of the report knows."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", definitions_html()))
    for jargon in ("DEFINITIONS", ".md", "/api/", "STATISTICS_", "snapshot", "`", "compute_figures", "registered_at"):
        assert jargon not in text, jargon
    assert "Apa yang dihitung setiap angka" in text
    assert "angka sedang diperbarui" in text
    assert 'ditampilkan sebagai "x"' in text  # the method of hiding the counts that give a small one away
