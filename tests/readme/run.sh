#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs every "$ ./fiberplan ..." example in the console blocks of README.md and docs/*.md
# and compares its output with the lines shown under it (jq: the manual's examples are tests).
set -u
cd "$(dirname "$0")/../.." || exit 1
BIN=${FIBERPLAN:-${B:-build}/fiberplan}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 n=0
for doc in README.md docs/*.md; do
# Split the console blocks into one command + expected-output file per example.
rm -f "$tmp"/*.cmd "$tmp"/*.want "$tmp"/*.all
awk -v dir="$tmp" '
    /^```console/ { inblock = 1; next }
    /^```/ { inblock = 0; next }
    inblock && /^\$ / { n++; cmd = substr($0, 3); print cmd > (dir "/" n ".cmd"); close(dir "/" n ".cmd");
                        printf "" > (dir "/" n ".want"); next }
    inblock && n > 0 { print >> (dir "/" n ".want") }
' "$doc"
for cmdfile in "$tmp"/*.cmd; do
    [ -f "$cmdfile" ] || continue
    cmd=$(cat "$cmdfile")
    want=${cmdfile%.cmd}.want
    case "$cmd" in
        "echo \$?") continue ;;   # shown after the previous example
        ./fiberplan*) ;;
        *) continue ;;
    esac
    n=$((n + 1))
    eval "\"$BIN\" ${cmd#./fiberplan }" > "$tmp/got" 2>&1
    rc=$?
    next=$(( $(basename "$cmdfile" .cmd) + 1 ))
    if [ -f "$tmp/$next.cmd" ] && [ "$(cat "$tmp/$next.cmd")" = 'echo $?' ]; then
        echo "$rc" >> "$tmp/got"
        cat "$want" "$tmp/$next.want" > "$want.all"
        want="$want.all"
    fi
    if diff -u "$want" "$tmp/got" > "$tmp/diff"; then
        pass=$((pass + 1))
    else
        echo "FAIL $doc example: $cmd"; head -n 30 "$tmp/diff"; fail=$((fail + 1))
    fi
done
done
echo "readme: $pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
