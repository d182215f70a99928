#!/usr/bin/env bash
# Builds cachelint and its benchmark harness, generates the benchmark data, and measures everything
# docs/performance.md reports. Usage:
#
#   bench/run.sh [OUT_DIR]          (default: /tmp/cachelint-bench; needs ~700 MB of disk)
#
# Environment: JOBS=2 (build parallelism), RUNS=5 (hyperfine runs), TOTAL_MB=100 (repository size),
# SKIP_BUILD=1 (reuse build-bench/), QUICK=1 (10 MB repository, fewer runs: a smoke test of this script).
# Needs: cmake, a C++20 compiler, libbenchmark-dev, python3; optional: hyperfine, nginx, /usr/bin/time.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-/tmp/cachelint-bench}
JOBS=${JOBS:-2}
RUNS=${RUNS:-5}
TOTAL_MB=${TOTAL_MB:-100}
if [[ -n "${QUICK:-}" ]]; then TOTAL_MB=10; RUNS=2; fi
BUILD="$ROOT/build-bench"
BIN="$BUILD/cachelint"
mkdir -p "$OUT"
RESULTS="$OUT/results.txt"
: > "$RESULTS"
say() { echo "$@" | tee -a "$RESULTS"; }

say "# cachelint benchmark run, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
say "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
say "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
say "compiler: $(${CXX:-c++} --version | head -1)"
command -v hyperfine >/dev/null && say "hyperfine: $(hyperfine --version)"

# ---- build (RelWithDebInfo, the project default, no tests; the harness is behind CACHELINT_BUILD_BENCH) ---------------------
if [[ -z "${SKIP_BUILD:-}" ]]; then
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCACHELINT_BUILD_TESTS=OFF -DCACHELINT_BUILD_BENCH=ON >/dev/null
  cmake --build "$BUILD" -j"$JOBS" --target cachelint cachelint-static cachelint-bench >/dev/null
fi

# ---- data ----------------------------------------------------------------------------------------
gen() { [[ -d "$1" ]] || python3 "$ROOT/bench/generate_repo.py" "$@" >/dev/null; }
gen "$OUT/repo" --total-mb "$TOTAL_MB" --seed 1
gen "$OUT/repo-10" --total-mb 10 --seed 2
gen "$OUT/repo-50" --total-mb 50 --seed 3
for d in redis nginx varnish apache haproxy memcached; do
  [[ -d "$OUT/large/$d" ]] || python3 "$ROOT/bench/generate_repo.py" "$OUT/large" --only "$d" --min-kb 1024 --total-mb 8 --seed 1 >/dev/null
