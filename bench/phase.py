"""One in-process benchmark phase, run by bench/main.py in its own process (DATABASE_URL set to
the database of that phase). Writes its figures as JSON to ``--out``.

    phase.py seed --cases N [--detail]     fill a fresh database (bench/seed.py)
    phase.py scale                          print the seeded scale ("N detail" or "none")
    phase.py pages                          case list and case detail (100k database)
    phase.py dashboard                      dashboard and snapshot regeneration (1M database)
    phase.py pdf                            PDF report against WeasyPrint alone
    phase.py fixtures                       what the load test needs (case codes per user)
    phase.py seed-audit --entries N         add N audit entries to the 100k database (bench/seed.py)
    phase.py audit-scale                    print how many audit entries were seeded ("none")
    phase.py audit                          the access history and the audit write of the case list
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench import seed as seeding  # noqa: E402
from bench import views as bench_views  # noqa: E402
from uptdppa.accounts.models import User  # noqa: E402
from uptdppa.audit import ASYNC_COMMIT  # noqa: E402

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def median_ms(fn: Callable[[], Any], iterations: int, warmup: int = 3) -> float:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(iterations):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def interleaved_ms(fns: dict[str, Callable[[], Any]], iterations: int, warmup: int = 3) -> dict[str, float]:
    """Median of each function, run in turn (ABAB…), so that a burst of load from other processes
    on the machine hits every contender alike."""
    samples: dict[str, list[float]] = {name: [] for name in fns}
    for fn in fns.values():
        for _ in range(warmup):
            fn()
    for _ in range(iterations):
        for name, fn in fns.items():
            started = time.perf_counter()
            fn()
            samples[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) * 1000 for name, values in samples.items()}


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username), backend=BACKEND)
    return client


def get_ok(client: Client, url: str) -> Any:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return response


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def captured(client: Client, url: str) -> list[str]:
    """The SQL statements of one request, in steady state (after a first request has filled the
    per-process caches such as ContentType's). Transaction control is not counted, as in the
    suite's max_queries (tests/conftest.py)."""
    get_ok(client, url)
    with CaptureQueriesContext(connection) as queries:
        get_ok(client, url)
    return [q["sql"] for q in queries.captured_queries if not _transaction_control(q["sql"])]


def _transaction_control(sql: str) -> bool:
    """BEGIN, COMMIT…, and the read entries' own ``SET LOCAL synchronous_commit`` when it is a
    statement of its own (uptdppa.audit.log_access); the list's insert carries it in front."""
    return sql.upper().startswith(TRANSACTION_CONTROL) or sql.strip() == ASYNC_COMMIT


# --- Case list and case detail -------------------------------------------------------------------


def _is_list_query(sql: str) -> bool:
    """The worklist's own statements: the filter form's kecamatan choices, the count, the page,
    the audit-trail insert of the rows shown and the notification bell's count. Loading and saving
    the session and loading the user run in the bare view's request as well, so they are left out."""
    return '"django_session"' not in sql and not sql.lstrip().upper().startswith('SELECT "ACCOUNTS_USER"')


def pages(iterations: int) -> dict[str, Any]:
    from cases.models import Region

    kecamatan = Region.objects.filter(level="kecamatan").order_by("code")[3]
    list_url = f"{reverse('cases:list')}?status=open&kecamatan={kecamatan.code}&received_from=2023-01-01"
    head = client_for("kepala1")
    manager = client_for("manajer1")
    queries = captured(head, list_url)
    bench_views.BARE_SQL[:] = [sql for sql in queries if _is_list_query(sql)]
    rows = get_ok(head, list_url).content.count(b'class="worklist-row') or None
    bare_url = reverse("bench-bare-list")
    times = interleaved_ms({"list": lambda: get_ok(head, list_url), "bare": lambda: get_ok(head, bare_url)}, iterations)
    manager_url = f"{reverse('cases:list')}?status=open"
    manager_queries = captured(manager, manager_url)

    heavy = seeding.heavy_case()
    from cases.models import Case

    typical = Case.objects.filter(status="open", team__user__username="manajer1").order_by("-received_at").first()
    detail_heavy = captured(head, reverse("cases:detail", args=[heavy]))
    detail_typical = captured(head, reverse("cases:detail", args=[typical.code]))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM cases_caseevent e JOIN cases_case c ON c.id = e.case_id WHERE c.code = %s),"
            " (SELECT count(*) FROM referrals_referral r JOIN cases_case c ON c.id = r.case_id WHERE c.code = %s)",
            [heavy, heavy],
        )
        heavy_events, heavy_referrals = cursor.fetchone()
    detail_ms = median_ms(lambda: get_ok(head, reverse("cases:detail", args=[heavy])), max(10, iterations // 3))
    return {
        "list_url": list_url,
        "list_queries": len(queries),
        "list_queries_sql": queries,
        "list_rows_marker": rows,
        "list_manager_queries": len(manager_queries),
        "list_ms": times["list"],
        "bare_ms": times["bare"],
        "bare_sql_count": len(bench_views.BARE_SQL),
        "detail_heavy_queries": len(detail_heavy),
        "detail_heavy_events": heavy_events,
        "detail_heavy_referrals": heavy_referrals,
        "detail_typical_queries": len(detail_typical),
        "detail_heavy_ms": detail_ms,
        "iterations": iterations,
    }


# --- Dashboard and snapshots ----------------------------------------------------------------------


def last_full_year() -> int:
    from django.utils import timezone

    return timezone.localdate().year - 1


def raw_sql_of(period: Any) -> list[str]:
    """The raw GROUP BY set of ``period``: the SQL ``compute_figures`` sends, captured once."""
    from reports.statistics import compute_figures

    with CaptureQueriesContext(connection) as queries:
        compute_figures(period)
    return [q["sql"] for q in queries.captured_queries]


def raw_run(raw_sql: list[str]) -> None:
    """The raw GROUP BY set replayed through a cursor (fetchall), without the ORM or any Python around it."""
    with connection.cursor() as cursor:
        for sql in raw_sql:
            cursor.execute(sql)
            cursor.fetchall()


# What every output shows while it serves a stale snapshot ("angka sedang diperbarui").
STALE_MARK = b'id="figures-source" role="status"'


def running_dashboard(iterations: int, raw_of: Callable[[Any], list[str]]) -> dict[str, Any]:
    """The default dashboard (no query string: the running period) as a user opens it, as
    leadership (``pimpinan1``: the whole running year, suppressed) and as the head (``kepala1``:
    this year to date, exact), each against the raw GROUP BY of its own period:

    - warm: the steady state, its snapshot fresh;
    - after a write: a real write through a service (``person_update`` of a victim of an open
      case registered this year, which marks the running year stale), then the first open. The
      benchmark's Celery is not eager (REDIS_URL is set) and no worker runs, so every open meets
      the stale snapshot before its refresh, as a user does in the refresh delay: served as it
      is, labelled, never computed while the user waits;
    - after the refresh: the debounced task's work (``snapshots_refresh_stale``, not timed), then
      the first open of the new figures."""
    from django.http import QueryDict
    from django.utils import timezone

    from cases.models import Person, PersonRole
    from cases.services import person_update
    from cases.vocabularies import ViolenceForm
    from reports.forms import PeriodForm
    from reports.selectors import snapshot_of
    from reports.services import snapshot_ensure, snapshots_refresh_due, snapshots_refresh_stale

    users = {"pimpinan": User.objects.get(username="pimpinan1"), "kepala": User.objects.get(username="kepala1")}
    clients = {role: client_for(user.username) for role, user in users.items()}
    periods = {}
    for role, user in users.items():
        form = PeriodForm(QueryDict(), user=user)
        if not form.is_valid():
            raise RuntimeError(f"the default period of {role} is not valid: {form.errors}")
        periods[role] = form.period()
    # As the periodic job leaves them (the head's year to date) and a first open made them once
    # (leadership's whole running year).
    snapshots_refresh_due()
    for period in periods.values():
        snapshot_ensure(period=period)
    url = reverse("reports:dashboard")
    out: dict[str, Any] = {}
    runs = 3
    for role, period in periods.items():
        sql = raw_of(period)
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            raw_run(sql)
            samples.append(time.perf_counter() - started)
        out[f"running_{role}_period"] = f"{period.start}..{period.end}"
        out[f"running_{role}_raw_ms"] = statistics.median(samples) * 1000
        out[f"running_{role}_queries"] = len(captured(clients[role], url))
    warm = interleaved_ms({role: lambda c=client: get_ok(c, url) for role, client in clients.items()}, iterations)
    for role in clients:
        out[f"running_{role}_warm_ms"] = warm[role]

    head = users["kepala"]
    year_start = periods["kepala"].start
    victim = (
        Person.objects.filter(role=PersonRole.VICTIM, case__status="open", case__registered_at__date__gte=year_start)
        .select_related("case")
        .order_by("-case__registered_at")
        .first()
    )
    if victim is None:
        raise RuntimeError("no victim of an open case registered this year to change")
    forms = [[ViolenceForm.PSIKIS], [ViolenceForm.PSIKIS, ViolenceForm.FISIK]]
    writes = 0

    def write() -> None:
        nonlocal writes
        writes += 1
        person_update(actor=head, person=victim, violence_forms=forms[writes % 2])

    samples_after_write: dict[str, list[float]] = {role: [] for role in clients}
    stale_shown = {role: 0 for role in clients}
    for _ in range(iterations):
        for role, client in clients.items():
            write()
            started = time.perf_counter()
            response = get_ok(client, url)
            samples_after_write[role].append(time.perf_counter() - started)
            stale_shown[role] += STALE_MARK in response.content
    for role in clients:
        out[f"running_{role}_after_write_ms"] = statistics.median(samples_after_write[role]) * 1000
        out[f"running_{role}_after_write_stale_shown"] = stale_shown[role]
        snapshot = snapshot_of(period=periods[role])
        out[f"running_{role}_stale_at_end"] = bool(snapshot is not None and snapshot.is_stale)

    started = time.perf_counter()
    out["running_refreshed"] = snapshots_refresh_stale(today=timezone.localdate())
    out["running_refresh_ms"] = (time.perf_counter() - started) * 1000
    for role, client in clients.items():
        started = time.perf_counter()
        response = get_ok(client, url)
        out[f"running_{role}_after_refresh_ms"] = (time.perf_counter() - started) * 1000
        if STALE_MARK in response.content:
            raise RuntimeError(f"the default dashboard of {role} is still stale after the refresh")
    out["running_writes"] = writes
    out["running_victim_case"] = str(victim.case.code)
    return out


def dashboard(iterations: int) -> dict[str, Any]:
    from django.utils import timezone

    from reports.models import Snapshot, SnapshotKind
    from reports.services import snapshot_generate
    from reports.statistics import Period

    year = last_full_year()
    period = Period(date(year, 1, 1), date(year, 12, 31))
    # The raw GROUP BY set: the SQL compute_figures sends, replayed through a cursor (fetchall),
    # without the ORM or any Python around it.
    raw_sql = raw_sql_of(period)

    def raw() -> None:
        raw_run(raw_sql)

    # Seconds each at 1,000,000 cases: the capture above warmed the caches; three runs each.
    runs = 3
    regen = interleaved_ms(
        {"raw": raw, "snapshot": lambda: snapshot_generate(kind=SnapshotKind.YEAR, period=period)}, runs, warmup=0
    )
    pimpinan = client_for("pimpinan1")
    url = f"{reverse('reports:dashboard')}?preset=custom&date_from={period.start}&date_to={period.end}"
    page_queries = captured(pimpinan, url)
    dash_ms = median_ms(lambda: get_ok(pimpinan, url), iterations)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_case")
        n_cases = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM cases_case WHERE registered_at >= %s AND registered_at < %s", period.bounds()
        )
        n_year = cursor.fetchone()[0]
    snapshot = Snapshot.objects.get(kind=SnapshotKind.YEAR, period_start=period.start, period_end=period.end)
    return {
        "cases": n_cases,
        "year": year,
        "year_cases": n_year,
        "raw_sql_count": len(raw_sql),
        "raw_sql": raw_sql,
        "raw_ms": regen["raw"],
        "snapshot_ms": regen["snapshot"],
        "regen_runs": runs,
        "dashboard_ms": dash_ms,
        "dashboard_queries": len(page_queries),
        **running_dashboard(iterations, raw_of=raw_sql_of),
        "snapshot_cases": snapshot.figures["totals"]["cases"],
        "generated_at": timezone.now().isoformat(),
        "iterations": iterations,
    }


# --- PDF ---------------------------------------------------------------------------------------


def pdf(iterations: int) -> dict[str, Any]:
    from django.utils import timezone
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    from reports.models import ReportFile, ReportFileKind
    from reports.pdf import report_html
    from reports.selectors import figures_for, figures_shown_to
    from reports.services import report_file_generate, snapshot_ensure
    from reports.statistics import Period

    year = last_full_year()
    period = Period(date(year, 1, 1), date(year, 12, 31))
    user = User.objects.get(username="kepala1")
    snapshot_ensure(period=period)  # makes the snapshot once if the dashboard phase did not
    figures, _snapshot = figures_for(period=period)
    source = report_html(figures_shown_to(user, figures), generated_at=timezone.now(), suppressed=False)

    def weasyprint_alone() -> None:
        HTML(string=source, url_fetcher=URLFetcher(allowed_protocols=("data",))).write_pdf()

    def app_path() -> None:
        report_file = ReportFile.objects.create(
            kind=ReportFileKind.PDF,
            period_start=period.start,
            period_end=period.end,
            requested_by=user,
            requested_at=timezone.now(),
        )
        if not report_file_generate(report_file_id=report_file.pk):
            raise RuntimeError("the report file was not made")
        report_file.refresh_from_db()
        report_file.file.delete(save=False)  # the benchmark leaves no files behind

    runs = max(3, iterations // 10)
    times = interleaved_ms({"weasyprint": weasyprint_alone, "app": app_path}, runs, warmup=1)
    return {"weasyprint_ms": times["weasyprint"], "app_ms": times["app"], "runs": runs, "html_bytes": len(source)}


# --- The audit trail at scale --------------------------------------------------------------------


def _vacuum_audit_if_autovacuum_is_off() -> bool:
    """Vacuum the audit table when the server runs without autovacuum (as a test machine may), so
    that the history is read as production reads it. Every run writes entries into this month's
    partition (the pages, the load test): about 500,000 over two whole runs. Autovacuum, which is on
    in production, vacuums a partition after 20% new rows; without it, those entries are read from
    the table rather than the index alone, and the history took 33 ms instead of 21 (the oldest
    case 52 instead of 33). Returns whether it vacuumed (``audit_vacuumed`` in results.json)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        if cursor.fetchone()[0] == "on":
            return False
        cursor.execute("VACUUM (ANALYZE) auditlog_logentry")
    return True


def audit(iterations: int) -> dict[str, Any]:
    """A case's access history (page and API) at the seeded scale, and the share of the case
    list's time spent writing its audit entries (log_access_many, timed inside the same requests)."""
    from django.utils import timezone

    import cases.views.worklist as worklist_views
    from cases.models import Case
    from cases.selectors.access_history import HISTORY_PAGE_SQL, case_access_history

    vacuumed = _vacuum_audit_if_autovacuum_is_off()
    head = client_for("kepala1")
    # A case worked on for a year (its entries span the twelve monthly partitions since it was
    # received) and the oldest case (every partition since the first month is read).
    year_ago = timezone.now() - timedelta(days=365)
    case = (
        Case.objects.filter(status="open", team__user__username="manajer1", received_at__lte=year_ago)
        .order_by("-received_at")
        .first()
    )
    old = Case.objects.order_by("received_at").first()
    page_url = reverse("cases:access-history", args=[case.code])
    api_url = f"/api/v1/cases/{case.code}/access-history/"
    old_url = reverse("cases:access-history", args=[old.code])
    history_queries = captured(head, page_url)
    with connection.cursor() as cursor:
        history = case_access_history(case)
        params = [history.cts, history.pks, history.since, 25, 25, 0]
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + HISTORY_PAGE_SQL, params)
        plan = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "SELECT sum(reltuples)::bigint FROM pg_class"
            " WHERE relispartition AND relkind = 'r' AND relname LIKE 'auditlog_logentry_%%'"
        )
        total = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM pg_inherits WHERE inhparent = 'auditlog_logentry'::regclass")
        partitions = cursor.fetchone()[0]
    times = interleaved_ms(
        {
            "page": lambda: get_ok(head, page_url),
            "api": lambda: get_ok(head, api_url),
            "old": lambda: get_ok(head, old_url),
        },
        iterations,
    )

    from cases.models import Region

    kecamatan = Region.objects.filter(level="kecamatan").order_by("code")[3]
    list_url = f"{reverse('cases:list')}?status=open&kecamatan={kecamatan.code}&received_from=2023-01-01"
    real = worklist_views.log_access_many
    spent: list[float] = []

    def timed(objs: Any, **kwargs: Any) -> int:
        objs = list(objs)  # the page's rows (read before, by read_label_names; else here), not timed
        started = time.perf_counter()
        try:
            return real(objs, **kwargs)
        finally:
            spent.append(time.perf_counter() - started)

    worklist_views.log_access_many = timed  # type: ignore[assignment]
    try:
        list_ms = median_ms(lambda: get_ok(head, list_url), iterations)
    finally:
        worklist_views.log_access_many = real  # type: ignore[assignment]
    write_ms = statistics.median(spent[-iterations:]) * 1000
    return {
        "audit_entries": total,
        "audit_partitions": partitions,
        "audit_vacuumed": vacuumed,
        "history_case": str(case.code),
        "history_case_received": case.received_at.isoformat(),
        "history_entries": history.count(),
        "history_old_case": str(old.code),
        "history_old_case_received": old.received_at.isoformat(),
        "history_old_entries": case_access_history(old).count(),
        "history_old_page_ms": times["old"],
        "history_queries": len(history_queries),
        "history_page_ms": times["page"],
        "history_api_ms": times["api"],
        "history_plan": plan,
        "list_url": list_url,
        "list_ms": list_ms,
        "list_audit_write_ms": write_ms,
        "iterations": iterations,
    }


