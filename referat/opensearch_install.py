"""Fetch OpenSearch from Maven Central once, with Maven, and install the modules Referat needs.

Maven Central carries OpenSearch as its "integ-test" distribution: the server with no module but
its network layer, and no bundled JDK. Referat adds two modules from their jars:

- ``analysis-common``: snowball (Danish), stemmer, stop, scandinavian_folding,
  dictionary_decompounder, … — what a Danish analysis chain is built from;
- ``lang-painless``: scripts (function_score, scripted similarity), with its runtime
  dependencies (ANTLR, ASM) and its security policy.

Everything is cached: Maven's local repository keeps the artifacts, and the unpacked install
lives in :func:`cache_dir` (``opensearch-2.19.6/`` with a ``.referat-installed`` marker), so a
second run downloads and unpacks nothing.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

VERSION = "2.19.6"
MARKER = ".referat-installed"
# OpenSearch 2.19 runs on Java 11-21; it relies on the security manager, which Java 24 removed.
SUPPORTED_JAVA = range(11, 22)
PREFERRED_JAVA = 17
FETCH_TIMEOUT = 600  # seconds; the first fetch is ~60 MB


class OpenSearchError(Exception):
    """Anything that stops a local OpenSearch from running; the message is for the user."""


@dataclass(frozen=True)
class Artifact:
    """One Maven coordinate; ``kind`` is the packaging (``jar`` or ``zip``)."""

    group: str
    name: str
    version: str
    kind: str = "jar"

    @property
    def file_name(self) -> str:
        """The file's name in Maven's repository and in a module folder.

        >>> Artifact("org.ow2.asm", "asm", "9.7").file_name
        'asm-9.7.jar'
        """
        return f"{self.name}-{self.version}.{self.kind}"


@dataclass(frozen=True)
class Module:
    """A module as OpenSearch loads it from ``modules/<name>/``."""

    name: str
    classname: str
    description: str
    artifacts: tuple[Artifact, ...]
    extends: str = ""  # the module whose classes this one sees (extended.plugins)
    policy: str = ""  # plugin-security.policy: permissions beyond the default sandbox


DISTRIBUTION = Artifact("org.opensearch.distribution.integ-test-zip", "opensearch", VERSION, "zip")
_ASM = tuple(
    Artifact("org.ow2.asm", name, "9.7")
    for name in ("asm", "asm-util", "asm-tree", "asm-commons", "asm-analysis")
)
MODULES = (
    Module(
        "lang-painless",
        "org.opensearch.painless.PainlessPlugin",
        "Painless scripting language",
        (
            Artifact("org.opensearch.plugin", "lang-painless", VERSION),
            Artifact("org.opensearch.plugin", "opensearch-scripting-painless-spi", VERSION),
            Artifact("org.antlr", "antlr4-runtime", "4.13.1"),
            *_ASM,
        ),
        # Painless compiles scripts to classes of their own, in a class loader of its own.
        policy='grant {\n  permission java.lang.RuntimePermission "createClassLoader";\n'
        '  permission java.lang.RuntimePermission "getClassLoader";\n};\n',
    ),
    Module(
        "analysis-common",
        "org.opensearch.analysis.common.CommonAnalysisPlugin",
        "Common analysis: snowball, stemmer, scandinavian_folding, decompounders",
        (Artifact("org.opensearch.plugin", "analysis-common", VERSION),),
        extends="lang-painless",  # its analysis predicate scripts are a Painless extension
    ),
)


def cache_dir() -> Path:
    """Where the unpacked install lives: ``$REFERAT_CACHE``, else ``~/.cache/referat``.

    As root the default is ``/var/cache/referat`` instead: OpenSearch then runs as a system
    user, who cannot enter root's home.
    """
    if configured := os.environ.get("REFERAT_CACHE"):
        return Path(configured).resolve()
    if os.geteuid() == 0:
        return Path("/var/cache/referat")
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "referat"


def java_major(java_home: Path) -> int | None:
    """The major version from a JDK's ``release`` file (``JAVA_VERSION="17.0.15"`` → 17)."""
    try:
        text = (java_home / "release").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    found = re.search(r'^JAVA_VERSION="(?:1\.)?(\d+)', text, re.MULTILINE)
    return int(found.group(1)) if found else None


def find_java_home() -> Path:
    """``$OPENSEARCH_JAVA_HOME`` as given, else the Java :func:`choose_java` picks."""
    if configured := os.environ.get("OPENSEARCH_JAVA_HOME"):
        if not (Path(configured) / "bin" / "java").is_file():
            raise OpenSearchError(f"OPENSEARCH_JAVA_HOME={configured} has no bin/java")
        return Path(configured)
    candidates = [Path(os.environ["JAVA_HOME"])] if os.environ.get("JAVA_HOME") else []
    if on_path := shutil.which("java"):
        candidates.append(Path(on_path).resolve().parent.parent)
    jvm = Path("/usr/lib/jvm")
    candidates += sorted(jvm.iterdir()) if jvm.is_dir() else []
    if chosen := choose_java(candidates):
        return chosen
    raise OpenSearchError(
        f"OpenSearch {VERSION} needs Java 11 to 21 (17 recommended) and none was found: "
        "install Debian's openjdk-17-jre-headless or set OPENSEARCH_JAVA_HOME"
    )


