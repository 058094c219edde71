#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Outputs are all or nothing: fiberplan writing a large file (`export --format graphml -o`,
# 18 MB) is interrupted with SIGTERM or SIGINT once its temporary file exists (the write has
# begun); every time the target holds either its previous content or the whole new file, and
# no temporary file is left in its folder. (Errors before a write create nothing: see the
# nofile checks of tests/bad-input.)
set -u
cd "$(dirname "$0")/../.." || exit 1
BIN=${B:-build}/fiberplan
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 interrupted=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
# sanitizer builds (FIBERPLAN_TIME_FACTOR > 1, set by check-asan) read far slower: a smaller file
nodes=30000
[ "${FIBERPLAN_TIME_FACTOR:-1}" != 1 ] && nodes=3000
python3 benchmarks/gen_topology.py --nodes "$nodes" --spans $((nodes * 6 / 5)) --sites 16 --seed 7 > "$tmp/big.graphml"
mkdir "$tmp/out"
midway=0
for i in $(seq 1 16); do
    sig=TERM
    [ $((i % 2)) = 0 ] && sig=INT
    echo "previous $i" > "$tmp/out/net.graphml"
    "$BIN" export "$tmp/big.graphml" --format graphml -o "$tmp/out/net.graphml" 2> /dev/null &
    pid=$!
    # wait for the temporary file to appear (the write has begun), then a little more
    while kill -0 "$pid" 2> /dev/null && ! compgen -G "$tmp/out/.net.graphml.tmp*" > /dev/null; do :; done
    if compgen -G "$tmp/out/.net.graphml.tmp*" > /dev/null; then midway=$((midway + 1)); fi
    sleep "0.00$((i % 4))"
    kill -"$sig" "$pid" 2> /dev/null
    wait "$pid"
    rc=$?
    [ "$rc" -ge 128 ] && interrupted=$((interrupted + 1))
    if [ "$(cat "$tmp/out/net.graphml")" = "previous $i" ] || tail -n 1 "$tmp/out/net.graphml" | grep -q '^</graphml>$'; then
        ok
    else
        bad "SIG$sig at run $i: a torn file ($(wc -c < "$tmp/out/net.graphml") bytes)"
    fi
    if ls -A "$tmp/out" | grep -qv '^net.graphml$'; then bad "stray files: $(ls -A "$tmp/out" | tr '\n' ' ')"; rm -f "$tmp/out"/.net* "$tmp/out"/net.graphml.*; else ok; fi
done
# the loop must have caught some runs before they ended, or it proves nothing
if [ "$interrupted" -ge 3 ] && [ "$midway" -ge 3 ]; then ok; else
    bad "only $interrupted of 16 runs were interrupted, $midway while writing"; fi
echo "atomic: $pass passed, $fail failed ($interrupted runs interrupted, $midway of them while writing)"
[ "$fail" = 0 ]
