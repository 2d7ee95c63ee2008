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
