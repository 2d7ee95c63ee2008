"""Who does what: parties vs mentions, the publisher's own country, the main event, negation, domestic events —
one small example per error class in every supported language (written for these tests, not from the labels)."""

from __future__ import annotations

import pytest

from scraper.items import Article
from scraper.tagging import tag_article, tag_record
from scraper.tagging.pairs import party_pairs


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "parties", "mentioned", "kind"), [
    ("it", "IT", "Il Capo di Stato Maggiore della Difesa in visita a Baku",
     "Il generale ha incontrato il ministro della Difesa azero. Le due delegazioni hanno discusso della cooperazione "
     "militare bilaterale. Nel 2020 l'Italia aveva schierato truppe in Libano.", ["AZ", "IT"], ["LB"], "visit"),
    ("en", "GB", "Defence Secretary meets Polish counterpart in London",
     "The Defence Secretary hosted the Polish Minister of National Defence for talks on air defence cooperation. "
     "The war in Ukraine was also discussed.", ["GB", "PL"], ["UA"], "staff_talks"),
    ("en", None, "Australia and Japan sign reciprocal access agreement",
     "The defence agreement was signed in Tokyo by the defence ministers of Australia and Japan. The deal follows a "
     "similar pact with the United Kingdom, members of the Quad include India and the United States.",
     ["AU", "JP"], ["GB", "IN", "US"], "agreement"),
    ("az", "AZ", "Müdafiə naziri Türkiyə nümayəndə heyəti ilə görüşüb",
     "Müdafiə Nazirliyində Türkiyə Silahlı Qüvvələrinin nümayəndə heyəti ilə görüş keçirilib. Görüşdə hərbi "
     "əməkdaşlıq məsələləri müzakirə olunub.", ["AZ", "TR"], [], "staff_talks"),
    ("de", "DE", "Bundeswehr übt mit litauischen Streitkräften",
     "Soldaten der Bundeswehr und der litauischen Armee trainieren gemeinsam in der Übung Griffin Lightning.",
     ["DE", "LT"], [], "exercise"),
    ("fr", "FR", "La France livre des canons Caesar à l'Arménie",
     "Le ministère des Armées a annoncé la signature d'un contrat avec l'Arménie pour la livraison de canons Caesar.",
     ["AM", "FR"], [], "industry"),
    ("ru", "RU", "Минобороны России и Индии провели переговоры",
     "Министр обороны России провел переговоры с министром обороны Индии в Москве. Стороны обсудили "
     "военное сотрудничество.", ["IN", "RU"], [], "staff_talks"),
    ("tr", "TR", "Genelkurmay Başkanı Pakistan heyetini kabul etti",
     "Genelkurmay Başkanı, Pakistan Kara Kuvvetleri Komutanı ile askeri işbirliği konularında görüştü.",
     ["PK", "TR"], [], "visit"),  # receiving a foreign counterpart, with talks, is a visit
    ("es", "ES", "La Armada y la Marina italiana realizan un ejercicio conjunto",
     "Buques de la Armada y de la Marina Militare italiana realizaron un ejercicio conjunto en el Mediterráneo.",
     ["ES", "IT"], [], "exercise"),
])
def test_parties_mentions_and_main_event(lang, publisher, title, text, parties, mentioned, kind):
    record = tag_record(title, text, lang, publisher)
    assert record.parties == parties
    assert record.mentioned == mentioned
    assert record.primary_kind == kind
    assert record.cooperation[0] == kind
    assert sorted(record.countries) == sorted(set(parties) | set(mentioned))


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), [
    ("tr", "TR", "Türkiye ile Azerbaycan arasında askeri işbirliği anlaşması imzalanmadı",
     "Taraflar görüşmelerde anlaşmayı imzalamadı, müzakereler sürecek."),
    ("en", "US", "U.S. did not sign the agreement with Vietnam",
     "The United States did not sign a defence agreement with Vietnam during the talks in Hanoi."),
    ("es", "ES", "Ejercicio de la Armada en aguas de Cartagena",
     "Buques de la Armada realizaron un ejercicio de adiestramiento nacional frente a Cartagena, con un observador "
     "de Francia."),
    ("en", "IE", "Irish election: parties debate neutrality and NATO",
     "Voters in Ireland go to the polls. Parties debated neutrality, the triple lock, NATO and EU defence policy."),
    ("ru", "RU", "В Южном военном округе начались учения мотострелков",
     "Военнослужащие отработают действия по отражению атак условного противника, сообщили в Минобороны России."),
])
def test_negation_domestic_events_and_passing_mentions_are_not_cooperation(lang, publisher, title, text):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind is None and record.cooperation == [] and record.parties == []
    assert record.cooperation_score < 0.5


