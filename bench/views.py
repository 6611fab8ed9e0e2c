"""Reference views of the benchmarks (bench/urls.py only).

- ``trivial``: the cheapest Django JSON answer, the throughput floor of the load test.
- ``bare_list``: replays the SQL the real worklist ran (captured by bench/phase.py into
  ``BARE_SQL``: its reads, the audit-trail insert and the bell's count) through a plain cursor
  and writes the rows as a minimal HTML table: the same SQL and rows, without the ORM, forms or
  templates.
"""

from __future__ import annotations

from html import escape

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse

BARE_SQL: list[str] = []


def trivial(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


@login_required
def bare_list(request: HttpRequest) -> HttpResponse:
    parts = ["<table>"]
    with connection.cursor() as cursor:
        for sql in BARE_SQL:
            cursor.execute(sql)
            for row in cursor.fetchall() if cursor.description else ():
                parts.append("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>")
    parts.append("</table>")
    return HttpResponse("".join(parts))
