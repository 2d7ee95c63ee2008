"""Publication and modification times: every dated signal of the page, combined by agreement."""

from __future__ import annotations

import logging
import re
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from lxml import html as lxml_html

from .date_evidence import day_is_written
from .dates import DateValue, fixed_offset, parse_date
from .metadata import PageMeta

logger = logging.getLogger(__name__)

PUBLISHED_META = (
    "article:published_time", "og:published_time", "og:article:published_time", "published_time",
    "article.published", "datepublished", "pubdate", "publishdate", "publish-date", "publish_date",
    "sailthru.date", "parsely-pub-date", "cxenseparse:recs:publishtime", "dc.date.issued",
    "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created", "date", "citation_publication_date",
    "article:published", "og:pubdate", "pubdate_dt",
)
MODIFIED_META = (
    "article:modified_time", "og:updated_time", "og:modified_time", "article:modified", "datemodified",
    "last-modified", "dcterms.modified", "dc.date.modified", "lastmod", "updated_time",
)
_DATE_CLASS = re.compile(r"date|time|datum|fecha|data|publi|byline|meta|zeit|dato|tarih", re.I)
_URL_DATE = re.compile(r"/(20\d{2}|19\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|$|-|\D)")
_YEAR = re.compile(r"(19|20)\d{2}")


def _strings(value: Any) -> list[str]:
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str | int | float)]
    return [value] if isinstance(value, str | int | float) else []


def _time_elements(tree: Any, main: Any | None) -> list[str]:
    """`datetime` attributes of <time> elements that look like the article's own date."""
    found: list[str] = []
    for el in tree.xpath("//time[@datetime][@pubdate or @itemprop='datePublished' or contains(@class,'publi')]"):
        found.append(el.get("datetime"))
    scope = main if main is not None else tree
    first = scope.xpath(".//time[@datetime]")
    if first:
        found.append(first[0].get("datetime"))
    return found


def _texts_in_date_markup(tree: Any) -> list[str]:
    """Short texts of elements whose class or id says 'date' (for human-written dates)."""
    out: list[str] = []
    for el in tree.xpath("//body//*[@class or @id][not(self::script)][not(self::style)]"):
        marker = f"{el.get('class', '')} {el.get('id', '')}"
        if not _DATE_CLASS.search(marker):
            continue
        text = " ".join(el.text_content().split())
        if 6 <= len(text) <= 80 and _YEAR.search(text):
            out.append(text)
            if len(out) >= 4:
                break
    return out


def _htmldate(tree: Any, url: str, now: datetime, page_source: str) -> list[str]:
    """htmldate's reading of the page's own evidence (metadata, URL, dateline elements, <time>), not
    its extensive search of free text, where a year or range ("2026–2028") becomes January 1st. Its
    answer counts only when the page or URL writes that day: htmldate completes a partial or
    impossible date ("2024-02", "2024-02-30") to the 1st. It works on its own copy of the tree."""
    from htmldate import find_date

    found = find_date(tree, url=url, original_date=True, extensive_search=False,
                      outputformat="%Y-%m-%dT%H:%M:%S%z", max_date=now.strftime("%Y-%m-%d"))
    if not found:
        return []
    try:
        day = date.fromisoformat(found[:10])
    except ValueError:
        return []
    if not day_is_written(day, page_source or lxml_html.tostring(tree, encoding="unicode"), url or ""):
        logger.info("no date from htmldate's %s for %s: the page does not write that day", found[:10], url)
        return []
    if found.endswith("T00:00:00"):
        found = found[:10]  # a day without time comes back as midnight: keep it a bare day
    return [found]


def _url_date(url: str) -> list[str]:
    match = _URL_DATE.search(url or "")
    return [f"{match.group(1)}-{int(match.group(2)):02d}-{int(match.group(3)):02d}"] if match else []


def url_day(url: str) -> datetime | None:
    """The day a URL path writes (`/2024/03/14/`, `/2024-03-14-`), as midnight UTC; None when it writes
    none or not a real day."""
    match = _URL_DATE.search(url or "")
    if match is None:
        return None
    try:
        return datetime(int(match.group(1)), int(match.group(2)), int(match.group(3)), tzinfo=UTC)
    except ValueError:
        return None


