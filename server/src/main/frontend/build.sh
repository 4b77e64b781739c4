#!/usr/bin/env bash
# Builds the console's front end (src/) with esbuild into ../resources/static/console/assets/, which is committed:
# the Java build serves those files from the jar and needs no Node.
#
#   ./build.sh           npm ci, then rebuild the assets
#   ./build.sh --check   npm ci, build into a temporary folder and fail if the committed assets differ (used by CI)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
ASSETS=../resources/static/console/assets

for tool in node npm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "[console/build] '$tool' is required but not on PATH" >&2; exit 1; }
done
npm ci --no-audit --no-fund --prefer-offline --loglevel=error

case "${1:-}" in
  "")
    node build.mjs "$ASSETS"
    echo "[console/build] built $ASSETS" >&2 ;;
  --check)
    scratch="$(mktemp -d)"
    trap 'rm -rf "$scratch"' EXIT
    node build.mjs "$scratch"
    if ! diff -r "$scratch" "$ASSETS"; then
      echo "[console/build] ERROR: $ASSETS is not what src/ builds to: run server/src/main/frontend/build.sh and commit" >&2
      exit 1
    fi
    echo "[console/build] $ASSETS is current" >&2 ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac
