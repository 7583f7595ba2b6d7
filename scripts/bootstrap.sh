#!/usr/bin/env bash
# Everything a fresh Debian/Ubuntu machine needs, installed only when missing:
# Debian packages (Chromium and its headless shell for Playwright, LibreOffice for DOC/WPS with python3-uno to keep it
# running between documents, tesseract with its Chinese model for scans, poppler, a CJK font) and the Python virtual environment.
set -euo pipefail
cd "$(dirname "$0")/.."

DEB_PACKAGES=(chromium chromium-headless-shell libreoffice-writer-nogui libreoffice-calc-nogui tesseract-ocr tesseract-ocr-chi-sim
              poppler-utils fonts-noto-cjk python3-uno)
missing=()
for p in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo -n); else SUDO=(false); fi
  if ! { "${SUDO[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >/tmp/nianbao-apt.log 2>&1; then
    echo "bootstrap: could not install ${missing[*]} (need root or password-less sudo; see /tmp/nianbao-apt.log)." >&2
    echo "bootstrap: install them by hand: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "bootstrap: creating .venv"
  "$PY" -m venv .venv
fi
stamp=.venv/.nianbao-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "bootstrap: installing Python packages into .venv"
  .venv/bin/pip install -q --upgrade pip >/dev/null
  .venv/bin/pip install -q -e ".[test]"
  echo "$want" > "$stamp"
fi
