"""No log holds the client address of a request to the public complaint channel (the pages under
/pengaduan/, the public API, and the language switch their pages post to): an anonymous
complaint's received time would otherwise point at its sender's address in nginx's, gunicorn's
or Django's logs. Other requests keep their address (lockouts and incidents need it)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import path as url_path
from gunicorn.config import Config

ROOT = Path(settings.BASE_DIR)
NGINX_CONF = ROOT / "deploy" / "nginx.conf"
ADDRESS = "203.0.113.77"
PUBLIC_PATHS = ["/pengaduan/", "/pengaduan/status/", "/pengaduan", "/api/v1/public/complaints/", "/i18n/setlang/"]
STAFF_PATHS = ["/cases/", "/api/v1/cases/", "/accounts/login/", "/pengaduanku/", "/api/v1/publications/"]
ADDRESS_VARIABLES = re.compile(
    r"\$(remote_addr|binary_remote_addr|realip_remote_addr|http_x_forwarded_for|"
    r"proxy_add_x_forwarded_for|http_forwarded|http_x_real_ip|http_user_agent|http_referer)"
)


# --- gunicorn ------------------------------------------------------------------------------------


def entrypoint_gunicorn_options() -> dict[str, str]:
    """The options of the production gunicorn command (the "web" command of deploy/entrypoint.sh,
    which the image's CMD, compose and `make prod-smoke` run)."""
    text = (ROOT / "deploy" / "entrypoint.sh").read_text()
    block = text.split("    web)", 1)[1].split(";;", 1)[0].replace("\\\n", " ")
    command = next(line for line in block.splitlines() if "exec gunicorn" in line)
    args = shlex.split(command)
    return {args[i]: args[i + 1] for i in range(len(args) - 1) if args[i].startswith("--")}


def gunicorn_line(path: str) -> str:
    """The access log line gunicorn writes, as configured in the image, for a POST to ``path``
    forwarded by nginx for ADDRESS."""
    options = entrypoint_gunicorn_options()
    from gunicorn.util import load_class

    cfg = Config()
    cfg.set("accesslog", "-")
    cfg.set("access_log_format", options["--access-logformat"])
    logger = load_class(options.get("--logger-class", "gunicorn.glogging.Logger"))(cfg)
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": path,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": ADDRESS,
        "HTTP_X_FORWARDED_FOR": ADDRESS,
        "HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14)",
    }
    request = SimpleNamespace(headers=[("X-FORWARDED-FOR", ADDRESS), ("USER-AGENT", environ["HTTP_USER_AGENT"])])
    response = SimpleNamespace(status="201 Created", sent=42, headers=[])
    atoms = logger.atoms_wrapper_class(logger.atoms(response, request, environ, timedelta(milliseconds=120)))
    extended = cfg.access_log_format + " %({x-forwarded-for}i)s %({remote_addr}e)s %(a)s %(f)s"
    return extended % atoms


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_gunicorn_logs_no_address_for_the_public_channel_but_still_the_status_and_time(path):
    line = gunicorn_line(path)
    assert ADDRESS not in line and "Android" not in line
    assert f"POST {path}" in line and " 201 " in line and "0.120000" in line


@pytest.mark.parametrize("path", STAFF_PATHS)
def test_gunicorn_keeps_the_address_for_everything_else(path):
    assert gunicorn_line(path).startswith(ADDRESS)


# --- nginx ---------------------------------------------------------------------------------------


def nginx_text() -> str:
    return re.sub(r"#[^\n]*", "", NGINX_CONF.read_text())


def log_formats() -> dict[str, str]:
    found = re.findall(r"log_format\s+(\w+)\s+((?:'[^']*'\s*)+);", nginx_text())
    return {name: "".join(re.findall(r"'([^']*)'", body)) for name, body in found}


def public_path_pattern() -> tuple[str, list[str]]:
    """The variable the map sets for public requests, and its regular expressions."""
    block = re.search(r"map\s+\$uri\s+\$(\w+)\s*\{(.*?)\}", nginx_text(), re.S)
    assert block, "a map on $uri selects the public requests"
    patterns = re.findall(r"~(\S+)\s+1;", block.group(2))
    assert re.search(r"default\s+0;", block.group(2))
    return block.group(1), patterns


def test_nginx_has_an_address_free_log_format_that_keeps_status_and_time():
    formats = log_formats()
    assert ADDRESS_VARIABLES.search(formats["uptdppa"])  # the ordinary log keeps the address
    anonymous = formats["uptdppa_anonymous"]
    assert not ADDRESS_VARIABLES.search(anonymous)
    assert "$status" in anonymous and "$time_local" in anonymous and "$request_time" in anonymous


