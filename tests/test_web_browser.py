"""End to end in a real headless Chromium against ``referat serve`` (gunicorn) on 127.0.0.1."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Debian's Chromium, driven by Playwright (never a downloaded browser)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make system-deps)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.mark.browser
def test_search_filter_open_item_and_back(server_url: str, chromium: Any) -> None:
    from playwright.sync_api import expect

    page = chromium.new_page(viewport={"width": 1280, "height": 900})
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
    assert (ARTIFACTS / "search.png").stat().st_size > 10_000


@pytest.mark.browser
def test_a_cut_facet_opens_in_full_and_keeps_a_chosen_value(server_url: str, chromium: Any) -> None:
    from playwright.sync_api import expect

    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server_url + "/?q=udvalget&facet_size=1")
    committees = page.locator("#facet-committee + .facet-list a.facet-link")
    expect(committees).to_have_count(1)
    show_all = page.locator("section.facet", has=page.locator("#facet-committee")).locator(
        "a.facet-all"
    )
    expect(show_all).to_have_text(re.compile(r"^Vis alle [0-9.]+ udvalg$"))
    every = int(show_all.inner_text().split()[2].replace(".", ""))
    show_all.click()
    page.wait_for_url("**facet_size=max*")
    expect(committees).to_have_count(every)

    # a committee far down the list, chosen, stays in sight when the list is cut again
    rarest = committees.nth(every - 1)
    name = rarest.locator(".facet-label").inner_text()
    rarest.click()
    page.wait_for_url("**committee=*")
    page.goto(page.url.replace("facet_size=max", "facet_size=1"))
    chosen = page.locator("#facet-committee + .facet-list a.facet-link.is-selected")
    expect(chosen).to_contain_text(name)
    expect(committees).to_have_count(2)


VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
STOCKHOLM = "ballerup/erhvervs-og-beskaeftigelsesudvalget/2019-05-14/3"


@pytest.mark.browser
@pytest.mark.parametrize("size", sorted(VIEWPORTS))
def test_export_feed_chart_and_citation(server_url: str, chromium: Any, size: str) -> None:
    from playwright.sync_api import expect

    context = chromium.new_context(
        viewport=VIEWPORTS[size], accept_downloads=True, is_mobile=size == "phone"
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server_url)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server_url + "/?q=udvalget")

    # the filters come first; on a phone folded, one tap away
    panel = page.locator("details.facet-panel")
    if size == "phone":
        expect(panel).not_to_have_attribute("open", "")
        page.locator("details.facet-panel > summary").click()
    expect(page.locator(".facet a.facet-link", has_text="2016")).to_be_visible()
    facets_box = page.locator(".facets").bounding_box()
    results_box = page.locator(".result-list").bounding_box()
    assert facets_box and results_box
    if size == "phone":  # above the results
        assert facets_box["y"] < results_box["y"]
    else:  # beside them
        assert facets_box["x"] > results_box["x"] + results_box["width"] - 1

    # the feed is discoverable from the head and answers Atom
    feed = page.locator('link[rel="alternate"][type="application/atom+xml"]')
    href = feed.get_attribute("href")
    assert href is not None and "q=udvalget" in href
    atom = page.request.get(server_url + href)
    assert atom.ok and "application/atom+xml" in atom.headers["content-type"]
    assert "<entry>" in atom.text()

    # export: the CSV link downloads every hit
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV (Excel)").click()
    saved = ARTIFACTS / f"export-{size}.csv"
    download.value.save_as(saved)
    lines = saved.read_bytes().decode("utf-8-sig").split("\r\n")
    total = int(page.locator(".results-count").inner_text().split()[0].replace(".", ""))
    assert lines[0].startswith("id;kommune;udvalg;dato") and len(lines) - 2 == total

    # the chart: a bar sets its year
    bar = page.locator('svg.chart a[aria-label^="2016:"]')
    expect(bar).to_be_visible()
    bar.click()
    page.wait_for_url("**year=2016*")
    expect(page.locator(".chip")).to_contain_text("2016")
    page.screenshot(path=str(ARTIFACTS / f"chart-{size}.png"), full_page=True)

    # the citation: copied to the clipboard with one click
    page.goto(f"{server_url}/punkt/{STOCKHOLM}")
    button = page.locator('button[data-copy="citation-text"]')
    expect(button).to_have_text("Kopiér henvisning")
    button.click()
    expect(button).to_have_text("Kopieret")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Ballerup Kommune, Erhvervs- og Beskæftigelsesudvalget")
    assert copied.endswith(f"/punkt/{STOCKHOLM}")
    page.screenshot(path=str(ARTIFACTS / f"item-{size}.png"), full_page=True)
    assert errors == []  # no CSP violation, no script error
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize(
    "path",
    [
        "/hjaelp",
        "/arkiv",
        "/udvalg/ballerup/erhvervs-og-beskaeftigelsesudvalget",
        "/moede/aarhus/teknisk-udvalg/2025-10-01",
        f"/punkt/{STOCKHOLM}",
        "/?q=udvalget",
    ],
)
def test_pages_fit_a_phone(server_url: str, chromium: Any, path: str) -> None:
    """Nothing is wider than a 390 px screen (the help table overflowed it)."""
    page = chromium.new_page(viewport=VIEWPORTS["phone"])
    page.goto(server_url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
    page.close()


@pytest.mark.browser
def test_meeting_titles_do_not_wrap_under_their_number(server_url: str, chromium: Any) -> None:
    page = chromium.new_page(viewport=VIEWPORTS["phone"])
    page.goto(server_url + "/moede/aarhus/teknisk-udvalg/2025-10-01")
    for row in page.locator(".agenda li").all():
        number = row.locator(".agenda-number").bounding_box()
        title = row.locator(".agenda-body").bounding_box()
        assert number and title and title["x"] >= number["x"] + number["width"]
    page.close()
