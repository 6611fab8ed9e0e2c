"""The case rows write dates without Django's DateFormat for most characters
(cases.templatetags.cases_tags._compiled_format): the output must be Django's, character for character."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import dateformat, translation
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
