"""HTML to PDF with WeasyPrint for every PDF the app makes (the statistics report, the referral
letter): one restricted URL fetcher, so that no template, and no value typed into one, can make
WeasyPrint read a local file (file:, or a relative address), embed it as an attachment, or send a
request into the network (SSRF). Only data: URIs are fetched: the charts are embedded as those."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcher

ALLOWED_PROTOCOLS = ("data",)


def restricted_url_fetcher() -> URLFetcher:
    """WeasyPrint's fetcher limited to ALLOWED_PROTOCOLS: anything else fails to load (WeasyPrint
    logs it and leaves the resource out)."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=ALLOWED_PROTOCOLS)


def html_to_pdf(source: str) -> bytes:
    """The PDF of ``source``, with no base URL: relative addresses resolve to nothing."""
    from weasyprint import HTML

    return HTML(string=source, url_fetcher=restricted_url_fetcher()).write_pdf()  # type: ignore[no-any-return]
