"""The ``referat`` command: thin wrappers over the indexer and the search service.

Errors a user can cause become one plain English line and a non-zero exit, never a
traceback.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from referat.terminal import format_check, format_report, format_results
from search.engine import (
    DEFAULT_WRITE_WAIT,
    IndexUnavailable,
    default_location,
    engine_kind,
)

PROJECT_DATA = Path(__file__).resolve().parent.parent / "data"


def default_data_dir() -> Path:
    """``data/`` in the current folder if there is one, else the bundled corpus."""
    local = Path("data")
    return local if local.is_dir() else PROJECT_DATA


def _dump(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


index_option = click.option(
    "--index",
    "location",
    default=None,
    metavar="DIR|URL",
    help=(
        "Index folder, or an OpenSearch URL such as http://127.0.0.1:9200/referat "
        "(several hosts: comma-separated). Default: $REFERAT_INDEX or var/index."
    ),
)


def _location(location: str | None) -> str:
    """The index location to use; a folder is made absolute so servers and workers agree."""
    chosen = (location or default_location()).strip()
    if not chosen:
        raise click.BadParameter("must name a folder or a URL", param_hint="--index")
    if engine_kind(chosen) == "whoosh":
        return str(Path(chosen).expanduser().resolve())
    return chosen


@contextmanager
def _answering(location: str | None) -> Iterator[Any]:
    """The search service over the index, closed afterwards; an index that is missing,
    outdated or damaged (found on opening it, or on reading it) is one plain line."""
    from search.service import SearchService

    try:
        service = SearchService.open(_location(location))
        try:
            yield service
        finally:
            service.close()
    except IndexUnavailable as error:
        raise click.ClickException(str(error)) from error


@click.group()
@click.version_option(package_name="referat")
def main() -> None:
    """Referat: search Danish municipal meeting minutes."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


@main.command("index")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@index_option
@click.option("--rebuild", is_flag=True, help="Rebuild the index from these paths only.")
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=DEFAULT_WRITE_WAIT,
    show_default=True,
    metavar="SECONDS",
    help="How long to wait for another run writing the same index before giving up.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def index_command(
    paths: tuple[Path, ...], location: str | None, rebuild: bool, wait: float, as_json: bool
) -> None:
    """Index minutes files and folders (default: the bundled data/ folder).

    Unchanged files are skipped, changed ones replaced, and files that disappeared
    from the given folders lose their items. Exits with 1 when any file failed.
    """
    from indexer.pipeline import IndexingError, index_paths

    targets = list(paths) or [default_data_dir()]
    try:
        report = index_paths(targets, _location(location), rebuild=rebuild, wait=wait)
    except (IndexingError, IndexUnavailable) as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        _dump(report.to_dict())
    else:
        click.echo(report.to_text())
    if report.failed:
        sys.exit(1)


DEFAULT_BASE_URL = "http://127.0.0.1:8000"

base_url_option = click.option(
    "--base-url",
    default=None,
    metavar="URL",
    help=(
        "Where the web front-end is served, for the permalinks in exports and citations "
        f"(default: $REFERAT_BASE_URL or {DEFAULT_BASE_URL}, where `referat serve` listens)."
    ),
)


