"""Switching one rule of normalise() off, for `bench_extract --ablate RULE`.

A rule is switched off by replacing, for the duration of one call, the module attribute that carries
it (a function, a constant or a pattern) — nothing in `scraper/normalise` checks a flag, so the
switches cost normal use nothing. `check_ablation` tells when a target was renamed (the bench then
stops with that message; tests/test_normalise_devset.py checks every target exists).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any
from unittest import mock

NEVER = re.compile(r"(?!)")
"""A pattern that matches nothing."""


@dataclass(frozen=True)
class Ablation:
    """One rule: what it does, and the (module, attribute, replacement factory) triples that turn it
    off; a factory gets the original attribute and returns its stand-in."""

    description: str
    targets: tuple[tuple[str, str, Callable[[Any], Any]], ...]
    field: str = "body_f1"
    """The figure the rule is for (its per-fold change is printed)."""

    @contextmanager
    def switched_off(self) -> Iterator[None]:
        with ExitStack() as stack:
            for module_name, attribute, replacement in self.targets:
                module = importlib.import_module(module_name)
                original = getattr(module, attribute)
                stack.enter_context(mock.patch.object(module, attribute, replacement(original)))
            yield


def check_ablation(ablation: Ablation) -> str | None:
    """None when every target exists, else what is missing."""
    for module_name, attribute, _ in ablation.targets:
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            return f"cannot import {module_name} ({exc})"
        if not hasattr(module, attribute):
            return f"{module_name} has no attribute {attribute!r} (renamed? update bench/extract_ablations.py)"
    return None


def _no_pruning(_original: Any) -> Callable[..., Any]:
    return lambda tree: nullcontext(tree)


ABLATIONS: dict[str, Ablation] = {
    "pruning": Ablation(
        "cutting nav/footer/aside/scripts/embeds/fact boxes before trafilatura sees the page",
        (("scraper.normalise.body", "content_only", _no_pruning),)),
    "ruby": Ablation(
        "flattening <ruby> readings into the text",
        (("scraper.normalise.body", "flatten_ruby", lambda _: lambda tree: None),)),
    "scripts": Ablation(
        "looking for the body in the page's scripts when the extraction is short",
        (("scraper.normalise", "body_from_scripts", lambda _: lambda *args, **kwargs: None),)),
    "gaps": Ablation(
        "putting back article paragraphs skipped between two kept lines",
        (("scraper.normalise.cleanup", "fill_gaps", lambda _: lambda *args, **kwargs: None),)),
    "teasers": Ablation(
        "dropping teaser lines for other pages (link-made lines, linked cards)",
        (("scraper.normalise.body", "teaser_keys", lambda _: lambda tree: set()),
         ("scraper.normalise.cleanup", "teaser_keys", lambda _: lambda tree: set()))),
    "head-zone": Ablation(
        "dropping headline/date/byline/kicker lines in the first lines",
        (("scraper.normalise.cleanup", "HEAD_ZONE", lambda _: 0),)),
    "boilerplate": Ablation(
        "dropping short boilerplate lines (ads, 'Read more', share, newsletter, credits)",
        (("scraper.normalise.cleanup", "_BOILERPLATE", lambda _: NEVER),
         ("scraper.normalise.cleanup", "_CREDIT", lambda _: NEVER))),
    "paywall": Ablation(
        "ending the article at a paywall/subscription promotion",
        (("scraper.normalise.cleanup", "_PAYWALL", lambda _: NEVER),)),
    "title-og": Ablation(
        "og:title over the h1 when <title> repeats the h1",
        (("scraper.normalise.title", "declared_over_visible", lambda _: lambda group_of: None),),
        "title_exact"),
    "title-suffix": Ablation(
        "counting 'Headline | Section' as a vote for 'Headline'",
        (("scraper.normalise.title", "SUFFIX_CHARS", lambda _: -1),),
        "title_exact"),
    "date-markup": Ablation(
        "dates from short texts of elements whose class/id says date",
        (("scraper.normalise.pubdate", "_texts_in_date_markup", lambda _: lambda *args, **kwargs: []),),
        "minute"),
    "date-htmldate": Ablation(
        "htmldate's reading when no candidate has a time of day",
        (("scraper.normalise.pubdate", "_htmldate", lambda _: lambda *args, **kwargs: []),),
        "day"),
    "date-url": Ablation(
        "a date written in the URL",
        (("scraper.normalise.pubdate", "_url_date", lambda _: lambda *args, **kwargs: []),),
        "day"),
    "authors-byline": Ablation(
        "author names from byline markup (rel=author, class author/byline)",
        (("scraper.normalise.authors", "_byline_names", lambda _: lambda *args, **kwargs: []),),
        "authors_f1"),
    "lead": Ablation(
        "putting the page's visible lead/description first when the extractor missed it",
        (("scraper.normalise.cleanup", "_find_lead", lambda _: lambda *args, **kwargs: None),)),
}
