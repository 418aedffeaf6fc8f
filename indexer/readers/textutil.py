"""Text clean-up shared by the readers: decoding, control characters, whitespace.

>>> decode_bytes("Økonomi".encode("cp1252"))
'Økonomi'
>>> clean_text("Ingen\\x0b økonomiske\\u00a0konsekvenser  ")
'Ingen økonomiske konsekvenser'
"""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# every byte but the control bytes looks_binary counts (0-8 and 14-31), for bytes.translate
_NOT_CONTROL_BYTES = bytes(byte for byte in range(256) if not (byte < 9 or 13 < byte < 32))
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def decode_bytes(data: bytes) -> str:
    """Decode minutes text: UTF-8 (with or without BOM) first, then cp1252, then latin-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def looks_binary(head: bytes) -> bool:
    """True for data that is not text in any encoding we read (NUL bytes, mostly control bytes)."""
    if not head:
        return False
    if b"\x00" in head:
        return True
    # deleting the other bytes counts the control bytes in C, not byte by byte in Python
    control = len(head.translate(None, _NOT_CONTROL_BYTES))
    return control / len(head) > 0.05


def clean_text(text: str) -> str:
    """NFC-normalise, drop control characters, fold odd spaces, strip each line's ends."""
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    # _SPACES never matches a newline, so one pass over the text is one pass per line
    lines = [line.strip() for line in _SPACES.sub(" ", text).split("\n")]
    return "\n".join(lines).strip()
