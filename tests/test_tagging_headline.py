"""What the report leads with decides between close kinds, and recalled facts are background (issue 10, classes
found on the tuning-v4 reports). Short reports written for this test, after docs/tagging-labels.md, per language:

* talks between ministers or commanders during a visit the title or lead names are the `visit`;
* an agreement whose fields include the defence industry stays an `agreement` (a sale needs industry in the
  title or lead), and an organisation's ministerial that discusses industry stays `multilateral`;
* a course "delivered" by instructors is training, not a sale;
* a country named in a sentence recalling earlier facts ("had previously won orders from", "Напомним") is
  mentioned, not a party.
"""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

VISIT_TALKS = [
    ("ru", "RU", "Министр обороны России провел переговоры с министром обороны Монголии",
     "Москва, 3 октября. Министр обороны Российской Федерации провел переговоры с находящимся с официальным "
     "визитом в России министром обороны Монголии. Стороны обсудили военное сотрудничество и подготовку "
     "монгольских военнослужащих в российских вузах."),
    ("uk", "UA", "Міністр оборони України провів переговори з міністром оборони Естонії",
     "Таллінн, 3 жовтня. Під час робочого візиту до Естонії Міністр оборони України провів зустріч з міністром "
     "оборони Естонської Республіки. Сторони обговорили спільне виробництво боєприпасів і підготовку українських "
     "військових."),
    ("en", "GB", "Defence Secretary holds talks with Estonian counterpart",
     "During an official visit to Tallinn on Tuesday, the Defence Secretary held talks with the Estonian Minister "
     "of Defence. The two ministers discussed joint production of ammunition and the training of Estonian troops."),
]

AGREEMENT_FIELDS = [
    ("es", "ES", "España y Grecia firman un acuerdo de cooperación en materia de defensa",
     "Atenas, 2 de octubre de 2026. La ministra de Defensa y su homólogo griego han firmado en Atenas un acuerdo "
     "de cooperación en materia de defensa. El texto abarca la formación, la industria de defensa y el apoyo mutuo "
     "en operaciones de la OTAN."),
    ("it", "IT", "Italia e Grecia firmano un accordo di cooperazione nel settore della difesa",
     "Atene, 2 ottobre 2026. Il Ministro della Difesa e il suo omologo greco hanno firmato ad Atene un accordo di "
     "cooperazione nel settore della difesa. Il testo riguarda la formazione, l'industria della difesa e il "
     "sostegno reciproco nelle operazioni della NATO."),
]

MINISTERIAL_INDUSTRY = [
    ("fr", "FR", "La ministre des Armées au Conseil des ministres de la Défense de l'UE",
     "Bruxelles, le 6 octobre 2026. La ministre des Armées a participé au Conseil des ministres de la Défense de "
     "l'Union européenne. Les ministres ont adopté le programme pour l'industrie de défense. La ministre a plaidé "
     "pour la préférence européenne dans les achats d'armement."),
]

RECALLED = [
    ("de", "DE", "Rheinmetall erhält Munitionsauftrag aus Schweden",
     "Rheinmetall hat von der schwedischen Beschaffungsbehörde FMV einen Auftrag über Artilleriemunition erhalten. "
     "Die Geschosse sollen ab 2027 im Werk Unterlüß gefertigt und an die schwedischen Streitkräfte geliefert "
     "werden. Der Konzern hatte zuvor Aufträge aus Rumänien und Ungarn gemeldet.", {"DE", "SE"}, {"RO", "HU"}),
    ("ru", "RU", "Рособоронэкспорт подписал контракт с Египтом на поставку вертолетов",
     "МОСКВА, 2 октября. АО «Рособоронэкспорт» подписало с Министерством обороны Египта контракт на поставку "
     "партии вертолетов Ми-17. Поставки начнутся в следующем году. Ранее контракты на такие вертолеты получили "
     "Алжир и Ирак.", {"EG", "RU"}, {"DZ", "IQ"}),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), VISIT_TALKS, ids=[c[0] for c in VISIT_TALKS])
def test_ministers_talks_during_a_visit_the_lead_names_are_the_visit(lang, publisher, title, text):
    assert tag_record(title, text, lang, publisher).primary_kind == "visit"


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), AGREEMENT_FIELDS,
                         ids=[c[0] for c in AGREEMENT_FIELDS])
def test_an_agreement_covering_the_defence_industry_is_an_agreement(lang, publisher, title, text):
    assert tag_record(title, text, lang, publisher).primary_kind == "agreement"


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), MINISTERIAL_INDUSTRY,
                         ids=[c[0] for c in MINISTERIAL_INDUSTRY])
def test_a_ministerial_discussing_industry_is_multilateral(lang, publisher, title, text):
    assert tag_record(title, text, lang, publisher).primary_kind == "multilateral"


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "parties", "recalled"), RECALLED,
                         ids=[c[0] for c in RECALLED])
def test_countries_in_a_recalled_fact_are_mentioned_not_parties(lang, publisher, title, text, parties, recalled):
    record = tag_record(title, text, lang, publisher)
    assert set(record.parties) == parties
    assert recalled <= set(record.mentioned)


COURSES_DELIVERED = [
    ("en", "GB", "Nigerian troops complete counter-IED course delivered by British soldiers",
     "More than 150 soldiers of the Nigerian Army have completed a six-week counter-improvised explosive device course "
     "delivered by a British Army short-term training team in Kaduna. Instructors taught search techniques and route "
     "clearance ahead of operations in the north-east."),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), COURSES_DELIVERED,
                         ids=[c[0] for c in COURSES_DELIVERED])
def test_a_course_delivered_by_instructors_is_training_not_a_sale(lang, publisher, title, text):
    assert tag_record(title, text, lang, publisher).primary_kind == "training"


def test_foreign_officer_cadets_graduating_in_french_is_training():
    record = tag_record("Des élèves officiers béninois diplômés de l'École de l'air",
                        "Salon-de-Provence, le 8 décembre 2026. Quatre élèves officiers béninois ont reçu leur diplôme "
                        "aux côtés de leurs camarades français lors de la cérémonie de fin de scolarité. Accueillis "
                        "dans le cadre de la coopération de défense entre la France et le Bénin, ils rejoindront "
                        "l'armée de l'air béninoise.", "fr", "FR")
    assert record.primary_kind == "training"
    assert set(record.parties) == {"BJ", "FR"}
