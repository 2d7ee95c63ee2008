"""The XSLT stylesheet that shows RSS and Atom feeds as a web page in a browser (readers ignore it).

`with_stylesheet` adds the `<?xml-stylesheet?>` processing instruction to a rendered feed, naming the
stylesheet by a path relative to the feed's own path, so it resolves on the same origin at any depth and
under any base path; `publish` writes the stylesheet (`STYLESHEET_NAME`) beside the feeds.
"""

from __future__ import annotations

from importlib.resources import files

STYLESHEET_NAME = "feed.xsl"
STYLED_FORMATS = frozenset({"rss", "atom"})


def stylesheet_bytes() -> bytes:
    """The stylesheet file's bytes (`feeds/templates/feed.xsl`)."""
    return files("feeds").joinpath("templates", STYLESHEET_NAME).read_bytes()


def browser_content_type(path: str, accept: str) -> str | None:
    """The media type for an RSS/Atom feed a browser navigates to (its Accept names text/html), so the browser
    applies the stylesheet (Chromium shows application/rss+xml as plain text); None for anything else."""
    if path.endswith((".rss", ".atom")) and "text/html" in accept:
        return "application/xml; charset=utf-8"
    return None


def with_stylesheet(data: bytes, fmt: str, path: str) -> bytes:
    """`data` (a feed in `fmt` published at `path`, relative to the feeds directory) with the processing
    instruction after its XML declaration; JSON and other formats are returned unchanged."""
    if fmt not in STYLED_FORMATS:
        return data
    href = "../" * path.count("/") + STYLESHEET_NAME
    instruction = f'<?xml-stylesheet type="text/xsl" href="{href}"?>\n'.encode()
    end = data.find(b"?>\n") + 3 if data.startswith(b"<?xml") else 0
    return data[:end] + instruction + data[end:]
