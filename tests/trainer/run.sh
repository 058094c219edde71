#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Validates `route --trainer-config` output against docs/trainer-config.schema.json with an
# independent validator (python3-jsonschema), for each collective and sample topology, and
# checks the numbers the schema cannot (tests/trainer/check.py): chunk fractions sum to 1, the
# ranks follow the schedule (ring order; each site after its parent in the layout tree), each
# site holds whole replicas, pairs sum their paths, buffers are the per-connection BDP, H is
# the smallest interval reaching U. Then values derived by hand on fairwater-aiwan and
# stargate-us, the fallbacks against `failures`, and the per-job files of a workload with their
# fallbacks against `failures --workload`.
set -u
cd "$(dirname "$0")/../.." || exit 1
BIN=${FIBERPLAN:-${B:-build}/fiberplan}
if ! python3 -c 'import jsonschema' 2>/dev/null; then
    echo "skipped: python3-jsonschema absent"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
F=topologies/fairwater-aiwan.graphml S=topologies/stargate-us.graphml
check() {   # NAME FILE [KEY=VALUE...]: tests/trainer/check.py on FILE
    local name=$1
    shift
    if python3 tests/trainer/check.py "$@" > "$tmp/py" 2>&1; then pass=$((pass + 1)); else
        echo "FAIL $name:"; cat "$tmp/py"; fail=$((fail + 1)); fi
}
route() {   # NAME ARGS...: route ... --trainer-config $tmp/NAME.json, stdout to $tmp/NAME.out
    local name=$1
    shift
    if ! "$BIN" route "$@" --trainer-config "$tmp/$name.json" > "$tmp/$name.out" 2> "$tmp/$name.err"; then
        echo "FAIL $name: $(cat "$tmp/$name.err")"; fail=$((fail + 1)); return 1
    fi
}

for topo in $S $F topologies/abilene-campus.graphml; do
    for coll in tree ring direct; do
        name="$(basename "$topo" .graphml)-$coll"
        route "$name" "$topo" -q --collective "$coll" --compute-time 1.2 --utilization 0.9 &&
            check "$name" "$tmp/$name.json" algorithm=$coll compute=1.2 utilization=0.9
    done
done
route stargate-mesh $S -q --mesh dp_shard=25,tp=8,pp=1 --compute-time 0.5 --utilization 0.95 && \
    check stargate-mesh "$tmp/stargate-mesh.json" algorithm=tree compute=0.5 utilization=0.95 replica=200
route stargate-ep $S -q --mesh pp=2,dp_shard=100,tp=5,ep=4 && check stargate-ep "$tmp/stargate-ep.json" replica=1000

# fairwater-aiwan's tree (docs/trainer-config.md): theta 51,200 Gbit/s, T_bw = 8 x 3.6e12 /
# 51.2e12 = 0.5625 s, T_lat 14.25 ms, T = 0.57675 s. C = 0.05 s, U = 0.9: E(1) = 0.52675 s;
# H C / max(H C, T) >= 0.9 needs H >= 0.9 x 0.57675 / 0.05 = 10.38: H = 11 (u = 0.55 / 0.57675 =
# 95.36%, 0.02675 s exposed); with nothing overlapped H >= 9 T / C = 103.8: 104. The pair
# mt_pleasant -> fairwater_atl: 12,800 Gbit/s over 7.056 ms and 38,400 over 7.105 ms, BDP 1.6e12
# x 0.014112 + 4.8e12 x 0.01421 = 9.07872e10 B over 15,000 connections (the default replica is
# gcd(315,000, 300,000) = 15,000 GPUs, one channel) = 6,052,480 B: NCCL_BUFFSIZE 8 MiB.
route fairwater-h $F --compute-time 0.05 --utilization 0.9 -o "$tmp/fairwater-h.txt" &&
    check fairwater-h "$tmp/fairwater-h.json" hand=fairwater
