"""The statistics report of a period as a PDF (WeasyPrint), charts as SVG (pygal).

The figures come from ``figures_for`` through ``figures_shown_to`` (the caller's job, see
reports.services.report_files), so the report says what the dashboard and the API say, with
small cells suppressed for leadership. A suppressed count is drawn as no bar at all: the charts never carry a
number the tables hide.
"""

from __future__ import annotations

import base64
import html
import math
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pygal
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from pygal.style import Style

from cases.vocabularies import AgeBand, Sex, ViolenceForm
from uptdppa.pdf import html_to_pdf

from .summary import computed_label, period_label, summary_sentence
from .tables import Table, breakdown_tables, kecamatan_rows, month_label, period_dates

DEFINITIONS_FILE = Path(__file__).with_name("DEFINITIONS.md")
FONT = "Noto Sans, DejaVu Sans, sans-serif"
STYLE = Style(
    font_family=FONT,
    background="white",
    plot_background="white",
    colors=("#0d6efd", "#d63384", "#198754", "#fd7e14", "#6f42c1"),
)


_SCRIPT = re.compile(r"<script\b.*?</script>", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def _count(value: Any) -> int | None:
    """A chart value: suppressed ("<3") and missing counts are not drawn."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _svg(chart: Any) -> str:
    """The chart as a data URI for an <img>: WeasyPrint fetches nothing else (see render_pdf)."""
    svg = chart.render()
    svg = svg.decode("utf-8") if isinstance(svg, bytes) else svg
    # pygal embeds its whole configuration as a <script> even with js=[]: nothing in a PDF runs
    # it, and it is left out so that the file carries only what is drawn.
    svg = _SCRIPT.sub("", _COMMENT.sub("", svg))
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _axis(values: list[int | None]) -> list[int]:
    """Whole-number ticks for counts (pygal would draw 0.2, 0.4, …)."""
    top = max([v for v in values if v is not None] or [0])
    step = max(1, math.ceil(top / 8))
    return list(range(0, top + step + 1, step))


def _chart(kind: type[Any], title: str, **options: Any) -> Any:
    """A chart without a drawn title: the report prints it as the figure's caption, text of the
    page (searchable, and what keeps the layout checks honest)."""
    chart = kind(
        style=STYLE,
        js=[],  # pygal links a script from the web by default; a PDF runs none
        disable_xml_declaration=True,
        width=800,
        height=420,
        no_data_text=gettext("No data"),
        print_values=False,
        show_legend=options.pop("show_legend", False),
        **options,
    )
    chart.caption = title
    return chart


def charts(figures: dict[str, Any]) -> list[dict[str, str]]:
    """The four charts of the report: violence forms, monthly trend, kecamatan, age × sex."""
    forms = figures.get("cases_by_form", {})
    values = [_count(forms.get(str(form.value), 0)) for form in ViolenceForm]
    by_form = _chart(pygal.HorizontalBar, gettext("Cases by violence form"), y_labels=_axis(values))
    # pygal draws a horizontal bar chart bottom-up: reversed, the list reads top-down as in the tables.
    by_form.x_labels = [str(form.label) for form in ViolenceForm][::-1]
    by_form.add(gettext("Cases"), values[::-1])

    months = figures.get("cases_by_month", {})
    values = [_count(n) for n in months.values()]
    trend = _chart(pygal.Bar, gettext("Cases by month of registration"), x_label_rotation=30, y_labels=_axis(values))
    trend.x_labels = [month_label(month) for month in months]
    trend.add(gettext("Cases"), values)

    rows = kecamatan_rows(figures.get("cases_by_kecamatan", {}))
    values = [_count(row_values[0]) for _label, row_values in rows]
    kecamatan = _chart(pygal.HorizontalBar, gettext("Cases by kecamatan of the incident"), y_labels=_axis(values))
    kecamatan.x_labels = [label for label, _values in rows][::-1]
    kecamatan.add(gettext("Cases"), values[::-1])

    matrix = figures.get("victims_by_age_sex", {})
    series = {
        str(sex.label): [_count(matrix.get(str(band.value), {}).get(str(sex.value), 0)) for band in AgeBand]
        for sex in (Sex.LAKI_LAKI, Sex.PEREMPUAN)
    }
    age_sex = _chart(
        pygal.Bar,
        gettext("Victims by age band and sex"),
        show_legend=True,
        legend_at_bottom=True,
        y_labels=_axis([v for counts in series.values() for v in counts]),
    )
    age_sex.x_labels = [str(band.label) for band in AgeBand]
    for label, counts in series.items():
        age_sex.add(label, counts)

    return [{"title": str(chart.caption), "src": _svg(chart)} for chart in (by_form, trend, kecamatan, age_sex)]


_INLINE = [(re.compile(r"\*\*(.+?)\*\*"), r"<strong>\1</strong>"), (re.compile(r"`(.+?)`"), r"<code>\1</code>")]


def _inline(text: str) -> str:
    text = html.escape(text.strip())
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return text


def definitions_html(source: str | None = None) -> SafeString:
    """reports/DEFINITIONS.md (or its translation in the active language) as HTML. Only the
    subset the file uses (headings, paragraphs, lists, tables, **bold**, `code`); every piece of
    text is escaped first."""
    if source is None:
        # A translation of the document beside it (DEFINITIONS.id.md) is used when there is one.
        translated = DEFINITIONS_FILE.with_suffix(f".{translation.get_language() or ''}.md")
        source = (translated if translated.is_file() else DEFINITIONS_FILE).read_text(encoding="utf-8")
    lines = source.splitlines()
    out: list[str] = []
    block: str | None = None  # "p", "ul" or "table"

    def close() -> None:
        nonlocal block
        if block:
            out.append({"p": "</p>", "ul": "</ul>", "table": "</tbody></table>"}[block])
        block = None

    for line in lines:
        stripped = line.strip()
        if heading := re.match(r"(#{1,4})\s+(.*)", stripped):
            close()
            level = min(len(heading.group(1)) + 2, 6)  # the report's own h1/h2 stay above
            out.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
        elif stripped.startswith("|"):
            cells = [cell.strip() for cell in stripped.strip("|").split("|")]
            if all(re.fullmatch(r":?-+:?", cell) for cell in cells):
                continue
            if block != "table":
                close()
                out.append('<table class="definitions"><thead><tr>')
                out.append("".join(f"<th>{_inline(cell)}</th>" for cell in cells) + "</tr></thead><tbody>")
                block = "table"
                continue
            out.append("<tr>" + "".join(f"<td>{_inline(cell)}</td>" for cell in cells) + "</tr>")
        elif stripped.startswith("- "):
            if block != "ul":
                close()
                out.append("<ul>")
                block = "ul"
            out.append(f"<li>{_inline(stripped[2:])}")
        elif not stripped:
            close()
        elif block == "ul":
            out.append(" " + _inline(stripped))  # a list item continued on the next line
        else:
            if block != "p":
                close()
                out.append("<p>")
                block = "p"
            out.append(_inline(stripped) + " ")
    close()
    return mark_safe("\n".join(out))  # noqa: S308 - built from escaped text only


def _page_counter_css() -> str:
    """The footer "Halaman X dari Y" as CSS content, from the translated "Page … of …"."""
    marker = gettext("Page %(number)s of %(total)s") % {"number": "\x00", "total": "\x01"}
    before, rest = marker.split("\x00", 1)
    middle, after = rest.split("\x01", 1)

    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    return f"{quoted(before)} counter(page) {quoted(middle)} counter(pages) {quoted(after)}"


def report_html(
    figures: dict[str, Any], *, generated_at: datetime, suppressed: bool, computed_at: datetime | None = None
) -> str:
    """The report's HTML in Indonesian (the unit's language for reports)."""
    with translation.override(settings.LANGUAGE_CODE):
        start, end = period_dates(figures)
        tables: list[Table] = breakdown_tables(figures)
        return render_to_string(
            "reports/pdf/report.html",
            {
                "period": period_label(start, end),
                "start": start,
                "end": end,
                "generated_at": timezone.localtime(generated_at),
                "computed": computed_label(computed_at) if computed_at is not None else "",
                "summary": summary_sentence(figures),
                "headline": tables[0],
                "tables": tables[1:],
                "charts": charts(figures),
                "definitions": definitions_html(),
                "suppressed": suppressed,
                "small_cell_limit": settings.STATISTICS_SMALL_CELL_LIMIT,
                "small_cell_label": f"<{settings.STATISTICS_SMALL_CELL_LIMIT}",
                "page_counter": _page_counter_css(),
                "font_family": FONT,
            },
        )


def render_pdf(
    figures: dict[str, Any], *, generated_at: datetime, suppressed: bool, computed_at: datetime | None = None
) -> bytes:
    """The PDF of ``figures`` (already as the requester may see them), stating when the file was
    made and when its figures were computed (``computed_at``, the snapshot's). Only the embedded
    charts (data: URIs) are fetched: never a file or a URL (uptdppa/pdf.py)."""
    return html_to_pdf(report_html(figures, generated_at=generated_at, suppressed=suppressed, computed_at=computed_at))
