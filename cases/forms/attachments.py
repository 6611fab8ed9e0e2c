"""Forms of the attachments page. Input shape only: cases.services.attachments decides what is
accepted (type by content, size, the record belongs to the case)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.selectors.attachments import TargetOption


class AttachmentForm(forms.Form):
    """A file, what it belongs to (the case or one of its records, offered by code) and a short
    description. ``targets``: the options of cases.selectors.attachments.attachment_targets_for_user."""

    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )
    target = forms.ChoiceField(label=_("Belongs to"))
    description = forms.CharField(
        label=_("Description"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the document is, e.g. the signed consent sheet or the visum result."),
    )

    def __init__(self, *args: Any, targets: list[TargetOption], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.targets = {option.value: option for option in targets}
        self.fields["target"].choices = [(option.value, option.label) for option in targets]  # type: ignore[attr-defined]
        self.fields["file"].help_text = gettext(
            "PDF, JPEG or PNG, at most %(limit)s. Location and camera details are removed from photos; "
            "PDFs are kept as they are."
        ) % {"limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)}

    def clean_target(self) -> TargetOption:
        return self.targets[self.cleaned_data["target"]]


class AttachmentRemoveForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for removal"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. filed on the wrong case, or a better scan was attached."),
    )