def test_the_publisher_is_a_party_when_only_implied():
    # Italian ministry text: "lo Stato Maggiore" and Rome stand for Italy, which is never named.
    record = tag_record("Staff Talks con la Grecia a Roma",
                        "Lo Stato Maggiore della Difesa ha ospitato a Roma la delegazione greca per i colloqui "
                        "bilaterali di cooperazione militare.", "it", "IT")
    assert record.parties == ["GR", "IT"]
    # An agency elsewhere reporting two other countries does not make its own country a party.
    other = tag_record("Staff Talks tra Italia e Grecia a Roma",
                       "Lo Stato Maggiore italiano ha ospitato la delegazione greca per i colloqui bilaterali.", "it",
                       "FR")
    assert other.parties == ["GR", "IT"]


def test_organisations_and_a_passing_nato_mention_is_not_the_main_event():
    record = tag_record("Georgia and Azerbaijan hold joint exercise",
                        "Troops of Georgia and Azerbaijan began a joint exercise near Tbilisi. Both countries are "
                        "NATO partners and cooperate with the EU and the OSCE.", "en", None)
    assert record.primary_kind == "exercise"
    assert record.organisations == ["NATO", "EU", "OSCE"]
    assert record.parties == ["AZ", "GE"]


def test_tag_article_fills_every_field_and_the_pair_feed_contract_holds():
    article = Article(url="https://example.test/a", title="Italy and Azerbaijan hold staff talks in Rome",
                      body_text="Delegations of the two defence ministries met for bilateral staff talks.",
                      language="en")
    tag_article(article, "IT")
    assert article.parties == ["AZ", "IT"] and article.primary_kind == "staff_talks"
    assert party_pairs(article) == [("AZ", "IT")]
    football = Article(url="https://example.test/b", title="Calcio: Italia-Azerbaigian 3-0",
                       body_text="La nazionale italiana batte l'Azerbaigian allo stadio.", language="it")
    tag_article(football, "IT")
    assert football.parties == [] and football.primary_kind is None and football.cooperation == []
    assert party_pairs(football) == []
    assert set(football.countries) == {"AZ", "IT"} and football.mentioned == ["AZ", "IT"]


def test_seed_article_tags_italy_and_azerbaijan_as_staff_talks():
    from tests.test_tagging_cooperation import item

    seed = item("seed-difesa-st6")
    record = tag_record(seed["title"], seed["text"], "it", "IT")
    assert record.parties == ["AZ", "IT"]
    assert record.primary_kind == "staff_talks"


def test_observers_and_background_wars_are_mentioned_not_parties():
    record = tag_record("Balikatan 2026 kicks off",
                        "U.S. and Philippine forces opened exercise Balikatan with 17.000 troops. Australian and "
                        "Japanese troops are participating alongside the two allies, while Canada sent observers. "
                        "Tensions with Beijing over the South China Sea remain high.", "en", "US")
    assert record.parties == ["AU", "JP", "PH", "US"]
    assert "CA" in record.mentioned and "CN" not in record.parties


