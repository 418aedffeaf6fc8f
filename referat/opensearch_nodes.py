"""Local OpenSearch nodes: configure, launch (as a system user when root), watch and stop them.

Each node lives in its own folder (config, data, logs, ``node.pid``) and listens on 127.0.0.1
only; nodes of one folder form one cluster. The command line is :mod:`referat.opensearch_local`;
tests use :class:`LocalCluster` directly::

    cluster = LocalCluster.plan(Path("/tmp/os"), size=3)  # free ports
    cluster.start()                                        # green, or OpenSearchError
    cluster.kill(cluster.nodes[0])                         # kill -9
    cluster.wait_for("yellow", nodes=2)
    cluster.stop()
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import pwd
import re
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from referat.opensearch_install import OpenSearchError, ensure_installed, find_java_home

SERVICE_USER = "opensearch"
HEAP = "384m"
STARTUP_TIMEOUT = 180.0  # seconds; three JVMs starting at once on two busy cores are slow
_children: dict[int, subprocess.Popen[bytes]] = {}  # nodes this process launched, to reap


def cluster_name(directory: Path) -> str:
    """The cluster's name comes from its folder, so that two local clusters never mix.

    >>> cluster_name(Path("var/opensearch/single"))
    'referat-single'
    """
    return f"referat-{directory.name}"


@dataclass(frozen=True)
class Node:
    """One node: its folder and its two ports on 127.0.0.1."""

    name: str
    directory: Path
    http_port: int
    transport_port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def cluster(self) -> str:
        """The cluster's name, from the folder the node's folder is in."""
        return cluster_name(self.directory.parent)

    @property
    def data_setting(self) -> str:
        """On the command line, so that a process is recognised as this node by its arguments."""
        return f"-Epath.data={self.directory / 'data'}"


@dataclass
class LocalCluster:
    """Nodes sharing one folder and one cluster name (``referat-<folder name>``)."""

    directory: Path
    nodes: list[Node]

    @property
    def name(self) -> str:
        return cluster_name(self.directory)

    @property
    def urls(self) -> list[str]:
        return [node.url for node in self.nodes]

    @classmethod
    def plan(
        cls, directory: Path, size: int, http_port: int = 0, transport_port: int = 0
    ) -> LocalCluster:
        """``size`` nodes on consecutive ports from the given ones; port 0 picks free ports."""
        directory = directory.resolve()
        spare = iter(free_ports(2 * size) if not (http_port and transport_port) else [])
        nodes = [
            Node(
                f"node-{i + 1}",
                directory / f"node-{i + 1}",
                http_port + i if http_port else next(spare),
                transport_port + i if transport_port else next(spare),
            )
            for i in range(size)
        ]
        return cls(directory, nodes)

    @classmethod
    def load(cls, directory: Path) -> LocalCluster | None:
        """The cluster last started in ``directory``, from its ``cluster.json``."""
        try:
            saved = json.loads((directory / "cluster.json").read_text(encoding="utf-8"))
            nodes = [Node(**{**n, "directory": Path(n["directory"])}) for n in saved["nodes"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return cls(directory.resolve(), nodes)

    def start(self, timeout: float = STARTUP_TIMEOUT) -> dict[str, Any]:
        """Launch every node and wait until they form one cluster (green; yellow for one node
        whose old indices want replicas). On any failure stop what was launched and raise."""
        if running := [node.name for node in self.nodes if self.pid(node)]:
            raise OpenSearchError(f"{', '.join(running)} in {self.directory} already running")
        home, java = ensure_installed(), find_java_home()
        for node in self.nodes:
            check_port_free(node.http_port)
            check_port_free(node.transport_port)
        self.directory.mkdir(parents=True, exist_ok=True)
        (self.directory / "cluster.json").write_text(
            json.dumps(
                {"nodes": [{**asdict(n), "directory": str(n.directory)} for n in self.nodes]}
            )
        )
        try:
            for node in self.nodes:
                self._launch(node, home, java)
            statuses = ("green", "yellow") if len(self.nodes) == 1 else ("green",)
            return self._await(statuses, len(self.nodes), self.nodes, timeout)
        except BaseException:
            self.stop()
            raise

    def restart(self, node: Node, timeout: float = STARTUP_TIMEOUT) -> dict[str, Any]:
        """Start one stopped (or killed) node again and wait until all nodes are back."""
        self._launch(node, ensure_installed(), find_java_home())
        return self._await(("green", "yellow"), len(self.nodes), [node], timeout)

    def kill(self, node: Node) -> None:
        """``kill -9`` one node, as a crash would, and wait until it is gone."""
        if pid := self.pid(node):
            os.kill(pid, signal.SIGKILL)
            _wait_until(functools.partial(self._gone, node), 10.0)

    def stop(self, timeout: float = 30.0) -> list[Node]:
        """Stop the running nodes (SIGTERM, then SIGKILL after ``timeout``); the stopped ones."""
        running = [(node, pid) for node in self.nodes if (pid := self.pid(node))]
        for _, pid in running:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        for node, pid in running:
            if not _wait_until(functools.partial(self._gone, node), timeout):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                _wait_until(functools.partial(self._gone, node), 10.0)
            (node.directory / "node.pid").unlink(missing_ok=True)
        return [node for node, _ in running]

    def pid(self, node: Node) -> int | None:
        """The node's process id while it runs (checked against its arguments), else None."""
        try:
            pid = int((node.directory / "node.pid").read_text())
        except (OSError, ValueError):
            return None
        try:
            arguments = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            arguments = []
        if node.data_setting.encode() in arguments:
            return pid
        if child := _children.get(pid):
            # our child without its arguments is a zombie (its pid is not reused before this)
            try:
                child.wait(timeout=5)
            except subprocess.TimeoutExpired:
                return pid
            del _children[pid]
        return None

    def _gone(self, node: Node) -> bool:
        return self.pid(node) is None

    def health(self) -> dict[str, Any]:
        """``_cluster/health`` from the first running node that answers; {} if none does."""
        for node in self.nodes:
            if self.pid(node):
                with contextlib.suppress(OSError, ValueError):
                    url = f"{node.url}/_cluster/health?cluster_manager_timeout=1s"
                    with urllib.request.urlopen(url, timeout=3) as response:
                        return dict(json.load(response))
        return {}

    def wait_for(self, status: str, nodes: int, timeout: float = 60.0) -> dict[str, Any]:
        """Wait until the cluster has ``nodes`` nodes and is ``status`` (after a kill: yellow)."""
        return self._await((status,), nodes, [], timeout)

    def _await(
        self, statuses: tuple[str, ...], size: int, launched: list[Node], timeout: float
    ) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            for node in launched:
                if self.pid(node) is None:
                    raise OpenSearchError(f"{node.name} stopped while starting. {last_lines(node)}")
            health = self.health()
            if health.get("status") in statuses and health.get("number_of_nodes") == size:
                return health
            if time.monotonic() > deadline:
                running = [node for node in self.nodes if self.pid(node)]
                raise OpenSearchError(
                    f"{self.name} did not become {' or '.join(statuses)} with {size} nodes in "
                    f"{timeout:.0f} s (last health: {health or 'no answer'}). "
                    + last_lines((launched or running or self.nodes)[0])
                )
            time.sleep(0.5)

    def _launch(self, node: Node, home: Path, java: Path) -> None:
        write_config(node, self, home)
        account = service_account()
        if account:
            give_to(node.directory, account)
            check_reachable(account, home, node)
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(node.directory),
            "LANG": "C.UTF-8",
            "OPENSEARCH_JAVA_HOME": str(java),
            "OPENSEARCH_PATH_CONF": str(node.directory / "config"),
            "OPENSEARCH_TMPDIR": str(node.directory / "tmp"),
        }
        command = [str(home / "bin" / "opensearch"), node.data_setting]
        command.append(f"-Epath.logs={node.directory / 'logs'}")
        with (node.directory / "console.log").open("wb") as console:
            process = subprocess.Popen(
                command,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=console,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # survives the command that started it, and its Ctrl-C
                **run_as(account),
            )
        _children[process.pid] = process
        (node.directory / "node.pid").write_text(f"{process.pid}\n")


