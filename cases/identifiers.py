"""Checks of Indonesian identity numbers (docs/domain.md#identifiers).

NIK = 16 digits: region (6) + DDMMYY (day + 40 for women) + serial (4, not 0000). There is no
check digit, and an unknown region prefix is accepted (people move; codes change). A NIK that
is well formed but disagrees with the recorded date of birth or sex is a warning, not a block:
the record may be wrong, or the NIK may be, and staff decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .vocabularies import Sex


@dataclass(frozen=True)
class NikInfo:
    region: str
    birth_day: int
    birth_month: int
    birth_year_2digits: int
    sex: str


def parse_nik(value: str) -> NikInfo:
    """Parse a 16-digit NIK; raises ValidationError with an Indonesian message when malformed."""
    # ASCII digits only: \d would take other scripts' digits (fullwidth １, Arabic-Indic ١), which
    # int() reads but the blind index does not match to the same NIK typed in ASCII.
    if not re.fullmatch(r"[0-9]{16}", value or ""):
        raise ValidationError(_("A NIK has exactly 16 digits."), code="nik_length")
    day, month, year = int(value[6:8]), int(value[8:10]), int(value[10:12])
    sex = Sex.PEREMPUAN if day > 40 else Sex.LAKI_LAKI
    if day > 40:
        day -= 40
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        raise ValidationError(
            _("Digits 7 to 12 of a NIK must be a date of birth (DDMMYY; day + 40 for women)."), code="nik_date"
        )
    try:
        # 29 February is checked in a leap year; the century is not known yet.
        date(2000, month, day)
    except ValueError:
        raise ValidationError(
            _("Digits 7 to 12 of a NIK must be a date of birth (DDMMYY; day + 40 for women)."), code="nik_date"
        ) from None
    if value[12:] == "0000":
        raise ValidationError(_("The last four digits of a NIK cannot be 0000."), code="nik_serial")
    return NikInfo(region=value[:6], birth_day=day, birth_month=month, birth_year_2digits=year, sex=sex)


def nik_warnings(info: NikInfo, *, birth_date: date | None, sex: str) -> list[str]:
    """Disagreements between a valid NIK and the record (shown to staff, never blocking)."""
    warnings = []
    if birth_date is not None and (birth_date.day, birth_date.month, birth_date.year % 100) != (
        info.birth_day,
        info.birth_month,
        info.birth_year_2digits,
    ):
        warnings.append(_("The date of birth in the NIK differs from the recorded date of birth."))
    if sex in (Sex.LAKI_LAKI, Sex.PEREMPUAN) and sex != info.sex:
        warnings.append(_("The NIK belongs to the other sex than the one recorded (women's NIKs add 40 to the day)."))
    return warnings
