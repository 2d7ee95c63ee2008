"""A headline event that is postponed, suspended, stopped or cancelled is no cooperation (issue 10, main kind; a class
found on the tuning side, where such reports with a rich body of exercise or sale words still came out as exercises or
sales; docs/tagging-labels.md: "negated, postponed, suspended or cancelled deals and meetings" are not cooperation).
The same events reported as happening stay cooperation. Short reports written for this test."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

CALLED_OFF = [
    ("en", "AU", "Australia and New Zealand postpone joint amphibious exercise",
     "A joint amphibious exercise of the Australian and New Zealand armies planned for December has been postponed, "
     "the Department of Defence said. About 800 soldiers, two landing ships and helicopters were to take part in the "
     "drills in Queensland under the defence cooperation agreement between the two countries."),
    ("de", "DE", "Bundesregierung stoppt Panzerlieferung an Katar",
     "Die Bundesregierung hat die Lieferung von 24 Kampfpanzern an Katar vorerst gestoppt. Der Vertrag mit dem "
     "Hersteller war im vergangenen Jahr unterzeichnet worden; die Auslieferung an die katarischen Streitkräfte "
     "sollte im Frühjahr beginnen. Die Exportgenehmigung liegt nicht vor."),
    ("es", "CO", "Perú suspende la compra de fragatas a Corea del Sur",
     "El Gobierno de Perú suspendió la compra de dos fragatas al astillero surcoreano Hyundai, informó el Ministerio "
     "de "
     "Defensa. El contrato de suministro de los buques para la Marina de Guerra, con transferencia de tecnología, "
     "estaba listo para la firma."),
    ("fr", "FR", "La Suisse gèle l'achat de missiles à la France",
     "La Suisse a gelé l'achat de missiles sol-air à la France, a annoncé le Département fédéral de la défense. Le "
     "contrat de livraison des missiles et des lanceurs à l'armée suisse, négocié avec la DGA et le groupe "
     "industriel, devait être signé en décembre."),
    ("ru", "RU", "Сербия заморозила закупку российских истребителей",
     "Сербия заморозила закупку российских истребителей МиГ-29, сообщили в министерстве обороны страны. Контракт на "
     "поставку самолетов и обучение сербских летчиков в России готовился с прошлого года."),
    ("tr", "TR", "Mısır ile ortak deniz tatbikatı ertelendi",
     "Türkiye ile Mısır deniz kuvvetleri arasında Doğu Akdeniz'de yapılması planlanan ortak tatbikat ertelendi. "
     "Tatbikata iki ülkenin fırkateyn, denizaltı ve helikopterlerinin katılması bekleniyordu."),
]

HAPPENING = [
    ("en", "AU", "Australia and New Zealand begin joint amphibious exercise",
     "A joint amphibious exercise of the Australian and New Zealand armies began in Queensland on Monday, the "
     "Department of Defence said. About 800 soldiers, two landing ships and helicopters take part in the drills under "
     "the defence cooperation agreement between the two countries."),
    ("ru", "RU", "Сербия закупила российские истребители",
     "Сербия закупила российские истребители МиГ-29, сообщили в министерстве обороны страны. Контракт на поставку "
     "самолетов и обучение сербских летчиков в России подписан в Белграде."),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), CALLED_OFF, ids=[c[0] for c in CALLED_OFF])
def test_a_headline_event_called_off_is_no_cooperation(lang, publisher, title, text):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind is None and record.parties == [], record


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), HAPPENING, ids=[h[0] for h in HAPPENING])
def test_the_same_event_happening_is_cooperation(lang, publisher, title, text):
    assert tag_record(title, text, lang, publisher).primary_kind in {"exercise", "industry"}


EXPELLED = ("fr", "FR", "Mali : la junte renvoie les derniers instructeurs militaires européens",
            "Bamako, le 3 décembre 2026. La junte malienne a renvoyé les derniers instructeurs militaires de la "
            "mission "
            "européenne de formation, qui formaient des soldats maliens depuis 2013 dans le cadre d'un accord avec "
            "l'Union européenne.")


def test_foreign_instructors_sent_away_are_no_cooperation():
    lang, publisher, title, text = EXPELLED
    assert tag_record(title, text, lang, publisher).primary_kind is None
