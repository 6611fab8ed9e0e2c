"""Administrator screens for accounts and organisations. User changes go through services."""

from __future__ import annotations

from typing import Any

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from auditlog.render import get_field_verbose_name
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name")


ROLE_HELP = _(
    "A role that opens case content (head of the unit, intake officer, case manager, psychologist, "
    "legal advisor, data operator) applies only when the head of the unit approves it in the "
    "application (Role changes): an existing account keeps its current role until then, a new account "
    "is created inactive and is activated by the approval. Nobody changes their own role."
)


NEW_ACCOUNT_PENDING = _(
    "The account is created inactive: its role %(role)s awaits the approval of the head of the unit."
)
ROLE_PENDING = _("The role %(role)s awaits the approval of the head of the unit; until then the user keeps their role.")


class UserCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "role", "organisation", "email", "first_name", "last_name")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].help_text = ROLE_HELP


class UserChangeForm(DjangoUserChangeForm):
    actor: Any = None  # set by UserAdmin.get_form: who is editing

    class Meta(DjangoUserChangeForm.Meta):
        model = User
        fields = "__all__"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "role" in self.fields:
            self.fields["role"].help_text = ROLE_HELP

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Refused here, beside the field, rather than in save_model where it could only fail.
        if "role" in self.changed_data and data.get("role") and self.actor is not None:
            try:
                services.role_change_refusal(actor=self.actor, user=self.instance, role=data["role"])
            except ValidationError as error:
                self.add_error(None, error)
        return data


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = UserCreationForm
    form = UserChangeForm
    list_display = ("username", "full_name", "role", "organisation", "is_active", "last_login")
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

    @admin.display(description=_("Full name"), ordering="first_name")
    def full_name(self, obj: User) -> str:
        return obj.get_full_name()

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user  # type: ignore[attr-defined]  # a class made for this request
        return form

    def save_model(self, request: HttpRequest, obj: User, form: forms.ModelForm, change: bool) -> None:
        # Roles go through the services: they decide is_staff, and a role that opens case content
        # waits for the head's approval (services.user_add, services.user_role_change).
        actor: Any = request.user
        if not change:
            pending = services.user_add(actor=actor, user=obj)
        elif "role" in form.changed_data:
            saved = User.objects.get(pk=obj.pk)
            role, organisation = obj.role, obj.organisation
            obj.role, obj.organisation = saved.role, saved.organisation
            super().save_model(request, obj, form, change)  # the other fields, at once
            pending = services.user_role_change(actor=actor, user=obj, role=role, organisation=organisation)
            obj.refresh_from_db()
        else:
            super().save_model(request, obj, form, change)
            pending = None
        if pending is not None:
            message = NEW_ACCOUNT_PENDING if pending.new_account else ROLE_PENDING
            self.message_user(request, message % {"role": pending.get_to_role_display()}, messages.WARNING)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        # A password the administrator sets (a forgotten one, a suspected leak) ends the user's
        # tokens and sessions, as the user's own change or reset does (signals.py).
        user = self.get_object(request, unquote(id))
        before = user.password if user is not None else None
        response = super().user_change_password(request, id, form_url)
        if user is not None and request.method == "POST":
            user.refresh_from_db(fields=["password"])
            if user.password != before:
                kept = request.session.session_key if user.pk == request.user.pk else None
                services.user_credentials_reset(user=user, event="password_set_by_admin", keep_session_key=kept)
        return response

    @admin.action(description=_("Deactivate selected users (end their sessions and tokens)"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        n = self._each(request, queryset, services.user_deactivate)
        self.message_user(request, ngettext("%d user deactivated.", "%d users deactivated.", n) % n, messages.SUCCESS)

    @admin.action(description=_("Reactivate selected users"))
    def reactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        n = self._each(request, queryset, services.user_reactivate)
        self.message_user(request, ngettext("%d user reactivated.", "%d users reactivated.", n) % n, messages.SUCCESS)

    def _each(self, request: HttpRequest, queryset: QuerySet[User], service: Any) -> int:
        """Call ``service`` for each user; a refusal is shown with the user's name. Returns how many passed."""
        done = 0
        for user in queryset:
            try:
                service(user=user, actor=request.user)
            except ValidationError as error:
                self.message_user(request, f"{user.username}: {' '.join(error.messages)}", messages.ERROR)
            else:
                done += 1
        return done

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


# The audit trail is read on its own page (akun/audit/); in the admin it is read-only.
admin.site.unregister(LogEntry)

# Apps whose records are case content: their entries show which fields changed, never the values.
CASE_CONTENT_APPS = frozenset({"cases", "referrals", "coordination"})


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

    @admin.display(description=_("Correlation ID"))
    def cid_url(self, obj: LogEntry) -> str:
        return super().cid_url(obj)  # type: ignore[no-any-return]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
