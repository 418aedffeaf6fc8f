"""Fetching OpenSearch once, choosing a Java it runs on, and failing (never skipping) without one."""

from __future__ import annotations

from pathlib import Path

import pytest

from referat import opensearch_install
from referat.opensearch_install import (
    MARKER,
    MODULES,
    OpenSearchError,
    choose_java,
    ensure_installed,
    find_java_home,
    java_major,
)
from tests.conftest import started


def fake_jdk(folder: Path, version: str) -> Path:
    (folder / "bin").mkdir(parents=True)
    (folder / "bin" / "java").write_text("#!/bin/sh\n")
    (folder / "release").write_text(f'IMPLEMENTOR="Test"\nJAVA_VERSION="{version}"\n')
    return folder


@pytest.mark.parametrize(
    ("version", "major"),
    [("17.0.15", 17), ("21.0.2", 21), ("25.0.3", 25), ("1.8.0_402", 8), ("11", 11)],
)
def test_java_major_reads_the_release_file(tmp_path: Path, version: str, major: int) -> None:
    assert java_major(fake_jdk(tmp_path / "jdk", version)) == major


def test_java_major_of_a_folder_without_release_file_is_unknown(tmp_path: Path) -> None:
    assert java_major(tmp_path) is None


def test_java_17_is_chosen_before_newer_and_older_ones(tmp_path: Path) -> None:
    jdks = [fake_jdk(tmp_path / name, version) for name, version in
            [("temurin-25", "25.0.3"), ("jdk-21", "21.0.2"), ("jdk-17", "17.0.15")]]  # fmt: skip
    assert choose_java(jdks) == tmp_path / "jdk-17"
    assert choose_java(jdks[:2]) == tmp_path / "jdk-21"


def test_no_java_opensearch_runs_on_is_none(tmp_path: Path) -> None:
    jdks = [fake_jdk(tmp_path / "temurin-25", "25.0.3"), fake_jdk(tmp_path / "jdk-8", "1.8.0")]
    assert choose_java([*jdks, tmp_path / "not-a-jdk"]) is None


def test_a_wrong_opensearch_java_home_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENSEARCH_JAVA_HOME", "/nonexistent/jdk")
    with pytest.raises(
        OpenSearchError, match="OPENSEARCH_JAVA_HOME=/nonexistent/jdk has no bin/java"
    ):
        find_java_home()


def test_a_node_that_cannot_start_fails_the_test_with_the_reason(
    opensearch_workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENSEARCH_JAVA_HOME", "/nonexistent/jdk")
    with pytest.raises(
        pytest.fail.Exception, match="OpenSearch could not start: OPENSEARCH_JAVA_HOME"
    ):
        started(opensearch_workdir / "no-java", 1)


@pytest.mark.opensearch
def test_a_second_install_downloads_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    home = ensure_installed()  # fetches on a new machine, else finds the install

    def no_download(*_: object) -> None:
        raise AssertionError("fetched again")

    monkeypatch.setattr(opensearch_install, "fetch", no_download)
    assert ensure_installed() == home
    assert (home / MARKER).is_file()
    for module in MODULES:
        folder = home / "modules" / module.name
        descriptor = (folder / "plugin-descriptor.properties").read_text()
        assert f"classname={module.classname}\n" in descriptor
        assert {a.file_name for a in module.artifacts} <= {p.name for p in folder.iterdir()}


def fake_maven(folder: Path, script: str) -> Path:
    (folder / "bin").mkdir(parents=True)
    (folder / "bin" / "mvn").write_text(f"#!/bin/sh\n{script}\n")
    (folder / "bin" / "mvn").chmod(0o755)
    return folder / "bin"


def test_maven_refusing_is_reported_with_its_last_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refusing = 'echo "[ERROR] Could not transfer artifact: status code 403"; exit 1'
    monkeypatch.setenv("PATH", f"{fake_maven(tmp_path, refusing)}:/usr/bin:/bin")
    with pytest.raises(OpenSearchError) as raised:
        opensearch_install.fetch([opensearch_install.DISTRIBUTION], tmp_path / "artifacts")
    message = str(raised.value)
    assert message.startswith(f"Maven could not fetch OpenSearch {opensearch_install.VERSION}")
    assert "exit 1, missing opensearch-2.19.6.zip" in message
    assert "status code 403" in message


def test_maven_missing_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(OpenSearchError, match=r"Maven \(mvn\) is not installed"):
        opensearch_install.fetch([opensearch_install.DISTRIBUTION], tmp_path / "artifacts")