if grep -qx 'sync       DiLoCo H = 11 for utilisation >= 90%: a round of 11 steps takes 0.5767 s, 0.02675 s exposed, utilisation 95.36%; not overlapped: H = 104' "$tmp/fairwater-h.txt" &&
   grep -qx "step       compute 0.05 s; the 0.5767 s all-reduce overlaps the next step's compute: 0.5267 s exposed, 0.5767 s a step, utilisation 8.669%" "$tmp/fairwater-h.txt"; then
    pass=$((pass + 1))
else
    echo "FAIL fairwater text step and sync lines:"; grep -E '^(step|sync) ' "$tmp/fairwater-h.txt"; fail=$((fail + 1))
fi
# --compute-time changes the text and the JSON: .step appears, and with it the numbers above
"$BIN" route $F --json -q > "$tmp/no-ct.json"
"$BIN" route $F --json -q --compute-time 0.05 --utilization 0.9 > "$tmp/ct.json"
if python3 - "$tmp/no-ct.json" "$tmp/ct.json" <<'PY'
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert "step" not in a and b["step"]["sync_interval"] == 11 and b["step"]["blocking_sync_interval"] == 104
assert abs(b["step"]["exposed_comm_s"] - 0.52675) < 1e-9 and b["job"]["compute_time_s"] == 0.05
PY
then pass=$((pass + 1)); else echo "FAIL --compute-time in route --json"; fail=$((fail + 1)); fi

# stargate-us's tree: theta 19,200 Gbit/s, T_bw = 8 x 3.6e12 / 19.2e12 = 1.5 s, T_lat 39.663 ms.
# C = 0.5 s, U = 0.95: H >= 0.95 x 1.539663 / 0.5 = 2.925: H = 3 (u = 1.5 / 1.539663 = 97.42%);
# not overlapped H >= 19 x 1.539663 / 0.5 = 58.5: 59. With --mesh dp_shard=25,tp=8 a replica is
# 200 GPUs (it divides 175,000 = 875 x 200 and every other site), so 200 connections a pair.
# abilene -> fairwater_atl carries 1,600 Gbit/s over 8.4182 ms (s02 s21 s20) and 6,400 over
# 9.898 ms: BDP 2e11 x 0.0168364 + 8e11 x 0.019796 = 1.920408e10 B, 96,020,400 B per connection,
# the largest: NCCL_BUFFSIZE 2^27 = 134,217,728 (2^26 = 67,108,864 is less); 6 peers at most
# (abilene in the trees), memory 1 channel x 2 x 6 x 128 MiB = 1,536 MiB, under the 2 GiB cap.
check stargate-h "$tmp/stargate-mesh.json" hand=stargate
# a ring keeps its rank order = ring order, given or found
route stargate-ring-given $S -q --collective ring --ring-order fairwater_atl,milam,santa_teresa,abilene,shackelford,port_washington,mt_pleasant,saline,lordstown &&
    check stargate-ring-given "$tmp/stargate-ring-given.json" \
        ranks=fairwater_atl,milam,santa_teresa,abilene,shackelford,port_washington,mt_pleasant,saline,lordstown

# the fallbacks: one per lit span, each scenario's throughput the same as `failures` finds
route stargate-fb $S -q --compute-time 0.5 --utilization 0.95 --trainer-fallbacks &&
    "$BIN" failures $S --json -q > "$tmp/failures.json" &&
    check stargate-fb "$tmp/stargate-fb.json" failures="$tmp/failures.json" compute=0.5 utilization=0.95
route fairwater-ring-fb $F -q --collective ring --trainer-fallbacks &&
    "$BIN" failures $F --json -q > "$tmp/failures-f.json" &&
    check fairwater-ring-fb "$tmp/fairwater-ring-fb.json" failures="$tmp/failures-f.json"

