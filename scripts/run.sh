#!/usr/bin/env bash
# The main job on a fresh machine: install plankg, build the bundled plans,
# write the graph files, the plan portal (out/site/), the network views and the ontology docs to out/
# (override with OUT=...). Open out/index.html.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/scripts/setup.sh"
venv="${PLANKG_VENV:-$here/.venv}"
out="${OUT:-$here/out}"
plankg="$venv/bin/plankg"
"$plankg" build --out "$out" --with-ontology --site
graph="$out/plankg.trig"
"$plankg" view --graph "$graph" --layout plan --plan lang-son-2021-2030 --out "$out" -q
"$plankg" view --graph "$graph" --out "$out" -q
"$plankg" view --graph "$graph" --cross-plan --out "$out" -q
"$plankg" docs --out "$out" -q
echo "open $out/index.html" >&2
