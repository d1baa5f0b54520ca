#!/usr/bin/env bash
# Install the system pieces zhicheng needs on Debian 12 (run as root; idempotent).
#   - WeasyPrint runtime libraries (Pango, HarfBuzz incl. subsetter, fontconfig, GLib)
#   - fonts-babelstone-han: glyphs for rare name characters (CJK Extension B+) that Noto Sans SC lacks
#   - poppler-utils (pdftotext / pdftoppm / pdffonts) for PDF checks
#   - Debian chromium + chromium-driver for end-to-end tests (Playwright drives
#     /usr/bin/chromium; `playwright install` is never run: no browser downloads)
#   - the Python `playwright` package in the project venv, if a venv exists
# Chinese glyphs come from the font the project ships in
# src/zhicheng/documents/static/fonts/; the only system CJK font installed is the
# Extension B fallback above.
# Set ZHICHENG_SYSTEM_CJK_FONT=1 to also install fonts-wqy-microhei (~1.6 MB) as a
# system-wide fontconfig CJK fallback.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"

PACKAGES=(
  # WeasyPrint (dlopen'ed via cffi)
  libglib2.0-0 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0
  libfontconfig1 fontconfig
  # CJK Extension B (and later) characters in names, which Noto Sans SC lacks: the fallback font of the
  # recognition form (reportlab) and, through fontconfig, of the WeasyPrint documents (11 MB download)
  fonts-babelstone-han
  # PDF inspection
  poppler-utils
  # browser for e2e tests
  chromium chromium-driver
)
if [[ "${ZHICHENG_SYSTEM_CJK_FONT:-0}" == "1" ]]; then
  PACKAGES+=(fonts-wqy-microhei)
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "install-system-deps: need root to install: ${missing[*]}" >&2
    exit 1
  fi
  echo "install-system-deps: installing ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

for cmd in pdftotext pdftoppm pdffonts chromium chromedriver; do
  command -v "$cmd" >/dev/null || { echo "install-system-deps: $cmd missing" >&2; exit 1; }
done

if [[ -x "$VENV/bin/python" ]] && ! "$VENV/bin/python" -c 'import playwright' 2>/dev/null; then
  echo "install-system-deps: pip install playwright into $VENV"
  "$VENV/bin/python" -m pip install -q 'playwright>=1.45'
fi