NOT_COOPERATION = [
    ('it', 'IT', "Incidente durante un'esercitazione dell'Esercito in Sardegna",
     "Un militare è rimasto ferito durante un'esercitazione a fuoco nel poligono di "
     "Teulada; la Procura ha aperto un'inchiesta."),
    ('it', 'IT', "Italia e Azerbaigian firmano accordi sull'energia",
     'I ministri hanno firmato a Baku un memorandum sulla cooperazione energetica e '
     'sul gas del TAP.'),
    ('en', 'GB', 'Royal Navy commissions new frigate HMS Venturer',
     'The Royal Navy commissioned its new Type 31 frigate at Rosyth in a ceremony '
     'attended by the First Sea Lord.'),
    ('en', 'US', 'U.S. and Mexico sign trade deal on steel',
     'The United States and Mexico signed an agreement on steel quotas after talks in Washington.'),
    ('de', 'DE', 'Bundeswehr beschafft neue Schützenpanzer bei Rheinmetall',
     'Das BAAINBw hat bei Rheinmetall 50 weitere Schützenpanzer Puma für das Heer bestellt.'),
    ('de', 'DE', 'Deutschland und Norwegen vereinbaren Wasserstoff-Partnerschaft',
     'Die Wirtschaftsminister beider Länder unterzeichneten in Oslo eine Vereinbarung '
     'über Wasserstoff.'),
    ('fr', 'FR', 'Défilé du 14 juillet sur les Champs-Élysées',
     'Les armées françaises ont défilé sur les Champs-Élysées devant le président de la République.'),
    ('fr', 'FR', 'La France et le Maroc signent un accord agricole',
     "Les ministres de l'Agriculture ont signé à Rabat un accord de coopération agricole."),
    ('es', 'ES', 'España y Francia empatan en la Eurocopa',
     'La selección española empató con Francia en el partido de la Eurocopa disputado en Múnich.'),
    ('es', 'ES', 'La Armada recibe el nuevo submarino S-82',
     'Navantia entregó a la Armada el submarino Narciso Monturiol en Cartagena.'),
    ('ru', 'RU', 'В Москве прошел парад Победы',
     'На Красной площади прошел парад, в котором приняли участие более 10 тысяч военнослужащих.'),
    ('ru', 'RU', 'Россия и Казахстан подписали соглашение о поставках газа',
     'Стороны подписали соглашение о транзите газа в Узбекистан.'),
    ('tr', 'TR', 'Kara Kuvvetleri Komutanlığında devir teslim töreni',
     'Kara Kuvvetleri Komutanlığı görevine atanan Orgeneral için tören düzenlendi.'),
    ('tr', 'TR', 'Türkiye ile Azerbaycan arasında ticaret anlaşması imzalandı',
     "Ticaret bakanları Bakü'de tercihli ticaret anlaşması imzaladı."),
    ('az', 'AZ', 'Azərbaycan Ordusunda yeni tədris ili başlayıb',
     'Hərbi təhsil müəssisələrində yeni tədris ili təntənəli mərasimlə başlayıb.'),
    ('az', 'AZ', 'Azərbaycan və Gürcüstan arasında tranzit sazişi imzalanıb',
     'Nəqliyyat nazirləri yük daşımalarına dair saziş imzalayıblar.'),
    ('uk', 'UA', 'Росія завдала удару по Харкову',
     'Російські війська завдали ракетного удару по Харкову, є загиблі.'),
    ('ar', 'SA', 'السعودية والإمارات توقعان اتفاقية تجارية',
     'وقع وزيرا التجارة في البلدين اتفاقية لتعزيز التبادل التجاري والاستثمار.'),
    ('en', 'US', 'Pentagon postpones arms sale talks with Turkey',
     'The Pentagon postponed talks with Türkiye on the sale of F-16 fighter jets until next year.'),
    ('it', 'IT', 'Elezioni, i partiti discutono della spesa per la difesa e della NATO',
     'In campagna elettorale i partiti si confrontano sulla spesa militare e sul ruolo'
     " dell'Italia nella NATO."),
]


