"""The knowledge test in a real JupyterLab (headless Chromium, a phone-wide window): a
participant enters a code, answers, hands in; the answer lands in the session folder."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT
from .test_browser import ARGS, CHROMIUM, free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium (TIPSOM_BROWSER=1 make install)")]


@pytest.fixture
def lab(tmp_path, curriculum):
    from tipsom.workbook.prepare import prepare_workbooks

    books = tmp_path / "workbooks"
    prepare_workbooks(curriculum, books)
    home = tmp_path / "jupyter"
    for name, value in (("apputils-extension/notification", {"fetchNews": "false", "checkForUpdates": False}),
                        ("notebook-extension/tracker", {"autoStartDefaultKernel": True})):
        path = home / "settings" / "@jupyterlab" / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"), "JUPYTERLAB_WORKSPACES_DIR": str(home / "ws"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "JUPYTER_CONFIG_DIR": str(home / "config")}
    port, token = free_port(), secrets.token_hex(16)
    cmd = [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={books}"] + (["--allow-root"] if os.geteuid() == 0 else [])
    with open(tmp_path / "lab.log", "wb") as log:
        proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        try:
            for _ in range(150):
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=1):
                        break
                except OSError:
                    assert proc.poll() is None, (tmp_path / "lab.log").read_text()
                    time.sleep(0.2)
            yield f"http://127.0.0.1:{port}", token, books
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_a_participant_takes_the_pre_test_on_a_phone_wide_screen(lab, tmp_path, curriculum):
    from playwright.sync_api import sync_playwright

    from tipsom.kit.order import lettered
    from tipsom.kit.scores import form_by_code

    url, token, books = lab
    test = curriculum.test_for("elders")
    shown = test.form(form_by_code("E07", "pre"))  # E07 is on no attendance list: its form comes from the code
    first = shown[0]
    longest = max((o.text for i in shown for o in i.options), key=len)
    right = next(f"{letter}. {o.text}" for letter, o in lettered(test.id, first) if o.correct)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844})
            page.goto(f"{url}/lab/tree/elders/test-pre.ipynb?token={token}")
            page.wait_for_selector("text=Python 3 (ipykernel) | Idle", timeout=60_000)
            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.get_by_text("Run All Cells", exact=True).click()
            page.wait_for_selector("text=Your code:", timeout=60_000)
            page.locator(".widget-text input").first.fill("E07")
            page.locator("button:has-text('Start')").first.click()
            option = page.locator(".widget-hbox", has_text=right).first
            option.locator("input[type=checkbox]").click()
            page.keyboard.press("Control+b")  # hide the file browser: the page as wide as the phone allows
            option.scroll_into_view_if_needed()
            page.screenshot(path=str(tmp_path / "test-page.png"))
            page.locator("button:has-text('Hand in')").first.click()
            page.wait_for_selector("text=Handed in: 1 of", timeout=30_000)
            page.locator(f"text={longest}").first.scroll_into_view_if_needed()
            page.screenshot(path=str(tmp_path / "long-options.png"))
        except Exception:
            page.screenshot(path=str(tmp_path / "failed.png"))
            print(f"screenshot: {tmp_path / 'failed.png'}; server log: {tmp_path / 'lab.log'}")
            raise
        finally:
            browser.close()
    print(f"screenshot: {tmp_path / 'test-page.png'}")
    [answers] = list((books / "elders" / "sessions").glob("*/E07.jsonl"))
    [line] = [json.loads(x) for x in answers.read_text().splitlines()]
    assert (line["scenario"], line["question"], line["correct"]) == (f"test/{test.id}/pre", first.id, True)
