"""Every page of every role, rendered in Chromium in Indonesian, shows none of the app's own English
(issue 13 §1; docs/architecture.md#translations).

The pages are the access matrix's (tests/access_matrix.py): each page row that answers a role 200
on the object inside its scope, as that role, plus the public pages, the public form's errors and
the administrator's admin screens. What counts as English: the msgids of the Indonesian catalogue
whose translation differs, each run of at least two words (tests/translations.py). A page's text
is everything a person or a screen reader meets: the text (hidden parts included), the title and
the placeholder, title, aria-label and alt attributes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from tests import access_matrix as matrix
from tests.test_access_matrix import Pair, build_subjects
from tests.translations import english_phrases, parse_po

# What a page says: the text (scripts and styles left out) and the attributes people meet.
PAGE_TEXT = """() => {
    const body = document.body.cloneNode(true);
    body.querySelectorAll('script, style, template').forEach(el => el.remove());
    const named = '[placeholder], [title], [aria-label], img[alt], input[type=submit], input[type=button]';
    const attrs = [...document.querySelectorAll(named)].flatMap(
        el => ['placeholder', 'title', 'aria-label', 'alt', 'value'].map(a => el.getAttribute(a)).filter(Boolean));
    return [document.title, body.textContent, ...attrs].join('\\n');
}"""

# The administrator's screens of the project's own admin classes (accounts, audit log, regions).
ADMIN_PAGES = (
    "admin:index",
    "admin:accounts_user_changelist",
    "admin:accounts_user_add",
    "admin:accounts_organisation_changelist",
    "admin:auditlog_logentry_changelist",
    "admin:cases_region_changelist",
)


# Not pages: files (PDF letters, workbooks, attachments) and the language switch's redirect; and
# Swagger UI, the API's documentation, a third-party page for developers in English.
NOT_PAGES = frozenset(
    {
        "cases:attachment-download",
        "referrals:letter",
        "referrals:action-file",
        "dataprotection:notice-letter",
        "dataprotection:processing-record-pdf",
        "dataprotection:request-pdf",
        "dataprotection:request-json",
        "dataprotection:berita-acara",
        "reports:export_download",
        "reports:simfoni_export",
        "reports:taskforce-pdf",
        "reports:taskforce-xlsx",
        "reports:kla-pdf",
        "reports:kla-xlsx",
        "set_language",
        "api-docs",
    }
)


PER_ROLE = ("home", "accounts:notifications")  # pages whose content is the role's own


def third_party_english() -> list[str]:
    """Texts of Django's and the third-party apps' own catalogues (their msgids, read from any
    language's file) that Indonesian leaves in English: the app names and labels the admin and
    the forms show ("Audit log")."""
    from django.apps import apps

    msgids: set[str] = set()
    for config in apps.get_app_configs():
        if config.name.split(".")[0] in ("cases", "referrals", "coordination", "reports", "dataprotection", "uptdppa"):
            continue
        for po in sorted(Path(config.path).glob("locale/*/LC_MESSAGES/django.po"))[:1]:
            msgids.update(entry.msgid for entry in parse_po(po) if not entry.context and not entry.plural)
    with translation.override("id"):
        return [m for m in msgids if len(re.findall(r"[A-Za-z]+", m)) >= 2 and gettext(m) == m and "%" not in m]


def english_pattern() -> re.Pattern[str]:
    phrases = sorted({*english_phrases(), *third_party_english()}, key=len, reverse=True)
    words = "|".join(r"\s+".join(map(re.escape, phrase.split())) for phrase in phrases)
    return re.compile(rf"(?<![A-Za-z])(?:{words})(?![A-Za-z])", re.IGNORECASE)


def pages_of(role: str, subjects: dict[str, Pair]) -> Iterator[str]:
    """The addresses of every page row that answers ``role`` 200 inside its scope."""
    for row in matrix.PAGES:
        expected = matrix.expectations(row).get("GET")
        if not expected or expected[(role, "in")] != "200" or row.key in NOT_PAGES:
            continue
        kwargs = subjects[row.subject].inside if row.subject else {}
        yield reverse(row.key, kwargs=kwargs) + row.query


def english_on(page, pattern: re.Pattern[str]) -> list[str]:  # type: ignore[no-untyped-def]
    text = page.evaluate(PAGE_TEXT)
    return sorted({" ".join(match.group(0).split()) for match in pattern.finditer(text)})


def test_every_page_of_every_role_is_in_indonesian(browser_world, live_server, page):
    pattern = english_pattern()
    subjects = build_subjects(browser_world)
    found: list[str] = []
    # Only the text matters: no stylesheet, font or image is fetched (the scripts run: HTMX, charts).
    page.route(re.compile(r"\.(css|woff2?|ttf|png|jpe?g|svg|ico)(\?.*)?$"), lambda route: route.abort())

    def visit(url: str, who: str) -> None:
        response = page.goto(f"{live_server.url}{url}", wait_until="domcontentloaded")
        assert response is not None and response.status == 200, f"{who} {url}: {response and response.status}"
        assert response.headers["content-type"].startswith("text/html"), f"{who} {url}: not a page"
        # A full page says it is Indonesian; an HTMX fragment (the person matches) has no <html> of its own.
        assert page.get_attribute("html", "lang") in ("id", None), f"{who} {url}"
        found.extend(f"{who} {url}: {phrase!r}" for phrase in english_on(page, pattern))

    # Every page once, as the first role that reaches it (the head first: the most pages), and the
    # pages whose content is the role's own (home, notifications) as every role.
    seen: set[str] = set()
    for role in ("kepala", *(r for r in matrix.ROLES if r != "kepala")):
        client = Client()
        client.force_login(browser_world.users[role])
        own = {reverse(name) for name in PER_ROLE}
        urls = [url for url in pages_of(role, subjects) if url not in seen or url in own]
        if role == "admin":
            urls += [reverse(name) for name in ADMIN_PAGES]
        page.context.clear_cookies()
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        for url in dict.fromkeys(urls):
            visit(url, role)
        seen.update(urls)

    # The public pages, and the public form's errors (a phone that is no number, the rest empty).
    page.context.clear_cookies()
    for name in ("public:complaint", "public:status", "account_login"):
        visit(reverse(name), "anon")
        seen.add(reverse(name))
    page.goto(f"{live_server.url}{reverse('public:complaint')}")
    page.fill("#id_reporter_phone", "12")
    with page.expect_navigation():
        page.locator("#complaint-form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    found.extend(f"anon public form errors: {phrase!r}" for phrase in english_on(page, pattern))

    assert len(seen) > 70, len(seen)  # 78 today
    assert not found, f"English on {len(found)} page(s):\n" + "\n".join(found)
