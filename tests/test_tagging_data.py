"""The hand-written tagging lexicons (scraper/tagging/data/*.toml) and the library-made ones (CLDR months):
every supported language is covered and each list does its job on an example in that language."""

from __future__ import annotations

import pytest
from babel import Locale

from scraper.tagging import data_files
from scraper.tagging.anchors import dates, month_of, name_key
from scraper.tagging.data_files import ROLE_LANGUAGES, DataFileError, capitals, organisations, read_table, role_lexicon
from scraper.tagging.organisations import find_organisations, organisation_codes
from scraper.tagging.stories import names
from scraper.tagging.text import tokenize

ACTORS = {
    "it": "il Ministro della Difesa", "en": "the Defence Minister", "az": "Müdafiə Nazirliyi",
    "de": "die Bundeswehr", "fr": "le ministère des Armées", "ru": "Министерство обороны",
    "tr": "Milli Savunma Bakanlığı", "es": "el Ministerio de Defensa", "ar": "وزارة الدفاع",
    "uk": "Міністерство оборони",
}
NEGATIONS = {
    "it": "non ha firmato", "en": "did not sign", "az": "deyil", "de": "hat nicht unterzeichnet",
    "fr": "n'a pas signé", "ru": "не подписала", "tr": "değil", "es": "no ha firmado", "ar": "لم يوقع",
    "uk": "не підписала",
}
DATES = {
    "it": "11-12 ottobre", "en": "on October 11", "az": "11 oktyabr", "de": "am 11. Oktober", "fr": "le 11 octobre",
    "ru": "11 октября", "tr": "11 Ekim'de", "es": "el 11 de octubre", "ar": "11 أكتوبر", "uk": "11 жовтня",
}


@pytest.mark.parametrize("lang", ROLE_LANGUAGES)
def test_every_language_has_actors_and_negation_that_match(lang):
    lexicon = role_lexicon(lang)
    assert lexicon.actors.find(tokenize(ACTORS[lang])), ACTORS[lang]
    assert lexicon.negation.find(tokenize(NEGATIONS[lang])), NEGATIONS[lang]
    table = read_table("roles.toml")
    for section in ("actor", "negation"):
        assert table[section].get(lang), f"[{section}] has no {lang} list"
    # Turkish and Azerbaijani mark a venue with a case ending, the others with a preposition.
    assert table["locative"].get(lang) or (lang in ("tr", "az") and "de" in table["locative"]["suffixes"])


@pytest.mark.parametrize("lang", ROLE_LANGUAGES)
def test_month_names_come_from_cldr_for_every_locale(lang):
    assert {month_of(name) for name in ("ottobre", "october", "oktyabr", "oktober", "octobre", "октября", "ekim",
                                        "octubre", "жовтня")} == {10}
    found = dates(DATES[lang], tokenize(DATES[lang]))
    assert "10-11" in found, (lang, found)


def test_day_ranges_and_numeric_dates():
    assert dates("dal 15 al 17 novembre", tokenize("dal 15 al 17 novembre")) == {"11-15", "11-16", "11-17"}
    assert dates("11.10.2026 and 2026-10-12", tokenize("11.10.2026 and 2026-10-12")) == {"10-11", "10-12"}


def test_names_compare_across_scripts_and_skip_titles_and_capitals():
    assert name_key("Байрамов") == name_key("Bayramov") == name_key("Bayramovun")
    assert name_key("Həsənov") == name_key("Hasanov") == name_key("Hasanov'un")
    found = names("Il ministro ha incontrato a Roma il colonnello Mahir Bayramov del «Nasr-2026».")
    assert {"mahir", "baira", "nasr"} <= found
    assert not {"roma", "minis"} & found


def test_capitals_are_cldr_countries():
    territories = Locale.parse("en").territories
    assert all(code in territories for code in capitals().values())
    assert capitals()["baku"] == "AZ" and capitals()["москва"] == "RU"


def test_organisations_in_several_scripts():
    text = "НАТО и ОДКБ; the European Union and the OSCE; ATƏT; l'OTAN; AB ile BM"
    assert organisation_codes(find_organisations("", text)) == ["NATO", "CSTO", "EU", "OSCE", "UN"]
    assert "EU" not in organisation_codes(find_organisations("", "eu"))  # an abbreviation needs its case
    assert set(organisations().abbreviations.values()) <= set(read_table("organisations.toml"))


def test_a_broken_data_file_names_the_file_and_the_key(tmp_path, monkeypatch):
    monkeypatch.setattr(data_files, "DATA_DIR", tmp_path)
    (tmp_path / "bad.toml").write_text("[actor]\nen = 3\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"bad.toml.*actor.en"):
        data_files._per_language("bad.toml", "actor", ("en",))
    (tmp_path / "broken.toml").write_text("[actor\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"broken.toml: not valid TOML"):
        read_table("broken.toml")
    with pytest.raises(DataFileError, match=r"missing.toml: missing"):
        read_table("missing.toml")


def test_a_defence_firm_acts_for_its_country_without_naming_it():
    from scraper.tagging import tag_record

    record = tag_record("Indonesia orders 12 more Rafale jets",
                        "Indonesia's defence ministry signed a contract with Dassault Aviation for 12 more Rafale "
                        "fighter jets.", "en", "ID")
    assert record.parties == ["FR", "ID"] and record.primary_kind == "industry"
    assert record.countries == ["FR", "ID"]
    domestic = tag_record("Dassault opens a new plant", "Dassault Aviation opened a plant near Bordeaux.", "en", "FR")
    assert domestic.parties == [] and "FR" not in domestic.mentioned
