"""Parties against mentioned countries, one class of construction per test, in several languages (tuning-v7 round).

Each case is a short report written for the test; the labels follow docs/tagging-labels.md.
"""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

SUBJECT_CASES = [
    ("en", "AE", "Egyptian minister receives Emirati counterpart, discusses situation in Sudan",
     "The Egyptian Minister of Defence received his Emirati counterpart in Cairo on Monday. The two ministers "
     "discussed military cooperation, joint training and the situation in Sudan and Libya.",
     {"AE", "EG"}, {"LY", "SD"}),
    ("de", "DE", "Verteidigungsminister empfängt irakischen Amtskollegen",
     "Der Verteidigungsminister hat am Dienstag seinen irakischen Amtskollegen in Berlin empfangen. Die Minister "
     "sprachen über die Ausbildung irakischer Offiziere und die Lage in Syrien.", {"DE", "IQ"}, {"SY"}),
    ("tr", "TR", "Türkiye ve Irak savunma bakanları Suriye'deki durumu görüştü",
     "Milli Savunma Bakanı, Ankara'ya resmi ziyarette bulunan Irak Savunma Bakanını törenle karşıladı. Görüşmede "
     "askeri eğitim işbirliği ve Suriye'deki son gelişmeler ele alındı.", {"IQ", "TR"}, {"SY"}),
    ("ar", "AE", "وزير الدفاع المصري يستقبل نظيره الإماراتي ويبحثان الأوضاع في السودان وليبيا",
     "استقبل وزير الدفاع المصري في القاهرة اليوم وزير الدولة لشؤون الدفاع الإماراتي. وبحث الجانبان سبل تعزيز التعاون "
     "العسكري والتدريب المشترك، إلى جانب الأوضاع في السودان وليبيا.", {"AE", "EG"}, {"LY", "SD"}),
    ("ru", "RU", "Министры обороны России и Лаоса провели переговоры в Москве",
     "Министр обороны России провёл переговоры с министром обороны Лаоса, находящимся в Москве с официальным визитом. "
     "Стороны обсудили военное сотрудничество, подготовку кадров и ситуацию в Мьянме.", {"LA", "RU"}, {"MM"}),
    ("es", "ES", "La ministra informa en el Congreso sobre la situación en el Sahel",
     "La ministra de Defensa ha comparecido hoy ante la Comisión de Defensa del Congreso para informar sobre la "
     "situación de seguridad en Malí y Mauritania y sus efectos en la migración hacia Canarias. La ministra ha "
     "explicado también la ejecución del presupuesto y los planes de reclutamiento de tropa. Los grupos de la "
     "oposición han pedido una nueva comparecencia en diciembre.", set(), {"ML", "MR"}),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "parties", "mentioned"), SUBJECT_CASES,
                         ids=[case[0] for case in SUBJECT_CASES])
def test_a_country_that_is_the_subject_of_talks_is_mentioned_not_a_party(lang, publisher, title, text, parties,
                                                                        mentioned) -> None:
    record = tag_record(title, text, lang, publisher)
    assert set(record.parties) == parties
    assert mentioned <= set(record.mentioned)


SEAT_CASES = [
    ("uk", "UA", "Пентагон оголосив новий пакет військової допомоги Україні",
     "Пентагон оголосив про новий пакет військової допомоги Україні на суму 425 мільйонів доларів. До пакета увійшли "
     "ракети для систем ППО та артилерійські снаряди.", {"UA", "US"}),
    ("en", "PH", "Pentagon to deliver more patrol boats to the Philippine Navy",
     "The Pentagon will deliver four more patrol boats to the Philippine Navy under a new military aid package, "
     "officials said in Manila on Tuesday. The boats will be handed over next year.", {"PH", "US"}),
    ("es", "AR", "La Casa Rosada confirma la compra de seis F-16 a Dinamarca",
     "La Casa Rosada confirmó la compra de seis cazas F-16 a Dinamarca. El contrato con el gobierno danés fue firmado "
     "el martes por el Ministerio de Defensa.", {"AR", "DK"}),
    ("it", "IT", "Palazzo Chigi autorizza la vendita di elicotteri al Qatar",
     "Palazzo Chigi ha autorizzato la vendita al Qatar di sedici elicotteri NH90. Il contratto sarà firmato a Doha "
     "entro dicembre dal ministero della Difesa qatariota.", {"IT", "QA"}),
]


