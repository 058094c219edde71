#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Outputs fed back as inputs: the planned topology written by `plan --out-graphml` routes to
# the plan's throughput, with the plan's upgrades as today's capacities and nothing left to buy
# within the budget's reach; networkx reads it when python3-networkx is installed.
set -u
cd "$(dirname "$0")/../.." || exit 1
BIN=${B:-build}/fiberplan
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
theta() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["collective"]["throughput_gbps"])' "$1"; }
close() { python3 -c 'import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); sys.exit(0 if abs(a - b) <= 1e-6 * max(abs(a), 1) else 1)' "$1" "$2"; }

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
    # the planned network, planned again with no money, is the same network
    "$BIN" plan "$tmp/planned.graphml" --budget 0 --json -o "$tmp/again.json" 2> "$tmp/err"
    if close "$(theta "$tmp/plan.json")" "$(theta "$tmp/again.json")"; then ok; else bad "plan --budget 0 on the planned network"; fi
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
echo "chain: $pass passed, $fail failed"
[ "$fail" = 0 ]