OWN_COUNTRY_IMPLIED = [
    ('it', 'IT', "Il Capo di Stato Maggiore dell'Esercito incontra l'omologo egiziano",
     'Il generale ha ricevuto a Palazzo Esercito il Capo di Stato Maggiore delle forze'
     ' terrestri egiziane per colloqui sulla cooperazione.', ['EG', 'IT']),
    ('en', 'GB', 'Chief of the Defence Staff meets Indian counterpart',
     'The Chief of the Defence Staff hosted General Dwivedi of the Indian Army in '
     'London for talks on training cooperation.', ['GB', 'IN']),
    ('fr', 'FR', "Le chef d'état-major des armées reçoit son homologue brésilien",
     "Le CEMA a reçu à Balard le chef d'état-major des forces armées brésiliennes pour"
     ' évoquer la coopération militaire.', ['BR', 'FR']),
    ('de', 'DE', 'Generalinspekteur empfängt polnischen Generalstabschef',
     'Der Generalinspekteur der Bundeswehr hat den Chef des polnischen Generalstabs in'
     ' Berlin zu Gesprächen empfangen.', ['DE', 'PL']),
    ('es', 'ES', 'El JEMAD recibe a su homólogo marroquí',
     'El Jefe de Estado Mayor de la Defensa recibió en Madrid al inspector general de '
     'las Fuerzas Armadas Reales de Marruecos.', ['ES', 'MA']),
    ('ru', 'RU', 'Начальник Генштаба провел переговоры с главой армии Ирана',
     'Начальник Генерального штаба провел в Москве переговоры с начальником штаба '
     'вооруженных сил Ирана.', ['IR', 'RU']),
    ('tr', 'TR', 'Genelkurmay Başkanı Macar mevkidaşını kabul etti',
     "Genelkurmay Başkanı, Macaristan Genelkurmay Başkanını Ankara'da resmi törenle "
     'karşıladı ve görüştü.', ['HU', 'TR']),
    ('az', 'AZ', 'Müdafiə naziri Qazaxıstan nümayəndə heyətini qəbul edib',
     'Müdafiə naziri Qazaxıstan Müdafiə Nazirliyinin nümayəndə heyətini qəbul edib, '
     'hərbi əməkdaşlıq müzakirə olunub.', ['AZ', 'KZ']),
    ('uk', 'UA', 'Міністр оборони зустрівся з литовським колегою',
     'Міністр оборони провів зустріч з міністром оборони Литви у Києві та обговорив '
     'постачання озброєння.', ['LT', 'UA']),
    ('ar', 'SA', 'وزير الدفاع يستقبل نظيره الباكستاني',
     'استقبل وزير الدفاع في الرياض وزير الدفاع الباكستاني وبحثا التعاون العسكري.', ['PK', 'SA']),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), NOT_COOPERATION,
                         ids=[f"{r[0]}-{n}" for n, r in enumerate(NOT_COOPERATION)])
def test_domestic_trade_sport_court_election_and_postponed_items_are_not_cooperation(lang, publisher, title, text):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind is None and record.parties == [] and record.cooperation_score < 0.5


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "parties"), OWN_COUNTRY_IMPLIED,
                         ids=[r[0] for r in OWN_COUNTRY_IMPLIED])
def test_the_publishers_own_country_is_implied_by_its_officials_in_every_language(lang, publisher, title,
                                                                                  text, parties):
    assert tag_record(title, text, lang, publisher).parties == parties


PARTICIPANTS = [
    ('it', 'IT', "Al via l'esercitazione Mare Aperto",
     "È iniziata l'esercitazione Mare Aperto della Marina Militare con la "
     'partecipazione di unità di Francia, Spagna e Grecia.', ['ES', 'FR', 'GR', 'IT']),
    ('fr', 'FR', "Début de l'exercice Polaris",
     "La Marine nationale conduit l'exercice Polaris avec la participation de "
     'bâtiments britanniques, italiens et espagnols.', ['ES', 'FR', 'GB', 'IT']),
    ('de', 'DE', 'Luftwaffe übt mit Partnern über der Ostsee',
     'Die Luftwaffe trainiert bei der Übung unter Beteiligung von Kampfjets aus Polen,'
     ' Dänemark und Schweden.', ['DE', 'DK', 'PL', 'SE']),
    ('es', 'ES', 'Comienza el ejercicio Flotex',
     'La Armada inicia el ejercicio con la participación de buques de Portugal, Francia e Italia.',
     ['ES', 'FR', 'IT', 'PT']),
    ('ru', 'RU', 'Начались учения ОДКБ в Таджикистане',
     'В Таджикистане начались учения Коллективных сил ОДКБ при участии военнослужащих '
     'Казахстана, Киргизии и России.', ['KG', 'KZ', 'RU', 'TJ']),
    ('az', 'AZ', 'Bakıda beynəlxalq təlim başlayıb',
     'Türkiyə, Gürcüstan və Pakistanın iştirakı ilə birgə taktiki təlim başlayıb.', ['AZ', 'GE', 'PK', 'TR']),
    ('en', 'GB', 'Exercise Steadfast Defender begins',
     'British troops began the exercise alongside forces from Poland, Germany and the Netherlands.',
     ['DE', 'GB', 'NL', 'PL']),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "parties"), PARTICIPANTS,
                         ids=[r[0] for r in PARTICIPANTS])
