"""PDF minutes: text extracted with poppler's ``pdftotext`` (pypdf when poppler is missing).

Plain ``pdftotext`` (reading order, not ``-layout``) is used: minutes are flowing text, and
layout mode breaks sentences into columns and pads them with spaces. Running page
headers and footers ("Side 3", a committee/date line on every page) are removed by
finding lines that repeat at the top or bottom of many pages; the items are then read
like plain-text minutes.

>>> strip_running_lines(["SFU\\nSide 1\\nTekst", "SFU\\nSide 2\\nMere", "SFU\\n3 af 3\\nEnd"])
['Tekst', 'Mere', 'End']
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import tempfile
from collections import Counter

from indexer.model import Meeting
from indexer.readers.base import ReaderError
from indexer.readers.layout import read_laid_out
from indexer.readers.textutil import clean_text

TIMEOUT_SECONDS = 60
ZONE = 8  # lines at the top (and half as many at the bottom) where running headers live
_PAGE_NUMBER = re.compile(r"^(?:side|page)?\s*\d+\s*(?:(?:af|of|/|ud af)\s*\d+)?$", re.IGNORECASE)


# "Side 3", "Side:", "3 af 12": pypdf glues a bare "Side" (its number is a field) to the line
_PAGE_REF = re.compile(
    r"\b(?:side|page)\b\s*:?\s*\d*|\bs\.\s*\d+|\b\d+\s*(?:af|of|/)\s*\d+\b", re.IGNORECASE
)


def _key(line: str, page: int) -> str:
    """A running line's identity: "Side 3" on page 3 and "Side 4" on page 4 are the same line,
    and so are "Referat For Udvalget" and "Side Referat For Udvalget".

    >>> _key("Side Referat For Udvalget", 2) == _key("Referat For Udvalget", 3)
    True
    >>> _key("20. juni 2013 - kl. 10:30", 2) == _key("20. juni 2013 - kl. 10:30", 3)
    True
    """
    line = " ".join(_PAGE_REF.sub(" ", line.lower()).split()) or "#"
    return (
        re.sub(rf"(?<![\d.,]){page}(?!\d|[.,]\d)", "#", line)
        if re.search(r"[^\W\d_]", line)
        else line
    )


def strip_running_lines(pages: list[str]) -> list[str]:
    """Remove page numbers and lines that repeat at the top or bottom of many pages."""
    split = [[line for line in page.split("\n")] for page in pages]
    zones = Counter[str]()
    for page, lines in enumerate(split, 1):
        content = [line for line in lines if line]
        edge = content[:ZONE] + content[-(ZONE // 2) :]
        zones.update({_key(line, page) for line in edge})
    needed = max(2, math.ceil(len(pages) / 2))
    repeated = {key for key, count in zones.items() if count >= needed}

    def furniture(line: str, page: int) -> bool:
        return not line or _key(line, page) in repeated or bool(_PAGE_NUMBER.match(line))

    cleaned = []
    for page, lines in enumerate(split, 1):
        start, end = 0, len(lines)
        while start < end and furniture(lines[start], page):
            start += 1
        while end > start and furniture(lines[end - 1], page):
            end -= 1
        cleaned.append("\n".join(lines[start:end]))
    return cleaned


def _pdftotext(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        try:
            done = subprocess.run(
                ["pdftotext", "-enc", "UTF-8", handle.name, "-"],
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise ReaderError(f"PDF text extraction took over {TIMEOUT_SECONDS} s") from error
    if done.returncode != 0:
        reason = {1: "damaged or unreadable", 3: "protected against copying"}.get(
            done.returncode, f"pdftotext exit code {done.returncode}"
        )
        if b"password" in done.stderr.lower() or b"encrypt" in done.stderr.lower():
            reason = "encrypted"
        raise ReaderError(f"PDF cannot be read ({reason})")
    return done.stdout.decode("utf-8", errors="replace")


def _pypdf(data: bytes) -> str:
    import io

    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReaderError("PDF cannot be read (encrypted)")
        return "\f".join(page.extract_text() or "" for page in reader.pages)
    except ReaderError:
        raise
    except Exception as error:  # pypdf raises many types for broken files
        raise ReaderError(f"PDF cannot be read (damaged: {type(error).__name__})") from error


def extract_pages(data: bytes) -> list[str]:
    """The text of each page, cleaned, with pdftotext if installed, else pypdf."""
    text = _pdftotext(data) if shutil.which("pdftotext") else _pypdf(data)
    pages = [clean_text(page) for page in text.split("\f")]
    while pages and not pages[-1]:
        pages.pop()
    if not any(re.search(r"[^\W\d_]{2}", page) for page in pages):
        raise ReaderError("PDF has no text layer (scanned?); OCR is not supported")
    return pages


class PdfReader:
    name = "pdf"

    def sniff(self, head: bytes, path: str) -> bool:
        return head.lstrip()[:5] == b"%PDF-"

    def read(self, data: bytes, path: str) -> Meeting:
        if not data.lstrip().startswith(b"%PDF-"):
            raise ReaderError("not a PDF file (no %PDF- signature)")
        pages = extract_pages(data)
        meeting = Meeting(source_path=path, source_format=self.name)
        lines: list[str] = []
        for page in strip_running_lines(pages):
            lines += [*page.split("\n"), ""]
        read_laid_out(lines, pages[0].split("\n"), meeting, "PDF text")
        return meeting


READER = PdfReader()
