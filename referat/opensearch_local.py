"""Run OpenSearch on this machine: one node or a three-node cluster, for tests and to try.

    python -m referat.opensearch_local start     # one node on :9200, prints its URL
    python -m referat.opensearch_local cluster   # three nodes on :9201-9203, prints the URLs
    python -m referat.opensearch_local stop      # stops what start and cluster started
    python -m referat.opensearch_local status    # what runs, its memory, the cluster's health
    python -m referat.opensearch_local url       # the running nodes' URLs, comma-separated

Nodes listen on 127.0.0.1 only, each in its own folder (``var/opensearch/single/node-1/``,
``var/opensearch/cluster/node-2/``: config, data, logs, pid file), with a 384 MB heap and no
security plugin (the distribution has none). OpenSearch refuses to run as root, so as root the
nodes run as the system user ``opensearch``, created when missing. OpenSearch itself is fetched
once by :mod:`referat.opensearch_install`.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

import click

from referat.opensearch_install import OpenSearchError
from referat.opensearch_nodes import STARTUP_TIMEOUT, LocalCluster, local_clusters, memory_mb

BASE_DIR = Path("var/opensearch")


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """What goes wrong becomes one line for the user, not a traceback."""
    try:
        yield
    except OpenSearchError as error:
        raise click.ClickException(str(error)) from error
    except OSError as error:  # a folder we may not write, say
        raise click.ClickException(f"{error.strerror}: {error.filename}") from error


base_option = click.option(
    "--dir", "base", type=click.Path(path_type=Path, file_okay=False), default=BASE_DIR,
    show_default=True, help="Folder holding the nodes' folders.",
)  # fmt: skip
timeout_option = click.option(
    "--timeout", type=click.FloatRange(min=1), default=STARTUP_TIMEOUT, show_default=True
)
PORT = click.IntRange(1, 65535)


@click.group()
def main() -> None:
    """Run OpenSearch on this machine (127.0.0.1 only), for Referat's tests and to try."""


@main.command()
@base_option
@click.option("--port", type=PORT, default=9200, show_default=True, help="HTTP port.")
@click.option("--transport-port", type=PORT, default=9300, show_default=True)
@timeout_option
def start(base: Path, port: int, transport_port: int, timeout: float) -> None:
    """Start one node in the background and print its URL."""
    _start(base / "single", 1, port, transport_port, timeout)


@main.command()
@base_option
@click.option("--port", type=PORT, default=9201, show_default=True, help="First HTTP port.")
@click.option("--transport-port", type=PORT, default=9301, show_default=True)
@timeout_option
def cluster(base: Path, port: int, transport_port: int, timeout: float) -> None:
    """Start three nodes in the background, wait for green, print their URLs."""
    _start(base / "cluster", 3, port, transport_port, timeout)


def _start(directory: Path, size: int, port: int, transport_port: int, timeout: float) -> None:
    with user_errors():
        previous = LocalCluster.load(directory)
        if previous and all(previous.pid(node) for node in previous.nodes):
            click.echo(f"{previous.name} is already running", err=True)
            click.echo(",".join(previous.urls))
            return
        if previous and previous.stop():
            click.echo(f"stopped what was left of {previous.name}", err=True)
        planned = LocalCluster.plan(directory, size, port, transport_port)
        click.echo(f"starting {planned.name}: {size} node(s) in {directory} …", err=True)
        began = time.monotonic()
        health = planned.start(timeout)
    took = time.monotonic() - began
    click.echo(f"{planned.name} is {health['status']} after {took:.0f} s", err=True)
    click.echo(",".join(planned.urls))


@main.command()
@base_option
def stop(base: Path) -> None:
    """Stop every node that start and cluster started."""
    with user_errors():
        stopped = [node for found in local_clusters(base) for node in found.stop()]
    for node in stopped:
        click.echo(f"stopped {node.name} ({node.url}) in {node.directory.parent}")
    if not stopped:
        click.echo("no local OpenSearch node was running")


@main.command()
@base_option
def status(base: Path) -> None:
    """Each node: running or not, its pid and memory; each cluster's health."""
    found = list(local_clusters(base))
    for each in found:
        health = each.health()
        click.echo(f"{each.name}: {health.get('status', 'not answering')}")
        for node in each.nodes:
            pid = each.pid(node)
            state = f"running, pid {pid}, {memory_mb(pid)} MB" if pid else "stopped"
            click.echo(f"  {node.name} {node.url} {state}")
    if not found:
        click.echo(f"no local OpenSearch in {base}")


@main.command()
@base_option
def url(base: Path) -> None:
    """The running nodes' URLs, comma-separated (one line per cluster)."""
    lines = [
        ",".join(node.url for node in each.nodes if each.pid(node)) for each in local_clusters(base)
    ]
    if not any(lines):
        raise click.ClickException("no local OpenSearch is running: `make opensearch` starts one")
    click.echo("\n".join(line for line in lines if line))


if __name__ == "__main__":
    main()
