"""Per-source CSS selector overrides, evaluated on the shared lxml tree."""

from __future__ import annotations

import functools
import logging
from typing import Any

logger = logging.getLogger(__name__)

_ATTRIBUTE_FIELDS = {
    "published": ("datetime", "content"),
    "updated": ("datetime", "content"),
    "image": ("src", "data-src", "content", "href"),
    "rights": ("href",),
}


@functools.lru_cache(maxsize=512)
def _compile(css: str):
    from lxml.cssselect import CSSSelector

    return CSSSelector(css)


def select(tree: Any, selectors: dict[str, str] | None) -> tuple[dict[str, list[str]], dict[str, list[Any]]]:
    """(field → texts or attribute values, field → matched elements) for each configured selector.

    An invalid selector is logged and ignored (the generic signals then decide that field).
    """
    values: dict[str, list[str]] = {}
    elements: dict[str, list[Any]] = {}
    for field_name, css in (selectors or {}).items():
        try:
            found = _compile(css)(tree)
        except Exception:  # noqa: BLE001 - cssselect raises several error types
            logger.warning("invalid selector for %s: %r", field_name, css)
            continue
        if not found:
            continue
        elements[field_name] = found
        out: list[str] = []
        for el in found:
            attr_value = next((el.get(a) for a in _ATTRIBUTE_FIELDS.get(field_name, ()) if el.get(a)), None)
            if field_name in ("image", "rights") and attr_value is None and el.tag != "img":
                img = el.find(".//img")
                attr_value = img.get("src") if img is not None and field_name == "image" else None
            text = attr_value if attr_value is not None else " ".join(el.text_content().split())
            if text:
                out.append(text)
        if out:
            values[field_name] = out
    return values, elements
