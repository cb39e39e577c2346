#!/usr/bin/env bash
# The test suite on a fresh machine: install plankg with its test extras and
# everything the tests drive for real (Debian's chromium and fonts, the oxigraph
# server from PyPI, ruff and mypy), run the linters, then pytest. Extra
# arguments go to pytest.
#
# Fails when any lint step fails, when any test fails, when pytest collects no
# tests, and when any test is skipped, xfailed or xpassed (PLANKG_NO_SKIP=1:
# tests/no_skips.py turns those into failures).
#
# PLANKG_LINT=1 (the default) runs `ruff check`, `ruff format --check` and
# `mypy graph_build` before pytest; PLANKG_LINT=0 leaves them out (say so when
# you use it: CI runs them).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lint="${PLANKG_LINT:-1}"

# Debian packages the tests drive: headless chromium (Playwright drives it; no browser
# download) and fonts with Vietnamese glyphs for the screenshots; Java for HermiT, the OWL 2 DL
# reasoner owlready2 bundles (tests/test_owl_dl.py); rapper, an independent RDF parser
# (tests/test_independent_parsers.py).
debian_packages=(chromium fonts-noto-core default-jre-headless raptor2-utils)
# The second real triplestore of the push tests (tests/test_virtuoso.py): Virtuoso Open Source,
# its server virtuoso-t and client isql-vt. The tests start it with their own virtuoso.ini in a
# temporary folder; Debian's own service stays stopped where the package's install cannot start it.
debian_packages+=(virtuoso-opensource)
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for package in "${debian_packages[@]}"; do
    if [ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null)" != "install ok installed" ]; then
      missing+=("$package")
    fi
  done
elif ! command -v chromium >/dev/null 2>&1 || ! command -v virtuoso-t >/dev/null 2>&1; then
  missing=("${debian_packages[@]}")
fi
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing ${missing[*]} (Debian)" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    # virtuoso-opensource's install starts its system service (port 8890, /var/lib database)
    # where it can: the tests never use it, so it is stopped again rather than left running.
    if [[ " ${missing[*]} " == *" virtuoso-opensource "* ]] && command -v service >/dev/null 2>&1; then
      service virtuoso-opensource-7 stop >/dev/null 2>&1 || true
    fi
  else
    echo "test.sh: missing ${missing[*]}: run 'sudo apt-get install ${missing[*]}'" >&2
    exit 1
  fi
fi

bash "$here/scripts/setup.sh" test
# axe-core, the accessibility checker tests/test_site.py injects into the site's pages: the npm
# registry's tarball, pinned by version and SHA-256, unpacked into .cache/ (npm when present, else curl).
axe_version=4.14.1
axe_sha256=e6b0ce02b84d892e2e33e403485e7f3d6c29e2be6df65daf44d89ba564139745
axe_dir="$here/.cache/axe-core-$axe_version"
if [ ! -f "$axe_dir/axe.min.js" ]; then
  echo "test.sh: fetching axe-core $axe_version from the npm registry" >&2
  staging="$(mktemp -d)"
  if command -v npm >/dev/null 2>&1; then
    (cd "$staging" && npm pack --silent "axe-core@$axe_version" >/dev/null)
  else
    curl -fsSL -o "$staging/axe-core-$axe_version.tgz" "https://registry.npmjs.org/axe-core/-/axe-core-$axe_version.tgz"
  fi
  echo "$axe_sha256  $staging/axe-core-$axe_version.tgz" | sha256sum -c --quiet -
  mkdir -p "$axe_dir"
  tar -xzf "$staging/axe-core-$axe_version.tgz" -C "$axe_dir" --strip-components=1 package/axe.min.js package/LICENSE
  rm -rf "$staging"
fi
export PLANKG_AXE_JS="$axe_dir/axe.min.js"

venv="${PLANKG_VENV:-$here/.venv}"
cd "$here"

failed_steps=()
if [ "$lint" = 1 ]; then
  echo "test.sh: lint (PLANKG_LINT=1): ruff check, ruff format --check, mypy graph_build" >&2
  "$venv/bin/ruff" check --output-format concise . || failed_steps+=("ruff check")
  "$venv/bin/ruff" format --check --output-format concise . || failed_steps+=("ruff format --check")
  "$venv/bin/python" -m mypy graph_build || failed_steps+=("mypy graph_build")
else
  echo "test.sh: PLANKG_LINT=$lint: ruff and mypy NOT run (CI runs them)" >&2
fi

# -p loads the no-skip plugin for the whole session, whichever paths are given
# (tests/conftest.py also loads it under PLANKG_NO_SKIP=1 for plain `pytest` runs).
set +e
PLANKG_NO_SKIP=1 "$venv/bin/python" -m pytest -p tests.no_skips "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "test.sh: pytest collected no tests: that is a failure" >&2
  status=1
fi
if [ "$status" -ne 0 ]; then
  failed_steps+=("pytest (exit $status)")
fi
if [ "${#failed_steps[@]}" -gt 0 ]; then
  printf 'test.sh: FAILED: %s\n' "${failed_steps[@]}" >&2
  exit 1
fi
if [ "$lint" = 1 ]; then
  echo "test.sh: all passed (lint and pytest)" >&2
else
  echo "test.sh: pytest passed; lint NOT run (PLANKG_LINT=$lint)" >&2
fi