def write_config(node: Node, cluster: LocalCluster, home: Path) -> None:
    """The node's own config folder: opensearch.yml, jvm.options (heap, absolute paths), log4j2."""
    config = node.directory / "config"
    for folder in ("config", "data", "logs", "tmp"):
        (node.directory / folder).mkdir(parents=True, exist_ok=True)
    settings: dict[str, Any] = {
        "cluster.name": cluster.name,
        "node.name": node.name,
        "network.host": "127.0.0.1",
        "http.port": node.http_port,
        "transport.port": node.transport_port,
        # a nearly full disk must not leave replicas unassigned on a test machine
        "cluster.routing.allocation.disk.threshold_enabled": False,
    }
    if len(cluster.nodes) == 1:
        settings["discovery.type"] = "single-node"
    else:
        settings["discovery.seed_hosts"] = [f"127.0.0.1:{n.transport_port}" for n in cluster.nodes]
        settings["cluster.initial_cluster_manager_nodes"] = [n.name for n in cluster.nodes]
    # JSON values are YAML values: no YAML library needed
    lines = "".join(f"{key}: {json.dumps(value)}\n" for key, value in settings.items())
    (config / "opensearch.yml").write_text(lines, encoding="utf-8")
    # the launcher runs in the install folder, so relative paths would point into it
    jvm = (home / "config" / "jvm.options").read_text(encoding="utf-8")
    jvm = re.sub(r"^-Xm([sx])\S+$", rf"-Xm\g<1>{HEAP}", jvm, flags=re.MULTILINE)
    jvm = jvm.replace("=logs/", f"={node.directory / 'logs'}/")
    jvm = jvm.replace("HeapDumpPath=data", f"HeapDumpPath={node.directory / 'data'}")
    jvm = jvm.replace("filecount=32,filesize=64m", "filecount=2,filesize=16m")
    (config / "jvm.options").write_text(jvm, encoding="utf-8")
    log4j = (home / "config" / "log4j2.properties").read_text(encoding="utf-8")
    # the log file has everything; console.log keeps only what comes before logging starts
    log4j = re.sub(r"^rootLogger\.appenderRef\.console\.ref.*$", "", log4j, flags=re.MULTILINE)
    (config / "log4j2.properties").write_text(log4j, encoding="utf-8")