# a workload: DIR/JOB.json per job, each the job's own numbers; one job alone equals route's file
mkdir -p "$tmp/wl" "$tmp/one"
if "$BIN" route $S --workload topologies/stargate-us-workload.json --json -q --utilization 0.9 \
        --trainer-config "$tmp/wl/" > "$tmp/wl.json" 2> "$tmp/wl.err"; then
    check workload-pretrain "$tmp/wl/pretrain.json" workload="$tmp/wl.json" job=pretrain compute=38 utilization=0.9
    check workload-rl "$tmp/wl/rl.json" workload="$tmp/wl.json" job=rl compute=6 utilization=0.9
else
    echo "FAIL workload: $(cat "$tmp/wl.err")"; fail=$((fail + 1))
fi
# a workload's fallbacks (--trainer-fallbacks with --workload): per job, one per lit span in file
# order (stargate-fb's), each the job's theta_j and T_j in that scenario of `failures --workload`
# (the scenario's lambda x the job's weight; its background share), cut off where the span
# separates its sites (pretrain on s06, s05, ...), its schedule on the spans left
mkdir -p "$tmp/wlfb" "$tmp/k4fb"
if "$BIN" route $S --workload topologies/stargate-us-workload.json -q --utilization 0.9 \
        --trainer-fallbacks --trainer-config "$tmp/wlfb/" -o /dev/null 2> "$tmp/wlfb.err" &&
   "$BIN" failures $S --workload topologies/stargate-us-workload.json --json -q > "$tmp/wlfail.json"; then
    for job in pretrain rl; do
        check "workload-fb-$job" "$tmp/wlfb/$job.json" wlfailures="$tmp/wlfail.json" job=$job \
            order="$tmp/stargate-fb.json" compute=$([ $job = rl ] && echo 6 || echo 38) utilization=0.9
    done
else
    echo "FAIL workload fallbacks: $(cat "$tmp/wlfb.err")"; fail=$((fail + 1))
fi
# K4 with 250 Gbit/s a -> b (docs/workload.md "Failures"): cutting a span at a or b carries 80 %
# of the background (200 of 250) and the job on {c, d} gets 100; cutting cd leaves it 50
K4=tests/e2e/data/good/k4.graphml K4W=tests/e2e/data/workloads/k4-background.json
if "$BIN" route $K4 --workload $K4W -q --trainer-fallbacks --trainer-config "$tmp/k4fb/" -o /dev/null &&
   "$BIN" failures $K4 --workload $K4W --json -q > "$tmp/k4fail.json" &&
   "$BIN" route $K4 --sites c,d --params 1e9 -q --trainer-fallbacks --trainer-config "$tmp/k4order.json" -o /dev/null; then
    check workload-fb-k4 "$tmp/k4fb/job.json" wlfailures="$tmp/k4fail.json" job=job order="$tmp/k4order.json"
    if python3 - "$tmp/k4fb/job.json" <<'PY'
import json, sys
fb = {f["label"]: f for f in json.load(open(sys.argv[1]))["fallbacks"]["scenarios"]}
assert sorted(fb) == ["ab", "ac", "ad", "bc", "bd", "cd"]
for s in ("ab", "ac", "ad", "bc", "bd"):
    assert abs(fb[s]["throughput_gbps"] - 100) < 1e-6 and abs(fb[s]["background_share"] - 0.8) < 1e-9, s
assert abs(fb["cd"]["throughput_gbps"] - 50) < 1e-6 and fb["cd"]["background_share"] == 1
PY
    then pass=$((pass + 1)); else echo "FAIL workload-fb-k4 hand values"; fail=$((fail + 1)); fi
else
    echo "FAIL workload fallbacks on k4"; fail=$((fail + 1))
fi

python3 - "$tmp/one.wl.json" <<'PY'
import json, sys
json.dump({"schema": "fiberplan.workload/1", "jobs": [{"name": "solo", "sites": ["abilene", "shackelford",
           "milam", "santa_teresa", "lordstown", "saline", "port_washington", "mt_pleasant", "fairwater_atl"],
           "params": 1.8e12, "compute_time_s": 38}]}, open(sys.argv[1], "w"))
