#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Long solves: --time-limit and SIGINT/SIGTERM return the best found with status time_limit
# and its gap, within a second, written atomically; a second signal ends the program and
# leaves the previous output file intact; sweep forwards the signal to its workers. Routes a
# generated 750-node, 64-site network with paths of at most twice the least delay: no packing
# starts that solve (the packing knows no stretch) and its pricing runs Yen's k shortest paths,
# so it takes minutes (without the stretch it is proven optimal in about two seconds).
set -u
cd "$(dirname "$0")/../.." || exit 1
BIN=${FIBERPLAN:-${B:-build}/fiberplan}
# Sanitizer builds run several times slower: check-asan sets FIBERPLAN_TIME_FACTOR=3.
factor=${FIBERPLAN_TIME_FACTOR:-1}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
python3 benchmarks/gen_topology.py --nodes 750 --spans 900 --sites 64 --seed 2 > "$tmp/g64.graphml"

status_of() {   # JSON file -> "status gap"
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); s=d["solver"]; print(s["status"], s["gap"], d["collective"]["throughput_gbps"] > 0)' "$1"
}

# 1. --time-limit
start=$(date +%s.%N)
"$BIN" route "$tmp/g64.graphml" --max-stretch 2 -q --json --time-limit 2 -o "$tmp/tl.json" 2> "$tmp/err"
rc=$?
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
read -r st gap pos < <(status_of "$tmp/tl.json" 2>/dev/null)
if [ "$rc" = 0 ] && [ "$st" = time_limit ] && [ "$pos" = True ] && [ "$gap" != None ] &&
   [ "$(echo "$elapsed < 5 * $factor" | bc)" = 1 ]; then ok; else bad "--time-limit 2: exit $rc, status $st, gap $gap, ${elapsed}s"; fi

# 2. one SIGINT, and 3. one SIGTERM: the best found within a second
for sig in INT TERM; do
    "$BIN" route "$tmp/g64.graphml" --max-stretch 2 -q --json -o "$tmp/$sig.json" 2> "$tmp/err" &
    pid=$!
    sleep 2
    start=$(date +%s.%N)
    kill -"$sig" "$pid"
    wait "$pid"
    rc=$?
    elapsed=$(echo "$(date +%s.%N) - $start" | bc)
    read -r st gap pos < <(status_of "$tmp/$sig.json" 2>/dev/null)
    if [ "$rc" = 0 ] && [ "$st" = time_limit ] && [ "$pos" = True ] &&
       [ "$(echo "$elapsed < 1 * $factor" | bc)" = 1 ]; then
        ok
    else
        bad "SIG$sig: exit $rc, status $st, ${elapsed}s"
    fi
done

# 4. two SIGINTs: the program ends by the signal, the previous file stays whole, no temp file
echo '{"previous": true}' > "$tmp/keep.json"
"$BIN" route "$tmp/g64.graphml" --max-stretch 2 -q --json -o "$tmp/keep.json" 2> "$tmp/err" &
pid=$!
sleep 1
kill -INT "$pid"; sleep 0.01; kill -INT "$pid" 2> /dev/null
wait "$pid"
rc=$?
if { [ "$rc" = 130 ] && [ "$(cat "$tmp/keep.json")" = '{"previous": true}' ]; } ||
   { [ "$rc" = 0 ] && [ "$(status_of "$tmp/keep.json" | cut -d' ' -f1)" = time_limit ]; }; then
    ok   # killed with the old file intact, or it had already finished writing the new one
else
    bad "two SIGINTs: exit $rc, $(head -c 80 "$tmp/keep.json")"
