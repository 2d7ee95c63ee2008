"""Bytes to text: pages whose bytes contradict their declared charset still decode correctly."""

from __future__ import annotations

import codecs
import logging
import re

from w3lib.encoding import html_body_declared_encoding, read_bom, resolve_encoding

logger = logging.getLogger(__name__)

_CONTROL_BYTES = bytes([*range(0, 9), 11, 12, *range(14, 32), 127])
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_CHARSET_IN_HEADER = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)


def _lookup(name: str | None) -> str | None:
    """A Python codec name for a declared charset (latin-1 → cp1252, as browsers do), or None."""
    if not name:
        return None
    match = _CHARSET_IN_HEADER.search(name)
    if match:
        name = match.group(1)
    resolved = resolve_encoding(name.strip().strip("\"'"))
    if not resolved:
        return None
    try:
        return codecs.lookup(resolved).name
    except LookupError:
        return None


def decode_html(data: bytes | str, declared: str | None = None) -> str:
    """Decode page bytes (see `decode_page`)."""
    return decode_page(data, declared)[0]


def decode_page(data: bytes | str, declared: str | None = None) -> tuple[str, bytes | None]:
    """Decode page bytes: (text, the text's UTF-8 bytes when they are at hand, else None).

    Order: a byte-order mark; strict UTF-8 (valid UTF-8 with non-ASCII bytes is almost never an
    accident, so it beats a contradicting declaration); the HTTP charset (`declared`), then the
    page's own meta charset, when the bytes decode with it; charset detection; cp1252 with
    replacement as the last resort.
    """
    if isinstance(data, str):
        try:
            data.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: the parser would stop at the first one
            data = _SURROGATES.sub("", data)
        return _CONTROL_CHARS.sub("", data), None
    return _decode_bytes(data, declared)


def _decode_bytes(data: bytes, declared: str | None) -> tuple[str, bytes | None]:
    bom_encoding, bom = read_bom(data)
    if bom_encoding:
        return data[len(bom):].decode(bom_encoding, errors="replace"), None
    # C0 control bytes never occur inside multi-byte sequences of UTF-8 or single-byte charsets.
    data = data.translate(None, _CONTROL_BYTES)
    try:
        return data.decode("utf-8"), data  # valid UTF-8: these bytes are the text's own encoding
    except UnicodeDecodeError:
        pass
    head = data[:4096]
    for name in (declared, html_body_declared_encoding(head)):
        codec = _lookup(name)
        if codec and codec not in {"utf-8", "utf-16", "utf-32"}:
            try:
                return data.decode(codec), None
            except UnicodeDecodeError:
                logger.debug("declared charset %s does not fit the bytes", name)
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None and best.encoding:
            return str(best), None
    except Exception:  # noqa: BLE001 - detection is best effort
        logger.debug("charset detection failed", exc_info=True)
    return data.decode("cp1252", errors="replace"), None
