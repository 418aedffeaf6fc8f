"""End to end in a real headless Chromium against ``referat serve`` (gunicorn) on 127.0.0.1."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_up(url: str, server: subprocess.Popen[bytes], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"referat serve exited with {server.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    pytest.fail(f"referat serve did not answer {url} within {seconds} s")


@pytest.fixture(scope="module")
def server_url(bundled_index: Path) -> Iterator[str]:
    port = free_port()
    referat = Path(sys.executable).with_name("referat")
    server = subprocess.Popen(
        [str(referat), "serve", "--index", str(bundled_index), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/", server)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.mark.browser
def test_search_filter_open_item_and_back(server_url: str) -> None:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make system-deps)")
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(server_url + "/")
            page.get_by_label("Søgeord").fill("studietur")
            page.get_by_role("button", name="Søg", exact=True).click()
            page.wait_for_url("**/?q=studietur*")
            expect(page.locator(".results-count")).to_contain_text("punkter")

            page.locator(".facet a.facet-link", has_text="2019").click()
            page.wait_for_url("**year=2019*")
            expect(page.locator(".chip")).to_contain_text("2019")

            page.get_by_role("link", name="Stockholm").first.click()
            page.wait_for_url("**/punkt/**")
            decision = page.locator(".decision-box")
            expect(decision).to_be_visible()
            expect(decision).to_contain_text("Indstillingen godkendt")
            expect(page.locator("h1 mark")).to_have_text("Studietur")

            page.go_back()
            page.wait_for_url("**year=2019*")
            expect(page.get_by_label("Søgeord")).to_have_value("studietur")
            page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)
        finally:
            browser.close()
    assert (ARTIFACTS / "search.png").stat().st_size > 10_000
