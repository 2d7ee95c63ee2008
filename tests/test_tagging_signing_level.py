"""Who signs decides the main kind: a letter of intent or a memorandum signed by chiefs of staff or service chiefs is
working level (`staff_talks`, `agreement` secondary); the same signing led by ministers is an `agreement` (issue 10,
main kind; a class found on the tuning side, where such signings came out as agreements; docs/tagging-labels.md:
staff_talks are "military cooperation plans worked out and signed at working level", an agreement "a signing led by
ministers or governments"). Short reports written for this test."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

WORKING_LEVEL = [
    ("en", "GB", "Army chiefs of Britain and Estonia sign memorandum of understanding",
     "Tallinn, 3 December 2026. The Chief of the General Staff and the Commander of the Estonian Defence Forces signed "
     "a memorandum of understanding on cooperation between their armies, with yearly staff meetings."),
    ("it", "IT", "Firmato un memorandum d'intesa tra i Capi di Stato Maggiore di Italia e Slovenia",
     "Roma, 3 dicembre 2026. Il Capo di Stato Maggiore della Difesa e il Capo di Stato Maggiore sloveno hanno firmato "
     "un memorandum d'intesa sulla cooperazione tra le forze armate dei due Paesi."),
    ("fr", "FR", "Le chef d'état-major des armées et son homologue belge signent une lettre d'intention",
     "Paris, le 3 décembre 2026. Le chef d'état-major des armées et le chef de la Défense belge ont signé une lettre "
     "d'intention sur la coopération entre les deux armées de terre."),
    ("de", "DE", "Inspekteur des Heeres und österreichischer Befehlshaber unterzeichnen Absichtserklärung",
     "Wien, 3. Dezember 2026. Der Inspekteur des Heeres und der Befehlshaber der österreichischen Landstreitkräfte "
     "haben eine Absichtserklärung über die Zusammenarbeit der Gebirgstruppen von Bundeswehr und Bundesheer "
     "unterzeichnet."),
    ("es", "ES", "Los jefes de Estado Mayor de España e Italia firman un memorando de entendimiento",
     "Madrid, 3 de diciembre de 2026. El jefe de Estado Mayor de la Defensa y su homólogo italiano han firmado un "
     "memorando de entendimiento sobre la cooperación entre ambas fuerzas armadas."),
    ("ru", "RU", "Начальники генштабов России и Таджикистана подписали меморандум",
     "МОСКВА, 3 декабря. /ТАСС/. Начальник Генерального штаба Вооруженных сил России и начальник Генерального штаба "
     "Вооруженных сил Таджикистана подписали меморандум о взаимодействии между генеральными штабами."),
    ("tr", "TR", "Türkiye ve Gürcistan Kara Kuvvetleri Komutanları mutabakat muhtırası imzaladı",
     "Ankara, 3 Aralık 2026. Kara Kuvvetleri Komutanı ile Gürcistan Kara Kuvvetleri Komutanı, iki ülkenin kara "
     "kuvvetleri arasındaki işbirliğine ilişkin bir mutabakat muhtırası imzaladı."),
    ("az", "AZ", "Azərbaycan və Türkiyə Baş Qərargah rəisləri anlaşma memorandumu imzalayıblar",
     "Bakı, 3 dekabr 2026. Azərbaycan Ordusunun Baş Qərargah rəisi və Türkiyə Genelkurmay Başkanı iki ölkənin silahlı "
     "qüvvələri arasında əməkdaşlığa dair anlaşma memorandumu imzalayıblar."),
]

MINISTERIAL = [
    ("en", "GB", "Defence ministers of Britain and Estonia sign memorandum of understanding",
     "Tallinn, 3 December 2026. The Defence Secretary and the Estonian Minister of Defence signed a memorandum of "
     "understanding on cooperation between their armed forces, with yearly staff meetings."),
    ("ru", "RU", "Министры обороны России и Таджикистана подписали меморандум",
     "МОСКВА, 3 декабря. /ТАСС/. Министр обороны России и министр обороны Таджикистана подписали меморандум о "
     "взаимодействии между военными ведомствами, в присутствии начальников генеральных штабов."),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), WORKING_LEVEL, ids=[w[0] for w in WORKING_LEVEL])
def test_a_signing_by_chiefs_of_staff_is_working_level(lang, publisher, title, text):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind == "staff_talks", record
    assert "agreement" in record.cooperation


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), MINISTERIAL, ids=[m[0] for m in MINISTERIAL])
def test_a_signing_led_by_ministers_is_an_agreement(lang, publisher, title, text):
    assert tag_record(title, text, lang, publisher).primary_kind == "agreement"
