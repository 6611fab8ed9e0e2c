"""The data protection impact assessment (UU 27/2022 PDP Pasal 34), kept as versions: each save by
the data protection officer is a new row, never a change to an older one, so every earlier
assessment stays readable as it was. The newest version is the DPIA in force; its
``next_review_on`` is the date by which it must be reviewed (the DPO's task list and a reminder).

The DPIA describes the processing, not people: its sections hold no personal data (the author is
a staff account)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from uptdppa.db import BaseModel


class DpiaVersion(BaseModel):
    version = models.PositiveIntegerField(_("version"), unique=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("description of the processing"))
    necessity = models.TextField(_("necessity and proportionality"))
    risks = models.TextField(_("risks to the people concerned"))
    measures = models.TextField(_("measures to address the risks"))
    next_review_on = models.DateField(_("next review"))

    class Meta:
        verbose_name = _("DPIA version")
        verbose_name_plural = _("DPIA versions")
        ordering = ["-version"]
        constraints = [models.CheckConstraint(condition=models.Q(version__gte=1), name="dpia_version_positive")]

    def __str__(self) -> str:
        return f"DPIA v{self.version}"
