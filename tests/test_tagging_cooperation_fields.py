"""An agreement whose industry word names a field of cooperation ("соглашение о военно-техническом сотрудничестве",
"defence industrial cooperation agreement") is an `agreement` signed by ministers, not a sale (issue 10, main kind; a
class found on the tuning side, where Russia's military-technical cooperation agreements came out as industry;
docs/tagging-labels.md: `agreement` is "a signing led by ministers or governments: MoU, cooperation agreement", and
an agreement is a sale only when it is a contract). A supply agreement stays a sale. Short reports written for this
test."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

FIELDS = [
    ("ru", "RU", "Россия и Мали подписали соглашение о военно-техническом сотрудничестве",
     "Министры обороны России и Мали подписали в Москве межправительственное соглашение о военно-техническом "
     "сотрудничестве. Соглашение подписано во время официального визита малийского министра."),
    ("tr", "TR", "Türkiye ile Macaristan savunma sanayii iş birliği anlaşması imzaladı",
     "Ankara, 3 Aralık 2026. Türkiye ve Macaristan savunma bakanları, savunma sanayii iş birliği anlaşması imzaladı. "
     "İmza töreni Macar bakanın resmi ziyareti sırasında yapıldı."),
]

SUPPLY = ("ru", "RU", "Россия и Мали подписали соглашение о поставке вертолетов",
          "Министры обороны России и Мали подписали в Москве соглашение о поставке вертолетов Ми-171. Поставки "
          "начнутся в следующем году.")


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), FIELDS, ids=[f[0] for f in FIELDS])
def test_an_agreement_on_a_field_of_cooperation_is_an_agreement(lang, publisher, title, text):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind == "agreement", record


def test_a_supply_agreement_is_a_sale():
    lang, publisher, title, text = SUPPLY
    assert tag_record(title, text, lang, publisher).primary_kind == "industry"
