"""Queries behind the published feeds: filtered, newest-first article lists and feed dimensions.

`FeedFilter` is a conjunction of conditions; every tuple field lists values that
must *all* hold, so two filters combine by concatenation (`a & b`). A feed's own
filter and the filter parameters of an HTTP request are combined this way.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import ColumnElement, Row, Select, String, and_, bindparam, cast, false, func, or_, select
from sqlalchemy.orm import Session

from .schema import ArticleRow, FeedMemberRow
from .search_query import matching, search_terms


@dataclass(frozen=True)
class FeedFilter:
    """Conditions an article must meet to appear in a feed (all of them)."""

    sources: tuple[str, ...] = ()
    publisher_countries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    """Primary language subtags (`it` matches `it`, `it-IT`, `it_IT`)."""
    subject_countries: tuple[str, ...] = ()
    """ISO 3166-1 alpha-2 codes the article must all be about: among its `countries`, not only `mentioned`."""
    parties: tuple[str, ...] = ()
    """Codes that must all be parties of a cooperation item (`scraper.tagging.pairs.party_pairs`' rule)."""
    any_countries: tuple[str, ...] = ()
    """Codes that must each be the publisher country or among the article's `countries`."""
    keywords: tuple[str, ...] = ()
    """Search terms as typed (a word, `word*`, `"a phrase"`) that must each match the title or the body text,
    through the full-text index (case-insensitive in every script; `search_query` says what they mean)."""
    kinds: tuple[str, ...] = ()
    """Cooperation kinds (`staff_talks`, `visit`, ...) the article must each report, main or secondary."""
    cooperation_only: bool = False
    """Only articles with at least one cooperation label."""
    since: datetime | None = None
    """Only articles published (else first seen) at or after this time."""

    def __and__(self, other: FeedFilter) -> FeedFilter:
        values: dict[str, object] = {}
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if isinstance(mine, tuple):
                values[f.name] = mine + tuple(v for v in theirs if v not in mine)
            elif f.name == "cooperation_only":
                values[f.name] = mine or theirs
            else:  # since: the later bound wins
                values[f.name] = max((d for d in (mine, theirs) if d is not None), default=None)
        return FeedFilter(**values)  # type: ignore[arg-type]


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _json_contains(column: ColumnElement, code: str) -> ColumnElement[bool]:
    """`code` (upper case) is an element of a JSON list of short codes, in any case (matches the quoted string
    in the upper-cased JSON text: SQLite's LIKE ignores ASCII case, PostgreSQL's does not)."""
    return func.upper(cast(column, String)).like(f'%"{_like_escape(code)}"%', escape="\\")


def _json_lacks(column: ColumnElement, code: str) -> ColumnElement[bool]:
    """`code` is not an element of a JSON list (true for NULL too)."""
    return ~func.upper(func.coalesce(cast(column, String), "")).like(f'%"{_like_escape(code)}"%', escape="\\")


def is_cooperation_item() -> ColumnElement[bool]:
    """The article reports cooperation: it has a main event and at least one kind (`is_cooperation`)."""
    return and_(ArticleRow.primary_kind.is_not(None), ArticleRow.primary_kind != "",
                cast(ArticleRow.cooperation, String).like('%"%'))


def sort_time() -> ColumnElement[datetime]:
    """The time a feed sorts by: published, else first seen (the stored, indexed `sort_time` column)."""
    return ArticleRow.sort_time


def _conditions(flt: FeedFilter, dialect: str) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    conds += [ArticleRow.source == s for s in flt.sources]
    conds += [func.upper(ArticleRow.publisher_country) == c.upper() for c in flt.publisher_countries]
    for lang in flt.languages:
        low = func.lower(ArticleRow.language)
        prefix = _like_escape(lang.lower())
        conds.append(or_(low == lang.lower(), low.like(f"{prefix}-%", escape="\\"),
                         low.like(f"{prefix}\\_%", escape="\\")))
    for code in flt.subject_countries:
        conds += [_json_contains(ArticleRow.countries, code.upper()), _json_lacks(ArticleRow.mentioned, code.upper())]
    conds += [_json_contains(ArticleRow.parties, c.upper()) for c in flt.parties]
    if flt.parties:
        conds.append(is_cooperation_item())
    conds += [
        or_(func.upper(ArticleRow.publisher_country) == c.upper(), _json_contains(ArticleRow.countries, c.upper()))
        for c in flt.any_countries
    ]
    if flt.keywords:
        terms = search_terms(flt.keywords)
        conds += matching(terms, dialect) if terms else [false()]  # nothing to search for: nothing found
    conds += [_json_contains(ArticleRow.cooperation, kind.upper()) for kind in flt.kinds]
    if flt.kinds:
        conds.append(is_cooperation_item())
    if flt.cooperation_only:
        conds.append(cast(ArticleRow.cooperation, String).like('%"%'))
    if flt.since is not None:
        conds.append(sort_time() >= flt.since)
    return conds


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def feed_articles(session: Session, flt: FeedFilter, limit: int) -> list[ArticleRow]:
    """Articles matching `flt`, newest first (published, else first seen; ties oldest first), at most `limit`."""
    query = select(ArticleRow)
    conds = _conditions(flt, _dialect(session))
    if conds:
        query = query.where(and_(*conds))
    query = query.order_by(sort_time().desc(), ArticleRow.id).limit(limit)
    return list(session.scalars(query))


def filter_window(session: Session, flt: FeedFilter, limit: int) -> list[int]:
    """Ids of `feed_articles(session, flt, limit)`, in its order, without loading the rows."""
    query = select(ArticleRow.id)
    conds = _conditions(flt, _dialect(session))
    if conds:
        query = query.where(and_(*conds))
    return list(session.scalars(query.order_by(sort_time().desc(), ArticleRow.id).limit(limit)))


_FEED_WINDOW = (select(FeedMemberRow.article_id).where(FeedMemberRow.feed == bindparam("feed"))
                .order_by(FeedMemberRow.sort_time.desc(), FeedMemberRow.article_id).limit(bindparam("limit")))


def feed_window(session: Session, feed: str, limit: int) -> list[int]:
    """Ids of the newest `limit` articles of a built-in feed (`feed_index.member_feeds`), in feed order.

    Walks the index (feed, sort_time, article_id) and stops after `limit` rows: the same articles, in
    the same order, as `filter_window` with the feed's filter, whatever the store's size.
    """
    return list(session.scalars(_FEED_WINDOW, {"feed": feed, "limit": limit}))


ENTRY_COLUMNS = (
    ArticleRow.id, ArticleRow.url, ArticleRow.source, ArticleRow.title, ArticleRow.summary, ArticleRow.body_text,
    ArticleRow.body_html, ArticleRow.published, ArticleRow.updated, ArticleRow.authors, ArticleRow.language,
    ArticleRow.images, ArticleRow.rights, ArticleRow.tags, ArticleRow.countries, ArticleRow.cooperation,
    ArticleRow.cooperation_score, ArticleRow.parties, ArticleRow.mentioned, ArticleRow.primary_kind,
    ArticleRow.organisations, ArticleRow.first_seen,
)
"""What a feed entry is made of (`feeds.model.entry_from_row`): not the bookkeeping columns."""
ENTRY_KEY_COLUMNS = tuple(ArticleRow.content_hash if column is ArticleRow.body_text else column
                          for column in ENTRY_COLUMNS if column is not ArticleRow.body_html)
"""`ENTRY_COLUMNS` with the content hash for the texts: the body text and HTML are only ever stored with a new
content hash (`articles._copy_content`), so these columns tell whether an entry kept by an earlier publish is
still the entry of the row, without reading its texts."""

CANDIDATE_TEXT_CHARS = 8000
"""Body text a story candidate carries (grouping reads the first 4,000 characters)."""
CANDIDATE_COLUMNS = (
    ArticleRow.id, ArticleRow.url, ArticleRow.source, ArticleRow.title, ArticleRow.published, ArticleRow.first_seen,
    func.length(ArticleRow.body_text).label("text_length"), ArticleRow.content_hash, ArticleRow.language,
)
"""What a story feed reads of a candidate (`feeds.story_groups`): no HTML, no text, the text's length and hash,
its language."""
CANDIDATE_TEXT_COLUMNS = (ArticleRow.id, func.substr(ArticleRow.body_text, 1, CANDIDATE_TEXT_CHARS).label("body_text"),
                          ArticleRow.language)
"""The start of a candidate's text and its language, read only when its feed's window must be grouped again."""

_CHUNK = 500


_ROWS_BY_ID: dict[tuple[ColumnElement, ...], Select] = {}


def rows_by_id(session: Session, ids: Iterable[int],
               columns: Sequence[ColumnElement] = ENTRY_COLUMNS) -> dict[int, Row]:
    """`columns` of the articles with these ids (the first column must be the id), by id.

    One statement per column set, built once (its compiled form is cached by SQLAlchemy), with the ids
    as an expanding parameter, in chunks."""
    key = tuple(columns)
    statement = _ROWS_BY_ID.get(key)
    if statement is None:
        statement = _ROWS_BY_ID[key] = select(*columns).where(ArticleRow.id.in_(bindparam("ids", expanding=True)))
    wanted = sorted(set(ids))
    found: dict[int, Row] = {}
    for start in range(0, len(wanted), _CHUNK):
        found.update((row[0], row) for row in session.execute(statement, {"ids": wanted[start:start + _CHUNK]}))
    return found


def distinct_values(session: Session, column: str) -> list[str]:
    """Sorted distinct non-empty values of a plain article column (`source`, `publisher_country`, `language`)."""
    col = getattr(ArticleRow, column)
    values = session.scalars(select(col).distinct().where(col.is_not(None), col != ""))
    return sorted(str(v) for v in values)


def distinct_list_values(session: Session, column: str, flt: FeedFilter | None = None) -> list[tuple[str, ...]]:
    """Sorted distinct values of a JSON list column (`countries`, `cooperation`), each list sorted.

    With `flt`, only articles matching it count (e.g. the countries of cooperation articles).
    """
    col = getattr(ArticleRow, column)
    query = select(cast(col, String)).distinct()  # as text: PostgreSQL's json type has no equality
    conds = _conditions(flt, _dialect(session)) if flt is not None else []
    if conds:
        query = query.where(and_(*conds))
    seen = {tuple(sorted({str(v) for v in json.loads(raw) or ()})) for raw in session.scalars(query) if raw}
    return sorted(s for s in seen if s)


@dataclass(frozen=True)
class CooperationItem:
    """What the feed catalog needs of one cooperation item: its parties, kinds and time."""

    parties: tuple[str, ...]
    kinds: tuple[str, ...]
    primary_kind: str
    when: datetime


def cooperation_items(session: Session) -> list[CooperationItem]:
    """Every cooperation item that names parties, newest first (published, else first seen; ties by URL)."""
    query = (select(ArticleRow.parties, ArticleRow.cooperation, ArticleRow.primary_kind, sort_time())
             .where(is_cooperation_item(), cast(ArticleRow.parties, String).like('%"%'))
             .order_by(sort_time().desc(), ArticleRow.id))
    return [CooperationItem(tuple(parties or ()), tuple(kinds or ()), kind, when)
            for parties, kinds, kind, when in session.execute(query)]


def feed_activity(session: Session, prefix: str) -> list[tuple[str, int, datetime]]:
    """(key after `prefix`, articles, newest sort time) of every membership key under `prefix`
    (`pairs/`, `party/`): an index range scan of `feed_members`, never the articles."""
    m = FeedMemberRow
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    query = (select(m.feed, func.count(), func.max(m.sort_time))
             .where(m.feed >= prefix, m.feed < upper).group_by(m.feed))
    return [(feed[len(prefix):], int(count), latest) for feed, count, latest in session.execute(query)]


def feeds_of_sources(session: Session, sources: Sequence[str]) -> set[str]:
    """Membership keys (`feed_index`) of every article of these sources."""
    m = FeedMemberRow
    query = (select(m.feed).distinct().join(ArticleRow, ArticleRow.id == m.article_id)
             .where(ArticleRow.source.in_(list(sources))))
    return set(session.scalars(query))
