#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# plan --phases (MODEL.md "Phases"):
# - one phase is `plan` exactly (budget and target mode): theta, T, spend and the upgrades as
#   `plan --json` prints them;
# - on the hand-made instance (tests/phases/three.graphml, derivation in its header) the joint
#   plan gives sum theta 500 = 100 + 200 + 200 and the myopic 400 = 200 + 100 + 100: gain 100;
# - target mode on it: phase "second" needs theta 200 (T = 1600 / theta + T_lat with T_lat =
#   2 (100 km x 4.9 us + 20 us) = 1.02 ms, target 8.00102 s), 100 USD on span bc in 2027,
#   discounted at 10 % a year: 100 / 1.1 = 90.9090...;
# - on every example (stargate-us five phases, the hand-made one), for the joint plan: each
#   phase's spend <= its budget, capacities never decrease from phase to phase, the joint sum w
#   theta >= the myopic's, and each phase's theta and T equal `route --sites` on that phase's
#   network as --out-graphml writes it (1e-6 relative);
# - --modular: one phase is `plan --modular` exactly (budget and target); the hand-made
#   tests/phases/modular.graphml (derivation in its header) gives joint 800, myopic 700, LP
#   bound 820; on stargate-us five phases and the hand-made one, besides the checks above, every
#   phase adds whole modules and builds a candidate whole, once; sweep --phases --modular;
#   under --time-limit 1 the joint plan is never below the myopic one.
# - --cost-model (MODEL.md "Optics": pairs lit per phase, cumulative): one phase is `plan
#   --cost-model` exactly (theta, cost, pairs lit; continuous and --modular); on stargate-us
#   five phases with --cost-model default (continuous and --modular), besides the checks above,
#   the pairs lit never decrease from phase to phase, every phase's capacity fits in the pairs
#   lit by then, and each upgrade costs its wavelengths plus the pairs it lights; the hand-made
#   tests/phases/pairs.graphml (derivation in its header): a pair lit early is 40 USD cheaper
#   in total (140 against 180), and with --discount 0.5 late is cheaper (133.33, no gain);
#   sweep --phases --cost-model plans each total as plan --phases does.
set -u
cd "$(dirname "$0")/../.." || exit 1
BIN=${FIBERPLAN:-${B:-build}/fiberplan}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
check() { if "$@"; then ok; else bad "$CASE"; fi; }

# one phase = plan (budget): theta, T, cost and upgrades exactly as plan --json prints them
one_phase() {   # topo, phases JSON, plan args... (ONE_ARGS: given to both, e.g. --modular)
    local topo=$1 json=$2; shift 2
    echo "$json" > "$tmp/one.json"
    # shellcheck disable=SC2086
    "$BIN" plan "$topo" "$@" ${ONE_ARGS:-} --json -q -o "$tmp/plan.json" &&
    # shellcheck disable=SC2086
    "$BIN" plan "$topo" --phases "$tmp/one.json" ${ONE_ARGS:-} --json -q -o "$tmp/ph.json" &&
    python3 - "$tmp/plan.json" "$tmp/ph.json" "${ONE_ARGS:-}" <<'PY'
import json, sys
pl, ph = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
p = ph["phases"][0]
c = pl["collective"]
same = p["throughput_gbps"] == c["throughput_gbps"] and p["allreduce_s"] == c["allreduce_s"]
same = same and p["bandwidth_s"] == c["bandwidth_s"] and p["latency_s"] == c["latency_s"]
same = same and p["cost_usd"] == pl["plan"]["cost_usd"]
up = {u["id"]: u["added_gbps"] for u in pl["plan"]["upgrades"] if u["added_gbps"] > 0}
mine = {u["id"]: u["added_gbps"] for u in p["upgrades"]}
same = same and up == mine and ph["plan"]["joint_gain"] == 0
if "--cost-model" in sys.argv[3]:
    # the pairs lit, span by span, and some are (else the case would prove nothing)
    pairs = {u["id"]: u["optics"]["pairs_lit"] for u in pl["plan"]["upgrades"]
             if u.get("optics") and u["optics"]["pairs_lit"] > 0}
    mine_pairs = {u["id"]: u["pairs_lit"] for u in p["upgrades"] if u.get("pairs_lit", 0) > 0}
    same = same and pairs == mine_pairs and len(pairs) > 0
    if not same:
        print(pairs, mine_pairs)
if not same:
    print(json.dumps(p)[:600], json.dumps(c)[:300], up, mine)
sys.exit(0 if same else 1)
PY
}
CASE="one phase = plan --budget 1e8 (stargate-us)"
check one_phase topologies/stargate-us.graphml \
    '{"schema": "fiberplan.phases/1", "phases": [{"name": "p", "year": 2026, "sites": ["abilene", "shackelford", "milam", "santa_teresa", "lordstown", "saline", "port_washington", "mt_pleasant", "fairwater_atl"], "budget_usd": 1e8}]}' \
    --budget 1e8
