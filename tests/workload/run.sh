#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# route --workload against route itself (MODEL.md "Workloads"): a workload of one job and no
# background gives route's theta and T exactly (the JSON numbers as printed), for every
# collective, on each shipped topology, whatever its weight (lambda = theta / w); in a shared
# workload each job's alone_throughput_gbps and alone_allreduce_s are route's for that job, its
# slowdown alone / theta_j, and theta_j = lambda w_j. failures and sweep likewise: one tree job
# is failures (every scenario) and sweep (every budget) of that job.
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

echo "workload: $pass passed, $fail failed"
[ "$fail" = 0 ]
