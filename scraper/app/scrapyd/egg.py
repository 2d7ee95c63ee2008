"""Build the egg Scrapyd runs: the `scraper` and `feeds` packages with every data file they read (the built-in
catalog, the tagging lexicons, the feed templates), the user catalogs packed in as
`deployed_sources/NN-name.toml` (in their order), and the ``scrapy`` entry point naming `scraper.settings` (how
Scrapyd's runner finds the settings module).

The packages are copied to a temporary folder and built there with setuptools' ``bdist_egg``, so the working
tree never sees the packed catalogs. The egg holds code and data only: the node's Python needs Attaché's
dependencies, and not Attaché itself, which would shadow the egg (docs/deployment.md).
"""

from __future__ import annotations

import py_compile
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import scraper
from scraper.sources import DEPLOYED_CATALOGS

PACKAGES = ("scraper", "feeds")
BUILD_TIMEOUT_SECONDS = 120.0
SETUP_PY = """\
from setuptools import setup

setup(
    name="attache",
    version={version!r},
    packages={packages!r},
    package_data={package_data!r},
    entry_points={{"scrapy": ["settings = scraper.settings"]}},
    zip_safe=True,
)
"""


class EggError(RuntimeError):
    """The egg could not be built (the message says why)."""


def egg_version() -> str:
    """A version that sorts after every earlier deploy (Scrapyd runs a project's latest version)."""
    return str(time.time_ns() // 1_000_000)


def _source_root() -> Path:
    return Path(scraper.__file__).resolve().parent.parent


def _copy_packages(root: Path, target: Path) -> tuple[list[str], dict[str, list[str]]]:
    """Copy the packages' files (no caches) to `target`; returns the package names and each one's data files."""
    packages: list[str] = []
    data: dict[str, list[str]] = {}
    for top in PACKAGES:
        shutil.copytree(root / top, target / top, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        for init in sorted((target / top).rglob("__init__.py")):
            package_dir = init.parent
            name = ".".join(package_dir.relative_to(target).parts)
            packages.append(name)
            files = [p for p in package_dir.iterdir() if p.is_file() and p.suffix not in (".py", ".pyc")]
            folders = [p for p in package_dir.iterdir() if p.is_dir() and not (p / "__init__.py").exists()]
            files += [p for folder in folders for p in folder.rglob("*") if p.is_file()]
            if files:
                data[name] = sorted(str(p.relative_to(package_dir)) for p in files)
    return packages, data


def _compile(build: Path, packages: list[str], data: dict[str, list[str]]) -> None:
    """Byte-compile the modules beside their sources (`x.pyc` next to `x.py`, the only place zipimport looks),
    hash-based and unchecked, so a node's crawl does not compile every module from the zip at each start.
    A node whose Python has another bytecode version ignores them and reads the sources."""
    for name in packages:
        folder = build.joinpath(*name.split("."))
        for source in sorted(folder.glob("*.py")):
            py_compile.compile(str(source), cfile=str(source.with_suffix(".pyc")), doraise=True,
                               invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
        data.setdefault(name, []).append("*.pyc")


def build_egg(user_catalogs: Sequence[Path], version: str, *, timeout: float = BUILD_TIMEOUT_SECONDS) -> bytes:
    """The project's egg, with the `user_catalogs` (if any) packed in; raises `EggError`."""
    with tempfile.TemporaryDirectory(prefix="attache-egg-") as tmp:
        build = Path(tmp) / "build"
        build.mkdir()
        packages, data = _copy_packages(_source_root(), build)
        for number, catalog in enumerate(user_catalogs, start=1):
            try:
                text = Path(catalog).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise EggError(f"{catalog}: cannot read the source catalog to deploy: {exc}") from None
            packed = build / "scraper" / DEPLOYED_CATALOGS / f"{number:02d}-{Path(catalog).name}"
            packed.parent.mkdir(exist_ok=True)
            packed.write_text(text, encoding="utf-8")
            data.setdefault("scraper", []).append(f"{DEPLOYED_CATALOGS}/{packed.name}")
        _compile(build, packages, data)
        (build / "setup.py").write_text(SETUP_PY.format(version=version, packages=packages, package_data=data),
                                        encoding="utf-8")
        out = Path(tmp) / "dist"
        try:
            done = subprocess.run([sys.executable, "setup.py", "-q", "bdist_egg", "-d", str(out)],
                                  cwd=build, capture_output=True, text=True, timeout=timeout,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise EggError(f"building the egg took longer than {timeout:.0f} s") from None
        eggs = sorted(out.glob("*.egg"))
        if done.returncode != 0 or not eggs:
            last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no egg was written"]
            raise EggError(f"building the egg failed: {last[0]}")
        return eggs[0].read_bytes()
