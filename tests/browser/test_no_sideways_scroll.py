"""Every page of every role fits the width of a phone (360x740) and of a laptop (1366x768): the page
never scrolls sideways and no table cell, tab, navigation link or button lies outside the window
(issue 13 §2; docs/architecture.md#phone-first-layout).

The pages are those of the Indonesian check (tests/browser/test_indonesian_everywhere.py): each page
row of the access matrix that answers a role 200 inside its scope, as that role, plus the public
pages and the public form with its errors; Django's own admin screens (the administrator's tool,
styled by Django) are left out. No element is let off for being inside a scrolling box: a table
that only fits by scrolling sideways hides its columns without a hint, so it fails here too.
Two more things the issue saw: at 1366 px the navigation bar is one row, and a chart is never
squashed (its drawing area at least 150 px high). And on a phone, where a table's rows are cards,
no line of a cell's value runs on under the cell's label (a user's role under "Pengguna", a
record's code under "Objek").
"""

from __future__ import annotations

import re

from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, ViewportSize, expect

from tests import access_matrix as matrix
from tests.browser.test_indonesian_everywhere import PER_ROLE, pages_of
from tests.test_access_matrix import build_subjects

VIEWPORTS: dict[str, ViewportSize] = {"360": {"width": 360, "height": 740}, "1366": {"width": 1366, "height": 768}}

# What lies outside the window: the document's own sideways scroll, and every visible cell, tab,
# navigation link and button whose box leaves the window to the left or right.
OVERFLOW = """() => {
    const width = window.innerWidth;
    const found = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) found.push(`page ${root.scrollWidth}px wide`);
    const describe = el => {
        const text = (el.innerText || el.getAttribute('aria-label') || '').trim().split(/\\s+/).slice(0, 4).join(' ');
        const id = el.id ? '#' + el.id : '';
        return `${el.tagName.toLowerCase()}${id} "${text}"`;
    };
    for (const el of document.querySelectorAll('td, th, .nav-link, .btn, button')) {
        if (!el.checkVisibility({visibilityProperty: true})) continue;
        const box = el.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue;
        if (box.right > width + 1 || box.left < -1)
            found.push(`${describe(el)} at ${Math.round(box.left)}..${Math.round(box.right)}px`);
    }
    // A table shown as cards (below 768 px): the label takes the first 42% of each cell, and no
    // line of the value may run on under it, or past the card's edge.
    if (width < 768) {
        for (const cell of document.querySelectorAll('.table-stack > tbody > tr > [data-label]')) {
            if (!cell.checkVisibility({visibilityProperty: true})) continue;
            const box = cell.getBoundingClientRect();
            // The lines of text people see (not those kept for screen readers), and the controls.
            const lines = [];
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let text = walker.nextNode(); text; text = walker.nextNode()) {
                const parent = text.parentElement;
                if (!text.textContent.trim() || parent.closest('.visually-hidden')) continue;
                if (!parent.checkVisibility({visibilityProperty: true})) continue;
                const range = document.createRange();
                range.selectNodeContents(text);
                lines.push(...[...range.getClientRects()].filter(r => r.width > 1));
            }
            for (const control of cell.querySelectorAll('input, select, textarea, .btn')) {
                if (control.checkVisibility({visibilityProperty: true})) lines.push(control.getBoundingClientRect());
            }
            if (lines.some(r => r.left < box.left + 0.42 * box.width - 1))
                found.push(`${describe(cell)} runs on under its label "${cell.dataset.label}"`);
            const right = Math.max(...lines.map(r => r.right));
            if (right > box.right + 1) found.push(`${describe(cell)} runs past the card at ${Math.round(right)}px`);
        }
    }
    const bar = document.querySelector('#main-navbar > .navbar-nav');
    if (width >= 1200 && bar && bar.getBoundingClientRect().height > 60)
        found.push(`navigation ${Math.round(bar.getBoundingClientRect().height)}px high (more than one row)`);
    for (const canvas of document.querySelectorAll('canvas[data-chart-data]')) {
        const chart = window.Chart && window.Chart.getChart(canvas);
        if (chart && chart.chartArea && chart.chartArea.height < 150)
            found.push(`chart #${canvas.id} drawn ${Math.round(chart.chartArea.height)}px high`);
    }
    return found;
}"""

MAX_PER_PAGE = 3  # the first few culprits of a page say enough


def overflow_on(page: Page) -> list[str]:
    found: list[str] = page.evaluate(OVERFLOW)
    return found[:MAX_PER_PAGE] + ([f"... {len(found) - MAX_PER_PAGE} more"] if len(found) > MAX_PER_PAGE else [])


def test_no_page_scrolls_sideways_on_a_phone_or_a_laptop(browser_world, live_server, page):
    subjects = build_subjects(browser_world)
    found: list[str] = []
    # The stylesheets load (the layout is theirs); fonts and images do not (only their boxes matter).
    page.route(re.compile(r"\.(woff2?|ttf|png|jpe?g|svg|ico)(\?.*)?$"), lambda route: route.abort())

    def visit(url: str, who: str) -> None:
        response = page.goto(f"{live_server.url}{url}", wait_until="load")
        assert response is not None and response.status == 200, f"{who} {url}: {response and response.status}"
        for name, size in VIEWPORTS.items():
            page.set_viewport_size(size)
            page.wait_for_timeout(50)  # the charts redraw on resize
            found.extend(f"{name} {who} {url}: {culprit}" for culprit in overflow_on(page))

    seen: set[str] = set()
    admin = reverse("admin:index")
    for role in ("kepala", *(r for r in matrix.ROLES if r != "kepala")):
        client = Client()
        client.force_login(browser_world.users[role])
        own = {reverse(name) for name in PER_ROLE}
        urls = [
            url for url in pages_of(role, subjects) if (url not in seen or url in own) and not url.startswith(admin)
        ]
        page.context.clear_cookies()
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
        for url in dict.fromkeys(urls):
            visit(url, role)
        seen.update(urls)

    page.context.clear_cookies()
    for name in ("public:complaint", "public:status", "account_login"):
        visit(reverse(name), "anon")
        seen.add(reverse(name))
    # The public form's errors (a phone that is no number, the rest empty), sent from a phone.
    page.set_viewport_size(VIEWPORTS["360"])
    page.goto(f"{live_server.url}{reverse('public:complaint')}")
    page.fill("#id_reporter_phone", "12")
    with page.expect_navigation():
        page.locator("#complaint-form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    for name, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        found.extend(f"{name} anon public form errors: {culprit}" for culprit in overflow_on(page))

    assert len(seen) > 70, len(seen)
    assert not found, f"{len(found)} overflow(s):\n" + "\n".join(found)
