"""`make bundle` (scripts/bundle.sh): the offline folder holds a wheel of every pinned package
tipsom and JupyterHub need, the proxy's npm cache and the project, and pip resolves the whole
install from it with --no-index (a dry run in a fresh venv; the real install is install.sh)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("npm") is None, reason="needs npm to pack JupyterHub's proxy")]


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_bundle_holds_every_pinned_requirement_and_installs_without_an_index(tmp_path):
    out = tmp_path / "bundle"
    subprocess.run(["bash", "scripts/bundle.sh", str(Path(sys.executable).parents[1]), str(out)], cwd=ROOT, check=True,
                   capture_output=True, timeout=900)
    wheels = {(norm(w.name.split("-")[0]), w.name.split("-")[1]) for w in (out / "wheels").glob("*.whl")}
    pins = dict(line.split("==") for line in (ROOT / "constraints.txt").read_text().split() if "==" in line)
    needed = {"tipsom", "jupyterhub", "jupyterhub-idle-culler", "jupyterhub-systemdspawner", "voila",
              "jupyterhub-firstuseauthenticator", "jupyterlab", "configurable-http-proxy"}
    assert ("tipsom", "0.1.0") in wheels
    for name, version in pins.items():
        if (norm(name), version) not in wheels and norm(name) in needed - {"tipsom", "configurable-http-proxy"}:
            pytest.fail(f"{name}=={version} is pinned but has no wheel in the bundle")
    assert (out / "proxy" / "npm-cache").is_dir() and (out / "proxy" / "package-lock.json").is_file()
    with tarfile.open(out / "tipsom-src.tar.gz") as tar:
        names = set(tar.getnames())
    assert {"curriculum/audiences.yaml", "deploy/jupyterhub/jupyterhub_config.py", "notebooks/scenario.ipynb"} <= names
    assert "--no-index" in (out / "install.sh").read_text()
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    src = tmp_path / "src"
    src.mkdir()
    with tarfile.open(out / "tipsom-src.tar.gz") as tar:
        tar.extractall(src, filter="data")
    dry = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--dry-run", "-q", "--no-index",
                          "--find-links", str(out / "wheels"), "-c", str(out / "constraints.txt"), "-e", f"{src}[hub]"],
                         capture_output=True, text=True, timeout=600, env={"PATH": "/usr/bin:/bin", "PIP_CONFIG_FILE": "/dev/null"})
    assert dry.returncode == 0, dry.stderr[-3000:]
