"""``python -m referat.opensearch_local`` (what ``make opensearch`` and friends run), end to end."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from referat.opensearch_nodes import LocalCluster, check_port_free, free_ports

pytestmark = pytest.mark.opensearch


def local(*arguments: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "referat.opensearch_local", *arguments]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def test_start_status_url_and_stop_leave_nothing_running(opensearch_workdir: Path) -> None:
    base = str(opensearch_workdir / "command-line")
    http, transport = free_ports(2)
    ports = ["--port", str(http), "--transport-port", str(transport)]
    url = f"http://127.0.0.1:{http}"
    try:
        started = local("start", "--dir", base, *ports)
        assert (started.returncode, started.stdout) == (0, url + "\n"), started.stderr
        again = local("start", "--dir", base, *ports)
        assert (again.returncode, again.stdout) == (0, url + "\n")
        assert "already running" in again.stderr
        status = local("status", "--dir", base)
        assert "referat-single: green" in status.stdout
        assert f"node-1 {url} running, pid" in status.stdout
        assert local("url", "--dir", base).stdout == url + "\n"
    finally:
        stopped = local("stop", "--dir", base)
    assert f"stopped node-1 ({url})" in stopped.stdout
    node = LocalCluster.load(Path(base) / "single")
    assert node is not None and node.pid(node.nodes[0]) is None
    check_port_free(http)  # raises if anything still listens
    check_port_free(transport)
    nothing = local("url", "--dir", base)
    assert nothing.returncode == 1
    assert "no local OpenSearch is running" in nothing.stderr
    assert "Traceback" not in nothing.stderr


def test_stop_with_nothing_started_says_so(tmp_path: Path) -> None:
    stopped = local("stop", "--dir", str(tmp_path))
    assert (stopped.returncode, stopped.stdout) == (0, "no local OpenSearch node was running\n")
