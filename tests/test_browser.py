"""A real JupyterLab in headless Chromium: a participant runs a scenario and classifies the case.

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
    for name, value in (("apputils-extension/notification", {"fetchNews": "false", "checkForUpdates": False}),
                        ("notebook-extension/tracker", {"autoStartDefaultKernel": True})):
        path = home / "settings" / "@jupyterlab" / f"{name}.jupyterlab-settings"  # no news toast, no kernel dialog
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
            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.get_by_text("Run All Cells", exact=True).click()
            page.wait_for_selector("text=Your code:", timeout=60_000)
            page.locator(".widget-text input").first.fill("P42")
            page.locator("button:has-text('Start')").first.click()
            page.wait_for_selector("text=Saving your answers as", timeout=30_000)
            page.locator("label:has-text('Trafficking in persons')").first.click()
            page.locator("button:has-text('Submit answer')").first.click()
            page.wait_for_selector("text=Correct.", timeout=30_000)
            feedback = page.locator(".jp-OutputArea-output", has_text="Correct.").first
            feedback.screenshot(path=str(tmp_path / "feedback.png"))
            assert "ptpa-2018/s7" in feedback.inner_text()
        except Exception:
            page.screenshot(path=str(tmp_path / "failed.png"))  # kept under pytest's tmp folder
            print(f"screenshot: {tmp_path / 'failed.png'}; server log: {tmp_path / 'lab.log'}")
            raise
        finally:
            browser.close()
    [answers] = list((books / "police" / "sessions").glob("*/P42.jsonl"))
    [line] = [json.loads(x) for x in answers.read_text().splitlines()]
    assert (line["scenario"], line["question"], line["answer"], line["correct"]) == ("job-offer", "classify", "trafficking", True)
