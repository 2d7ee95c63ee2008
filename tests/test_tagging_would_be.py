"""`read_rules(..., would_be=True)`: the rules' reading of an article with a kind that they do not call cooperation,
as if it were one (read by bench/cooperation_model_experiment.py); `tag_record` never asks for it and is unchanged."""

from __future__ import annotations

from scraper.tagging import tag_record
from scraper.tagging.record import read_rules

POSTPONED = ("Australia and Indonesia postpone joint exercise",
             "Australia and Indonesia have postponed their joint military exercise Garuda Shield, the Australian "
             "Defence Force said on Monday.", "en", "AU")
SEED = ("Staff Talks tra Italia e Azerbaigian",
        "Si sono svolti a Roma gli Staff Talks tra lo Stato Maggiore della Difesa italiano e le Forze Armate "
        "dell'Azerbaigian per rafforzare la cooperazione militare bilaterale.", "it", "IT")


def test_a_called_off_event_is_read_as_a_would_be_item_only_when_asked():
    plain = read_rules(*POSTPONED)
    assert not plain.decided and plain.party is None and plain.cooperation is None
    reading = read_rules(*POSTPONED, would_be=True)
    assert not reading.decided and reading.parties == [] and reading.kinds == []
    assert reading.party is not None and reading.cooperation is not None
    assert set(reading.party.parties) == {"AU", "ID"} and reading.party.kinds[0] == "exercise"
    assert reading.cooperation.decided is False and reading.cooperation.kinds == reading.party.kinds
    record = tag_record(*POSTPONED)
    assert record.primary_kind is None and record.parties == [] and record.cooperation_score < 0.5


def test_a_cooperation_item_reads_the_same_with_or_without_would_be():
    plain, wide = read_rules(*SEED), read_rules(*SEED, would_be=True)
    assert plain.decided and wide.decided
    assert (plain.parties, plain.kinds, plain.score) == (wide.parties, wide.kinds, wide.score)
    assert plain.cooperation is not None and plain.cooperation.decided
    record = tag_record(*SEED)
    assert record.parties == ["AZ", "IT"] and record.primary_kind == "staff_talks"


def test_an_article_without_a_kind_has_no_would_be_reading():
    reading = read_rules("Italy beat Azerbaijan 3-0 in a friendly",
                         "The Italian team beat Azerbaijan in Rome on Sunday.", "en", "IT", would_be=True)
    assert not reading.decided and reading.party is None and reading.cooperation is None
