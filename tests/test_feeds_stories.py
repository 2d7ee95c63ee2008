"""One entry per story: reports of one event by several publishers become one entry with "Also reported by".

Real texts from the labelled tagging set (tests/fixtures/tagging/cooperation_eval.jsonl): the 6th
Italy–Azerbaijan staff talks (Rome, 2023) reported by the Italian Defence Staff (it) and two agencies
(en, az); the 5th staff talks (Baku, 2022) and the 7th (2024) must stay separate stories.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import pytest
from sqlalchemy import create_engine, delete, inspect, select

from feeds.clean import plain_text
from feeds.publish import publish
from feeds.story_groups import GROUP_TEXT_CHARS, MIN_TEXT_CHARS, StoryGroups
from scraper.items import Article
from scraper.page_reading import tag_read_article
from scraper.store import Store, upsert_article, upsert_articles
from scraper.store.schema import ArticleRow, Base, CrawlRunRow, StoryGroupingRow, StorySignatureRow
from scraper.tagging.stories import StoryFeatures, feature_key, story_features
from tests.helpers.feed_store import make_config

EVAL_SET = Path(__file__).resolve().parent / "fixtures" / "tagging" / "cooperation_eval.jsonl"
HOSTILE_TITLE = "Azerbaijan & Türkiye kick off <script>alert(1)</script> \"Unbreakable Brotherhood-2024\" drills"

# eval id -> (source id, minutes after publication when Attaché first saw it)
REPORTS = {
    "seed-difesa-st6": ("difesa-smd-news-italia", 30),  # the ministry, seen first: the representative
    "az-mod-en-st6": ("azernews", 60),
    "report-az-st6": ("report-az", 120),
    "difesa-st5": ("difesa-smd-news-italia", 30),  # a year earlier: another story
    "az-mod-az-st5": ("mod-gov-az-news", 45),
    "az-mod-en-st7": ("mod-gov-az-news-en", 20),  # the next year's talks: another story
    "wire-it-az-energy": ("ansa", 15),  # same pair, not defence cooperation
    "ansa-calcio": ("ansa", 10),
    "az-mod-az-ub24": ("mod-gov-az-news", 20),  # another story, four reports
    "msb-tr-ub24": ("msb-tr", 30),
    "azernews-ub24": ("azernews", 25),
    "wire-ub24": ("caspian-wire", 50),
    "difesa-csmd-jp": ("difesa-smd-news-estero", 15),
}
ST6 = ("seed-difesa-st6", "az-mod-en-st6", "report-az-st6")


def url(eval_id: str) -> str:
    return f"https://{REPORTS[eval_id][0]}.example.org/news/{eval_id}"


def _records() -> dict[str, dict]:
    if not EVAL_SET.is_file():
        pytest.skip(f"the labelled tagging set {EVAL_SET} is missing")
    records = {}
    for line in EVAL_SET.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["id"] in REPORTS:
            records[record["id"]] = record
    missing = set(REPORTS) - set(records)
    if missing:
        pytest.skip(f"the labelled tagging set lacks {sorted(missing)}")
    return records


def add(store: Store, record: dict, seen: datetime | None = None) -> datetime:
    """Store one eval record as the article of its source; returns when it was first seen."""
    source, minutes = REPORTS[record["id"]]
    published = datetime.fromisoformat(record["published"])
    title = HOSTILE_TITLE if record["id"] == "wire-ub24" else record["title"]
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in record["text"].split("\n"))
    article = Article(
        url=url(record["id"]), source=source, title=title, summary=record["text"][:200], body_text=record["text"],
        body_html=paragraphs, published=published, language=record["lang"], countries=record["countries"],
        cooperation=record["kinds"], cooperation_score=0.9 if record["cooperation"] else 0.0, authors=[],
        # Tags set directly (this tests publishing): a cooperation item's parties are the countries it names.
        parties=record["countries"] if record["cooperation"] else [],
        primary_kind=record["kinds"][0] if record["cooperation"] and record["kinds"] else None,
    )
    article.content_hash = hashlib.sha256(json.dumps(record, sort_keys=True).encode()).hexdigest()
    seen = seen or published + timedelta(minutes=minutes)
    with store.session() as session:
        upsert_article(session, article, seen, publisher_country=record["publisher_country"])
    return seen


@pytest.fixture
def records():
    return _records()


@pytest.fixture
def store(config, records, database_url):
    store = Store(database_url)  # SQLite and PostgreSQL (tests/conftest.py)
    for record in records.values():
        add(store, record)
    yield store
    store.close()


def parse(path: Path) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(path.read_bytes())
    assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
    return parsed


def story_of(entries, eval_id: str):
    """The entries whose own link or "Also reported by" list carries `eval_id`'s report."""
    return [e for e in entries if e.link == url(eval_id) or f'href="{url(eval_id)}"' in e.content[0].value]


