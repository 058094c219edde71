#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# route --workload against route itself (MODEL.md "Workloads"): a workload of one job and no
# background gives route's theta and T exactly (the JSON numbers as printed), for every
# collective, on each shipped topology, whatever its weight (lambda = theta / w); in a shared
# workload each job's alone_throughput_gbps and alone_allreduce_s are route's for that job, its
# slowdown alone / theta_j, and theta_j = lambda w_j. failures, sweep and plan likewise: one tree
# job is failures (every scenario), sweep (every budget) and plan (budget and target) of that
# job; and a workload's plan comes true on the planned network (route --workload of it), and so
# does each point of sweep --workload (plan --workload of its budget).
set -u
cd "$(dirname "$0")/../.." || exit 1
BIN=${FIBERPLAN:-${B:-build}/fiberplan}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }

# one job, no background = route
for topo in stargate-us fairwater-aiwan abilene-campus; do
    sites=$("$BIN" route "topologies/$topo.graphml" --params 1e12 --json -q | python3 -c '
import json, sys; print(json.dumps(json.load(sys.stdin)["job"]["sites"]))')
    for coll in tree ring direct; do
        printf '{"schema": "fiberplan.workload/1", "jobs": [{"name": "one", "sites": %s, "params": 1e12, "collective": "%s", "weight": 4}]}\n' \
            "$sites" "$coll" > "$tmp/one.json"
        if ! "$BIN" route "topologies/$topo.graphml" --params 1e12 --collective "$coll" --json -q -o "$tmp/r.json" ||
           ! "$BIN" route "topologies/$topo.graphml" --workload "$tmp/one.json" --json -q -o "$tmp/w.json"; then
            bad "$topo/$coll: a command failed"; continue
        fi
        if python3 - "$tmp/r.json" "$tmp/w.json" <<'PY'
import json, sys
r, w = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
c, j = r["collective"], w["jobs"][0]
keys = ("throughput_gbps", "allreduce_s", "bandwidth_s", "latency_s")
same = all(c[k] == j[k] == w["collective"][k] for k in keys)
same = same and j["alone_throughput_gbps"] == c["throughput_gbps"] and j["slowdown"] == 1
same = same and abs(w["workload"]["scale"] - c["throughput_gbps"] / 4) <= 1e-12 * c["throughput_gbps"]
sys.exit(0 if same else 1)
PY
        then ok; else bad "$topo/$coll: route --workload (one job) differs from route"; fi
    done
done

# shared: alone = route of the job alone; slowdown; theta_j = lambda w_j
check_alone() {   # name, topology, workload
    if ! "$BIN" route "$2" --workload "$3" --json -q -o "$tmp/w.json"; then
        bad "$1: route --workload failed"; return
    fi
    python3 - "$tmp/w.json" > "$tmp/jobs" <<'PY'
import json, sys
w = json.load(open(sys.argv[1]))
for j in w["jobs"]:
    print(j["name"], ",".join(j["sites"]), j["params"], j["grad_bytes"], j["algorithm"])
PY
    while read -r name sites params grad coll; do
        "$BIN" route "$2" --sites "$sites" --params "$params" --grad-bytes "$grad" --collective "$coll" \
            --json -q -o "$tmp/r.json" || { bad "$1/$name: route failed"; continue; }
        if python3 - "$tmp/r.json" "$tmp/w.json" "$name" <<'PY'
import json, sys
r, w, name = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
j = [x for x in w["jobs"] if x["name"] == name][0]
c = r["collective"]
same = j["alone_throughput_gbps"] == c["throughput_gbps"] and j["alone_allreduce_s"] == c["allreduce_s"]
same = same and abs(j["slowdown"] - c["throughput_gbps"] / j["throughput_gbps"]) <= 1e-9 * j["slowdown"]
lam = w["workload"]["scale"]
same = same and abs(j["throughput_gbps"] - lam * j["weight"]) <= 1e-7 * j["throughput_gbps"]
sys.exit(0 if same else 1)
PY
        then ok; else bad "$1/$name: alone, slowdown or theta = lambda w wrong"; fi
    done < "$tmp/jobs"
}
check_alone stargate topologies/stargate-us.graphml topologies/stargate-us-workload.json
check_alone campus topologies/abilene-campus.graphml tests/e2e/data/workloads/campus.json
check_alone ring-direct topologies/stargate-us.graphml tests/e2e/data/workloads/stargate-ring-direct.json

# failures and sweep: one tree job and no background is failures (every scenario's theta, T and
# sites cut off, in order) and sweep (every point's theta, T and spend) of that job to the
# printed digit; lambda = theta / w
for topo in stargate-us fairwater-aiwan abilene-campus; do
    sites=$("$BIN" route "topologies/$topo.graphml" --params 1e12 --json -q | python3 -c '
import json, sys; print(json.dumps(json.load(sys.stdin)["job"]["sites"]))')
    printf '{"schema": "fiberplan.workload/1", "jobs": [{"name": "one", "sites": %s, "params": 1e12, "weight": 4}]}\n' \
        "$sites" > "$tmp/one.json"
    for by in span srlg; do
        if ! "$BIN" failures "topologies/$topo.graphml" --params 1e12 --by $by --json -q -o "$tmp/f.json" ||
           ! "$BIN" failures "topologies/$topo.graphml" --workload "$tmp/one.json" --by $by --json -q -o "$tmp/w.json"; then
            bad "$topo/failures $by: a command failed"; continue
        fi
        if python3 - "$tmp/f.json" "$tmp/w.json" <<'PY'
import json, sys
f, w = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
same = [x["label"] for x in f["failures"]] == [x["label"] for x in w["failures"]]
for a, b in zip(f["failures"], w["failures"]):
    j = b["jobs"][0]
    same = same and a["throughput_gbps"] == j["throughput_gbps"] and a["allreduce_s"] == j["allreduce_s"]
    same = same and a["disconnected"] == j["disconnected"] and a["cut_off"] == j["cut_off"] == b["cut_off"]
    same = same and abs(b["scale"] - a["throughput_gbps"] / 4) <= 1e-12 * a["throughput_gbps"]
same = same and f["intact"]["allreduce_s"] == w["jobs"][0]["allreduce_s"] == w["intact"]["allreduce_s"]
sys.exit(0 if same else 1)
PY
        then ok; else bad "$topo/failures $by: failures --workload (one job) differs from failures"; fi
    done
    budgets=0,1e7,1e8,1e9
    if ! "$BIN" sweep "topologies/$topo.graphml" --params 1e12 --budgets $budgets --json -q -o "$tmp/s.json" ||
       ! "$BIN" sweep "topologies/$topo.graphml" --workload "$tmp/one.json" --budgets $budgets --json -q -o "$tmp/w.json"; then
        bad "$topo/sweep: a command failed"; continue
    fi
    if python3 - "$tmp/s.json" "$tmp/w.json" <<'PY'
import json, sys
s, w = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
same = len(s["frontier"]) == len(w["frontier"])
for a, b in zip(s["frontier"], w["frontier"]):
    j = b["jobs"][0]
    same = same and a["throughput_gbps"] == j["throughput_gbps"] and a["allreduce_s"] == j["allreduce_s"]
    same = same and a["cost_usd"] == b["cost_usd"] and a["knee"] == b["knee"]
    same = same and abs(b["scale"] - a["throughput_gbps"] / 4) <= 1e-12 * a["throughput_gbps"]
sys.exit(0 if same else 1)
PY
    then ok; else bad "$topo/sweep: sweep --workload (one job) differs from sweep"; fi
done

# plan: one tree job and no background is plan of that job (budget and target: the plan's cost
# and every span's planned capacity, theta and T to the printed digit; lambda = theta / w)
for topo in stargate-us fairwater-aiwan abilene-campus; do
    sites=$("$BIN" route "topologies/$topo.graphml" --params 1e12 --json -q | python3 -c '
import json, sys; print(json.dumps(json.load(sys.stdin)["job"]["sites"]))')
    printf '{"schema": "fiberplan.workload/1", "jobs": [{"name": "one", "sites": %s, "params": 1e12, "weight": 4}]}\n' \
        "$sites" > "$tmp/one.json"
    target=$("$BIN" route "topologies/$topo.graphml" --params 1e12 --json -q | python3 -c '
import json, sys; print("%.4g" % (0.7 * json.load(sys.stdin)["collective"]["allreduce_s"]))')
    for mode in "--budget 1e8" "--target-time $target"; do
        if ! "$BIN" plan "topologies/$topo.graphml" --params 1e12 $mode --json -q -o "$tmp/p.json" ||
           ! "$BIN" plan "topologies/$topo.graphml" --workload "$tmp/one.json" $mode --json -q -o "$tmp/w.json"; then
            bad "$topo/plan $mode: a command failed"; continue
        fi
        if python3 - "$tmp/p.json" "$tmp/w.json" <<'PY'
import json, sys
p, w = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
c, j = p["collective"], w["jobs"][0]
same = all(c[k] == j[k] for k in ("throughput_gbps", "allreduce_s", "bandwidth_s", "latency_s"))
same = same and p["plan"]["cost_usd"] == w["plan"]["cost_usd"]
same = same and [(u["id"], u["added_gbps"]) for u in p["plan"]["upgrades"]] == \
    [(u["id"], u["added_gbps"]) for u in w["plan"]["upgrades"]]
same = same and abs(w["workload"]["scale"] - c["throughput_gbps"] / 4) <= 1e-12 * c["throughput_gbps"]
sys.exit(0 if same else 1)
PY
        then ok; else bad "$topo/plan $mode: plan --workload (one job) differs from plan"; fi
    done
done

# plan: the plan's numbers come true. The planned network (--out-graphml) routed by route
# --workload gives the plan's lambda and every job's theta (to 1e-6, in fact to the bit: the
# plan reports the planned network routed afresh) and, in target mode, every job's T_j within
# its target; a budget plan never has less lambda than today's network.
promise() {   # name, topology, workload, plan options...
    local name=$1 topo=$2 wl=$3
    shift 3
    if ! "$BIN" plan "$topo" --workload "$wl" "$@" --json -q -o "$tmp/p.json" --out-graphml "$tmp/planned.graphml" ||
       ! "$BIN" route "$tmp/planned.graphml" --workload "$wl" --json -q -o "$tmp/r.json" ||
       ! "$BIN" route "$topo" --workload "$wl" --json -q -o "$tmp/t.json"; then
        bad "$name: a command failed"; return
    fi
    if python3 - "$tmp/p.json" "$tmp/r.json" "$tmp/t.json" <<'PY'
import json, sys
p, r, t = (json.load(open(f)) for f in sys.argv[1:4])
close = lambda a, b: abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1e-9)
ok = close(p["workload"]["scale"], r["workload"]["scale"])
ok = ok and p["workload"]["scale"] >= t["workload"]["scale"] * (1 - 1e-9)
for a, b in zip(p["jobs"], r["jobs"]):
    ok = ok and a["name"] == b["name"] and close(a["throughput_gbps"], b["throughput_gbps"])
    if a["target_time_s"] is not None:
        ok = ok and a["target_met"] and b["allreduce_s"] <= a["target_time_s"] * (1 + 1e-9)
if p["plan"]["budget_usd"] is not None:
    ok = ok and p["plan"]["cost_usd"] <= p["plan"]["budget_usd"] * (1 + 1e-9)
    ok = ok and close(p["plan"]["before"]["throughput_gbps"], t["workload"]["scale"])
sys.exit(0 if ok else 1)
PY
    then ok; else bad "$name: the planned network routed does not give the plan's numbers"; fi
}
promise stargate-budget topologies/stargate-us.graphml topologies/stargate-us-workload.json --budget 1e8
promise stargate-budget-0 topologies/stargate-us.graphml topologies/stargate-us-workload.json --budget 0
promise stargate-target topologies/stargate-us.graphml topologies/stargate-us-workload.json --target-time 0.5
promise campus-budget topologies/abilene-campus.graphml tests/e2e/data/workloads/campus.json --budget 5e7
promise campus-target topologies/abilene-campus.graphml tests/e2e/data/workloads/campus.json --target-time 0.03
promise ring-direct-target topologies/stargate-us.graphml tests/e2e/data/workloads/stargate-ring-direct.json --target-time 1
promise ring-direct-budget topologies/stargate-us.graphml tests/e2e/data/workloads/stargate-ring-direct.json --budget 1e8
promise stargate-modular topologies/stargate-us.graphml topologies/stargate-us-workload.json --budget 1e8 --modular
promise stargate-target-modular topologies/stargate-us.graphml topologies/stargate-us-workload.json --target-time 0.5 --modular
promise fairwater-two topologies/fairwater-aiwan.graphml tests/e2e/data/workloads/fairwater-two.json --budget 2e8

# sweep --workload: each point is what `plan --workload --budget B` reports for that budget (lambda,
# cost, every job's theta_j and T_j; the planned network routed afresh, not the plan master's own
# schedule: stargate-us at $1e8 used to print pretrain T 0.3516 s for plan's 0.3539 s), and
# `route --workload` on that plan's network (--out-graphml) gives the same lambda and T_j.
sweep_promise() {   # name, topology, workload, budgets (comma-separated), options...
    local name=$1 topo=$2 wl=$3 budgets=$4 b
    shift 4
    if ! "$BIN" sweep "$topo" --workload "$wl" --budgets "$budgets" "$@" --json -q -o "$tmp/s.json"; then
        bad "$name: sweep --workload failed"; return
    fi
    for b in ${budgets//,/ }; do
        if ! "$BIN" plan "$topo" --workload "$wl" --budget "$b" "$@" --json -q -o "$tmp/p.json" \
                --out-graphml "$tmp/planned.graphml" ||
           ! "$BIN" route "$tmp/planned.graphml" --workload "$wl" --json -q -o "$tmp/r.json"; then
            bad "$name/$b: plan or route --workload failed"; continue
        fi
        if python3 - "$tmp/s.json" "$tmp/p.json" "$tmp/r.json" "$b" <<'PY'
import json, sys
s, p, r = (json.load(open(f)) for f in sys.argv[1:4])
close = lambda a, b: abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1e-12)
pt = [x for x in s["frontier"] if x["budget_usd"] == float(sys.argv[4])][0]
ok = close(pt["scale"], p["workload"]["scale"]) and close(pt["scale"], r["workload"]["scale"])
ok = ok and close(pt["cost_usd"], p["plan"]["cost_usd"])
for a, b, c in zip(pt["jobs"], p["jobs"], r["jobs"]):
    ok = ok and a["name"] == b["name"] == c["name"]
    for k in ("throughput_gbps", "allreduce_s"):
        ok = ok and close(a[k], b[k]) and close(a[k], c[k])
        if not (close(a[k], b[k]) and close(a[k], c[k])):
            print("  %s %s: sweep %.10g, plan %.10g, route %.10g" % (a["name"], k, a[k], b[k], c[k]))
if pt.get("routed_afresh") is not True or pt["carried"]:
    ok = False
    print("  routed_afresh %s, carried %s" % (pt.get("routed_afresh"), pt["carried"]))
sys.exit(0 if ok and len(pt["jobs"]) == len(p["jobs"]) == len(r["jobs"]) else 1)
PY
        then ok; else bad "$name/$b: the sweep point is not plan --workload --budget $b routed"; fi
    done
}
sweep_promise stargate-sweep topologies/stargate-us.graphml topologies/stargate-us-workload.json 5e7,1e8,5e8
sweep_promise campus-sweep topologies/abilene-campus.graphml tests/e2e/data/workloads/campus.json 1e7,5e7
# whole modules: each point is `plan --workload --modular` of its budget (refused with several
# jobs before: 64)
sweep_promise stargate-sweep-modular topologies/stargate-us.graphml topologies/stargate-us-workload.json 2e7,1e8,5e8 --modular

# plan --workload --target-time T --assume-latency L (several jobs): each job planned for theta_j
# = 8 S_j / ((T - L) 1e9), judged by theta (as plan judges it), in one round. stargate-us,
# T = 0.5 s, L = 0.05 s: pretrain (1.8e12 parameters, 3.6e12 bytes) needs 8 x 3.6e12 / 0.45e9 =
# 64,000 Gbit/s at weight 1, rl (4.05e11, 8.1e11 bytes) 14,400 at weight 0.25, i.e. lambda
# 57,600: lambda is 64,000 and rl gets 16,000. The planned network written out routes lambda
# 64,000 (route --workload of it), and with --modular at least that.
for mod in "" --modular; do
    if "$BIN" plan topologies/stargate-us.graphml --workload topologies/stargate-us-workload.json --target-time 0.5 \
           --assume-latency 0.05 $mod --json -q -o "$tmp/al.json" --out-graphml "$tmp/al.graphml" &&
       "$BIN" route "$tmp/al.graphml" --workload topologies/stargate-us-workload.json --json -q -o "$tmp/al-r.json" &&
       python3 - "$tmp/al.json" "$tmp/al-r.json" "$mod" <<'PY'
import json, sys
p, r = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
lam = 8 * 3.6e12 / (0.45 * 1e9)
assert abs(lam - 64000) < 1e-9
assert abs(p["plan"]["scale_required_gbps"] - lam) <= 1e-9 * lam, p["plan"]["scale_required_gbps"]
assert p["plan"]["latency_rounds"] == 1 and p["plan"]["targets_met"] is True
for j, need, gets in zip(p["jobs"], (64000, 14400), (64000, 16000)):
    assert abs(j["required_throughput_gbps"] - need) <= 1e-9 * need, j["required_throughput_gbps"]
    assert j["planned_latency_s"] == 0.05 and j["target_met"] is True
    assert j["throughput_gbps"] >= gets * (1 - 1e-9), (j["name"], j["throughput_gbps"])
if sys.argv[3] == "":
    assert abs(p["workload"]["scale"] - lam) <= 1e-6 * lam, p["workload"]["scale"]
assert r["workload"]["scale"] >= lam * (1 - 1e-9), r["workload"]["scale"]
assert abs(r["workload"]["scale"] - p["workload"]["scale"]) <= 1e-9 * lam
PY
    then ok; else bad "plan --workload --assume-latency 0.05 $mod: lambda not 64,000, or not what the planned network routes"; fi
done
# --assume-latency with a budget, or at or above the target: refused (64, 65), nothing written
for bad_args in "--budget 1e8 --assume-latency 0.05:64" "--target-time 0.5 --assume-latency 0.5:65"; do
    args=${bad_args%:*} want=${bad_args##*:}
    # shellcheck disable=SC2086
    "$BIN" plan topologies/stargate-us.graphml --workload topologies/stargate-us-workload.json $args -q \
        -o "$tmp/none.json" 2> "$tmp/err"
    rc=$?
    if [ "$rc" = "$want" ] && [ "$(wc -l < "$tmp/err")" = 1 ] && [ ! -e "$tmp/none.json" ]; then ok
    else bad "plan --workload $args: exit $rc (want $want), $(head -c 200 "$tmp/err")"; fi
done

# plan --workload --survive (MODEL.md "Failures" with "Workloads": one capacity vector, routing
# per scenario, the worst protected scenario's lambda maximised). The hand-made triangle of
# tests/workload/survive.graphml, every number derived in its header: $100 buys ab and ca to 150
# (worst case lambda 75, the intact network 150); $500: 160 and 320; a target of 100 Gbit/s per
# job in every protected scenario (--assume-latency): $200. ad cuts the background apart
# whatever is built: unprotectable, left out. --modular at $100 is the same plan (whole modules).
survive_hand() {   # name, want "worst intact cost ab ca bc", plan options...
    local name=$1 want=$2
    shift 2
    if ! "$BIN" plan tests/workload/survive.graphml --workload tests/workload/survive.json --survive span "$@" \
            --json -q -o "$tmp/sv.json"; then
        bad "survive $name: plan failed"; return
    fi
    if python3 - "$tmp/sv.json" $want <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
worst, intact, cost, ab, ca, bc = map(float, sys.argv[2:8])
close = lambda a, b: abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1)
sv = p["plan"]["survive"]
assert sv["by"] == "span" and sv["unprotectable"] == ["ad"], sv["unprotectable"]
assert close(sv["worst_throughput_gbps"], worst) and sv["worst"]["label"] in ("ab", "ca"), sv["worst_throughput_gbps"]
assert close(p["workload"]["scale"], intact), p["workload"]["scale"]
assert close(p["plan"]["cost_usd"], cost), p["plan"]["cost_usd"]
planned = {u["id"]: u["capacity_gbps"] for u in p["plan"]["upgrades"]}
for span, want in (("ab", ab), ("ca", ca), ("bc", bc)):
    assert close(planned.get(span, 100.0), want), (span, planned.get(span))
assert all(s["background"]["fits"] for s in sv["scenarios"] if not s["unprotectable"])
PY
    then ok; else bad "survive $name: not the hand-derived plan"; fi
}
survive_hand budget-100 "75 150 100 150 150 100" --budget 100
survive_hand budget-500 "160 320 500 320 320 160" --budget 500
survive_hand budget-100-modular "75 150 100 150 150 100" --budget 100 --modular
survive_hand target "100 200 200 200 200 100" --target-time 1.05 --assume-latency 0.05

# ... and the promise: `failures --workload` on the planned network (--out-graphml) gives the
# plan's worst protected lambda (the lowest scale over the scenarios not marked unprotectable)
# and `route --workload` there its intact lambda, to 1e-6; a budget plan's worst case is never
# below today's, a target plan meets every job's target in every protected scenario. Today's
# binary refused --survive with several jobs (64).
survive_promise() {   # name, topology, workload, plan options...
    local name=$1 topo=$2 wl=$3
    shift 3
    if ! "$BIN" plan "$topo" --workload "$wl" "$@" --json -q -o "$tmp/p.json" --out-graphml "$tmp/planned.graphml" ||
       ! "$BIN" failures "$tmp/planned.graphml" --workload "$wl" --by "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["plan"]["survive"]["by"])' "$tmp/p.json")" \
            --json -q -o "$tmp/f.json" ||
       ! "$BIN" failures "$topo" --workload "$wl" --by "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["plan"]["survive"]["by"])' "$tmp/p.json")" \
            --json -q -o "$tmp/t.json" ||
       ! "$BIN" route "$tmp/planned.graphml" --workload "$wl" --json -q -o "$tmp/r.json"; then
        bad "survive $name: a command failed"; return
    fi
    if python3 - "$tmp/p.json" "$tmp/f.json" "$tmp/t.json" "$tmp/r.json" <<'PY'
import json, sys
p, f, t, r = (json.load(open(x)) for x in sys.argv[1:5])
close = lambda a, b: abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1e-9)
sv = p["plan"]["survive"]
left_out = set(sv["unprotectable"])
def worst(res):
    got = [0.0 if s.get("disconnected") or not s["background"]["fits"] else s["scale"]
           for s in res["failures"] if s["label"] not in left_out]
    return min(got) if got else None
assert close(worst(f), sv["worst_throughput_gbps"]), (worst(f), sv["worst_throughput_gbps"])
assert close(r["workload"]["scale"], p["workload"]["scale"]), (r["workload"]["scale"], p["workload"]["scale"])
if p["plan"]["budget_usd"] is not None:
    assert sv["worst_throughput_gbps"] >= worst(t) * (1 - 1e-9), (sv["worst_throughput_gbps"], worst(t))
    assert p["plan"]["cost_usd"] <= p["plan"]["budget_usd"] * (1 + 1e-9)
for j, job in enumerate(p["jobs"]):
    if job["target_time_s"] is not None:
        for s in f["failures"]:
            if s["label"] not in left_out:
                assert s["jobs"][j]["allreduce_s"] <= job["target_time_s"] * (1 + 1e-9), (s["label"], job["name"])
PY
    then ok; else bad "survive $name: the planned network's scenarios do not give the plan's numbers"; fi
}
survive_promise triangle tests/workload/survive.graphml tests/workload/survive.json --survive span --budget 100
survive_promise stargate-span topologies/stargate-us.graphml topologies/stargate-us-workload.json --survive span --budget 5e8
survive_promise stargate-srlg topologies/stargate-us.graphml topologies/stargate-us-workload.json --survive srlg --budget 2e8
survive_promise stargate-modular topologies/stargate-us.graphml topologies/stargate-us-workload.json --survive span --budget 5e8 --modular
survive_promise stargate-srlg-target topologies/stargate-us.graphml topologies/stargate-us-workload.json --survive srlg --target-time 0.5

echo "workload: $pass passed, $fail failed"
[ "$fail" = 0 ]
