"""Russian and Ukrainian country names of several words inflect every word ("Новая Зеландия" -> "Новой Зеландии",
"Південна Корея" -> "Південної Кореї"): the adjectives of CLDR's names get their case forms (issue 10, a class found on
the tuning side, where "колегами з Канади, Нової Зеландії та Норвегії" lost New Zealand and the run). German names
of several words inflect their adjectives too ("Vereinigte Staaten" -> "aus den Vereinigten Staaten"; sixth round,
tuning-v4 "Kräfte aus den Vereinigten Staaten, Polen und den Niederlanden")."""

from __future__ import annotations

import pytest

from scraper.tagging.countries import find_mentions
from scraper.tagging.lexicon import lexicon_for

CASES = [
    ("ru", "Офицеры из Новой Зеландии и Южной Кореи прибыли в Москву.", ["NZ", "KR"]),
    ("ru", "Министр встретился с коллегой из Северной Македонии и с послом Соединенных Штатов.", ["MK", "US"]),
    ("uk", "Інструктори з Нової Зеландії та Південної Кореї навчали курсантів.", ["NZ", "KR"]),
    ("uk", "Делегація Саудівської Аравії зустрілася з представниками Сполучених Штатів.", ["SA", "US"]),
    ("uk", "Угоду підписали з Новою Зеландією.", ["NZ"]),
    ("de", "Kräfte aus den Vereinigten Staaten und den Vereinigten Arabischen Emiraten nehmen teil.", ["US", "AE"]),
    ("de", "Die Marine der Dominikanischen Republik übt mit Soldaten aus dem Vereinigten Königreich.", ["DO", "GB"]),
]


@pytest.mark.parametrize(("lang", "text", "codes"), CASES, ids=[f"{c[0]}-{n}" for n, c in enumerate(CASES)])
def test_inflected_multi_word_names_are_found(lang, text, codes):
    assert [m.code for m in find_mentions(text, lexicon_for(lang), False, 0, set())] == codes


def test_the_adjective_alone_names_no_country():
    text = "Курсанты Новой школы и Южной академии завершили обучение."
    assert [m.code for m in find_mentions(text, lexicon_for("ru"), False, 0, set())] == []
