from __future__ import annotations

import pytest
from django.core.management import call_command

from cases.models import Region, RegionLevel

pytestmark = pytest.mark.django_db


def test_kota_jambi_has_11_kecamatan_and_68_kelurahan():
    kota = Region.objects.get(code="15.71")
    assert kota.name == "Kota Jambi" and kota.level == RegionLevel.KOTA and kota.parent.code == "15"
    assert Region.objects.filter(level=RegionLevel.KECAMATAN, parent=kota).count() == 11
    assert Region.objects.filter(level=RegionLevel.KELURAHAN, parent__parent=kota).count() == 68


def test_every_kelurahan_hangs_under_its_kecamatan_by_code():
    for kelurahan in Region.objects.filter(level=RegionLevel.KELURAHAN).select_related("parent"):
        assert kelurahan.code.startswith(kelurahan.parent.code + ".")
        assert kelurahan.parent.level == RegionLevel.KECAMATAN


def test_loading_again_changes_nothing(capsys):
    before = list(Region.objects.values_list("pk", "code", "name", "parent_id"))
    call_command("load_regions")
    assert "0 created, 0 updated" in capsys.readouterr().out
    assert list(Region.objects.values_list("pk", "code", "name", "parent_id")) == before


def test_loading_updates_a_renamed_region(tmp_path):
    Region.objects.filter(code="15.71.01").update(name="Nama Lama")
    call_command("load_regions")
    assert Region.objects.get(code="15.71.01").name == "Telanaipura"


def test_a_region_cannot_end_before_it_starts():
    from datetime import date

    from django.core.exceptions import ValidationError

    region = Region.objects.get(code="15.71.01")
    region.valid_from, region.valid_to = date(2022, 1, 1), date(2021, 1, 1)
    with pytest.raises(ValidationError):
        region.full_clean()
