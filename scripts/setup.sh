#!/usr/bin/env bash
# Create .venv (once) and install plankg into it with the given extras.
# Sourced by run.sh and test.sh; safe to run again (it only adds what is missing).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${PLANKG_VENV:-$here/.venv}"
extras="${1:-}"
if [ ! -x "$venv/bin/python" ]; then
  echo "setup: creating $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --upgrade pip
fi
spec="$here"
[ -n "$extras" ] && spec="$here[$extras]"
echo "setup: installing plankg${extras:+[$extras]} into $venv" >&2
"$venv/bin/python" -m pip install --quiet -e "$spec"
