"""axe-core (vendored in tests/browser/vendor/, never served by the app) on the main pages of every
role, under the app's own CSP: no violation of impact "serious" or "critical" of WCAG 2.1 A/AA or
axe's best practices. One browser page per role, reused across its pages; a JSON report per page
in test-artifacts/axe/."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser, Page, expect

from cases.models import LegalBasis, PersonRole
from cases.services import consent_record
from referrals.models import DEFAULT_SHARED_FIELDS, Referral
from referrals.services import referral_create, referral_send
from tests.browser.conftest import AXE_BLOCKING, axe_audit, axe_source, axe_summary
from tests.browser.steps import DESKTOP, PHONE, log_in
from tests.conftest import World
from uptdppa.accounts.models import Organisation


def sent_referral(world: World) -> Referral:
    """case_a's victim referred to Dinas Sosial and sent, so that both ends have pages to show."""
    case = world.case_a
    victim = case.people.get(role=PersonRole.VICTIM)
    consent_record(
        actor=world.manajer,
        victim=victim,
        basis=LegalBasis.CONSENT,
        given_on=victim.created_at.date(),
        consent_given_by="Ibu",
    )
    referral = referral_create(
        actor=world.manajer,
        case=case,
        victims=[victim],
        organisation=Organisation.objects.get(name="Dinas Sosial Kota Jambi"),
        services=["rehabilitasi_sosial"],
        reason="Uji aksesibilitas.",
        shared_fields=DEFAULT_SHARED_FIELDS,
        facts="Anak tinggal bersama nenek.",
    )
    return referral_send(actor=world.manajer, referral=referral)


def pages_by_role(world: World, referral: Referral) -> dict[str, list[tuple[str, str]]]:
    """(report name, path) of the pages to check, by the user who opens them ("anonim": nobody
    logged in). A name ending in "-404" is the page a user gets outside their scope."""
    case = f"/cases/{world.case_a.code}"
    return {
        "anonim": [
            ("login", "/accounts/login/"),
            ("public-complaint", "/pengaduan/"),
            ("public-status", "/pengaduan/status/"),
        ],
        "kepala": [
            ("kepala-home", "/"),
            ("kepala-case-list", "/cases/"),
            ("kepala-intake-queue", "/cases/antrean/"),
            ("kepala-case-detail", f"{case}/"),
            ("kepala-case-layanan", f"{case}/layanan/"),
            ("kepala-case-perlindungan", f"{case}/perlindungan/"),
            ("kepala-case-hukum", f"{case}/hukum/"),
            ("kepala-case-lampiran", f"{case}/lampiran/"),
            ("kepala-case-penutupan", f"{case}/penutupan/"),
            ("kepala-case-rujukan", f"/rujukan/kasus/{world.case_a.code}/"),
            ("kepala-team", f"{case}/tim/"),
            ("kepala-triage", f"/cases/{world.intake_c.code}/triase/"),
            ("kepala-referral-detail", f"/rujukan/{referral.code}/"),
            ("kepala-referrals-overview", "/rujukan/ikhtisar/"),
            ("kepala-dashboard", "/laporan/dasbor/"),
            ("kepala-audit", "/akun/audit/"),
        ],
        "pengaduan": [
            ("pengaduan-home", "/"),
            ("pengaduan-intake-form", "/cases/pengaduan-baru/"),
            ("pengaduan-intake-queue", "/cases/antrean/"),
        ],
        "manajer": [
            ("manajer-home", "/"),
            ("manajer-tasks", "/cases/tugas/"),
            ("manajer-notifications", "/akun/notifikasi/"),
            ("manajer-case-detail", f"{case}/"),
            ("manajer-outreach-form", f"{case}/layanan/penjangkauan/tambah/"),
            ("manajer-plan-item-form", f"{case}/layanan/rencana/tambah/"),
            ("manajer-referral-form", f"/rujukan/kasus/{world.case_a.code}/baru/"),
            ("manajer-closure-request", f"{case}/penutupan/"),
        ],
        "psikolog": [
            ("psikolog-case-perlindungan", f"{case}/perlindungan/"),
            ("psikolog-psych-session-form", f"{case}/perlindungan/sesi-psikologis/tambah/"),
        ],
        "hukum": [
            ("hukum-case-hukum", f"{case}/hukum/"),
            ("hukum-legal-event-form", f"{case}/hukum/proses/tambah/"),
        ],
        "penghubung": [
            ("penghubung-home", "/"),
            ("penghubung-inbox", "/rujukan/masuk/"),
            ("penghubung-inbox-detail", f"/rujukan/masuk/{referral.code}/"),
            ("penghubung-case-404", f"{case}/"),
        ],
        "operator": [
            ("operator-home", "/"),
            ("operator-statistics", "/laporan/ekspor/"),
            ("operator-simfoni", "/laporan/simfoni/"),
            ("operator-snapshot", "/laporan/snapshot/"),
        ],
        "pimpinan": [
            ("pimpinan-home", "/"),
            ("pimpinan-dashboard", "/laporan/dasbor/"),
        ],
        "admin": [
            ("admin-home", "/"),
            ("admin-audit", "/akun/audit/"),
        ],
    }


def audit_pages(page: Page, base: str, pages: list[tuple[str, str]]) -> dict[str, list[dict[str, Any]]]:
    found = {}
    for name, path in pages:
        response = page.goto(base + path)
        expected = 404 if name.endswith("-404") else 200
        assert response is not None and response.status == expected, (path, response and response.status)
        found[f"{name} ({path})"] = axe_audit(page, name)
    return found


def test_the_main_pages_of_every_role_have_no_serious_accessibility_violation(
    browser_world, live_server, browser: Browser
):
    referral = sent_referral(browser_world)
    results: dict[str, list[dict[str, Any]]] = {}
    for role, pages in pages_by_role(browser_world, referral).items():
        # The public pages on a phone, as most complaints arrive; staff pages on a desktop.
        context = browser.new_context(locale="id-ID", viewport=PHONE if role == "anonim" else DESKTOP)
        context.add_init_script(axe_source())  # in every page before its own scripts, outside the CSP
        try:
            page = context.new_page()
            page.set_default_timeout(10_000)
            if role != "anonim":
                log_in(page, live_server.url, role)
            results.update(audit_pages(page, live_server.url, pages))
            if role == "anonim":  # and the complaint form sent empty: its error summary and field errors
                page.goto(f"{live_server.url}/pengaduan/")
                page.locator("#complaint-form button[type=submit]").click()
                expect(page.locator("#error-summary")).to_be_focused()
                results["public-complaint-errors"] = axe_audit(page, "public-complaint-errors")
        finally:
            context.close()

    assert len(results) == 1 + sum(len(pages) for pages in pages_by_role(browser_world, referral).values())
    blocking = {where: [v for v in found if v["impact"] in AXE_BLOCKING] for where, found in results.items()}
    if any(blocking.values()):
        report = [f"{where}:\n{axe_summary(found)}" for where, found in results.items() if found]
        raise AssertionError(
            "serious or critical accessibility violations (all violations listed):\n" + "\n".join(report)
        )
