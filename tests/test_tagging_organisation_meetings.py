"""A meeting whose title names an organisation and no country is that organisation's meeting, `multilateral`, not
bilateral staff talks (issue 10, main kind; a class found on the tuning side, where "Treffen der
EU-Verteidigungsminister" came out as staff talks and a meeting of the Gulf Cooperation Council's defence ministers,
named in Arabic, was not found; docs/tagging-labels.md: `multilateral` covers "NATO/EU/OSCE/UN/CSTO/CIS/GCC framework
meetings"). A meeting whose title names a country beside the organisation ("EU and Japan hold consultations") is not
changed by this rule. Short reports written for this test."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

MEETINGS = [
    ("de", "DE", "Minister beim Treffen der NATO-Verteidigungsminister in Brüssel",
     "Der Bundesminister der Verteidigung hat am Dienstag in Brüssel am Treffen der Verteidigungsminister der NATO "
     "teilgenommen. Die Minister berieten über gemeinsame Beschaffung, Munitionsproduktion und Soldaten an der "
     "Ostflanke."),
    ("ar", "KW", "رئيس الأركان يشارك في الاجتماع السنوي لرؤساء أركان دول مجلس التعاون",
     "شارك رئيس الأركان العامة للجيش في الاجتماع السنوي لرؤساء أركان دول مجلس التعاون الذي عقد في مسقط، حيث بحث "
     "المجتمعون تطوير القيادة العسكرية الموحدة والتمارين المشتركة."),
    ("en", "GB", "Minister at the meeting of EU defence ministers",
     "The Minister attended the meeting of European Union defence ministers on Tuesday. Ministers discussed joint "
     "procurement of air defence and the training mission for Ukraine."),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), MEETINGS, ids=[m[0] for m in MEETINGS])
def test_an_organisations_meeting_is_multilateral(lang, publisher, title, text):
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind == "multilateral", record
    assert record.parties == [publisher]
