#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Plans at the scale users work at, under a deadline (MODEL.md "Anytime planning"): a
# generated 750-node, 16-site network, --budget 2e8 --modular with --time-limit far shorter
# than the plan needs. Whatever the clock cut, the plan spends at most the budget, in whole
# modules, and routes at least what the network routes today (the do-nothing plan is an
# incumbent); its theta is the planned network's (fiberplan route on the network the plan's
# --out-graphml writes gets the same theta). Progress is reported on standard error with
# --progress (phase, incumbent, bound), never with -q; GLPK's log only with -vv. Wall-clock
# targets are checked by make bench, not here.
set -u
cd "$(dirname "$0")/../.." || exit 1
BIN=${FIBERPLAN:-${B:-build}/fiberplan}
factor=${FIBERPLAN_TIME_FACTOR:-1}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
python3 benchmarks/gen_topology.py --nodes 750 --sites 16 --seed 7 > "$tmp/g.graphml"

# today's network
"$BIN" route "$tmp/g.graphml" -q --json -o "$tmp/route.json" || bad "route exit $?"

# 1. a budget plan cut short, with progress
limit=$((4 * factor))
"$BIN" plan "$tmp/g.graphml" --budget 2e8 --modular --time-limit "$limit" --progress --json \
    -o "$tmp/plan.json" --out-graphml "$tmp/planned.graphml" 2> "$tmp/err"
rc=$?
[ "$rc" = 0 ] && ok || bad "plan --time-limit $limit: exit $rc: $(head -c 300 "$tmp/err")"
if python3 - "$tmp/route.json" "$tmp/plan.json" <<'PY'
import json, sys
route, plan = (json.load(open(p)) for p in sys.argv[1:3])
p = plan["plan"]
assert p["cost_usd"] <= 2e8 * (1 + 1e-12), p["cost_usd"]
for u in p["upgrades"]:
    assert abs(u["modules"] - round(u["modules"])) < 1e-9, u
theta, today = plan["collective"]["throughput_gbps"], route["collective"]["throughput_gbps"]
assert theta >= today * (1 - 1e-9), (theta, today)
PY
then ok; else bad "plan --time-limit $limit: over budget, fractional modules or below today's theta"; fi
# the theta reported is the planned network's own (route on the network the plan writes), or,
# when even the hard deadline cut the re-route short (a loaded machine), at most that and
# marked time_limit: a plan never promises more than its network routes
"$BIN" route "$tmp/planned.graphml" -q --json -o "$tmp/replanned.json" || bad "route of the plan exit $?"
if python3 - "$tmp/plan.json" "$tmp/replanned.json" <<'PY'
import json, sys
plan, again = (json.load(open(p)) for p in sys.argv[1:3])
a, b = plan["collective"]["throughput_gbps"], again["collective"]["throughput_gbps"]
assert abs(a - b) <= 1e-6 * max(a, b) or (a < b and plan["solver"]["status"] == "time_limit"), (a, b)
PY
then ok; else bad "plan's theta is not the planned network's"; fi
# progress lines: phase, seconds, and an incumbent or a bound
if grep -qE '^fiberplan: plan: (theta|rounding|repair|branch and cut|trim|re-route), [0-9.]+ s: ' "$tmp/err"
then ok; else bad "no progress line on stderr: $(head -c 300 "$tmp/err")"; fi
if grep -qvE '^fiberplan: plan: ' "$tmp/err"; then bad "other lines on stderr: $(head -c 300 "$tmp/err")"; else ok; fi

# 2. -q silences progress; the text says what the result depends on ("not proven in N s");
# -v does not show GLPK's log, -vv does
"$BIN" plan "$tmp/g.graphml" --budget 2e8 --modular --time-limit "$limit" --progress -q \
    -o "$tmp/q.txt" 2> "$tmp/err"
[ -s "$tmp/err" ] && bad "-q printed: $(head -c 300 "$tmp/err")" || ok
grep -qE "^solver     time_limit, modular plan not proven in $limit s" "$tmp/q.txt" && ok ||
    bad "no 'not proven in $limit s': $(grep '^solver' "$tmp/q.txt")"
