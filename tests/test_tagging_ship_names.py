"""A country name right after a ship prefix names a ship ("USS Georgia"), and an ambiguous name read so is that ship in
the rest of the article (issue 10, sixth round: a look-alike class found on the tuning-v5 reports; the labelling guide
lists only countries named or clearly referred to). Short reports written for this test, after
docs/tagging-labels.md."""

from __future__ import annotations

from scraper.tagging import tag_record


def test_a_submarine_named_after_a_state_names_no_country():
    record = tag_record("USS Georgia returns to Kings Bay after deployment",
                        "The guided-missile submarine USS Georgia returned to Naval Submarine Base Kings Bay on "
                        "Friday after a seven-month deployment. Georgia is one of four Ohio-class guided-missile "
                        "submarines.", "en", "US")
    assert "GE" not in record.countries, record
    assert not record.is_cooperation


def test_a_ship_named_after_a_state_in_an_exercise_is_no_party():
    record = tag_record("USS Georgia joins Greek frigates in a joint exercise",
                        "The submarine USS Georgia joined frigates of the Hellenic Navy for a joint anti-submarine "
                        "exercise off Crete on Monday, the U.S. Navy said.", "en", "US")
    assert record.is_cooperation
    assert set(record.parties) == {"GR", "US"}, record