def test_pair_feed_has_one_entry_per_story_with_links_to_the_other_reports(config, store):
    publish(config, store)
    feed = parse(config.feeds_dir / "pairs/AZ-IT.atom")
    story = story_of(feed.entries, "seed-difesa-st6")
    assert len(story) == 1, [e.link for e in feed.entries]
    entry = story[0]
    assert entry.link == url("seed-difesa-st6")  # the report seen first represents the story
    for other in ST6[1:]:
        assert story_of(feed.entries, other) == [entry]  # no separate entry for the other reports
    content = entry.content[0].value
    assert "Also reported by" in content
    assert f'AzerNews, 2023-10-13: <a href="{url("az-mod-en-st6")}">Azerbaijan-Italy staff talks held in Rome</a>' \
        in content
    assert f'Report.az, 2023-10-13: <a href="{url("report-az-st6")}">' in content
    assert {t.term for t in entry.tags} >= {"difesa-smd-news-italia", "azernews", "report-az"}
    # The 2022 and 2024 staff talks stay separate entries; the same pair's other news (energy, football)
    # is no cooperation between them, so the pair feed leaves it out.
    st5 = story_of(feed.entries, "difesa-st5")
    assert len(st5) == 1 and st5[0] is not entry and story_of(feed.entries, "az-mod-az-st5") == st5
    assert len(story_of(feed.entries, "az-mod-en-st7")) == 1 and story_of(feed.entries, "az-mod-en-st7")[0] is not entry
    assert sorted(e.link for e in feed.entries) == sorted(
        url(i) for i in ("seed-difesa-st6", "difesa-st5", "az-mod-en-st7"))


def test_aggregate_country_and_cooperation_feeds_group_and_escape(config, store):
    publish(config, store)
    for slug in ("all", "countries/TR", "cooperation"):
        feed = parse(config.feeds_dir / f"{slug}.atom")
        ub24 = story_of(feed.entries, "az-mod-az-ub24")
        assert len(ub24) == 1, (slug, [e.link for e in feed.entries])
        for other in ("msb-tr-ub24", "azernews-ub24", "wire-ub24"):
            assert story_of(feed.entries, other) == ub24
        content = ub24[0].content[0].value
        assert "<script" not in content  # a title is text: written escaped, never as markup (issue 13, item 6)
        assert ("Azerbaijan &amp; Türkiye kick off &lt;script&gt;alert(1)&lt;/script&gt; "
                "&quot;Unbreakable Brotherhood-2024&quot; drills</a>") in content
        # A publisher missing from the source catalog is named by its id.
        assert f'caspian-wire, 2024-06-04: <a href="{url("wire-ub24")}">' in content
    all_links = [e.link for e in parse(config.feeds_dir / "all.atom").entries]
    assert len(all_links) == len(set(all_links)) == 7  # 13 reports, 7 stories


def test_per_source_feeds_keep_every_item(config, store):
    publish(config, store)
    azernews = parse(config.feeds_dir / "sources/azernews.atom")
    assert sorted(e.link for e in azernews.entries) == sorted([url("az-mod-en-st6"), url("azernews-ub24")])
    assert all("Also reported by" not in e.content[0].value for e in azernews.entries)
    report_az = parse(config.feeds_dir / "sources/report-az.rss")
    assert [e.link for e in report_az.entries] == [url("report-az-st6")]


