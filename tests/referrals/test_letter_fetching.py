# ruff: noqa: F811 - the fixtures imported from test_referral_services come back as test arguments
"""WeasyPrint fetches nothing for the referral letter, as for the statistics report: both go
through one restricted fetcher (uptdppa/pdf.py), which allows only data: URIs. Should a template
ever carry a file: or http: address (a value typed by a user, a careless include), the PDF is
made without it: no local file read or embedded, no request to the network."""

from __future__ import annotations

import socket
import threading
from datetime import datetime
from typing import Any

import pytest
from django.utils import timezone

from referrals import letters
from referrals.models import Referral
from reports import pdf as report_pdf
from tests.referrals.test_referral_services import dinsos, sent, victim  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


class Listener:
    """A TCP port on 127.0.0.1 that counts the connections made to it."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.close()

    def stop(self) -> int:
        self.stopped.set()
        self.thread.join()
        self.socket.close()
        return self.connections


def hostile_html(tmp_path: Any, port: int) -> str:
    css = tmp_path / "bocor.css"
    css.write_text('body::after { content: "BOCOR-DARI-BERKAS" }')
    return f"""<html><head>
    <link rel="stylesheet" href="file://{css}">
    <link rel="stylesheet" href="http://127.0.0.1:{port}/gaya.css">
    <link rel="attachment" href="file:///etc/passwd">
    </head><body>
    <p>Surat rujukan</p>
    <img src="file:///etc/passwd"> <img src="http://127.0.0.1:{port}/logo.png"> <img src="http://127.0.0.1:9/">
    <a rel="attachment" href="file:///etc/passwd">lampiran</a>
    <img src="{css.name}">
    </body></html>"""


def make_letter(monkeypatch: Any, html: str, referral: Referral) -> bytes:
    monkeypatch.setattr(letters, "render_to_string", lambda *args, **kwargs: html)
    return letters.referral_letter_pdf(referral)


def make_report(monkeypatch: Any, html: str, referral: Referral) -> bytes:
    monkeypatch.setattr(report_pdf, "report_html", lambda *args, **kwargs: html)
    now = datetime(2026, 1, 1, tzinfo=timezone.get_current_timezone())
    return report_pdf.render_pdf({}, generated_at=now, suppressed=False)


@pytest.mark.parametrize("make", [make_letter, make_report], ids=["referral letter", "statistics report"])
def test_the_pdf_fetches_no_file_and_no_url(world, sent, tmp_path, monkeypatch, make):
    listener = Listener()
    try:
        pdf = make(monkeypatch, hostile_html(tmp_path, listener.port), sent)
    finally:
        connections = listener.stop()
    assert pdf.startswith(b"%PDF")
    assert connections == 0
    assert b"root:" not in pdf and b"/EmbeddedFile" not in pdf
    assert b"BOCOR" not in pdf


def test_both_pdfs_use_the_one_restricted_fetcher(monkeypatch):
    from uptdppa import pdf as shared

    assert letters.html_to_pdf is shared.html_to_pdf is report_pdf.html_to_pdf
    fetcher = shared.restricted_url_fetcher()
    with pytest.raises(ValueError, match="protocol"):
        fetcher.fetch("file:///etc/passwd")
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"  # type: ignore[union-attr]
