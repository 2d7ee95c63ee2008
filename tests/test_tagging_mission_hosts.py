"""A national contingent, ship or unit serving in a UN, NATO or EU mission has the mission's host country in the
mission's own name ("Force intérimaire des Nations unies au Liban (FINUL)", "la misión de la ONU en Líbano", "Kosova
Barış Gücü (KFOR)") or off its coast ("vor der Küste des Libanon"): the labelling guide makes that host mentioned and
the publisher's state the only party, so the host makes no pair feed (issue 10, false pairs; tuning reports es-k004,
fr-r002, de-k004). A mission's place is read like a border: background, no lead, actor or counterpart weight, never
promoted. The hosts of an organisation's exercise ("NATO-Übung in Rumänien") and a country whose own forces are
trained by a mission ("Mozambican marines") stay parties. Short reports written for this test, after
docs/tagging-labels.md."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

HOSTS = [
    ('fr', 'FR', 'Le bataillon français de la FINUL passe le relais au Liban',
     "Le bataillon français engagé au sein de la Force intérimaire des Nations unies au Liban (FINUL) a transmis "
     "cette semaine son commandement à la nouvelle relève. Quelque 700 militaires français armeront pendant six mois "
     "la force de réserve du commandant de la FINUL. La cérémonie a eu lieu au camp de Deir Kifa.",
     ['FR']),
    ('es', 'ES', 'La Brigada Extremadura releva al contingente español en la misión de la ONU en Líbano',
     'La Brigada Extremadura XI ha asumido el mando del sector Este de la Fuerza Interina de Naciones Unidas en el '
     'Líbano (FINUL) en una ceremonia celebrada en la base Miguel de Cervantes. Los cerca de 600 militares españoles '
     'vigilarán durante seis meses la Línea Azul junto a contingentes de otros países.',
     ['ES']),
    ('it', 'IT', 'La Brigata Sassari assume il comando del contingente italiano in Libano',
     "La Brigata Sassari ha assunto il comando del Settore Ovest della missione delle Nazioni Unite in Libano nel "
     "corso di una cerimonia svolta a Shama. I circa 1.000 militari italiani opereranno per sei mesi lungo la Linea "
     "Blu insieme ai contingenti di altri Paesi.",
     ['IT']),
    ('en', 'IE', 'Irish battalion assumes command of UN sector in Lebanon',
     'Soldiers of the 131st Infantry Battalion have assumed command of their sector as part of the United Nations '
     'Interim Force in Lebanon (UNIFIL) at a ceremony at Camp Shamrock. The 340 Irish troops will serve for six '
     'months alongside contingents from other nations.',
     ['IE']),
    ('de', 'DE', 'Korvette Ludwigshafen verstärkt UNIFIL-Flottenverband vor dem Libanon',
     'Die Korvette Ludwigshafen hat sich am Dienstag dem maritimen Einsatzverband der Vereinten Nationen vor der '
     'Küste des Libanon angeschlossen. Das Schiff wird bis März im Rahmen von UNIFIL den Seeraum überwachen. Rund '
     '110 Soldatinnen und Soldaten sind an Bord.',
     ['DE']),
    ('tr', 'TR', 'Türk Silahlı Kuvvetleri Kosova\'da KFOR görevini devraldı',
     "NATO liderliğindeki Kosova Barış Gücü (KFOR) bünyesindeki Türk birliği, Priştine'de düzenlenen törenle yeni "
     "dönem görevine başladı. Birlikte yaklaşık 400 Türk askeri görev yapacak. Türkiye, 1999 yılından bu yana KFOR'a "
     "asker göndererek katkı sağlıyor.",
     ['TR']),
    ('ru', 'RU', 'Российские миротворцы приняли командование сектором миссии ООН в Ливане',
     'Батальон Вооруженных сил России принял командование сектором Временных сил ООН в Ливане (ВСООНЛ) на '
     'церемонии в Накуре. Около 400 российских военнослужащих в течение шести месяцев будут нести службу вместе с '
     'контингентами других стран миссии.',
     ['RU']),
]

KEPT = [
    ('de', 'DE', 'NATO-Übung in Rumänien: Bundeswehr stellt größtes Kontingent',
     'BUKAREST (dpa) - An der NATO-Übung "Steadfast Dart" in Rumänien und Bulgarien nehmen rund 10.000 Soldaten aus '
     'neun Staaten teil. Deutschland stellt mit 1.800 Soldaten das größte Kontingent, gefolgt von Spanien und '
     'Italien.',
     ['BG', 'DE', 'ES', 'IT', 'RO']),
    ('en', None, 'EU mission trains Mozambican marines in Pemba',
     'PEMBA - Portuguese and Italian instructors of the European Union Military Assistance Mission in Mozambique '
     'completed a ten-week course for two companies of Mozambican marines on Friday. The marines trained in '
     'boarding, riverine operations and first aid.',
     ['IT', 'MZ', 'PT']),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "parties"), HOSTS + KEPT)
def test_mission_hosts(lang: str, publisher: str | None, title: str, text: str, parties: list[str]) -> None:
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind is not None
    assert record.parties == parties


def test_a_country_name_holding_a_coast_word_is_no_coast() -> None:
    """"Côte d'Ivoire" holds the coast word "côte": the French beside it are no coast's."""
    record = tag_record("La France et la Côte d'Ivoire signent un accord de défense",
                        "Abidjan. Les ministres de la Défense français et ivoirien ont signé lundi un accord de "
                        "coopération militaire.", "fr", "FR")
    assert record.parties == ["CI", "FR"]