GUEST_CASES = [
    ("tr", "TR", "Kara Harp Okulu'ndan yabancı öğrenciler de mezun oldu",
     "Kara Harp Okulu'nun mezuniyet töreninde Gürcistan ve Azerbaycan'dan gelen 14 yabancı öğrenci de diploma aldı. "
     "Törene Katar ve Pakistan'ın askeri ataşeleri de davetli olarak katıldı.", {"AZ", "GE", "TR"}, {"PK", "QA"}),
    ("en", "TR", "Georgian and Azerbaijani cadets graduate from the Turkish Military Academy",
     "Fourteen cadets from Georgia and Azerbaijan graduated from the Turkish Military Academy on Friday. The military "
     "attachés of Qatar and Pakistan attended as guests.", {"AZ", "GE", "TR"}, {"PK", "QA"}),
    ("es", "ES", "Se gradúan en Zaragoza cadetes de Colombia y Perú",
     "La Academia General Militar graduó a seis cadetes de Colombia y Perú formados en Zaragoza. Los agregados de "
     "Defensa de Chile y Brasil asistieron como invitados.", {"CO", "ES", "PE"}, {"BR", "CL"}),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "parties", "mentioned"), GUEST_CASES,
                         ids=[case[0] for case in GUEST_CASES])
def test_guests_of_a_ceremony_are_mentioned_not_parties(lang, publisher, title, text, parties, mentioned) -> None:
    record = tag_record(title, text, lang, publisher)
    assert set(record.parties) == parties
    assert mentioned <= set(record.mentioned)


WAR_NAMED_CASES = [
    ("tr", "TR", "Anadolu Kartalı Tatbikatı Konya'da başladı",
     "Konya'daki 3. Ana Jet Üs Komutanlığında Anadolu Kartalı Tatbikatı başladı. Tatbikata Hava Kuvvetlerimizin yanı "
     "sıra Azerbaycan, Pakistan, Katar ve ABD'den savaş uçakları katılıyor.", {"AZ", "PK", "QA", "TR", "US"}),
    ("de", "DE", "Marine übt mit Partnern in der Ostsee",
     "Die Deutsche Marine hat am Montag das Manöver Northern Coasts in der Ostsee begonnen. An der Übung nehmen "
     "Kriegsschiffe aus Schweden, Finnland, Polen und Estland teil.", {"DE", "EE", "FI", "PL", "SE"}),
    ("fr", "FR", "La Marine nationale s'entraîne avec ses partenaires en Méditerranée",
     "La Marine nationale a lancé lundi l'exercice Polaris en Méditerranée. Des navires de guerre de l'Italie, de "
     "l'Espagne, de la Grèce et du Portugal participent à l'exercice.", {"ES", "FR", "GR", "IT", "PT"}),
]


HANDOVER_CASES = [
    ("uk", "UA", "Посол Литви передав Силам оборони партію генераторів і дронів",
     "Надзвичайний і Повноважний Посол Литви в Україні передав заступнику Міністра оборони партію генераторів, "
     "тепловізорів і розвідувальних дронів для підрозділів Сил оборони.", {"LT", "UA"}),
    ("fr", "BJ", "Les États-Unis offrent des véhicules blindés aux forces armées",
     "L'ambassadeur des États-Unis au Bénin a remis jeudi au chef d'état-major général vingt véhicules blindés de "
     "transport de troupes et du matériel de communication.", {"BJ", "US"}),
    ("ar", "JO", "سفير اليابان يسلم القوات المسلحة الأردنية معدات لحماية الحدود",
     "سلم سفير اليابان لدى الأردن اليوم القوات المسلحة الأردنية معدات مراقبة وكاميرات حرارية وعربات لحرس الحدود، "
     "بتمويل من الحكومة اليابانية.", {"JO", "JP"}),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "parties"), HANDOVER_CASES,
                         ids=[case[0] for case in HANDOVER_CASES])
def test_equipment_handed_over_by_a_foreign_state_is_cooperation_with_it(lang, publisher, title, text,
                                                                         parties) -> None:
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind == "industry"
    assert set(record.parties) == parties


