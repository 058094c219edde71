#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Validates real `--json` outputs of check, bound, route, plan, sweep and failures against
# docs/result.schema.json (schema fiberplan.result/1) with an independent validator
# (python3-jsonschema, tests/schema/validate.py), then every JSON golden of the e2e suite, and
# checks that the schema rejects broken results (so a passing validation means something), and
# that no number carries solver noise (issue 23: utilization 1.00000000000001).
set -u
cd "$(dirname "$0")/../.." || exit 1
BIN=${FIBERPLAN:-${B:-build}/fiberplan}
SCHEMA=docs/result.schema.json
if ! python3 -c 'import jsonschema' 2>/dev/null; then
    echo "skipped: python3-jsonschema absent"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
S=topologies/stargate-us.graphml F=topologies/fairwater-aiwan.graphml A=topologies/abilene-campus.graphml
n=0
run() {    # run NAME ARGS...: one result into $tmp/NAME.json
    local name=$1; shift
    if "$BIN" "$@" --json -q -o "$tmp/$name.json" 2> "$tmp/err"; then
        n=$((n + 1))
    else
        echo "FAIL $name: fiberplan $*: $(head -c 300 "$tmp/err")"; fail=$((fail + 1))
    fi
}
run check-stargate check $S
run check-nodes check --nodes tests/e2e/data/good/zoo-labels.graphml
run bound-stargate bound $S
run bound-fairwater bound $F
run route-tree route $S
run route-ring route $F --collective ring
run route-direct route $A --collective direct
run route-all route $F --collective all
run route-demands route $S --demands tests/e2e/data/demands/stargate.csv
run route-arcflow route $F --formulation arcflow
run route-single-path route $F --single-path
run route-step route $F --compute-time 0.05 --utilization 0.9
run route-workload route $S --workload topologies/stargate-us-workload.json
run route-workload-one route $F --workload tests/e2e/data/workloads/one-job-ring.json
run plan-budget plan $S --budget 1e8
run plan-target plan $F --target-time 0.3
run plan-modular plan $F --budget 2e7 --modular --time-limit 20
run plan-survive plan $F --budget 1e8 --survive span
run plan-workload plan $S --workload topologies/stargate-us-workload.json --budget 1e8
run plan-workload-target plan $A --workload tests/e2e/data/workloads/campus.json --target-time 0.03
run plan-workload-survive plan tests/workload/survive.graphml --workload tests/workload/survive.json --budget 100 --survive span
run plan-phases plan $S --phases topologies/stargate-us.phases.json
run plan-phases-three plan tests/phases/three.graphml --phases tests/phases/three.phases.json
run sweep sweep $F --budgets 0,1e7,1e8
run check-optics check $S --cost-model default
run plan-optics plan $S --budget 1e8 --cost-model default
run plan-optics-modular plan $F --budget 2e7 --modular --cost-model default --time-limit 20
run sweep-modular sweep $F --budgets 0,2e7 --modular --time-limit 20
run failures-span failures $F
run failures-srlg failures $S --by srlg
run failures-workload failures $S --workload topologies/stargate-us-workload.json
run failures-workload-campus failures $A --workload tests/e2e/data/workloads/campus.json --by srlg
run failures-workload-one failures $F --workload tests/e2e/data/workloads/one-job-ring.json
run sweep-workload sweep $S --workload topologies/stargate-us-workload.json --budgets 0,1e8,5e8
if [ "$n" -gt 0 ]; then
    python3 tests/schema/validate.py "$SCHEMA" "$tmp"/*.json > "$tmp/v" 2>&1
    grep -v '^ok ' "$tmp/v"
    pass=$((pass + $(grep -c '^ok ' "$tmp/v"))); fail=$((fail + $(grep -c '^FAIL ' "$tmp/v")))
fi
# JSON keeps full precision but snaps solver noise: no real sits within 1e-9 of a round number
if [ "$n" -gt 0 ]; then
    python3 tests/schema/validate.py --noise "$tmp"/*.json > "$tmp/v" 2>&1
    grep -v '^ok ' "$tmp/v"
    pass=$((pass + $(grep -c '^ok ' "$tmp/v"))); fail=$((fail + $(grep -c '^FAIL ' "$tmp/v")))
fi
# every exit-0 --json golden of the e2e suite (their stdout is a result)
mkdir -p "$tmp/golden"
for c in tests/e2e/cases/*.case; do
    grep -q '^args: .*--json' "$c" && grep -q '^exit: 0$' "$c" || continue
    grep -qE '^args: (export|report)' "$c" && continue
    sed -n '/^--- stdout$/,/^--- stderr$/p' "$c" | sed '1d;$d' > "$tmp/golden/$(basename "$c" .case).json"
done
python3 tests/schema/validate.py "$SCHEMA" "$tmp"/golden/*.json > "$tmp/v" 2>&1
grep -v '^ok ' "$tmp/v"
pass=$((pass + $(grep -c '^ok ' "$tmp/v"))); fail=$((fail + $(grep -c '^FAIL ' "$tmp/v")))
# the schema rejects broken copies of real results
for f in "$tmp"/route-tree.json "$tmp"/route-workload.json "$tmp"/route-workload-one.json "$tmp"/plan-budget.json "$tmp"/sweep.json "$tmp"/failures-span.json \
         "$tmp"/bound-stargate.json "$tmp"/failures-workload.json "$tmp"/sweep-workload.json; do
    [ -f "$f" ] || continue
    if python3 tests/schema/validate.py --mutate "$SCHEMA" "$f" > "$tmp/v" 2>&1; then
        pass=$((pass + 1))
    else
        cat "$tmp/v"; fail=$((fail + 1))
    fi
done
# cost models (docs/costs.schema.json): the shipped default validates; broken ones are rejected
python3 tests/schema/validate.py docs/costs.schema.json docs/costs-default.json tests/e2e/data/costs/*.json > "$tmp/v" 2>&1
grep -v '^ok ' "$tmp/v"
pass=$((pass + $(grep -c '^ok ' "$tmp/v"))); fail=$((fail + $(grep -c '^FAIL ' "$tmp/v")))
for f in tests/bad-input/data/costs-*.json; do
    if python3 tests/schema/validate.py docs/costs.schema.json "$f" > /dev/null 2>&1; then
        echo "FAIL docs/costs.schema.json accepts $f"; fail=$((fail + 1))
    else
        pass=$((pass + 1))
    fi
done
# workload files (docs/workload.schema.json): the shipped and e2e ones validate; the bad-input
# ones with a defect the schema can see are rejected
python3 tests/schema/validate.py docs/workload.schema.json topologies/*-workload.json \
    tests/e2e/data/workloads/*.json > "$tmp/v" 2>&1
grep -v '^ok ' "$tmp/v"
pass=$((pass + $(grep -c '^ok ' "$tmp/v"))); fail=$((fail + $(grep -c '^FAIL ' "$tmp/v")))
for f in wrong-schema no-jobs weight-zero weight-negative unknown-key one-site target-zero; do
    if python3 tests/schema/validate.py docs/workload.schema.json "tests/bad-input/data/workload-$f.json" \
        > /dev/null 2>&1; then
        echo "FAIL docs/workload.schema.json accepts tests/bad-input/data/workload-$f.json"; fail=$((fail + 1))
    else
        pass=$((pass + 1))
    fi
done
# phases files (docs/phases.schema.json): the shipped and test ones validate; the bad-input ones
# with a defect the schema can see are rejected
python3 tests/schema/validate.py docs/phases.schema.json topologies/*.phases.json tests/phases/*.phases.json \
    > "$tmp/v" 2>&1
grep -v '^ok ' "$tmp/v"
pass=$((pass + $(grep -c '^ok ' "$tmp/v"))); fail=$((fail + $(grep -c '^FAIL ' "$tmp/v")))
for f in bad-schema negative-budget unknown-key no-budget; do
    if python3 tests/schema/validate.py docs/phases.schema.json "tests/bad-input/data/phases-$f.json" \
        > /dev/null 2>&1; then
        echo "FAIL docs/phases.schema.json accepts tests/bad-input/data/phases-$f.json"; fail=$((fail + 1))
    else
        pass=$((pass + 1))
    fi
done
echo "schema: $pass passed, $fail failed"
[ "$fail" = 0 ]