"$BIN" route "$tmp/g.graphml" -v -o /dev/null 2> "$tmp/err"
grep -qE '^[* ] *[0-9]+: obj = ' "$tmp/err" && bad "-v shows GLPK's log" || ok
"$BIN" route "$tmp/g.graphml" -vv -o /dev/null 2> "$tmp/err"
grep -qE '^[* ] *[0-9]+: obj = ' "$tmp/err" && ok || bad "-vv does not show GLPK's log"

# 3. a sweep reports the budgets done (of all, with an ETA), not each plan's own progress
"$BIN" sweep "$tmp/g.graphml" --budgets 0,2e8 --time-limit "$limit" --progress --json -o "$tmp/sweep.json" \
    2> "$tmp/err"
if grep -qE '^fiberplan: sweep: budget [0-9]+/2, [0-9.]+ s' "$tmp/err" && ! grep -qvE '^fiberplan: sweep: budget' "$tmp/err"
then ok; else bad "sweep progress: $(head -c 300 "$tmp/err")"; fi

# 3b. the sweep's text says what its unproven points depend on: --time-limit is the whole
# sweep's (each budget had the limit to itself: 2 x 4 s and more), so every budget whose modular
# plan is not proven says "[cut short: its share N s of the sweep's 4 s]" (it said "[not proven
# in 4 s]", the whole limit, and before that "[time limit]") and is cut_short in JSON; the
# command ends within the limit + its grace
grace=$([ "$factor" = 1 ] && echo 1 || echo $((2 * factor)))
start=$(date +%s.%N)
"$BIN" sweep "$tmp/g.graphml" --budgets 1e8,2e8 --modular --time-limit "$limit" -q \
    -o "$tmp/sweep.txt" 2> "$tmp/err"
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
"$BIN" sweep "$tmp/g.graphml" --budgets 1e8,2e8 --modular --time-limit "$limit" -q --json \
    -o "$tmp/sweepm.json" 2> "$tmp/err"
