"""The folder tree is the layer diagram: these tests fail when an import crosses a layer upward,
hides inside a function, or when the declared dependencies drift from the imported ones."""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PROJECT = ("scraper", "feeds", "scheduler")

# From the bottom up; a module imports only modules of its own layer or lower ones.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("shared modules", ("scraper", "scraper.config", "scraper.config_file", "scraper.items", "scraper.urls",
                        "scraper.locks", "scraper.safe_text", "scraper.sources", "scraper.languages",
                        "scraper.country_codes", "scraper.process_memory")),
    ("domain packages", ("scraper.normalise", "scraper.tagging", "scraper.store")),
    ("Scrapy project and feeds", ("scraper.settings", "scraper.spiders", "scraper.middlewares",
                                  "scraper.extensions", "scraper.pipelines", "scraper.crawl_resources",
                                  "scraper.page_reading", "scraper.page_workers", "scraper.page_worker_server",
                                  "scraper.page_demand",
                                  "feeds")),
    ("application shell", ("scraper.app", "scheduler")),
)


def _layer(module: str) -> int:
    best, level = -1, -1
    for number, (_name, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, level = len(prefix), number
    if level < 0:
        raise AssertionError(f"{module} belongs to no layer: add it to LAYERS in {Path(__file__).name}")
    return level


def _project_files() -> list[Path]:
    files = [REPO / "scheduler.py"]
    for package in ("scraper", "feeds"):
        files += sorted((REPO / package).rglob("*.py"))
    return files


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[str, int, bool]]:
    """(imported module, line, at module level) for every import in `path`, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    top_level = {id(node) for node in tree.body}
    for node in tree.body:  # imports under `if TYPE_CHECKING:` / `try:` at module level count as module level
        if isinstance(node, ast.If | ast.Try):
            top_level.update(id(child) for child in ast.walk(node))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno, id(node) in top_level) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            if node.module is None or node.level:
                # `from . import x` and `from .pkg import x` may import submodules: count them
                found += [(f"{name}.{alias.name}", node.lineno, id(node) in top_level) for alias in node.names]
            found.append((name, node.lineno, id(node) in top_level))
    return found


def _is_project(module: str) -> bool:
    return module.split(".")[0] in PROJECT


def test_no_import_crosses_a_layer_upward() -> None:
    wrong = []
    for path in _project_files():
        own = _layer(_module_name(path))
        for module, line, _top in _imports(path):
            if _is_project(module) and _layer(module) > own:
                wrong.append(f"{path.relative_to(REPO)}:{line} imports {module} "
                             f"({LAYERS[_layer(module)][0]} above {LAYERS[own][0]})")
    assert not wrong, "\n".join(wrong)


def test_only_the_application_shell_imports_feeds_and_feeds_never_imports_scrapy() -> None:
    wrong = []
    for path in _project_files():
        name = _module_name(path)
        for module, line, _top in _imports(path):
            root = module.split(".")[0]
            if root == "feeds" and name.startswith("scraper") and not name.startswith("scraper.app"):
                wrong.append(f"{path.relative_to(REPO)}:{line} imports {module}: only scraper/app/ may import feeds/")
            if name.startswith("feeds") and root in ("scrapy", "twisted"):
                wrong.append(f"{path.relative_to(REPO)}:{line} imports {module}: feeds/ never imports Scrapy")
    assert not wrong, "\n".join(wrong)


def test_project_modules_are_imported_at_module_level_and_never_by_name() -> None:
    wrong = []
    for path in _project_files():
        text = path.read_text(encoding="utf-8")
        if "import_module(" in text or "__import__(" in text:
            wrong.append(f"{path.relative_to(REPO)} imports a module by name")
        for module, line, top in _imports(path):
            if _is_project(module) and not top:
                wrong.append(f"{path.relative_to(REPO)}:{line} imports {module} inside a function")
    assert not wrong, "\n".join(wrong)


def test_the_layer_test_sees_a_violation() -> None:
    """The checks above would catch an upward import (they are not vacuous)."""
    assert _layer("scraper.store.runs") < _layer("feeds.publish") < _layer("scraper.app.cli")
    daemon = REPO / "scraper" / "app" / "daemon"
    imports = {m for m, _line, _top in _imports(daemon / "publisher.py")}
    assert "feeds.publish" in imports and "scraper.store" in imports
    assert "scraper.app.daemon.publisher" in {m for m, _line, _top in _imports(daemon / "service.py")}


# --- declared dependencies = imported ones ---------------------------------------------------------
NOT_IMPORTED = {
    "tzdata": "IANA time-zone data that zoneinfo reads where the system has none",
    "lxml-html-clean": "lxml.html.clean, which trafilatura's justext imports; lxml 6 no longer pulls it in "
                       "through its html_clean extra",
    "setuptools": "`attache deploy` runs its bdist_egg in a subprocess (setup.py), and Scrapyd nodes need its "
                  "pkg_resources",
}


def _normalise(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def _declared() -> tuple[set[str], set[str]]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]

    def names(specs: list[str]) -> set[str]:
        return {_normalise(spec.split(";")[0].split("[")[0].split("<")[0].split(">")[0].split("=")[0].strip())
                for spec in specs}

    return names(project["dependencies"]), names(project["optional-dependencies"]["test"])


def _third_party(files: list[Path]) -> dict[str, str]:
    """Distribution name -> where it is first imported, for third-party imports of `files`."""
    by_module = packages_distributions()
    local = set(PROJECT) | {"tests", "bench", "conftest"}
    found: dict[str, str] = {}
    for path in files:
        for module, line, _top in _imports(path):
            root = module.split(".")[0]
            if not root or root in local or root in sys.stdlib_module_names:
                continue
            if root not in by_module:
                raise AssertionError(f"{path.relative_to(REPO)}:{line} imports {root}, which no installed "
                                     "distribution provides")
            for dist in by_module[root]:
                found.setdefault(_normalise(dist), f"{path.relative_to(REPO)}:{line}")
    return found


def test_declared_runtime_dependencies_equal_the_imported_ones() -> None:
    runtime, _test = _declared()
    imported = _third_party(_project_files())
    undeclared = {dist: where for dist, where in imported.items() if dist not in runtime}
    unused = runtime - set(imported) - set(NOT_IMPORTED)
    assert not undeclared, f"imported but not declared in [project].dependencies: {undeclared}"
    assert not unused, f"declared in [project].dependencies but never imported by scraper/ or feeds/: {unused}"


@pytest.mark.parametrize("folder", ["tests", "bench"])
def test_tests_and_benchmarks_import_only_declared_dependencies(folder: str) -> None:
    runtime, test = _declared()
    imported = _third_party(sorted((REPO / folder).rglob("*.py")))
    undeclared = {dist: where for dist, where in imported.items() if dist not in runtime | test}
    assert not undeclared, f"{folder}/ imports what neither dependencies nor the test extra declare: {undeclared}"
