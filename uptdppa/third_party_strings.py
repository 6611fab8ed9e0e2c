"""Strings of Django and of third-party apps that the project's catalogue translates itself.

The project's catalogue (LOCALE_PATHS) wins over every app's, so an entry there replaces a
missing or poor Indonesian upstream: django-auditlog ships none ("AUDIT LOG" in the admin), and
Django's admin and auth say "Rubah atau tampilkan tautan kunjungan" and "Autentidikasi
berdasarkan-sandi". They are marked here, never called, so that ``makemessages`` keeps them in
locale/id/LC_MESSAGES/django.po and tests/uptdppa/test_translations_complete.py checks them like
the project's own (docs/architecture.md#translations).
"""

from __future__ import annotations

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO_AUDITLOG = (
    gettext_noop("Audit log"),
    gettext_noop("Audit log: %s"),
    gettext_noop("Resource Type"),
    gettext_noop("Correlation ID"),
    gettext_noop("Click to filter by records with this correlation id"),
    gettext_noop("Resource"),
    gettext_noop("View"),
    gettext_noop("create"),
    gettext_noop("update"),
    gettext_noop("delete"),
    gettext_noop("access"),
    gettext_noop("content type"),
    gettext_noop("object pk"),
    gettext_noop("object id"),
    gettext_noop("object representation"),
    gettext_noop("action"),
    gettext_noop("change message"),
    gettext_noop("actor"),
    gettext_noop("remote address"),
    gettext_noop("remote port"),
    gettext_noop("timestamp"),
    gettext_noop("additional data"),
    gettext_noop("actor email"),
    gettext_noop("log entry"),
    gettext_noop("log entries"),
    gettext_noop("Created {repr:s}"),
    gettext_noop("Updated {repr:s}"),
    gettext_noop("Deleted {repr:s}"),
    gettext_noop("Logged {repr:s}"),
    gettext_noop("Field"),
    gettext_noop("Relationship"),
    gettext_noop("Objects"),
    gettext_noop("system"),
    gettext_noop("No field changes"),
    gettext_noop("No log entries found."),
    ngettext_lazy("entry", "entries"),
)

# Django's own Indonesian with misspellings ("rubah", "autentidikasi") or English left in.
DJANGO_ADMIN_AND_AUTH = (
    gettext_noop("Change or view list link"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("This action will <strong>enable</strong> password-based authentication for this user."),
    gettext_noop("Disable password-based authentication"),
    gettext_noop("Enable password-based authentication"),
    gettext_noop("Password-based authentication was disabled."),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. If disabled, they may still be "
        "able to authenticate using other backends, such as Single Sign-On or LDAP."
    ),
    gettext_noop("Password-based authentication"),
    gettext_noop("Enable password-based authentication for this user by setting a password."),
)
