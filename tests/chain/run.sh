#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Outputs fed back as inputs: the planned topology written by `plan --out-graphml` routes to
# the plan's throughput and T (the promise a plan makes: build it and `route` gives what the
# plan printed), with the plan's upgrades as today's capacities and nothing left to buy
# within the budget's reach; the same on generated networks of 200 and 600 nodes (T to 1e-9:
# a plan whose T came from its own master's latency phase printed 1.3601 s for 1.3551 s
# routed, 600 nodes, 24 sites); networkx reads it when python3-networkx is installed.
set -u
cd "$(dirname "$0")/../.." || exit 1
BIN=${B:-build}/fiberplan
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
theta() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["collective"]["throughput_gbps"])' "$1"; }
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["collective"][sys.argv[2]])' "$1" "$2"; }
same() { python3 -c 'import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); sys.exit(0 if abs(a - b) <= 1e-9 * max(abs(a), 1e-300) else 1)' "$1" "$2"; }
close() { python3 -c 'import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); sys.exit(0 if abs(a - b) <= 1e-6 * max(abs(a), 1) else 1)' "$1" "$2"; }

# T and T_lat of the plan against `route` on the planned network
same_time() {
    local f
    for f in allreduce_s latency_s; do
        if same "$(field "$tmp/plan.json" $f)" "$(field "$tmp/route.json" $f)"; then ok; else
            bad "plan $1: $f $(field "$tmp/plan.json" $f), routed on the planned network $(field "$tmp/route.json" $f)"
        fi
    done
}

for args in "--budget 1e8" "--budget 5e8 --modular" "--target-time 0.5"; do
    # shellcheck disable=SC2086
    if ! "$BIN" plan topologies/stargate-us.graphml $args --json -o "$tmp/plan.json" \
            --out-graphml "$tmp/planned.graphml" 2> "$tmp/err"; then
        bad "plan $args: $(cat "$tmp/err")"
        continue
    fi
    if ! "$BIN" route "$tmp/planned.graphml" --json -o "$tmp/route.json" 2> "$tmp/err"; then
        bad "route on the planned network ($args): $(cat "$tmp/err")"
        continue
    fi
    if close "$(theta "$tmp/plan.json")" "$(theta "$tmp/route.json")"; then ok; else
        bad "plan $args: theta $(theta "$tmp/plan.json"), routed again $(theta "$tmp/route.json")"
    fi
    same_time "stargate-us $args"
    # the planned network, planned again with no money, is the same network
    "$BIN" plan "$tmp/planned.graphml" --budget 0 --json -o "$tmp/again.json" 2> "$tmp/err"
    if close "$(theta "$tmp/plan.json")" "$(theta "$tmp/again.json")"; then ok; else bad "plan --budget 0 on the planned network"; fi
done

# generated continental networks (benchmarks/gen_topology.py): 200 nodes, 12 sites; 600, 24
python3 benchmarks/gen_topology.py --nodes 200 --spans 240 --sites 12 --seed 1 > "$tmp/g200.graphml"
python3 benchmarks/gen_topology.py --nodes 600 --spans 720 --sites 24 --seed 3 > "$tmp/g600.graphml"
for run in "g200 --budget 5e7" "g200 --budget 5e7 --modular --time-limit 20" "g200 --target-time 1.1653" \
           "g200 --target-time 1.1665 --modular --time-limit 20" "g600 --budget 1e8"; do
    set -- $run
    net=$1
    shift
    if ! "$BIN" plan "$tmp/$net.graphml" "$@" --json -q -o "$tmp/plan.json" \
            --out-graphml "$tmp/gen.graphml" 2> "$tmp/err"; then
        bad "plan $run: $(cat "$tmp/err")"
        continue
    fi
    if ! "$BIN" route "$tmp/gen.graphml" --json -q -o "$tmp/route.json" 2> "$tmp/err"; then
        bad "route on the planned network ($run): $(cat "$tmp/err")"
        continue
    fi
    if close "$(theta "$tmp/plan.json")" "$(theta "$tmp/route.json")"; then ok; else
        bad "plan $run: theta $(theta "$tmp/plan.json"), routed again $(theta "$tmp/route.json")"
    fi
    same_time "$run"
    target=$(echo "$run" | sed -n 's/.*--target-time \([0-9.]*\).*/\1/p')
    if [ -n "$target" ]; then
        if python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) <= float(sys.argv[2]) * (1 + 1e-9) else 1)' \
                "$(field "$tmp/route.json" allreduce_s)" "$target"; then ok; else
            bad "plan $run: the planned network routes at T $(field "$tmp/route.json" allreduce_s), over the target"
        fi
    fi