CASE="one phase = plan --budget 3e7 (fairwater-aiwan, default sites)"
check one_phase topologies/fairwater-aiwan.graphml \
    '{"schema": "fiberplan.phases/1", "phases": [{"name": "p", "year": 2030, "budget_usd": 3e7}]}' --budget 3e7
CASE="one phase = plan --target-time 0.5 (stargate-us)"
check one_phase topologies/stargate-us.graphml \
    '{"schema": "fiberplan.phases/1", "phases": [{"name": "p", "year": 2030, "target_time_s": 0.5}]}' \
    --target-time 0.5

# --cost-model, one phase = plan --cost-model (continuous: budget and target; --modular on
# fairwater-aiwan, where branch and cut closes its gap in well under a second)
CASE="one phase --cost-model default = plan --cost-model default --budget 1e8 (stargate-us)"
ONE_ARGS="--cost-model default" check one_phase topologies/stargate-us.graphml \
    '{"schema": "fiberplan.phases/1", "phases": [{"name": "p", "year": 2026, "sites": ["abilene", "shackelford", "milam", "santa_teresa", "lordstown", "saline", "port_washington", "mt_pleasant", "fairwater_atl"], "budget_usd": 1e8}]}' \
    --budget 1e8
CASE="one phase --cost-model default = plan --cost-model default --target-time 0.5 (stargate-us)"
ONE_ARGS="--cost-model default" check one_phase topologies/stargate-us.graphml \
    '{"schema": "fiberplan.phases/1", "phases": [{"name": "p", "year": 2030, "target_time_s": 0.5}]}' \
    --target-time 0.5
CASE="one phase --modular --cost-model default = plan --modular --cost-model default --budget 3e7 (fairwater-aiwan)"
ONE_ARGS="--modular --cost-model default" check one_phase topologies/fairwater-aiwan.graphml \
    '{"schema": "fiberplan.phases/1", "phases": [{"name": "p", "year": 2030, "budget_usd": 3e7}]}' --budget 3e7

# --modular, one phase = plan --modular (budget and target; instances where branch and cut
# closes its gap, so that both runs find the same plan)
CASE="one phase --modular = plan --modular --budget 5e7 (stargate-us)"
ONE_ARGS=--modular check one_phase topologies/stargate-us.graphml \
    '{"schema": "fiberplan.phases/1", "phases": [{"name": "p", "year": 2026, "sites": ["abilene", "shackelford", "milam", "santa_teresa", "lordstown", "saline", "port_washington", "mt_pleasant", "fairwater_atl"], "budget_usd": 5e7}]}' \
    --budget 5e7 --sites abilene,shackelford,milam,santa_teresa,lordstown,saline,port_washington,mt_pleasant,fairwater_atl
CASE="one phase --modular = plan --modular --target-time 1 (stargate-us)"
ONE_ARGS=--modular check one_phase topologies/stargate-us.graphml \
    '{"schema": "fiberplan.phases/1", "phases": [{"name": "p", "year": 2030, "target_time_s": 1}]}' \
    --target-time 1

# --modular on the hand-made instance: values derived in tests/phases/modular.graphml
CASE="hand-made --modular: joint 200 + 300 + 300 = 800 (rounded, repaired on ab), myopic 500 + 100 + 100"
"$BIN" plan tests/phases/modular.graphml --phases tests/phases/modular.phases.json --modular --json -q \
    -o "$tmp/mod.json"
check python3 - "$tmp/mod.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
close = lambda a, b: abs(a - b) <= 1e-9 * max(1.0, abs(b))
j = [p["throughput_gbps"] for p in d["phases"]]
m = [p["throughput_gbps"] for p in d["plan"]["myopic"]["phases"]]
ok = all(close(a, b) for a, b in zip(j, [200, 300, 300])) and all(close(a, b) for a, b in zip(m, [500, 100, 100]))
ok = ok and close(d["plan"]["objective"], 800) and close(d["plan"]["myopic"]["objective"], 700)
ok = ok and close(d["plan"]["joint_gain"], 100) and close(d["plan"]["lp_objective"], 820)
ok = ok and close(d["solver"]["gap"], 20 / 820) and d["solver"]["status"] == "feasible"
up = {u["id"]: u["added_gbps"] for u in d["phases"][0]["upgrades"]}
ok = ok and up == {"ab": 100, "bc": 200} and close(d["phases"][0]["cost_usd"], 260)
ok = ok and {u["id"]: u["added_gbps"] for u in d["plan"]["myopic"]["phases"][0]["upgrades"]} == {"ab": 400}
if not ok:
    print(j, m, d["plan"]["objective"], d["solver"], up)
