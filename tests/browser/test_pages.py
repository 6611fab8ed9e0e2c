"""The foundation's pages in a real browser: login, role home pages, language, phone width, CSP."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import shot
from tests.conftest import PASSWORD

PHONE = {"width": 360, "height": 740}

# What each role must (and must not) find in the navigation.
NAV = {
    "kepala": ({"Beranda", "Kasus", "Jejak audit"}, {"Administrasi"}),
    "manajer": ({"Beranda", "Kasus"}, {"Jejak audit", "Administrasi"}),
    "pengaduan": ({"Beranda", "Kasus"}, {"Jejak audit", "Administrasi"}),
    "operator": ({"Beranda"}, {"Kasus", "Jejak audit", "Administrasi"}),
    "admin": ({"Beranda", "Jejak audit", "Administrasi"}, {"Kasus"}),
    "penghubung": ({"Beranda"}, {"Kasus", "Jejak audit", "Administrasi"}),
    "pimpinan": ({"Beranda"}, {"Kasus", "Jejak audit", "Administrasi"}),
}


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/")
    expect(page).to_have_url(f"{base_url}/accounts/login/?next=/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    expect(page).to_have_url(f"{base_url}/")


def nav_labels(page: Page) -> set[str]:
    # The links of the bar and of its menus (reports, data protection).
    links = page.locator("#main-navbar a.nav-link, #main-navbar .navbar-nav a.dropdown-item")
    return {text.strip() for text in links.all_text_contents() if text.strip()}


@pytest.mark.parametrize("username", sorted(NAV))
def test_each_role_logs_in_on_a_phone_and_sees_its_home_page(
    browser_world, live_server, page, csp_violations, username
):
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, username)
    user = browser_world.users[username]
    expect(page.locator("h1")).to_contain_text(user.get_role_display())

    page.locator(".navbar-toggler").click()
    labels = nav_labels(page)
    must, must_not = NAV[username]
    assert must <= labels and not (must_not & labels), labels

    # Nothing wider than the phone: no sideways scrolling of the whole page.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, f"home-{username}-360")
    assert csp_violations == []


def test_case_pages_show_a_team_member_the_case_and_not_an_outsider(browser_world, live_server, page, csp_violations):
    log_in(page, live_server.url, "manajer")
    page.goto(f"{live_server.url}/cases/")
    page.locator(f"a[href='/cases/{browser_world.case_a.code}/']").first.click()
    victim = browser_world.case_a.people.get()
    expect(page.locator("main")).to_contain_text(victim.full_name)
    shot(page, "case-detail-manajer")

    response = page.goto(f"{live_server.url}/cases/{browser_world.case_b.code}/")
    assert response is not None and response.status == 404
    expect(page.locator("main")).not_to_contain_text(browser_world.case_b.people.get().full_name)
    assert csp_violations == []


def test_the_language_switch_turns_the_interface_to_english_and_back(browser_world, live_server, page):
    log_in(page, live_server.url, "kepala")
    assert page.get_attribute("html", "lang") == "id"
    page.locator("#user-menu").click()  # the language choice is in the user menu
    page.select_option("select[name=language]", "en")
    page.locator("form[action$='/i18n/setlang/'] button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text("Head of UPTD PPA")
    shot(page, "home-kepala-english")
    page.locator("#user-menu").click()
    page.select_option("select[name=language]", "id")
    page.locator("form[action$='/i18n/setlang/'] button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", "id")


@pytest.mark.parametrize("path", ["/accounts/login/", "/akun/audit/"])
def test_every_form_field_has_a_label(browser_world, live_server, page, path):
    if path != "/accounts/login/":
        log_in(page, live_server.url, "kepala")
    page.goto(f"{live_server.url}{path}")
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('main input, main select, main textarea')]
            .filter(el => !['hidden', 'submit', 'button'].includes(el.type))
            .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
            .map(el => el.name)"""
    )
    assert unlabelled == []


def test_the_first_tab_reaches_the_skip_link(browser_world, live_server, page):
    page.goto(f"{live_server.url}/accounts/login/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main-content"


def test_a_wrong_password_keeps_the_username_and_explains(browser_world, live_server, page):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", "manajer")
    page.fill("input[name=password]", "bukan-sandinya")
    page.click("main form button[type=submit]")
    expect(page.locator("main")).to_contain_text("tidak benar")
    expect(page.locator("input[name=login]")).to_have_value("manajer")
    shot(page, "login-error-360")
