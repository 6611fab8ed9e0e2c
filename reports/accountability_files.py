"""The task-force report and the KLA evidence pack as PDF (WeasyPrint) and Excel (XlsxWriter), in
Indonesian, made on request from the stored figures as the requester may see them (never stored:
the figures are, frozen, and the same figures give the same file)."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import xlsxwriter
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from uptdppa.pdf import html_to_pdf

from .excel import WORKBOOK_OPTIONS, Sheet, _sheet_name
from .pdf import FONT, _page_counter_css
from .tables import Table


def tables_pdf(
    *,
    title: str,
    subtitle: str,
    lines: list[str],
    tables: list[Table],
    suppressed: bool,
    made_at: datetime,
    landscape: bool = False,
) -> bytes:
    """A PDF of ``tables`` under a title block; every heading stays with its table."""
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "reports/pdf/tables.html",
            {
                "title": title,
                "subtitle": subtitle,
                "lines": lines,
                "tables": tables,
                "suppressed": suppressed,
                "small_cell_label": f"<{settings.STATISTICS_SMALL_CELL_LIMIT}",
                "small_cell_limit": settings.STATISTICS_SMALL_CELL_LIMIT,
                "made_at": timezone.localtime(made_at),
                "printed_at": timezone.localtime(),
                "page_counter": _page_counter_css(),
                "font_family": FONT,
                "landscape": landscape,
            },
        )
    return html_to_pdf(html)


def tables_workbook(*, title: str, subtitle: str, lines: list[str], tables: list[Table]) -> bytes:
    """One sheet per table: the title and what it counts, the column headers, the rows."""
    output = io.BytesIO()
    with translation.override(settings.LANGUAGE_CODE):
        workbook = xlsxwriter.Workbook(output, WORKBOOK_OPTIONS)
        used: set[str] = set()
        for index, table in enumerate(tables, start=1):
            sheet = Sheet(workbook, _sheet_name(index, table.title, used))
            sheet.ws.write_string(0, 0, f"{title} — {subtitle}", sheet.title)
            sheet.write_text(1, 0, table.title, bold=True)
            sheet.write_text(2, 0, f"{gettext('What is counted')}: {table.counts}")
            for offset, line in enumerate(lines):
                sheet.write_text(3 + offset, 0, line)
            top = 4 + len(lines)
            for col, column in enumerate(table.columns):
                sheet.write_text(top, col, str(column), bold=True)
            for row, (label, values) in enumerate(table.rows, start=top + 1):
                sheet.write_text(row, 0, str(label))
                for col, value in enumerate(values, start=1):
                    sheet.write_value(row, col, value)
            sheet.ws.set_column(0, 0, 45)
            sheet.ws.set_column(1, max(1, len(table.columns)), 16)
        workbook.close()
    return output.getvalue()


def download(content: bytes, *, name: str, kind: str) -> Any:
    from django.http import HttpResponse

    types = {"pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    response = HttpResponse(content, content_type=types[kind])
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    response["Cache-Control"] = "no-store"
    return response
