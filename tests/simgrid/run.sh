#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# fiberplan's ring all-reduce prediction against a SimGrid simulation of the same ring on the
# platform `fiberplan export --format simgrid` writes. SimGrid routes every host pair on one
# path, so fiberplan predicts with --single-path (each pair on its least-delay path, as in the
# export); SimGrid runs its CM02 max-min flow model with no TCP window cap and no cross
# traffic, the closest to MODEL.md's fluid model. They must agree within 10% on stargate-us
# and two Topology Zoo networks (those skipped without ../shared/data). docs/validation.md
# says what each model leaves out. Skipped when libsimgrid-dev is not installed.
#
# Then the tree all-reduce: tests/simgrid/tree_allreduce.cpp (SimGrid's C++ S4U API) runs the
# schedule of `fiberplan route --trainer-config` message by message on the exported platform's
# links, each tree's chunk in segments, each tree edge over the paths of paths[] split by their
# gbps and relayed hop by hop through the transit nodes, every hop paced at its planned rate.
# Compared with predicted_allreduce_s within 10% on stargate-us, fairwater-aiwan and two
# Topology Zoo networks; the same check on a schedule whose chunk fractions are rotated among
# the trees must fail (the check can fail). Segments: 1024 per tree, fewer where one would take
# under alpha = 20 us to send (docs/validation.md says why). SEGMENTS_SWEEP="1 4 16 ..." also
# prints the simulated time at each segment count (docs/validation.md's convergence table).
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

# ---- the tree all-reduce ----
TREECFG="--cfg=network/model:CM02 --cfg=network/TCP-gamma:1e18 --cfg=network/crosstraffic:0 --log=root.thres:critical"
# TCP-gamma > 0 makes CM02 honour each communication's rate cap (the pacing); 1e18 bytes of
# window bounds nothing else. tree_input.py flattens fiberplan's files for the C++ program.
SEGMENTS_MAX=1024
# tree_check MODE NAME TOPO SITES PARAMS topology-options...: MODE agree (within 10%) or
# rotated (chunk fractions rotated among the trees: must differ by more than 10%); SITES and
# PARAMS empty: the topology's own.
tree_check() {
    local mode=$1 name=$2 topo=$3 sites=$4 params=$5 job=() rotate=()
    local predicted simulated n sweep agree diff limit start
    shift 5
    [ -n "$sites" ] && job+=(--sites "$sites")
    [ "$mode" = rotated ] && rotate=(--rotate-chunks)
    if ! "$BIN" route "$topo" "$@" "${job[@]}" ${params:+--params "$params"} -q \
            --trainer-config "$tmp/tc.json" -o /dev/null 2> "$tmp/err" ||
       ! "$BIN" export "$topo" "$@" "${job[@]}" --format simgrid -o "$tmp/platform.xml" 2> "$tmp/err" ||
       ! "$BIN" export "$topo" "$@" --format graphml -o "$tmp/spans.graphml" 2> "$tmp/err" ||
       ! python3 tests/simgrid/tree_input.py spans "$tmp/spans.graphml" > "$tmp/spans.tsv" 2> "$tmp/err" ||
       ! python3 tests/simgrid/tree_input.py schedule "$tmp/tc.json" "${rotate[@]}" \
            > "$tmp/schedule.tsv" 2> "$tmp/err"; then
        echo "FAIL tree $name: $(head -c 300 "$tmp/err")"; fail=$((fail + 1)); return
    fi
    predicted=$(python3 tests/simgrid/tree_input.py predicted "$tmp/tc.json")
    n=$(python3 tests/simgrid/tree_input.py segments "$tmp/tc.json" "$SEGMENTS_MAX")
    # shellcheck disable=SC2086
    simulated=$("$tmp/tree_allreduce" "$tmp/platform.xml" "$tmp/spans.tsv" "$tmp/schedule.tsv" "$n" $TREECFG \
                2> "$tmp/sim.err" | tail -n 1)
    if python3 -c 'import sys; p, s = float(sys.argv[1]), float(sys.argv[2]); sys.exit(0 if s > 0 and abs(s - p) <= 0.10 * p else 1)' \
            "$predicted" "${simulated:-0}" 2> /dev/null; then
        agree=yes
    else
        agree=no
    fi
    if [ "$mode:$agree" = agree:yes ] || { [ "$mode:$agree" = rotated:no ] && [ -n "$simulated" ]; }; then
        pass=$((pass + 1))
        diff=$(python3 -c 'import sys; print(100 * (float(sys.argv[2]) / float(sys.argv[1]) - 1))' \
               "$predicted" "$simulated")
        if [ "$mode" = agree ]; then
            limit=$(python3 tests/simgrid/tree_input.py limit "$tmp/tc.json")
            printf 'simgrid: tree %-16s fiberplan %.5g s, SimGrid %.5g s (%+.1f%%), %s segments (limit %.5g s)\n' \
                "$name" "$predicted" "$simulated" "$diff" "$n" "$limit"
        else
            printf 'simgrid: tree %-16s fiberplan %.5g s, SimGrid %.5g s (%+.1f%%): flagged, as it must be\n' \
                "$name" "$predicted" "$simulated" "$diff"
        fi
    else
        fail=$((fail + 1))
        echo "FAIL tree $name ($mode): fiberplan $predicted s, SimGrid ${simulated:-none} s, $n segments" \
             "$(head -c 300 "$tmp/sim.err")"
    fi
    [ "$mode" = agree ] || return
    for sweep in ${SEGMENTS_SWEEP:-}; do      # above 8 n: skipped, too slow where n was capped
        [ "$sweep" -le $((8 * n)) ] || continue
        start=$(date +%s.%N)
        # shellcheck disable=SC2086
        simulated=$("$tmp/tree_allreduce" "$tmp/platform.xml" "$tmp/spans.tsv" "$tmp/schedule.tsv" "$sweep" \
                    $TREECFG 2> /dev/null | tail -n 1)
        printf 'simgrid: tree %-16s %6d segments: SimGrid %.6g s (%+.2f%%), %.1f s to simulate\n' "$name" "$sweep" \
            "$simulated" "$(python3 -c 'import sys; print(100 * (float(sys.argv[2]) / float(sys.argv[1]) - 1))' \
            "$predicted" "$simulated")" "$(python3 -c 'import sys; print(float(sys.argv[2]) - float(sys.argv[1]))' \
            "$start" "$(date +%s.%N)")"
    done
}

