from __future__ import annotations

from auditlog.models import LogEntry
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field
from django.utils.translation import gettext_lazy as _

from dataprotection.processing_record import field_label  # the record of processing's words for a field
from uptdppa.web import date_input

from .models import Role, RoleChangeDecision, RoleChangeRequest, User
from .selectors import audited_content_types
from .services import REFUSAL_REASON_MISSING

# Our own wording of django-auditlog's actions (its labels are lowercase verbs without translations).
AUDIT_ACTION_LABELS = {
    LogEntry.Action.CREATE: _("Created"),
    LogEntry.Action.UPDATE: _("Changed"),
    LogEntry.Action.DELETE: _("Deleted"),
    LogEntry.Action.ACCESS: _("Read"),
}


class AuditFilterForm(forms.Form):
    actor = forms.ModelChoiceField(label=_("User"), queryset=User.objects.none(), required=False, empty_label=_("All"))
    content_type = forms.ModelChoiceField(
        label=_("Object type"), queryset=ContentType.objects.none(), required=False, empty_label=_("All")
    )
    object_pk = forms.CharField(
        label=_("Object ID or code"),
        max_length=64,
        required=False,
        help_text=_("The number shown as ID, or a code such as a case code."),
    )
    action = forms.TypedChoiceField(
        label=_("Action"),
        choices=[("", _("All"))] + [(str(v), label) for v, label in AUDIT_ACTION_LABELS.items()],
        coerce=int,
        empty_value=None,
        required=False,
    )
    date_from = forms.DateField(label=_("From date"), required=False, widget=date_input())
    date_to = forms.DateField(label=_("To date"), required=False, widget=date_input())

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["actor"].queryset = User.objects.order_by("username")  # type: ignore[attr-defined]
        self.fields["content_type"].queryset = audited_content_types()  # type: ignore[attr-defined]
        self.fields["content_type"].label_from_instance = content_type_label  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:  # type: ignore[operator]
            self.add_error("date_to", _("The end date cannot be before the start date."))
        return data


def content_type_label(content_type: ContentType) -> str:
    """ "Kasus · relasi pelaku": the app's and the model's names in the active language, never the
    code's labels (cases · perpetrator relation)."""
    model = content_type.model_class()
    if model is None:  # a model that no longer exists: its stored name is all there is
        return f"{content_type.app_label} · {content_type.model}"
    return f"{model._meta.app_config.verbose_name} · {model._meta.verbose_name}"


class RoleChangeRefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the refusal"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        error_messages={"required": REFUSAL_REASON_MISSING},
    )


def _role_label(value: object) -> str:
    return str(Role(value).label) if value in Role.values else "—"


def changed_field_labels(entry: LogEntry) -> list[str]:
    """The fields an audit entry changed, by their labels in the reader's language ("dicatat di
    SIMFONI pada") rather than their column names; a name the model no longer has, as stored."""
    model = entry.content_type.model_class() if entry.content_type_id else None
    labels = []
    for name in entry.changes_dict or {}:
        try:
            field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            field = None
        labels.append(field_label(field) if isinstance(field, Field) else name)
    return labels


def audit_summary(entry: LogEntry) -> str:
    """A sentence for the audit entries of role changes (requested, decided, applied); "" for the
    others, which the page shows by their fields."""
    model = entry.content_type.model_class()
    changes = entry.changes_dict or {}
    if model is RoleChangeRequest:
        if entry.action == LogEntry.Action.CREATE and "to_role" in changes:
            roles = {
                "from": _role_label(changes.get("from_role", ["", ""])[1]),
                "to": _role_label(changes["to_role"][1]),
            }
            return str(_("Role change requested: %(from)s → %(to)s")) % roles
        decision = changes.get("decision", [None, None])[1]
        if decision == RoleChangeDecision.APPROVED:
            return str(_("Role change approved"))
        if decision == RoleChangeDecision.REFUSED:
            return str(_("Role change refused"))
    if model is User and entry.action == LogEntry.Action.UPDATE and "role" in changes:
        before, after = changes["role"]
        return str(_("Role changed: %(from)s → %(to)s")) % {"from": _role_label(before), "to": _role_label(after)}
    return ""