def test_participants_of_a_multinational_exercise_and_its_host_are_parties(lang, publisher, title, text,
                                                                          parties):
    assert tag_record(title, text, lang, publisher).parties == parties


def test_floors_on_the_tuning_part_of_the_labelled_reports():
    """Regression floors just under the tuning-part figures of bench/bench_tagging.py (held-out figures are
    only ever printed by the benchmark, never tuned against)."""
    from bench.bench_tagging import load_reports, measure, ours

    reports = load_reports()
    if not reports:
        pytest.skip("labelled reports absent (tests/fixtures/tagging/reports)")
    figures = measure([r for r in reports if r["split"] == "tuning" and r["set"] == "v2"], ours, "ours")
    assert figures["parties"][2] >= 0.95
    assert figures["cooperation"][2] >= 0.97
    assert figures["primary"] >= 0.93
    assert figures["stories"]["F1"] >= 0.9 and figures["stories"]["cross R"] >= 0.85
    made, supported = figures["pair feeds"]
    assert made <= 1.2 * supported


def test_floors_on_the_whole_tuning_side_with_the_tuning_extra_reports():
    """The whole tuning side (v2 tuning part + tuning-extra and the later sets), just under the figures the general
    rules reached; the tuning-v7 and tuning-v9 sets, written to find parties errors of new styles (tuning-v9 blind to
    the engine, thirteenth round), have their own floors below."""
    from bench.bench_tagging import load_reports, measure, ours

    reports = [r for r in load_reports() if r["split"] == "tuning" and r["set"] not in {"tuning-v7", "tuning-v9"}]
    if not any(r["set"] == "tuning-extra" for r in reports):
        pytest.skip("tuning-extra reports absent (tests/fixtures/tagging/reports/tuning-extra-*.jsonl)")
    figures = measure(reports, ours, "ours")
    assert figures["parties"][2] >= 0.94
    assert figures["cooperation"][2] >= 0.97
    assert figures["primary"] >= 0.92


SET_FLOORS = {
    "tuning-v4": (0.96, 0.98, 0.97),
    "tuning-v7": (0.89, 0.92, 0.74),
    "tuning-v9": (0.89, 0.93, 0.82),
}
"""Parties F1, cooperation F1 and primary-kind accuracy floors per later tuning set, just under the figures its round's
rules reached: tuning-v4 (third round), tuning-v7 (eighth round, parties against mentioned countries; from 0.811,
0.855 and 0.661 before that round's rules), tuning-v9 (thirteenth round, written blind to the engine: just under its
first measurement, parties 0.899, cooperation 0.935, primary 0.826)."""


@pytest.mark.parametrize("name", sorted(SET_FLOORS))
def test_floors_on_the_later_tuning_sets(name):
    from bench.bench_tagging import load_reports, measure, ours

    reports = [r for r in load_reports() if r["set"] == name]
    if not reports:
        pytest.skip(f"{name} reports absent (tests/fixtures/tagging/reports/{name}-*.jsonl)")
    figures = measure(reports, ours, "ours")
    parties, cooperation, primary = SET_FLOORS[name]
    assert figures["parties"][2] >= parties
    assert figures["cooperation"][2] >= cooperation
    assert figures["primary"] >= primary


