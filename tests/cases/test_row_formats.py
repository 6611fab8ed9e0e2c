"""The case rows write dates without Django's DateFormat for most characters
(cases.templatetags.cases_tags._compiled_format): the output must be Django's, character for character."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import dateformat, timezone, translation
from django.utils.formats import get_format
from django.utils.html import escape

from cases.templatetags.cases_tags import _compiled_format

MOMENTS = [
    datetime(2026, 12, 7, 2, 5, 9, tzinfo=UTC),
    datetime(2024, 2, 29, 23, 59, tzinfo=UTC),
    datetime(2025, 1, 1, 0, 0, tzinfo=UTC),
]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("zone", ["Asia/Jakarta", "Asia/Makassar", "Europe/Amsterdam"])
def test_the_rows_dates_are_djangos(language, zone):
    tz = ZoneInfo(zone)
    with translation.override(language):
        for fmt in (str(get_format("DATETIME_FORMAT")), "d/m/Y H:i T", r"j F Y \j\a\m G:i:s y n"):
            write = _compiled_format(fmt)
            for moment in MOMENTS:
                local = moment.astimezone(tz)
                assert write(local) == escape(dateformat.format(local, fmt)), (fmt, local)


def test_an_ambiguous_local_time_has_no_zone_name_as_with_django():
    # 27 October 2024, 02:30 happened twice in Amsterdam: Django writes no zone name then.
    ambiguous = datetime(2024, 10, 27, 2, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))
    assert _compiled_format("H:i T")(ambiguous) == escape(dateformat.format(ambiguous, "H:i T"))


# What the timeline's template wrote for each event before cases_tags.timeline_items wrote it.
TIMELINE_TEMPLATE = """{% load i18n %}{% for event in events %}
      <li class="list-group-item px-0 timeline-event" data-kind="{{ event.kind }}">
        <span class="d-block fw-semibold">{{ event.get_kind_display }}</span>
        <span class="small text-body-secondary">
          <time datetime="{{ event.at|date:'c' }}">{{ event.at|date:"DATETIME_FORMAT" }}</time>&nbsp;·
          {% if event.actor %}{{ event.actor.display_name }}{% else %}{% translate "System" %}{% endif %}
        </span>
      </li>
    {% endfor %}"""


def _markup(html: str) -> str:
    """HTML without the whitespace between and around tags that a browser does not show."""
    return re.sub(r"\s+<", "<", re.sub(r">\s+", ">", re.sub(r"\s+", " ", html))).strip()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["id", "en"])
def test_the_timeline_items_are_what_the_template_wrote(world, language):
    from django.template import Context, Template

    from cases.models import CaseEvent, EventKind
    from cases.templatetags.cases_tags import timeline_items

    world.manajer.first_name = 'Rina <b>"M"</b>'
    events = [
        CaseEvent(case=world.case_a, kind=kind, at=moment, actor=actor)
        for kind in (*EventKind.values, "not_a_kind")
        for moment, actor in zip(MOMENTS, (world.manajer, None, world.kepala), strict=True)
    ]
    with translation.override(language), timezone.override(ZoneInfo("Asia/Jakarta")):
        expected = Template(TIMELINE_TEMPLATE).render(Context({"events": events}))
        assert _markup(timeline_items(events)) == _markup(expected)
    assert "&lt;b&gt;&quot;M&quot;&lt;/b&gt;" in timeline_items(events)
