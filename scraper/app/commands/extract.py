"""`attache extract FILE --url URL [--source ID]`: normalise and tag one saved page, print the record."""

from __future__ import annotations

import argparse
import gzip
import json
import re
from pathlib import Path
from typing import Any

from scraper.app.console import catalog_or_error, error
from scraper.config import Config
from scraper.normalise import normalise
from scraper.tagging import tag_article
from scraper.urls import is_http_url

HTML_TAG = re.compile(rb"<\s*(?:!doctype|html|head|body|p|div|article|main|h1|title|meta)\b", re.IGNORECASE)


def looks_like_html(raw: bytes) -> bool:
    """True when `raw` (a UTF-16 page by its byte-order mark, else any 8-bit encoding) holds an HTML tag."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raw = raw.decode("utf-16", errors="replace").encode("utf-8")
    return b"\x00" not in raw[:4096] and HTML_TAG.search(raw) is not None


def register(subparsers: Any) -> None:
    """Add `extract` to the `attache` parser."""
    extract = subparsers.add_parser("extract", help="normalise one saved HTML page and print the record as JSON")
    extract.add_argument("file", type=Path, help="HTML file (.gz accepted)")
    extract.add_argument("--url", required=True, help="the page's URL")
    extract.add_argument("--source", dest="source_id", help="catalog source id (selectors, language hint)")
    extract.set_defaults(func=run, needs_data_dir=False)


def run(args: argparse.Namespace, config: Config) -> int:
    if not is_http_url(args.url):
        error(f"--url {args.url!r} is not an absolute http(s) URL (the address the page was saved from)")
        return 2
    try:
        raw = args.file.read_bytes()
    except OSError as exc:
        error(f"cannot read {args.file}: {exc.strerror or exc}")
        return 2
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            error(f"{args.file}: not a valid gzip file: {exc}")
            return 2
    if not looks_like_html(raw):
        error(f"{args.file}: not an HTML page (no HTML tag found); give a saved web page (.html or .html.gz)")
        return 2
    source = None
    if args.source_id:
        catalog = catalog_or_error(config, include_disabled=True)
        if catalog is None:
            return 2
        if args.source_id not in catalog:
            error(f"unknown source {args.source_id!r} (see `attache sources`)")
            return 2
        source = catalog[args.source_id]
    article = normalise(raw, args.url, source=source)
    tag_article(article, source.country if source else None)
    print(json.dumps(article.to_dict(), ensure_ascii=False, indent=2))
    return 0
