#!/usr/bin/env bash
# Set up everything the project needs on a fresh Debian machine with Python 3.11:
# Debian packages (Chromium, fonts, WeasyPrint's libraries, biber), a virtualenv with
# pinned packages, and the npm packages (the offline site's, the base map, and the clients the
# tests run the exports in).
# Re-running is fast: each step is skipped while its inputs are unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .stamps

# biber: the tests check the BibTeX export against biblatex's data model (`biber --tool`).
APT_PACKAGES=(chromium fonts-dejavu-core fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0
              libharfbuzz-subset0 poppler-utils graphviz biber)
# npm vendors browser files and the base map, and brings the export tests' clients
# (citeproc-js, TimelineJS); Debian's nodejs/npm only when the machine has none.
command -v npm >/dev/null 2>&1 || APT_PACKAGES+=(nodejs npm)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# A short hash of the files that exist among the arguments (a stamp's key).
hash_of() { local f; for f in "$@"; do if [ -f "$f" ]; then cat "$f"; fi; done | sha256sum | cut -c1-16; }

PY=${PYTHON:-python3}
stamp_py=".stamps/venv-$(hash_of requirements.txt constraints.txt)"
if [ ! -f "$stamp_py" ] || [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with pinned packages"
  [ -x .venv/bin/python ] || "$PY" -m venv .venv
  constraints=(); [ -f constraints.txt ] && constraints=(-c constraints.txt)
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt "${constraints[@]}"
  rm -f .stamps/venv-*; touch "$stamp_py"
fi

stamp_npm=".stamps/npm-$(hash_of package.json package-lock.json)"
if [ -f package.json ] && { [ ! -f "$stamp_npm" ] || [ ! -d node_modules ]; }; then
  echo "setup: installing npm packages (offline search polyfill, base map, axe-core, citeproc-js, TimelineJS)"
  npm ci --silent --no-audit --no-fund --ignore-scripts >/dev/null
  rm -f .stamps/npm-*; touch "$stamp_npm"
fi
