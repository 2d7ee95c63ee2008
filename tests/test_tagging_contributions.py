"""In a multilateral event, countries announcing, funding, sending or hosting something are parties (issue 10,
"contributors in multilateral reports", a class found on the tuning side; docs/tagging-labels.md counts "countries
announcing contributions" and hosts). Short reports written for this test, after the labelling guide."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

CONTRIBUTIONS = [
    ("en", None, "NATO allies step up air policing over the Baltic states",
     "NATO allies began a new rotation of the Baltic Air Policing mission this week. Aircraft from Italy and Spain "
     "will patrol the skies over Estonia, Latvia and Lithuania until March. Poland hosts the mission's forward "
     "operating base.", {"PL"}),
    ("uk", "UA", "Міністр оборони взяв участь у засіданні Контактної групи у форматі Рамштайн",
     "Брюссель. Міністр оборони України взяв участь у засіданні Контактної групи з питань оборони України у "
     "штаб-квартирі НАТО. Швеція оголосила про новий пакет військової допомоги, а Данія та Фінляндія профінансують "
     "виробництво артилерійських снарядів.", {"SE", "DK", "FI", "UA"}),
    ("de", "DE", "Verteidigungsminister beraten im Rahmen der NATO über die Ostflanke",
     "Brüssel, 3. November 2026. Die Verteidigungsminister der NATO haben über die Stärkung der Ostflanke beraten. "
     "Der Verteidigungsminister nahm an dem Treffen teil. Schweden kündigte an, zwei Korvetten in die Ostsee zu "
     "verlegen.", {"DE", "SE"}),
]

# Several countries announcing or sending together: the verb in its plural ("Brasil y Chile anunciaron que enviarán
# instructores"; sixth round, tuning-v5).
PLURAL_CONTRIBUTIONS = [
    ("es", "CO", "Ejércitos de veinte países se reúnen en Bogotá",
     "El Ejército Nacional fue anfitrión esta semana en Bogotá de la conferencia multinacional de ejércitos del "
     "continente, con delegaciones de veinte países. Brasil y Chile anunciaron que enviarán instructores al centro "
     "internacional de desminado.", {"BR", "CL", "CO"}),
    ("fr", "FR", "La ministre participe à la réunion des ministres de la Défense de l'OTAN",
     "Bruxelles, 4 novembre 2026. La ministre des Armées a participé à la réunion des ministres de la Défense de "
     "l'OTAN. La Suède et la Finlande enverront des frégates en mer Baltique.", {"SE", "FI", "FR"}),
    ("it", "IT", "Il Ministro alla riunione dei ministri della Difesa della NATO",
     "Bruxelles, 4 novembre 2026. Il Ministro della Difesa ha partecipato alla riunione dei ministri della Difesa "
     "della NATO. Svezia e Finlandia invieranno fregate nel Mar Baltico.", {"SE", "FI", "IT"}),
    ("ru", "BY", "Министр обороны принял участие в заседании Совета министров обороны ОДКБ",
     "Минск, 4 ноября 2026 года. Министр обороны принял участие в заседании Совета министров обороны ОДКБ. "
     "Казахстан и Киргизия направят подразделения в коллективные силы.", {"KZ", "KG", "BY"}),
]

# An organisation's exercise: a country sending a group to it is a party too ("Белоруссия направила на учения штабную
# группу"; sixth round, tuning-v5).
EXERCISE_CONTRIBUTIONS = [
    ("ru", "RU", "В Таджикистане начались учения ОДКБ",
     "Душанбе, 21 сентября. На полигоне начались совместные учения коллективных сил ОДКБ с участием "
     "военнослужащих России, Казахстана и Таджикистана. Белоруссия направила на учения штабную группу.", {"BY"}),
    ("en", "GB", "NATO exercise begins in Norway",
     "Oslo, 3 March 2026. The joint NATO exercise Cold Response began in northern Norway with troops from Norway, "
     "Sweden and Finland. Denmark sent a staff group to the exercise.", {"DK"}),
]

NOT_MULTILATERAL = [
    ("en", "GB", "Britain and Norway sign a frigate support agreement",
     "London, 3 November 2026. The Defence Secretary and his Norwegian counterpart signed an agreement on the joint "
     "support of Type 26 frigates. Russia announced naval exercises in the Barents Sea on the same day.",
     "RU"),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "parties"), CONTRIBUTIONS,
                         ids=[c[0] for c in CONTRIBUTIONS])
def test_contributors_and_hosts_of_a_multilateral_event_are_parties(lang, publisher, title, text, parties):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind == "multilateral"
    assert parties <= set(record.parties)


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "parties"), PLURAL_CONTRIBUTIONS,
                         ids=[c[0] for c in PLURAL_CONTRIBUTIONS])
def test_countries_announcing_or_sending_together_are_parties(lang, publisher, title, text, parties):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind == "multilateral"
    assert parties <= set(record.parties), record.parties


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "parties"), EXERCISE_CONTRIBUTIONS,
                         ids=[c[0] for c in EXERCISE_CONTRIBUTIONS])
def test_countries_sending_a_group_to_an_organisations_exercise_are_parties(lang, publisher, title, text, parties):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind == "exercise" and "multilateral" in record.cooperation
    assert parties <= set(record.parties), record


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "other"), NOT_MULTILATERAL,
                         ids=[c[0] for c in NOT_MULTILATERAL])
def test_an_announcement_outside_a_multilateral_event_makes_no_party(lang, publisher, title, text, other):
    record = tag_record(title, text, lang, publisher)
    assert record.is_cooperation and record.primary_kind != "multilateral"
    assert other not in record.parties