done
files=$(find "$OUT/repo" -type f | wc -l)
bytes=$(find "$OUT/repo" -type f -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
say "repository: $files files, $bytes bytes ($OUT/repo)"

# ---- the generated files must be valid configurations: no finding of a rule tagged fatal ---------
fatal_ids=$(grep -l '"fatal"' "$ROOT"/rules/*/*.toml | xargs -n1 basename | sed 's/\.toml$//' | paste -sd'|')
for d in "$OUT/repo" "$OUT/large"; do
  n=$("$BIN" check -f concise --fail-on never "$d" 2>/dev/null | grep -cE "\[($fatal_ids)\]" || true)
  say "fatal findings in $(basename "$d"): $n"
  [[ "$n" == 0 ]] || { echo "generated data has fatal findings: fix bench/generate_repo.py" >&2; exit 1; }
done

# ---- determinism: -j1 and -j2 byte-identical ------------------------------------------------------
"$BIN" check -j1 -f json --fail-on never "$OUT/repo" > "$OUT/j1.json"
"$BIN" check -j2 -f json --fail-on never "$OUT/repo" > "$OUT/j2.json"
if cmp -s "$OUT/j1.json" "$OUT/j2.json"; then say "determinism: -j1 and -j2 JSON reports identical ($(wc -c < "$OUT/j1.json") bytes)";
else say "determinism: -j1 and -j2 reports DIFFER"; exit 1; fi

# ---- in-process micro benchmarks (Google Benchmark) ----------------------------------------------
say ""
say "## Google Benchmark (in process)"
CACHELINT_BENCH_DATA="$OUT" "$BUILD/cachelint-bench" --benchmark_min_time=0.5 \
  --benchmark_out="$OUT/micro.json" --benchmark_out_format=json 2>/dev/null | tee -a "$RESULTS"

# ---- whole process over the repository, against the physical floor (cat) -------------------------
say ""
say "## Whole repository, wall time (hyperfine, $RUNS runs, warm page cache)"
if command -v hyperfine >/dev/null; then
  hyperfine -N -w 1 -r "$RUNS" -i --export-markdown "$OUT/repo.md" \
    -n cat "sh -c \"find '$OUT/repo' -type f -print0 | xargs -0 cat > /dev/null\"" \
    -n cachelint-j1 "$BIN check -j1 -f concise --fail-on never $OUT/repo" \
    -n cachelint-j2 "$BIN check -j2 -f concise --fail-on never $OUT/repo" \
    -n cachelint-j2-sarif "$BIN check -j2 -f sarif --fail-on never $OUT/repo" >/dev/null 2>&1 || true
  cat "$OUT/repo.md" | tee -a "$RESULTS"
else
  for cmd in "find $OUT/repo -type f -print0 | xargs -0 cat > /dev/null" "$BIN check -j1 -f concise --fail-on never $OUT/repo >/dev/null" \
             "$BIN check -j2 -f concise --fail-on never $OUT/repo >/dev/null"; do
    s=$(date +%s.%N); sh -c "$cmd"; e=$(date +%s.%N); say "$(echo "$e - $s" | bc) s  $cmd"
  done
fi

# ---- pre-commit case: one small file, process start to exit -----------------------------------------
say ""
say "## One small file per dialect (pre-commit), wall time from exec to exit"
small=()
for d in redis nginx varnish apache haproxy memcached; do small+=("$(find "$OUT/repo/$d" -type f | sort | sed -n 1p)"); done
if command -v hyperfine >/dev/null; then
  args=()
  # Beside `cat` of the same file (exec to exit, the floor), the dynamic and the fully static executable.
  for f in "${small[@]}"; do
    n="$(basename "$f") ($(wc -c < "$f") B)"
    args+=(-n "cat $n" "cat $f" -n "cachelint $n" "$BIN check --fail-on never $f"
           -n "cachelint-static $n" "$BUILD/cachelint-static check --fail-on never $f")
  done
  hyperfine -N -w 5 -r $((RUNS * 10)) -i --export-markdown "$OUT/small.md" "${args[@]}" >/dev/null 2>&1 || true
  cat "$OUT/small.md" | tee -a "$RESULTS"
fi

# ---- peak memory against repository size and the largest file ----------------------------------------
say ""
say "## Peak memory (max RSS, /usr/bin/time -v), -j2"
if [[ -x /usr/bin/time ]]; then
  for r in "$OUT/repo-10" "$OUT/repo-50" "$OUT/repo" "$OUT/large"; do
    rb=$(find "$r" -type f -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
    big=$(find "$r" -type f -printf '%s\n' | sort -n | tail -1)
    rss=$(/usr/bin/time -v "$BIN" check -j2 -f concise --fail-on never "$r" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}')
    say "$(basename "$r"): repository $rb bytes, largest file $big bytes, max RSS ${rss} KB"
  done
fi

# ---- beside nginx -t ---------------------------------------------------------------------------------
say ""
say "## cachelint beside nginx -t (corpus nginx main configurations, best of $RUNS)"
if [[ -d "$ROOT/../shared/corpus" ]]; then
  python3 "$ROOT/bench/nginx_compare.py" "$BIN" --shared "$ROOT/../shared" --runs "$RUNS" | tee -a "$RESULTS"
else
  say "skipped: ../shared/corpus is absent"
fi
say ""
say "results: $RESULTS"
