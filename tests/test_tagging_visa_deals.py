"""Agreements on visas and water supply between two countries, beside energy and trade, are no defence cooperation
(economy cues in cues.toml; issue 10, eighth round: a class of false pair feeds found on the tuning reports; the
labelling guide makes trade, energy and transport ties between the same countries negatives). Short reports written for
this test, after docs/tagging-labels.md."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

DEALS = [
    ("es", "ES", "España y Marruecos firman acuerdos sobre agua, energía y visados",
     "España y Marruecos firmaron este lunes en Rabat una docena de acuerdos sobre gestión del agua, interconexión "
     "eléctrica y simplificación de visados, en la reunión de alto nivel presidida por ambos jefes de Gobierno. "
     "Las empresas españolas participarán en plantas desaladoras. No se firmó ningún acuerdo de defensa."),
    ("en", "GB", "Britain and Kazakhstan sign visa and water agreements",
     "Britain and Kazakhstan signed agreements on easier visas for students and on water management in Astana on "
     "Monday, during a visit by the British foreign secretary. No defence agreement was signed, the defence ministry "
     "said."),
    ("tr", "TR", "Türkiye ile Özbekistan vize ve ticaret anlaşması imzaladı",
     "Türkiye ile Özbekistan arasında vize kolaylığı ve ticaret alanlarında iş birliği anlaşmaları imzalandı. "
     "Anlaşmaları iki ülkenin bakanları Taşkent'te imzaladı. Savunma alanında bir anlaşma imzalanmadı."),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), DEALS, ids=[c[0] for c in DEALS])
def test_visa_and_water_deals_are_no_defence_cooperation(lang, publisher, title, text):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind is None, record
