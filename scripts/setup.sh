#!/usr/bin/env bash
# Create .venv (once) and install plankg into it with the given extras.
# Sourced by run.sh and test.sh; safe to run again (it only adds what is missing).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${PLANKG_VENV:-$here/.venv}"
extras="${1:-}"
if [ ! -x "$venv/bin/python" ]; then
  echo "setup: creating $venv" >&2
  if ! python3 -m venv "$venv"; then
    # Debian's python3 ships venv's pip bootstrap separately
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      rm -rf "$venv"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
      python3 -m venv "$venv"
    else
      echo "setup: python3 cannot create a venv: run 'sudo apt-get install python3-venv'" >&2
      exit 1
    fi
  fi
  "$venv/bin/python" -m pip install --quiet --upgrade pip
fi
spec="$here"
[ -n "$extras" ] && spec="$here[$extras]"
echo "setup: installing plankg${extras:+[$extras]} into $venv" >&2
"$venv/bin/python" -m pip install --quiet -e "$spec"