def test_rss_and_atom_carry_the_same_items_and_json_feed_is_valid(config, store):
    publish(config, store)
    for slug in ("all", "pairs/AZ-IT", "countries/AZ", "cooperation"):
        rss, atom = (parse(config.feeds_dir / f"{slug}.{ext}") for ext in ("rss", "atom"))
        assert [e.id for e in rss.entries] == [e.id for e in atom.entries]
        assert [e.content[0].value for e in rss.entries] == [e.content[0].value for e in atom.entries]
        doc = json.loads((config.feeds_dir / f"{slug}.json").read_bytes())
        assert doc["version"] == "https://jsonfeed.org/version/1.1" and isinstance(doc["title"], str)
        assert [i["id"] for i in doc["items"]] == [e.id for e in atom.entries]
        for item in doc["items"]:
            assert isinstance(item["id"], str) and item["url"].startswith("https://")
            assert isinstance(item["content_html"], str) and datetime.fromisoformat(item["date_modified"])
    doc = json.loads((config.feeds_dir / "pairs/AZ-IT.json").read_bytes())
    item = next(i for i in doc["items"] if i["id"] == url("seed-difesa-st6"))
    assert [(r["url"], r["publisher"], r["source"]) for r in item["_attache"]["also_reported_by"]] == [
        (url("az-mod-en-st6"), "AzerNews", "azernews"), (url("report-az-st6"), "Report.az", "report-az")]


def test_republish_rewrites_nothing_and_a_joining_report_moves_updated(config, records):
    store = Store(config.database_url)
    for eval_id, record in records.items():
        if eval_id != "report-az-st6":
            add(store, record)
    publish(config, store)
    before = parse(config.feeds_dir / "pairs/AZ-IT.atom")
    entry = story_of(before.entries, "seed-difesa-st6")[0]
    assert publish(config, store).written == []  # same data, same bytes, nothing rewritten

    joined = add(store, records["report-az-st6"], seen=datetime(2025, 1, 6, 9, 30, tzinfo=UTC))  # found late
    report = publish(config, store)
    assert {"pairs/AZ-IT.atom", "pairs/AZ-IT.rss", "pairs/AZ-IT.json", "all.atom", "sources/report-az.atom"} <= set(
        report.written)
    assert not {p for p in report.written if p.startswith(("sources/azernews", "sources/difesa-smd-news-italia"))}
    after = parse(config.feeds_dir / "pairs/AZ-IT.atom")
    moved = story_of(after.entries, "report-az-st6")
    assert len(moved) == 1 and moved[0].id == entry.id  # the same entry, not a new one
    assert f'href="{url("report-az-st6")}"' in moved[0].content[0].value
    assert moved[0].updated_parsed > entry.updated_parsed
    assert datetime.fromisoformat(moved[0].updated) == joined.replace(microsecond=0)
    assert after.feed.updated_parsed > before.feed.updated_parsed
    unchanged = [e for e in after.entries if e.id != entry.id]
    assert [(e.id, e.updated) for e in unchanged] == [(e.id, e.updated) for e in before.entries if e.id != entry.id]
    assert publish(config, store).written == []
    store.close()


def test_a_partial_publish_writes_the_same_story_feed_as_a_full_one(tmp_path, config, store):
    publish(config, store)
    partial = dataclasses.replace(config, feeds_dir=tmp_path / "partial")
    report = publish(partial, store, only={"pairs/AZ-IT"})
    assert report.feeds == ["pairs/AZ-IT"]
    for ext in ("rss", "atom", "json"):
        path = f"pairs/AZ-IT.{ext}"
        assert (partial.feeds_dir / path).read_bytes() == (config.feeds_dir / path).read_bytes()


def test_without_a_grouper_every_report_is_an_entry(config, store):
    publish(config, store, stories=StoryGroups(store, enabled=False))
    feed = parse(config.feeds_dir / "all.atom")
    assert sorted(e.link for e in feed.entries) == sorted(url(i) for i in REPORTS)
    assert all("Also reported by" not in e.content[0].value for e in feed.entries)


def test_short_notices_are_never_grouped(config):
    store = Store(config.database_url)
    for n, source in ((1, "report-az"), (2, "azernews")):
        article = Article(
            url=f"https://{source}.example.org/gallery/{n}", source=source, title=f"Photo gallery: exercise day {n}",
            body_text=f"Photos of day {n} of the joint exercise.", published=datetime(2025, 3, 10, 9, n, tzinfo=UTC),
            language="en", countries=["AZ", "TR"], cooperation=["exercise"], content_hash=f"gallery-{n}",
            parties=["AZ", "TR"], primary_kind="exercise",
        )
        with store.session() as session:
            upsert_article(session, article, datetime(2025, 3, 10, 10, n, tzinfo=UTC), publisher_country="AZ")
    publish(config, store)
    store.close()
    feed = parse(config.feeds_dir / "pairs/AZ-TR.atom")
    assert [e.link for e in feed.entries] == ["https://azernews.example.org/gallery/2",
                                              "https://report-az.example.org/gallery/1"]


