"""A real room in headless Chromium: a low-end phone (360 px, CPU 4x slower, 1.5 Mbps, 300 ms)
joins in Urdu (and in English), answers, is told "Saved" and nothing more until the trainer reveals, keeps an
answer while offline and sends it when back; no request leaves 127.0.0.1.

Needs Debian's `chromium` at /usr/bin/chromium (`TIPSOM_BROWSER=1 make install`); skipped
without it unless TIPSOM_REQUIRE_BROWSER=1, which makes a missing browser a failure.
TIPSOM_SCREENSHOTS=<folder> keeps screenshots. The bytes and seconds measured are printed
(`pytest -s`); only the bytes are held to the issue's figure (no timed assertion).
"""

from __future__ import annotations

import json
import os
import shutil
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tipsom.room.loadtest import free_port, start_room, stop_room

CHROMIUM = Path("/usr/bin/chromium")
WORKBOOK = Path(__file__).parent / "fixtures" / "workbook"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-quic", "--no-first-run"]
LOW_END = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
FIRST_VISIT_BYTES = 300 * 1024
AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe" / "node_modules" / "axe-core" / "axe.min.js"

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
    proc, urls = start_room(root, "police", "border-crossing", tmp_path / "session", free_port(), tmp_path / "room.log")
    try:
        yield {**urls, "session": tmp_path / "session", "log": tmp_path / "room.log"}
    finally:
        stop_room(proc)


