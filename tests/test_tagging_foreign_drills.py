"""A foreign country's exercise told with no word of cooperation ("Iran holds naval drills near Hormuz" in a Qatari
agency's report) is that country's own drill: the publisher is not its missing other side, so the report is no
cooperation and makes no pair feed, also when the text names institutions without a country ("missile units"; issue 10,
pair feeds: tuning reports ar-m010, and in tuning-v8p ar-r002, en-r002). An exercise "with" a partner's navy, or a joint
one ("تمرينا بحريا مشتركا"), keeps the publisher as the other side. Short reports written for this test, after
docs/tagging-labels.md."""

from __future__ import annotations

import pytest

from scraper.tagging import tag_record

OWN_DRILLS = [
    ('en', 'QA', 'Iran stages naval drills near Strait of Hormuz',
     'DOHA. Iranian naval forces began large-scale drills near the Strait of Hormuz on Monday with fast boats, '
     'submarines and drones, Iranian state television said. The manoeuvres will last three days. The Iranian navy '
     'commander called the drills a message of deterrence held every year in the region.'),
    ('ar', 'QA', 'إيران تبدأ مناورات بحرية في الخليج',
     'بدأت القوات البحرية الإيرانية مناورات واسعة في مياه الخليج بمشاركة زوارق سريعة وغواصات، بحسب التلفزيون '
     'الإيراني. وتستمر المناورات ثلاثة أيام. ووصف قائد البحرية الإيرانية المناورات بأنها رسالة ردع.'),
    ('ru', 'KZ', 'Китай начал военно-морские учения в Южно-Китайском море',
     'Военно-морские силы Китая начали в понедельник масштабные учения в Южно-Китайском море с участием эсминцев, '
     'подводных лодок и авиации. Учения продлятся пять дней, сообщило министерство обороны КНР.'),
    ('en', 'QA', 'Iran launches air defence drills in its south',
     'Iranian armed forces began air defence drills in the south of the country on Thursday, state media reported. '
     'Missile units, radars and drones take part in the three-day manoeuvres, which the commander called a test of '
     'the protection of energy sites.'),
]

PARTNERS = [
    ('en', 'QA', 'Pakistani warships hold drills with Qatari navy',
     'DOHA. Pakistani navy ships held an exercise with the Qatari Emiri Naval Forces off Doha on Monday. The crews '
     'practised boarding and air defence. The ships will stay in port for three days.',
     ['PK', 'QA']),
    ('ar', 'JO', 'مصر تبدأ تمرينا بحريا مشتركا',
     'بدأت القوات البحرية المصرية تمرينا مشتركا في البحر الأحمر بمشاركة فرقاطات وطائرات عمودية، وفق المتحدث '
     'العسكري. ويستمر التمرين عشرة أيام.',
     ['EG', 'JO']),
]


@pytest.mark.parametrize(("lang", "publisher", "title", "text"), OWN_DRILLS)
def test_foreign_own_drill_is_no_cooperation(lang: str, publisher: str, title: str, text: str) -> None:
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind is None
    assert record.parties == []


@pytest.mark.parametrize(("lang", "publisher", "title", "text", "parties"), PARTNERS)
def test_exercise_with_a_partner_keeps_both_sides(lang: str, publisher: str, title: str, text: str,
                                                  parties: list[str]) -> None:
    record = tag_record(title, text, lang, publisher)
    assert record.primary_kind == "exercise"
    assert record.parties == parties
