#!/usr/bin/env bash
# Speed benchmark: entente against GDAL (loading) and Mapnik (rendering). See docs/PERFORMANCE.md.
#
#   bench/run.sh [--runs N] [--warmup N] [--only load|render|frame|startup|export|png]... [--size WxH]
#                [--entente PATH]
#
# Generates bench/data/ if missing (bench/gen_data.py, seed 42), builds the helper programs it needs
# (bench_frame, bench_png, bench_arrow_read) in entente's build folder, then measures; prints one table of
# every figure (ours, the peer's, the ratio, the goal, met or not) and writes bench/results/latest.json (raw
# runs + medians) and bench/results/latest.md (that table, then the detailed ones).
# Needs: Debian's /usr/bin/python3 with python3-gdal, numpy and python3-mapnik; gdal-bin; GNU time
# (/usr/bin/time); xvfb-run for the window's start-up figure; a built entente (ninja -C build entente). It does
# not rebuild entente.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
ENTENTE=build/app/entente
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  if [[ "${args[$i]}" == "--entente" ]]; then ENTENTE="${args[$((i + 1))]}"; fi
done

fail() { echo "bench/run.sh: $*" >&2; exit 1; }
[[ -x "$ENTENTE" ]] || fail "$ENTENTE not built (ninja -C build entente)"
[[ -x /usr/bin/time ]] || fail "GNU time missing (apt-get install -y time)"
command -v ogr2ogr >/dev/null && command -v gdal_translate >/dev/null || fail "gdal-bin missing"
$PY -c 'import osgeo, numpy' 2>/dev/null || fail "$PY lacks python3-gdal / numpy"
$PY -c 'import mapnik' 2>/dev/null || fail "$PY lacks mapnik (apt-get install -y python3-mapnik)"

# Sources newer than the binary make the numbers describe something else: say so (do not rebuild here).
newer=$(find app geo render -newer "$ENTENTE" \( -name '*.cpp' -o -name '*.hpp' \) 2>/dev/null | head -5 || true)
[[ -z "$newer" ]] || echo "bench/run.sh: warning: sources newer than $ENTENTE (rebuild?):" $newer >&2

mkdir -p bench/data bench/results
$PY bench/gen_data.py --out bench/data --seed 42
exec $PY bench/run_bench.py "$@"
