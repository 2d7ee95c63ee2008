"""A listing built by script, for browser-rendered sources: no article link is in the HTML.

`/news/` holds an empty list, the first page's entries as inline JSON, and a "Next" button.
A script fills the list after the page loads (a little later, as an AJAX listing would); the
button fetches `/news/page-<n>.json` and replaces the list with that page's links. On the last
page the button is disabled. Article pages are the fixture site's (`site_fixtures.article_html`).
"""

from __future__ import annotations

import json
from html import escape

from tests.helpers.loopback_site import LoopbackSite
from tests.helpers.site_fixtures import FixtureArticle, article_html

SCRIPT_LISTING = "/news/"


def _entries(articles: list[FixtureArticle]) -> list[dict[str, str]]:
    return [{"href": f"{a.path}?utm_source=listing", "title": a.title} for a in articles]


def script_listing_html(first: list[FixtureArticle], pages: int) -> str:
    """The listing page: links come only from the script, the next pages only from the button."""
    data = json.dumps({"pages": pages, "entries": _entries(first)}).replace("</", "<\\/")
    return f"""<!DOCTYPE html><html><head><title>News</title><meta charset="utf-8"></head><body>
<h1>{escape("News")}</h1>
<div id="list" aria-live="polite"></div>
<button type="button" id="next">Next</button>
<a href="/about.html">About</a>
<script id="first-page" type="application/json">{data}</script>
<script>
(function () {{
  var first = JSON.parse(document.getElementById("first-page").textContent);
  var current = 1;
  var list = document.getElementById("list");
  var next = document.getElementById("next");
  function show(entries) {{
    list.textContent = "";
    entries.forEach(function (entry) {{
      var a = document.createElement("a");
      a.href = entry.href;
      a.textContent = entry.title;
      var item = document.createElement("p");
      item.appendChild(a);
      list.appendChild(item);
    }});
    next.disabled = current >= first.pages;
  }}
  next.addEventListener("click", function () {{
    fetch("/news/page-" + (current + 1) + ".json")
      .then(function (r) {{ return r.json(); }})
      .then(function (entries) {{ current += 1; show(entries); }});
  }});
  setTimeout(function () {{ show(first.entries); }}, 50);
}})();
</script>
</body></html>"""


def publish_script_site(site: LoopbackSite, articles: list[FixtureArticle], per_page: int = 3) -> int:
    """Serve `articles` (newest first) behind the script-built listing; returns the number of listing pages."""
    for a in articles:
        site.add(a.path, article_html(a, site.base))
    newest_first = list(reversed(articles))
    pages = [newest_first[i:i + per_page] for i in range(0, len(newest_first), per_page)] or [[]]
    site.add(SCRIPT_LISTING, script_listing_html(pages[0], len(pages)))
    for n, chunk in enumerate(pages[1:], start=2):
        site.add(f"/news/page-{n}.json", json.dumps(_entries(chunk)), "application/json")
    site.add("/about.html", "<html><body><h1>About</h1></body></html>")
    return len(pages)


def script_source_toml(site: LoopbackSite, source_id: str = "test-script", max_pages: int = 5) -> str:
    """A catalog entry rendering the script-built listing in the browser and clicking its button."""
    return f"""
[sources.{source_id}]
name = "Test ministry (script-built listing)"
kind = "html"
country = "IT"
language = "en"
start_urls = ["{site.url(SCRIPT_LISTING)}"]
article_pattern = '/news/story-\\d+\\.html'
render = "browser"
next_click = "#next"
max_pages = {max_pages}
"""