sys.exit(0 if ok else 1)
PY

# --modular, target mode on the same instance: phases 2 and 3 (B, C) need T <= 6.5 s, theta >=
# 1600 / (6.5 - 1.02e-3) = 246.19 Gbit/s (T_lat 1.02 ms as above); the LP buys the 146.19
# Gbit/s on bc in 2027 (discounted 1 / 1.1, cheaper than 2026), bound 146.19 / 1.1 = 132.90 USD;
# rounded up: 2 modules on bc in 2027 (one less leaves theta 200: kept), 200 / 1.1 = 181.82,
# which is also plan --modular's myopic answer: gain 0
CASE="hand-made --modular target: 2 modules on bc in 2027, 181.82 against the LP's 132.90"
cat > "$tmp/mod-target.json" <<'JSON'
{"schema": "fiberplan.phases/1", "phases": [
  {"name": "first", "year": 2026, "target_time_s": 16.00102},
  {"name": "second", "year": 2027, "sites": ["B", "C"], "target_time_s": 6.5},
  {"name": "third", "year": 2028, "sites": ["B", "C"], "target_time_s": 6.5}]}
JSON
"$BIN" plan tests/phases/modular.graphml --phases "$tmp/mod-target.json" --modular --discount 0.1 --json -q \
    -o "$tmp/mt.json"
check python3 - "$tmp/mt.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
close = lambda a, b, r=1e-6: abs(a - b) <= r * max(1.0, abs(b))
c = [p["cost_usd"] for p in d["phases"]]
lp = (1600 / (6.5 - 1.02e-3) - 100) / 1.1
ok = close(c[0], 0) and close(c[1], 200) and close(c[2], 0) and all(p["met"] for p in d["phases"])
ok = ok and close(d["plan"]["objective"], 200 / 1.1) and close(d["plan"]["lp_objective"], lp)
ok = ok and close(d["solver"]["gap"], (200 / 1.1 - lp) / (200 / 1.1)) and d["plan"]["joint_gain"] >= 0
ok = ok and {u["id"]: u["added_gbps"] for u in d["phases"][1]["upgrades"]} == {"bc": 200}
if not ok:
    print(c, d["plan"]["objective"], d["plan"]["lp_objective"], d["solver"])
sys.exit(0 if ok else 1)
PY

# the hand-made instance: values derived in tests/phases/three.graphml
CASE="hand-made 3 phases: joint 500, myopic 400, gain 100"
"$BIN" plan tests/phases/three.graphml --phases tests/phases/three.phases.json --json -q -o "$tmp/three.json"
check python3 - "$tmp/three.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
close = lambda a, b: abs(a - b) <= 1e-9 * max(1.0, abs(b))
j = [p["throughput_gbps"] for p in d["phases"]]
m = [p["throughput_gbps"] for p in d["plan"]["myopic"]["phases"]]
ok = all(close(a, b) for a, b in zip(j, [100, 200, 200])) and all(close(a, b) for a, b in zip(m, [200, 100, 100]))
ok = ok and close(d["plan"]["objective"], 500) and close(d["plan"]["myopic"]["objective"], 400)
ok = ok and close(d["plan"]["joint_gain"], 100)
ok = ok and [u["id"] for u in d["phases"][0]["upgrades"]] == ["bc"] and close(d["phases"][0]["cost_usd"], 100)
ok = ok and [u["id"] for u in d["plan"]["myopic"]["phases"][0]["upgrades"]] == ["ab"]
sys.exit(0 if ok else 1)
PY

CASE="hand-made target: 100 USD on bc in 2027, discounted 90.909"
cat > "$tmp/three-target.json" <<'JSON'
{"schema": "fiberplan.phases/1", "phases": [
  {"name": "first", "year": 2026, "target_time_s": 16.00102},
  {"name": "second", "year": 2027, "sites": ["B", "C"], "target_time_s": 8.00102},
  {"name": "third", "year": 2028, "sites": ["B", "C"], "target_time_s": 8.00102}]}