fi
if ls "$tmp"/.*.tmp* "$tmp"/*.tmp* > /dev/null 2>&1; then bad "temporary files left"; else ok; fi

# 5. sweep in two worker processes: SIGINT reaches the workers through the parent; every
# budget comes back (status time_limit) within a second and no worker is left behind
"$BIN" sweep topologies/stargate-us.graphml --budgets 2e7,1e8,3e7 --modular --jobs 2 -q --json \
    -o "$tmp/sweep.json" 2> "$tmp/err" &
pid=$!
sleep 2
start=$(date +%s.%N)
kill -INT "$pid"
wait "$pid"
rc=$?
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
st=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["solver"]["status"], len(d["frontier"]))' "$tmp/sweep.json" 2>/dev/null)
if [ "$rc" = 0 ] && [ "$st" = "time_limit 3" ] && [ "$(echo "$elapsed < 1 * $factor" | bc)" = 1 ] &&
   ! pgrep -f "sweep.json" > /dev/null; then
    ok
else
    bad "sweep --jobs 2 SIGINT: exit $rc, status/points $st, ${elapsed}s"
fi

# 6. failures in two worker processes, SIGTERM to the whole process group (as a service
# manager or `kill -- -PGID` sends it): the workers get it twice (directly, then forwarded by
# the parent) and must not die of it; every scenario comes back, those cut short marked
# time_limit with at most the intact theta, the solver status time_limit
python3 benchmarks/gen_topology.py --nodes 750 --sites 16 --seed 7 > "$tmp/g16.graphml"
for delay in 2 3; do   # twice: a worker forked just after the stop request is the racy case
setsid "$BIN" failures "$tmp/g16.graphml" --jobs 2 -q --json -o "$tmp/fail.json" 2> "$tmp/err" &
pid=$!
sleep "$delay"
start=$(date +%s.%N)
kill -TERM -- -"$pid"
wait "$pid"
rc=$?
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
st=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
f, top = d["failures"], d["intact"]["throughput_gbps"]
cut = [s for s in f if s["status"] == "time_limit"]
ok = all(s["throughput_gbps"] <= top * (1 + 1e-9) for s in cut)
print(d["solver"]["status"], len(f), len(cut) > 0, ok)' "$tmp/fail.json" 2>/dev/null)
# (within a second: the scenarios not begun answer from the intact trees, in-process; a forked
# worker each for a first master solve had taken 1-1.5 s here natively, 6-10 s under ASan)
if [ "$rc" = 0 ] && [ "$st" = "time_limit 932 True True" ] && [ "$(echo "$elapsed < 1 * $factor" | bc)" = 1 ]; then
    ok
else
    bad "failures --jobs 2 SIGTERM to the group after ${delay}s: exit $rc, status/scenarios/cut/bounded $st, ${elapsed}s, $(head -c 200 "$tmp/err")"
fi
done

# 7. a continuous --target-time plan on a 600-node, 24-site network (6-7 s; under ASan not
# much longer, GLPK is not instrumented), SIGTERM at 1 s x the time factor, while it walks the
# budget: the best plan so far within a second (it took 3 s: the re-route of the
# fixed plan began with seconds of simplex phase 1), status time_limit, a plan that buys
# something and routes more than the network as it stands (4,266.67 Gbit/s; a route of the
# planned network cut short by the signal once reported 3,960 for $84M spent)
python3 benchmarks/gen_topology.py --nodes 600 --spans 720 --sites 24 --seed 3 > "$tmp/g24.graphml"

# target_stop NAME SECONDS PLAN-ARGS...: plan on g24 with PLAN-ARGS, SIGTERM after SECONDS x
# the time factor; it must end within a second with status time_limit, a plan that buys
# something and more theta than today's network.
target_stop() {
    name=$1 after=$2
    shift 2
    "$BIN" plan "$tmp/g24.graphml" "$@" -q --json -o "$tmp/target.json" 2> "$tmp/err" &
    pid=$!
    sleep $((after * factor))
    start=$(date +%s.%N)
    kill -TERM "$pid"
    wait "$pid"
    rc=$?
    elapsed=$(echo "$(date +%s.%N) - $start" | bc)
    st=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["solver"]["status"], d["plan"]["cost_usd"] > 0, d["collective"]["throughput_gbps"] > 4266.67)' "$tmp/target.json" 2>/dev/null)
    if [ "$rc" = 0 ] && [ "$st" = "time_limit True True" ] && [ "$(echo "$elapsed < 1 * $factor" | bc)" = 1 ]; then
        ok
    else
        bad "$name SIGTERM at 600 nodes: exit $rc, status/spent/theta $st, ${elapsed}s, $(head -c 200 "$tmp/err")"
    fi
    rm -f "$tmp/target.json"
}
target_stop "plan --target-time" 1 --target-time 1.36

# 8. the same network, --modular: SIGTERM while the budget walks up, where a step's first
# solve spends seconds in primal phase 1 (it took 1.7-3.5 s at 5-8 s: a solve stopped only on
# a feasible basis).
target_stop "plan --target-time --modular" 5 --target-time 1.36 --modular

# 9. the same, SIGTERM at 7 s, in the min-cost phase after the latency rounds: the walk's
# budget row, freed while tight, sat at $0 and that phase began with 10-20 s of primal phase 1
# that no stop could cut (18 s after the signal; lp.c fp_lp_set_row_free now pivots the row
# into the basis first).
target_stop "plan --target-time --modular (min-cost phase)" 7 --target-time 1.36 --modular

echo "signal: $pass passed, $fail failed"
[ "$fail" = 0 ]
