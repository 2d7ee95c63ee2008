"""Arabic capitals as metonyms of their state ("الرياض وأنقرة توقعان", Riyadh and Ankara sign), with the conjunction
"و" written on them, and Arabic curated demonyms with a proclitic ("مصر والسعودية", "القوات البحرية المصرية
والسعودية"): the capitals were missing from `capitals.toml` and the curated adjectives had no proclitic forms, so the
side named that way was lost and the publisher or a background country took its place (issue 10, parties; tuning
reports ar-v010, ar-r001, ar-k014). Short reports written for this test, after docs/tagging-labels.md."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

CASES = [
    ('QA', 'الرياض وأنقرة توقعان اتفاقية للتعاون الدفاعي',
     'وقعت الرياض وأنقرة اتفاقية للتعاون في مجال الصناعات الدفاعية تشمل نقل التكنولوجيا وتدريب المهندسين. '
     'ويشمل الاتفاق إنتاج طائرات مسيرة داخل المملكة.',
     ['SA', 'TR']),
    ('JO', 'مصر والسعودية تبدآن تمرينا بحريا مشتركا في البحر الأحمر',
     'بدأت القوات البحرية المصرية والسعودية تمرينا بحريا مشتركا في البحر الأحمر بمشاركة فرقاطات وطائرات عمودية، '
     'وفق المتحدث العسكري المصري. ويستمر التمرين عشرة أيام.',
     ['EG', 'SA']),
    ('AE', 'القاهرة وباريس تبحثان تعزيز التعاون العسكري',
     'بحثت القاهرة وباريس خلال اجتماع اللجنة العسكرية المشتركة تعزيز التعاون العسكري والتدريبات المشتركة بين '
     'القوات المسلحة في البلدين.',
     ['EG', 'FR']),
]


@pytest.mark.parametrize(("publisher", "title", "text", "parties"), CASES)
def test_arabic_capitals_and_proclitic_demonyms(publisher: str, title: str, text: str, parties: list[str]) -> None:
    record = tag_record(title, text, "ar", publisher)
    assert record.primary_kind is not None
    assert record.parties == parties
