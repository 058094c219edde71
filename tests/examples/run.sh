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

# the MPI consumer
if ! command -v mpicc > /dev/null 2>&1 || ! command -v mpirun > /dev/null 2>&1; then
    echo "examples: trainer_allreduce skipped: OpenMPI not installed (apt-get install libopenmpi-dev openmpi-bin)"
    echo "examples: $pass passed, $fail failed"
    [ "$fail" = 0 ]
    exit
fi
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
if mpicc -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Wpedantic -Werror -Wshadow -O2 \
        -o "$tmp/ta" examples/trainer_allreduce.c $(pkg-config --cflags --libs jansson) 2> "$tmp/cc"; then
    pass=$((pass + 1))
else
    fail=$((fail + 1)); echo "FAIL trainer_allreduce.c does not build:"; cat "$tmp/cc"
fi
consume() {   # NAME FILE K WANT-EXIT PATTERN
    local rc
    timeout 120 mpirun -n "$3" "$tmp/ta" "$2" 100003 > "$tmp/mpi.out" 2> "$tmp/mpi.err"
    rc=$?
    if [ "$rc" = "$4" ] && grep -qE "$5" "$tmp/mpi.out" "$tmp/mpi.err"; then pass=$((pass + 1)); else
        fail=$((fail + 1)); echo "FAIL trainer_allreduce $1 (exit $rc, wanted $4):"; tail -n 5 "$tmp/mpi.out" "$tmp/mpi.err"
    fi
}
for topo in stargate-us fairwater-aiwan abilene-campus; do
    for coll in tree ring direct; do
        "$BIN" route "topologies/$topo.graphml" -q --collective "$coll" --trainer-config "$tmp/$topo-$coll.json" -o /dev/null
        k=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["sites"]))' "$tmp/$topo-$coll.json")
        consume "$topo $coll" "$tmp/$topo-$coll.json" "$k" 0 "^$coll all-reduce of 100003 elements over $k sites: sum exact$"
    done
done
# every tree's chunk is the file's chunk_fraction of the data
timeout 120 mpirun -n 9 "$tmp/ta" "$tmp/stargate-us-tree.json" 100003 > "$tmp/mpi.out" 2>&1
if python3 - "$tmp/stargate-us-tree.json" "$tmp/mpi.out" <<'PY'
import json, re, sys
trees = json.load(open(sys.argv[1]))["schedule"]["trees"]
got = [(int(a), int(b)) for a, b in re.findall(r"^tree \d+: root \S+, chunk_fraction \S+, elements (\d+)-(\d+)$",
                                                 open(sys.argv[2]).read(), re.M)]
assert len(got) == len(trees) and got[0][0] == 0 and got[-1][1] == 100003, got
for (lo, hi), t in zip(got, trees):
    assert abs((hi - lo) - t["chunk_fraction"] * 100003) <= 1, (lo, hi, t["chunk_fraction"])
PY
then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL chunks are not chunk_fraction of the data"; fi
# the consumer can fail: a ring whose rank order is not its ring order, a tree with two roots
python3 - "$tmp/stargate-us-ring.json" "$tmp/bad-ring.json" "$tmp/stargate-us-tree.json" "$tmp/bad-tree.json" <<'PY'
import json, sys
ring = json.load(open(sys.argv[1]))
ring["sites"] = ring["sites"][1:] + ring["sites"][:1]
json.dump(ring, open(sys.argv[2], "w"))
tree = json.load(open(sys.argv[3]))
t = tree["schedule"]["trees"][0]
leaf = next(s for s, p in t["parents"].items() if p is not None)
t["parents"][leaf] = None
json.dump(tree, open(sys.argv[4], "w"))
PY
consume "ring out of rank order" "$tmp/bad-ring.json" 9 1 "ring_order is not the rank order"
consume "tree with two roots" "$tmp/bad-tree.json" 9 1 "sum WRONG"
echo "examples: $pass passed, $fail failed"
[ "$fail" = 0 ]