PY
if "$BIN" route $S --workload "$tmp/one.wl.json" -q --trainer-fallbacks --trainer-config "$tmp/one" -o /dev/null &&
   route solo $S -q --compute-time 38 --trainer-fallbacks; then
    check workload-solo "$tmp/one/solo.json" same="$tmp/solo.json"
fi

# plan --workload --trainer-config DIR/: each job's file is the planned network's, the one `route
# --workload` writes on that network (--out-graphml): every key equal, numbers to 1e-9 relative
# (predicted_allreduce_s, throughput_gbps, the trees), and not today's (the plan changed them);
# --mesh and --utilization pass through as in route, and --trainer-fallbacks are the planned
# network's scenarios (checked against failures --workload of it)
W=topologies/stargate-us-workload.json
mkdir -p "$tmp/pw" "$tmp/pwr" "$tmp/pwt" "$tmp/pwm" "$tmp/pwmr" "$tmp/pwfb" "$tmp/pwfbr"
if "$BIN" plan $S --workload $W --budget 5e8 --trainer-config "$tmp/pw/" --out-graphml "$tmp/planned.graphml" \
        --json -q -o "$tmp/pw.json" 2> "$tmp/pw.err" &&
   "$BIN" route "$tmp/planned.graphml" --workload $W --trainer-config "$tmp/pwr/" --json -q -o "$tmp/pwr.json" &&
   "$BIN" route $S --workload $W --trainer-config "$tmp/pwt/" -q -o /dev/null; then
    for job in pretrain rl; do
        check "plan-workload-$job" "$tmp/pw/$job.json" workload="$tmp/pw.json" job=$job twin="$tmp/pwr/$job.json"
        check "plan-workload-$job-route" "$tmp/pwr/$job.json" workload="$tmp/pwr.json" job=$job
        if python3 - "$tmp/pw/$job.json" "$tmp/pwt/$job.json" <<'PY'
import json, sys
plan, today = (json.load(open(f))["collective"] for f in sys.argv[1:])
sys.exit(0 if plan["throughput_gbps"] > 2 * today["throughput_gbps"]
         and plan["predicted_allreduce_s"] < today["predicted_allreduce_s"] / 2 else 1)
PY
        then pass=$((pass + 1)); else echo "FAIL plan-workload-$job: today's numbers, not the plan's"; fail=$((fail + 1)); fi
    done
else
    echo "FAIL plan workload: $(cat "$tmp/pw.err")"; fail=$((fail + 1))
fi
if "$BIN" plan $S --workload $W --budget 5e8 --trainer-config "$tmp/pwm" --mesh dp_shard=25,tp=8,pp=1 \
        --utilization 0.95 --out-graphml "$tmp/planned-m.graphml" -q -o /dev/null 2> "$tmp/pwm.err" &&
   "$BIN" route "$tmp/planned-m.graphml" --workload $W --trainer-config "$tmp/pwmr" --mesh dp_shard=25,tp=8,pp=1 \
        --utilization 0.95 -q -o /dev/null; then
    for job in pretrain rl; do
        check "plan-workload-mesh-$job" "$tmp/pwm/$job.json" replica=200 compute=$([ $job = rl ] && echo 6 || echo 38) \
            utilization=0.95 twin="$tmp/pwmr/$job.json"
    done
else
    echo "FAIL plan workload --mesh: $(cat "$tmp/pwm.err")"; fail=$((fail + 1))