unproven=$(python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["frontier"]; print(sum(not p["mip_proven"] for p in f) if all(p["mip_proven"] != p["cut_short"] for p in f) else -1)' "$tmp/sweepm.json" 2>/dev/null)
marked=$(grep -cE "\[(cut short: its share [0-9.e+-]+ s of the sweep's $limit s|late: the sweep's deadline had passed)\]" "$tmp/sweep.txt")
if [ -n "$unproven" ] && [ "$unproven" -gt 0 ] && [ "$marked" -gt 0 ] && [ "$(echo "$elapsed <= $limit + $grace" | bc)" = 1 ] &&
   ! grep -qE "\[time limit\]|not proven in" "$tmp/sweep.txt"
then ok; else bad "sweep text: ${elapsed}s, $marked lines cut short, $unproven unproven in JSON: $(tail -c 300 "$tmp/sweep.txt")"; fi

# 4. a survivable modular plan cut short (200 nodes, 12 sites): the worst case it reports is
# the planned network's as routed (the scenarios' own theta, never the master's value cut
# short), and never below today's worst case over the scenarios a plan can protect
python3 benchmarks/gen_topology.py --nodes 200 --spans 240 --sites 12 --seed 1 > "$tmp/g200.graphml"
"$BIN" failures "$tmp/g200.graphml" --by srlg -q --json -o "$tmp/today.json" || bad "failures exit $?"
"$BIN" plan "$tmp/g200.graphml" --survive srlg --budget 5e7 --modular --time-limit "$factor" -q --json \
    -o "$tmp/survive.json" 2> "$tmp/err" || bad "plan --survive exit $?: $(head -c 300 "$tmp/err")"
if python3 - "$tmp/today.json" "$tmp/survive.json" <<'PY'
import json, sys
today, plan = (json.load(open(p)) for p in sys.argv[1:3])
sv = plan["plan"]["survive"]
protectable = {s["label"] for s in sv["scenarios"] if not s.get("unprotectable")}
worst0 = min(s["throughput_gbps"] for s in today["failures"] if s["label"] in protectable)
assert sv["worst"] is not None
assert abs(sv["worst_throughput_gbps"] - sv["worst"]["throughput_gbps"]) <= 1e-9 * worst0, sv
# below today's only as a bound marked so: today's network kept, its worst scenario cut short
# even when routed again to the hard deadline (under ASan: 3,200 Gbit/s for today's 4,800)
assert sv["worst_throughput_gbps"] >= worst0 * (1 - 1e-9) or sv["worst"]["status"] == "time_limit", \
    (sv["worst_throughput_gbps"], worst0)
assert plan["plan"]["cost_usd"] <= 5e7 * (1 + 1e-12)
PY
then ok; else bad "--survive srlg cut short: worst case not as routed, or below today's"; fi

# 5. a continuous target plan as a user acts on it (600 nodes, 24 sites): `route` on the
# planned network written out finds the theta the plan printed and meets the target (T_lat is
# the latency phase's heuristic: 122.2 ms there against 121.6 ms in the plan's own schedule,
# which the JSON carries), and the planned network can be planned again (it ended "internal: GLPK simplex: no feasible solution", exit 70: the
# latency phase lost feasibility with theta held on a network whose every span is near its
# bound; it now falls back to the theta-optimal schedule)
python3 benchmarks/gen_topology.py --nodes 600 --spans 720 --sites 24 --seed 3 > "$tmp/g24.graphml"
"$BIN" plan "$tmp/g24.graphml" --target-time 1.36026 -q --json -o "$tmp/t24.json" \
    --out-graphml "$tmp/t24.graphml" 2> "$tmp/err" || bad "target plan: $(head -c 300 "$tmp/err")"
"$BIN" route "$tmp/t24.graphml" -q --json -o "$tmp/r24.json" 2> "$tmp/err" || bad "route: $(head -c 300 "$tmp/err")"
if python3 - "$tmp/t24.json" "$tmp/r24.json" <<'PY'
import json, sys
p, r = (json.load(open(f))["collective"] for f in sys.argv[1:3])
sys.exit(0 if abs(p["throughput_gbps"] - r["throughput_gbps"]) <= 1e-9 * r["throughput_gbps"] and
         max(p["allreduce_s"], r["allreduce_s"]) <= 1.36026 * (1 + 1e-9) else 1)
PY
then ok; else bad "the planned network's route: not the plan's theta, or T above the target"; fi
"$BIN" plan "$tmp/t24.graphml" --budget 1 -q --json -o "$tmp/again.json" 2> "$tmp/err"
rc=$?
[ "$rc" = 0 ] && ok || bad "plan on the planned network: exit $rc: $(head -c 300 "$tmp/err")"

# 6. --survive srlg at 600 nodes, 24 sites under a deadline too short for its 52 scenarios
# (they take about 20 s): the command ends within --time-limit + 1 s (it took 7.3 s for 3 s,
# 25 s for 20 s: today's scenarios took the whole limit, then the master and its re-route ran
# past it), within budget, and the worst case it reports is its own scenarios' worst as
# routed, never below today's scenarios routed in the same run
limit=$((5 * factor))
start=$(date +%s.%N)
"$BIN" plan "$tmp/g24.graphml" --survive srlg --budget 1e8 --time-limit "$limit" -q --json \
    -o "$tmp/sv24.json" 2> "$tmp/err"
rc=$?
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
# (under ASan, FIBERPLAN_TIME_FACTOR 3, the grace is 2 s x the factor: 18.7 s was seen for 15)
grace=$([ "$factor" = 1 ] && echo 1 || echo $((2 * factor)))
if [ "$rc" = 0 ] && [ "$(echo "$elapsed <= $limit + $grace" | bc)" = 1 ] && python3 - "$tmp/sv24.json" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))["plan"]
sv = plan["survive"]
kept = [s["throughput_gbps"] for s in sv["scenarios"] if not s.get("unprotectable")]
assert sv["worst"] is not None and abs(sv["worst_throughput_gbps"] - min(kept)) <= 1e-9 * min(kept)
assert plan["cost_usd"] <= 1e8 * (1 + 1e-12)
PY
then ok; else bad "--survive srlg at 600 nodes, --time-limit $limit: exit $rc, ${elapsed}s: $(head -c 300 "$tmp/err")"; fi

# 7. plan --workload cut short (750 nodes: three jobs and a 200-pair background, the benchmark's
# workload; the unlimited plan takes about 80 s): the command ends within --time-limit + its
# grace, within budget, and never below today's lambda (route --workload in the same run: the
# do-nothing plan is an incumbent); what it reports is a schedule of the planned network, proven
# or marked time_limit
python3 -c 'import sys; sys.path.insert(0, "benchmarks"); import bench; bench.workload_file(sys.argv[1], sys.argv[2])' \
    "$tmp/g.graphml" "$tmp/g-wl.json"
