"""Tables of contents, label columns and running headers, as pdftotext and pypdf print them."""

from __future__ import annotations

import pytest

from indexer.readers.layout import pair_label_columns, strip_table_of_contents
from indexer.readers.pdf import strip_running_lines

ITEM = ["715. Kulturkommune 2017. Politiske fokusområder", "Sagsnr.: 12/27845"]

# (lines as extracted, what must remain)
TABLES_OF_CONTENTS = [
    # pdftotext, Acadre via LibreOffice: labels, number and title on lines of their own
    (["Indholdsfortegnelse", "Punkt nr.", "715.", "", "Side", "",
      "Kulturkommune 2017. Politiske fokusområder.............2", "", *ITEM], ["", *ITEM]),
    # pypdf, same page: labels on one line, the entry on one line
    (["Indholdsfortegnelse", "Punkt nr. Side",
      "715. Kulturkommune 2017. Politiske fokusområder........... 2", *ITEM], ITEM),
    # no heading, only the column labels
    (["Punkt nr. Side", "1. Meddelelser ........ 2", "2. Budget 2022 . . . . . 3", *ITEM], ITEM),
    # an entry whose title wraps before its leaders
    (["Indhold", "1. Forslag til lokalplan 1.23 for et område", "ved Kattrup.........4", *ITEM],
     ITEM),
    # "Indhold" as a section heading with no entries after it is no table of contents
    (["Indhold", "Sagen handler om budgettet.", *ITEM],
     ["Indhold", "Sagen handler om budgettet.", *ITEM]),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "kept"), TABLES_OF_CONTENTS)
def test_tables_of_contents_are_removed_whatever_the_extractor(lines, kept):
    assert strip_table_of_contents(lines) == kept


@pytest.mark.parametrize(
    ("lines", "paired"),
    [
        (["Sagsnr.:", "Sagen afgøres i:", "", "12/27845", "Byrådet"],
         ["Sagsnr.: 12/27845", "Sagen afgøres i: Byrådet"]),
        (["Sagsnr.:", "2011-29298"], ["Sagsnr.: 2011-29298"]),
        # one label that is no case number: a header block, left alone
        (["Deltagere:", "Anne Bo (A)"], ["Deltagere:", "Anne Bo (A)"]),
        # more values than labels: not a two-column table
        (["Sagsnr.:", "Dok.nr.:", "", "1", "2", "3"], ["Sagsnr.:", "Dok.nr.:", "", "1", "2", "3"]),
    ],
)  # fmt: skip
def test_label_and_value_columns_pair_again(lines, paired):
    assert pair_label_columns(lines) == paired


@pytest.mark.parametrize(
    "header",
    [
        # pdftotext prints the page header on top
        ["Referat For Udvalget for plan, udvikling og kultur (PUK)", "20. juni 2013 - kl. 10:30", "Side"],
        # pypdf prints it at the bottom, with the page label glued in front
        ["Side Referat For Udvalget for plan, udvikling og kultur (PUK)", "20. juni 2013 - kl. 10:30"],
    ],
)  # fmt: skip
def test_running_headers_go_wherever_the_extractor_puts_them(header):
    bodies = [[f"Budgettet for {2010 + page} blev drøftet.", f"Bilag {'ABCDE'[page - 1]} vedlagt."]
              for page in range(1, 6)]  # fmt: skip
    pages = ["\n".join([*header, *body] if page % 2 else [*body, *header])
             for page, body in enumerate(bodies)]  # fmt: skip
    assert [text.split("\n") for text in strip_running_lines(pages)] == bodies
