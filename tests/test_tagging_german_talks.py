"""German talks verbs ("beraten", "berieten", "treffen sich") are staff-talks cues, so the sentence that reports the
talks is the event's sentence and its countries are parties (issue 10, a data gap found on the tuning side)."""

from __future__ import annotations

from scraper.tagging import tag_record


def test_ministers_conferring_in_german_are_talks_between_the_named_countries():
    record = tag_record(
        "Verteidigungsminister treffen sich in Warschau",
        "Die Verteidigungsminister Polens, Litauens und Lettlands haben in Warschau über den Schutz der Ostflanke "
        "beraten. Das nächste Treffen soll im Herbst stattfinden.", "de", "DE")
    assert record.is_cooperation
    assert {"PL", "LT", "LV"} <= set(record.parties)
