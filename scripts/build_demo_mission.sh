#!/usr/bin/env bash
# Rebuilds the demonstration mission (a fictional UN-AU protection-of-civilians training scenario) from its
# edit operations, through the same `entente edit` vocabulary a user's script would use.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/assets/demo/shared_shield.entente.gpkg
rm -f "$out"
"${ENTENTE:-$root/build/app/entente}" edit "$out" --apply "$root/assets/demo/mission_demo.ops.json"