AIR_UNIT_CASES = [
    ("de", "DE", "Eurofighter üben bei Arctic Challenge in Skandinavien",
     "Sechs Eurofighter des Taktischen Luftwaffengeschwaders 71 nehmen seit Montag an der Übung Arctic Challenge teil, "
     "die Norwegen, Schweden und Finnland gemeinsam ausrichten.", {"DE", "FI", "NO", "SE"}),
    ("it", "IT", "Piloti qatarioti e kuwaitiani in volo con il 61° Stormo",
     "Sei allievi piloti del Qatar e del Kuwait hanno completato a Galatina il corso di volo avanzato presso il 61° "
     "Stormo, con gli addestratori M-346.", {"IT", "KW", "QA"}),
    ("es", "ES", "Pilotos de Chile y Perú se entrenan con el Escuadrón 141",
     "Cuatro pilotos de Chile y Perú completaron en Albacete un curso táctico con el Escuadrón 141, que opera los "
     "cazas Eurofighter desde la base de Los Llanos.", {"CL", "ES", "PE"}),
]


MADE_IN_CASES = [
    ("tr", "TR", "Leopard tanklarının modernizasyonu tamamlandı",
     "Kara Kuvvetleri envanterindeki Alman yapımı Leopard 2A4 tanklarının ASELSAN tarafından yürütülen "
     "modernizasyonunun ilk safhası tamamlandı. Tankların birliklere teslimatı önümüzdeki ay başlayacak."),
    ("en", "PL", "Army completes upgrade of its tanks",
     "The Land Forces have completed the upgrade of their German-built Leopard 2A4 tanks at the Bumar-Łabędy plant in "
     "Gliwice. Deliveries of the upgraded tanks to the brigades begin next month."),
    ("es", "CL", "El Ejército completa la modernización de sus tanques",
     "El Ejército completó la modernización de sus tanques Leopard 2A4 de fabricación alemana en los talleres de "
     "Famae en Santiago. Las entregas a las brigadas comenzarán el próximo mes."),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), MADE_IN_CASES, ids=[case[0] for case in MADE_IN_CASES])
def test_where_equipment_was_made_in_the_lead_is_no_party(lang, publisher, title, text) -> None:
    record = tag_record(title, text, lang, publisher)
    assert record.parties == []
    assert "DE" in record.mentioned


CLASH_CASES = [
    ("en", "PK", "PAF concludes exercise High Mark over Thar desert",
     "The Pakistan Air Force concluded its exercise High Mark on Friday after three weeks of day and night "
     "operations over the Thar desert. The Air Chief said the exercise had tested lessons learnt from the May clashes "
     "with India.", "IN"),
    ("ru", "AM", "Армия провела учения у границы",
     "Подразделения армии провели командно-штабные учения в Тавушской области. Командующий заявил, что учения "
     "отработали опыт прошлогодних столкновений с Азербайджаном.", "AZ"),
    ("tr", "TR", "Kara Kuvvetleri Doğu Anadolu'da tatbikat yaptı",
     "Kara Kuvvetleri Doğu Anadolu'da kış tatbikatı gerçekleştirdi. Tatbikatta geçen yıl İran ile yaşanan sınır "
     "çatışmalarından alınan dersler uygulandı.", "IR"),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "rival"), CLASH_CASES,
                         ids=[case[0] for case in CLASH_CASES])
def test_the_other_side_of_a_clash_is_no_partner_of_a_domestic_exercise(lang, publisher, title, text, rival) -> None:
    record = tag_record(title, text, lang, publisher)
    assert record.parties == []
    assert rival in record.mentioned


SUBMARINE_CASES = [
    ("de", "CH", "U-Boot-Jagd vor Bergen",
     "Bei der Übung diente ein deutsches U-Boot den Fregatten der norwegischen Marine vor Bergen als Ziel.",
     {"DE", "NO"}),
    ("fr", "BE", "Exercice de lutte anti-sous-marine en mer Égée",
     "Pendant l'exercice, un sous-marin français a servi de cible aux frégates de la marine grecque en mer Égée.",
     {"FR", "GR"}),
]


