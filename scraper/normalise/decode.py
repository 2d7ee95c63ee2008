"""Bytes to text: pages whose bytes contradict their declared charset still decode correctly."""

from __future__ import annotations

import codecs
import logging
import re

from w3lib.encoding import html_body_declared_encoding, read_bom, resolve_encoding

from ..safe_text import xml_forbidden

logger = logging.getLogger(__name__)

_CONTROL_BYTES = bytes([*range(0, 9), 11, 12, *range(14, 32), 127])
_SURROGATES = re.compile("[\ud800-\udfff]")
_CHARSET_IN_HEADER = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_NUMERIC_REFERENCE = re.compile(r"&#(?:[xX]0*([0-9a-fA-F]{1,8})(?![0-9a-fA-F])|0*([0-9]{1,10})(?![0-9]));?")
_BREAKS = {0x0B, 0x0C}
"""Vertical tab and form feed: line and page breaks in word-processor text, kept as a space."""


def _neutralise(match: re.Match[str]) -> str:
    hexa, decimal = match.groups()
    code = int(hexa, 16) if hexa is not None else int(decimal)
    if code in _BREAKS:
        return " "
    return "" if code == 0 or code > 0x10FFFF or xml_forbidden(chr(code)) else match.group()


def neutralise_references(text: str) -> str:
    """`text` without numeric character references to code points XML forbids (`&#1;`, `&#xFFFE;`, a
    lone surrogate, ...): the parser would put those characters into the tree, and the body extractor
    drops every node holding one, so one reference lost the whole article. They go the way raw control
    bytes go (removed; vertical tab and form feed become a space). `text` itself when there is none."""
    if "&#" not in text:
        return text
    cleaned = _NUMERIC_REFERENCE.sub(_neutralise, text)
    if cleaned == text:
        return text
    logger.info("removed character references to code points XML forbids")
    return cleaned


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


MOSTLY_VALID = 0.9
"""Share of non-ASCII characters that must be valid UTF-8 for an undeclared page to be read as
UTF-8 with replacement characters for the rest."""
STRAY_BYTES = 3
"""This many invalid sequences in a page declared UTF-8 are stray bytes, whatever else it holds."""


def _mostly_utf8(data: bytes, declared_utf8: bool) -> str | None:
    """`data` as UTF-8 with U+FFFD for each invalid sequence, when the bytes are mostly valid UTF-8
    (or declared UTF-8 and at least half valid, or only a few stray bytes); else None."""
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd") - data.count("\ufffd".encode())
    valid = len(text) - len(text.encode("ascii", errors="ignore")) - invalid
    total = valid + invalid
    if valid >= MOSTLY_VALID * total:
        reason = "mostly valid UTF-8"
    elif declared_utf8 and (valid >= invalid or invalid <= STRAY_BYTES):
        reason = "declared UTF-8"
    else:
        logger.debug("not UTF-8: %d of %d non-ASCII characters invalid", invalid, total)
        return None
    logger.info("decoded as utf-8 with replacement (%s): %d invalid of %d non-ASCII characters",
                reason, invalid, total)
    return text


def decode_html(data: bytes | str, declared: str | None = None) -> str:
    """Decode page bytes (see `decode_page`)."""
    return decode_page(data, declared)[0]


def decode_page(data: bytes | str, declared: str | None = None) -> tuple[str, bytes | None]:
    """Decode page bytes and neutralise references to forbidden code points (`neutralise_references`):
    (text, the text's UTF-8 bytes when they are at hand, else None)."""
    text, encoded = _decode_page(data, declared)
    cleaned = neutralise_references(text)
    if cleaned is text:
        return text, encoded
    return cleaned, None


def _decode_page(data: bytes | str, declared: str | None = None) -> tuple[str, bytes | None]:
    """Decode page bytes: (text, the text's UTF-8 bytes when they are at hand, else None).

    Order: a byte-order mark; strict UTF-8 (valid UTF-8 with non-ASCII bytes is almost never an
    accident, so it beats a contradicting declaration); UTF-8 with replacement when the bytes are
    mostly valid UTF-8, or declared UTF-8 and not mostly invalid (decoding degrades per character,
    as a browser's does, never per page); the HTTP charset (`declared`), then the page's own meta
    charset, when the bytes decode with it; charset detection; cp1252 with replacement as the last
    resort. Every choice after strict UTF-8 is logged.
    """
    if isinstance(data, str):
        try:
            encoded = data.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: the parser would stop at the first one
            data = _SURROGATES.sub("", data)
            encoded = data.encode("utf-8")
        repaired = _undo_misdecoding(data)
        if repaired is not data:
            data, encoded = repaired, repaired.encode("utf-8")
        # The control characters are single bytes in UTF-8 that occur in no multi-byte sequence:
        # deleting them from the bytes is the same as from the text, and far cheaper.
        cleaned = encoded.translate(None, _CONTROL_BYTES)
        if len(cleaned) == len(encoded):
            return data, encoded
        return cleaned.decode("utf-8"), cleaned
    return _decode_bytes(data, declared)


def _undo_misdecoding(text: str) -> str:
    """Text that a caller decoded with the page's own non-UTF-8 meta charset although the bytes were
    UTF-8 (Scrapy's `response.text` without an HTTP charset does that) is turned back: when encoding
    it with that charset gives valid UTF-8 with non-ASCII bytes, those bytes were the page (the rule
    `_decode_bytes` follows: valid UTF-8 is almost never an accident). Otherwise `text` unchanged."""
    codec = _lookup(html_body_declared_encoding(text[:4096]))
    if not codec or codec in {"utf-8", "utf-16", "utf-32", "ascii"} or text.isascii():
        return text
    try:
        data = text.encode(codec)
        repaired = data.decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text
    logger.info("text decoded as %s was UTF-8: decoded again as utf-8", codec)
    return repaired


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
    meta_charset = html_body_declared_encoding(head)
    utf8_declared = "utf-8" in {_lookup(declared), _lookup(meta_charset)}
    degraded = _mostly_utf8(data, utf8_declared)
    if degraded is not None:
        return degraded, None
    for name in (declared, meta_charset):
        codec = _lookup(name)
        if codec and codec not in {"utf-8", "utf-16", "utf-32"}:
            try:
                text = data.decode(codec)
                logger.info("decoded as %s (declared %r); the bytes are not UTF-8", codec, name)
                return text, None
            except UnicodeDecodeError:
                logger.debug("declared charset %s does not fit the bytes", name)
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None and best.encoding:
            logger.info("decoded as %s (detected); no declared charset fits the bytes", best.encoding)
            return str(best), None
    except Exception:  # noqa: BLE001 - detection is best effort
        logger.debug("charset detection failed", exc_info=True)
    logger.info("decoded as cp1252 with replacement: no charset fits the bytes")
    return data.decode("cp1252", errors="replace"), None
