"""A real JupyterLab in headless Chromium: a participant runs a scenario and classifies the case.

The participant's view: code hidden, one line on top saying what to press, still at the top
after the run, an empty code box, and the notebook saved without outputs.

Needs Debian's `chromium` at /usr/bin/chromium (`.ci/run` installs it; locally:
`sudo apt-get install chromium`, or `make install` as root). Playwright drives it
through `executable_path`; no browser download is needed.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
WORKBOOK = Path(__file__).parent / "fixtures" / "workbook"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-quic", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium: install Debian's chromium "
                       "(sudo apt-get install chromium, or make install as root) to run the browser test"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lab(tmp_path):
    """JupyterLab on 127.0.0.1 with a token, serving prepared workbooks; stopped by its PID."""
    from tipsom.content import load_curriculum
    from tipsom.workbook.prepare import prepare_workbooks

    books = tmp_path / "workbooks"
    prepare_workbooks(load_curriculum(WORKBOOK), books)
    home = tmp_path / "jupyter"
    overrides = json.loads((Path(__file__).parents[1] / "scripts" / "lab-overrides.json").read_text())
    for plugin, value in overrides.items():  # the room's settings (no news toast, no dialogs), as a user's own
        path = home / "settings" / (plugin.replace(":", "/") + ".jupyterlab-settings")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"), "JUPYTERLAB_WORKSPACES_DIR": str(home / "ws"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "JUPYTER_CONFIG_DIR": str(home / "config")}
    port, token = free_port(), secrets.token_hex(16)
    cmd = [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={books}"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    with open(tmp_path / "lab.log", "wb") as log:
        proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            for _ in range(150):
                try:
                    with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=1):
                        break
                except OSError:
                    assert proc.poll() is None, (tmp_path / "lab.log").read_text()
                    time.sleep(0.2)
            yield url, token, books
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_a_participant_classifies_a_case_in_jupyterlab(lab, tmp_path):
    from playwright.sync_api import sync_playwright

    url, token, books = lab
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 1000})
            page.goto(f"{url}/lab/tree/police/scenario-job-offer.ipynb?token={token}")
            page.wait_for_selector(".jp-NotebookPanel .jp-Notebook", timeout=60_000)
            page.wait_for_selector("text=Python 3 (ipykernel) | Idle", timeout=60_000)
            assert page.locator(".jp-CodeCell .jp-InputArea-editor:visible").count() == 0  # code hidden for participants
            assert page.locator(".jp-CodeCell .jp-InputPlaceholder").count() >= 10
            page.locator(".jp-RenderedMarkdown strong", has_text="Press ▶▶ in the toolbar above").wait_for(timeout=30_000)
            page.locator("jp-button[data-command='notebook:restart-run-all'] >> visible=true").click()  # no dialog
            page.wait_for_selector("text=Your code:", timeout=60_000)
            page.wait_for_selector("text=The elements explorer", timeout=60_000)
            page.wait_for_timeout(1000)
            assert page.evaluate("document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer').scrollTop") == 0
            assert page.locator(".jp-RenderedMarkdown strong", has_text="Press ▶▶ in the toolbar above").is_visible()  # still at the top after the run
            assert page.locator(".widget-text input").first.input_value() == ""
            assert page.locator(".widget-text input").first.get_attribute("placeholder") == "type your code here"
            page.locator(".widget-text input").first.fill("P42")
            page.locator("button:has-text('Start')").first.click()
            page.wait_for_selector("text=Saving your answers as", timeout=30_000)
            page.locator("label:has-text('Trafficking in persons')").first.click()
            page.locator("button:has-text('Submit answer')").first.click()
            page.wait_for_selector("text=Correct.", timeout=30_000)
            feedback = page.locator(".jp-OutputArea-output", has_text="Correct.").first
            feedback.screenshot(path=str(tmp_path / "feedback.png"))
            assert "ptpa-2018/s7" in feedback.inner_text()
            page.keyboard.press("Control+s")  # the next participant on this laptop opens a clean notebook
            page.wait_for_function("!document.querySelector('.jp-mod-current .jp-mod-dirty')", timeout=10_000)
            page.wait_for_timeout(500)
        except Exception:
            page.screenshot(path=str(tmp_path / "failed.png"))  # kept under pytest's tmp folder
            print(f"screenshot: {tmp_path / 'failed.png'}; server log: {tmp_path / 'lab.log'}")
            raise
        finally:
            browser.close()
    saved = json.loads((books / "police" / "scenario-job-offer.ipynb").read_text())
    assert [c["outputs"] for c in saved["cells"] if c["cell_type"] == "code"] == [[]] * 12, "outputs kept on save"
    [answers] = list((books / "police" / "sessions").glob("*/P42.jsonl"))
    [line] = [json.loads(x) for x in answers.read_text().splitlines()]
    assert (line["scenario"], line["question"], line["answer"], line["correct"]) == ("job-offer", "classify", "trafficking", True)
