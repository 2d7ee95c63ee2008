"""One store, two databases: the migrations make exactly the models' schema on SQLite and PostgreSQL, keyword
search folds case in every script on both, a schema this code does not know is refused, and two processes
opening a new SQLite file at once both get the schema."""

from __future__ import annotations

import subprocess
import sys
import threading
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text

from scraper.items import Article
from scraper.store import Store, upsert_article
from scraper.store.feed_queries import FeedFilter, feed_articles
from scraper.store.migrations import SchemaBehind, head_revision
from scraper.store.schema import Base
from scraper.store.search_key import fold
from tests.helpers.databases import fresh_postgres

T0 = datetime(2025, 6, 1, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_the_migrations_make_exactly_the_models_schema(kind: str, tmp_path: Path) -> None:
    """A new database upgraded to head has every table, column, index and type of `schema.py`, nothing else."""
    if kind == "sqlite":
        url = f"sqlite:///{tmp_path / 'a.sqlite3'}"
        Store(url).close()
        check_schema(url)
    else:
        with fresh_postgres() as url:
            check_schema(url)


def check_schema(url: str) -> None:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
            assert MigrationContext.configure(conn).get_current_revision() == head_revision()
    finally:
        engine.dispose()


TITLES = {
    "tr": "İstanbul'da Türk ve Azerbaycan ordusu tatbikatı",
    "de": "Deutsch-französische Übung auf der STRASSE von Dover",
    "el": "ΣΊΣΥΦΟΣ: ΚΟΙΝΉ ΆΣΚΗΣΗ ΕΛΛΆΔΑΣ ΚΑΙ ΚΎΠΡΟΥ",
    "ru": "МОСКВА и Минск проводят учения",
    "en": "Joint exercise 100% done_ok",
}


SEARCHES = [
    ("istanbul", {"tr"}), ("İSTANBUL", {"tr"}), ("ISTANBUL", {"tr"}), ("TATBİKATI", {"tr"}),
    ("straße", {"de"}), ("strasse", {"de"}), ("übung", {"de"}), ("ÜBUNG", {"de"}),
    ("σίσυφος", {"el"}), ("Σίσυφος", {"el"}), ("κοινή", {"el"}),
    ("москва", {"ru"}), ("Москва", {"ru"}), ("минск", {"ru"}), ("МИНСК", {"ru"}),
    ("100%", {"en"}), ("done_ok", {"en"}), ("_", {"en"}), ("%", {"en"}), ("JOINT", {"en"}), ("dover", {"de"}),
    ("москва минск", {"ru"}), ("москва dover", set()),
]


def test_keyword_search_ignores_case_in_every_script(database_url: str) -> None:
    """SQL lower() folds ASCII only on SQLite (and follows the locale on PostgreSQL): the folded search key does
    not; LIKE's wildcards in a word are literal."""
    store = Store(database_url)
    try:
        with store.session() as session:
            for n, (language, title) in enumerate(sorted(TITLES.items())):
                upsert_article(session, Article(url=f"https://example.org/{language}", title=title, language=language,
                                                body_text="Text.", content_hash=f"h{n}"), T0 + timedelta(minutes=n))
        with store.session() as session:
            found = {words: {row.language for row in feed_articles(session, FeedFilter(keywords=tuple(words.split())),
                                                                   50)} for words, _ in SEARCHES}
        assert found == dict(SEARCHES)
    finally:
        store.close()


def test_folding_is_unicode_case_folding_with_one_turkish_i() -> None:
    assert fold("STRASSE") == fold("straße") == "strasse"
    assert fold("ΣΊΣΥΦΟΣ") == fold("Σίσυφος") == "σίσυφοσ"
    assert fold("İstanbul") == fold("ISTANBUL") == fold("ıstanbul") == "istanbul"
    assert fold("МОСКВА") == "москва" and fold("Ǆ") == "ǆ"


def test_a_database_of_a_newer_attache_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    Store(url).close()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099_from_the_future'"))
    engine.dispose()
    with pytest.raises(SchemaBehind, match=r"has schema revision 0099_from_the_future, which this Attaché does not "
                                           r"know \(a newer Attaché upgraded it\): use that version"):
        Store(url)


def test_two_processes_opening_a_new_sqlite_file_at_once_both_get_the_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    script = f"from scraper.store import Store; Store({url!r}).close(); print('ok')"
    processes = [subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for _ in range(2)]
    try:
        results = [p.communicate(timeout=60) for p in processes]
    finally:
        for p in processes:
            p.kill()
    assert [out.strip() for out, _ in results] == ["ok"] * 2, [err for _, err in results]
    check_schema(url)


def test_threads_opening_new_sqlite_files_at_once_each_get_their_own_schema(tmp_path: Path) -> None:
    """`attache sources --check` opens a store per source in threads: their first opens migrate one at a time
    (Alembic's proxies are module-wide; at once they ran each other's steps: "table already exists", crashes)."""
    errors: list[BaseException] = []

    def open_store(index: int) -> None:
        try:
            folder = tmp_path / f"store-{index}"
            folder.mkdir()
            Store(f"sqlite:///{folder / 'attache.sqlite3'}").close()
        except BaseException as exc:  # noqa: BLE001 - any failure of a thread is the test's
            errors.append(exc)

    threads = [threading.Thread(target=open_store, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    for index in range(6):
        engine = create_engine(f"sqlite:///{tmp_path / f'store-{index}' / 'attache.sqlite3'}")
        with engine.connect() as connection:
            assert MigrationContext.configure(connection).get_current_revision() == head_revision()
        engine.dispose()


def test_the_store_migrates_when_imported_from_a_zipped_egg(tmp_path: Path) -> None:
    """A Scrapyd node imports Attaché from a zipped egg, where Alembic cannot read the scripts in place: they are
    copied out, and the head revision and an upgrade work as from the checkout."""
    repo = Path(__file__).resolve().parent.parent
    egg = tmp_path / "attache.egg"
    with zipfile.ZipFile(egg, "w") as out:
        for path in (repo / "scraper").rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                out.write(path, path.relative_to(repo))
    code = (f"import sys; sys.path.insert(0, {str(egg)!r})\n"
            "import scraper.store.migrations as m\n"
            "assert '.egg' in m.__file__, m.__file__\n"
            "from scraper.store import Store\n"
            f"Store('sqlite:///{tmp_path / 'node.sqlite3'}').close()\n"
            "print(m.head_revision())\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == head_revision()