# --- Load-test fixtures --------------------------------------------------------------------------

# Who the 49 working users of the load test are (role prefix of the bench accounts, how many).
LOAD_MIX = (
    ("manajer", 15),
    ("psikolog", 6),
    ("hukum", 6),
    ("pengaduan", 6),
    ("kepala", 4),
    ("pimpinan", 4),
    ("penghubung", 5),
    ("operator", 3),
)
LOGIN_CYCLE = ("kepala1", "manajer2", "pimpinan2", "penghubung2", "psikolog2", "pengaduan2")


def fixtures(iterations: int) -> dict[str, Any]:
    """Sessions of the working users (made here: allauth limits logins per address), the cases
    each may open, and the snapshots of the ended years the dashboard is asked for (made now, as
    the monthly job would have made them)."""
    from cases.access import cases_visible_to
    from cases.models import Region
    from reports.services import snapshot_ensure
    from reports.statistics import Period

    years = [last_full_year() - 1, last_full_year()]
    for year in years:
        snapshot_ensure(period=Period(date(year, 1, 1), date(year, 12, 31)))
    sessions = []
    for prefix, count in LOAD_MIX:
        accounts = list(User.objects.filter(username__startswith=prefix, is_active=True).order_by("username"))
        for n in range(count):
            user = accounts[n % len(accounts)]
            client = client_for(user.username)
            visible = cases_visible_to(user).filter(status__in=["open"]).order_by("-received_at")
            sessions.append(
                {
                    "username": user.username,
                    "role": user.role,
                    "code": str(user.code),
                    "session": client.cookies["sessionid"].value,
                    "cases": [str(code) for code in visible.values_list("code", flat=True)[:30]],
                }
            )
    return {
        "password": seeding.BENCH_PASSWORD,
        "sessions": sessions,
        "logins": list(LOGIN_CYCLE),
        "ended_years": years,
        "kecamatan": list(Region.objects.filter(level="kecamatan").values_list("code", flat=True)),
        "kelurahan": list(Region.objects.filter(level="kelurahan").values_list("code", flat=True)[:20]),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "phase",
        choices=["seed", "scale", "pages", "dashboard", "pdf", "fixtures", "seed-audit", "audit-scale", "audit"],
    )
    parser.add_argument("--cases", type=int, default=0)
    parser.add_argument("--entries", type=int, default=0)
    parser.add_argument("--detail", action="store_true")
    parser.add_argument("--iterations", type=int, default=60)
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.phase == "scale":
        scale = seeding.current_scale()
        print("none" if scale is None else f"{scale[0]} {'detail' if scale[1] else 'plain'}")
        return
    if args.phase == "seed":
        seeding.seed(args.cases, detail=args.detail)
        return
    if args.phase == "audit-scale":
        entries = seeding.audit_scale()
        print("none" if entries is None else entries)
        return
    if args.phase == "seed-audit":
        seeding.seed_audit(args.entries)
        return
    run = {"pages": pages, "dashboard": dashboard, "pdf": pdf, "fixtures": fixtures, "audit": audit}[args.phase]
    data = run(args.iterations)
    Path(args.out).write_text(json.dumps(data, indent=1, default=str))


if __name__ == "__main__":
    main()
