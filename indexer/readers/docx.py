"""DOCX minutes (Word documents, as Acadre and many other systems produce them), via python-docx.

The body's paragraphs and tables become lines in document order, and are then read like
a PDF's text (:func:`indexer.readers.layout.read_laid_out`): a header naming committee and
date, "715. Title" or "Punkt 3 Title" item headings, section headings as lines. Word's own
table-of-contents paragraphs (style "toc N") are left out, page headers and footers are
never read, and a table row whose cells hold one line each ("Sagsnr.: | 12/27845") is one
line.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator

from docx.document import Document as WordDocument
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from indexer.model import Meeting
from indexer.readers.base import ReaderError
from indexer.readers.layout import read_laid_out
from indexer.readers.textutil import clean_text

MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # a zip bomb is refused before python-docx unpacks it
_TOC_STYLE = re.compile(r"^(?:toc|indholdsfortegnelse)\s*\d*$", re.IGNORECASE)


class DocxReader:
    name = "docx"

    def sniff(self, head: bytes, path: str) -> bool:
        """A ZIP package whose parts are a Word document's."""
        return head.startswith(b"PK\x03\x04") and (
            b"word/" in head or path.lower().endswith(".docx")
        )

    def read(self, data: bytes, path: str) -> Meeting:
        lines = [line for block in _blocks(data) for line in block]
        if not any(line.strip() for line in lines):
            raise ReaderError("the Word document has no text")
        meeting = Meeting(source_path=path, source_format=self.name)
        read_laid_out(lines, None, meeting, "Word document")
        return meeting


def _document(data: bytes) -> WordDocument:
    """The python-docx Document, or :class:`ReaderError` for anything that is not one."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            if sum(info.file_size for info in package.infolist()) > MAX_UNPACKED_BYTES:
                raise ReaderError("the Word document unpacks to more than 200 MB")
            if "word/document.xml" not in package.namelist():
                raise ReaderError("a ZIP file but not a Word document (no word/document.xml)")
        return docx.Document(io.BytesIO(data))
    except ReaderError:
        raise
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, EOFError) as error:
        raise ReaderError(f"damaged Word document ({type(error).__name__})") from error
    except Exception as error:  # lxml and python-docx raise many types for broken parts
        raise ReaderError(f"damaged Word document ({type(error).__name__}: {error})") from error


def _blocks(data: bytes) -> Iterator[list[str]]:
    def walk(container: WordDocument | _Cell) -> Iterator[list[str]]:
        for block in container.iter_inner_content():
            if isinstance(block, Paragraph):
                style = block.style.name if block.style is not None else ""
                if not _TOC_STYLE.match(style or ""):
                    yield _paragraph_lines(block.text)
            elif isinstance(block, Table):
                yield from _table_lines(block, walk)

    try:
        yield from walk(_document(data))
    except ReaderError:
        raise
    except Exception as error:  # a part that does not parse as Word expects
        raise ReaderError(f"damaged Word document ({type(error).__name__}: {error})") from error


def _paragraph_lines(text: str) -> list[str]:
    """A paragraph's lines: tabs are spacing, line breaks (``<w:br/>``) start lines.

    >>> _paragraph_lines("715.\\tKulturkommune 2017\\nSagsfremstilling")
    ['715. Kulturkommune 2017', 'Sagsfremstilling']
    """
    return clean_text(text.replace("\t", " ")).split("\n")


def _table_lines(table: Table, walk: Callable[[_Cell], Iterator[list[str]]]) -> Iterator[list[str]]:
    for row in table.rows:
        cells: list[_Cell] = []
        for cell in row.cells:
            if cells and cell._tc is cells[-1]._tc:  # a merged cell is listed once per column
                continue
            cells.append(cell)
        texts = [[line for block in walk(cell) for line in block if line] for cell in cells]
        if all(len(text) <= 1 for text in texts):
            yield [" ".join(text[0] for text in texts if text)]
        else:
            yield from texts


READER = DocxReader()
