"""A low-end phone in the room (for `make bench`): Debian's chromium, 360 px, CPU 4x slower,
1.5 Mbps down and 300 ms latency (Chromium's own emulation over CDP), on the project's own
content; side by side with the room it replaces (Voila, a kernel per phone), as measured the
same way in `../shared/notes/room-ux.md` (its figures are quoted: that room no longer exists).

For each language: the join page, code -> case list, tap a case -> a question it can answer,
the bytes of the whole first visit (font included), and a reload of the case page.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-quic", "--no-first-run"]
LOW_END = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
GOALS = {"answerable_s": 3.0, "first_visit_kb": 300}
BEFORE = {"en": {"answerable_s": 30.8, "first_visit_kb": 4.41 * 1024, "reload_s": 6.3},   # room-ux.md, low-end, cold
          "ur": {"answerable_s": 38.2, "first_visit_kb": 5.57 * 1024, "reload_s": None}}


def run(root: Path | str = ".", audience: str = "police") -> dict[str, dict[str, float]]:
    """The figures per language; {} when chromium is missing."""
    if not CHROMIUM.exists():
        return {}
    from playwright.sync_api import sync_playwright

    from tipsom.room.loadtest import free_port, start_room, stop_room

    with tempfile.TemporaryDirectory(prefix="tipsom-bench-phone-") as tmp:
        proc, urls = start_room(Path(root).resolve(), audience, "", Path(tmp) / "session", free_port(), Path(tmp) / "room.log",
                                 ["--pace", "self"])  # every question open: the page as a phone first answers it
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
                try:
                    return {lang: _phone(browser, urls["Participants"], lang, f"B{n}") for n, lang in enumerate(("en", "ur"))}
                finally:
                    browser.close()
        finally:
            stop_room(proc)


def _phone(browser, url: str, lang: str, code: str) -> dict[str, float]:
    ctx = browser.new_context(**LOW_END)
    page = ctx.new_page()
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 300, "downloadThroughput": 1.5e6 / 8,
                                                  "uploadThroughput": 0.75e6 / 8})
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    received: list[int] = []
    cdp.on("Network.loadingFinished", lambda e: received.append(int(e["encodedDataLength"])))
    start = time.monotonic()
    page.goto(f"{url}?lang={lang}")
    page.wait_for_selector("#code")
    join = time.monotonic() - start
    start = time.monotonic()
    page.fill("#code", code)
    page.click("button[type=submit]")
    page.wait_for_selector("a.go")
    cases = time.monotonic() - start
    start = time.monotonic()
    page.click("a.go")
    page.wait_for_selector("form.ask input[type=radio]")
    answerable = time.monotonic() - start
    page.evaluate("document.fonts.ready.then(() => document.fonts.size)")  # the Nastaliq font, once it is used
    page.wait_for_timeout(1500)  # and the first poll: counted in the first visit
    first_visit = sum(received) / 1024
    start = time.monotonic()
    page.reload()
    page.wait_for_selector("h1")
    reload = time.monotonic() - start
    ctx.close()
    return {"join_page_s": round(join, 2), "code_to_cases_s": round(cases, 2), "answerable_s": round(answerable, 2),
            "first_visit_kb": round(first_visit), "reload_s": round(reload, 2)}


def report(figures: dict[str, dict[str, float]]) -> str:
    if not figures:
        return "  skipped: no /usr/bin/chromium (TIPSOM_BROWSER=1 make install)"
    lines = [f"  {'':24} {'now':>10} {'before':>10}   goal"]
    for lang, got in figures.items():
        for name, value in got.items():
            before = BEFORE[lang].get(name)
            goal = GOALS.get(name)
            verdict = "" if goal is None else f"<= {goal:<5} {'ok' if value <= goal else 'MISSED'}"
            lines.append(f"  {lang} {name:21} {value:>10} {'' if before is None else before:>10}   {verdict}")
    return "\n".join(lines)
