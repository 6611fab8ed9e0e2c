"""PostgreSQL restarted (``pg_ctl restart -m fast``) while the app serves a stream of writes and reads.

A private cluster and a gunicorn of the app on it (as the Dockerfile runs it, with persistent
connections as in production: DB_CONN_MAX_AGE=60). Threads submit public complaints through the
JSON endpoint and look up the status of acknowledged ones while the test restarts PostgreSQL.
Requests caught by the restart may fail with a clean 5xx; once the server is back the app must
answer again by itself, and every complaint that was acknowledged (201 with its tracking code)
must be in the database.
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg2
import pytest

from .conftest import ROOT, VENV_BIN, PrivateCluster, end_process, free_port, require, wait_for

pytestmark = pytest.mark.xdist_group("faults")

RECOVERY_SECONDS = 10  # the app answers again within this long after PostgreSQL is back
WRITERS, READERS = 2, 1


@dataclass
class Attempt:
    kind: str  # "write" or "read"
    started: float
    ended: float
    status: int | None  # None: no HTTP answer at all (connection refused, reset, timeout)
    body: dict[str, Any]

    @property
    def ok(self) -> bool:
        return self.status == (201 if self.kind == "write" else 200)


class AppServer:
    def __init__(self, port: int, log: Path, process: subprocess.Popen[bytes]) -> None:
        self.port, self.log, self.process = port, log, process

    def request(self, method: str, path: str, body: dict[str, Any] | None, address: str) -> tuple[int, dict[str, Any]]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            headers = {"Content-Type": "application/json", "Accept": "application/json", "X-Forwarded-For": address}
            conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
            response = conn.getresponse()
            content = response.read()
            try:
                data = json.loads(content) if content else {}
            except ValueError:
                data = {}
            return response.status, data if isinstance(data, dict) else {}
        finally:
            conn.close()


@pytest.fixture
def app_server(private_cluster: PrivateCluster, tmp_path: Path) -> Iterator[AppServer]:
    gunicorn = require(VENV_BIN / "gunicorn", ".venv/bin/gunicorn", "make install")
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "EMAIL_URL"}}
    env.update(
        DJANGO_ENV="test",
        DATABASE_URL=private_cluster.url(),
        DB_CONN_MAX_AGE="60",  # persistent connections, as in production
        PROXY_COUNT="1",  # the client address is the X-Forwarded-For entry: one per complaint (the limit)
        MEDIA_ROOT=str(tmp_path / "media"),
        EMAIL_URL="dummymail://",
    )
    # The schema is made while gunicorn starts (it touches no table before the first request).
    migrate = subprocess.Popen(  # noqa: S603
        [str(VENV_BIN / "python"), "manage.py", "migrate", "--noinput", "--skip-checks", "-v0"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    port = free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("ab") as output:
        process = subprocess.Popen(  # noqa: S603
            [
                gunicorn,
                "uptdppa.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--threads",
                "2",
                "--timeout",
                "30",
                "--graceful-timeout",
                "2",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = AppServer(port, log, process)
    try:
        try:
            output_of_migrate = migrate.communicate(timeout=180)[0]
        finally:
            end_process(migrate)
        assert migrate.returncode == 0, output_of_migrate.decode(errors="replace")

        def healthy() -> bool:
            if process.poll() is not None:
                pytest.fail(f"gunicorn exited:\n{log.read_text(errors='replace')}")
            try:
                return server.request("GET", "/health/", None, "192.0.2.1")[0] == 200
            except OSError:
                return False

        wait_for(healthy, timeout=60, what="the app server", interval=0.2)
        yield server
    finally:
        end_process(process, grace=5)


def complaint(number: int) -> dict[str, Any]:
    return {
        "chronology": f"Pengaduan uji ke-{number} saat basis data dimulai ulang.",
        "reporter_anonymous": True,
        "acknowledgement": True,
    }


class Traffic:
    """Threads that submit complaints and look up acknowledged ones until stopped; they can be
    paused (every request finished) to leave the app's connections idle."""

    def __init__(self, server: AppServer) -> None:
        self.server = server
        self.attempts: list[Attempt] = []
        self.acknowledged: list[tuple[str, str]] = []  # (tracking code, PIN) of the 201 answers
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.running = threading.Event()
        self.busy = 0
        self.counter = iter(range(1, 1_000_000))
        self.threads = [threading.Thread(target=self.loop, args=(self.write, n)) for n in range(WRITERS)]
        self.threads += [threading.Thread(target=self.loop, args=(self.read, n)) for n in range(READERS)]

    def loop(self, action: Any, thread: int) -> None:
        while not self.stopped.is_set():
            if not self.running.wait(timeout=0.05):
                continue
            with self.lock:
                self.busy += 1
            try:
                action(thread)
            finally:
                with self.lock:
                    self.busy -= 1

    def record(self, kind: str, path: str, body: dict[str, Any], address: str) -> Attempt:
        started = time.monotonic()
        try:
            status, data = self.server.request("POST", path, body, address)
        except OSError as error:
            status, data = None, {"error": repr(error)}
        attempt = Attempt(kind, started, time.monotonic(), status, data)
        with self.lock:
            self.attempts.append(attempt)
        return attempt

    def address(self, thread: int) -> str:
        number = next(self.counter)
        return f"10.{thread}.{number // 250}.{number % 250 + 1}"  # one each: the per-address limits

    def write(self, thread: int) -> None:
        number = next(self.counter)
        attempt = self.record("write", "/api/v1/public/complaints/", complaint(number), self.address(thread))
        if attempt.ok:
            with self.lock:
                self.acknowledged.append((attempt.body["tracking_code"], attempt.body["pin"]))

    def read(self, thread: int) -> None:
        with self.lock:
            known = self.acknowledged[-1] if self.acknowledged else None
        if known is None:
            time.sleep(0.05)
            return
        body = {"tracking_code": known[0], "pin": known[1]}
        self.record("read", "/api/v1/public/complaints/status/", body, self.address(100 + thread))

    def successes(self, kind: str, since: float) -> int:
        with self.lock:
            return sum(1 for a in self.attempts if a.kind == kind and a.ok and a.started >= since)

    def flowing(self, since: float) -> bool:
        return self.successes("write", since) >= 6 and self.successes("read", since) >= 3

    def start(self) -> None:
        self.running.set()
        for thread in self.threads:
            thread.start()

    def pause(self) -> None:
        self.running.clear()
        wait_for(lambda: self.busy == 0, timeout=30, what="the requests in flight")

    def stop(self) -> None:
        self.stopped.set()
        self.running.set()
        for thread in self.threads:
            thread.join(timeout=30)


