#!/usr/bin/env bash
# The main job on a fresh machine: install plankg, build the bundled plans,
# write the graph files to out/ (override with OUT=...).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/scripts/setup.sh"
venv="${PLANKG_VENV:-$here/.venv}"
out="${OUT:-$here/out}"
"$venv/bin/plankg" build --out "$out" --with-ontology