def choose_java(candidates: list[Path]) -> Path | None:
    """The first JDK of a version OpenSearch runs on, Java 17 before any other."""
    usable = [
        home
        for home in candidates
        if java_major(home) in SUPPORTED_JAVA and (home / "bin" / "java").is_file()
    ]
    return min(usable, key=lambda home: java_major(home) != PREFERRED_JAVA, default=None)


def ensure_installed(cache: Path | None = None) -> Path:
    """The OpenSearch home folder, fetched and unpacked on the first call only.

    Safe to call from several processes at once: they wait on one lock file.
    """
    cache = cache or cache_dir()
    home = cache / f"opensearch-{VERSION}"
    if (home / MARKER).is_file():
        return home
    try:
        cache.mkdir(parents=True, exist_ok=True)
        os.chmod(cache, 0o755)  # OpenSearch's own user reads the install
    except OSError as error:
        raise OpenSearchError(f"cannot create the cache folder {cache}: {error}") from error
    with (cache / "install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (home / MARKER).is_file():
            _install(cache, home)
    return home


def _install(cache: Path, home: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="install-", dir=cache) as staging_name:
        staging = Path(staging_name)
        fetch([DISTRIBUTION, *(a for m in MODULES for a in m.artifacts)], staging / "artifacts")
        unpack(staging / "artifacts" / DISTRIBUTION.file_name, staging)
        unpacked = staging / f"opensearch-{VERSION}"
        for module in MODULES:
            install_module(unpacked, module, staging / "artifacts")
        (unpacked / MARKER).write_text(
            "modules: " + ", ".join(m.name for m in MODULES) + "\n", encoding="utf-8"
        )
        shutil.rmtree(home, ignore_errors=True)  # a half-made install from a killed run
        unpacked.rename(home)


def fetch(artifacts: list[Artifact], destination: Path) -> None:
    """Copy the artifacts into ``destination`` with Maven (one run; its local repository caches).

    Each dependency excludes everything it would pull in: OpenSearch's modules list the whole
    server as a dependency, which the distribution already is.
    """
    if not shutil.which("mvn"):
        raise OpenSearchError("Maven (mvn) is not installed: install Debian's maven")
    exclude = "<exclusions><exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion></exclusions>"
    dependencies = "".join(
        f"<dependency><groupId>{a.group}</groupId><artifactId>{a.name}</artifactId>"
        f"<version>{a.version}</version><type>{a.kind}</type>{exclude}</dependency>"
        for a in artifacts
    )
    project = destination.parent / "fetch-pom"
    project.mkdir(parents=True)
    (project / "pom.xml").write_text(
        '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
        "<groupId>local.referat</groupId><artifactId>opensearch-fetch</artifactId>"
        f"<version>1</version><packaging>pom</packaging><dependencies>{dependencies}"
        "</dependencies></project>\n",
        encoding="utf-8",
    )
    command = ["mvn", "--batch-mode", "--quiet", "dependency:copy-dependencies"]
    command.append(f"-DoutputDirectory={destination}")
    env = {**os.environ, "JAVA_HOME": str(find_java_home())}
    try:
        done = subprocess.run(
            command, cwd=project, env=env, capture_output=True, text=True, timeout=FETCH_TIMEOUT
        )
    except subprocess.TimeoutExpired as error:
        raise OpenSearchError(f"Maven did not finish in {FETCH_TIMEOUT} s") from error
    missing = [a.file_name for a in artifacts if not (destination / a.file_name).is_file()]
    if done.returncode or missing:
        output = (done.stdout + done.stderr).strip().splitlines()[-15:]
        raise OpenSearchError(
            f"Maven could not fetch OpenSearch {VERSION} (exit {done.returncode}, "
            f"missing {', '.join(missing) or 'nothing'}):\n" + "\n".join(output)
        )


def unpack(archive: Path, destination: Path) -> None:
    """Unzip keeping the files' Unix modes (``bin/opensearch`` must stay executable)."""
    with zipfile.ZipFile(archive) as zipped:
        for entry in zipped.infolist():
            path = Path(zipped.extract(entry, destination))
            mode = (entry.external_attr >> 16) & 0o777
            if mode:
                os.chmod(path, mode | 0o444)


def install_module(home: Path, module: Module, artifacts: Path) -> None:
    """Lay out ``modules/<name>/`` as OpenSearch's own distribution does: jars and descriptor."""
    folder = home / "modules" / module.name
    folder.mkdir(parents=True)
    for artifact in module.artifacts:
        shutil.copyfile(artifacts / artifact.file_name, folder / artifact.file_name)
    descriptor = {
        "description": module.description,
        "version": VERSION,
        "name": module.name,
        "classname": module.classname,
        "java.version": "11",
        "opensearch.version": VERSION,
        "custom.foldername": "",
        "extended.plugins": module.extends,
        "has.native.controller": "false",
    }
    lines = "".join(f"{key}={value}\n" for key, value in descriptor.items())
    (folder / "plugin-descriptor.properties").write_text(lines, encoding="utf-8")
    if module.policy:
        (folder / "plugin-security.policy").write_text(module.policy, encoding="utf-8")
    for path in (folder, *folder.iterdir()):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
