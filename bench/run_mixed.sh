#!/usr/bin/env bash
# The two repository benchmarks of docs/performance.md beside `cat` of the same bytes:
#   - a repository where half the files are YAML (compose, Kubernetes, Helm values, and YAML with no cache
#     setting: CI workflows, OpenAPI documents, Ansible variables): target within 2.5x of cat;
#   - a whole service repository: configurations, templates (.j2/.erb/.tmpl/.tftpl), compose and Kubernetes
#     files, Markdown, JSON, shell, Python sources and PNG images: target within 2x of cat.
# Usage: bench/run_mixed.sh [OUT_DIR]   (default /tmp/cachelint-bench-mixed; ~150 MB of disk)
# Environment as bench/run.sh: RUNS=5, SKIP_BUILD=1 (reuse build-bench/), TOTAL_MB=50 (each repository),
# BIN=path (a cachelint binary to measure instead of build-bench/cachelint).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-/tmp/cachelint-bench-mixed}
JOBS=${JOBS:-2}
RUNS=${RUNS:-5}
TOTAL_MB=${TOTAL_MB:-50}
BUILD="$ROOT/build-bench"
BIN=${BIN:-$BUILD/cachelint}
mkdir -p "$OUT"
RESULTS="$OUT/results.txt"
: > "$RESULTS"
say() { echo "$@" | tee -a "$RESULTS"; }

say "# cachelint mixed-repository benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
say "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
say "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
command -v hyperfine >/dev/null && say "hyperfine: $(hyperfine --version)"

if [[ -z "${SKIP_BUILD:-}" && "$BIN" == "$BUILD/cachelint" ]]; then
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCACHELINT_BUILD_TESTS=OFF >/dev/null
  cmake --build "$BUILD" -j"$JOBS" --target cachelint >/dev/null
fi

fatal_ids=$(grep -l '"fatal"' "$ROOT"/rules/*/*.toml | xargs -n1 basename | sed 's/\.toml$//' | paste -sd'|')
for mix in yaml repo; do
  repo="$OUT/$mix"
  [[ -d "$repo" ]] || python3 "$ROOT/bench/generate_repo.py" "$repo" --total-mb "$TOTAL_MB" --seed 1 --mix "$mix" >/dev/null
  files=$(find "$repo" -type f | wc -l)
  bytes=$(find "$repo" -type f -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
  say ""
  say "## --mix $mix: $files files, $bytes bytes ($repo)"
  for d in "$repo"/*/; do
    say "  $(basename "$d"): $(find "$d" -type f | wc -l) files, $(find "$d" -type f -print0 | du -cb --files0-from=- | tail -1 | cut -f1) bytes"
  done
  n=$("$BIN" check -f concise --fail-on never "$repo" 2>/dev/null | grep -cE "\[($fatal_ids)\]" || true)
  say "fatal findings: $n"
  [[ "$n" == 0 ]] || { echo "generated data has fatal findings: fix bench/generate_repo.py" >&2; exit 1; }
  hyperfine -N -w 1 -r "$RUNS" -i --export-markdown "$OUT/$mix.md" \
    -n cat "sh -c \"find '$repo' -type f -print0 | xargs -0 cat > /dev/null\"" \
    -n cachelint-j1 "$BIN check -j1 -f concise --fail-on never $repo" \
    -n cachelint-j2 "$BIN check -j2 -f concise --fail-on never $repo" >/dev/null 2>&1 || true
  tee -a "$RESULTS" < "$OUT/$mix.md"
done
say ""
say "results: $RESULTS"
