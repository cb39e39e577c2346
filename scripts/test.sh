#!/usr/bin/env bash
# The test suite on a fresh machine: install plankg with its test extras and
# everything the tests drive for real (Debian's chromium, the oxigraph server
# from PyPI), then run pytest. Extra arguments go to pytest.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Debian's chromium for the browser tests (headless; no browser is downloaded by Playwright).
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "test.sh: installing Debian's chromium" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core >/dev/null
  else
    echo "test.sh: chromium is missing: run 'sudo apt-get install chromium fonts-noto-core'" >&2
    exit 1
  fi
fi
bash "$here/scripts/setup.sh" test
venv="${PLANKG_VENV:-$here/.venv}"
cd "$here"
set +e
"$venv/bin/python" -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "test.sh: pytest collected no tests: that is a failure" >&2
  exit 1
fi
exit "$status"