"$BIN" route "$tmp/g.graphml" --workload "$tmp/g-wl.json" -q --json -o "$tmp/wl-today.json" || bad "route --workload exit $?"
limit=$((4 * factor))
start=$(date +%s.%N)
"$BIN" plan "$tmp/g.graphml" --workload "$tmp/g-wl.json" --budget 1e8 --time-limit "$limit" -q --json \
    -o "$tmp/wl-plan.json" 2> "$tmp/err"
rc=$?
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
grace=$([ "$factor" = 1 ] && echo 1 || echo $((2 * factor)))
if [ "$rc" = 0 ] && [ "$(echo "$elapsed <= $limit + $grace" | bc)" = 1 ] &&
   python3 - "$tmp/wl-today.json" "$tmp/wl-plan.json" <<'PY'
import json, sys
today, plan = (json.load(open(p)) for p in sys.argv[1:3])
assert plan["plan"]["cost_usd"] <= 1e8 * (1 + 1e-12), plan["plan"]["cost_usd"]
lam, lam0 = plan["workload"]["scale"], today["workload"]["scale"]
assert lam >= lam0 * (1 - 1e-9), (lam, lam0)
# cut short (the plan takes about 80 s unlimited): not proven, whatever its planned network's
# route (it once said optimal, gap 0)
assert plan["solver"]["status"] == "time_limit", plan["solver"]["status"]
assert plan["solver"]["mip_proven"] is False and plan["plan"]["gap"] is None, (plan["solver"], plan["plan"]["gap"])
for j in plan["jobs"]:
    assert abs(j["throughput_gbps"] - lam * j["weight"]) <= 1e-7 * j["throughput_gbps"], j["name"]
PY
then ok; else bad "plan --workload at 750 nodes, --time-limit $limit: exit $rc, ${elapsed}s: $(head -c 300 "$tmp/err")"; fi

# 8. a target plan of the workload cut short: within --time-limit + its grace, and what it
# says of its targets is what its jobs' T say
start=$(date +%s.%N)
"$BIN" plan "$tmp/g.graphml" --workload "$tmp/g-wl.json" --target-time 2 --time-limit "$limit" -q --json \
    -o "$tmp/wl-target.json" 2> "$tmp/err"
rc=$?
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
if [ "$rc" = 0 ] && [ "$(echo "$elapsed <= $limit + $grace" | bc)" = 1 ] &&
   python3 - "$tmp/wl-target.json" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
met = all(j["allreduce_s"] is not None and j["allreduce_s"] <= 2 * (1 + 1e-9) for j in plan["jobs"])
assert plan["plan"]["targets_met"] == met, (plan["plan"]["targets_met"], met)
assert all(j["target_met"] == (j["allreduce_s"] <= 2 * (1 + 1e-9)) for j in plan["jobs"])
PY
then ok; else bad "plan --workload --target-time at 750 nodes, --time-limit $limit: exit $rc, ${elapsed}s: $(head -c 300 "$tmp/err")"; fi

# 9. sweep --workload cut short: the deadline is the whole sweep's, not each budget's (four
# budgets each given the limit took about 4 x 4 s and more): the command ends within
# --time-limit + its grace; a point cut short says so (status time_limit, no gap, no LP bound,
# not proven), every point spends at most its budget and keeps at least today's lambda, and
# lambda never decreases along the frontier (the $100M plan alone takes about a minute unlimited)
start=$(date +%s.%N)
"$BIN" sweep "$tmp/g.graphml" --workload "$tmp/g-wl.json" --budgets 0,1e7,5e7,1e8 --time-limit "$limit" -q \
    --json -o "$tmp/wl-sweep.json" 2> "$tmp/err"
rc=$?
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
if [ "$rc" = 0 ] && [ "$(echo "$elapsed <= $limit + $grace" | bc)" = 1 ] &&
   python3 - "$tmp/wl-today.json" "$tmp/wl-sweep.json" <<'PY'
import json, sys
today, sweep = (json.load(open(p)) for p in sys.argv[1:3])
lam0, pts = today["workload"]["scale"], sweep["frontier"]
assert [p["budget_usd"] for p in pts] == [0, 1e7, 5e7, 1e8]
assert any(p["status"] == "time_limit" for p in pts) and sweep["solver"]["status"] == "time_limit"
for p in pts:
    assert p["status"] in ("optimal", "time_limit"), p["status"]
    assert p["cost_usd"] <= p["budget_usd"] * (1 + 1e-12) + 1e-6, p
    assert p["scale"] >= lam0 * (1 - 1e-9), (p["budget_usd"], p["scale"], lam0)
    if p["status"] == "time_limit":
        assert p["gap"] is None and p["lp_bound_gbps"] is None and p["mip_proven"] is False, p
