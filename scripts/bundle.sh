#!/usr/bin/env bash
# `make bundle`: everything a laptop without internet needs, in one folder (default build/bundle):
# wheels of the pinned set (tipsom's, JupyterHub's, setuptools to build tipsom), the proxy's npm
# cache, the project's files (git archive of HEAD) and install.sh that uses pip --no-index.
set -euo pipefail
venv=${1:-.venv}
out=${2:-build/bundle}
rm -rf "$out" && mkdir -p "$out/wheels" "$out/proxy" && out=$(cd "$out" && pwd)
pip=("$venv/bin/python" -m pip)
"${pip[@]}" wheel -q -c constraints.txt -w "$out/wheels" ".[hub]"          # the pinned set and the tipsom wheel
"${pip[@]}" download -q -d "$out/wheels" -c constraints.txt "setuptools>=68" wheel  # to install tipsom editable offline
cp constraints.txt "$out/"
git archive --format=tar.gz -o "$out/tipsom-src.tar.gz" HEAD
cp deploy/jupyterhub/package.json deploy/jupyterhub/package-lock.json "$out/proxy/"
tmp=$(mktemp -d)
cp deploy/jupyterhub/package.json deploy/jupyterhub/package-lock.json "$tmp/"
(cd "$tmp" && npm ci --no-audit --no-fund --silent --cache "$out/proxy/npm-cache")
rm -rf "$tmp"
cat > "$out/install.sh" <<'INSTALL'
#!/usr/bin/env bash
# Install tipsom and JupyterHub on this laptop without the internet: bash install.sh [folder]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dest=$(mkdir -p "${1:-$HOME/tipsom}" && cd "${1:-$HOME/tipsom}" && pwd)
tar -xzf "$here/tipsom-src.tar.gz" -C "$dest"
python3 -m venv "$dest/.venv"
"$dest/.venv/bin/python" -m pip install -q --no-index --find-links "$here/wheels" -c "$here/constraints.txt" -e "$dest[hub]"
mkdir -p "$dest/.venv/share/jupyter/lab/settings" "$dest/.venv/etc/jupyter"
cp "$dest/scripts/lab-overrides.json" "$dest/.venv/share/jupyter/lab/settings/overrides.json"
cp "$dest/scripts/jupyter_server_config.json" "$dest/.venv/etc/jupyter/jupyter_server_config.json"
if command -v npm >/dev/null; then
  (cd "$dest/deploy/jupyterhub" && npm ci --offline --no-audit --no-fund --silent --cache "$here/proxy/npm-cache")
else
  echo "npm is not installed: JupyterHub's proxy was skipped (tipsom room and the lab work without it)." >&2
fi
echo "Installed in $dest: $dest/.venv/bin/tipsom"
INSTALL
chmod +x "$out/install.sh"
echo "Bundle in $out: $(ls "$out/wheels" | wc -l) wheels, $(du -sh "$out" | cut -f1)"
