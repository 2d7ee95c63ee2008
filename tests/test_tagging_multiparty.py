"""Parties of multi-party items (twelfth round, `bench/multiparty_table.py`): classes found on the tuning side in items
with three or more parties. Short reports written for this test, after docs/tagging-labels.md.

* an organiser of a multilateral event is its host, a party ("organizada este año por Portugal", `[chair]`);
* who took part, hosted or pledged in a sentence recalling earlier facts (a past year, a `[background]` cue) did so
  before, not in the event ("Norway hosted the exercise last year");
* a number right after a quantity word (`[quantity]`: "more than 2000 troops", "более 2000 человек") is a count, not a
  year, so its sentence is no look back;
* countries considering joining (`[background]`: "prüfen ebenfalls eine Beteiligung", "considering joining") are
  background, not parties;
* Arabic puts the verb first: "وأعلنت السعودية والإمارات تمويل" names contributors;
* the countries of a demarcation line a mission watches are its place (`[border]`), not sides of the cooperation.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from scraper.tagging import tag_record
from scraper.tagging.cooperation import cue_hits
from scraper.tagging.data_files import role_lexicon
from scraper.tagging.lexicon import lexicon_for
from scraper.tagging.record import PARTY_MIN
from scraper.tagging.roles import _background_sentences, read_roles, sentence_ids
from scraper.tagging.text import tokenize

PUBLISHED = datetime(2026, 11, 4)

ORGANISED = [
    ("en", "GB", "Defence Secretary attends Northern Group ministerial",
     "Oslo, 4 November 2026. The Defence Secretary took part in the meeting of Northern Group defence ministers, "
     "organised by Norway this year. Ministers discussed air defence and Baltic Sea security. On the sidelines, "
     "the Defence Secretary met his Finnish counterpart.", "NO"),
    ("it", "IT", "Il Ministro partecipa alla riunione dei ministri della Difesa dell'Iniziativa 5+5",
     "Lisbona, 4 novembre 2026. Il Ministro della Difesa ha partecipato alla riunione dei ministri della Difesa "
     "dell'Iniziativa 5+5, organizzata quest'anno dal Portogallo. I ministri hanno discusso di sicurezza marittima. "
     "A margine della riunione, il Ministro ha incontrato il collega tunisino.",
     "PT"),
    ("fr", "FR", "La ministre participe à la réunion des ministres de la Défense de l'Initiative 5+5",
     "Lisbonne, 4 novembre 2026. La ministre des Armées a participé à la réunion des ministres de la Défense de "
     "l'Initiative 5+5, organisée cette année par le Portugal. Les ministres ont discuté de sécurité maritime. "
     "En marge de la réunion, la ministre s'est entretenue avec son homologue tunisien.", "PT"),
    ("de", "DE", "Minister nimmt am Treffen der EU-Verteidigungsminister teil",
     "Kopenhagen, 4. November 2026. Der Bundesminister der Verteidigung nahm am informellen Treffen der "
     "EU-Verteidigungsminister teil, organisiert von Dänemark. Die Minister berieten über Luftverteidigung. Am "
     "Rande des Treffens sprach der Minister mit seinem finnischen Amtskollegen.", "DK"),
    ("es", "ES", "La ministra de Defensa asiste a la reunión de la Iniciativa 5+5",
     "Lisboa, 4 de noviembre de 2026. La ministra de Defensa participó en la reunión de ministros de Defensa de la "
     "Iniciativa 5+5, organizada este año por Portugal. Los ministros aprobaron el plan de acción. En los márgenes "
     "de la reunión, la ministra mantuvo un encuentro bilateral con su homólogo mauritano.", "PT"),
    ("ru", "RU", "Министр обороны принял участие в заседании Совета министров обороны СНГ",
     "Москва, 4 ноября 2026 года. Министр обороны принял участие в заседании Совета министров обороны государств "
     "СНГ. Организатором заседания выступил Казахстан. Министры обсудили совместную подготовку войск. На полях "
     "заседания министр провел встречу с белорусским коллегой.", "KZ"),
    ("uk", "UA", "Міністр оборони взяв участь у засіданні Контактної групи",
     "Брюссель. Міністр оборони взяв участь у засіданні Контактної групи з питань оборони України у форматі "
     "Рамштайн. Організатором засідання виступила Німеччина. Міністри обговорили протиповітряну оборону. На "
     "полях засідання міністр зустрівся з литовським колегою.", "DE"),
    ("tr", "TR", "Bakan, NATO Savunma Bakanları Toplantısına katıldı",
     "Brüksel, 4 Kasım 2026. Millî Savunma Bakanı, NATO Savunma Bakanları Toplantısına katıldı. Toplantıyı "
     "düzenleyen Norveç, hava savunmasını gündeme getirdi. Bakanlar hava savunmasını görüştü. Toplantı "
     "marjında Bakan, Macaristan Savunma Bakanı ile görüştü.", "NO"),
    ("az", "AZ", "Müdafiə naziri MDB müdafiə nazirləri şurasının iclasında iştirak edib",
     "Bakı, 4 noyabr 2026. Müdafiə naziri MDB üzvü dövlətlərin müdafiə nazirləri şurasının iclasında iştirak edib. "
     "İclasın təşkilatçısı Qazaxıstan olub. Nazirlər birgə hazırlığı müzakirə ediblər. İclas çərçivəsində "
     "nazir Belarus müdafiə naziri ilə görüşüb.", "KZ"),
    ("ar", "KW", "وزير الدفاع يشارك في اجتماع وزراء دفاع دول مجلس التعاون",
     "شارك وزير الدفاع اليوم في الاجتماع الدوري لوزراء دفاع دول مجلس التعاون لدول الخليج العربية بتنظيم قطر. وبحث "
     "الوزراء تطوير القيادة العسكرية الموحدة. وعلى هامش الاجتماع التقى الوزير نظيره العماني.", "QA"),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "host"), ORGANISED, ids=[c[0] for c in ORGANISED])
def test_the_organiser_of_a_multilateral_event_is_a_party(lang, publisher, title, text, host):
    record = tag_record(title, text, lang, publisher, PUBLISHED)
    assert record.primary_kind == "multilateral", record
    assert {host, publisher} <= set(record.parties), record.parties


def test_a_past_host_is_no_party():
    record = tag_record("British frigate joins NATO exercise Dynamic Mariner",
                        "Portsmouth, 4 May 2026. HMS Iron Duke joined NATO exercise Dynamic Mariner off Spain. "
                        "Norway hosted the exercise last year. Ships from eight allies take part.", "en", "GB",
                        datetime(2026, 5, 4))
    assert record.parties == ["GB"], record
    assert "NO" in record.mentioned


QUANTITY = [
    ("en", "Troops of Poland, Lithuania, Latvia and Estonia take part, more than 2000 soldiers in all."),
    ("it", "Partecipano militari di Polonia, Lituania, Lettonia ed Estonia, oltre 2000 soldati."),
    ("fr", "Des militaires de Pologne, de Lituanie, de Lettonie et d'Estonie y participent, plus de 2000 soldats."),
    ("de", "Soldaten aus Polen, Litauen, Lettland und Estland nehmen teil, insgesamt mehr als 2000 Soldaten."),
    ("es", "Participan militares de Polonia, Lituania, Letonia y Estonia, más de 2000 efectivos."),
    ("ru", "В них участвуют военнослужащие Польши, Литвы, Латвии и Эстонии, всего более 2000 человек."),
    ("uk", "У них беруть участь військові Польщі, Литви, Латвії та Естонії, понад 2000 осіб."),
    ("tr", "Tatbikata Polonya, Litvanya, Letonya ve Estonya'dan yaklaşık 2000 asker katılıyor."),
    ("az", "Təlimdə Polşa, Litva, Latviya və Estoniyadan təxminən 2000 hərbçi iştirak edir."),
    ("ar", "ويشارك في التمرين أكثر من 2000 جندي من بولندا وليتوانيا ولاتفيا وإستونيا."),
]


@pytest.mark.parametrize(("lang", "sentence"), QUANTITY, ids=[c[0] for c in QUANTITY])
def test_a_number_after_a_quantity_word_is_a_count_not_a_year(lang, sentence):
    tokens = tokenize(sentence)
    assert _background_sentences(tokens, sentence_ids(tokens), 2026) == {0}  # read without the quantity words
    assert _background_sentences(tokens, sentence_ids(tokens), 2026, role_lexicon(lang)) == set()
    # the same number without its quantity word is a year before the publication: a look back
    bare = tokenize("Exercise Iron Wolf 2000.")
    assert _background_sentences(bare, sentence_ids(bare), 2026, role_lexicon(lang)) == {0}


def test_participants_counted_in_thousands_are_parties():
    record = tag_record("В Белоруссии начались учения ОДКБ «Взаимодействие-2026»",
                        "На полигоне Брестский в Белоруссии начались совместные учения Коллективных сил оперативного "
                        "реагирования ОДКБ «Взаимодействие-2026». В них участвуют военнослужащие России, Белоруссии, "
                        "Казахстана и Таджикистана, всего более 2000 человек и 300 единиц техники.", "ru", "RU",
                        PUBLISHED)
    assert record.primary_kind == "exercise"
    assert set(record.parties) == {"BY", "KZ", "RU", "TJ"}, record.parties


PROSPECTIVE = [
    ("en", "The Netherlands and Poland are considering joining the programme."),
    ("it", "Anche i Paesi Bassi e la Polonia valutano l'adesione al programma."),
    ("fr", "Les Pays-Bas et la Pologne envisagent de rejoindre le programme."),
    ("de", "Die Niederlande und Polen prüfen ebenfalls eine Beteiligung am Programm."),
    ("es", "Países Bajos y Polonia estudian sumarse al programa."),
    ("ru", "Нидерланды и Польша рассматривают возможность присоединения к программе."),
    ("uk", "Нідерланди та Польща розглядають можливість приєднання до програми."),
    ("tr", "Hollanda ve Polonya da programa katılmayı değerlendiriyor."),
    ("az", "Niderland və Polşa da proqrama qoşulmağı nəzərdən keçirir."),
    ("ar", "وهولندا وبولندا تدرسان الانضمام إلى البرنامج."),
]


@pytest.mark.parametrize(("lang", "sentence"), PROSPECTIVE, ids=[c[0] for c in PROSPECTIVE])
def test_countries_considering_joining_are_background(lang, sentence):
    assert any(hit.category == "background" for hit in cue_hits(sentence)), sentence


def test_countries_considering_joining_a_programme_are_no_parties():
    record = tag_record("Verteidigungsminister empfängt norwegischen Amtskollegen",
                        "Berlin, 4. November 2026. Bundesminister der Verteidigung Boris Pistorius hat seinen "
                        "norwegischen Amtskollegen im Bendlerblock empfangen. Im Mittelpunkt stand die gemeinsame "
                        "Beschaffung von U-Booten des Typs 212CD. Die Niederlande und Polen prüfen ebenfalls eine "
                        "Beteiligung am U-Boot-Programm.", "de", "DE", PUBLISHED)
    assert set(record.parties) == {"DE", "NO"}, record.parties
    assert {"NL", "PL"} <= set(record.mentioned)


def test_an_arabic_contribution_verb_names_the_countries_after_it():
    record = tag_record("وزراء دفاع دول مجلس التعاون يجتمعون في الكويت",
                        "عقد وزراء الدفاع بدول مجلس التعاون لدول الخليج العربية اليوم اجتماعهم الدوري في الكويت برئاسة "
                        "وزير الدفاع الكويتي. وبحث الاجتماع تطوير القيادة العسكرية الموحدة. وأعلنت السعودية والإمارات "
                        "تمويل مركز مشترك للأمن البحري.", "ar", "KW", PUBLISHED)
    assert record.primary_kind == "multilateral"
    assert {"AE", "KW", "SA"} <= set(record.parties), record.parties


def test_foreign_frigates_named_by_plural_adjectives_take_part():
    record = tag_record("Le groupe aéronaval conduit l'exercice Varuna avec la marine indienne",
                        "Le groupe aéronaval conduit depuis lundi en mer d'Arabie l'exercice Varuna avec la marine "
                        "indienne. Des frégates italienne et américaine ont rejoint l'escorte pour cet exercice.",
                        "fr", "FR", PUBLISHED)
    assert {"IN", "IT", "US"} <= set(record.parties), record.parties


def test_malesia_is_malaysia_in_italian():
    record = tag_record("Libano, la Spagna assume il comando del settore est di UNIFIL",
                        "Il settore comprende contingenti di Spagna, India, Indonesia, Nepal e Malesia.", "it", "IT",
                        PUBLISHED)
    assert "MY" in record.countries


def test_foreign_units_mentoring_in_an_exercise_take_part():
    record = tag_record("Flintlock 2027 opens in Côte d'Ivoire",
                        "ABIDJAN, Côte d'Ivoire - Exercise Flintlock 2027 opened Monday with more than 1,300 troops. "
                        "Host nation Côte d'Ivoire leads the exercise alongside Ghana and Senegal. U.S. Army Special "
                        "Forces, British, Dutch and Spanish special operators mentor the African units.", "en", "US",
                        datetime(2027, 2, 1))
    assert {"GB", "NL", "ES"} <= set(record.parties), record.parties


DEMARCATION = [
    ("en", "The mission monitors the demarcation line between Lebanon and Israel together with the army."),
    ("it", "La missione controlla la linea di demarcazione tra Libano e Israele insieme all'esercito."),
    ("fr", "La mission surveille la ligne de démarcation entre le Liban et Israël avec l'armée."),
    ("de", "Die Mission überwacht die Demarkationslinie zwischen Libanon und Israel gemeinsam mit der Armee."),
    ("es", "La misión vigila la línea de demarcación entre Líbano e Israel junto con el ejército."),
    ("ru", "Миссия контролирует линию разграничения между Ливаном и Израилем вместе с армией."),
    ("uk", "Місія контролює лінію розмежування між Ліваном та Ізраїлем разом з армією."),
    ("tr", "Misyon, Lübnan ile İsrail arasındaki ateşkes hattını orduyla birlikte izliyor."),
    ("az", "Missiya Ermənistan ilə Azərbaycan arasındakı təmas xəttini ordu ilə birlikdə izləyir."),
    ("ar", "تراقب البعثة الخط الأزرق بين لبنان وإسرائيل بالتعاون مع الجيش."),
]


@pytest.mark.parametrize(("lang", "sentence"), DEMARCATION, ids=[c[0] for c in DEMARCATION])
def test_the_countries_of_a_demarcation_line_a_mission_watches_are_its_place(lang, sentence):
    # "la linea di demarcazione tra Libano e Israele" (`[border]`): where a mission works, not a side of it
    evidence = read_roles("", sentence, lang, lexicon_for(lang)).evidence
    assert len(evidence) == 2
    assert all(ev.counterpart == 0 and ev.score < PARTY_MIN for ev in evidence.values()), evidence
