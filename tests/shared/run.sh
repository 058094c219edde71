#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Loads every real third-party topology under ../shared/data (Internet Topology Zoo GraphML,
# SNDlib XML and native) with `fiberplan check`, text and --json: each must succeed; then
# routes the all-reduce on every Zoo network.
# Exits 77 ("skipped") when ../shared/data is absent: the core suite never needs it.
set -u
cd "$(dirname "$0")/../.." || exit 1
BIN=${FIBERPLAN:-${B:-build}/fiberplan}
DATA=${FIBERPLAN_SHARED_DATA:-../shared/data}
if [ ! -d "$DATA/topologyzoo" ] && [ ! -d "$DATA/sndlib" ]; then
    echo "skipped: ../shared/data absent"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
for f in "$DATA"/topologyzoo/* "$DATA"/sndlib/*; do
    [ -f "$f" ] || continue
    ok=1
    if ! "$BIN" check "$f" > /dev/null 2> "$tmp/err"; then
        echo "FAIL check $f: $(cat "$tmp/err")"; ok=0
    elif [ -s "$tmp/err" ]; then
        echo "FAIL check $f: wrote to stderr: $(cat "$tmp/err")"; ok=0
    elif ! "$BIN" check --json "$f" > "$tmp/out.json" 2>&1 ||
         ! grep -q '"schema": "fiberplan.result/1"' "$tmp/out.json"; then
        echo "FAIL check --json $f"; ok=0
    fi
    if [ "$ok" = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
# route --json on every Topology Zoo network with 4 sites spread over its largest connected
# component: each run succeeds, or exits 65 naming the reason; never a crash.
# FIBERPLAN_SHARED_STRIDE=N routes every Nth network only (check-asan, where it is slow).
stride=${FIBERPLAN_SHARED_STRIDE:-1}
i=0
for f in "$DATA"/topologyzoo/*.graphml; do
    [ -f "$f" ] || continue
    i=$((i + 1))
    [ $((i % stride)) = 0 ] || [ "$stride" = 1 ] || continue
    sites=$(python3 tests/shared/pick_sites.py "$f")
    timeout 120 "$BIN" route "$f" --sites "$sites" --params 1e12 --default-capacity 10 --default-length 500 \
        --json -q > "$tmp/out.json" 2> "$tmp/err"
    rc=$?
    if [ "$rc" = 0 ] && grep -q '"throughput_gbps"' "$tmp/out.json"; then
        pass=$((pass + 1))
    elif [ "$rc" = 65 ] && [ "$(wc -l < "$tmp/err")" = 1 ]; then
        pass=$((pass + 1))
    else
        echo "FAIL route $f --sites $sites: exit $rc: $(head -c 300 "$tmp/err")"
        fail=$((fail + 1))
    fi
done
# Issue 19: `plan --cost-model default` on every Topology Zoo and SNDlib network gives a plan
# (spend <= budget, theta >= route's; tests/shared/optics.py), two at a time; every 25th also
# in whole wavelengths and pairs. FIBERPLAN_SHARED_STRIDE thins it as above.
i=0
for f in "$DATA"/topologyzoo/*.graphml "$DATA"/sndlib/*; do
    [ -f "$f" ] || continue
    i=$((i + 1))
    [ $((i % stride)) = 0 ] || [ "$stride" = 1 ] || continue
    printf '%s\t%s\t%s\n' "$f" "$(python3 tests/shared/pick_sites.py "$f")" "$([ $((i % 25)) = 0 ] && echo --modular)"
done > "$tmp/optics.list"
while IFS="$(printf '\t')" read -r f sites mod; do
    printf '%s\0%s\0%s\0' "$f" "$sites" "${mod:-continuous}"
done < "$tmp/optics.list" |
    xargs -0 -n 3 -P 2 sh -c 'python3 tests/shared/optics.py "$0" "$1" "$2" "$3"' "$BIN" > "$tmp/optics.out" 2>&1
pass=$((pass + $(grep -c '^ok ' "$tmp/optics.out")))
fail=$((fail + $(grep -vc '^ok ' "$tmp/optics.out")))
grep -v '^ok ' "$tmp/optics.out"
# Issue 23: Topology Zoo nodes are named by label (ids are numbers): GEANT's UK and NL.
f="$DATA/topologyzoo/Geant2012.graphml"
if [ -f "$f" ]; then
    if "$BIN" route "$f" --sites UK,NL --params 1e9 --default-length 500 --json -q > "$tmp/out.json" 2> "$tmp/err" &&
       python3 -c 'import json, sys; s = json.load(open(sys.argv[1]))["job"]["sites"]; sys.exit(s != ["34", "0"])' \
           "$tmp/out.json"; then
        pass=$((pass + 1))
    else
        echo "FAIL route Geant2012 --sites UK,NL (labels): $(head -c 300 "$tmp/err")"; fail=$((fail + 1))
    fi
    if "$BIN" check --nodes "$f" > "$tmp/nodes.txt" && grep -qE '^0 +NL +' "$tmp/nodes.txt" &&
       [ "$(wc -l < "$tmp/nodes.txt")" = 41 ]; then
        pass=$((pass + 1))
    else
        echo "FAIL check --nodes Geant2012: $(head -3 "$tmp/nodes.txt")"; fail=$((fail + 1))
    fi
fi
echo "shared: $pass passed, $fail failed"
[ "$fail" = 0 ]