def service_account() -> pwd.struct_passwd | None:
    """The system user nodes run as when we are root (created once); None otherwise."""
    if os.geteuid() != 0:
        return None
    with contextlib.suppress(KeyError):
        return pwd.getpwnam(SERVICE_USER)
    command = ["useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent"]
    command += ["--shell", "/usr/sbin/nologin", SERVICE_USER]
    try:
        subprocess.run(command, check=True, capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError) as error:
        detail = getattr(error, "stderr", "") or error
        raise OpenSearchError(f"cannot create the system user {SERVICE_USER}: {detail}") from error
    return pwd.getpwnam(SERVICE_USER)


def run_as(account: pwd.struct_passwd | None) -> dict[str, Any]:
    """``subprocess`` arguments that run a command as ``account`` (and only its own group)."""
    if account is None:
        return {}
    return {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}


def give_to(folder: Path, account: pwd.struct_passwd) -> None:
    for root, folders, files in os.walk(folder):
        for name in [root, *(os.path.join(root, entry) for entry in folders + files)]:
            os.chown(name, account.pw_uid, account.pw_gid)


def check_reachable(account: pwd.struct_passwd, home: Path, node: Node) -> None:
    """The system user must read the install and write the node's folder."""
    test = ["test", "-x", str(home / "bin" / "opensearch"), "-a", "-w", str(node.directory)]
    if subprocess.run(test, check=False, **run_as(account)).returncode:
        raise OpenSearchError(
            f"the user {SERVICE_USER} cannot reach {home} or {node.directory}: every folder "
            "above them must be open to others (chmod o+x), or choose another --dir"
        )


def check_port_free(port: int) -> None:
    if not 0 < port < 65536:
        raise OpenSearchError(f"port {port} is not a TCP port (1-65535)")
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as OpenSearch binds
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as error:
            raise OpenSearchError(
                f"port {port} on 127.0.0.1 is taken ({error.strerror}): another OpenSearch? "
                "`make opensearch-stop` stops ours; or choose other ports (--port)"
            ) from error


def free_ports(count: int) -> list[int]:
    """Ports the system calls free right now (held together so they differ)."""
    with contextlib.ExitStack() as stack:
        probes = [stack.enter_context(socket.socket()) for _ in range(count)]
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in probes]


def last_lines(node: Node, count: int = 20) -> str:
    """The end of what the node wrote since it was launched: its console (truncated at each
    launch; JVM errors before logging starts) and its log file, unless that is older."""
    console, log = node.directory / "console.log", node.directory / "logs" / f"{node.cluster}.log"
    launched = _modified(node.directory / "node.pid")
    parts = []
    for path in (console, log) if _modified(log) >= launched else (console,):
        with contextlib.suppress(OSError):
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()[-count:]
            parts.append(f"Last lines of {path}:\n" + "\n".join(lines))
    return "\n".join(parts) or f"{node.name} wrote nothing in {node.directory}"


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def memory_mb(pid: int) -> int:
    """Resident memory (VmRSS) of a process, in MB (0 once it is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii", errors="replace")
    except OSError:
        return 0
    found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) // 1024 if found else 0


def _wait_until(done: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def local_clusters(base: Path) -> Iterator[LocalCluster]:
    if base.is_dir():
        for folder in sorted(base.iterdir()):
            if cluster := LocalCluster.load(folder):
                yield cluster
