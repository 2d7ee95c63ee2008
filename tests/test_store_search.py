"""Keyword search through the full-text index (FTS5 on SQLite, a GIN-indexed tsvector on PostgreSQL): the same
answers on both databases for a multilingual set, the documented semantics (words, `word*`, quoted phrases),
hostile input that stays text, an index the database keeps by itself, a plan that uses it, and stores made
before it upgraded with their rows found."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import and_, delete, insert, select, text, update
from sqlalchemy.orm import Session

from scraper.items import Article
from scraper.store import Store, upsert_article
from scraper.store.engine import make_engine
from scraper.store.feed_queries import FeedFilter, _conditions, feed_articles, sort_time
from scraper.store.migrations import _config, head_revision, upgrade
from scraper.store.schema import ArticleRow
from scraper.store.search_key import search_text, words
from scraper.store.search_query import (
    FTS_TABLE,
    VECTOR_INDEX,
    WINDOW_INDEX,
    SearchTerm,
    fts5_query,
    parse_term,
    tsquery_text,
)
from tests.helpers.databases import fresh_postgres

T0 = datetime(2025, 6, 1, 8, 0, tzinfo=UTC)

ARTICLES = {
    "tr": ("İstanbul'da Türk ve Azerbaycan ordusu TATBİKATI", "Türkiye'nin fırkateyni Işık limanda."),
    "de": ("Deutsch-französische Übung auf der STRASSE von Dover", "Die Straße ist gesperrt; F-35 über Köln."),
    "el": ("ΣΊΣΥΦΟΣ: ΚΟΙΝΉ ΆΣΚΗΣΗ ΕΛΛΆΔΑΣ ΚΑΙ ΚΎΠΡΟΥ", "Ο Σίσυφος και η κοινή άσκηση."),
    "ru": ("МОСКВА и Минск проводят учения", "Учения «Щит Союза» начались."),
    "ar": ("تمرين عسكري مشترك بين مصر والأردن", "القوات البحرية المصرية تشارك في التمرين."),
    "az": ("Azərbaycan və Türkiyə birgə təlim keçirir", "ƏSGƏRLƏR Bakıda hazırlaşır."),
    "en": ("Joint staff talks held in Baku", "Staff talks on naval cooperation, 100% done_ok."),
}

SEARCHES: list[tuple[tuple[str, ...], set[str]]] = [
    # Turkish dotted and dotless i, Turkish suffix after an apostrophe
    (("istanbul",), {"tr"}), (("İSTANBUL",), {"tr"}), (("ISTANBUL",), {"tr"}), (("tatbikati",), {"tr"}),
    (("türkiye",), {"tr"}), (("TÜRKİYE'NİN",), {"tr"}), (("ışık",), {"tr"}), (("IŞIK",), {"tr"}),
    # German sharp s both ways, umlauts kept, hyphenated words
    (("straße",), {"de"}), (("STRASSE",), {"de"}), (("übung",), {"de"}), (("ubung",), set()),
    (("deutsch-französische",), {"de"}), (("französische",), {"de"}), (("f-35",), {"de"}), (("köln",), {"de"}),
    # Greek: accented capitals and the final sigma
    (("σίσυφος",), {"el"}), (("ΣΊΣΥΦΟΣ",), {"el"}), (("σίσυφοσ",), {"el"}), (("κοινή",), {"el"}),
    (("κοινη",), set()),
    # Russian, Arabic, Azerbaijani schwa
    (("москва",), {"ru"}), (("МИНСК",), {"ru"}), (("щит",), {"ru"}), (('"щит союза"',), {"ru"}),
    (("مصر",), {"ar"}), (("التمرين",), {"ar"}), (("تمرين", "مشترك"), {"ar"}),
    (("azərbaycan",), {"az"}), (("AZƏRBAYCAN",), {"az"}), (("azerbaycan",), {"tr"}),
    (("əsgərlər",), {"az"}), (("Türkiyə",), {"az"}),
    # words across title and text, prefixes, phrases
    (("joint", "naval"), {"en"}), (("москва", "dover"), set()), (("100",), {"en"}), (("done_ok",), {"en"}),
    (("stra*",), {"de"}), (("azərb*",), {"az"}), (("azerb*",), {"tr"}), (("azerbaycan*",), {"tr"}),
    (("tal*",), {"en"}), (("talk",), set()), (("talks",), {"en"}),
    (('"staff talks"',), {"en"}), (('"talks staff"',), set()), (('"staff tal"*',), {"en"}),
    (('"held in baku"',), {"en"}), (('"held baku"',), set()), (("“staff talks”",), {"en"}),
    # a term without a letter or digit is left out; alone, it finds nothing
    (("%",), set()), (("_",), set()), (("frigate", "%"), set()), (("joint", "--"), {"en"}),
]


def fill(session: Session) -> None:
    for n, (language, (title, body)) in enumerate(sorted(ARTICLES.items())):
        upsert_article(session, Article(url=f"https://example.org/{language}", title=title, body_text=body,
                                        language=language, content_hash=f"h{n}"), T0 + timedelta(minutes=n))


def found(session: Session, keywords: tuple[str, ...], **filters: object) -> set[str]:
    return {row.language for row in feed_articles(session, FeedFilter(keywords=keywords, **filters), 50)}  # type: ignore[arg-type]


def test_a_multilingual_search_gives_the_same_answers_on_both_databases(database_url: str) -> None:
    """Every search's answer is written down once and checked on SQLite and on PostgreSQL alike."""
    store = Store(database_url)
    try:
        with store.session() as session:
            fill(session)
        with store.session() as session:
            answers = {keywords: found(session, keywords) for keywords, _ in SEARCHES}
        assert answers == dict(SEARCHES)
    finally:
        store.close()


