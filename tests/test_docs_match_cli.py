"""The docs match the command line: every `attache` command and option named in README.md and docs/*.md exists
in the argparse tree, README's command list names every command, and the docs link nothing outside the
repository."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from scraper.app.cli import build_parser

REPO = Path(__file__).resolve().parent.parent
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
CODE = re.compile(r"`([^`\n]+)`|^ {4}(.+)$", re.M)
GLOBAL_VALUE_OPTIONS = ("--sources", "--data-dir")


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {flag for action in parser._actions for flag in action.option_strings}


def _invocations(text: str) -> list[list[str]]:
    """The words after `attache` in code spans and indented code lines (global options skipped)."""
    found = []
    for match in CODE.finditer(text):
        code = match[1] or match[2]
        for part in re.split(r"[;|&(]|\$\(", code):
            words = part.split()
            if "attache" not in words:
                continue
            words = words[words.index("attache") + 1:]
            while words and words[0].startswith("--"):
                words = words[2:] if words[0] in GLOBAL_VALUE_OPTIONS else words[1:]
            if words and re.fullmatch(r"[a-z][a-z-]*", words[0]):
                found.append(words)
    return found


@pytest.mark.parametrize("doc", DOCS, ids=[d.name for d in DOCS])
def test_every_command_and_option_in_the_docs_exists(doc: Path) -> None:
    parser = build_parser()
    commands = _commands(parser)
    problems = []
    for words in _invocations(doc.read_text(encoding="utf-8")):
        command = commands.get(words[0])
        if command is None:
            problems.append(f"unknown command `attache {words[0]}`")
            continue
        sub = _commands(command)
        if len(words) > 1 and words[1] in sub:
            command = sub[words[1]]
        known = _options(command) | _options(parser)
        for word in words[1:]:
            option = re.match(r"\[?(--?[a-zA-Z][\w-]*)", word)
            if option and option[1] not in known:
                problems.append(f"`attache {words[0]}` has no option {option[1]}")
    assert not problems, f"{doc.name}: " + "; ".join(sorted(set(problems)))


def test_readme_lists_every_command() -> None:
    section = (REPO / "README.md").read_text(encoding="utf-8").split("## Command line", 1)[1].split("\n## ", 1)[0]
    listed = {m[1] for m in re.finditer(r"^ {4}attache ([a-z][a-z-]*)", section, re.M)}
    assert listed == set(_commands(build_parser())), f"README lists {sorted(listed)}"


@pytest.mark.parametrize("doc", DOCS, ids=[d.name for d in DOCS])
def test_docs_link_nothing_outside_the_repository(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        resolved = (doc.parent / target.split("#", 1)[0]).resolve()
        assert resolved.is_relative_to(REPO), f"{doc.name} links outside the repository: {target}"
        assert resolved.exists(), f"{doc.name} links to a missing file: {target}"
    assert "../shared" not in text, f"{doc.name} names a folder a user does not have (../shared)"
