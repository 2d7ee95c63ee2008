"""A headline saying another country's drills worry or alarm a third ("Des manœuvres chinoises près de Taïwan inquiètent
le Japon") reports a reaction, not cooperation: concern and alarm verbs are `[reaction]` words in every language, so the
report makes no pair feed, and a country right before one ("Tokio se inquieta") reacts (issue 10, pair feeds: tuning
report fr-m010, three false pairs). Short reports written for this test, after docs/tagging-labels.md."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

CONCERN = [
    ('en', 'GB', 'Russian naval drills in the Baltic worry Finland',
     'The Russian Baltic Fleet began large naval drills on Monday with warships, submarines and aircraft, close to '
     'Finnish waters. Helsinki said it was following the manoeuvres closely and placed its coastal forces on alert. '
     'Moscow said the drills were planned long ago.'),
    ('fr', 'FR', 'Des manœuvres russes en mer Baltique inquiètent la Finlande',
     "La flotte russe de la Baltique a lancé lundi de vastes manœuvres navales avec des navires de guerre, des "
     "sous-marins et des avions, près des eaux finlandaises. Helsinki suit les manœuvres de près et a placé ses forces "
     "côtières en alerte. Moscou affirme que ces exercices étaient prévus de longue date."),
    ('de', 'DE', 'Russische Marinemanöver in der Ostsee beunruhigen Finnland',
     'Die russische Ostseeflotte hat am Montag große Marinemanöver mit Kriegsschiffen, U-Booten und Flugzeugen nahe '
     'finnischen Gewässern begonnen. Helsinki verfolgt die Übungen genau und hat seine Küstenkräfte in '
     'Alarmbereitschaft versetzt. Moskau erklärte, die Manöver seien lange geplant gewesen.'),
    ('es', 'ES', 'Las maniobras navales rusas en el Báltico preocupan a Finlandia',
     'La flota rusa del Báltico inició el lunes grandes maniobras navales con buques de guerra, submarinos y aviones, '
     'cerca de aguas finlandesas. Helsinki sigue de cerca las maniobras y puso en alerta a sus fuerzas costeras. Moscú '
     'afirmó que los ejercicios estaban previstos desde hace tiempo.'),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), CONCERN)
def test_drills_that_worry_a_neighbour_are_no_cooperation(lang: str, publisher: str, title: str, text: str) -> None:
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind is None
    assert record.parties == []
