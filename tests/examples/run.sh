#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# examples/trainer_mesh.py on the trainer configuration of stargate-us: the world size is the
# sites' GPUs (3,235,000), one shard group per site, 175,000 replicate groups (the smallest
# site, lordstown), the first replicate group holds each site's first rank, and the trees'
# shares of the gradient add up to 100%.
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
want '^  8 +fairwater_atl +ranks 2935000-3234999 \(300000 GPUs\)$' "last site's ranks"
[ "$(grep -cE '^  shard +[a-z_]+ +new_group' "$tmp/out")" = 9 ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL shard groups"; }
want '^  replicate 175000 groups' "replicate groups"
want '^    j = 0: \[0, 450000, 940000, 1290000, 1640000, 1815000, 2165000, 2620000, 2935000\]$' "first replicate group"
if python3 - "$tmp/out" <<'PY'
import re, sys
shares = [float(m) for m in re.findall(r"^  tree \d+: ([0-9.]+)% of the gradient", open(sys.argv[1]).read(), re.M)]
sys.exit(0 if shares and abs(sum(shares) - 100) < 0.5 else "tree shares %s" % shares)
PY
then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL tree shares"; fi
want '^  export NCCL_ALGO=Tree$' "NCCL_ALGO"
echo "examples: $pass passed, $fail failed"
[ "$fail" = 0 ]
