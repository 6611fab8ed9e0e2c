"""The SIMFONI work list's marker as a phone walk met it: the browser asks for the number first,
a refusal names the case (the message stands above the whole list), the messages say "dicatat"
as the column and the button do, and the button keeps to one line."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from cases.models import Case
from cases.services import case_mark_simfoni_entered
from tests.reports.test_simfoni import data, worklist  # noqa: F401 (the hand-built period)

pytestmark = pytest.mark.django_db


def number_input(html: str, case: Case) -> str:
    return re.search(rf'<input[^>]*id="simfoni-number-{case.code}"[^>]*>', html).group(0)


def test_the_browser_asks_for_the_number_unless_the_case_has_one(world, client, data):  # noqa: F811
    html = worklist(client, world.operator).content.decode()
    assert " required" in number_input(html, data["child"])
    assert " required" not in number_input(html, data["woman"])  # SIMFONI-77 is kept: marked without it


def test_an_empty_number_is_refused_naming_the_case(world, client, data):  # noqa: F811
    client.force_login(world.operator)
    url = reverse("reports:simfoni_mark", args=[data["child"].code])
    response = client.post(url, {"entered": "1", "simfoni_number": "  "}, follow=True)
    number = data["child"].register_number
    assert [str(m) for m in response.context["messages"]] == [
        f"{number}: Isi nomor yang diberikan SIMFONI PPA untuk kasus ini."
    ]
    assert Case.objects.get(pk=data["child"].pk).simfoni_entered_at is None
    # The list opens on the case's row, which is marked (its :target).
    refused = client.post(url, {"entered": "1", "simfoni_number": "  "})
    row = f"simfoni-row-{data['child'].code}"
    assert refused.url.endswith(f"#{row}")
    assert f'id="{row}"' in worklist(client, world.operator).content.decode()
    marked = client.post(url, {"entered": "1", "simfoni_number": "1571-2025-0042"})
    assert "#" not in marked.url


def test_the_messages_say_dicatat_like_the_column_and_the_button(world, client, data):  # noqa: F811
    client.force_login(world.operator)
    url = reverse("reports:simfoni_mark", args=[data["child"].code])
    number = data["child"].register_number
    marked = client.post(url, {"entered": "1", "simfoni_number": "1571-2025-0042"}, follow=True)
    assert [str(m) for m in marked.context["messages"]] == [f"{number} ditandai sudah dicatat di SIMFONI."]
    html = marked.content.decode()
    assert "Dicatat di SIMFONI" in html and "dimasukkan" not in html
    unmarked = client.post(url, {"entered": "0"}, follow=True)
    assert [str(m) for m in unmarked.context["messages"]] == [f"{number} ditandai belum dicatat di SIMFONI."]
    assert "Tandai sudah dicatat" in unmarked.content.decode()


def test_the_mark_button_keeps_to_one_line(world, client, data):  # noqa: F811
    case_mark_simfoni_entered(actor=world.operator, case=data["woman"])
    html = worklist(client, world.operator).content.decode()
    button = re.search(
        r'<button type="submit" class="([^"]*)"><i class="bi bi-check2[^>]*></i>Tandai sudah dicatat', html
    )
    assert button and "text-nowrap" in button.group(1).split()
