"""The walk of `make prod-smoke` (scripts/prod-smoke.sh starts the stack, then runs this).

Everything goes through nginx over HTTPS, as a browser and an API client would, except what
README "Production" does on the server (the first accounts, queueing the nightly backup as beat
would). Each step prints one line; the first failure stops the walk with its reason.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html.parser
import json
import os
import re
import signal
import struct
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests

BASE = os.environ["SMOKE_BASE"]
PLAIN = os.environ["SMOKE_HTTP"]
CA = os.environ["SMOKE_CA"]
DIR = Path(os.environ["SMOKE_DIR"])
ROOT = Path(__file__).resolve().parent.parent
MEDIA = Path(os.environ["MEDIA_ROOT"])
PASSWORD = "Smoke-" + base64.urlsafe_b64encode(os.urandom(18)).decode()
NGINX_DOWNLOAD_CSP = "default-src 'none'; sandbox"  # deploy/nginx.conf, /protected-media/


class SmokeFailure(Exception):
    pass


def check(condition: object, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


def step(text: str) -> None:
    print(f"  - {text}", flush=True)


def wait_for(what: str, probe: Callable[[], Any], seconds: float) -> Any:
    deadline = time.monotonic() + seconds
    while True:
        result = probe()
        if result:
            return result
        if time.monotonic() > deadline:
            raise SmokeFailure(f"timed out after {seconds:g} s waiting for {what}")
        time.sleep(1)


def manage(*args: str, env: dict[str, str] | None = None) -> str:
    """A management command on the server, as the runtime role (the web container's environment)."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    check(done.returncode == 0, f"manage.py {' '.join(args)} failed: {done.stdout}{done.stderr}")
    return done.stdout


def totp(secret: str, at: float | None = None) -> str:
    """RFC 6238, as the authenticator app computes it (30-second steps, 6 digits, SHA-1)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(at or time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


class Fields(html.parser.HTMLParser):
    """The named inputs of a page's forms (first value wins), and the first select's options."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self.options: dict[str, list[str]] = {}
        self._select: str | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "input" and a.get("name"):
            self.values.setdefault(a["name"] or "", a.get("value") or "")
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and a.get("value"):
            self.options.setdefault(self._select, []).append(a["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def form_errors(text: str) -> list[str]:
    """The messages a page shows beside its fields or above its form."""
    found = re.findall(r'class="[^"]*(?:invalid-feedback|alert-danger|errorlist)[^"]*"[^>]*>(.*?)</', text, re.S)
    return [re.sub(r"<[^>]+>|\s+", " ", message).strip() for message in found]


class Browser:
    """A requests session that talks like a browser to the site: CSRF token, Origin and Referer."""

    def __init__(self) -> None:
        self.session = requests.Session()
        self.session.verify = CA
        self.session.trust_env = False  # no proxy or CA bundle from the environment: loopback, this run's certificate
        self.session.headers["Accept-Language"] = "id"

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.get(BASE + path, timeout=30, **kwargs)

    def submit(
        self, path: str, data: dict[str, str], page: str | None = None, form: str | None = None
    ) -> requests.Response:
        """POST ``data`` to ``path`` with the CSRF token of the form on ``page`` (default: path),
        or of ``form``, the text of that page when it was already fetched (a second fetch of the
        authenticator page would draw a new secret)."""
        if form is None:
            form = self.get(page or path).text
        token = Fields(form).values.get("csrfmiddlewaretoken", "")
        headers = {"Origin": BASE, "Referer": BASE + (page or path)}
        return self.session.post(
            BASE + path,
            data={"csrfmiddlewaretoken": token, **data},
            headers=headers,
            allow_redirects=False,
            timeout=60,
        )

    def api(self, method: str, path: str, body: dict[str, Any] | None = None) -> requests.Response:
        headers = {"Origin": BASE, "Referer": BASE + "/", "X-CSRFToken": self.session.cookies.get("csrftoken") or ""}
        return self.session.request(method, f"{BASE}/api/v1/{path}", json=body, headers=headers, timeout=60)


# --- The steps ------------------------------------------------------------------------------------


def ready() -> None:
    """Waits until /health/ is green: database, cache and a worker on every queue."""
    wait_for("/health/ to answer 200", lambda: health().status_code == 200, 90)
    step("/health/ is green: database, cache, a worker on the default and the backup queue")


def health() -> requests.Response:
    try:
        return requests.get(f"{BASE}/health/", headers={"Accept": "application/json"}, verify=CA, timeout=15)
    except requests.RequestException:
        response = requests.Response()
        response.status_code = 599  # no answer at all
        return response


def deploy_check() -> None:
    out = manage("check", "--deploy", "--fail-level", "WARNING")
    step(f"manage.py check --deploy as the runtime role: {out.strip()}")


def plain_http() -> None:
    response = requests.get(f"{PLAIN}/cases/", allow_redirects=False, timeout=15)
    check(response.status_code == 301, f"plain HTTP answered {response.status_code}, not a redirect")
    check(response.headers["Location"].startswith("https://localhost"), response.headers["Location"])
    step("plain HTTP redirects to HTTPS")


def accounts() -> None:
    """README "Production" step 4: the administrator from the server; the first head approved there."""
    env = {"SMOKE_PASSWORD": PASSWORD}
    manage("create_admin_user", "smoke-admin", "--password-env", "SMOKE_PASSWORD", env=env)
    manage(
        "shell",
        "-c",
        "import os\n"
        "from uptdppa.accounts.models import Role, User\n"
        "from uptdppa.accounts.selectors import home_unit\n"
        "from uptdppa.accounts.services import user_add\n"
        "head = User(username='smoke-head', role=Role.KEPALA_UPTD, organisation=home_unit())\n"
        "head.set_password(os.environ['SMOKE_PASSWORD'])\n"
        "user_add(actor=User.objects.get(username='smoke-admin'), user=head)\n",
        env=env,
    )
    manage("approve_role_change", "smoke-head")
    step("administrator created; the head's account approved from the server")


def first_login_sets_up_totp(browser: Browser) -> str:
    response = browser.submit("/accounts/login/", {"login": "smoke-head", "password": PASSWORD})
    check(response.status_code == 302, f"login answered {response.status_code}")
    home = browser.get("/", allow_redirects=False)
    check("/2fa/totp/activate/" in home.headers.get("Location", ""), f"MFA set-up not required: {home.status_code}")
    page = browser.get("/accounts/2fa/totp/activate/", allow_redirects=False)
    if page.status_code == 302:  # allauth asks for the password again before a new authenticator
        browser.submit(page.headers["Location"].split("?")[0], {"password": PASSWORD}, page=page.headers["Location"])
        page = browser.get("/accounts/2fa/totp/activate/", allow_redirects=False)
    check(page.status_code == 200, f"the authenticator page answered {page.status_code}")
    found = re.search(r"secret=([A-Z2-7]{16,})", page.text) or re.search(r'value="([A-Z2-7]{16,})"', page.text)
    check(found, "the authenticator page shows no secret")
    secret = found.group(1)  # type: ignore[union-attr]
    done = browser.submit("/accounts/2fa/totp/activate/", {"code": totp(secret)}, form=page.text)
    check(done.status_code == 302, f"activating the authenticator answered {done.status_code}")
    step("first login: the head had to set up the authenticator app, and did")
    return secret


def login_with_totp(secret: str) -> Browser:
    # A code is accepted once: wait for the next 30-second step after the one used to activate.
    time.sleep(30 - time.time() % 30 + 1)
    browser = Browser()
    response = browser.submit("/accounts/login/", {"login": "smoke-head", "password": PASSWORD})
    check(response.status_code == 302, f"login answered {response.status_code}")
    check("/2fa/authenticate/" in response.headers["Location"], "no second factor was asked for")
    check(browser.get("/", allow_redirects=False).status_code == 302, "the home page opened before the code")
    wrong = browser.submit("/accounts/2fa/authenticate/", {"code": "000000"})
    check(wrong.status_code == 200, f"a wrong code answered {wrong.status_code}")
    right = browser.submit("/accounts/2fa/authenticate/", {"code": totp(secret)})
    check(right.status_code == 302, f"the right code answered {right.status_code}")
    home = browser.get("/")
    check(home.status_code == 200 and "smoke-head" in home.text, f"home after login: {home.status_code}")
    step("login with password and TOTP (a wrong code refused)")
    return browser


def security_headers(browser: Browser) -> str:
    page = browser.get("/")
    h = page.headers
    check(
        h.get("Strict-Transport-Security", "").startswith("max-age=3600"), f"HSTS: {h.get('Strict-Transport-Security')}"
    )
    check("default-src 'self'" in h.get("Content-Security-Policy", ""), f"CSP: {h.get('Content-Security-Policy')}")
    check(h.get("X-Frame-Options") == "DENY", f"X-Frame-Options: {h.get('X-Frame-Options')}")
    check(h.get("X-Content-Type-Options") == "nosniff", "nosniff missing")
    check(h.get("Referrer-Policy"), "Referrer-Policy missing")
    check("no-store" in h.get("Cache-Control", ""), f"Cache-Control: {h.get('Cache-Control')}")
    check(h.get("Server", "") == "nginx", f"Server header reveals a version: {h.get('Server')}")
    session_cookie = next(c for c in browser.session.cookies if c.name.endswith("sessionid"))
    check(
        session_cookie.secure and session_cookie.has_nonstandard_attr("HttpOnly"), "session cookie not Secure+HttpOnly"
    )
    step("security headers: HSTS, CSP, X-Frame-Options, nosniff, Referrer-Policy, no-store, Secure HttpOnly session")
    return page.text


def static_files(page: str) -> None:
    found = re.search(r'(/static/[^"\']+\.css)', page)
    check(found, "the page links no stylesheet")
    path = found.group(1)  # type: ignore[union-attr]
    response = requests.get(BASE + path, verify=CA, timeout=15)
    check(response.status_code == 200, f"{path}: {response.status_code}")
    check(
        response.headers.get("Cache-Control") == "max-age=2592000",
        f"static cache: {response.headers.get('Cache-Control')}",
    )
    check("Content-Security-Policy" not in response.headers, "a static file went through Django")
    step(f"static file served by nginx with a 30-day cache ({path.rsplit('/', 1)[-1]})")


def public_complaint() -> None:
    visitor = Browser()
    form = visitor.get("/pengaduan/")
    check(form.status_code == 200, f"/pengaduan/: {form.status_code}")
    regions = Fields(form.text).options.get("incident_region", [])
    check(regions, "the complaint form offers no region")
    data = {
        "chronology": "Uji asap: seorang anak dipukul tetangganya di depan rumah.",
        "incident_date": datetime.now(UTC).date().isoformat(),
        "incident_date_precision": "exact",
        "incident_region": regions[-1],
        "victim_name": "Anak Uji",
        "victim_age": "9",
        "victim_sex": "P",
        "reporter_relation": "tetangga",
        "reporter_name": "Pelapor Uji",
        "reporter_phone": "0812-3456-7890",
        "acknowledgement": "on",
        "website": "",
    }
    sent = visitor.submit("/pengaduan/", data)
    check(sent.status_code == 302, f"not sent: {sent.status_code} {form_errors(sent.text)}")
    # The form redirects to its receipt (Post/Redirect/Get): a reload of it files nothing twice.
    receipt = visitor.get(sent.headers["Location"])
    code = re.search(r'id="tracking-code">([A-Z0-9]{10})<', receipt.text)
    pin = re.search(r'id="tracking-pin">([0-9A-Z]+)<', receipt.text)
    check(receipt.status_code == 200 and code and pin, f"no receipt: {receipt.status_code} {form_errors(receipt.text)}")
    status = visitor.submit("/pengaduan/status/", {"tracking_code": code.group(1), "pin": pin.group(1)})  # type: ignore[union-attr]
    check(status.status_code == 200 and not form_errors(status.text), f"status: {form_errors(status.text)}")
    step("public complaint sent through the form; its tracking code and PIN open its status")


def intake_and_read(browser: Browser) -> None:
    created = browser.api(
        "post",
        "intakes/",
        {"channel": "telepon", "received_at": datetime.now(UTC).isoformat(), "reporter_anonymous": True},
    )
    check(created.status_code == 201, f"intake: {created.status_code} {created.text[:300]}")
    code = created.json()["code"]
    page = browser.get(f"/cases/{code}/")
    check(page.status_code == 200 and code[:8] in page.text, f"case page: {page.status_code}")
    listed = browser.api("get", "intakes/")
    check(listed.status_code == 200 and code in listed.text, f"intake queue: {listed.status_code}")
    step("intake registered through the API, read on its page and in the queue")


def report_pdf(browser: Browser) -> Path:
    response = browser.submit("/laporan/ekspor/", {"kind": "pdf", "preset": "last_year"})
    check(response.status_code == 302, f"asking for the PDF answered {response.status_code}")

    def link() -> str | None:
        found = re.search(r'href="(/laporan/ekspor/[0-9a-f-]{36}/unduh/)"', browser.get("/laporan/ekspor/").text)
        return found.group(1) if found else None

    path = wait_for("the worker to make the statistics PDF", link, 120)
    download = browser.get(path)
    check(download.status_code == 200 and download.content.startswith(b"%PDF"), f"download: {download.status_code}")
    # nginx sent the file (X-Accel-Redirect): its own download headers, not Django's page CSP.
    check(download.headers.get("Content-Security-Policy") == NGINX_DOWNLOAD_CSP, f"CSP {download.headers}")
    check("no-store" in download.headers.get("Cache-Control", ""), "the download may be cached")
    check("attachment" in download.headers.get("Content-Disposition", ""), "not an attachment")
    files = [p for p in MEDIA.rglob("*.pdf")]
    check(len(files) == 1, f"expected one PDF in the media folder, found {files}")
    step(f"statistics PDF made by the worker ({len(download.content)} bytes), sent by nginx after Django's check")
    return files[0]


def media_never_direct(browser: Browser, stored: Path) -> None:
    relative = stored.relative_to(MEDIA).as_posix()
    for path in (f"/protected-media/{relative}", f"/media/{relative}", f"/static/../media/{relative}"):
        response = browser.get(path)
        check(response.status_code == 404, f"{path} answered {response.status_code}")
    step("the media folder is never served directly (/protected-media/ is internal)")


def backup_and_drill(browser: Browser) -> None:
    """Queued by name as beat does; the backup worker alone takes them (queue "backup")."""
    for task in ("uptdppa.operations.tasks.run_backup", "uptdppa.operations.tasks.run_restore_drill"):
        if task.endswith("drill"):
            wait_for("the backup", lambda: list(Path(os.environ["BACKUP_DIR"]).glob("*.age")), 120)
        done = subprocess.run(
            [str(Path(sys.executable).parent / "celery"), "-A", "uptdppa", "call", task],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        check(done.returncode == 0, f"celery call {task}: {done.stderr}")

    def both_green() -> bool:
        return browser.get("/operasi/cadangan/").text.count("badge text-bg-success") >= 2

    wait_for("a successful backup and a passed drill on the head's page", both_green, 240)
    check("badge text-bg-danger" not in browser.get("/operasi/cadangan/").text, "the backups page shows a failure")
    step("nightly backup and restore drill by the backup worker; both green on the head's backups page")


def two_web_instances() -> None:
    counts = []
    for name in ("web1", "web2"):
        lines = (DIR / f"{name}-access.log").read_text().splitlines()
        counts.append(len(lines))
        check(not any("/static/" in line for line in lines), f"{name} served a static file")
        public = [line for line in lines if '"POST /pengaduan/' in line or '"GET /pengaduan/' in line]
        check(all(line.startswith("- ") for line in public), f"{name} logged an address for the public channel")
    check(all(count >= 5 for count in counts), f"requests per gunicorn: {counts}")
    step(f"both gunicorn instances served the journey ({counts[0]} and {counts[1]} requests): no state on the web tier")


def stopped_worker_shows() -> None:
    pid = int((DIR / "worker.pid").read_text())
    os.kill(pid, signal.SIGTERM)

    def red() -> bool:
        response = health()
        return response.status_code == 500 and "queue celery" in response.text

    wait_for("/health/ to report the stopped worker", red, 60)
    body = json.loads(health().text)
    step(f"the stopped worker shows on /health/: {[v for v in body.values() if 'queue' in v]}")


def main() -> int:
    print("prod-smoke walk:", flush=True)
    try:
        ready()
        deploy_check()
        plain_http()
        accounts()
        secret = first_login_sets_up_totp(Browser())
        public_complaint()
        browser = login_with_totp(secret)
        page = security_headers(browser)
        static_files(page)
        intake_and_read(browser)
        stored = report_pdf(browser)
        media_never_direct(browser, stored)
        backup_and_drill(browser)
        two_web_instances()
        stopped_worker_shows()
    except (SmokeFailure, requests.RequestException, subprocess.SubprocessError) as error:
        print(f"prod-smoke walk FAILED: {error}", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