HOSTILE = [
    '"', '""', '"frigate', 'frigate"', 'staff" OR "baku', "NEAR(staff talks)", "search_text:staff", "^staff",
    "staff AND", "OR", "NOT staff", "-staff", "staff*talks", "*", "**", "(staff", "staff)", "'", "\\", "'staff'",
    "staff:*", "staff & !talks", "staff | dover", "staff <-> talks", "'; DROP TABLE articles; --", "{staff}",
    "staff\x00talks", "a" * 300, "staff" + "\u0307" * 5,
]


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_hostile_queries_are_words_in_either_query_language(dialect: str) -> None:
    """Whatever is typed, the query text holds only quoted folded words (nothing the languages read as syntax)."""
    for q in HOSTILE:
        terms = [t for t in (parse_term(x) for x in q.split()) if t is not None]
        for term in terms:
            assert all(words(w) == [w] for w in term.words)  # letters, digits and marks only: no quote, no operator
        query = fts5_query(terms) if dialect == "sqlite" else tsquery_text(terms)
        stripped = query
        for term in terms:
            for w in term.words:
                stripped = stripped.replace(w, "")
        assert set(stripped) <= set('" AND*') if dialect == "sqlite" else set(stripped) <= set("' &:*"), (q, query)


def test_hostile_queries_run_and_find_what_their_words_find(database_url: str) -> None:
    """Query syntax typed into q is text: it runs, finds what its words find, and leaves the store intact."""
    store = Store(database_url)
    try:
        with store.session() as session:
            fill(session)
        with store.session() as session:
            for q in HOSTILE:
                found(session, tuple(q.split()) or (q,))  # no error from either database
            assert found(session, ('staff" OR "baku',)) == set()  # one phrase "staff or baku", not an OR
            assert found(session, ("NEAR(staff talks)",)) == set()  # the phrase "near staff talks"
            assert found(session, ("staff", "OR", "dover")) == set()  # three words, "or" among them
            assert found(session, ("search_text:staff",)) == set()  # no column filter: the phrase "search text staff"
            assert found(session, ("staff*talks",)) == {"en"}  # the phrase "staff talks"
            assert found(session, ("staff:*",)) == {"en"}  # the word "staff"
            assert found(session, ("'staff'", "(talks")) == {"en"}
            assert found(session, ('"frigate',)) == set() and found(session, ('"staff',)) == {"en"}
        assert store.integrity_ok()
    finally:
        store.close()


def test_the_index_follows_new_changed_and_deleted_articles(database_url: str) -> None:
    """No code keeps the index: SQLite's triggers and PostgreSQL's generated column do."""
    store = Store(database_url)
    try:
        with store.session() as session:
            fill(session)
        with store.session() as session:
            changed = Article(url="https://example.org/en", title="Naval exercise off Crete", body_text="Frigates.",
                              language="en", content_hash="new")
            assert upsert_article(session, changed, T0 + timedelta(hours=1)) == "updated"
        with store.session() as session:
            assert found(session, ("baku",)) == set() and found(session, ("crete",)) == {"en"}
            assert found(session, ("frigates",)) == {"en"}
            session.execute(update(ArticleRow).where(ArticleRow.language == "de").values(last_seen=T0))  # not the text
            assert found(session, ("köln",)) == {"de"}
            session.execute(delete(ArticleRow).where(ArticleRow.language == "de"))
        with store.session() as session:
            assert found(session, ("köln",)) == set() and found(session, ("москва",)) == {"ru"}
        assert store.integrity_ok()
    finally:
        store.close()


def test_search_combines_with_the_other_filters(database_url: str) -> None:
    store = Store(database_url)
    try:
        with store.session() as session:
            fill(session)
        with store.session() as session:
            assert found(session, ("staff",), languages=("en",)) == {"en"}
            assert found(session, ("staff",), languages=("de",)) == set()
            assert found(session, ("straße",), sources=()) == {"de"}
            assert found(session, ("σίσυφος", "москва")) == set()
    finally:
        store.close()


