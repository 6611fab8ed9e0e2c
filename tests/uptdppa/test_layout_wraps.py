"""What a phone walk (360 px) and a laptop (1366 px) found wrapping badly, checked without a browser:
a "·" separator never starts a line, the pager wraps as whole groups, the legal tab puts each
section's actions under its heading after the case's tabs, and the public receipt tells the truth
about when its code and PIN can no longer be shown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from cases.models import PersonRole
from cases.services import person_add
from cases.vocabularies import ViolenceForm
from tests.factories import PersonFactory

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# A title is plain text in the browser's tab, not laid out in lines.
_TITLES = re.compile(r"{% block title %}.*?{% endblock title %}|<title>.*?</title>", re.S)
_TRAILING_TAGS = re.compile(r"(?:<[^<>]*>|{%[^%]*%})+$")

RECEIPT_ADVICE = (
    "Write down these two numbers now, or take a photo of them. You need both to check the status of "
    "your complaint, and once you leave this page we cannot show them again."
)


def _separators_after_a_breaking_space(text: str) -> list[str]:
    """Each "·" whose preceding text (tags and template tags aside) ends in a breakable space or
    nothing at all: the browser may start a line with it."""
    found = []
    for match in re.finditer("·", text):
        before = _TRAILING_TAGS.sub("", text[: match.start()])
        if not before.endswith("&nbsp;"):
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"line {line}: {text[max(0, match.start() - 60) : match.end() + 20]!r}")
    return found


def test_no_separator_dot_in_the_templates_can_start_a_line():
    problems = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = _TITLES.sub("", path.read_text(encoding="utf-8"))
        problems += [f"{path.relative_to(TEMPLATES)} {found}" for found in _separators_after_a_breaking_space(text)]
    assert not problems, "a '·' after a breakable space (write '&nbsp;· '):\n" + "\n".join(problems)


def test_the_check_itself_finds_a_dot_after_a_space_or_a_line_break():
    assert _separators_after_a_breaking_space("a · b")
    assert _separators_after_a_breaking_space("a\n  · b")
    assert _separators_after_a_breaking_space('a <span class="x">· b</span>')
    assert not _separators_after_a_breaking_space("a{% endif %}&nbsp;· b")
    assert not _separators_after_a_breaking_space('a&nbsp;<span class="x">· b</span>')


@pytest.mark.parametrize(("number", "pages"), [(1, 3), (2, 3), (3, 3)])
def test_the_pager_is_three_groups_that_wrap_whole(number, pages):
    page = Paginator(list(range(pages * 10)), 10).page(number)
    html = render_to_string("includes/pagination.html", {"page": page, "query": "status=open"})
    groups = re.findall(r'<ul class="pagination[^"]*">(.*?)</ul>', html, re.S)
    assert len(groups) == 3
    first, current, last = groups
    assert "bi-chevron-double-left" in first and "bi-chevron-left" in first
    assert 'aria-current="page"' in current and f">{number}<" in current
    # "»" goes with "Next ›": it never stands alone on a line.
    assert "bi-chevron-right" in last and "bi-chevron-double-right" in last
    if number < pages:
        assert f"status=open&amp;page={number + 1}" in last and f"page={pages}" in last


def _legal_page(client, user, case) -> str:
    client.force_login(user)
    response = client.get(reverse("cases:legal", args=[case.code]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_legal_tab_shows_the_tabs_first_and_each_sections_actions_under_its_heading(world, client):
    PersonFactory(case=world.case_a, role=PersonRole.PERPETRATOR, nickname="Terlapor")  # events name one
    html = _legal_page(client, world.manajer, world.case_a)

    def at(name: str) -> int:
        return html.index(f'href="{reverse(f"cases:{name}", args=[world.case_a.code])}"')

    tabs = html.index('class="nav nav-tabs flex-wrap case-nav"')
    assert html.index("<h1") < tabs
    process, victims, mediations = (html.index(f'id="{h}-heading"') for h in ("process", "victims", "mediations"))
    assert tabs < process < at("legal-event-add") < at("restitution-set") < victims
    assert victims < at("accompaniment-add") < at("legal-aid-add") < mediations
    assert mediations < at("mediation-open")
    assert 'id="legal-actions"' in html


def test_a_refused_mediation_is_explained_in_the_mediation_section(world, client):
    person_add(
        actor=None, case=world.case_a, role=PersonRole.VICTIM, violence_forms=[ViolenceForm.SEKSUAL], nickname="Ani"
    )
    html = _legal_page(client, world.manajer, world.case_a)
    mediations = html.index('id="mediations-heading"')
    assert mediations < html.index('id="mediation-actions"') < html.index('id="mediation-refusal"')
    assert re.search(r'id="mediation-actions">\s*<button type="button" class="btn[^"]*" disabled', html)


def test_a_person_without_a_legal_permission_sees_no_section_action(world, client):
    html = _legal_page(client, world.psikolog, world.case_a)
    for name in ("process", "victim", "mediation"):
        assert f'id="{name}-actions"' not in html


def test_the_receipt_says_the_code_and_pin_cannot_be_shown_again_once_the_page_is_left(world, client):
    from tests.cases.test_public import SENT_URL, submit

    response = submit(client)
    assert [t.name for t in response.templates][0] == "cases/public/complaint_sent.html"
    with translation.override(response.headers.get("Content-Language") or settings.LANGUAGE_CODE):
        advice = escape(gettext(RECEIPT_ADVICE))
    html = response.content.decode()
    assert advice in html
    # ... and a reload shows it again, as the advice now allows.
    again = client.get(SENT_URL).content.decode()
    assert advice in again and response.context["tracking_code"] in again


def test_the_receipts_advice_is_translated_into_indonesian():
    with translation.override("id"):
        advice = gettext(RECEIPT_ADVICE)
    assert advice != RECEIPT_ADVICE
    assert "setelah Anda meninggalkan halaman ini" in advice
