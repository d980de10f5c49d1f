"""The page in a real browser: Playwright driving the system chromium.

The demo storyline (``examples/``, built once for the module) is loaded, an
event is opened and its evidence checked against the API, the date filter is
applied; a hand-made hostile store proves that injected script never runs.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storyline.web.browser import chromium_path, launch
from storyline.web.server import running

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
if chromium_path() is None:
    pytest.skip("chromium is not installed (make chromium installs it)", allow_module_level=True)

from test_web_api import PAYLOAD, build_hostile_store  # noqa: E402 - after the skips

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TITLE = "storyline"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        browser = launch(pw)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from storyline.build import build
    from storyline.settings import Settings

    db = tmp_path_factory.mktemp("demo") / "demo.db"
    build([EXAMPLES], db, settings=Settings(n_process=1))
    with running(db) as url:
        yield url


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = build_hostile_store(tmp_path_factory.mktemp("hostile") / "hostile.db")
    with running(db) as url:
        yield url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    yield page
    context.close()


def get(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our local server
        return json.load(response)


def open_page(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_selector("body[data-basemap=ready]")


def open_event(page: Any, event_id: str) -> None:
    page.locator(f'.timeline .row[data-id="{event_id}"]').click()
    page.wait_for_selector(f'.panel[data-event="{event_id}"] .evidence')


def test_demo_shows_map_timeline_and_the_evidence_of_an_event(page: Any, demo_url: str) -> None:
    open_page(page, demo_url)
    events = get(f"{demo_url}/api/events?limit=1000")
    rows = page.locator(".timeline .row")
    assert rows.count() == events["total"] > 0
    placed = {e["place"] for e in events["events"] if e["place"] in events["places"]}
    assert page.locator("path.marker").count() == len(placed)
    assert page.locator(".leaflet-overlay-pane canvas").count() >= 1  # the basemap

    best = max(events["events"], key=lambda e: (e["independent_reports"], len(e["evidence"])))
    open_event(page, best["id"])
    detail = get(f"{demo_url}/api/events/{best['id']}")
    quotes = page.locator(".panel blockquote.evidence")
    assert quotes.count() == len(detail["evidence"])
    for i, evidence in enumerate(detail["evidence"]):
        quote = page.locator(f'.panel blockquote.evidence[data-index="{i}"]')
        shown = "".join(quote.locator("span.ev").all_text_contents())
        assert shown == evidence["text"]
    outlets = {s["outlet"] for s in detail["sources"] if s["outlet"]}
    panel_text = page.locator(".panel").inner_text()
    assert outlets and all(outlet in panel_text for outlet in outlets)
    assert page.locator(".row.selected").get_attribute("data-id") == best["id"]
    assert page.locator("path.marker.selected").count() == (1 if best["place"] else 0)
    assert not page.errors


def test_date_filter_keeps_timeline_and_map_in_sync(page: Any, demo_url: str) -> None:
    open_page(page, demo_url)
    before = page.locator(".timeline .row").count()
    march = get(f"{demo_url}/api/events?limit=1000&start=2020-03-01&end=2020-03-31")
    assert 0 < march["total"] < before
    page.fill("#f-start", "2020-03-01")
    page.fill("#f-end", "2020-03-31")
    page.wait_for_function(
        "n => document.querySelectorAll('.timeline .row').length === n", arg=march["total"]
    )
    shown = page.locator(".timeline .row").evaluate_all("rows => rows.map(r => r.dataset.id)")
    assert shown == [e["id"] for e in march["events"]]
    places = {e["place"] for e in march["events"] if e["place"] in march["places"]}
    assert page.locator("path.marker").count() == len(places)
    page.click("#f-reset")
    page.wait_for_function(
        "n => document.querySelectorAll('.timeline .row').length === n", arg=before
    )


def test_a_screenshot_of_the_page(page: Any, demo_url: str, tmp_path: Path) -> None:
    open_page(page, demo_url)
    page.locator(".timeline .row").first.click()
    page.wait_for_selector(".panel .evidence")
    shot = page.screenshot(path=str(tmp_path / "page.png"))
    assert shot[:8] == b"\x89PNG\r\n\x1a\n" and len(shot) > 20_000


def test_conflicts_are_flagged_and_contradicting_sentences_marked(
    page: Any, hostile_url: str
) -> None:
    open_page(page, hostile_url)
    assert page.locator('.row.has-conflict[data-id="ev-1"] .badge.conflict').count() == 1
    assert page.locator("path.marker.conflicted").count() == 1
    open_event(page, "ev-1")
    assert page.locator(".panel .conflicts").count() == 1
    page.locator('.fields tr[data-field="date"]').click()
    against = page.locator(".panel blockquote.against")
    assert against.count() == 1
    assert "5 May" in against.inner_text()


def test_injected_script_never_runs(page: Any, hostile_url: str) -> None:
    open_page(page, hostile_url)
    for event_id in ("ev-1", "ev-2", "ev-3"):
        open_event(page, event_id)
        for link in page.locator(".panel .sources .doclink").all():
            link.click()
            page.wait_for_selector(".panel .doctext")
            page.locator(".panel .back").click()
            page.wait_for_selector(f'.panel[data-event="{event_id}"] .evidence')
    for marker in page.locator("path.marker").all():
        marker.hover()
    page.wait_for_timeout(200)
    assert page.title() == TITLE
    assert page.evaluate("typeof window.__pwned") == "undefined"
    injected = "document.querySelectorAll('img[src=\"x\"], script:not([src]), [onerror]').length"
    assert page.evaluate(injected) == 0
    assert page.locator('a[href^="javascript"]').count() == 0
    assert PAYLOAD in page.locator("body").text_content()  # shown as text, not run
    assert not page.errors
