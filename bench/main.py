"""`make bench`: seed (or reuse) the benchmark databases, measure each docs/architecture.md#performance-budgets target,
print a table and write bench/results.json. See bench/README.md for what each figure means.

Environment (all optional):
  BENCH_DATABASE_URL            postgres://postgres@127.0.0.1:5432/uptdppa_bench (case list, detail, load)
  BENCH_DASHBOARD_DATABASE_URL  the same with "_dashboard" appended to the name (dashboard, PDF)
  BENCH_CASES=100000  BENCH_DASHBOARD_CASES=1000000   scale (e.g. 10000 / 100000 for a quick run)
  BENCH_RESEED=1      drop and seed again even when the databases hold the requested scale
  BENCH_ONLY=pages,dashboard,pdf,load,saturation,audit   run only these measurements
  BENCH_AUDIT_ENTRIES=20000000   audit entries added to the 100k database for the "audit" phase
  BENCH_ITERATIONS=60  BENCH_USERS=50  BENCH_LOAD_SECONDS=60  BENCH_WAIT_MIN=1  BENCH_WAIT_MAX=3
  BENCH_REDIS_URL=redis://127.0.0.1:6379/13

Benchmarks report: the exit code is 0 even when a target is missed (FAIL is printed).
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
BIN = ROOT / ".venv" / "bin"
PHASE = str(ROOT / "bench" / "phase.py")
RESULTS = ROOT / "bench" / "results.json"

DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/uptdppa_bench")
_parsed = urlparse(DB_URL)
DASH_URL = os.environ.get(
    "BENCH_DASHBOARD_DATABASE_URL", urlunparse(_parsed._replace(path=_parsed.path.rstrip("/") + "_dashboard"))
)
CASES = int(os.environ.get("BENCH_CASES", "100000"))
DASH_CASES = int(os.environ.get("BENCH_DASHBOARD_CASES", "1000000"))
RESEED = os.environ.get("BENCH_RESEED", "") not in ("", "0", "false")
ONLY = {p for p in os.environ.get("BENCH_ONLY", "pages,dashboard,pdf,load,saturation,audit").split(",") if p}
AUDIT_ENTRIES = int(os.environ.get("BENCH_AUDIT_ENTRIES", "20000000"))
ITERATIONS = int(os.environ.get("BENCH_ITERATIONS", "60"))
USERS = int(os.environ.get("BENCH_USERS", "50"))
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
WAIT_MIN, WAIT_MAX = os.environ.get("BENCH_WAIT_MIN", "1"), os.environ.get("BENCH_WAIT_MAX", "3")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")


def env_for(url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DATABASE_URL=url,
        REDIS_URL=REDIS_URL,
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_ENV="development",
        DJANGO_DEBUG="false",
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return env


def step(text: str) -> None:
    print(f"\n== {text}", flush=True)


# --- Databases -----------------------------------------------------------------------------------


def _admin_connection(url: str) -> Any:
    parts = urlparse(url)
    conn = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres", password=parts.password,
        dbname="postgres",
    )  # fmt: skip
    conn.autocommit = True
    return conn


def ensure_database(url: str, n_cases: int, detail: bool) -> dict[str, Any]:
    """Reuse the database when it holds the requested scale; else (re)create, migrate, seed."""
    name = urlparse(url).path.lstrip("/")
    conn = _admin_connection(url)
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
    wanted = f"{n_cases} {'detail' if detail else 'plain'}"
    if exists and not RESEED:
        scale = subprocess.run(
            [PY, PHASE, "scale"], env=env_for(url), capture_output=True, text=True, check=True
        ).stdout.strip()
        if scale == wanted:
            print(f"{name}: reused ({scale}); applying any new migrations")
            conn.close()
            subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env_for(url), check=True)
            return {"database": name, "cases": n_cases, "seeded": False, "seconds": 0.0}
        print(f"{name}: holds {scale!r}, {wanted!r} wanted: seeding again")
    started = time.perf_counter()
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env_for(url), check=True)
    command = [PY, PHASE, "seed", "--cases", str(n_cases)] + (["--detail"] if detail else [])
    subprocess.run(command, env=env_for(url), check=True)
    seconds = time.perf_counter() - started
    print(f"{name}: seeded {n_cases} cases in {seconds:.0f} s")
    return {"database": name, "cases": n_cases, "seeded": True, "seconds": round(seconds, 1)}


def ensure_audit_entries(url: str, entries: int) -> dict[str, Any]:
    """Seed the audit trail of the 100k database once (bench_audit_seed records it); a rerun
    reuses it, another number of entries is added only to a database reseeded since."""
    seeded = subprocess.run(
        [PY, PHASE, "audit-scale"], env=env_for(url), capture_output=True, text=True, check=True
    ).stdout.strip()
    if seeded != "none":
        print(f"audit trail: reused ({seeded} entries seeded)")
        return {"entries": int(seeded), "seeded": False, "seconds": 0.0}
    started = time.perf_counter()
    subprocess.run([PY, PHASE, "seed-audit", "--entries", str(entries)], env=env_for(url), check=True)
    seconds = time.perf_counter() - started
    print(f"audit trail: seeded {entries} entries in {seconds:.0f} s")
    return {"entries": entries, "seeded": True, "seconds": round(seconds, 1)}


def phase(name: str, url: str, iterations: int = ITERATIONS) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        path = out.name
    try:
        subprocess.run([PY, PHASE, name, "--iterations", str(iterations), "--out", path], env=env_for(url), check=True)
        data = json.loads(Path(path).read_text())
    finally:
        Path(path).unlink(missing_ok=True)
    figures = {k: round(v, 1) if isinstance(v, float) else v for k, v in data.items() if isinstance(v, int | float)}
    print("  " + ", ".join(f"{k}={v}" for k, v in figures.items()), flush=True)
    return data


# --- Load test -----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer {url}")


def _locust(host: str, target: str, fixtures: str, workdir: str, *, think: bool = True) -> dict[str, Any]:
    """One locust run of ``target`` ("mixed" or "trivial") by the same 50 users, with the think
    time (an offered load) or without it (closed loop: each user sends its next request as soon as
    the answer came, the saturation point of the server)."""
    prefix = str(Path(workdir) / f"{target}{'' if think else '-saturation'}")
    wait_min, wait_max = (WAIT_MIN, WAIT_MAX) if think else ("0", "0")
    env = env_for(
        DB_URL, BENCH_FIXTURES=fixtures, BENCH_TARGET=target, BENCH_WAIT_MIN=wait_min, BENCH_WAIT_MAX=wait_max
    )
    command = [
        str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--host", host,
        "-u", str(USERS), "-r", "10", "-t", f"{LOAD_SECONDS}s", "--csv", prefix, "--only-summary",
        "--loglevel", "WARNING",
    ]  # fmt: skip
    subprocess.run(command, env=env, check=True, cwd=workdir)
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    per_name = {
        f"{row['Type']} {row['Name']}": {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "median_ms": float(row["Median Response Time"] or 0),
            "avg_ms": float(row["Average Response Time"] or 0),
            "p95": row["95%"],
            # Its share of the time the users waited for answers: what the request costs the run.
            "time_share": round(
                int(row["Request Count"])
                * float(row["Average Response Time"] or 0)
                / max(1.0, int(total["Request Count"]) * float(total["Average Response Time"] or 0)),
                3,
            ),
        }
        for row in rows
        if row["Name"] != "Aggregated"
    }
    failures_file = Path(f"{prefix}_failures.csv")
    failures = list(csv.DictReader(failures_file.open())) if failures_file.exists() else []
    return {
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "p95_ms": float(total["95%"]),
        "median_ms": float(total["50%"]),
        "rps": float(total["Requests/s"]),
        "by_name": per_name,
        "failure_samples": failures[:10],
    }


def _costliest(run: dict[str, Any], n: int = 8) -> None:
    """Print the requests that took most of the users' waiting time in ``run`` (locust's stats per name)."""
    ranked = sorted(run["by_name"].items(), key=lambda item: -item[1]["time_share"])[:n]
    for name, stats in ranked:
        print(
            f"  {name:<34} {stats['requests']:>6} req  avg {stats['avg_ms']:>7.1f} ms  "
            f"{100 * stats['time_share']:>5.1f}% of the time",
            flush=True,
        )


def load_test(*, think: bool, saturation: bool) -> dict[str, Any]:
    workdir = tempfile.mkdtemp(prefix="uptdppa-bench-")
    static_root = str(Path(workdir) / "static")
    extra = {"STATIC_ROOT": static_root, "DB_CONN_MAX_AGE": "60"}
    subprocess.run(
        [PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env_for(DB_URL, **extra), check=True
    )
    fixtures = phase("fixtures", DB_URL)
    fixtures_path = str(Path(workdir) / "fixtures.json")
    Path(fixtures_path).write_text(json.dumps(fixtures))
    port = _free_port()
    host = f"http://127.0.0.1:{port}"
    gunicorn = subprocess.Popen(
        [
            str(BIN / "gunicorn"), "uptdppa.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--worker-class", "gthread", "--workers", "3", "--threads", "4", "--timeout", "60",
            "--max-requests", "1000", "--max-requests-jitter", "100", "--log-level", "warning",
        ],
        cwd=ROOT, env=env_for(DB_URL, **extra), start_new_session=True,
        stdout=open(Path(workdir) / "gunicorn.log", "w"), stderr=subprocess.STDOUT,  # noqa: SIM115
    )  # fmt: skip
    result: dict[str, Any] = {}
    try:
        _wait_until_up(f"{host}/bench/trivial/")
        if think:
            print(f"mixed workload: {USERS} users, think time {WAIT_MIN}-{WAIT_MAX} s, {LOAD_SECONDS} s", flush=True)
            result["mixed"] = _locust(host, "mixed", fixtures_path, workdir)
            print(f"trivial JSON view: {USERS} users, same think time, {LOAD_SECONDS} s", flush=True)
            result["trivial"] = _locust(host, "trivial", fixtures_path, workdir)
        if saturation:
            print(f"saturation, mixed workload: {USERS} users, no think time, {LOAD_SECONDS} s", flush=True)
            result["saturation_mixed"] = _locust(host, "mixed", fixtures_path, workdir, think=False)
            print(f"saturation, trivial JSON view: {USERS} users, no think time, {LOAD_SECONDS} s", flush=True)
            result["saturation_trivial"] = _locust(host, "trivial", fixtures_path, workdir, think=False)
            print("saturation, mixed workload: the costliest requests", flush=True)
            _costliest(result["saturation_mixed"])
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(timeout=30)
    log_tail = (Path(workdir) / "gunicorn.log").read_text()[-3000:]
    shutil.rmtree(workdir, ignore_errors=True)
    return {**result, "gunicorn_log_tail": log_tail}


# --- Report --------------------------------------------------------------------------------------


def row(target: str, measured: float, floor: float | None, limit: float, unit: str, *, ratio: bool) -> dict:
    value = measured / floor if ratio and floor else measured
    passed = value >= limit if unit == "≥" else value <= limit
    return {
        "target": target,
        "measured": round(measured, 2),
        "floor": None if floor is None else round(floor, 2),
        "ratio": round(value, 3) if ratio else None,
        "limit": f"{unit} {limit}",
        "pass": passed,
    }


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    if p := results.get("pages"):
        rows.append(row("case list: queries", p["list_queries"], None, 8, "≤", ratio=False))
        rows.append(row("case list: median ms vs bare view", p["list_ms"], p["bare_ms"], 1.5, "≤", ratio=True))
        rows.append(row("case detail: queries (heavy case)", p["detail_heavy_queries"], None, 12, "≤", ratio=False))
    if d := results.get("dashboard"):
        rows.append(row("dashboard: median ms vs raw GROUP BY", d["dashboard_ms"], d["raw_ms"], 0.1, "≤", ratio=True))
        rows.append(row("snapshot of a year: ms vs raw GROUP BY", d["snapshot_ms"], d["raw_ms"], 2, "≤", ratio=True))
        for role in ("pimpinan", "kepala"):
            raw = d[f"running_{role}_raw_ms"]
            for state, label in (
                ("warm", "warm"),
                ("after_write", "after a write"),
                ("after_refresh", "after refresh"),
            ):
                measured = d[f"running_{role}_{state}_ms"]
                rows.append(row(f"default dashboard ({role}): {label}", measured, raw, 0.1, "≤", ratio=True))
        opens = 2 * d["iterations"]
        unlabelled = opens - d["running_pimpinan_after_write_stale_shown"] - d["running_kepala_after_write_stale_shown"]
        rows.append(row("default dashboard after a write: unlabelled", unlabelled, None, 0, "≤", ratio=False))
    if f := results.get("pdf"):
        rows.append(row("PDF report: ms vs WeasyPrint alone", f["app_ms"], f["weasyprint_ms"], 1.3, "≤", ratio=True))
    load = results.get("load", {})
    if "mixed" in load:
        mixed, trivial = load["mixed"], load["trivial"]
        rows.append(row("load: errors", mixed["failures"], None, 0, "≤", ratio=False))
        rows.append(row("load: p95 ms", mixed["p95_ms"], None, 300, "≤", ratio=False))
        rows.append(row("load: req/s vs trivial view", mixed["rps"], trivial["rps"], 0.5, "≥", ratio=True))
    if "saturation_mixed" in load:
        mixed, trivial = load["saturation_mixed"], load["saturation_trivial"]
        rows.append(row("saturation: errors", mixed["failures"], None, 0, "≤", ratio=False))
        rows.append(row("saturation: mixed req/s vs trivial", mixed["rps"], trivial["rps"], 0.5, "≥", ratio=True))
    if a := results.get("audit"):
        rows.append(row("access history page: median ms", a["history_page_ms"], None, 50, "≤", ratio=False))
        rows.append(row("access history API: median ms", a["history_api_ms"], None, 50, "≤", ratio=False))
        rows.append(row("access history, oldest case: median ms", a["history_old_page_ms"], None, 50, "≤", ratio=False))
        rows.append(
            row("audit write: share of case list page", a["list_audit_write_ms"], a["list_ms"], 0.1, "≤", ratio=True)
        )
    return rows


def print_table(rows: list[dict[str, Any]]) -> None:
    header = f"{'target':<46}{'measured':>11}{'floor':>11}{'ratio':>8}{'limit':>9}  result"
    print("\n" + header + "\n" + "-" * len(header))
    for r in rows:
        floor = "" if r["floor"] is None else f"{r['floor']:.1f}"
        ratio = "" if r["ratio"] is None else f"{r['ratio']:.3f}"
        verdict = "pass" if r["pass"] else "FAIL  <<<"
        print(f"{r['target']:<46}{r['measured']:>11.1f}{floor:>11}{ratio:>8}{r['limit']:>9}  {verdict}")
    failed = [r["target"] for r in rows if not r["pass"]]
    print(f"\n{len(rows) - len(failed)}/{len(rows)} targets met" + (f"; FAIL: {', '.join(failed)}" if failed else ""))


def main() -> int:
    started = time.perf_counter()
    results: dict[str, Any] = {"scale": {}, "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    step(f"databases ({CASES} cases; dashboard {DASH_CASES} cases)")
    if ONLY & {"pages", "load", "saturation", "audit"}:
        results["scale"]["cases"] = ensure_database(DB_URL, CASES, detail=True)
    if "audit" in ONLY:
        results["scale"]["audit"] = ensure_audit_entries(DB_URL, AUDIT_ENTRIES)
    if ONLY & {"dashboard", "pdf"}:
        results["scale"]["dashboard"] = ensure_database(DASH_URL, DASH_CASES, detail=False)
    if "pages" in ONLY:
        step("case list and case detail")
        results["pages"] = phase("pages", DB_URL)
    if "dashboard" in ONLY:
        step("dashboard and snapshot regeneration")
        results["dashboard"] = phase("dashboard", DASH_URL)
    if "pdf" in ONLY:
        step("PDF statistics report")
        results["pdf"] = phase("pdf", DASH_URL, iterations=ITERATIONS)
    if ONLY & {"load", "saturation"}:
        step("mixed load under gunicorn: with think time, then saturation (closed loop)")
        results["load"] = load_test(think="load" in ONLY, saturation="saturation" in ONLY)
    if "audit" in ONLY:
        step("the audit trail: access history and the case list's audit write")
        results["audit"] = phase("audit", DB_URL)
    results["targets"] = targets(results)
    results["seconds"] = round(time.perf_counter() - started, 1)
    RESULTS.write_text(json.dumps(results, indent=1, default=str))
    print_table(results["targets"])
    print(f"figures: {RESULTS.relative_to(ROOT)}; total {results['seconds']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