GENERAL_RULES = [
    # A headline about two other countries: the agency's own state is not a party.
    ("en", "GB", "Japan and the Philippines sign a defence logistics pact",
     "MANILA, June 3 - The defence minister of Japan and the Philippine defence secretary signed the pact on Tuesday, "
     "the ministry said.", ["JP", "PH"]),
    ("ru", "RU", "Япония и Филиппины подписали соглашение о снабжении войск",
     "МАНИЛА, 3 июня. Министр обороны Японии и министр обороны Филиппин подписали соглашение.", ["JP", "PH"]),
    # Coordination shares its head; a list in a sentence saying they took part names parties.
    ("it", "IT", "Esercitazione multinazionale in Sardegna",
     "All'esercitazione hanno partecipato reparti di Italia, Spagna, Grecia e Portogallo.", ["ES", "GR", "IT", "PT"]),
    ("ru", "RU", "Учения ОДКБ прошли в Таджикистане",
     "В учениях приняли участие подразделения вооруженных сил России, Казахстана, Киргизии и Таджикистана. "
     "Армения в учениях не участвовала.", ["KG", "KZ", "RU", "TJ"]),
    # Observers of a whole list, a country that protests, a country where a product was made.
    ("en", "US", "Joint drills open in the Philippines",
     "U.S. and Philippine troops opened joint drills today. Australian troops are taking part, while France and "
     "Canada sent observers.", ["AU", "PH", "US"]),
    ("fr", "FR", "La France et l'Arménie signent un accord de défense, Bakou proteste",
     "Les ministres de la Défense ont signé l'accord à Paris.", ["AM", "FR"]),
    ("tr", "TR", "Deniz Kuvvetleri ile Pakistan Donanması ortak tatbikat yaptı",
     "Türk ve Pakistan deniz kuvvetleri ortak tatbikat icra etti. Tatbikatta Alman yapımı denizaltılar da görev aldı.",
     ["PK", "TR"]),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "parties"), GENERAL_RULES,
                         ids=[f"{r[0]}-{n}" for n, r in enumerate(GENERAL_RULES)])
def test_general_rules_for_parties(lang, publisher, title, text, parties):
    assert tag_record(title, text, lang, publisher).parties == parties


@pytest.mark.parametrize(("lang", "title", "text"), [
    ("en", "Opinion: NATO's eastern flank needs more than exercises",
     "Germany and Poland held joint exercises last month, the defence ministers said."),
    ("es", "Tribuna: una OTAN a dos velocidades", "España y Francia firmaron un acuerdo de defensa."),
    ("it", "Sessant'anni fa la prima esercitazione congiunta tra Italia e Stati Uniti",
     "Nel 1966 reparti italiani e statunitensi si addestrarono insieme ad Aviano."),
    ("en", "Firefighting planes from Italy and Croatia join battle against Greek wildfires",
     "Firefighting aircraft from Italy and Croatia arrived in Greece as wildfires forced evacuations."),
])
def test_opinion_look_back_and_civil_protection_are_not_cooperation(lang, title, text):
    assert tag_record(title, text, lang, None).primary_kind is None


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "kind"), [
    ("en", "GE", "Trilateral exercise opens at Vaziani",
     "Georgian, Azerbaijani and Turkish special forces began the trilateral exercise at Vaziani.", "exercise"),
    ("ar", "EG", "اختتام التدريب البحري المصري الفرنسي المشترك",
     "اختتمت القوات البحرية المصرية والفرنسية فعاليات التدريب البحري المشترك في البحر المتوسط.", "exercise"),
    ("it", "IT", "L'India firma con la Francia l'accordo per l'acquisto di 114 Rafale",
     "L'India ha firmato con la Francia un accordo per l'acquisto di 114 caccia Rafale.", "industry"),
    ("tr", "TR", "Pakistan Genelkurmay Başkanı Bakü'de",
     "Pakistan Genelkurmay Başkanı Azerbaycan'da resmi temaslarda bulundu ve Azerbaycan Savunma Bakanı ile askeri "
     "eğitim, ortak tatbikatlar ve savunma sanayii alanındaki iş birliğini görüştü.", "visit"),
    ("en", "GB", "GCAP partners meet in Tokyo",
     "The defence ministers of the United Kingdom, Italy and Japan met in Tokyo for talks on the GCAP fighter "
     "programme and its industrial development.", "multilateral"),
])
def test_general_rules_for_the_main_event(lang, publisher, title, text, kind):
    assert tag_record(title, text, lang, publisher).primary_kind == kind