def _signatures(store: Store) -> dict[str, tuple[str, bytes]]:
    """Stored story features by eval id: (digest, data)."""
    with store.session() as session:
        rows = session.execute(select(ArticleRow.url, StorySignatureRow.digest, StorySignatureRow.data)
                               .join(StorySignatureRow, StorySignatureRow.article_id == ArticleRow.id))
        return {link.rsplit("/", 1)[1]: (digest, bytes(data)) for link, digest, data in rows}


def test_story_features_are_kept_in_the_store_and_read_by_a_new_process(tmp_path, config, store, records):
    publish(config, store)
    kept = _signatures(store)
    grouped = {i for i, r in records.items() if len(r["text"].strip()) >= MIN_TEXT_CHARS}
    assert set(kept) == grouped and len(grouped) >= 10
    for eval_id, (digest, data) in kept.items():
        title, text = plain_text(records[eval_id]["title"] if eval_id != "wire-ub24" else HOSTILE_TITLE), \
            records[eval_id]["text"].strip()[:GROUP_TEXT_CHARS]
        assert digest == feature_key(title, text, records[eval_id]["lang"])
        assert StoryFeatures.from_bytes(data).countries >= {"AZ"} or eval_id in {"ansa-calcio", "difesa-csmd-jp"}

    # A new process reads the stored features: give one report of the 6th staff talks a football story's.
    with store.session() as session:
        row = session.scalar(select(ArticleRow).where(ArticleRow.url == url("report-az-st6")))
        session.get(StorySignatureRow, row.id).data = kept["ansa-calcio"][1]
        session.execute(delete(StoryGroupingRow))  # the kept groupings were made from the untampered features
    other = dataclasses.replace(config, feeds_dir=tmp_path / "other")
    publish(other, store)
    links = [e.link for e in parse(other.feeds_dir / "all.atom").entries]
    assert url("report-az-st6") in links and url("seed-difesa-st6") in links

    # A changed text has a new digest: its features are computed again and replace the stale ones.
    changed = dict(records["report-az-st6"], text=records["report-az-st6"]["text"] + "\nUpdated.")
    add(store, changed, seen=datetime(2023, 10, 13, 12, 0, tzinfo=UTC))
    publish(other, store)
    assert _signatures(store)["report-az-st6"][0] == feature_key(plain_text(changed["title"]), changed["text"],
                                                                     changed["lang"])
    assert url("report-az-st6") not in [e.link for e in parse(other.feeds_dir / "all.atom").entries]


def test_unreadable_stored_features_are_computed_again(tmp_path, config, store, caplog):
    publish(config, store)
    with store.session() as session:
        for record in session.scalars(select(StorySignatureRow)):
            record.data = b"not features"
        session.execute(delete(StoryGroupingRow))  # else no feed needs its features: its window is unchanged
    other = dataclasses.replace(config, feeds_dir=tmp_path / "other")
    with caplog.at_level(logging.WARNING, logger="feeds.story_groups"):
        publish(other, store)
    assert "stored story features unreadable" in caplog.text
    for path in ("all.atom", "pairs/AZ-IT.atom", "countries/TR.json"):
        assert (other.feeds_dir / path).read_bytes() == (config.feeds_dir / path).read_bytes()
    assert all(StoryFeatures.from_bytes(data) for _digest, data in _signatures(store).values())


def test_a_database_made_before_the_features_table_gets_it(config, records):
    config.data_dir.mkdir(parents=True)
    engine = create_engine(config.database_url)
    Base.metadata.create_all(engine, tables=[ArticleRow.__table__, CrawlRunRow.__table__])  # the old schema
    engine.dispose()
    store = Store(config.database_url)
    for record in records.values():
        add(store, record)
    publish(config, store)
    assert inspect(store.engine).has_table("story_signatures")
    assert len(_signatures(store)) >= 10
    feed = parse(config.feeds_dir / "pairs/AZ-IT.atom")
    assert len(story_of(feed.entries, "seed-difesa-st6")) == 1
    store.close()


