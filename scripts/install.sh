#!/usr/bin/env bash
# Create the virtual environment with pinned versions; install the Debian packages the
# project needs when run as root, otherwise name them in one clear message.
set -euo pipefail
venv=${1:-.venv}
# chromium-headless-shell prints the handouts (make handouts: Chromium's headless build, which
# starts in a third of the time and prints in half); chromium runs the room and JupyterLab in the
# browser tests; poppler-utils reads PDFs in the tests; libharfbuzz-subset0 keeps WeasyPrint fast
# in make bench's comparison of the PDF engines
# postgresql: the programme database's tests start a real server of their own (tipsom programme --db postgresql://...)
need=(chromium chromium-headless-shell poppler-utils libharfbuzz-subset0 postgresql)
command -v npm >/dev/null || need+=(npm)  # reveal.js for the slide decks and JupyterHub's proxy come from npm
missing=()
for pkg in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing system packages: ${missing[*]}"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Please install these system packages (e.g. sudo apt-get install ${missing[*]}), then run make again." >&2
    exit 1
  fi
fi
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip
"$venv/bin/python" -m pip install -q -c constraints.txt -e ".[test,hub]"
# JupyterHub's proxy (deploy/jupyterhub/package-lock.json) when npm is there; the hub test needs it
if command -v npm >/dev/null; then
  (cd deploy/jupyterhub && npm ci --no-audit --no-fund --silent)
else
  echo "npm not found: JupyterHub's proxy is not installed (the hub test will skip; TIPSOM_HUB=1 make install installs npm)." >&2
fi
# JupyterLab for a training room: no news toast (offline), the kernel starts without a dialog, ⏩ restarts
# without asking, a closed notebook's kernel stops; participant copies are saved without outputs
mkdir -p "$venv/share/jupyter/lab/settings" && cp scripts/lab-overrides.json "$venv/share/jupyter/lab/settings/overrides.json"
mkdir -p "$venv/etc/jupyter" && cp scripts/jupyter_server_config.json "$venv/etc/jupyter/jupyter_server_config.json"
# reveal.js for `make slides`, the exact version in vendor/reveal/package-lock.json
npm ci --prefix "$(dirname "$0")/../vendor/reveal" --no-audit --no-fund --silent
echo "Installed: $venv/bin/tipsom"
