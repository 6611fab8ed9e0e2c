"""A referral from a case to Dinas Sosial and back, in a real browser: the case manager drafts
and sends it, the Dinas Sosial liaison accepts, logs an action and completes it, and the case
manager sees it completed. The liaison never reaches the case itself."""

from __future__ import annotations

from cases.models import LegalBasis, PersonRole
from cases.services import consent_record
from tests.browser import steps
from tests.browser.steps import Browser, Shots


def test_a_referral_is_sent_accepted_worked_on_and_completed(browser_world, live_server, page, csp_violations):
    world = browser_world
    case = world.case_a
    victim = case.people.get(role=PersonRole.VICTIM)
    consent_record(
        actor=world.manajer,
        victim=victim,
        basis=LegalBasis.CONSENT,
        given_on=victim.created_at.date(),
        consent_given_by="Ibu korban",
    )
    b = Browser(page, live_server.url, Shots("referral"))

    # The case manager drafts the referral from the case's referrals tab and sends it (consent
    # is recorded, so the case manager may send).
    b.log_in("manajer")
    referral = steps.referral_send(b, case, victim)

    # The Dinas Sosial liaison finds it in the inbox, accepts, logs an action and completes it;
    # opening the case itself gives the 404 page.
    b.log_in("penghubung")
    steps.referral_accept_act_complete(b, referral, victim)
    steps.liaison_gets_404_on_the_case(b, case, victim)

    # The case manager sees it completed, with the outcome and the receiver's action.
    b.log_in("manajer")
    steps.referral_seen_completed_by_sender(b, case)
    assert csp_violations == []