def _agree(values: list[DateValue], zone: tzinfo | None = None) -> DateValue | None:
    """The first value, refined by the others: a time of day from another value on the same day,
    the page's own offset for the same instant, or, for a time that had none and when the source's
    zone is unknown, the page's offset."""
    if not values:
        return None
    best = values[0]
    offsets = [v.value.tzinfo for v in values if v.has_offset]
    if not best.has_time:
        for other in values[1:]:
            if other.has_time and other.value.astimezone(other.value.tzinfo).date() == best.value.date():
                best = other
                break
    if best.has_time and not best.has_offset and offsets and zone is None:
        for other in values:
            if other.has_offset and other.value.replace(tzinfo=None) == best.value.replace(tzinfo=None):
                return other
        return DateValue(best.value.replace(tzinfo=offsets[0]), True, True)
    if best.has_offset and best.value.utcoffset() == UTC.utcoffset(None):
        for other in values:
            if other.has_offset and other.value == best.value and other.value.utcoffset():
                return other
    return best


def _hint_time(best: DateValue, hinted: list[DateValue], zone: tzinfo | None) -> DateValue:
    """A page date without time of day takes the time of a hint (feed entry, news sitemap) that
    falls on the same day, in the source's zone when known."""
    if best.has_time or not hinted or not hinted[0].has_time:
        return best
    hint = hinted[0].value
    days = {hint.date(), hint.astimezone(best.value.tzinfo).date()}
    if zone is not None:
        days.add(hint.astimezone(zone).date())
    if best.value.date() not in days:
        return best
    shown = fixed_offset(hint.astimezone(zone)) if zone is not None else hint
    return DateValue(shown, True, hinted[0].has_offset)


def choose_dates(
    tree: Any, meta: PageMeta, url: str, *, main: Any | None, language: str | None, now: datetime,
    selected: dict[str, list[str]], hints: dict[str, Any], zone: tzinfo | None = None,
    page_source: str = "",
) -> tuple[datetime | None, datetime | None]:
    """(published, updated): source selectors win; then JSON-LD, microdata, meta, <time>, dated
    markup, hints and the URL, combined by agreement; never in the future. `zone` (the source's
    IANA zone) is the zone of page times written without an offset. Only evidence about the page
    counts: a year or range in the text, or an impossible or partial date, is no date (None is better
    than an invented one). `page_source` (the decoded page) is where a searched date must be written."""
    article = meta.article

    def parse_all(raw: list[Any]) -> list[DateValue]:
        out = []
        for value in raw:
            parsed = parse_date(value, language=language, now=now, default_tz=zone)
            if parsed is not None:
                out.append(parsed)
        return out

    hinted = parse_all([hints["published"]]) if hints.get("published") else []
    published: DateValue | None = None
    if selected.get("published"):
        published = _agree(parse_all(selected["published"]), zone)
    if published is None:
        structured = (
            _strings(article.get("datePublished")) + _strings(article.get("dateCreated"))
            + _strings(meta.microdata.get("datePublished"))
            + [v for name in PUBLISHED_META for v in meta.meta.get(name, [])]
        )
        values = parse_all(structured) + parse_all(_time_elements(tree, main))
        if not values:
            values = parse_all(_texts_in_date_markup(tree))
        if not any(v.has_time for v in values) and not (values and hinted and hinted[0].has_time):
            values += parse_all(_htmldate(tree, url, now, page_source))
        if not values:
            values = hinted or parse_all(_url_date(url))
        published = _agree(values, zone)
    if published is not None:
        published = _hint_time(published, hinted, zone)

    updated: DateValue | None = None
    raw_updated = selected.get("updated") or (
        _strings(article.get("dateModified")) + _strings(meta.microdata.get("dateModified"))
        + [v for name in MODIFIED_META for v in meta.meta.get(name, [])]
    )
    updated = _agree(parse_all(raw_updated), zone)
    if updated is None and hints.get("updated"):
        updated = _agree(parse_all([hints["updated"]]), zone)
    pub = published.value if published else None
    upd = updated.value if updated else None
    if pub and upd and upd < pub:
        upd = None
    return pub, upd
