#!/usr/bin/env bash
# The masterykit demo: validate the sample pre-algebra course, print its learnable order,
# and plan a learner's path to a goal.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release --locked -p masterykit-cli
mk=target/release/masterykit
course=examples/prealgebra.json

echo "== masterykit validate $course"
"$mk" validate "$course"
echo
echo "== masterykit order $course"
"$mk" order "$course"
echo
echo "== masterykit path $course --to percent-change --known place-value,add-whole,sub-whole"
"$mk" path "$course" --to percent-change --known place-value,add-whole,sub-whole
echo
echo "== masterykit gaps $course --skill frac-add --known place-value,add-whole,sub-whole,mul-whole,div-whole,frac-intro"
"$mk" gaps "$course" --skill frac-add --known place-value,add-whole,sub-whole,mul-whole,div-whole,frac-intro
echo
echo "== masterykit lint examples/fractions.toml"
"$mk" lint examples/fractions.toml
echo
echo "== masterykit replay --curriculum $course --policy khan-2025 examples/events.jsonl  (last changes)"
"$mk" replay --curriculum "$course" --policy khan-2025 examples/events.jsonl | tail -12
echo
echo "== masterykit report ... goal ana --scope unit:whole-numbers --due 2026-09-30 --now 2026-09-12"
"$mk" report --curriculum "$course" examples/events.jsonl goal ana --scope unit:whole-numbers --due 2026-09-30 --now 2026-09-12
echo
tmp=$(mktemp -d)
echo "== masterykit synthesize / fit / evaluate  (BKT on 3 skills x 2,000 learners x 20 steps)"
"$mk" synthesize --skills 3 --learners 2000 --steps 20 --seed 7 -o "$tmp/log.csv" --params "$tmp/truth.json"
"$mk" fit "$tmp/log.csv" --seed 42 -o "$tmp/model.json"
echo -n "fitted model:          "
"$mk" evaluate "$tmp/log.csv" --model "$tmp/model.json"
echo -n "true model (the truth): "
"$mk" evaluate "$tmp/log.csv" --model "$tmp/truth.json"
rm -rf "$tmp"
echo
echo "== masterykit simulate --curriculum $course --learners 10000  (fixed pace vs mastery thresholds)"
"$mk" simulate --curriculum "$course" --learners 10000
