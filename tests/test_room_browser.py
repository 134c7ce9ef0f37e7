"""A real room in headless Chromium: two phones join and answer, the trainer presents and reveals,
and no request leaves 127.0.0.1.

Needs Debian's `chromium` at /usr/bin/chromium (`TIPSOM_BROWSER=1 make install`); skipped
without it unless TIPSOM_REQUIRE_BROWSER=1, which makes a missing browser a failure.
TIPSOM_SCREENSHOTS=<folder> keeps screenshots of the join page, a phone's page and the projector.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tipsom.room.loadtest import free_port, start_room

CHROMIUM = Path("/usr/bin/chromium")
WORKBOOK = Path(__file__).parent / "fixtures" / "workbook"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-quic", "--no-first-run"]
PHONE = {"width": 390, "height": 844}

if os.environ.get("TIPSOM_REQUIRE_BROWSER") == "1":
    pytestmark = [pytest.mark.browser, pytest.mark.slow]
else:
    pytestmark = [pytest.mark.browser, pytest.mark.slow,
                  pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium: install Debian's chromium "
                                     "(TIPSOM_BROWSER=1 make install) to run the room's browser test")]


@pytest.fixture
def room(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(WORKBOOK, root)
    proc, urls = start_room(root, "police", "job-offer", tmp_path / "session", free_port(), tmp_path / "room.log")
    from tipsom.room.loadtest import stop_room

    try:
        yield {**urls, "session": tmp_path / "session", "log": tmp_path / "room.log"}
    finally:
        stop_room(proc)


def shoot(page, name: str) -> None:
    folder = os.environ.get("TIPSOM_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=name.startswith("join"))


def phone_answers(browser, url: str, code: str, choice: str, seen: list[str], first: bool):
    ctx = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    ctx.on("request", lambda r: seen.append(r.url))
    page = ctx.new_page()
    page.goto(url)
    if first:
        shoot(page, "join-phone.png")
    page.fill("#code", code)
    page.click("button[type=submit]")
    page.wait_for_selector(f"text=You are {code.upper()}.")
    if first:
        shoot(page, "join-phone-cases.png")
    page.click("a.go:has-text('A job offer in the city')")
    page.wait_for_selector("text=Saving your answers as", timeout=90_000)
    assert page.locator(".jp-InputArea, .jp-Cell-inputWrapper:visible").count() == 0  # no code shown
    page.locator(f"label:has-text('{choice}')").first.click()
    page.locator("button:has-text('Submit answer')").first.click()
    page.wait_for_selector("text=Saved.", timeout=30_000)
    if first:
        page.locator("text=Is this trafficking").first.scroll_into_view_if_needed()
        shoot(page, "participant-phone.png")
    return ctx


def test_two_phones_and_the_trainer_and_nothing_leaves_the_laptop(room, tmp_path):
    if not CHROMIUM.exists():
        pytest.fail("TIPSOM_REQUIRE_BROWSER=1 but /usr/bin/chromium is missing: TIPSOM_BROWSER=1 make install")
    from playwright.sync_api import sync_playwright

    seen: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            phones = [phone_answers(browser, room["Participants"], "a1", "Trafficking in persons", seen, True),
                      phone_answers(browser, room["Participants"], "B2", "Smuggling of migrants", seen, False)]
            trainer = browser.new_context(viewport={"width": 1280, "height": 800})
            trainer.on("request", lambda r: seen.append(r.url))
            screen = trainer.new_page()
            screen.goto(room["Trainer"])
            assert "key=" not in screen.url
            screen.wait_for_function("document.getElementById('answered').textContent === '2'", timeout=10_000)
            assert "✔" not in screen.inner_text("#bars")  # hidden until Reveal
            size = screen.eval_on_selector("#prompt", "e => parseFloat(getComputedStyle(e).fontSize)")
            assert size >= 28
            assert screen.inner_text("#prompt").startswith("Is this trafficking")
            assert screen.locator("#list button[aria-current=true]").count() == 1
            screen.click("#reveal")
            screen.wait_for_selector(".bar.right .mark:has-text('✔')", timeout=5_000)
            right = screen.inner_text(".bar.right")
            assert "Trafficking in persons" in right and right.strip().endswith("1")
            shoot(screen, "presenter.png")
            for ctx in (*phones, trainer):
                ctx.close()
        except Exception:
            for ctx in browser.contexts:
                for pg in ctx.pages:
                    pg.screenshot(path=str(tmp_path / f"failed-{id(pg)}.png"))
            print(f"screenshots in {tmp_path}; room log: {room['log']}")
            raise
        finally:
            browser.close()
    outside = sorted({u for u in seen if not u.startswith(("data:", "blob:")) and urlsplit(u).hostname != "127.0.0.1"})
    assert seen and not outside, outside
    lines = [json.loads(x) for f in sorted(room["session"].glob("*.jsonl")) for x in f.read_text().splitlines()]
    assert [(x["participant"], x["answer"]) for x in lines] == [("A1", "trafficking"), ("B2", "smuggling")]