JSON
"$BIN" plan tests/phases/three.graphml --phases "$tmp/three-target.json" --discount 0.1 --json -q -o "$tmp/tt.json"
check python3 - "$tmp/tt.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
close = lambda a, b, r=1e-6: abs(a - b) <= r * max(1.0, abs(b))
c = [p["cost_usd"] for p in d["phases"]]
ok = close(c[0], 0) and close(c[1], 100) and close(c[2], 0)
ok = ok and close(d["plan"]["objective"], 100 / 1.1) and close(d["phases"][1]["throughput_gbps"], 200)
ok = ok and all(p["met"] for p in d["phases"]) and d["plan"]["joint_gain"] >= -1e-6
if not ok:
    print(c, d["plan"]["objective"], [p["throughput_gbps"] for p in d["phases"]])
sys.exit(0 if ok else 1)
PY

# sweep --phases on the hand-made instance: the totals go to phase 1 (the file's split, 100:0:0);
# B USD buy B Gbit/s: joint on bc, 100 + 2 (100 + B); myopic on ab, (100 + B) + 2 x 100; the
# weighted T is the mean of 1600 / theta_p + 1.02 ms
CASE="sweep --phases: 0, 100, 300 USD give 300/300, 500/400, 900/600"
"$BIN" sweep tests/phases/three.graphml --phases tests/phases/three.phases.json --budgets 0,100,300 --json -q \
    -o "$tmp/sw.json"
check python3 - "$tmp/sw.json" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))["frontier"]
close = lambda a, b: abs(a - b) <= 1e-6 * max(1.0, abs(b))
want = [(0, 300, 300), (100, 500, 400), (300, 900, 600)]
ok = len(f) == 3 and all(close(p["budget_usd"], b) and close(p["objective"], j) and close(p["myopic_objective"], m)
                         and close(p["joint_gain"], j - m) for p, (b, j, m) in zip(f, want))
ok = ok and close(f[1]["allreduce_s"], (1600 / 100 + 2 * 1600 / 200) / 3 + 0.00102)
if not ok:
    print(f)
sys.exit(0 if ok else 1)
PY

# --csv: one line per total, the same numbers as the JSON frontier (full precision)
CASE="sweep --phases --csv: the JSON frontier's numbers, one line per total"
"$BIN" sweep tests/phases/three.graphml --phases tests/phases/three.phases.json --budgets 0,100,300 -q \
    --csv "$tmp/sw.csv" -o /dev/null
check python3 - "$tmp/sw.json" "$tmp/sw.csv" <<'PY'
import csv, json, sys
f = json.load(open(sys.argv[1]))["frontier"]
rows = list(csv.DictReader(open(sys.argv[2])))
close = lambda a, b: abs(a - b) <= 1e-9 * max(1.0, abs(b))
ok = len(rows) == len(f) == 3
for r, p in zip(rows, f):
    ok = ok and r["status"] == p["status"] and close(float(r["weighted_allreduce_s"]), p["allreduce_s"])
    ok = ok and all(close(float(r[k]), p[k]) for k in ("budget_usd", "cost_usd", "objective", "myopic_objective",
                                                          "joint_gain"))
sys.exit(0 if ok else 1)
PY

# sweep --phases --modular on tests/phases/modular.graphml (the file's split 260:0:0): 0 USD
# leave theta 100 everywhere (300 both ways); 260 USD are plan --phases --modular's 800 and 700;
# the weighted T at 260 is the mean of 1600 / theta_p + 1.02 ms, theta = 200, 300, 300
CASE="sweep --phases --modular: 0, 260 USD give 300/300, 800/700"
"$BIN" sweep tests/phases/modular.graphml --phases tests/phases/modular.phases.json --budgets 0,260 --modular \
    --json -q -o "$tmp/swm.json"
check python3 - "$tmp/swm.json" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))["frontier"]
close = lambda a, b: abs(a - b) <= 1e-6 * max(1.0, abs(b))
want = [(0, 300, 300), (260, 800, 700)]
ok = len(f) == 2 and all(close(p["budget_usd"], b) and close(p["objective"], j) and close(p["myopic_objective"], m)
                         and close(p["joint_gain"], j - m) for p, (b, j, m) in zip(f, want))
ok = ok and close(f[1]["allreduce_s"], (1600 / 200 + 2 * 1600 / 300) / 3 + 0.00102)
if not ok:
    print(f)
sys.exit(0 if ok else 1)
PY

# MODEL.md "Anytime planning" with --modular: under a deadline that cuts the solve short the
# joint plan is never below the myopic one, spends within each budget, and says time_limit
# with no gain claimed
CASE="--modular --time-limit 1 (stargate-us five phases): joint >= myopic, within budgets"
"$BIN" plan topologies/stargate-us.graphml --phases topologies/stargate-us.phases.json --modular --time-limit 1 \
    --json -q -o "$tmp/tl.json"