def test_an_agencys_own_state_is_not_the_missing_side_of_a_wire_that_does_not_name_it() -> None:
    record = tag_record("Pentagon awards Lockheed contract for more F-35s",
                        "WASHINGTON (Reuters) - The Pentagon awarded Lockheed Martin a $3 billion contract for 24 more "
                        "F-35 fighters for the U.S. Air Force, the Defense Department said on Friday.", "en", "GB")
    assert record.parties == []
    assert record.mentioned == ["US"]


MAKER_CASES = [
    ("en", "CN", "Pakistan Navy inducts new corvette",
     "KARACHI, Nov. 5 (Xinhua) -- The Pakistan Navy on Tuesday inducted a new Babur-class corvette built by Türkiye's "
     "STM at a ceremony in Karachi, the navy said in a statement. The ship is the third of four ordered in 2018.",
     {"PK", "TR"}),
]


EARLIER_VISIT_CASES = [
    ("en", "GB", "Poland signs deal for Korean howitzers",
     "WARSAW (Reuters) - Poland signed a contract on Monday for 150 more K9 howitzers from South Korea's Hanwha "
     "Aerospace. Earlier this year the Polish defence minister visited Washington and Berlin to discuss air defence "
     "purchases.", {"KR", "PL"}),
    ("es", "ES", "La ministra recibe a su homólogo de Filipinas",
     "La ministra de Defensa recibió ayer en Madrid a su homólogo de Filipinas, que la semana pasada visitó Francia y "
     "Alemania.", {"ES", "PH"}),
    ("ru", "RU", "Министр обороны встретился с министром обороны Вьетнама",
     "Министр обороны России провел переговоры с министром обороны Вьетнама, прибывшим в Москву после визита в "
     "Белоруссию и Казахстан.", {"RU", "VN"}),
    ("tr", "TR", "Bakan Macar mevkidaşını kabul etti",
     "Milli Savunma Bakanı, Macaristan Savunma Bakanını Ankara'da kabul etti. Macar bakan, Türkiye ziyaretinden önce "
     "Azerbaycan ve Gürcistan'ı ziyaret etmişti.", {"HU", "TR"}),
]


OTHERS_WIRE_CASES = [
    ("en", "GB", "Kenya takes delivery of Turkish drones",
     "NAIROBI (Reuters) - Kenya has taken delivery of six Turkish-made Bayraktar TB2 drones, its defence ministry "
     "said. Ethiopia and Somalia already fly the same model."),
    ("fr", "FR", "Le Maroc réceptionne ses premiers drones turcs",
     "RABAT (AFP) - Les Forces armées royales ont réceptionné leurs premiers drones Akinci livrés par la Turquie, a "
     "annoncé lundi l'état-major marocain. Le ministère a précisé que d'autres livraisons suivront."),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), OTHERS_WIRE_CASES,
                         ids=[case[0] for case in OTHERS_WIRE_CASES])
def test_unqualified_institutions_in_an_agencys_wire_on_others_are_not_the_agencys_state(lang, publisher, title,
                                                                                         text) -> None:
    record = tag_record(title, text, lang, publisher)
    assert publisher not in record.parties
    assert record.parties


FORCES_CONTEXT_CASES = [
    ("es", "US", "Comienza Fuerzas Comando 2027 en Paraguay",
     "ASUNCIÓN, Paraguay - La competencia y ejercicio de fuerzas especiales Fuerzas Comando 2027 comenzó el lunes en "
     "Paraguay, país anfitrión. Participan equipos de Colombia, Chile, Brasil y Estados Unidos junto a los comandos "
     "paraguayos. Canadá y España enviaron observadores.", {"BR", "CL", "CO", "PY", "US"}),
    ("es", "ES", "La Academia General del Aire gradúa a cuatro pilotos de Ecuador",
     "La Academia General del Aire, en San Javier, ha graduado a cuatro pilotos de la Fuerza Aérea Ecuatoriana, que "
     "completaron tres años de formación en vuelo básico y avanzado. El acuerdo de formación se renueva cada dos "
     "años.", {"EC", "ES"}),
    ("uk", "UA", "Українських морських піхотинців навчили британські інструктори",
     "Підрозділ української морської піхоти завершив шеститижневий курс підготовки. Навчання проводили британські "
     "інструктори Королівської морської піхоти на полігоні.", {"GB", "UA"}),
]


