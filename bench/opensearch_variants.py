"""How the OpenSearch engine's analysis and scoring were chosen: the alternatives, measured.

``python -m bench.opensearch_variants --items 10000`` builds the same generated corpus
(and the bundled test corpus) three ways on a local node, and compares each with Whoosh
on the same items: the judged queries' best item and top 10, the benchmark mix's totals
and top 10, the build's throughput, the index's size and the full request's latency.

- ``python``: the engine as it is. Text analysed in Python by :mod:`search.analysis`,
  indexed as its forms; BM25 with Whoosh's K1 and B.
- ``native``: OpenSearch's own analysis chain, as close to Referat's as its filters
  allow (pattern tokenizer, Danish stop words, the same lexicon through
  ``dictionary_decompounder``, æ/ø/å folding by ``pattern_replace``, Snowball Danish
  repeated as Referat repeats it). No filter writes out suspended compounds
  ("fleks- og skånejob"); query words are analysed by OpenSearch again (``match``).
- ``whoosh-scoring``: the ``python`` analysis with Whoosh's BM25F itself as a scripted
  similarity (idf ``ln(N/(df+1))+1``, average lengths over every item: each text field
  carries one extra form, so that every item counts in every field).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

from bench.judgments import SETS_BY_NAME, load_set
from bench.opensearch import index_size_mb, local_nodes
from bench.queries import BenchQuery, first_case_number, query_mix
from bench.run import CACHE, ensure_corpus, measure, request_for
from search import querytree as qt
from search.analysis import DANISH_STOP_WORDS, TOKEN_PATTERN
from search.compounds import LEXICON_PATHS
from search.engines.opensearch import documents, engine, indices, mapping
from search.engines.opensearch import translate as os_translate

VARIANTS = ("python", "native", "whoosh-scoring")
SENTINEL = "§"  # a form the Python analysis never makes
BUNDLED = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "bundled"
EXTRA = [
    "udvalget",
    "borgerne",
    "lokalplan kattrup",
    "kontanthjælpsmodtagere",
    "skole*",
    "beslutning:anbefalet",
    "budget 2017",
    "sundhed ELLER forebyggelse",
]


# -- the variants, as changes to the engine -------------------------------------------------


def _native_analysis(lexicon: str) -> dict[str, Any]:
    folds = [("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("ae", "a"), ("oe", "o"), ("aa", "a")]
    filters: dict[str, Any] = {
        f"fold_{n}": {"type": "pattern_replace", "pattern": old, "replacement": new}
        for n, (old, new) in enumerate(folds)
    }
    filters.update(
        {
            "number_parts": {
                "type": "pattern_capture",
                "preserve_original": True,
                "patterns": [r"^(\d+)[-/]", r"[-/](\d+)"],
            },
            "stop_da": {"type": "stop", "stopwords": sorted(DANISH_STOP_WORDS)},
            "parts": {
                "type": "dictionary_decompounder",
                "word_list_path": lexicon,
                "min_word_size": 8,
                "min_subword_size": 3,
            },
            "snowball_da": {"type": "snowball", "language": "Danish"},
            # Referat stems words of three letters or more that start with a letter
            "stem_once": {
                "type": "condition",
                "filter": ["snowball_da"],
                "script": {
                    "source": "token.getTerm().length() >= 3 && "
                    "Character.isLetter(token.getTerm().charAt(0))"
                },
            },
        }
    )
    fold = [f"fold_{n}" for n in range(len(folds))] + ["asciifolding"]
    stem = ["stem_once"] * 4
    chain = {"type": "custom", "tokenizer": "da_words"}
    return {
        "tokenizer": {
            "da_words": {
                "type": "pattern",
                "pattern": TOKEN_PATTERN.pattern,
                "group": 0,
                "flags": "UNICODE_CHARACTER_CLASS",
            }
        },
        "filter": filters,
        "analyzer": {
            "da_stemmed": {
                **chain,
                "filter": ["lowercase", "number_parts", "stop_da", "parts", *fold, *stem],
            },
            "da_query": {**chain, "filter": ["lowercase", "number_parts", "stop_da", *fold, *stem]},
            "da_exact": {**chain, "filter": ["lowercase", "number_parts", *fold]},
        },
    }


@contextmanager
def variant(name: str, lexicon: str) -> Iterator[None]:
    """The engine changed to ``name`` while inside (indexing and searching in this process)."""
    with ExitStack() as stack:
        if name != "python":
            original = mapping.index_body

            def body(shards: int, replicas: int | None, alias: str) -> dict[str, Any]:
                made = original(shards, replicas, alias)
                if name == "native":
                    _nativise(made, lexicon)
                else:
                    made["settings"]["similarity"]["referat_bm25"] = WHOOSH_BM25F
                return made

            stack.enter_context(mock.patch.object(indices, "index_body", body))
        if name == "native":
            stack.enter_context(mock.patch.object(documents, "indexed_text", lambda f, t: t))
            stack.enter_context(mock.patch.object(engine, "to_dsl", _match_dsl))
        if name == "whoosh-scoring":
            stack.enter_context(mock.patch.object(documents, "indexed_text", _with_sentinel))
            real_source = documents.source
            stack.enter_context(mock.patch.object(documents, "source", _sentinels(real_source)))
            from search.engines.opensearch import writer

            stack.enter_context(mock.patch.object(writer, "source", documents.source))
        yield


_real_indexed_text = documents.indexed_text

WHOOSH_BM25F = {
    "type": "scripted",
    "discount_overlaps": False,
    "weight_script": {
        "source": "double n = field.docCount; "
        "return query.boost * (Math.log(n / (term.docFreq + 1.0)) + 1.0);"
    },
    "script": {
        "source": "double n = field.docCount; "
        "double average = (field.sumTotalTermFreq - n) / n; double tf = doc.freq; "
        "return weight * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * (doc.length - 1) / average));"
    },
}


def _with_sentinel(field: str, text: str) -> str:
    return _real_indexed_text(field, text) + " " + SENTINEL


def _sentinels(real: Callable[[Any], dict[str, Any]]) -> Callable[[Any], dict[str, Any]]:
    def source(document: Any) -> dict[str, Any]:
        made = real(document)
        for field in mapping.WORD_FIELDS:
            made.setdefault(field, SENTINEL)
        return made

    return source


def _nativise(body: dict[str, Any], lexicon: str) -> None:
    body["settings"]["analysis"] = _native_analysis(lexicon)
    for field, spec in body["mappings"]["properties"].items():
        if field in mapping.WORD_FIELDS:
            stemmed = field != "exact"
            spec["analyzer"] = "da_stemmed" if stemmed else "da_exact"
            spec["search_analyzer"] = "da_query" if stemmed else "da_exact"


def _match_dsl(node: qt.Node) -> dict[str, Any]:
    """Query words analysed by OpenSearch again (a stem stays a stem: Referat's is a fixpoint)."""
    if isinstance(node, qt.Term) and node.field in mapping.WORD_FIELDS:
        return {"match": {node.field: {"query": node.text, "boost": node.boost}}}
    if isinstance(node, qt.And | qt.Or):
        key = "must" if isinstance(node, qt.And) else "should"
        return {"bool": {key: [_match_dsl(part) for part in node.parts]}}
    if isinstance(node, qt.AndNot):
        return {
            "bool": {"must": [_match_dsl(node.positive)], "must_not": [_match_dsl(node.negative)]}
        }
    return os_translate.to_dsl(node)


# -- measuring -------------------------------------------------------------------------------


def agreement(
    whoosh: Any, other: Any, queries: list[tuple[str, dict[str, list[str]]]]
) -> dict[str, Any]:
    """Same best item (or a tie), share of the same top 10, equal totals, over ``queries``."""
    best = totals = 0
    overlap = 0.0
    for q, filters in queries:
        request = request_for(BenchQuery("", q, filters))
        request.recency = False
        a, b = (service.search(request) for service in (whoosh, other))
        ids = [[hit["id"] for hit in result["results"]] for result in (a, b)]
        tied = [hit["id"] for hit in a["results"] if hit["score"] == a["results"][0]["score"]]
        best += ids[0][:1] == ids[1][:1] or (bool(ids[1]) and ids[1][0] in tied)
        overlap += len(set(ids[0]) & set(ids[1])) / len(ids[0]) if ids[0] else float(not ids[1])
        totals += a["total"] == b["total"]
    n = len(queries)
    return {
        "queries": n,
        "same_best": best,
        "top10_overlap": round(overlap / n, 3),
        "same_total": totals,
    }


def measure_variant(
    name: str, node_url: str, corpus: Path, whoosh: dict[str, Path], args: Any, lexicon: str
) -> dict[str, Any]:
    """Build the generated and the bundled corpus under ``name`` and compare with Whoosh."""
    from indexer.pipeline import index_paths
    from search.service import SearchService

    mix = query_mix(first_case_number(corpus.parent))
    location = f"{node_url}/variant-{name}-{args.items}"
    bundled = f"{node_url}/variant-{name}-bundled"
    with variant(name, lexicon):
        started = time.perf_counter()
        report = index_paths([corpus], location, rebuild=True)
        wall = time.perf_counter() - started
        index_paths([BUNDLED], bundled, rebuild=True)
        services = {
            key: SearchService.open(place)
            for key, place in (("generated", location), ("bundled", bundled))
        }
        references = {key: SearchService.open(place) for key, place in whoosh.items()}
        judged: list[tuple[str, dict[str, list[str]]]] = [
            (j.q, {}) for j in load_set(SETS_BY_NAME["bundled"])
        ]
        mixed = [(q.q, q.filters) for q in mix] + [(q, {}) for q in EXTRA]
        generated = services["generated"]
        figures = {
            "items_per_s": round(report.totals()["items"] / wall, 1),
            "build_s": round(wall, 1),
            **index_size_mb(location),
            "judged": agreement(references["bundled"], services["bundled"], judged),
            "generated": agreement(references["generated"], generated, mixed),
            "full_request": {
                key: value
                for key, value in measure(
                    mix, args.rounds, lambda q: generated.search(request_for(q))
                ).items()
                if key in ("p50_ms", "p95_ms", "p99_ms", "slowest_max_ms")
            },
        }
        for service in [*services.values(), *references.values()]:
            service.close()
    return figures


def whoosh_indexes(corpus: Path, items: int, seed: int) -> dict[str, Path]:
    """Whoosh indexes of the generated corpus (bench.run's, built if missing) and of the
    bundled test corpus, to compare with."""
    from indexer.pipeline import index_paths

    found = {"generated": CACHE / f"index-{items}-s{seed}", "bundled": CACHE / "index-bundled"}
    for key, source in (("generated", corpus), ("bundled", BUNDLED)):
        if not found[key].is_dir():
            index_paths([source], found[key], rebuild=True)
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--heap", default="1g")
    parser.add_argument("--variant", action="append", choices=VARIANTS)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    corpus = ensure_corpus(args.items, args.seed) / "minutes"
    whoosh = whoosh_indexes(corpus, args.items, args.seed)
    results: dict[str, Any] = {}
    with local_nodes(CACHE / "opensearch-variants", 1, args.heap) as nodes:
        lexicon = _install_lexicon(nodes)
        for name in args.variant or VARIANTS:
            print(f"variant {name} …", flush=True)
            results[name] = measure_variant(name, nodes.urls[0], corpus, whoosh, args, lexicon)
            print(json.dumps(results[name], ensure_ascii=False), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2))


def _install_lexicon(nodes: Any) -> str:
    """Referat's lexicon in the node's config folder, where ``word_list_path`` finds it."""
    source = next((path for path in LEXICON_PATHS if path.is_file()), None)
    if source is None:
        raise SystemExit("no Danish word list (Debian's wdanish) for the native decompounder")
    words = source.read_text(encoding="utf-8", errors="replace").lower().split()
    for node in nodes.nodes:
        target = node.directory / "config" / "referat-lexicon.txt"
        target.write_text("\n".join(sorted(set(words))) + "\n", encoding="utf-8")
        target.chmod(0o644)
    return "referat-lexicon.txt"


if __name__ == "__main__":
    main()