check python3 - "$tmp/tl.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ok = d["plan"]["objective"] >= d["plan"]["myopic"]["objective"] * (1 - 1e-12)
ok = ok and all(p["cost_usd"] <= p["budget_usd"] * (1 + 1e-9) for p in d["phases"])
ok = ok and (d["solver"]["status"] != "time_limit" or d["plan"]["joint_gain"] is None)
if not ok:
    print(d["plan"]["objective"], d["plan"]["myopic"]["objective"], d["solver"], d["plan"]["joint_gain"])
sys.exit(0 if ok else 1)
PY

# --trainer-config: one file per phase, for its sites, its trees' rates summing to its theta
CASE="--trainer-config: stargate-us, one configuration per phase with its sites and theta"
"$BIN" plan topologies/stargate-us.graphml --phases topologies/stargate-us.phases.json -q --json \
    -o "$tmp/tc-plan.json" --trainer-config "$tmp/tc.json"
check python3 - "$tmp/tc-plan.json" "$tmp/tc" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ok = True
for p in d["phases"]:
    t = json.load(open("%s.%s.json" % (sys.argv[2], p["name"])))
    rate = sum(x["rate_gbps"] for x in t["schedule"]["trees"])
    ok = ok and abs(t["collective"]["throughput_gbps"] - p["throughput_gbps"]) <= 1e-9 * p["throughput_gbps"]
    ok = ok and sorted(s["id"] for s in t["sites"]) == sorted(p["sites"])
    ok = ok and abs(rate - p["throughput_gbps"]) <= 1e-6 * p["throughput_gbps"]
sys.exit(0 if ok else 1)
PY

# a candidate available from 2028 (tests/phases/available.graphml, values derived in its header)
CASE="available 2028: bc2 built in 2028 only; joint 100 + 200 + (200 + D), myopic 200 + 100 + (100 + D), D = 10 / 0.0101"
sed 's/"third", "year": 2028, "sites": \["B", "C"\], "budget_usd": 0/"third", "year": 2028, "sites": ["B", "C"], "budget_usd": 10/' \
    tests/phases/three.phases.json > "$tmp/avail.json"
"$BIN" plan tests/phases/available.graphml --phases "$tmp/avail.json" --json -q -o "$tmp/avail-out.json"
check python3 - "$tmp/avail-out.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
close = lambda a, b: abs(a - b) <= 1e-6 * max(1.0, abs(b))
j = [p["throughput_gbps"] for p in d["phases"]]
m = [p["throughput_gbps"] for p in d["plan"]["myopic"]["phases"]]
D = 10 / 0.0101
ok = all(close(a, b) for a, b in zip(j, [100, 200, 200 + D])) and all(close(a, b) for a, b in zip(m, [200, 100, 100 + D]))
for ph in (d["phases"], d["plan"]["myopic"]["phases"]):
    ok = ok and all(u["id"] != "bc2" for p in ph[:2] for u in p["upgrades"])
    b = [u for u in ph[2]["upgrades"] if u["id"] == "bc2"]
    ok = ok and len(b) == 1 and close(b[0]["added_gbps"], D) and close(b[0]["build"], D / 1e4)
ok = ok and close(d["plan"]["joint_gain"], 100)
if not ok:
    print(j, m)
sys.exit(0 if ok else 1)
PY

