#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Re-solves the LPs that `route --write-lp` dumps (CPLEX LP format) with glpsol, a separate
# program, and checks that its optimum x the LP's capacity unit equals the theta fiberplan
# reports (to 1e-6 relative): anyone can take the model to another solver. Workloads: the
# arc-flow LP route --workload --write-lp writes, against .workload.scale (lambda); and the
# continuous budget plan LP plan --workload --budget --write-lp writes, against the plan's lambda.
set -u
cd "$(dirname "$0")/../.." || exit 1
BIN=${FIBERPLAN:-${B:-build}/fiberplan}
if ! command -v glpsol >/dev/null 2>&1; then
    echo "skipped: glpsol (glpk-utils) absent"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() {   # name, route arguments...
    local name=$1
    shift
    if ! "$BIN" route "$@" -q --json --write-lp "$tmp/m.lp" -o "$tmp/r.json" 2> "$tmp/err"; then
        echo "FAIL $name: $(cat "$tmp/err")"; fail=$((fail + 1)); return
    fi
    if ! glpsol --lp "$tmp/m.lp" -o "$tmp/sol.txt" > "$tmp/glpsol.log" 2>&1; then
        echo "FAIL $name: glpsol could not read the LP"; tail -3 "$tmp/glpsol.log"; fail=$((fail + 1)); return
    fi
    if python3 - "$tmp/r.json" "$tmp/sol.txt" <<'PY'
import json, re, sys
r = json.load(open(sys.argv[1]))
obj = float(re.search(r"Objective:\s+\S+ = ([-0-9.eE+]+)", open(sys.argv[2]).read()).group(1))
theta = r["collective"]["throughput_gbps"]
scale = 1.0 if r["collective"]["algorithm"] == "demands" else r["solver"]["lp_scale_gbps"]
sys.exit(0 if abs(obj * scale - theta) <= 1e-6 * max(1.0, theta) else 1)
PY
    then pass=$((pass + 1)); else echo "FAIL $name: glpsol's optimum differs from theta"; fail=$((fail + 1)); fi
}
for topo in stargate-us fairwater-aiwan abilene-campus; do
    for coll in tree ring direct; do
        check "$topo/$coll" "topologies/$topo.graphml" --collective "$coll"
    done
    check "$topo/tree-arcflow" "topologies/$topo.graphml" --formulation arcflow
done
check "demands" topologies/stargate-us.graphml --demands tests/e2e/data/demands/stargate.csv
# route --workload --write-lp writes the workload's arc-flow LP (every commodity an arc flow, over
# the trees column generation found): glpsol's optimum x the capacity unit is lambda (.workload.scale)
checkwl() {   # name, topology, workload
    if ! "$BIN" route "$2" --workload "$3" -q --json --write-lp "$tmp/w.lp" -o "$tmp/w.json" 2> "$tmp/err"; then
        echo "FAIL $1: $(cat "$tmp/err")"; fail=$((fail + 1)); return
    fi
    if ! glpsol --lp "$tmp/w.lp" -o "$tmp/sol.txt" > "$tmp/glpsol.log" 2>&1; then
        echo "FAIL $1: glpsol could not read the LP"; tail -3 "$tmp/glpsol.log"; fail=$((fail + 1)); return
    fi
    if python3 - "$tmp/w.json" "$tmp/sol.txt" <<'PY'
import json, re, sys
r = json.load(open(sys.argv[1]))
obj = float(re.search(r"Objective:\s+\S+ = ([-0-9.eE+]+)", open(sys.argv[2]).read()).group(1))
lam = r["workload"]["scale"]
sys.exit(0 if abs(obj * r["solver"]["lp_scale_gbps"] - lam) <= 1e-6 * max(1.0, lam) else 1)
PY
    then pass=$((pass + 1)); else echo "FAIL $1: glpsol's optimum differs from lambda"; fail=$((fail + 1)); fi
}
checkwl "workload/stargate-us" topologies/stargate-us.graphml topologies/stargate-us-workload.json
checkwl "workload/campus" topologies/abilene-campus.graphml tests/e2e/data/workloads/campus.json
checkwl "workload/ring-direct" topologies/stargate-us.graphml tests/e2e/data/workloads/stargate-ring-direct.json
checkwl "workload/fairwater" topologies/fairwater-aiwan.graphml tests/e2e/data/workloads/fairwater-two.json
# plan --workload --budget B --write-lp writes the continuous plan's LP (arc flows over the trees
# column generation found, add(e) and z(e) on the capacity rows, the budget row; objective lambda
# in Gbit/s): glpsol's optimum is the plan's lambda (.workload.scale, the planned network routed)
# and its LP bound, to 1e-6
checkplan() {   # name, topology, workload, budget
    if ! "$BIN" plan "$2" --workload "$3" --budget "$4" -q --json --write-lp "$tmp/p.lp" -o "$tmp/p.json" 2> "$tmp/err"; then
        echo "FAIL $1: $(cat "$tmp/err")"; fail=$((fail + 1)); return
    fi
    if ! glpsol --lp "$tmp/p.lp" -o "$tmp/sol.txt" > "$tmp/glpsol.log" 2>&1; then
        echo "FAIL $1: glpsol could not read the LP"; tail -3 "$tmp/glpsol.log"; fail=$((fail + 1)); return
    fi
    if python3 - "$tmp/p.json" "$tmp/sol.txt" <<'PY'
import json, re, sys
r = json.load(open(sys.argv[1]))
obj = float(re.search(r"Objective:\s+\S+ = ([-0-9.eE+]+)", open(sys.argv[2]).read()).group(1))
lam, bound = r["workload"]["scale"], r["plan"]["lp_bound_gbps"]
assert r["plan"]["cost_usd"] > 0 and r["solver"]["status"] == "optimal", r["plan"]["cost_usd"]
sys.exit(0 if abs(obj - lam) <= 1e-6 * lam and abs(obj - bound) <= 1e-6 * bound else 1)
PY
    then pass=$((pass + 1)); else echo "FAIL $1: glpsol's optimum differs from the plan's lambda"; fail=$((fail + 1)); fi
}
checkplan "plan-workload/stargate-us" topologies/stargate-us.graphml topologies/stargate-us-workload.json 5e8
checkplan "plan-workload/campus" topologies/abilene-campus.graphml tests/e2e/data/workloads/campus.json 1e7
checkplan "plan-workload/fairwater" topologies/fairwater-aiwan.graphml tests/e2e/data/workloads/fairwater-two.json 5e7
# stargate-us at $500M builds part of its candidates: their z(e) columns and built(e) rows are in it
"$BIN" plan topologies/stargate-us.graphml --workload topologies/stargate-us-workload.json --budget 5e8 -q \
    --write-lp "$tmp/c.lp" -o /dev/null
if grep -q '^ built(c03):' "$tmp/c.lp" && grep -q ' z(c03)' "$tmp/c.lp" && grep -q '^ budget:' "$tmp/c.lp"; then
    pass=$((pass + 1)); else echo "FAIL plan-workload LP: no budget row or candidate columns"; fail=$((fail + 1)); fi
echo "lp: $pass passed, $fail failed"
[ "$fail" = 0 ]
