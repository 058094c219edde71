#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Validates `route --trainer-config` output against docs/trainer-config.schema.json with an
# independent validator (python3-jsonschema), for each collective and sample topology, and
# checks the numbers the schema cannot: chunk fractions sum to 1, ranks follow the sites,
# H = ceil(T / compute_time).
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
for topo in topologies/stargate-us.graphml topologies/fairwater-aiwan.graphml topologies/abilene-campus.graphml; do
    for coll in tree ring direct; do
        name="$(basename "$topo" .graphml)/$coll"
        if ! "$BIN" route "$topo" -q --collective "$coll" --compute-time 1.2 \
                --trainer-config "$tmp/tc.json" -o "$tmp/out.txt" 2> "$tmp/err"; then
            echo "FAIL $name: $(cat "$tmp/err")"; fail=$((fail + 1)); continue
        fi
        if python3 - "$tmp/tc.json" docs/trainer-config.schema.json "$coll" > "$tmp/py" 2>&1 <<'PY'
import json, math, sys
import jsonschema
cfg = json.load(open(sys.argv[1]))
jsonschema.validate(cfg, json.load(open(sys.argv[2])))
assert cfg["collective"]["algorithm"] == sys.argv[3]
assert [s["rank"] for s in cfg["sites"]] == list(range(len(cfg["sites"])))
assert cfg["device_mesh"]["replicate"] == len(cfg["sites"])
assert cfg["device_mesh"]["world_size"] == sum(s["gpus"] for s in cfg["sites"])
c = cfg["collective"]
assert abs(c["predicted_allreduce_s"] - c["bandwidth_s"] - c["latency_s"]) < 1e-9
# T_bw = 8 S / (theta 1e9) (MODEL.md "Units")
assert abs(c["bandwidth_s"] - 8 * cfg["job"]["gradient_bytes"] / (c["throughput_gbps"] * 1e9)) < 1e-9
ov = cfg["overlap"]
assert ov["sync_interval_min"] == max(1, math.ceil(c["predicted_allreduce_s"] / 1.2 - 1e-12))
assert abs(ov["exposed_comm_s"] - max(0.0, c["predicted_allreduce_s"] - 1.2)) < 1e-9
if "trees" in cfg["schedule"]:
    assert abs(sum(t["chunk_fraction"] for t in cfg["schedule"]["trees"]) - 1) < 1e-9
    for t in cfg["schedule"]["trees"]:
        ids = {s["id"] for s in cfg["sites"]}
        assert set(t["parents"]) == ids and list(t["parents"].values()).count(None) == 1
        assert t["parents"][t["root"]] is None
for p in cfg["paths"]:
    assert abs(p["bdp_bytes"] - p["gbps"] * 1e9 / 8 * p["rtt_s"]) <= 1e-6 * max(1, p["bdp_bytes"])
PY
        then pass=$((pass + 1)); else echo "FAIL $name:"; cat "$tmp/py"; fail=$((fail + 1)); fi
    done
done
# A config that breaks the schema must be refused (the check can fail).
python3 - docs/trainer-config.schema.json <<'PY' && pass=$((pass + 1)) || { echo "FAIL schema accepts a bad config"; fail=$((fail + 1)); }
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
try:
    jsonschema.validate({"schema": "fiberplan.trainer/1"}, schema)
except jsonschema.ValidationError:
    sys.exit(0)
sys.exit(1)
PY
echo "trainer: $pass passed, $fail failed"
[ "$fail" = 0 ]
