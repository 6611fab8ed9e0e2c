"""Phone-first pages (issue 13 §2; docs/architecture.md#phone-first-layout), as the server sends
them: the emergency bar of the public pages, the filters in effect as chips, the navigation's
menus and the language choice in the user menu. The layout itself (no sideways scroll at 360 and
1366 px) is measured in Chromium: tests/browser/test_no_sideways_scroll.py."""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from uptdppa.navigation import nav_menu

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ("public:complaint", "public:status", "account_login")


def _html(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- The emergency bar ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_every_public_page_opens_with_the_emergency_numbers_above_its_form(client, name):
    html = _html(client, reverse(name))
    bar = html.index('id="emergency-bar"')
    assert bar < html.index("<main") and bar < html.index("<form")
    assert 'href="tel:112"' in html[bar:] and 'href="tel:129"' in html[bar:]
    assert "Dalam bahaya sekarang? Hubungi" in html  # Indonesian by default


@override_settings(UNIT_PHONE="(0741) 123-456")
def test_the_emergency_bar_gives_the_units_own_number_when_it_is_set(client):
    html = _html(client, reverse("public:complaint"))
    bar = html[html.index('id="emergency-bar"') : html.index("</aside>")]
    assert 'href="tel:0741123456"' in bar and "(0741) 123-456" in bar


@override_settings(UNIT_PHONE="")
def test_without_a_unit_number_the_bar_keeps_112_and_sapa(client):
    html = _html(client, reverse("account_login"))
    bar = html[html.index('id="emergency-bar"') : html.index("</aside>")]
    assert re.findall(r'href="tel:(\d+)"', bar) == ["112", "129"]


def test_staff_pages_have_no_emergency_bar(world, client):
    client.force_login(world.manajer)
    assert 'id="emergency-bar"' not in _html(client, reverse("home"))


# --- Filters in effect as chips -------------------------------------------------------------------


def _chips(response) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    return list(response.context["chips"])


def test_the_worklists_filters_in_effect_are_chips_each_removing_itself(world, client):
    client.force_login(world.kepala)
    response = client.get(reverse("cases:list"), {"status": "open", "overdue": "on", "sort": "received_asc"})
    chips = {chip["label"]: chip for chip in _chips(response)}
    assert set(chips) == {"Status", "Hanya yang terlambat"}  # the order is no filter
    assert chips["Status"]["value"] == "Terbuka" and chips["Hanya yang terlambat"]["value"] == ""
    assert "status=" not in chips["Status"]["url"] and "overdue=on" in chips["Status"]["url"]
    assert (
        "overdue" not in chips["Hanya yang terlambat"]["url"] and "status=open" in chips["Hanya yang terlambat"]["url"]
    )
    html = response.content.decode()
    assert 'aria-label="Saringan yang berlaku"' in html and 'data-bs-target="#worklist-filters"' in html


def test_a_search_term_is_a_chip_but_never_in_any_chips_address(world, client):
    client.force_login(world.kepala)
    response = client.get(reverse("cases:list"), {"q": "3571010101010001", "risk": "tinggi"})
    chips = _chips(response)
    assert {chip["label"] for chip in chips} == {"Cari", "Risiko"}
    assert all("3571010101010001" not in chip["url"] and "q=" not in chip["url"] for chip in chips)


def test_an_invalid_filter_is_no_chip_and_opens_the_folded_form(world, client):
    client.force_login(world.kepala)
    response = client.get(reverse("cases:list"), {"status": "nonsense", "received_from": "kemarin"})
    assert _chips(response) == []
    assert 'class="collapse filter-panel show"' in response.content.decode()  # the errors are not folded away


def test_the_htmx_results_carry_the_chips_too(world, client):
    client.force_login(world.kepala)
    response = client.get(reverse("cases:list"), {"mine": "on"}, headers={"HX-Request": "true"})
    assert response.templates[0].name == "cases/includes/worklist_results.html"
    assert "filter-chip" in response.content.decode()


def test_the_audit_lists_chips_name_the_user_and_the_dates_as_the_page_does(world, client):
    client.force_login(world.kepala)
    response = client.get(reverse("accounts:audit"), {"actor": world.manajer.pk, "date_from": "2026-03-01"})
    chips = {chip["label"]: chip["value"] for chip in _chips(response)}
    assert chips == {"Pengguna": str(world.manajer), "Dari tanggal": "1 Maret 2026"}
    assert client.get(reverse("accounts:audit")).context["chips"] == []


# --- Navigation -----------------------------------------------------------------------------------


def _item(label: str, group: str = "", active: bool = False) -> dict[str, object]:
    return {"label": label, "url": f"/{label}/", "icon": "x", "active": active, "group": group}


def test_a_group_is_one_menu_where_its_first_entry_was_and_a_lone_entry_stays_a_link():
    items = [_item("a"), _item("r1", "reports"), _item("b"), _item("r2", "reports", active=True), _item("d1", "data")]
    menu = nav_menu(items)
    assert [entry.get("id", entry["label"]) for entry in menu] == ["a", "nav-reports", "b", "d1"]
    assert menu[1]["active"] is True and [child["label"] for child in menu[1]["children"]] == ["r1", "r2"]


def test_the_heads_reports_and_data_protection_are_menus_and_the_language_is_in_her_user_menu(world, client):
    client.force_login(world.kepala)
    response = client.get(reverse("home"))
    menus = {entry["id"]: entry for entry in response.context["nav_menu"] if entry.get("children")}
    assert set(menus) == {"nav-reports", "nav-data"}
    assert reverse("reports:dashboard") in [child["url"] for child in menus["nav-reports"]["children"]]
    assert reverse("accounts:audit") in [child["url"] for child in menus["nav-data"]["children"]]
    html = response.content.decode()
    menu = html[html.index('aria-labelledby="user-menu"') :]
    assert 'id="language-select"' in menu and "language-form" not in html


def test_an_anonymous_visitor_chooses_the_language_in_the_bar(client):
    assert 'class="language-form' in _html(client, reverse("account_login"))
