from __future__ import annotations

import pytest

from cases.vocabularies import (
    SIMFONI_LABELS,
    AgeBand,
    ProtectionCategory,
    Relation,
    RelationGroup,
    ViolenceForm,
    simfoni_label,
)


@pytest.mark.parametrize("vocabulary", list(SIMFONI_LABELS))
def test_every_code_has_a_simfoni_label(vocabulary):
    missing = set(vocabulary.values) - set(SIMFONI_LABELS[vocabulary]) - {ViolenceForm.PERUNDUNGAN}
    assert not missing


def test_simfoni_violence_forms_match_the_national_list():
    labels = {simfoni_label(ViolenceForm, code) for code in ViolenceForm.values}
    assert labels == {"Fisik", "Psikis", "Seksual", "Eksploitasi", "Trafficking", "Penelantaran", "Lainnya"}


def test_bullying_maps_to_psikis_by_default_and_fisik_when_configured(settings):
    assert simfoni_label(ViolenceForm, ViolenceForm.PERUNDUNGAN) == "Psikis"
    settings.SIMFONI_BULLYING_AS = "fisik"
    assert simfoni_label(ViolenceForm, ViolenceForm.PERUNDUNGAN) == "Fisik"


def test_every_fine_relation_maps_to_the_short_list():
    assert {r.group for r in Relation} <= set(RelationGroup)
    assert Relation.AYAH_TIRI.group == RelationGroup.ORANG_TUA
    assert Relation.TENAGA_PENDIDIK.group == RelationGroup.GURU


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (0, "0-5"),
        (5, "0-5"),
        (6, "6-12"),
        (12, "6-12"),
        (13, "13-17"),
        (17, "13-17"),
        (18, "18-24"),
        (44, "25-44"),
        (59, "45-59"),
        (60, "60+"),
        (99, "60+"),
    ],
)
def test_age_bands_follow_simfoni(age, band):
    assert AgeBand.for_age(age) == band


def test_pasal_59_has_fifteen_categories_a_to_o():
    assert ProtectionCategory.values == list("abcdefghijklmno")
