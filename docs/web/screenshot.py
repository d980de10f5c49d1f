"""Take docs/screenshot.png: the page on a built store, with one event open.

    .venv/bin/storyline build examples --db demo.db
    .venv/bin/python docs/web/screenshot.py --db demo.db -o docs/screenshot.png \
        --start 2019-12-15 --end 2020-09-15

It serves the store on a free local port and drives the system chromium.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

from storyline.web.browser import launch
from storyline.web.server import running


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("-o", "--output", type=Path, default=Path("docs/screenshot.png"))
    parser.add_argument("--event", help="label words of the event to open (default: most reported)")
    parser.add_argument("--start", help="show events from this day (YYYY-MM-DD)")
    parser.add_argument("--end", help="show events up to this day (YYYY-MM-DD)")
    args = parser.parse_args()
    with running(args.db) as url, sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport={"width": 1600, "height": 940})
        page.goto(url)
        page.wait_for_selector("body[data-ready=true]")
        page.wait_for_selector("body[data-basemap=ready]")
        for field, day in (("#f-start", args.start), ("#f-end", args.end)):
            if day:
                page.fill(field, day)
                page.wait_for_selector("body[data-loading=false]")
        rows = page.locator(".timeline .row")
        target = rows.filter(has_text=args.event) if args.event else _most_reported(page)
        target.first.click()
        page.wait_for_selector(".panel .evidence")
        page.wait_for_timeout(300)
        page.screenshot(path=str(args.output))
        browser.close()
    print(f"wrote {args.output}")


def _most_reported(page):  # noqa: ANN001, ANN202 - a playwright Locator
    counts = page.locator(".timeline .row .meta").all_inner_texts()
    reports = [int(text.rsplit("·", 1)[-1].split()[0]) for text in counts]
    return page.locator(".timeline .row").nth(reports.index(max(reports)))


if __name__ == "__main__":
    main()
