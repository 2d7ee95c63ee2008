"""Chairs, co-chairs, hosts and lead nations of a multilateral event are parties (issue 10, sixth round: a class found
on the tuning side, "Засідання провели співголови, міністри оборони Великої Британії та Німеччини", "accueillie cette
année par la Tunisie", "Принимающей стороной выступила Беларусь"; the labelling guide counts "named co-chairs,
hosts and contingents"). `[chair]` in roles.toml names the first country a few words after the word, else the last
one a few words before it, with its coordinated run; only in a multilateral event. Short reports written for this
test, after docs/tagging-labels.md."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

CHAIRED = [
    ("en", "PL", "Defence ministers meet in the Ukraine Defense Contact Group at NATO",
     "Brussels, 4 November 2026. The Minister of National Defence took part in the meeting of the Ukraine Defense "
     "Contact Group at NATO headquarters. The meeting was co-chaired by the United Kingdom and Germany. Ministers "
     "discussed air defence for the winter.", {"GB", "DE", "PL"}),
    ("fr", "BE", "La ministre participe à la réunion des ministres de la Défense de l'UE",
     "Bruxelles, 4 novembre 2026. La ministre de la Défense a participé à la réunion des ministres de la Défense de "
     "l'Union européenne, présidée par la Pologne. Les ministres ont discuté du soutien militaire.", {"PL", "BE"}),
    ("ru", "RU", "Министр обороны принял участие в заседании Совета министров обороны СНГ",
     "Москва, 4 ноября 2026 года. Министр обороны принял участие в заседании Совета министров обороны государств "
     "СНГ. Принимающей стороной выступил Казахстан. Министры обсудили совместную подготовку войск.", {"KZ", "RU"}),
    ("uk", "UA", "Міністр оборони взяв участь у засіданні Контактної групи",
     "Брюссель. Міністр оборони взяв участь у засіданні Контактної групи з питань оборони України у форматі "
     "Рамштайн у штаб-квартирі НАТО. Засідання провели співголови, міністри оборони Канади та Німеччини.",
     {"CA", "DE", "UA"}),
    ("es", "ES", "La ministra participa en la reunión de ministros de Defensa de la OTAN",
     "Bruselas, 4 de noviembre de 2026. La ministra de Defensa participó en la reunión de ministros de Defensa de la "
     "OTAN, presidida por el Reino Unido. Los ministros debatieron la defensa aérea.", {"GB", "ES"}),
    ("tr", "TR", "Bakan, NATO Savunma Bakanları Toplantısına katıldı",
     "Brüksel, 4 Kasım 2026. Millî Savunma Bakanı, NATO Savunma Bakanları Toplantısına katıldı. Toplantı Norveç "
     "ev sahipliğinde yapıldı. Bakanlar hava savunmasını görüştü.", {"NO", "TR"}),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "parties"), CHAIRED,
                         ids=[c[0] for c in CHAIRED])
def test_chairs_and_hosts_of_a_multilateral_event_are_parties(lang, publisher, title, text, parties):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind == "multilateral"
    assert parties <= set(record.parties), record.parties


def test_a_chair_word_outside_a_multilateral_event_makes_no_party():
    record = tag_record("Italy and Albania sign a defence cooperation agreement",
                        "Rome, 4 November 2026. The defence ministers of Italy and Albania signed a defence "
                        "cooperation agreement. The ceremony was hosted by the Italian minister; Greece, which "
                        "chaired the Adriatic Charter last year, sent a message.", "en", None)
    assert record.primary_kind == "agreement"
    assert "GR" not in record.parties