def shoot(page, name: str) -> None:
    folder = os.environ.get("TIPSOM_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=True)


class Trainer:
    """The presenter's requests, over HTTP with the trainer's cookie."""

    def __init__(self, link: str):
        self.base = link.split("/trainer")[0]
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        self.opener.open(link, timeout=10).read()  # the key becomes a cookie

    def post(self, path: str, body: dict) -> None:
        req = urllib.request.Request(self.base + path, data=json.dumps(body).encode(), method="POST")
        self.opener.open(req, timeout=10).read()


def network(cdp, offline: bool = False) -> None:
    cdp.send("Network.emulateNetworkConditions", {"offline": offline, "latency": 300, "downloadThroughput": 1.5e6 / 8,
                                                  "uploadThroughput": 0.75e6 / 8})


def low_end(ctx, page) -> tuple[list[int], object]:
    """Chromium's own emulation of the issue's low-end phone; the list the bytes received go into, the CDP session."""
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.enable")
    network(cdp)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    received: list[int] = []
    cdp.on("Network.loadingFinished", lambda e: received.append(int(e["encodedDataLength"])))
    return received, cdp


SAVED = {"en": "Saved.", "ur": "محفوظ"}


@pytest.mark.parametrize("lang", ["ur", "en"])
def test_a_low_end_phone_answers_waits_for_reveal_and_survives_going_offline(room, tmp_path, lang):
    if not CHROMIUM.exists():
        pytest.fail("TIPSOM_REQUIRE_BROWSER=1 but /usr/bin/chromium is missing: TIPSOM_BROWSER=1 make install")
    from playwright.sync_api import sync_playwright

    trainer = Trainer(room["Trainer"])
    trainer.post("/trainer/open", {"scenario": "border-crossing", "question": "classify"})
    seen: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            ctx = browser.new_context(**LOW_END)
            ctx.on("request", lambda r: seen.append(r.url))
            page = ctx.new_page()
            received, cdp = low_end(ctx, page)
            page.goto(room["Participants"] + f"?lang={lang}")
            assert page.get_attribute("html", "dir") == ("rtl" if lang == "ur" else "ltr")
            assert page.get_attribute("html", "lang") == lang
            page.fill("#code", "a۱")  # an Urdu digit, as an Urdu keyboard types it
            page.click("button[type=submit]")
            page.wait_for_selector(".me")
            pin = page.inner_text(".pin")
            assert any(d in pin for d in "0123456789")
            shoot(page, f"phone-{lang}-cases.png")
            tapped = time.monotonic()
            page.click("a.go")
            page.wait_for_selector("form.ask input[type=radio]")
            answerable = time.monotonic() - tapped
            assert page.title().startswith(page.inner_text("h1"))  # the title names the case
            page.wait_for_timeout(1500)  # let the font and the first poll arrive before counting
            first_visit = sum(received)
            print(f"\nlow-end phone, {lang}: tap a case -> answerable {answerable:.2f} s; first visit {first_visit / 1024:.0f} KB "
                  f"in {len(received)} responses")
            assert first_visit <= FIRST_VISIT_BYTES
            page.locator("form.ask label.opt").first.click()
            page.click("form.ask button[type=submit]")
            page.wait_for_function("document.querySelector('form.ask .st').textContent.length > 3")
            page.wait_for_selector(f"form.ask .st:has-text('{SAVED[lang]}')")
            assert page.locator(".fb").count() == 0  # no verdict, no explanation before Reveal
            shoot(page, f"phone-{lang}-saved.png")
            trainer.post("/trainer/reveal", {"question": "border-crossing/classify"})
            page.wait_for_selector("#q-classify .fb", timeout=15_000)  # the phone's poll brings the feedback
            shoot(page, f"phone-{lang}-revealed.png")
            trainer.post("/trainer/open", {"scenario": "border-crossing", "question": "who-investigates"})
            page.wait_for_selector("#q-who-investigates form.ask input", timeout=15_000)
            network(cdp, offline=True)
            page.locator("#q-who-investigates label.opt").first.click()
            page.click("#q-who-investigates button[type=submit]")
            page.wait_for_selector("#net:not([hidden])")
            offline_says = page.inner_text("#net")
            assert "Not sent" in offline_says if lang == "en" else offline_says and "Not sent" not in offline_says
            network(cdp)
            page.wait_for_selector(f"#q-who-investigates .st:has-text('{SAVED[lang]}')", timeout=20_000)
            shoot(page, f"phone-{lang}-back-online.png")
            ctx.close()
        except Exception:
            for c in browser.contexts:
                for pg in c.pages:
                    pg.screenshot(path=str(tmp_path / f"failed-{id(pg)}.png"))
            print(f"screenshots in {tmp_path}; room log: {room['log']}")
            raise
        finally:
            browser.close()
    outside = sorted({u for u in seen if not u.startswith(("data:", "blob:")) and urlsplit(u).hostname != "127.0.0.1"})
    assert seen and not outside, outside
    lines = [json.loads(x) for f in sorted(room["session"].glob("*.jsonl")) for x in f.read_text().splitlines()]
    assert [(x["participant"], x["question"]) for x in lines] == [("A1", "classify"), ("A1", "who-investigates")]


def violations(page) -> list[str]:
    """axe-core's critical and serious findings on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => { const r = await axe.run(document); return {passes: r.passes.length, found: "
                           "r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))}; }")
    assert result["passes"] > 10  # axe ran its rules
    found = result["found"]
    return [f"{v['id']} ({v['impact']}): {v['nodes'][:3]}" for v in found if v["impact"] in ("critical", "serious")]


@pytest.mark.skipif(not AXE.exists() and os.environ.get("TIPSOM_REQUIRE_BROWSER") != "1",
                    reason="axe-core is not installed: npm ci --prefix vendor/axe (make test does it)")
def test_axe_finds_nothing_critical_or_serious_on_the_rooms_pages(room):
    if not CHROMIUM.exists() or not AXE.exists():
        pytest.fail("TIPSOM_REQUIRE_BROWSER=1 but chromium or vendor/axe is missing: TIPSOM_BROWSER=1 make install; make test")
    from playwright.sync_api import sync_playwright

    trainer = Trainer(room["Trainer"])
    for qid in ("classify", "who-investigates", "indicators"):
        trainer.post("/trainer/open", {"scenario": "border-crossing", "question": qid})
    found: dict[str, list[str]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            for lang in ("en", "ur"):
                page = browser.new_context(**LOW_END).new_page()
                page.goto(room["Participants"] + f"?lang={lang}")
                found[f"join {lang}"] = violations(page)
                page.fill("#code", f"X{lang}")
                page.click("button[type=submit]")
                page.wait_for_selector(".me")
                found[f"cases {lang}"] = violations(page)
                page.click("a.go")
                page.wait_for_selector("form.ask input")
                found[f"case {lang}, before answering"] = violations(page)
                page.locator("#q-classify label.opt").first.click()
                page.click("#q-classify button[type=submit]")
                page.wait_for_selector("#q-classify .st:not(:empty)")
                found[f"case {lang}, answered"] = violations(page)
                trainer.post("/trainer/reveal", {"question": "border-crossing/classify"})
                page.wait_for_selector("#q-classify .fb", timeout=15_000)
                page.click("#explorer details.facts summary")  # the explorer's controls open
                page.wait_for_selector("#explorer form.ex")
                found[f"case {lang}, revealed with the explorer"] = violations(page)
                trainer.post("/trainer/reveal", {"question": "border-crossing/classify", "on": False})
                screen = browser.new_context(viewport={"width": 1280, "height": 720})
                presenter = screen.new_page()
                presenter.goto(room["Trainer"].replace("?key=", f"?lang={lang}&key="))
                presenter.wait_for_selector("#list button")
                found[f"presenter {lang}"] = violations(presenter)
                screen.close()
        finally:
            browser.close()
    assert not {k: v for k, v in found.items() if v}, found
