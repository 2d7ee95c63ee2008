"""One store, two databases: the migrations make exactly the models' schema on SQLite and PostgreSQL (and the
full-text index, `test_store_search.py`), folding for search is Unicode case folding, a schema this code does
not know is refused, and two processes
opening a new SQLite file at once both get the schema."""

from __future__ import annotations

import subprocess
import sys
import threading
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from scraper.store import Store
from scraper.store.migrations import SchemaBehind, head_revision
from scraper.store.schema import Base
from scraper.store.search_key import fold
from scraper.store.search_query import FTS_TABLE, FULL_TEXT_OBJECTS, VECTOR_COLUMN
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


def _not_full_text(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """The full-text index's objects (migration 0003) are not in `schema.py`: FTS5's table and its shadow tables
    on SQLite, the generated tsvector column and its GIN index on PostgreSQL."""
    return name not in FULL_TEXT_OBJECTS and not (name or "").startswith(FTS_TABLE + "_")


def check_schema(url: str) -> None:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"include_object": _not_full_text})
            assert compare_metadata(context, Base.metadata) == []
            names = set(inspect(conn).get_table_names()) | {c["name"] for c in inspect(conn).get_columns("articles")}
            assert FTS_TABLE in names if conn.dialect.name == "sqlite" else VECTOR_COLUMN in names
            assert MigrationContext.configure(conn).get_current_revision() == head_revision()
    finally:
        engine.dispose()


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