if ! command -v g++ > /dev/null; then
    echo "simgrid: tree checks skipped: g++ absent (a test dependency, see the Makefile's DEPS_TEST)"
elif ! g++ -std=c++17 -O2 -Wall -Wextra -Werror -o "$tmp/tree_allreduce" tests/simgrid/tree_allreduce.cpp -lsimgrid \
        2> "$tmp/cc.err"; then
    echo "FAIL tree: tree_allreduce.cpp does not build: $(head -c 300 "$tmp/cc.err")"; fail=$((fail + 1))
else
    tree_check agree stargate-us topologies/stargate-us.graphml "" ""
    tree_check rotated stargate-us-rotated topologies/stargate-us.graphml "" ""
    # a smaller model, so that the latency part weighs
    tree_check agree stargate-us-1e9 topologies/stargate-us.graphml "" 1e9
    tree_check agree fairwater-aiwan topologies/fairwater-aiwan.graphml "" ""
    if [ -d "$ZOO" ]; then
        for net in Abilene Geant2012; do
            # Topology Zoo nodes have no gpus, which --trainer-config needs: a copy with gpus = 1
            sites=$(python3 tests/shared/pick_sites.py "$ZOO/$net.graphml")
            "$BIN" export "$ZOO/$net.graphml" --default-capacity 100 --default-length 500 --format graphml \
                -o "$tmp/$net-raw.graphml" &&
                python3 tests/simgrid/tree_input.py gpus "$tmp/$net-raw.graphml" "$sites" > "$tmp/$net.graphml"
            tree_check agree "$net" "$tmp/$net.graphml" "$sites" 1e9 --default-capacity 100 --default-length 500
        done
    else
        echo "simgrid: tree on Topology Zoo networks skipped: ../shared/data absent"
    fi
fi
echo "simgrid: $pass passed, $fail failed"
[ "$fail" = 0 ]