for a, b in zip(pts, pts[1:]):
    assert b["scale"] >= a["scale"] * (1 - 1e-9), (a["budget_usd"], b["budget_usd"])
PY
then ok; else bad "sweep --workload at 750 nodes, --time-limit $limit: exit $rc, ${elapsed}s: $(head -c 300 "$tmp/err")"; fi

# 10. failures under --time-limit (600 nodes, 24 sites, 52 SRLG scenarios, 19 s unlimited): the
# limit bounds the command, not each scenario (each had the whole limit: 52 solves of at least
# one master each); the command ends within it + its grace, says time_limit, and every scenario
# is monotone against the intact answer it reports (theta at most, T at least)
limit=$((2 * factor))
start=$(date +%s.%N)
"$BIN" failures "$tmp/g24.graphml" --by srlg --time-limit "$limit" -q --json -o "$tmp/f24.json" 2> "$tmp/err"
rc=$?
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
if [ "$rc" = 0 ] && [ "$(echo "$elapsed <= $limit + $grace" | bc)" = 1 ] && python3 - "$tmp/f24.json" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))
assert f["solver"]["status"] == "time_limit", f["solver"]
assert len(f["failures"]) == 52, len(f["failures"])
th, t = f["intact"]["throughput_gbps"], f["intact"]["allreduce_s"]
for s in f["failures"]:
    if not s["disconnected"]:
        # a scenario cut short reports what the intact trees that avoid its cut still carry:
        # a lower bound, 0 when every one crosses it (seen on a loaded machine)
        assert 0 <= s["throughput_gbps"] <= th * (1 + 1e-9), s
        assert s["throughput_gbps"] > 0 or s["status"] == "time_limit", s
        assert s["allreduce_s"] is None or s["allreduce_s"] >= t * (1 - 1e-9), s
PY
then ok; else bad "failures --by srlg at 600 nodes, --time-limit $limit: exit $rc, ${elapsed}s: $(head -c 300 "$tmp/err")"; fi

# 11. sweep --budgets cut short (600 nodes, 24 sites, five budgets; the $100M plan alone takes
# about 7 s unlimited): --time-limit bounds the whole sweep, not each budget (each had the limit
# to itself: 15 s for --time-limit 3), with --jobs 1 and 2 alike: the command ends within the
# limit + its grace, and each point is proven (status optimal, mip_proven, not cut_short) or
# says it was cut short (status time_limit, not mip_proven, cut_short, time_share_s the seconds
# its plan had: 0 for a budget the deadline came before, which takes a smaller budget's plan),
# in the text too ("[cut short: its share N s of the sweep's 3 s]" or "[late: ...]", never "not
# proven in 3 s"); every point within its budget, T never rising along the frontier
limit=$((3 * factor))
for j in 1 2; do
    start=$(date +%s.%N)
    "$BIN" sweep "$tmp/g24.graphml" --budgets 0,1e7,5e7,1e8,2e8 --time-limit "$limit" -j "$j" -q --json \
        -o "$tmp/sw24-$j.json" 2> "$tmp/err"
    rc=$?
    elapsed=$(echo "$(date +%s.%N) - $start" | bc)
    if [ "$rc" = 0 ] && [ "$(echo "$elapsed <= $limit + $grace" | bc)" = 1 ] &&
       python3 - "$tmp/sw24-$j.json" "$limit" <<'PY'
import json, sys
sweep, limit = json.load(open(sys.argv[1])), float(sys.argv[2])
pts = sweep["frontier"]
assert [p["budget_usd"] for p in pts] == [0, 1e7, 5e7, 1e8, 2e8]
assert any(p["cut_short"] for p in pts) and sweep["solver"]["status"] == "time_limit"
for p in pts:
    assert p["cost_usd"] <= p["budget_usd"] * (1 + 1e-12) + 1e-6, p["budget_usd"]
    if p["cut_short"]:
        assert p["status"] == "time_limit" and p["mip_proven"] is False, p["budget_usd"]
        assert 0 <= p["time_share_s"] <= limit, (p["budget_usd"], p["time_share_s"])
        assert p["time_share_s"] > 0 or p["carried"], p["budget_usd"]
    else:
        assert p["status"] == "optimal" and p["mip_proven"] is True, p["budget_usd"]
