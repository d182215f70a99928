#!/usr/bin/env bash
# Runs cachelint for the GitHub Action: annotations (or text) in the log, SARIF for code scanning,
# a Markdown summary for the run page, and the exit code as an output (the action fails afterwards,
# so the SARIF upload still happens). Inputs arrive as CL_* environment variables, never interpolated.
set -uo pipefail
cachelint="${CACHELINT:-cachelint}"
sarif="${CL_SARIF:-cachelint.sarif}"
args=(check --fail-on "${CL_FAIL_ON:-warning}" --report "sarif:$sarif")
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
args+=(--report "json:$tmp/report.json")
[ -n "${CL_CONFIG:-}" ] && args+=(--config "$CL_CONFIG")
[ -n "${CL_BASELINE:-}" ] && args+=(--baseline "$CL_BASELINE")
if [ "${CL_ANNOTATIONS:-true}" = true ]; then args+=(--format github); else args+=(--format text); fi
read -r -a extra <<< "${CL_EXTRA:-}"
read -r -a paths <<< "${CL_PATHS:-.}"
[ "${#paths[@]}" -eq 0 ] && paths=(.)
set +e
"$cachelint" "${args[@]}" "${extra[@]}" -- "${paths[@]}"
code=$?
set -e
out="${GITHUB_OUTPUT:-/dev/null}"
echo "exit-code=$code" >> "$out"
if [ -f "$sarif" ]; then echo "sarif-file=$sarif" >> "$out"; else echo "sarif-file=" >> "$out"; fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -f "$tmp/report.json" ]; then
  python3 - "$tmp/report.json" "$code" >> "$GITHUB_STEP_SUMMARY" <<'PY' || true
import json, sys, collections
d = json.load(open(sys.argv[1]))
s = d["summary"]
print("## cachelint")
print()
print(f"{s['errors']} errors, {s['warnings']} warnings, {s['notes']} notes in {s['files']} files (exit code {sys.argv[2]}).")
by_rule = collections.Counter((f["rule"], f.get("name", "")) for f in d["findings"])
if by_rule:
    print()
    print("| Rule | Name | Findings |")
    print("|---|---|---|")
    for (rule, name), n in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"| {rule} | {name} | {n} |")
b = d.get("baseline")
if b:
    print()
    print(f"Baseline `{b['file']}`: {b['matched']} findings left out, {len(b['stale'])} stale entries.")
PY
fi
exit 0
