"""In-app notifications: the list page, marking read, and the bell in the navigation bar."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from uptdppa.accounts.models import Notification
from uptdppa.accounts.services import notify

pytestmark = pytest.mark.django_db

PAGE = reverse("accounts:notifications")
MESSAGE = "Test notice about case %(case)s."  # not in the catalogue: shown as written


def send(user, case: str = "001/UPTD-PPA/I/2026", url: str = "/cases/") -> Notification:  # type: ignore[no-untyped-def]
    (pk,) = notify(recipients=[user], message=MESSAGE, params={"case": case}, url=url)
    return Notification.objects.get(pk=pk)


def bell(content: str) -> str:
    """The bell's link in the navigation bar."""
    found = re.search(r'<a [^>]*id="notification-bell".*?</a>', content, re.S)
    assert found is not None, "no bell in the navigation bar"
    return found.group(0)


def bell_count(content: str) -> int | None:
    """The number on the bell's badge, or None when there is no badge."""
    badge = re.search(r"badge[^>]*>\s*([^<\s]+)\s*<", bell(content))
    return int(badge.group(1)) if badge else None


def test_the_list_shows_the_users_notifications_with_text_time_and_link(world, client):
    send(world.kepala, case="007/UPTD-PPA/II/2026", url="/cases/antrean/")
    client.force_login(world.kepala)
    response = client.get(PAGE)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Test notice about case 007/UPTD-PPA/II/2026." in content
    assert '<a href="/cases/antrean/">' in content
    assert "<time" in content


def test_unread_notifications_are_highlighted_and_the_visit_marks_them_read(world, client):
    send(world.kepala)
    old = send(world.kepala, case="002/UPTD-PPA/I/2026")
    Notification.objects.filter(pk=old.pk).update(read_at=old.created_at)
    client.force_login(world.kepala)
    content = client.get(PAGE).content.decode()
    assert content.count("notification-unread") == 1
    assert not Notification.objects.filter(recipient=world.kepala, read_at__isnull=True).exists()
    assert "notification-unread" not in client.get(PAGE).content.decode()  # the second visit: all read


def test_a_visit_marks_read_only_the_notifications_shown(world, client):
    for i in range(30):
        send(world.kepala, case=f"{i:03d}/UPTD-PPA/I/2026")
    client.force_login(world.kepala)
    assert len(client.get(PAGE).context["notifications"]) == 25
    assert Notification.objects.filter(recipient=world.kepala, read_at__isnull=True).count() == 5
    client.get(PAGE, {"page": 2})
    assert not Notification.objects.filter(recipient=world.kepala, read_at__isnull=True).exists()


def test_a_notification_of_another_user_is_never_shown_nor_marked_read(world, client):
    send(world.pengaduan, case="999/UPTD-PPA/XII/2026")
    client.force_login(world.kepala)
    response = client.get(PAGE)
    assert "999/UPTD-PPA/XII/2026" not in response.content.decode()
    assert response.context["notifications"] == []
    assert Notification.objects.get(recipient=world.pengaduan).read_at is None


def test_a_link_that_leaves_the_application_is_not_made_a_link(world, client):
    send(world.kepala, url="https://example.com/phish")
    send(world.kepala, url="//example.com/phish")
    client.force_login(world.kepala)
    content = client.get(PAGE).content.decode()
    assert "example.com" not in content


def test_the_bell_shows_the_unread_count_until_the_list_is_read(world, client):
    client.force_login(world.kepala)
    assert bell_count(client.get(reverse("home")).content.decode()) is None
    send(world.kepala)
    send(world.kepala)
    send(world.pengaduan)  # someone else's: not counted
    content = client.get(reverse("home")).content.decode()
    assert bell_count(content) == 2
    assert re.search(r'aria-label="[^"]*\b2\b[^"]*"', bell(content))
    assert bell_count(client.get(PAGE).content.decode()) is None  # this visit read them
    assert bell_count(client.get(reverse("home")).content.decode()) is None


def test_the_bell_links_to_the_notifications_on_every_page_of_a_signed_in_user(world, client):
    client.force_login(world.penghubung)
    content = client.get(reverse("home")).content.decode()
    assert f'href="{PAGE}"' in bell(content)


def test_visitors_who_are_not_signed_in_have_no_bell_and_no_list(client, db):
    assert 'id="notification-bell"' not in client.get(reverse("account_login")).content.decode()
    response = client.get(PAGE)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_the_bell_shows_99_plus_past_99_with_the_true_count_in_its_label(world, client):
    Notification.objects.bulk_create([Notification(recipient=world.kepala, message=MESSAGE) for _ in range(120)])
    client.force_login(world.kepala)
    content = client.get(reverse("home")).content.decode()
    assert re.search(r"badge[^>]*>\s*99\+\s*<", bell(content))
    assert re.search(r'aria-label="[^"]*\b120\b[^"]*"', bell(content))


def test_the_user_menu_escapes_the_name_and_the_address_it_returns_to(world, client):
    world.kepala.first_name = '<script>alert("x")</script>'
    world.kepala.save()
    client.force_login(world.kepala)
    content = client.get(reverse("cases:list"), {"status": 'open"><b>'}).content.decode()
    assert '<script>alert("x")</script>' not in content
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in content
    assert 'value="/cases/?status=open%22%3E%3Cb%3E"' in content or "&quot;&gt;&lt;b&gt;" in content
    assert '"><b>' not in content


@pytest.mark.parametrize(
    ("language", "label"), [("id", "Notifikasi, 0 belum dibaca"), ("en", "Notifications, 0 unread")]
)
def test_the_bell_and_menu_speak_the_users_language(world, client, language, label):
    client.force_login(world.kepala)
    client.cookies["django_language"] = language
    content = client.get(reverse("home")).content.decode()
    assert f'aria-label="{label}"' in bell(content)
    assert f'<option value="{language}" lang="{language}" selected>' in content


def test_dates_and_times_in_a_notification_are_written_as_the_reader_writes_them(world):
    """Stored as codes (``2026-12-10``, ``2026-12-10 10:30`` local time), shown like every other
    date of the app, in the reader's language; other values as stored."""
    notification = Notification(
        recipient=world.kepala,
        message="Due %(due)s, reply by %(day)s (case %(case)s).",
        params={"due": "2026-12-10 10:30", "day": "2026-12-11", "case": "001/UPTD-PPA/I/2026"},
    )
    with translation.override("id"):
        assert (
            notification.text
            == "Due 10 Desember 2026, 10.30 WIB, reply by 11 Desember 2026 (case 001/UPTD-PPA/I/2026)."
        )
    with translation.override("en"):
        assert "10 December 2026" in notification.text and "11 December 2026" in notification.text