def test_nginx_selects_the_public_paths_by_the_normalised_uri():
    _, patterns = public_path_pattern()
    for path in PUBLIC_PATHS:
        assert any(re.search(p, path) for p in patterns), path
    for path in STAFF_PATHS:
        assert not any(re.search(p, path) for p in patterns), path


def test_every_nginx_server_logs_public_requests_only_in_the_address_free_format():
    variable, _ = public_path_pattern()
    servers = re.split(r"\bserver\s*\{", nginx_text())[1:]
    assert len(servers) == 2
    for server in servers:
        logs = re.findall(r"access_log\s+([^;]+);", server)
        # Locations that log nothing (static files) are fine; the server-wide logs are the point.
        logs = [log.split() for log in logs if log.strip() != "off"]
        formats = {log[1]: log[2:] for log in logs}
        assert set(formats) == {"uptdppa", "uptdppa_anonymous"}, logs
        assert formats["uptdppa_anonymous"] == [f"if=${variable}"]
        inverse = formats["uptdppa"][0].removeprefix("if=$")
        assert re.search(rf"map\s+\${variable}\s+\${inverse}\s*\{{\s*1\s+0;\s*default\s+1;\s*\}}", nginx_text())


def self_signed_certificate(folder: Path) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    from django.utils import timezone

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = timezone.now()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    (folder / "fullchain.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (folder / "privkey.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )


NGINX = os.environ.get("NGINX") or shutil.which("nginx")


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (NGINX=/path/to/nginx to point at one)")
def test_nginx_accepts_the_configuration(tmp_path):
    """nginx -t on a copy, inside a main file like the nginx image's: certificates made for the
    test, logs and temporary files in the temporary folder."""
    assert NGINX
    self_signed_certificate(tmp_path)
    conf = (
        NGINX_CONF.read_text().replace("/etc/nginx/certs/", f"{tmp_path}/").replace("/var/log/nginx/", f"{tmp_path}/")
    )
    version = subprocess.run([NGINX, "-v"], capture_output=True, text=True, check=True).stderr
    if tuple(int(n) for n in re.findall(r"\d+", version)[:2]) < (1, 25):
        conf = conf.replace("http2 on;", "")  # the directive came with 1.25.1; the image's nginx is newer
    (tmp_path / "default.conf").write_text(conf)
    temp = " ".join(
        f"{kind}_temp_path {tmp_path}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log; events {{}}\n"
        f"http {{ access_log {tmp_path}/access.log; {temp} include {tmp_path}/default.conf; }}\n"
    )
    result = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


# --- Django's own logging ------------------------------------------------------------------------


def broken(request):  # type: ignore[no-untyped-def]
    raise RuntimeError("rusak")


# The URLs of the test below (ROOT_URLCONF): a server error on a public path and a staff one.
urlpatterns = [url_path("pengaduan/", broken), url_path("cases/", broken)]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "kept"), [("/pengaduan/", False), ("/cases/", True)])
def test_a_server_error_mailed_to_the_admins_names_no_address_on_the_public_channel(path, kept, settings):
    settings.ADMINS = [("Admin", "admin@example.test")]
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False, REMOTE_ADDR=ADDRESS, HTTP_X_FORWARDED_FOR=ADDRESS)
    assert client.get(path).status_code == 500
    [message] = mail.outbox
    text = message.subject + message.body + "".join(str(part[0]) for part in message.alternatives)
    assert (ADDRESS in text) is kept


def test_every_configured_log_handler_drops_the_request_of_a_public_path():
    # From the configuration: Celery, for one, adds handlers of its own to the root logger when a
    # worker starts in the test process.
    assert settings.LOGGING["filters"]["forget_public_client"] == {"()": "uptdppa.anonymity.ForgetClientOnPublicPaths"}
    for name, handler in settings.LOGGING["handlers"].items():
        assert "forget_public_client" in handler["filters"], name
    assert set(settings.LOGGING["loggers"]["django"]["handlers"]) <= set(settings.LOGGING["handlers"])


@pytest.mark.parametrize(
    ("path", "kept"), [("/pengaduan/", False), ("/api/v1/public/complaints/", False), ("/cases/", True)]
)
def test_the_filter_keeps_the_record_without_a_public_request(rf, path, kept):
    import logging

    from uptdppa.anonymity import ForgetClientOnPublicPaths

    request = rf.get(path, REMOTE_ADDR=ADDRESS)
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s", (path,), None)
    record.request = request
    assert ForgetClientOnPublicPaths().filter(record) is True
    assert (record.request is request) is kept
