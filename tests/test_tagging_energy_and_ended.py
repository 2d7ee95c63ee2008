"""Energy deals between countries that also cooperate in defence, and cooperation broken off, are not cooperation
(issue 10, classes found on the tuning side). Short reports written for this test, after docs/tagging-labels.md."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

ENERGY = [
    ("en", "KR", "Korea, Czechia sign nuclear power plant contract",
     "Korea Hydro & Nuclear Power signed a contract with the Czech state utility CEZ on Monday to build two reactors "
     "at the Dukovany nuclear power plant, the Ministry of Trade, Industry and Energy said. The deal came a week "
     "after Prague ordered K9 howitzers, but officials said the electricity project was negotiated separately."),
    ("fr", "FR", "TotalEnergies et l'Algérie signent un contrat gazier",
     "TotalEnergies a signé avec la compagnie publique algérienne Sonatrach un contrat d'exploration gazière dans le "
     "Sahara. L'investissement est estimé à trois milliards de dollars. Le ministre algérien de l'Énergie a salué "
     "un partenariat stratégique avec la France, quelques jours après un exercice naval franco-algérien."),
    ("de", "DE", "Deutschland und Norwegen vereinbaren Lieferung von Flüssiggas",
     "Der Bundeswirtschaftsminister und sein norwegischer Amtskollege haben in Oslo eine Vereinbarung über die "
     "Lieferung von Erdgas und Flüssiggas unterzeichnet. Norwegen soll ab 2027 zusätzliche Mengen liefern. Beide "
     "Länder arbeiten auch bei U-Booten eng zusammen, doch darum ging es bei dem Treffen nicht."),
    ("ru", "RU", "Россия и Египет подписали соглашение о строительстве АЭС",
     "Госкорпорация «Росатом» и Министерство электроэнергетики Египта подписали в Каире соглашение о строительстве "
     "второй очереди атомной электростанции. Стоимость проекта оценивается в 10 миллиардов долларов. Ранее "
     "стороны обсуждали и военно-техническое сотрудничество, но в этот раз речь шла только об энергетике."),
]

ENDED = [
    ("fr", "FR", "Mali : la junte met fin à la coopération militaire avec l'Allemagne",
     "Les autorités de Bamako ont annoncé qu'elles mettaient fin à l'accord de coopération militaire avec "
     "l'Allemagne et ont ordonné le départ des derniers instructeurs allemands. Le ministre malien de la Défense a "
     "précisé qu'aucun accord de défense ne serait renouvelé et que le pays a rompu ses partenariats occidentaux."),
    ("ru", "RU", "Нигер разорвал соглашение о военном сотрудничестве с Италией",
     "НИАМЕЙ, 2 октября. Военные власти Нигера разорвали соглашение о военном сотрудничестве с Италией и "
     "прекратили деятельность итальянской миссии военных советников, сообщило национальное телевидение. "
     "Итальянским военным предписано покинуть страну в течение месяца."),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), ENERGY, ids=[c[0] for c in ENERGY])
def test_energy_deals_are_not_defence_cooperation(lang, publisher, title, text):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind is None and record.parties == []


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), ENDED, ids=[c[0] for c in ENDED])
def test_cooperation_broken_off_is_not_cooperation(lang, publisher, title, text):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind is None and record.parties == []