fi
if "$BIN" plan $S --workload $W --budget 5e8 --trainer-config "$tmp/pwfb/" --trainer-fallbacks --utilization 0.9 \
        --out-graphml "$tmp/planned-fb.graphml" -q -o /dev/null 2> "$tmp/pwfb.err" &&
   "$BIN" route "$tmp/planned-fb.graphml" --workload $W --trainer-config "$tmp/pwfbr/" --trainer-fallbacks \
        --utilization 0.9 -q -o /dev/null &&
   "$BIN" failures "$tmp/planned-fb.graphml" --workload $W --json -q > "$tmp/pwfail.json" &&
   "$BIN" route "$tmp/planned-fb.graphml" -q --trainer-fallbacks --trainer-config "$tmp/pworder.json" -o /dev/null; then
    for job in pretrain rl; do
        check "plan-workload-fb-$job" "$tmp/pwfb/$job.json" wlfailures="$tmp/pwfail.json" job=$job \
            order="$tmp/pworder.json" compute=$([ $job = rl ] && echo 6 || echo 38) utilization=0.9 \
            twin="$tmp/pwfbr/$job.json"
    done
else
    echo "FAIL plan workload fallbacks: $(cat "$tmp/pwfb.err")"; fail=$((fail + 1))
fi
# one job's plan --trainer-fallbacks: the planned network's scenarios (failures of it)
if "$BIN" plan $S --params 1.8e12 --budget 5e8 --trainer-config "$tmp/ps.json" --trainer-fallbacks \
        --out-graphml "$tmp/planned-s.graphml" -q -o /dev/null 2> "$tmp/ps.err" &&
   "$BIN" failures "$tmp/planned-s.graphml" --params 1.8e12 --json -q > "$tmp/psfail.json"; then
    check plan-fb "$tmp/ps.json" failures="$tmp/psfail.json"
else
    echo "FAIL plan fallbacks: $(cat "$tmp/ps.err")"; fail=$((fail + 1))
fi
# misuse: one line, exit 64 (nothing solved); a DIR that is no directory: 73
refused() {   # NAME EXIT MESSAGE ARGS...
    local name=$1 want=$2 msg=$3
    shift 3
    "$BIN" plan $S --workload $W --budget 5e8 "$@" -o "$tmp/refused.out" > /dev/null 2> "$tmp/refused.err"
    local rc=$?
    if [ $rc = "$want" ] && [ "$(wc -l < "$tmp/refused.err")" = 1 ] && grep -qF "$msg" "$tmp/refused.err" &&
       [ ! -e "$tmp/refused.out" ]; then pass=$((pass + 1)); else
        echo "FAIL $name: exit $rc: $(cat "$tmp/refused.err")"; fail=$((fail + 1)); fi
}
refused plan-workload-mesh-alone 64 "plan: --mesh goes with --trainer-config" --mesh dp_shard=1
refused plan-workload-util-alone 64 "plan: --utilization goes with --trainer-config" --utilization 0.9
refused plan-workload-fb-alone 64 "plan: --trainer-fallbacks goes with --trainer-config" --trainer-fallbacks
refused plan-workload-bad-mesh 64 "plan: --mesh: expected KEY=N" --trainer-config "$tmp/pw/" --mesh foo
refused plan-workload-file 73 "cannot create the trainer configurations in it (DIR/JOB.json per job): not a directory" \
    --trainer-config "$tmp/pw.json"

# the schema refuses a config that breaks it (the check can fail)
python3 - docs/trainer-config.schema.json "$tmp/fairwater-h.json" <<'PY' && pass=$((pass + 1)) || { echo "FAIL schema accepts a bad config"; fail=$((fail + 1)); }
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
good = json.load(open(sys.argv[2]))
for bad in ({"schema": "fiberplan.trainer/1"},
            dict(good, nccl_hints=dict(good["nccl_hints"], NCCL_BUFFSIZE=2**31)),
            dict(good, mesh=dict(good["mesh"], degrees=dict(good["mesh"]["degrees"], tp=0)))):
    try:
        jsonschema.validate(bad, schema)
        sys.exit(1)
    except jsonschema.ValidationError:
        pass
PY
echo "trainer: $pass passed, $fail failed"
[ "$fail" = 0 ]