def test_the_app_answers_again_after_a_postgres_restart_and_loses_no_acknowledged_complaint(
    private_cluster, app_server
):
    traffic = Traffic(app_server)
    traffic.start()
    try:
        wait_for(lambda: traffic.flowing(since=0), timeout=30, what="traffic before the restart")
        # 1. Under traffic.
        restart_began = time.monotonic()
        private_cluster.restart()  # returns once the server accepts connections again
        back = time.monotonic()
        wait_for(lambda: traffic.flowing(since=back), timeout=RECOVERY_SECONDS + 20, what="traffic after")
        # 2. While the app is idle: its persistent connections are all stale when traffic resumes.
        traffic.pause()
        quiet_restart = time.monotonic()
        private_cluster.restart()
        back_again = time.monotonic()
        traffic.running.set()
        wait_for(lambda: traffic.flowing(since=back_again), timeout=RECOVERY_SECONDS + 20, what="traffic after")
    finally:
        traffic.stop()

    attempts = traffic.attempts
    after = [a for a in attempts if back <= a.started < quiet_restart or a.started >= back_again]
    first_answers = {kind: min(a.ended for a in after if a.kind == kind and a.ok) - back for kind in ("write", "read")}
    assert max(first_answers.values()) < RECOVERY_SECONDS, first_answers
    # Without manual action: every request sent once the server was back was answered right
    # (stale persistent connections are checked before use, not failed on).
    assert [(a.kind, a.status, a.body) for a in after if not a.ok] == []
    # Requests caught by the restart under traffic failed cleanly: an HTTP 5xx, never a dropped
    # connection; none failed before the restart or during the quiet one.
    failed = [a for a in attempts if not a.ok]
    assert all(a.status is not None and 500 <= a.status < 600 for a in failed), [(a.status, a.body) for a in failed]
    assert all(restart_began <= a.ended and a.started < back for a in failed)

    # No acknowledged complaint is lost.
    db = psycopg2.connect(host="127.0.0.1", port=private_cluster.port, user="postgres", dbname="app")
    try:
        with db.cursor() as cursor:
            cursor.execute("SELECT tracking_code FROM cases_case WHERE tracking_code IS NOT NULL")
            stored = {row[0] for row in cursor.fetchall()}
    finally:
        db.close()
    codes = {code for code, _pin in traffic.acknowledged}
    assert len(codes) == len(traffic.acknowledged) >= 18
    assert codes <= stored, f"{len(codes - stored)} acknowledged complaints are missing"
    assert app_server.process.poll() is None  # the same app server throughout
