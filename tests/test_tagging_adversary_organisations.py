"""An organisation named as a threat or an adversary ("угрозы со стороны НАТО", "NATO's build-up near our borders") is
not the framework of the report's event: a national security meeting about it is no multilateral cooperation (issue 10,
main kind; a class found on the tuning side, where Russia's Security Council discussing NATO threats came out as a
multilateral event; docs/tagging-labels.md: cooperation is between countries or within a framework, and the
organisation is still listed). A meeting held in NATO's framework stays multilateral. Short reports written for this
test."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

THREATS = [
    ("ru", "RU", "Совбез обсудил угрозы со стороны НАТО",
     "Совет безопасности России обсудил угрозы, связанные с наращиванием активности НАТО у российских границ. "
     "Участники отметили рост числа учений альянса."),
    ("en", "RU", "Security Council discusses threats from NATO",
     "Russia's Security Council discussed the threat posed by NATO's military build-up near Russian borders. "
     "Participants noted the growing number of Alliance exercises."),
]

FRAMEWORK = ("en", "GB", "Defence Secretary at the NATO defence ministers' meeting",
             "The Defence Secretary attended the meeting of NATO defence ministers in Brussels, where Allies agreed "
             "new capability targets.")


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), THREATS, ids=[t[0] for t in THREATS])
def test_an_organisation_named_as_a_threat_frames_no_event(lang, publisher, title, text):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind is None and "NATO" in record.organisations, record


def test_a_meeting_in_the_organisations_framework_stays_multilateral():
    lang, publisher, title, text = FRAMEWORK
    assert tag_record(title, text, lang, publisher).primary_kind == "multilateral"