def test_an_in_memory_database_groups_without_keeping_features(tmp_path, records):
    config = make_config(tmp_path, ATTACHE_DATABASE_URL="sqlite://")
    store = Store("sqlite://")
    for record in records.values():
        add(store, record)
    publish(config, store)
    assert _signatures(store) == {}
    feed = parse(config.feeds_dir / "pairs/AZ-IT.atom")
    assert [e.link for e in story_of(feed.entries, "report-az-st6")] == [url("seed-difesa-st6")]
    store.close()


def test_grouping_uses_the_store_it_is_given_and_a_fresh_grouper_reuses_its_features(store, records, monkeypatch):
    import feeds.story_groups

    computed: list[str] = []

    def counting(title: str, text: str, language: str | None = None) -> StoryFeatures:
        computed.append(title)
        return story_features(title, text, language)

    monkeypatch.setattr(feeds.story_groups, "story_features", counting)
    with store.session() as session:  # closed before grouping: the rows are detached, the store is explicit
        rows = list(session.scalars(select(ArticleRow).order_by(ArticleRow.id)))
    by_id = {row.url.rsplit("/", 1)[1]: n for n, row in enumerate(rows)}
    grouped = {i for i, r in records.items() if len(r["text"].strip()) >= MIN_TEXT_CHARS}

    first = StoryGroups(store)
    first.prepare(rows)
    stories = first(rows)
    assert len(computed) == len(grouped) >= 10 and set(_signatures(store)) == grouped
    assert sorted(by_id[i] for i in ST6) in [sorted(s) for s in stories]

    again = StoryGroups(store)
    again.prepare(rows)
    assert again(rows) == stories
    assert len(computed) == len(grouped)  # every text's features read from the store, none computed


