#!/usr/bin/env bash
# docs/shared/ keeps the notice, the contract and the style guide as they were handed to us, so that a clone
# stands on its own. Where the originals sit beside the repository (../shared), they must still be equal.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -d ../shared ]]; then
  echo "check-shared-copies: no ../shared beside the repository; nothing to compare"
  exit 0
fi
status=0
for part in policy contracts STYLE.md; do
  if [[ -e ../shared/$part ]] && ! diff -r "../shared/$part" "docs/shared/$part" >/dev/null; then
    echo "check-shared-copies: docs/shared/$part differs from ../shared/$part:" >&2
    diff -r "../shared/$part" "docs/shared/$part" | head -20 >&2 || true
    status=1
  fi
done
[[ $status -eq 0 ]] && echo "check-shared-copies: docs/shared equals ../shared"
exit $status