# every example: spend <= budget, capacities never decrease, joint >= myopic, theta = route
examples() {   # topo phases [plan args, e.g. --modular] (EX_NAME: the files' name, default from them)
    local topo=$1 phases=$2 name
    shift 2
    name=${EX_NAME:-$(basename "$phases" .json)${1:-}}
    "$BIN" plan "$topo" --phases "$phases" "$@" --json -q -o "$tmp/$name.json" --out-graphml "$tmp/$name.graphml" ||
        { bad "$name: plan --phases failed"; return; }
    python3 - "$tmp/$name.json" "$tmp/$name.graphml" "$topo" "${1:-}" > "$tmp/$name.list" <<'PY'
import json, sys, xml.etree.ElementTree as ET
d = json.load(open(sys.argv[1]))
stem = sys.argv[2][:-len(".graphml")]
ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
def caps(path, attr="capacity_gbps"):
    root = ET.parse(path).getroot()
    key = [k.get("id") for k in root.findall("g:key", ns) if k.get("attr.name") == attr][0]
    out = {}
    for e in root.iter("{%s}edge" % ns["g"]):
        v = [x.text for x in e.findall("g:data", ns) if x.get("key") == key]
        out[e.get("id")] = float(v[0]) if v else 0.0
    return out
if sys.argv[4] == "--modular":
    # whole modules: every phase adds a whole number of modules, builds a candidate whole, once
    module = caps(sys.argv[3], "module_gbps")
    built = set()
    for p in d["phases"] + d["plan"]["myopic"]["phases"]:
        if p is d["plan"]["myopic"]["phases"][0]:
            built = set()
        for u in p["upgrades"]:
            n = u["added_gbps"] / module[u["id"]]
            if abs(n - round(n)) > 1e-9:
                print("FAIL %s adds %s Gbit/s on %s: not whole modules" % (p["name"], u["added_gbps"], u["id"]))
            if u["build"] not in (0, 1) or (u["build"] == 1 and u["id"] in built):
                print("FAIL %s builds %s %s" % (p["name"], u["id"], u["build"]))
            if u["build"] == 1:
                built.add(u["id"])
prev = None
for p in d["phases"]:
    f = "%s.%s.graphml" % (stem, p["name"])
    c = caps(f)
    if p["budget_usd"] is not None and p["cost_usd"] > p["budget_usd"] * (1 + 1e-9) + 1e-6:
        print("FAIL spend %s > budget %s in %s" % (p["cost_usd"], p["budget_usd"], p["name"]))
    if prev is not None and any(c[s] < prev[s] * (1 - 1e-12) for s in c):
        print("FAIL capacity decreases in %s" % p["name"])
    prev = c
    print("ROUTE %s %s %r %r" % (f, ",".join(p["sites"]), p["throughput_gbps"], p["allreduce_s"]))
if d["plan"]["objective"] < d["plan"]["myopic"]["objective"] * (1 - 1e-9) - 1e-9:
    print("FAIL joint %s < myopic %s" % (d["plan"]["objective"], d["plan"]["myopic"]["objective"]))
PY
    if grep -q '^FAIL' "$tmp/$name.list"; then bad "$name: $(grep '^FAIL' "$tmp/$name.list" | head -1)"; else ok; fi
    while read -r tag file sites theta t; do
        [ "$tag" = ROUTE ] || continue
        CASE="$name: $(basename "$file") theta and T = route --sites"
        params=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print([p['params'] for p in d['phases'] if sys.argv[2].endswith('.'+p['name']+'.graphml')][0])" "$tmp/$name.json" "$file")
        "$BIN" route "$file" --sites "$sites" --params "$params" --json -q -o "$tmp/r.json" || { bad "$CASE: route failed"; continue; }
        check python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))["collective"]
th, t = float(sys.argv[2]), float(sys.argv[3])
ok = abs(c["throughput_gbps"] - th) <= 1e-6 * th and abs(c["allreduce_s"] - t) <= 1e-6 * t
if not ok: print(c["throughput_gbps"], th, c["allreduce_s"], t)
sys.exit(0 if ok else 1)' "$tmp/r.json" "$theta" "$t"
    done < "$tmp/$name.list"
}
examples topologies/stargate-us.graphml topologies/stargate-us.phases.json
examples tests/phases/three.graphml tests/phases/three.phases.json
examples tests/phases/available.graphml "$tmp/avail.json"
examples topologies/stargate-us.graphml topologies/stargate-us.phases.json --modular
examples tests/phases/modular.graphml tests/phases/modular.phases.json --modular
EX_NAME=sg-costs examples topologies/stargate-us.graphml topologies/stargate-us.phases.json --cost-model default
EX_NAME=sg-costs-modular examples topologies/stargate-us.graphml topologies/stargate-us.phases.json --modular \
    --cost-model default

# --cost-model on stargate-us five phases (the runs above): per phase, joint and myopic, every
# upgrade costs its wavelengths (added / gbps per wavelength x USD per wavelength) plus the pairs
# it lights (x the price of lighting one) plus the share built (x build_cost), the spend is
# their sum; the pairs lit as the phase ends (JSON lit_pairs: lit before the plan and since)
# never decrease and hold the phase's capacity; the joint plan's per-phase GraphML files say
# the same pairs lit (a part of a pair counts as one) and never fewer from phase to phase
"$BIN" check topologies/stargate-us.graphml --cost-model default --json -q -o "$tmp/sg-optics.json"
for name in sg-costs sg-costs-modular; do
    CASE="$name: pairs lit never decrease and hold the capacity; spend = wavelengths + pairs + builds"
    check python3 - "$tmp/sg-optics.json" "$tmp/$name.json" "$tmp/$name.graphml" topologies/stargate-us.graphml <<'PY'
import json, math, sys, xml.etree.ElementTree as ET
ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
def attr(path, name):
    root = ET.parse(path).getroot()
    key = [k.get("id") for k in root.findall("g:key", ns) if k.get("attr.name") == name]
    out = {}
    for e in root.iter("{%s}edge" % ns["g"]):
        v = [x.text for x in e.findall("g:data", ns) if key and x.get("key") == key[0]]
        out[e.get("id")] = float(v[0]) if v else 0.0
    return out
