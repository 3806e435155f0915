#!/usr/bin/env bash
# Runs every fuzz target in fuzz/ (cargo-fuzz, libFuzzer) for SECONDS each (default 20),
# seeded from examples/ and small generated inputs, and prints executions and executions per
# second per target. An input that makes a target fail is copied to
# tests/fixtures/fuzz/<target>/, which `cargo test` replays (core/tests/fuzz_fixtures.rs),
# and the script fails. The test script runs it briefly; run it longer by hand:
#   bash scripts/fuzz.sh 600
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
# cargo-fuzz's flags (-Zsanitizer) need a nightly compiler, or this on a stable one.
export RUSTC_BOOTSTRAP=1
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install --quiet --locked cargo-fuzz@0.13.1
fi

# Seeds: a few real inputs per target; libFuzzer grows its corpus from them.
seeds=target/fuzz-seeds
rm -rf "$seeds"
mkdir -p "$seeds"
seed() { mkdir -p "$seeds/$1"; cp "${@:2}" "$seeds/$1/"; }
say() { mkdir -p "$seeds/$1"; printf '%s' "$3" > "$seeds/$1/$2"; }
cargo build --quiet --locked -p masterykit-cli
cli=target/debug/masterykit
seed curriculum_json examples/prealgebra.json tests/fixtures/graph_queries.json
seed curriculum_toml examples/fractions.toml
seed policy core/src/policy/presets/*.json
seed next_step_rules core/src/next/presets/*.json
seed jsonl_replay examples/events.jsonl
mkdir -p "$seeds/json_array_replay"
# The first 20 events as one array (awk reads it all: no reader closes a pipe early).
{ printf '['; awk '!/^#/ && NF && n++ < 20' examples/events.jsonl | paste -sd, -; printf ']'; } \
  > "$seeds/json_array_replay/events.json"
say evidence_table table.tsv $'learner\tsitting\tcontext\tskill\tscore\ttimestamp\tevent_id\nana\t1\tpractice\tadd-whole\t1\t2026-09-01T10:00:00Z\te1\nana\t1\tpractice\tadd-whole\t0.5\t2026-09-01T10:01:00Z\te1\nbo\t2\tquiz\tplace-value\t0\t2026-09-02T10:00:00Z\t\n'
$cli synthesize --skills 2 --learners 20 --steps 5 --output "$seeds/responses.csv" \
  --params "$seeds/params.json" >/dev/null
seed response_csv_fit "$seeds/responses.csv"
seed model_json "$seeds/params.json"
$cli replay examples/events.jsonl --curriculum examples/prealgebra.json \
  --snapshot "$seeds/snapshot.json" >/dev/null
$cli replay examples/events.jsonl --curriculum examples/prealgebra.json --policy probability-0.95 \
  --snapshot "$seeds/snapshot-probability.json" >/dev/null
seed snapshot "$seeds/snapshot.json" "$seeds/snapshot-probability.json"
say timestamp text "2026-09-01T10:00:00.250+02:00"
say timestamp date "2026-09-01"
say timestamp seconds $'\x00\x5e\x93\x6a\x00\x00\x00\x00'
say evidence_columns rows "abcdefghijklmnop"
say scope_and_teaching unit "unit:whole-numbers"
say scope_and_teaching skills "skills:add-whole,place-value"
say scope_and_teaching teaching "mastery:0.95:40"
say placement options '{"careless": 0.05, "lucky": 0.2, "max_questions": 4, "selector": "half_split", "prior": {"add-whole": 0.9}}'
say placement csv $'skill,correct\nadd-whole,1\nplace-value,n\n'
say placement jsonl $'{"skill": "add-whole", "correct": true}\n{"skill": "mul-whole", "correct": 0}\n'
seed roster examples/roster.json
say roster change '{"roster": {"op": "enrol", "class": "support", "learners": ["eve"]}}'
{ head -5 examples/events.jsonl; printf '%s\n' '{"roster": {"op": "add_assignment", "assignment": {"id": "a", "skills": ["place-value"], "class": "period-1", "due": "2026-09-02"}}}'; sed -n 6,12p examples/events.jsonl; } > "$seeds/roster/mixed.jsonl"
seed case_package tests/fixtures/interop/case_package.json
seed xapi_statements tests/fixtures/interop/xapi_statements.json
seed caliper_events tests/fixtures/interop/caliper_envelope.json

cd fuzz
if ! built=$(cargo fuzz build --release --debug-assertions 2>&1); then
  echo "$built"
  exit 1
fi
printf '\n%-22s %12s %10s\n' target executions "exec/s"
failed=0
for target in $(cargo fuzz list); do
  corpus="../target/fuzz-corpus/$target"
  mkdir -p "$corpus"
  log="../target/fuzz-$target.log"
  if cargo fuzz run --release --debug-assertions "$target" "$corpus" "../$seeds/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=4096 -print_final_stats=1 >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    printf '%-22s %12s %10s\n' "$target" "${runs:-?}" "${rate:-?}"
  else
    failed=1
    printf '%-22s %s\n' "$target" "FAILED (log: target/fuzz-$target.log)"
    mkdir -p "../tests/fixtures/fuzz/$target"
    for crash in artifacts/"$target"/*; do
      [ -e "$crash" ] && cp "$crash" "../tests/fixtures/fuzz/$target/"
    done
    tail -40 "$log"
  fi
done
exit "$failed"
