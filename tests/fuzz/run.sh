#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Every input the fuzzers ever found (tests/fuzz/regressions/TARGET/) through the real command
# line: no crash, an exit code of CONTRACT.md, and on failure exactly one line on stderr
# naming the file. (`make fuzz` runs the fuzzers themselves; they need clang.)
set -u
cd "$(dirname "$0")/../.." || exit 1
BIN=${B:-build}/fiberplan
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 n=0
for dir in tests/fuzz/regressions/*/; do
    target=$(basename "$dir")
    for f in "$dir"*; do
        [ -f "$f" ] || continue
        n=$((n + 1))
        case "$target" in
            graphml|sndlib) "$BIN" check "$f" > /dev/null 2> "$tmp/err" ;;
            demands) "$BIN" route tests/fuzz/small.graphml --params 1e9 --demands "$f" > /dev/null 2> "$tmp/err" ;;
            jobfile) "$BIN" route tests/fuzz/small.graphml --job "$f" > /dev/null 2> "$tmp/err" ;;
        esac
        rc=$?
        lines=$(wc -l < "$tmp/err")
        if { [ "$rc" = 0 ] && [ "$lines" = 0 ]; } ||
           { [ "$rc" != 0 ] && [ "$rc" -lt 128 ] && [ "$lines" = 1 ] && grep -q "^fiberplan: " "$tmp/err"; } ||
           { [ "$rc" = 0 ] && ! grep -qv "^fiberplan: warning: " "$tmp/err"; }; then
            pass=$((pass + 1))
        else
            fail=$((fail + 1))
            echo "FAIL $f: exit $rc, stderr: $(head -c 300 "$tmp/err")"
        fi
    done
done
echo "fuzz-regressions: $pass passed, $fail failed ($n inputs)"
[ "$fail" = 0 ]
