#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# examples/trainer_mesh.py on the trainer configuration of stargate-us: the world size is the
# sites' GPUs (3,235,000); without --mesh a replica is gcd(450,000, 490,000, 350,000, 350,000,
# 175,000, 350,000, 455,000, 315,000, 300,000) = 5,000 GPUs, so 3,235,000 / 5,000 = 647
# replicas; the sites in the layout tree's preorder, each a site group; the cross-site group of
# position 0 holds each site's first rank; the trees' shares add up to 100%; NCCL_ALGO is Ring
# (never NCCL's own tree).
# examples/trainer_allreduce.c (OpenMPI, one process per site) carries out the planned trees,
# the two rings and the direct schedule of the three shipped topologies and checks the sum,
# exactly; a file whose ring order is not its rank order, and one whose tree has two roots, fail.
set -u
cd "$(dirname "$0")/../.." || exit 1
BIN=${B:-build}/fiberplan
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
"$BIN" route topologies/stargate-us.graphml -q --compute-time 6 --trainer-config "$tmp/tc.json" -o /dev/null
if python3 examples/trainer_mesh.py "$tmp/tc.json" > "$tmp/out" 2> "$tmp/err"; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL trainer_mesh.py: $(cat "$tmp/err")"; fi
want() {   # grep pattern, what
    if grep -qE "$1" "$tmp/out"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $2"; fi
}
want '^topology +stargate-us: 9 sites, world size 3235000$' "world size"
want '^mesh +default: dp_shard 5000, tp 1, pp 1, ep 1: a replica is 5000 GPUs, 647 replicas$' "default mesh"
want '^  init_device_mesh\("cuda", \(647, 1, 5000, 1\), mesh_dim_names=\("dp_replicate", "pp", "dp_shard", "tp"\)\)$' "init_device_mesh"
want '^  8 +fairwater_atl +ranks 2935000-3234999 \(300000 GPUs, 60 replicas\)$' "last site's ranks"
[ "$(grep -cE '^  site +[a-z_]+ +ranks [0-9]+ \+ i \* 5000 \+ q' "$tmp/out")" = 9 ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL site groups"; }
want '^  cross +first_rank\[site\] \+ q, sites in rank order \(5000 groups\); q = 0: \[0, 450000, 940000, 1290000, 1640000, 1955000, 2130000, 2480000, 2935000\]$' "first cross-site group"
if python3 - "$tmp/out" <<'PY'
import re, sys
shares = [float(m) for m in re.findall(r"^  tree \d+: ([0-9.]+)% of the gradient", open(sys.argv[1]).read(), re.M)]
sys.exit(0 if shares and abs(sum(shares) - 100) < 0.5 else "tree shares %s" % shares)
PY
then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL tree shares"; fi
want '^  export NCCL_ALGO=Ring$' "NCCL_ALGO"

echo "examples: $pass passed, $fail failed"
[ "$fail" = 0 ]
