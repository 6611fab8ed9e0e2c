"""Fault tests: a private Redis, Celery workers and a PostgreSQL cluster that the tests start, break
and restore themselves.

The shared PostgreSQL (5432) and Redis (6379) that the rest of the suite uses are never stopped:
every process stopped or killed here was started here, and is stopped by its own pid. Each helper
cleans up after itself (fixture teardown) even when a test fails half-way.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import quote

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = ROOT / ".venv" / "bin"
WORKER_APP = "tests.faults.worker_app"  # the app's Celery app, with redelivery settings from the environment


def unavailable(reason: str) -> NoReturn:
    """Skip locally, fail in CI (CI must exercise every fault)."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def require(path: str | Path | None, what: str, hint: str) -> str:
    if not path or not Path(path).exists():
        unavailable(f"{what} is missing ({hint}); the fault tests start their own")
    return str(path)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(check: Callable[[], Any], *, timeout: float, what: str, interval: float = 0.05) -> Any:
    """Poll ``check`` until it returns something true; fail with ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


def end_process(process: subprocess.Popen[Any] | None, *, grace: float = 10) -> None:
    """Terminate a process this module started (by its pid), then kill it if it lingers."""
    if process is None or process.poll() is not None:
        return
    with suppress(ProcessLookupError):
        process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            process.kill()
        process.wait(timeout=10)


# --- Redis --------------------------------------------------------------------------------------


class PrivateRedis:
    """A redis-server of this test only, on a free port, without persistence."""

    def __init__(self, directory: Path) -> None:
        self.binary = require(shutil.which("redis-server"), "redis-server", "apt-get install redis-server")
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def command(self, command: bytes) -> bytes:
        """One inline command over a plain socket (redis-py retries refused connections for seconds)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as sock:
            sock.sendall(command + b"\r\n")
            return sock.recv(64)

    def answers(self) -> bool:
        try:
            return self.command(b"PING").startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
                "--logfile",
                str(self.directory / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_for(self.answers, timeout=10, what=f"redis-server on port {self.port}")

    def stop(self) -> None:
        """SHUTDOWN NOSAVE, as an administrator would stop it; the port is refused afterwards."""
        if self.process is None or self.process.poll() is not None:
            return
        with suppress(OSError):
            self.command(b"SHUTDOWN NOSAVE")
        end_process(self.process)
        assert not self.answers()


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    directory = tmp_path / "redis"
    directory.mkdir()
    server = PrivateRedis(directory)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def app_broker(url: str) -> Iterator[Any]:
    """Point the web side's Celery app (this test process) at ``url`` and publish for real (not
    eagerly); restore the configuration and drop the pooled connections afterwards."""
    from uptdppa.celery import app

    saved = app.conf.broker_url, app.conf.task_always_eager

    def drop_pools() -> None:
        # Forget the pools so that the next publish dials the configured broker. Not
        # force_close_all(): kombu keeps one pool per URL for the whole process, and a closed one
        # refuses every later publish to that URL (even eager tasks acquire a producer).
        app._after_fork()

    app.conf.broker_url, app.conf.task_always_eager = url, False
    drop_pools()
    try:
        yield app
    finally:
        app.conf.broker_url, app.conf.task_always_eager = saved
        drop_pools()


# --- Celery workers -----------------------------------------------------------------------------


def worker_database_url(**options: str) -> str:
    """The URL of the database pytest-django created for this test (PostgreSQL only: a worker in
    another process cannot share SQLite's in-memory test database)."""
    if connection.vendor != "postgresql":
        unavailable("fault tests need PostgreSQL (DATABASE_URL); CI always sets it")
    params = connection.settings_dict
    user = quote(params.get("USER") or "postgres")
    password = f":{quote(params['PASSWORD'])}" if params.get("PASSWORD") else ""
    host = params.get("HOST") or "127.0.0.1"
    port = params.get("PORT") or 5432
    query = "&".join(f"{key}={quote(value)}" for key, value in options.items())
    return f"postgres://{user}{password}@{host}:{port}/{params['NAME']}" + (f"?{query}" if query else "")


class Worker:
    """``celery worker --pool solo`` in its own process, with its own log file."""

    count = 0

    def __init__(self, *, env: dict[str, str], log: Path) -> None:
        self.binary = require(VENV_BIN / "celery", ".venv/bin/celery", "make install")
        self.env = env
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        Worker.count += 1
        self.log_file = self.log.open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                self.binary,
                "-A",
                WORKER_APP,
                "worker",
                "--pool",
                "solo",
                "--loglevel",
                "INFO",
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
                "--hostname",
                f"faults{os.getpid()}-{Worker.count}@%h",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(self.ready, timeout=60, what=f"the Celery worker to be ready (log: {self.log})", interval=0.1)

    def ready(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            pytest.fail(f"the Celery worker exited ({self.process.returncode}):\n{self.output()}")
        return " ready." in self.output()

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def kill(self) -> None:
        """kill -9: no warm shutdown, no acknowledgement, no clean-up."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        end_process(self.process, grace=0.5)  # the test is over: no warm shutdown (it waits on Redis' socket timeout)
        if getattr(self, "log_file", None):
            self.log_file.close()


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[Callable[..., Worker]]:
    """Start Celery workers on the test database: ``start(broker_url, **extra_env)``. Every one
    is stopped before the test database is emptied (transactional tests)."""
    started: list[Worker] = []

    def start(broker_url: str, **extra_env: str) -> Worker:
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": worker_database_url(application_name="faults-worker"),
            "REDIS_URL": broker_url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "CELERY_SKIP_CHECKS": "1",  # Django's system checks: the suite runs them; half a second per worker
            "MEDIA_ROOT": str(tmp_path / "media"),  # as the _private_media fixture of the test process
            "EMAIL_URL": f"filemail:///{tmp_path / 'mail'}",  # django-environ drops one slash
            **extra_env,
        }
        worker = Worker(env=env, log=tmp_path / f"worker-{len(started) + 1}.log")
        started.append(worker)
        worker.start()
        return worker

    try:
        yield start
    finally:
        for worker in started:
            worker.stop()


# --- PostgreSQL ---------------------------------------------------------------------------------


def postgres_bin() -> Path:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if not versions:
        unavailable(
            "PostgreSQL server binaries (/usr/lib/postgresql/<version>/bin) are missing: apt-get install postgresql"
        )
    return versions[-1].parent


class PrivateCluster:
    """A PostgreSQL cluster of this test only (initdb as the postgres user: it refuses root)."""

    def __init__(self, directory: Path) -> None:
        self.bin = postgres_bin()
        self.directory = directory
        self.data = directory / "data"
        self.port = free_port()
        if os.geteuid() == 0:  # initdb refuses root: the cluster belongs to the postgres user
            try:
                shutil.chown(directory, "postgres")
            except LookupError:
                unavailable("the postgres system user is missing (apt-get install postgresql)")
            self.prefix = [require(shutil.which("runuser"), "runuser", "util-linux"), "-u", "postgres", "--"]
        else:
            self.prefix = []

    def url(self, name: str = "app") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def run(self, *args: str, timeout: float = 60) -> None:
        subprocess.run([*self.prefix, *args], check=True, capture_output=True, timeout=timeout)  # noqa: S603

    def pg_ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.directory / "log"), *args
        )

    def start(self) -> None:
        self.run(
            str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"
        )
        self.pg_ctl("-w", "start")
        self.run(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "app")

    def restart(self) -> None:
        """``pg_ctl restart -m fast``: every session is ended, the server comes back (-w: waits)."""
        self.pg_ctl("-m", "fast", "-w", "restart")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with suppress(subprocess.SubprocessError):
                self.run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")


@pytest.fixture
def private_cluster() -> Iterator[PrivateCluster]:
    # Not under tmp_path: pytest's base directory is private to root, and the postgres user
    # must reach its data directory.
    directory = Path(tempfile.mkdtemp(prefix="faults-pg-"))
    try:
        cluster = PrivateCluster(directory)
        try:
            cluster.start()
            yield cluster
        finally:
            cluster.stop()
    finally:
        shutil.rmtree(directory, ignore_errors=True)
