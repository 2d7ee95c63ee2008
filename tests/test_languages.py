"""scraper.languages: the one primary-subtag helper and the one py3langid model, as each caller uses them."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest

from feeds.catalog import FAMILIES, catalog
from scraper.items import Article
from scraper.languages import language_identifier, primary_subtag
from scraper.normalise.declared_language import confirms
from scraper.normalise.language import choose_language, detect
from scraper.store import Store, upsert_article
from scraper.store.feed_queries import feed_articles
from scraper.tagging.countries import detect_language, tag_countries

ITALIAN = ("Il Capo di Stato Maggiore della Difesa ha incontrato a Roma il Ministro della Difesa "
           "dell'Azerbaigian per discutere la cooperazione militare tra i due Paesi.")


@pytest.mark.parametrize(("code", "expected"), [
    ("it", "it"), ("it_IT", "it"), ("it-IT", "it"), ("IT", "it"), (" en-US ", "en"), ("az_Latn", "az"),
    ("zh-Hant-TW", "zh"), ("nb-NO", "no"), ("nn", "no"), ("iw", "he"), ("in", "id"), ("fil", "fil"),
    (None, None), ("", None), ("   ", None), ("-it", None), ("x", None), ("12", None), ("ñu", None),
])
def test_primary_subtag(code: str | None, expected: str | None) -> None:
    assert primary_subtag(code) == expected


@pytest.mark.parametrize(("code", "expected"), [
    ("it", "it"), ("it-IT", "it"), ("az_Latn", "az"), (" it ", "it"), ("EN_", "en"), ("ita-IT", "ita"),
    ("nb-NO", "nb"), ("iw", "iw"), (None, None), ("", None), ("it.IT", None), ("en, de", None), ("english", None),
    ("it -IT", None), ("it\nx", None), ("İt", None),
])
def test_strict_reads_only_well_formed_codes_as_written(code: str | None, expected: str | None) -> None:
    assert primary_subtag(code, strict=True) == expected


def test_declarations_are_read_leniently_as_normalisation_always_did() -> None:
    # the first two or three letters count, whatever follows (lists, qualities, whole names)
    assert [primary_subtag(c) for c in ("en, de", "de;q=0.8", "it.IT", "english")] == ["en", "de", "it", "eng"]
    assert choose_language(["nb-NO"], "", fallback="de") == "no"
    assert choose_language(["xx-YY", "english"], "", fallback="it_IT") == "it"  # no known declaration


def test_tagging_reads_the_language_of_a_well_formed_tag() -> None:
    # "it_IT" picks the Italian lexicon like "it"; anything else is left to detection, as before
    title, text = "Italia e Azerbaigian", "Cooperazione tra Italia e Azerbaigian nel settore della difesa."
    assert tag_countries(title, text, "it_IT") == tag_countries(title, text, "it") == ["IT", "AZ"]
    detected = tag_countries(title, text, None)
    assert [tag_countries(title, text, code) for code in ("nb-NO", "it.IT", "english")] == [detected] * 3


def test_one_model_serves_both_kinds_of_identifier() -> None:
    normalised, raw = language_identifier(), language_identifier(norm_probs=False)
    assert language_identifier(norm_probs=True) is normalised
    assert raw is not normalised
    assert raw.nb_ptc is normalised.nb_ptc and raw.tk_nextmove is normalised.tk_nextmove  # read once
    lang, probability = normalised.classify(ITALIAN)
    assert lang == "it" and 0.95 < probability <= 1.0
    lang, score = raw.classify(ITALIAN)
    assert lang == "it" and score < -100  # a naive-Bayes log score, not a probability


def test_each_kind_keeps_its_own_answers() -> None:
    # featureless text: probabilities are uniform and the merged sr columns win; raw scores keep the first class
    assert language_identifier().classify("!!!")[0] == "sr"
    assert language_identifier(norm_probs=False).classify("!!!")[0] == "af"
    assert detect(ITALIAN)[0] == "it" and detect("too short") == (None, 0.0)
    assert detect_language(ITALIAN) == "it"
    assert detect_language("Министар одбране Србије састао се са колегом из Италије.") is None  # sr: no lexicon
    assert detect_language("   ") is None


def _article(n: int, language: str | None) -> Article:
    article = Article(url=f"https://news.example.org/{n}", source="example", title=f"Story {n}",
                      body_text=f"Text {n}.", language=language, published=datetime(2025, 1, n, tzinfo=UTC))
    article.content_hash = hashlib.sha256(f"{n}".encode()).hexdigest()
    return article


def test_feed_catalog_keys_are_stored_subtags_that_match_their_feed(config) -> None:
    languages = ["it_IT", "it", "nb-NO", "nb", "zh-Hant", "english", "EN", None]
    store = Store(config.database_url)
    with store.session() as session:
        for n, language in enumerate(languages, 1):
            upsert_article(session, _article(n, language), datetime(2025, 2, 1, tzinfo=UTC))
    with store.session() as session:
        specs = catalog(session, [f for f in FAMILIES if f.name == "lang"])
        assert [s.slug for s in specs] == ["lang/en", "lang/it", "lang/nb"]  # nb is not folded: no rows say "no"
        found = {s.slug: sorted(r.language for r in feed_articles(session, s.filter, 10)) for s in specs}
    store.close()
    assert found == {"lang/en": ["EN"], "lang/it": ["it", "it_IT"], "lang/nb": ["nb", "nb-NO"]}


def test_a_declaration_its_stop_words_confirm_needs_no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    import scraper.normalise.language as language

    def no_model() -> None:
        raise AssertionError("the language model was asked")

    english = ("The ministers of defence met in Rome on Tuesday and agreed that the two countries would hold "
               "joint exercises in the spring, which they said was the first step of a plan that has been "
               "discussed for years by both of the governments and their staffs. ") * 2
    monkeypatch.setattr(language, "language_identifier", no_model)
    assert choose_language(["en-GB"], english) == "en"


def test_a_declaration_the_stop_words_contradict_goes_to_the_model() -> None:
    german = ("Die Verteidigungsminister der beiden Länder haben sich am Dienstag in Rom getroffen und "
              "vereinbart, dass im Frühjahr gemeinsame Übungen stattfinden sollen, was nach ihren Worten der "
              "erste Schritt eines Plans ist, über den seit Jahren gesprochen wird. ") * 2
    assert not confirms("en", german) and confirms("de", german)
    assert choose_language(["en"], german) == "de"
    assert not confirms("ja", german)  # no stop-word list: the model decides
