#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# fiberplan's ring all-reduce prediction against a SimGrid simulation of the same ring on the
# platform `fiberplan export --format simgrid` writes. SimGrid routes every host pair on one
# path, so fiberplan predicts with --single-path (each pair on its least-delay path, as in the
# export); SimGrid runs its CM02 max-min flow model with no TCP window cap and no cross
# traffic, the closest to MODEL.md's fluid model. They must agree within 10% on stargate-us
# and two Topology Zoo networks (those skipped without ../shared/data). docs/validation.md
# says what each model leaves out. Skipped when libsimgrid-dev is not installed.
set -u
cd "$(dirname "$0")/../.." || exit 1
BIN=${B:-build}/fiberplan
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! cc -std=c11 -O2 -Wall -Wextra -Werror -o "$tmp/ring_allreduce" tests/simgrid/ring_allreduce.c -lsimgrid \
        2> "$tmp/cc.err"; then
    echo "skipped: cannot build against SimGrid (apt-get install libsimgrid-dev): $(head -c 200 "$tmp/cc.err")"
    exit 77
fi
pass=0 fail=0
SIMCFG="--cfg=network/model:CM02 --cfg=network/TCP-gamma:0 --cfg=network/crosstraffic:0 --log=root.thres:critical"
check() {   # name topo sites params topology-options... (bf16: 2 bytes per parameter)
    local name=$1 topo=$2 sites=$3 params=$4 bytes
    shift 4
    bytes=$(python3 -c "print(2 * $params)")
    if ! "$BIN" route "$topo" "$@" --sites "$sites" --params "$params" --collective ring --single-path --json \
            -o "$tmp/ring.json" 2> "$tmp/err"; then
        echo "FAIL $name: route: $(cat "$tmp/err")"; fail=$((fail + 1)); return
    fi
    order=$(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["collective"]["ring_order"]))' "$tmp/ring.json")
    predicted=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["collective"]["allreduce_s"])' "$tmp/ring.json")
    "$BIN" export "$topo" "$@" --sites "$sites" --format simgrid -o "$tmp/platform.xml"
    # shellcheck disable=SC2086
    simulated=$("$tmp/ring_allreduce" "$tmp/platform.xml" "$bytes" $order $SIMCFG 2> "$tmp/sim.err" | tail -n 1)
    if python3 -c 'import sys; p, s = float(sys.argv[1]), float(sys.argv[2]); sys.exit(0 if abs(s - p) <= 0.10 * p else 1)' \
            "$predicted" "${simulated:-0}" 2> /dev/null; then
        pass=$((pass + 1))
        printf 'simgrid: %-14s fiberplan %.4g s, SimGrid %.4g s\n' "$name" "$predicted" "$simulated"
    else
        fail=$((fail + 1))
        echo "FAIL $name: fiberplan $predicted s, SimGrid ${simulated:-none} s $(head -c 300 "$tmp/sim.err")"
    fi
}

check stargate-us topologies/stargate-us.graphml \
    abilene,shackelford,milam,santa_teresa,lordstown,saline,port_washington,mt_pleasant,fairwater_atl 1.8e12
# a smaller model, so that the latency part weighs too
check stargate-us-1e9 topologies/stargate-us.graphml \
    abilene,shackelford,milam,santa_teresa,lordstown,saline,port_washington,mt_pleasant,fairwater_atl 1e9
ZOO=../shared/data/topologyzoo
if [ -d "$ZOO" ]; then
    for net in Abilene Geant2012; do
        check "$net" "$ZOO/$net.graphml" "$(python3 tests/shared/pick_sites.py "$ZOO/$net.graphml")" 1e9 \
            --default-capacity 100 --default-length 500
    done
else
    echo "simgrid: Topology Zoo networks skipped: ../shared/data absent"
fi
echo "simgrid: $pass passed, $fail failed"
[ "$fail" = 0 ]