def _plan(session: Session, keywords: tuple[str, ...]) -> str:
    dialect = session.get_bind().dialect
    flt = FeedFilter(keywords=keywords, any_countries=("IT",))
    query = (select(ArticleRow.id).where(and_(*_conditions(flt, dialect.name)))
             .order_by(sort_time().desc(), ArticleRow.id).limit(50))
    sql = str(query.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    prefix = "EXPLAIN QUERY PLAN " if dialect.name == "sqlite" else "EXPLAIN "
    return "\n".join(" ".join(str(v) for v in row) for row in session.connection().exec_driver_sql(prefix + sql))


def test_the_query_plan_uses_the_full_text_index(database_url: str) -> None:
    """3,000 articles (one in a hundred has the rare word), statistics gathered: the plan reads the full-text
    index (SQLite: the FTS5 table, tested while walking the window index newest first, which holds the country
    columns too, so it reads no article, stops after the window and sorts nothing; PostgreSQL: the GIN index,
    sequential scans priced as on a large table)."""
    store = Store(database_url)
    try:
        with store.session() as session:
            rows = [{"url": f"https://example.org/{n}", "source": "s", "title": f"Item {n}",
                     "body_text": "Patrol boats" + (" and a rare frigate" if n % 100 == 0 else ""),
                     "summary": "", "body_html": "", "authors": [], "images": [], "tags": [], "countries": ["IT"],
                     "cooperation": [], "cooperation_score": 0.0, "content_hash": str(n), "first_seen": T0,
                     "last_seen": T0, "changed": T0, "sort_time": T0 + timedelta(minutes=n)} for n in range(3000)]
            for row in rows:
                row["search_text"] = search_text(row["title"], row["body_text"])  # as upsert_article writes it
            session.execute(insert(ArticleRow), rows)
        with store.session() as session:
            session.execute(text("ANALYZE"))
        with store.session() as session:
            if store.engine.dialect.name == "postgresql":  # 3,000 short rows fit a few pages: as on a large table
                session.execute(text("SET LOCAL enable_seqscan = off"))
            plan = _plan(session, ("frigate",))
            assert len(feed_articles(session, FeedFilter(keywords=("frigate",)), 100)) == 30
        if store.engine.dialect.name == "sqlite":  # the matches read once; the window walks its index and stops
            assert f"SCAN {FTS_TABLE} VIRTUAL TABLE INDEX" in plan, plan
            assert f"SCAN articles USING COVERING INDEX {WINDOW_INDEX}" in plan and "TEMP B-TREE" not in plan, plan
        else:
            assert VECTOR_INDEX in plan, plan
    finally:
        store.close()


def _old_store(url: str) -> None:
    """A database at revision 0002 (search_text the folded text with its punctuation) holding ARTICLES."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            command.upgrade(_config(connection), "0002_run_node_and_search_key")
            connection.commit()
        with engine.begin() as connection:
            for n, (language, (title, body)) in enumerate(sorted(ARTICLES.items())):
                connection.execute(text(
                    "INSERT INTO articles (url, title, summary, body_text, body_html, authors, language, images, "
                    "tags, countries, cooperation, cooperation_score, content_hash, first_seen, last_seen, changed, "
                    "sort_time, search_text) VALUES (:url, :title, '', :body, '', '[]', :language, '[]', '[]', "
                    "'[]', '[]', 0, :hash, :t, :t, :t, :t, :old)"),
                    {"url": f"https://example.org/{language}", "title": title, "body": body, "language": language,
                     "hash": f"h{n}", "t": (T0 + timedelta(minutes=n)).replace(tzinfo=None),
                     "old": f"{title.casefold()}\n{body.casefold()}"})
    finally:
        engine.dispose()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_store_made_before_the_index_is_upgraded_and_searchable(kind: str, tmp_path: Path) -> None:
    def check(url: str) -> None:
        _old_store(url)
        engine = make_engine(url)
        try:
            assert upgrade(engine) == ("0002_run_node_and_search_key", head_revision())
        finally:
            engine.dispose()
        store = Store(url)
        try:
            with store.session() as session:
                answers = {keywords: found(session, keywords) for keywords, _ in SEARCHES}
                stored = dict(session.execute(select(ArticleRow.language, ArticleRow.search_text)).all())
            assert answers == dict(SEARCHES)
            assert stored["de"] == search_text(*ARTICLES["de"])  # rewritten as words
        finally:
            store.close()

    if kind == "sqlite":
        check(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    else:
        with fresh_postgres(upgraded=False) as url:
            check(url)


def test_the_query_texts() -> None:
    assert parse_term("Frig*") == SearchTerm(("frig",), True)
    assert parse_term('"Staff  Talks"*') == SearchTerm(("staff", "talks"), True)
    assert parse_term("F-35") == SearchTerm(("f", "35"))
    assert parse_term("--") is None
    assert fts5_query([SearchTerm(("staff", "talks"), True), SearchTerm(("baku",))]) == '"staff talks"* AND "baku"'
    assert tsquery_text([SearchTerm(("staff", "tal"), True), SearchTerm(("baku",))]) == "'staff' & 'tal':* & 'baku'"