spans = {s["id"]: s for s in json.load(open(sys.argv[1]))["check"]["optics"]["spans"]}
d = json.load(open(sys.argv[2]))
stem = sys.argv[3][:-len(".graphml")]
build_cost = attr(sys.argv[4], "build_cost")
close = lambda a, b: abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))
ok, lit_pairs = True, 0
for label, phases in (("joint", d["phases"]), ("myopic", d["plan"]["myopic"]["phases"])):
    lit = {i: s["lit_pairs"] for i, s in spans.items()}
    cap = {}
    prev = None
    for p in phases:
        spend = 0.0
        for u in p["upgrades"]:
            s, i = spans[u["id"]], u["id"]
            pair_gbps = s["gbps_per_wavelength"] * s["wavelengths_per_pair"]
            usd = (u["added_gbps"] / s["gbps_per_wavelength"] * s["usd_per_wavelength"] +
                   u["pairs_lit"] * s["pair_cost_usd"] + u["build"] * build_cost[i])
            lit[i] += u["pairs_lit"]
            cap[i] = u["capacity_gbps"]
            lit_pairs += u["pairs_lit"] > 0
            if not (u["pairs_lit"] >= 0 and close(lit[i], u["lit_pairs"]) and close(usd, u["cost_usd"])):
                print("FAIL %s %s %s: pairs %s, lit %s, cost %s (%s)" % (label, p["name"], i, u["pairs_lit"],
                                                                           u["lit_pairs"], u["cost_usd"], usd))
                ok = False
            spend += u["cost_usd"]
        over = [i for i in cap if cap[i] > lit[i] * spans[i]["gbps_per_wavelength"] * spans[i]["wavelengths_per_pair"]
                * (1 + 1e-9) + 1e-6]
        if over or not close(spend, p["cost_usd"]) or p["cost_usd"] > p["budget_usd"] * (1 + 1e-9) + 1e-6:
            print("FAIL %s %s: over the lit pairs %s, spend %s of %s" % (label, p["name"], over, p["cost_usd"], spend))
            ok = False
        if label == "joint":
            g = attr("%s.%s.graphml" % (stem, p["name"]), "lit_pairs")
            if any(g[i] != math.ceil(lit[i] - 1e-9) for i in spans) or (prev and any(g[i] < prev[i] for i in g)):
                print("FAIL %s: the GraphML's lit_pairs %s" % (p["name"], g))
                ok = False
            prev = g
    print("%s: sum w theta %s, pairs lit %s" % (label, sum(p["weight"] * p["throughput_gbps"] for p in phases),
                                                 [round(sum(u["pairs_lit"] for u in p["upgrades"]), 3) for p in phases]))
ok = ok and lit_pairs > 0 and d["plan"]["objective"] >= d["plan"]["myopic"]["objective"] * (1 - 1e-9)
sys.exit(0 if ok else 1)
PY
done

# --cost-model on the hand-made tests/phases/pairs.graphml (values derived in its header): a pair
# lit early is cheaper in total, continuous and --modular; with --discount 0.5 it is not
CASE="pairs.costs.json is a valid cost model (docs/costs.schema.json)"
check python3 tests/schema/validate.py docs/costs.schema.json tests/phases/pairs.costs.json > /dev/null
for args in "" --modular; do
    CASE="hand-made pairs ${args:-continuous}: r's pair lit in 2026, 140 USD against 40 + 140 myopic"
    # shellcheck disable=SC2086
    "$BIN" plan tests/phases/pairs.graphml --cost-model tests/phases/pairs.costs.json \
        --phases tests/phases/pairs.phases.json $args --json -q -o "$tmp/pairs.json"
    check python3 - "$tmp/pairs.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
close = lambda a, b: abs(a - b) <= 1e-6 * max(1.0, abs(b))
ups = lambda p: {u["id"]: (u["added_gbps"], u["pairs_lit"], u["cost_usd"]) for u in p["upgrades"]}
j, m = d["phases"], d["plan"]["myopic"]["phases"]
ok = [p["cost_usd"] for p in j] == [140, 0] and [p["cost_usd"] for p in m] == [40, 140]
ok = ok and ups(j[0]) == {"r": (400, 1, 140)} and ups(j[1]) == {}
ok = ok and ups(m[0]) == {"q": (400, 0, 40)} and ups(m[1]) == {"r": (400, 1, 140)}
ok = ok and all(close(p["throughput_gbps"], 1600) and p["met"] for p in j + m)
ok = ok and close(d["plan"]["objective"], 140) and close(d["plan"]["myopic"]["objective"], 180)
ok = ok and close(d["plan"]["joint_gain"], 40) and close(d["plan"]["lp_objective"], 140)
ok = ok and d["solver"]["status"] == "optimal"
if not ok:
    print(ups(j[0]), ups(j[1]), ups(m[0]), ups(m[1]), d["plan"]["objective"], d["plan"]["myopic"]["objective"])