done

if python3 -c 'import networkx' 2> /dev/null; then
    if python3 -c 'import networkx as nx, sys; g = nx.read_graphml(sys.argv[1]); sys.exit(0 if (g.number_of_nodes(), g.number_of_edges()) == (28, 43) else 1)' "$tmp/planned.graphml"; then
        ok
    else
        bad "networkx.read_graphml of the planned network"
    fi
else
    echo "chain: networkx skipped: python3-networkx not installed"
fi
# Issue 19: plans priced by the default cost model (pairs lit and wavelengths). Each upgrade is
# re-derived by hand from REFERENCE.md (tests/chain/optics_check.py); the planned network, with
# its lit and dark pairs, routes to the plan's T and theta, and planned again with no money it
# is the same network.
for run in "stargate-us --budget 1e8" "fairwater-aiwan --budget 2e7 --modular" \
           "fairwater-aiwan --target-time 0.25 --modular" "g200 --budget 5e7 --modular --time-limit 20"; do
    set -- $run
    net=$1
    shift
    topo=topologies/$net.graphml
    [ -f "$topo" ] || topo=$tmp/$net.graphml
    if ! "$BIN" plan "$topo" "$@" --cost-model default --json -q -o "$tmp/plan.json" \
            --out-graphml "$tmp/optics-planned.graphml" 2> "$tmp/err"; then
        bad "plan $run --cost-model default: $(cat "$tmp/err")"
        continue
    fi
    mod=""
    case "$run" in *--modular*) mod=--modular ;; esac
    if python3 tests/chain/optics_check.py "$topo" "$tmp/plan.json" "$tmp/optics-planned.graphml" $mod > "$tmp/v"; then
        ok
    else
        bad "plan $run --cost-model default, by hand: $(cat "$tmp/v")"
    fi
    "$BIN" route "$tmp/optics-planned.graphml" --json -q -o "$tmp/route.json" 2> "$tmp/err" || bad "route: $(cat "$tmp/err")"
    if close "$(theta "$tmp/plan.json")" "$(theta "$tmp/route.json")"; then ok; else
        bad "plan $run --cost-model default: theta $(theta "$tmp/plan.json"), routed again $(theta "$tmp/route.json")"
    fi
    same_time "$run --cost-model default"
    "$BIN" plan "$tmp/optics-planned.graphml" --budget 0 --cost-model default --json -q -o "$tmp/again.json" 2> "$tmp/err"
    if close "$(theta "$tmp/plan.json")" "$(theta "$tmp/again.json")"; then ok; else
        bad "plan --budget 0 --cost-model default on the planned network ($run): $(cat "$tmp/err")"
    fi
done
# ... and with a workload (two jobs and a background on stargate-us): whole pairs, each upgrade
# by hand, the planned network routes the workload to the plan's lambda
for mod in "" --modular; do
    if "$BIN" plan topologies/stargate-us.graphml --workload topologies/stargate-us-workload.json --budget 1e8 $mod \
            --cost-model default --json -q -o "$tmp/plan.json" --out-graphml "$tmp/optics-planned.graphml" 2> "$tmp/err" &&
       python3 tests/chain/optics_check.py topologies/stargate-us.graphml "$tmp/plan.json" "$tmp/optics-planned.graphml" \
           $mod > "$tmp/v" &&
       "$BIN" route "$tmp/optics-planned.graphml" --workload topologies/stargate-us-workload.json --json -q \
           -o "$tmp/route.json" 2>> "$tmp/err" &&
       close "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["workload"]["scale"])' "$tmp/plan.json")" \
             "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["workload"]["scale"])' "$tmp/route.json")"; then
        ok
    else
        bad "plan --workload --cost-model default $mod: $(cat "$tmp/err" "$tmp/v" 2> /dev/null | head -c 400)"
    fi
done
echo "chain: $pass passed, $fail failed"
[ "$fail" = 0 ]