CONGO_CASES = [
    ("en", "BE", "Belgian instructors train commandos of the Democratic Republic of the Congo",
     "Belgian military instructors have trained a company of commandos of the Democratic Republic of the Congo in "
     "Kindu over four months. The training course ended with a night exercise for the soldiers.", {"BE", "CD"}),
    ("fr", "BE", "Des instructeurs belges forment des commandos de la RDC",
     "Des instructeurs militaires belges ont formé pendant quatre mois à Kindu une compagnie de commandos de la "
     "République démocratique du Congo. La formation des soldats s'est achevée par un exercice de nuit.", {"BE", "CD"}),
    ("ru", "RU", "Российские инструкторы обучат военных Республики Конго",
     "Российские военные инструкторы начали обучение военнослужащих вооружённых сил Республики Конго в Браззавиле.",
     {"CG", "RU"}),
]


LONG_NAME_CASES = [
    ("en", "ME", "Montenegro hosts joint exercise with Bosnia and Herzegovina",
     "Soldiers of the armed forces of Montenegro and of Bosnia and Herzegovina began a joint mountain exercise near "
     "Kolašin on Monday. The defence ministers of both countries will visit the troops on Thursday.", {"BA", "ME"}),
    ("ru", "RS", "Военные Сербии и Боснии и Герцеговины провели совместные учения",
     "Военнослужащие вооружённых сил Сербии и Боснии и Герцеговины провели совместные тактические учения у "
     "границы двух стран. За учениями наблюдали министры обороны.", {"BA", "RS"}),
    ("it", "IT", "Esercitazione congiunta con la Repubblica Ceca",
     "Reparti dell'Esercito e delle forze armate della Repubblica Ceca hanno concluso un'esercitazione congiunta nel "
     "poligono di Capo Teulada.", {"CZ", "IT"}),
]


CRASH_CASES = [
    ("fr", "FR", "Un Rafale indien s'écrase lors d'un vol d'entraînement",
     "Un avion de combat Rafale de l'armée de l'air indienne s'est écrasé jeudi dans le Rajasthan lors d'un vol "
     "d'entraînement, a annoncé New Delhi. C'est le premier accident d'un Rafale de fabrication française en Inde "
     "depuis leur livraison en 2020. Une commission d'enquête a été constituée par l'état-major indien."),
    ("en", "GB", "Polish F-16 crashes during NATO exercise over the Baltic",
     "A Polish Air Force F-16 crashed into the Baltic Sea during a NATO air defence exercise with German and Danish "
     "jets on Tuesday. The pilot ejected and was rescued by a German navy helicopter."),
    ("tr", "TR", "Azerbaycan'a ait eğitim uçağı ortak tatbikat sırasında düştü",
     "Türkiye ile Azerbaycan'ın ortak tatbikatı sırasında Azerbaycan Hava Kuvvetlerine ait bir eğitim uçağı düştü. "
     "Pilot paraşütle atlayarak kurtuldu, kazayla ilgili soruşturma başlatıldı."),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), CRASH_CASES, ids=[case[0] for case in CRASH_CASES])
def test_a_crash_is_no_cooperation(lang, publisher, title, text) -> None:
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind is None
    assert record.parties == []


PARTY_CLASSES = {
    "the seat of a government acts for its state": SEAT_CASES,
    "a war word inside a weapon's name is no war": WAR_NAMED_CASES,
    "an air unit named alone in the lead is the publisher's own": AIR_UNIT_CASES,
    "a submarine acts for its country like a frigate": SUBMARINE_CASES,
    "a maker named after 'built by' is the seller": MAKER_CASES,
    "a visitor's earlier stops are background": EARLIER_VISIT_CASES,
    "armed services and training grounds are defence context": FORCES_CONTEXT_CASES,
    "the two Congos are named by their full names": CONGO_CASES,
    "long names CLDR writes otherwise are found": LONG_NAME_CASES,
}
"""Classes whose cases only state the parties: one table, one test."""


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "parties"),
                         [case for cases in PARTY_CLASSES.values() for case in cases],
                         ids=[f"{name} ({case[0]})" for name, cases in PARTY_CLASSES.items() for case in cases])
def test_the_parties_of_each_class(lang, publisher, title, text, parties) -> None:
    record = tag_record(title, text, lang, publisher)
    assert set(record.parties) == parties