sys.exit(0 if ok else 1)
PY
done
CASE="hand-made pairs --discount 0.5: late is cheaper, 40 + 140 / 1.5 = 133.33 both ways, no gain"
"$BIN" plan tests/phases/pairs.graphml --cost-model tests/phases/pairs.costs.json \
    --phases tests/phases/pairs.phases.json --discount 0.5 --json -q -o "$tmp/pairs-d.json"
check python3 - "$tmp/pairs-d.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
close = lambda a, b: abs(a - b) <= 1e-6 * max(1.0, abs(b))
ok = all(close(p["cost_usd"], c) for p, c in zip(d["phases"], [40, 140]))
ok = ok and close(d["plan"]["objective"], 40 + 140 / 1.5) and close(d["plan"]["lp_objective"], 40 + 140 / 1.5)
ok = ok and close(d["plan"]["myopic"]["objective"], 40 + 140 / 1.5) and abs(d["plan"]["joint_gain"]) <= 1e-6
if not ok:
    print([p["cost_usd"] for p in d["phases"]], d["plan"]["objective"], d["plan"]["joint_gain"])
sys.exit(0 if ok else 1)
PY

# sweep --phases --cost-model: the total of the file's budgets (4e8) is plan --phases
# --cost-model's plan (the run above), 0 is today's network both ways
CASE="sweep --phases --cost-model default: 0 and 4e8 USD, the latter = plan --phases (stargate-us)"
"$BIN" sweep topologies/stargate-us.graphml --phases topologies/stargate-us.phases.json --cost-model default \
    --budgets 0,4e8 --json -q -o "$tmp/sw-costs.json"
check python3 - "$tmp/sw-costs.json" "$tmp/sg-costs.json" <<'PY'
import json, sys
f, d = json.load(open(sys.argv[1]))["frontier"], json.load(open(sys.argv[2]))
close = lambda a, b: abs(a - b) <= 1e-6 * max(1.0, abs(b))
ok = len(f) == 2 and f[0]["cost_usd"] == 0 and close(f[0]["objective"], f[0]["myopic_objective"])
ok = ok and close(f[1]["objective"], d["plan"]["objective"]) and close(f[1]["cost_usd"], d["plan"]["cost_usd"])
ok = ok and close(f[1]["myopic_objective"], d["plan"]["myopic"]["objective"]) and f[1]["joint_gain"] > 0
if not ok:
    print(f, d["plan"]["objective"], d["plan"]["myopic"]["objective"])
sys.exit(0 if ok else 1)
PY

# the networks --out-graphml writes keep the years: planned again with the same phases file,
# each phase has the sites it had (stargate-us: 5, 7, 9, 9, 9 by the online years; before, the
# years were dropped and every datacenter trained from 2026), and a candidate not yet built
# keeps its `available` year (available.graphml: bc2, built in 2028 only, from 2028)
CASE="--out-graphml keeps online and available: the planned networks plan again with the same sites"
first=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["phases"][0]["name"])' "$tmp/stargate-us.phases.json")
"$BIN" plan "$tmp/stargate-us.phases.$first.graphml" --phases topologies/stargate-us.phases.json --json -q \
    -o "$tmp/again.json"
check python3 - "$tmp/stargate-us.phases.json" "$tmp/again.json" "$tmp/avail.first.graphml" <<'PY'
import json, sys, xml.etree.ElementTree as ET
a, b = (json.load(open(f))["phases"] for f in sys.argv[1:3])
ok = [len(p["sites"]) for p in a] == [len(p["sites"]) for p in b] == [5, 7, 9, 9, 9]
ok = ok and all(sorted(p["sites"]) == sorted(q["sites"]) for p, q in zip(a, b))
ns = "{http://graphml.graphdrawing.org/xmlns}"
root = ET.parse(sys.argv[3]).getroot()
key = [k.get("id") for k in root.iter(ns + "key") if k.get("attr.name") == "available"]
bc2 = [e for e in root.iter(ns + "edge") if e.get("id") == "bc2"][0]
ok = ok and len(key) == 1 and [d.text for d in bc2 if d.get("key") == key[0]] == ["2028"]
sys.exit(0 if ok else 1)
PY

echo "phases: $pass passed, $fail failed"
[ "$fail" = 0 ]
