"""Administrator screens for accounts and organisations. User changes go through services."""

from __future__ import annotations

from typing import Any

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from auditlog.render import get_field_verbose_name
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name")


class UserCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "role", "organisation", "email", "first_name", "last_name")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = UserCreationForm
    list_display = ("username", "get_full_name", "role", "organisation", "is_active", "last_login")
    list_filter = ("role", "organisation", "is_active")
    search_fields = ("username", "first_name", "last_name", "email")
    ordering = ("username",)
    readonly_fields = ("last_login", "date_joined", "is_active")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email", "phone")}),
        (_("Role"), {"fields": ("role", "organisation", "is_active")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "role",
                    "organisation",
                    "email",
                    "first_name",
                    "last_name",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    actions = ["deactivate", "reactivate"]

    def save_model(self, request: HttpRequest, obj: User, form: forms.ModelForm, change: bool) -> None:
        # Role changes decide is_staff; keep that rule in one place (services._apply_role).
        if change and "role" in form.changed_data:
            services.user_set_role(user=obj, role=obj.role)
        else:
            obj.is_staff = obj.role == "admin"
            super().save_model(request, obj, form, change)

    @admin.action(description=_("Deactivate selected users (end their sessions and tokens)"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        users = [u for u in queryset if u.pk != request.user.pk]
        for user in users:
            services.user_deactivate(user=user)
        n = len(users)
        self.message_user(request, ngettext("%d user deactivated.", "%d users deactivated.", n) % n, messages.SUCCESS)

    @admin.action(description=_("Reactivate selected users"))
    def reactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            services.user_reactivate(user=user)
        self.message_user(request, _("Users reactivated."), messages.SUCCESS)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


# The audit trail is read on its own page (akun/audit/); in the admin it is read-only.
admin.site.unregister(LogEntry)

# Apps whose records are case content: their entries show which fields changed, never the values.
CASE_CONTENT_APPS = frozenset({"cases", "referrals"})


@admin.register(LogEntry)
class ReadOnlyLogEntryAdmin(LogEntryAdmin):
    # Never the change text: a search must not find an entry by a value it holds.
    search_fields = [f for f in LogEntryAdmin.search_fields if not f.startswith("changes")]

    @admin.display(description=_("Changes"))
    def msg(self, obj: LogEntry) -> str:
        if obj.content_type.app_label not in CASE_CONTENT_APPS:
            return super().msg(obj)  # type: ignore[no-any-return]
        names = [str(get_field_verbose_name(obj, field)) for field in obj.changes_dict]
        return ", ".join(names) or "—"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
