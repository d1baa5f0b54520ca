#!/usr/bin/env bash
# Prints the path of a Python >= 3.12 interpreter, or explains which one to install.
set -u
candidates=(python3.13 python3.12)
for root in "${PYENV_ROOT:-$HOME/.pyenv}/versions" /usr/local/bin /usr/bin; do
  for p in "$root"/3.13*/bin/python3.13 "$root"/3.12*/bin/python3.12 "$root"/python3.13 "$root"/python3.12; do
    [ -x "$p" ] && candidates+=("$p")
  done
done
candidates+=(python3)
for c in "${candidates[@]}"; do
  if "$c" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then
    command -v "$c" 2>/dev/null || echo "$c"
    exit 0
  fi
done
echo "zhicheng needs Python 3.12 or newer (Django 6). Install it, e.g. 'pyenv install 3.12' or 'apt-get install python3.12 python3.12-venv', then run make again." >&2
exit 1
