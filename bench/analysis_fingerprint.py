"""A fingerprint of what the Whoosh engine indexes, to prove a speed-up changed nothing.

``python -m bench.analysis_fingerprint <minutes folder>`` parses every file the way
``referat index`` does, builds the Whoosh engine's documents, and runs each indexed field's
analyzer over its value (index mode, with positions and character offsets). It prints
one hash of the documents and one of the token streams; both must stay the same across a
change that is only meant to be faster. ``--index PATH`` prints a hash of a built index
instead (terms, postings, stored fields, field lengths), which does not depend on the
order in which whoosh's worker processes numbered the documents.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from indexer.committees import CommitteeRegistry
from indexer.documents import meeting_documents, meeting_id_for
from indexer.manifest import Manifests
from indexer.pipeline import iter_files, read_file
from indexer.readers import ReaderError
from search.engines.whoosh.schema import build_schema, whoosh_document
from search.fields import ItemDocument


def corpus_item_documents(root: Path, limit: int | None = None) -> Iterator[ItemDocument]:
    """The index documents of the files below ``root``, in file order (at most ``limit``).

    As in the index, a meeting is there once: a second file of the same meeting (the PDF
    of an eDoc XML) adds nothing.
    """
    manifests = Manifests()
    committees = CommitteeRegistry([])
    produced = 0
    meetings: set[str] = set()
    for path in iter_files(root):
        data = path.read_bytes()
        try:
            meeting = read_file(path, data, manifests.values_for(path), committees)
        except ReaderError:
            continue
        if meeting_id_for(meeting) in meetings:
            continue
        meetings.add(meeting_id_for(meeting))
        for document in meeting_documents(meeting, str(path), hashlib.sha256(data).hexdigest()):
            yield document
            produced += 1
            if limit is not None and produced >= limit:
                return


def corpus_documents(root: Path, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """The Whoosh documents (field → value) of the files below ``root``, in file order (at
    most ``limit``)."""
    return map(whoosh_document, corpus_item_documents(root, limit))


#: the analyzer options the fingerprint covers besides plain indexing (on ``VARIANT_DOCUMENTS``)
VARIANTS: tuple[dict[str, Any], ...] = (
    {"mode": "index", "removestops": False},  # what snippets ask for
    {"mode": "query"},
    {"mode": "query", "removestops": False},
)
VARIANT_DOCUMENTS = 1500


def fingerprint_documents(documents: list[dict[str, Any]]) -> tuple[str, str, int]:
    """Hashes of the documents and of every indexed field's token stream, and the token count.

    Every document is analysed as the writer does (index mode); the first
    ``VARIANT_DOCUMENTS`` also with each of ``VARIANTS``.
    """
    schema = build_schema()
    doc_hash, token_hash, tokens = hashlib.sha256(), hashlib.sha256(), 0
    for number, document in enumerate(documents):
        doc_hash.update(json.dumps(document, sort_keys=True, ensure_ascii=False).encode())
        variants = ({"mode": "index"}, *(VARIANTS if number < VARIANT_DOCUMENTS else ()))
        for name in sorted(document):
            field = schema[name]
            if field.analyzer is None or not isinstance(document[name], str):
                continue
            for options in variants:
                token_hash.update(f"{name}\t{options}\n".encode())
                stream = field.analyzer(
                    document[name], positions=True, chars=True, boosts=True, **options
                )
                for token in stream:
                    line = f"{token.text}\t{token.pos}\t{token.startchar}\t{token.endchar}\t"
                    token_hash.update(f"{line}{token.boost}\t{token.stopped}\n".encode())
                    tokens += 1
    return doc_hash.hexdigest(), token_hash.hexdigest(), tokens


def fingerprint_index(path: Path) -> tuple[str, int]:
    """A hash of an index's content that does not depend on how its documents are numbered.

    Per term (in field, term order): document frequency, total weight, and each posting as
    (item id, weight, encoded value); then each item's stored fields and field lengths.
    """
    from whoosh import index as whoosh_index

    from search.engines.whoosh.sums import INDEX_NAME

    digest, terms = hashlib.sha256(), 0
    # whoosh's own opening: also indexes written by whoosh's writers alone (tests compare them)
    with whoosh_index.open_dir(str(path), indexname=INDEX_NAME, readonly=True).reader() as reader:
        ids = {docnum: fields["id"] for docnum, fields in reader.iter_docs()}
        for fieldname, text in reader.all_terms():  # sorted by field, then term
            info = reader.term_info(fieldname, text)
            postings = []
            matcher = reader.postings(fieldname, text)
            while matcher.is_active():
                postings.append((ids[matcher.id()], matcher.weight(), matcher.value()))
                matcher.next()
            postings.sort()
            digest.update(repr((fieldname, text, info.doc_frequency(), info.weight())).encode())
            digest.update(repr(postings).encode())
            terms += 1
        lengths = sorted(name for name in reader.schema.names() if reader.schema[name].scorable)
        for docnum, fields in sorted(reader.iter_docs(), key=lambda pair: pair[1]["id"]):
            lengths_of = [reader.doc_field_length(docnum, name) for name in lengths]
            digest.update(repr((sorted(fields.items()), lengths_of)).encode())
    return digest.hexdigest(), terms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path, nargs="?", help="a folder of minutes")
    parser.add_argument("--limit", type=int, default=None, help="documents to fingerprint")
    parser.add_argument("--index", type=Path, default=None, help="fingerprint a built index")
    parser.add_argument("--documents-only", action="store_true", help="skip the token streams")
    args = parser.parse_args()
    if args.index is not None:
        digest, terms = fingerprint_index(args.index)
        print(f"index {digest} ({terms} terms)")
        return
    if args.root is None:
        parser.error("give a minutes folder or --index")
    started = time.perf_counter()
    documents = list(corpus_documents(args.root.resolve(), args.limit))
    parsed = time.perf_counter()
    if args.documents_only:
        documents_hash = hashlib.sha256()
        for document in documents:
            documents_hash.update(json.dumps(document, sort_keys=True, ensure_ascii=False).encode())
        print(f"documents {documents_hash.hexdigest()} ({len(documents)} documents)")
        print(f"parse {parsed - started:.1f} s")
        return
    doc_digest, token_digest, tokens = fingerprint_documents(documents)
    analysed = time.perf_counter()
    print(f"documents {doc_digest} ({len(documents)} documents)")
    print(f"tokens    {token_digest} ({tokens} tokens)")
    print(f"parse {parsed - started:.1f} s, analysis {analysed - parsed:.1f} s")


if __name__ == "__main__":
    main()