def _permalink(base_url: str | None) -> Callable[[str], str]:
    base = (base_url or os.environ.get("REFERAT_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
    return lambda item_id: f"{base}/punkt/{item_id}"


@main.command("search")
@click.argument("query", required=False, default="")
@click.option("--organisation", multiple=True, help="Only this municipality (repeatable).")
@click.option("--committee", multiple=True, help="Only this committee (repeat for several).")
@click.option("--year", multiple=True, help="Only this year (repeat for several).")
@click.option("--outcome", multiple=True, help="Only this outcome slug, e.g. godkendt.")
@click.option("--closed", type=click.Choice(["true", "false"]), multiple=True)
@click.option("--sort", type=click.Choice(["relevance", "newest", "oldest"]), default=None)
@click.option("--page", type=click.IntRange(min=1), default=1)
@click.option("--limit", type=click.IntRange(min=1, max=100), default=10)
@click.option("--exact", is_flag=True, help="Match words exactly as typed (no stemming).")
@click.option(
    "--no-recency", is_flag=True, help="Rank without the mild preference for newer items."
)
@click.option("--collapse", is_flag=True, help="One hit per matter (case number).")
@click.option(
    "--facet-size",
    default="30",
    show_default=True,
    help="Values listed per facet in --json (the most frequent, and every chosen one); max: all.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option(
    "--format",
    "export_format",
    type=click.Choice(["text", "json", "csv", "jsonl"]),
    default=None,
    help=(
        "text (default) or json: one page. csv (for Excel) or jsonl: every hit of the "
        "search, all pages, as /api/search?format=… gives it."
    ),
)
@base_url_option
@index_option
def search_command(
    query: str,
    organisation: tuple[str, ...],
    committee: tuple[str, ...],
    year: tuple[str, ...],
    outcome: tuple[str, ...],
    closed: tuple[str, ...],
    sort: str | None,
    page: int,
    limit: int,
    exact: bool,
    no_recency: bool,
    collapse: bool,
    facet_size: str,
    as_json: bool,
    export_format: str | None,
    base_url: str | None,
    location: str | None,
) -> None:
    """Search agenda items. Words must all match; "phrases", -word, OR, field:word work."""
    from search.export import export_lines
    from search.outcomes import OUTCOMES
    from search.service import SearchRequest, is_year

    bad = [o for o in outcome if o not in OUTCOMES]
    if bad:
        raise click.BadParameter(
            f"{bad[0]!r}; choose from {', '.join(OUTCOMES)}", param_hint="--outcome"
        )
    bad_years = [y for y in year if not is_year(y)]
    if bad_years:
        raise click.BadParameter(f"{bad_years[0]!r} is not a year", param_hint="--year")
    if facet_size != "max" and not (facet_size.isascii() and facet_size.isdigit()):
        raise click.BadParameter(
            f"{facet_size!r}: give a whole number of at least 1, or max", param_hint="--facet-size"
        )
    if facet_size != "max" and int(facet_size) < 1:
        raise click.BadParameter("must be at least 1, or max", param_hint="--facet-size")
    request = SearchRequest(
        q=query,
        organisation=list(organisation),
        committee=list(committee),
        year=list(year),
        outcome=list(outcome),
        closed=list(closed),
        sort=sort or "",
        page=page,
        limit=limit,
        exact=exact,
        recency=not no_recency,
        collapse=collapse,
        facet_size=None if facet_size == "max" else int(facet_size),
    )
    with _answering(location) as service:
        if export_format in ("csv", "jsonl"):
            out = sys.stdout.buffer  # the bytes as the API sends them (BOM, CRLF)
            for line in export_lines(service.scan(request), export_format, _permalink(base_url)):
                out.write(line.encode("utf-8"))
            return
        result = service.search(request)
    if as_json or export_format == "json":
        _dump(result)
        return
    click.echo(format_results(result))


@main.command("show")
@click.argument("item_id")
@click.option("--json", "as_json", is_flag=True, help="Print the item as JSON.")
@click.option(
    "--format",
    "cite_format",
    type=click.Choice(["text", "json", "citation", "csl-json", "ris", "bibtex"]),
    default=None,
    help="citation: the Danish reference to paste; csl-json, ris, bibtex: for reference managers.",
)
@base_url_option
@index_option
def show_command(
    item_id: str,
    as_json: bool,
    cite_format: str | None,
    base_url: str | None,
    location: str | None,
) -> None:
    """Show one agenda item with all its sections."""
    from search.citations import citation_file, danish_citation

    with _answering(location) as service:
        item = service.get_item(item_id.strip().strip("/"))
    if item is None:
        raise click.ClickException(
            f"no item with id {item_id!r} (ids look like "
            "ballerup/erhvervs-og-beskaeftigelsesudvalget/2019-05-14/6)"
        )
    if cite_format in ("citation", "csl-json", "ris", "bibtex"):
        permalink = _permalink(base_url)(item["id"])
        if cite_format == "citation":
            click.echo(danish_citation(item, permalink))
        else:
            click.echo(citation_file(item, permalink, cite_format), nl=False)
        return
    if as_json or cite_format == "json":
        _dump(item)
        return
    closed = " (closed)" if item["closed"] else ""
    click.echo(click.style(f"Item {item['number']}: {item['title']}{closed}", bold=True))
    click.echo(
        f"{item['committee']}, {item['date'] or 'undated'}"
        + (f" {item['time']}" if item.get("time") else "")
    )
    click.echo(
        f"Outcome: {item['outcome']}"
        + (f"; decided by {item['decided_by']}" if item.get("decided_by") else "")
    )
    if item.get("case_number"):
        click.echo(f"Case number: {item['case_number']}")
    for section in item["sections"]:
        click.echo("")
        click.echo(click.style(section["heading"], bold=True))
        click.echo(section["text"])
    if item.get("source"):
        click.echo(f"\nSource: {item['source']}")


@main.command("report")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@index_option
def report_command(as_json: bool, location: str | None) -> None:
    """What the archive holds: coverage by committee and year, and what needs a look."""
    from search.archive_report import archive_report

    with _answering(location) as service:
        report = archive_report(service.engine)
    if as_json:
        _dump(report)
        return
    click.echo(format_report(report))


@main.command("check")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def check_command(location: str | None, as_json: bool) -> None:
    """Verify every part of the index against what was recorded when it was written.

    Exits with 1 when something is damaged or the index must be rebuilt.
    """
    from search.engine import check_index

    try:
        result = check_index(_location(location))
    except IndexUnavailable as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        _dump({**dataclasses.asdict(result), "ok": result.ok})
    else:
        click.echo(format_check(result))
    if not result.ok:
        sys.exit(1)


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True)
@index_option
def serve_command(host: str, port: int, workers: int, location: str | None) -> None:
    """Serve the web front-end with a production WSGI server (gunicorn)."""
    from web.server import run_server

    chosen = _location(location)
    with _answering(chosen):
        pass  # the index must be there and intact before workers start
    run_server(chosen, host=host, port=port, workers=workers)