def test_overlapping_story_windows_read_each_candidate_text_once_and_group_as_alone(store, records, monkeypatch):
    """The windows of `all`, `cooperation` and the country feeds overlap: one run reads each candidate's text
    once (and none whose features it already holds), and each window groups as a grouper of its own would."""
    import feeds.story_groups
    from scraper.store.feed_queries import CANDIDATE_COLUMNS, CANDIDATE_TEXT_COLUMNS, rows_by_id

    for record in records.values():
        add(store, record)
    with store.session() as session:
        ids = list(session.scalars(select(ArticleRow.id).order_by(ArticleRow.id)))
        candidates = [rows_by_id(session, ids, CANDIDATE_COLUMNS)[i] for i in ids]
    first, second = candidates[: len(ids) * 2 // 3], candidates[len(ids) // 3:]
    read: list[int] = []

    def counting(session, wanted, columns=feeds.story_groups.CANDIDATE_TEXT_COLUMNS):  # the real query, counted
        if columns == CANDIDATE_TEXT_COLUMNS:
            read.extend(wanted)
        return rows_by_id(session, wanted, columns)

    monkeypatch.setattr(feeds.story_groups, "rows_by_id", counting)
    run = StoryGroups(store)
    together = [run(first), run(second)]
    assert sorted(read) == sorted({r.id for r in candidates}) and len(read) == len(set(read))
    alone = [StoryGroups(store)(first), StoryGroups(store)(second)]
    assert together == alone
    assert any(len(story) > 1 for story in together[0] + together[1])  # there was something to group


def test_a_grouper_that_does_not_compute_uses_kept_features_only(store, records, monkeypatch):
    """The feed server's filtered answers (`compute=False`) never run the tagger: reports whose features are kept
    group as they do in the published feeds, reports without them stand alone."""
    import feeds.story_groups

    with store.session() as session:
        rows = list(session.scalars(select(ArticleRow).order_by(ArticleRow.id)))
    by_id = {row.url.rsplit("/", 1)[1]: n for n, row in enumerate(rows)}
    stories = StoryGroups(store)(rows)  # computes and keeps every text's features
    st6 = sorted(by_id[i] for i in ST6)
    assert st6 in [sorted(s) for s in stories]

    def refused(title: str, text: str, language: str | None = None) -> StoryFeatures:
        raise AssertionError(f"features computed for {title!r}")

    monkeypatch.setattr(feeds.story_groups, "story_features", refused)
    assert StoryGroups(store, compute=False)(rows) == stories
    with store.session() as session:
        session.execute(delete(StorySignatureRow).where(StorySignatureRow.article_id == rows[by_id[ST6[2]]].id))
    alone = StoryGroups(store, compute=False)(rows)
    assert [by_id[ST6[2]]] in alone and sorted(by_id[i] for i in ST6[:2]) in [sorted(s) for s in alone]


def _crawled(record: dict, text: str | None = None) -> Article:
    """The article of an eval record as the crawl's tagging step leaves it: tagged, with its story features."""
    source, _minutes = REPORTS[record["id"]]
    article = Article(url=url(record["id"]), source=source, title=record["title"], summary=record["text"][:200],
                      body_text=text or record["text"], body_html=f"<p>{html.escape(text or record['text'])}</p>",
                      published=datetime.fromisoformat(record["published"]), language=record["lang"], authors=[])
    article.content_hash = hashlib.sha256(article.body_text.encode()).hexdigest()
    return tag_read_article(article, None)


def test_features_the_crawl_computed_are_kept_with_the_article_and_a_publish_computes_none(
        tmp_path, config, records, database_url, monkeypatch):
    crawled = {eval_id: _crawled(record) for eval_id, record in records.items()}
    assert all((a.story_features is None) == (len(a.body_text.strip()) < MIN_TEXT_CHARS) for a in crawled.values())
    assert "story_features" not in crawled["seed-difesa-st6"].to_dict()
    store = Store(database_url)
    batch = [crawled[i] for i in ST6]  # a batch (upsert_articles) and one by one (upsert_article)
    with store.session() as session:
        upsert_articles(session, [(a, None) for a in batch], datetime(2025, 3, 10, 10, 0, tzinfo=UTC))
    for eval_id, article in crawled.items():
        if eval_id not in ST6:
            with store.session() as session:
                upsert_article(session, article, datetime(2025, 3, 10, 10, 1, tzinfo=UTC))
    kept = _signatures(store)
    assert kept == {i: a.story_features for i, a in crawled.items() if a.story_features is not None}
    for eval_id, (digest, _data) in kept.items():  # the key the feeds look for: grouping's own reading of the row
        assert digest == feature_key(plain_text(records[eval_id]["title"]),
                                     records[eval_id]["text"].strip()[:GROUP_TEXT_CHARS], records[eval_id]["lang"])

    def no_computing(title, text, language=None):
        raise AssertionError(f"a publish computed the story features of {title!r}")

    monkeypatch.setattr("feeds.story_groups.story_features", no_computing)
    publish(config, store)
    entries = parse(config.feeds_dir / "all.atom").entries
    assert len(story_of(entries, "seed-difesa-st6")) == 1  # grouped with the crawl's features

    # A re-crawl with a changed text replaces its features in the same transaction; one without features
    # (a crawl that could not compute them) leaves a stale record, which a publish recomputes by its key.
    changed = _crawled(records["report-az-st6"], records["report-az-st6"]["text"] + "\nUpdated.")
    with store.session() as session:
        assert upsert_article(session, changed, datetime(2025, 3, 10, 11, 0, tzinfo=UTC)) == "updated"
    assert _signatures(store)["report-az-st6"] == changed.story_features != kept["report-az-st6"]
    bare = _crawled(records["az-mod-en-st6"], records["az-mod-en-st6"]["text"] + "\nUpdated.")
    bare.story_features = None
    with store.session() as session:
        upsert_article(session, bare, datetime(2025, 3, 10, 11, 1, tzinfo=UTC))
    assert _signatures(store)["az-mod-en-st6"] == kept["az-mod-en-st6"]
    monkeypatch.undo()

    def no_detecting(text):
        raise AssertionError("a publish detected the language of a text whose language is stored")

    monkeypatch.setattr("scraper.tagging.record.detect_language", no_detecting)  # py3langid's model stays unloaded
    publish(config, store)
    fresh = _signatures(store)["az-mod-en-st6"]
    assert fresh[0] == feature_key(plain_text(bare.title), bare.body_text.strip()[:GROUP_TEXT_CHARS],
                                   bare.language) != kept["az-mod-en-st6"][0]
    store.close()
