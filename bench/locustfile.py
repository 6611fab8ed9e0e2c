"""Mixed workload of the load test (locust, headless; started by bench/main.py).

Users: staff of several roles working their pages (worklist with filters, case pages and their
service tabs, recording outreach visits), leadership reading the dashboard, liaisons reading
their referral inbox, API GETs; one user logs in with the login form (and out) again and
again, as several roles. Everyone thinks between requests (BENCH_WAIT_MIN..MAX seconds),
so 50 users offer a steady load rather than a flood. The saturation runs set both to 0 (a closed
loop: each user asks again as soon as it has its answer); the login user keeps its own pause even
then, as allauth allows 30 logins a minute from one address.

``BENCH_TARGET=trivial`` instead sends every user to the trivial JSON view with the same think
time: the throughput floor of the same server.

Sessions of the working users are made beforehand by bench/phase.py (fixtures), because
allauth limits logins per address (30 a minute) and every simulated user comes from 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import random
import re
from datetime import date
from itertools import cycle
from typing import Any

from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser

FIXTURES: dict[str, Any] = json.loads(open(os.environ["BENCH_FIXTURES"]).read())  # noqa: SIM115
WAIT = between(float(os.environ.get("BENCH_WAIT_MIN", "1")), float(os.environ.get("BENCH_WAIT_MAX", "3")))
TRIVIAL = os.environ.get("BENCH_TARGET") == "trivial"
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
SESSIONS = cycle(FIXTURES["sessions"])
LOGINS = cycle(FIXTURES["logins"])


def _csrf(body: bytes | None) -> str | None:
    found = CSRF.search(body or b"")
    return found.group(1).decode() if found else None


class Base(FastHttpUser):
    abstract = True
    wait_time = WAIT

    def on_start(self) -> None:
        self.rng = random.Random()  # noqa: S311 - load pattern, not security


class TrivialUser(Base):
    weight = 0 if not TRIVIAL else 1

    @task
    def trivial(self) -> None:
        self.client.get("/bench/trivial/", name="trivial")


class Worker(Base):
    """A user whose session was made beforehand (one of the working roles)."""

    weight = 0 if TRIVIAL else 9

    def on_start(self) -> None:
        super().on_start()
        self.me = next(SESSIONS)
        self.client.cookiejar.set_cookie(_cookie("sessionid", self.me["session"]))
        self.role = self.me["role"]
        self.cases = self.me["cases"]

    def get(self, url: str, name: str) -> Any:
        return self.client.get(url, name=name)

    @task(10)
    def work(self) -> None:
        {
            "kepala_uptd": self.staff,
            "petugas_pengaduan": self.intake,
            "manajer_kasus": self.case_worker,
            "psikolog": self.case_worker,
            "pendamping_hukum": self.case_worker,
            "pimpinan": self.leadership,
            "penghubung_opd": self.liaison,
            "operator_data": self.operator,
        }[self.role]()

    def staff(self) -> None:
        choice = self.rng.random()
        if choice < 0.4:
            self.worklist()
        elif choice < 0.8 and self.cases:
            self.case_page()
        elif choice < 0.9:
            self.get("/laporan/dasbor/?preset=custom&date_from=2025-01-01&date_to=2025-12-31", "dashboard (year)")
        else:
            self.get("/api/v1/cases/?status=open", "api cases")

    def intake(self) -> None:
        if self.rng.random() < 0.6:
            self.get("/cases/antrean/", "intake queue")
        else:
            self.worklist()

    def case_worker(self) -> None:
        choice = self.rng.random()
        if choice < 0.3:
            self.worklist()
        elif choice < 0.75 and self.cases:
            self.case_page()
        elif choice < 0.85 and self.cases:
            self.get(f"/api/v1/cases/{self.rng.choice(self.cases)}/", "api case detail")
        elif choice < 0.93 and self.cases and self.role == "manajer_kasus":
            self.outreach()
        else:
            self.get("/", "home")

    def leadership(self) -> None:
        year = self.rng.choice(FIXTURES["ended_years"])
        self.get(f"/laporan/dasbor/?preset=custom&date_from={year}-01-01&date_to={year}-12-31", "dashboard (year)")

    def liaison(self) -> None:
        if self.rng.random() < 0.7:
            self.get("/rujukan/masuk/", "referral inbox")
        else:
            self.get("/api/v1/inbox/referrals/", "api inbox")

    def operator(self) -> None:
        self.get("/laporan/simfoni/", "simfoni work list")

    def worklist(self) -> None:
        kecamatan = self.rng.choice(FIXTURES["kecamatan"])
        filters = self.rng.choice(
            [
                "?status=open",
                f"?status=open&kecamatan={kecamatan}",
                "?risk=tinggi&violence_form=seksual",
                f"?kecamatan={kecamatan}&received_from=2025-01-01",
                "?page=3",
            ]
        )
        self.get(f"/cases/{filters}", "case list")

    def case_page(self) -> None:
        code = self.rng.choice(self.cases)
        tab = self.rng.choice(["", "", "layanan/", "perlindungan/", "hukum/"])
        self.get(f"/cases/{code}/{tab}", f"case detail {tab or 'timeline'}".strip())

    def outreach(self) -> None:
        code = self.rng.choice(self.cases)
        url = f"/cases/{code}/layanan/penjangkauan/tambah/"
        form = self.client.get(url, name="outreach form")
        token = _csrf(form.content)
        data = {
            "csrfmiddlewaretoken": token or "",
            "visited_on": date.today().isoformat(),
            "team": self.me["code"],
            "region": self.rng.choice(FIXTURES["kelurahan"]),
            "purpose": "Kunjungan rumah",
            "result": "Korban dalam keadaan baik.",
        }
        with self.client.post(
            url, data=data, name="outreach save", headers={"Referer": self.host + url}, catch_response=True
        ) as response:
            # A saved visit redirects to the services tab; the visit's form shown again is a failure.
            if b'name="purpose"' in (response.content or b""):
                response.failure("the outreach form was shown again (not saved)")


class LoginUser(Base):
    """Logs in with the login form as one role after another, reads the home page, logs out.

    One such user, pausing 3-6 s: allauth allows 30 logins a minute from one address."""

    weight = 0
    fixed_count = 0 if TRIVIAL else 1
    wait_time = between(3, 6)

    @task
    def login_cycle(self) -> None:
        username = next(LOGINS)
        self.client.cookiejar.clear()
        page = self.client.get("/accounts/login/", name="login form")
        data = {"csrfmiddlewaretoken": _csrf(page.content) or "", "login": username, "password": FIXTURES["password"]}
        headers = {"Referer": self.host + "/accounts/login/"}
        with self.client.post(
            "/accounts/login/", data=data, name="login", headers=headers, catch_response=True
        ) as response:
            if b'name="password"' in (response.content or b""):
                response.failure("the login form was shown again (not logged in)")
        home = self.client.get("/", name="home")
        token = _csrf(home.content)
        self.client.post("/accounts/logout/", data={"csrfmiddlewaretoken": token or ""}, name="logout", headers=headers)


def _cookie(name: str, value: str) -> Any:
    from http.cookiejar import Cookie

    return Cookie(0, name, value, None, False, "127.0.0.1", False, False, "/", True, False, None, False, None, None, {})


@events.quitting.add_listener
def _exit_code(environment: Any, **_kwargs: Any) -> None:
    # Failures are reported in the figures, not through the exit code.
    environment.process_exit_code = 0