for a, b in zip(pts, pts[1:]):
    assert b["allreduce_s"] <= a["allreduce_s"], (a["budget_usd"], b["budget_usd"])
PY
    then ok; else bad "sweep --budgets at 600 nodes, --time-limit $limit -j $j: exit $rc, ${elapsed}s: $(head -c 300 "$tmp/err")"; fi
done
# the text run, its CSV the same run's status: a row is marked exactly when it was cut short
start=$(date +%s.%N)
"$BIN" sweep "$tmp/g24.graphml" --budgets 0,1e7,5e7,1e8,2e8 --time-limit "$limit" -j 2 -q -o "$tmp/sw24.txt" \
    --csv "$tmp/sw24.csv" 2> "$tmp/err"
rc=$?
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
marks=$(grep -E '^ +[0-9,]+ +[0-9,]+ ' "$tmp/sw24.txt" |
        sed -E "s/.*\[(cut short: its share [0-9.e+-]+ s of the sweep's $limit s|late: the sweep's deadline had passed)\].*/time_limit/; t; s/.*/optimal/" | tr '\n' ' ')
statuses=$(tail -n +2 "$tmp/sw24.csv" | cut -d, -f8 | tr '\n' ' ')
if [ "$rc" = 0 ] && [ "$(echo "$elapsed <= $limit + $grace" | bc)" = 1 ] && [ "$marks" = "$statuses" ] &&
   [ "$(echo "$statuses" | wc -w)" = 5 ] && ! grep -qE "not proven in|\[stopped\]" "$tmp/sw24.txt" &&
   grep -q "^cut short: --time-limit $limit s is the whole sweep's" "$tmp/sw24.txt"
then ok; else bad "sweep --budgets text at 600 nodes, --time-limit $limit: exit $rc, ${elapsed}s, marks '$marks', statuses '$statuses': $(tail -c 400 "$tmp/sw24.txt")"; fi

# 12. plan --workload --survive srlg at 600 nodes, 24 sites (the benchmark's three jobs and
# 200-pair background, 52 SRLG scenarios of which 25 can be protected; far past 4 min
# unlimited): the command ends within --time-limit + its grace, within budget; the worst case it
# reports is its own scenarios' worst as routed (0 for one that still cuts a job off or leaves
# background unrouted), and a plan kept as today's network spends nothing
python3 -c 'import sys; sys.path.insert(0, "benchmarks"); import bench; bench.workload_file(sys.argv[1], sys.argv[2])' \
    "$tmp/g24.graphml" "$tmp/g24-wl.json"
limit=$((10 * factor))
start=$(date +%s.%N)
"$BIN" plan "$tmp/g24.graphml" --workload "$tmp/g24-wl.json" --survive srlg --budget 1e8 --time-limit "$limit" \
    -q --json -o "$tmp/wsv24.json" 2> "$tmp/err"
rc=$?
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
if [ "$rc" = 0 ] && [ "$(echo "$elapsed <= $limit + $grace" | bc)" = 1 ] && python3 - "$tmp/wsv24.json" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))
plan = res["plan"]
sv = plan["survive"]
assert sv["by"] == "srlg" and len(sv["scenarios"]) == 52, len(sv["scenarios"])
kept = [0.0 if s["disconnected"] or not s["background"]["fits"] else s["scale"]
        for s in sv["scenarios"] if not s["unprotectable"]]
assert kept and abs(sv["worst_throughput_gbps"] - min(kept)) <= 1e-9 * max(min(kept), 1), (sv["worst_throughput_gbps"], min(kept))
assert plan["cost_usd"] <= 1e8 * (1 + 1e-12)
assert not plan["kept_today"] or plan["cost_usd"] == 0
assert res["solver"]["status"] in ("optimal", "time_limit")
PY
then ok; else bad "plan --workload --survive srlg at 600 nodes, --time-limit $limit: exit $rc, ${elapsed}s: $(head -c 300 "$tmp/err")"; fi

echo "anytime: $pass passed, $fail failed"
[ "$fail" = 0 ]
