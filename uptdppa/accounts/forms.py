from __future__ import annotations

from auditlog.models import LogEntry
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from .models import User
from .selectors import audited_content_types


class AuditFilterForm(forms.Form):
    actor = forms.ModelChoiceField(label=_("Pengguna"), queryset=User.objects.none(), required=False)
    content_type = forms.ModelChoiceField(label=_("Jenis objek"), queryset=ContentType.objects.none(), required=False)
    object_pk = forms.CharField(label=_("ID objek"), max_length=64, required=False)
    action = forms.TypedChoiceField(
        label=_("Tindakan"),
        choices=[("", _("Semua"))] + [(str(v), label) for v, label in LogEntry.Action.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    date_from = forms.DateField(label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["actor"].queryset = User.objects.order_by("username")  # type: ignore[attr-defined]
        self.fields["content_type"].queryset = audited_content_types()  # type: ignore[attr-defined]
        self.fields["content_type"].label_from_instance = lambda ct: f"{ct.app_label} · {ct.name}"  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:  # type: ignore[operator]
            self.add_error("date_to", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return data
