#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# End-to-end suite: each $CASES/*.case (default tests/e2e/cases; tests/bad-input/run.sh runs
# it on tests/bad-input/cases) holds a command line, its exit code and its
# exact stdout and stderr. Volatile fields (version, seconds) are masked before diffing.
# A case without an expected section writes NAME.actual and fails (git t4013).
#
# Case format:
#   # comment lines
#   args: check tests/bad-input/data/x.graphml     (shell words, run from the repository root)
#   stdin: FILE                                  (optional: standard input)
#   pipe: COMMAND                                (optional: standard input from COMMAND's output)
#   exit: 65
#   nofile: PATH                                 (optional: PATH must not exist afterwards)
#   file: PATH                                   (optional: PATH must exist afterwards)
#   --- stdout
#   ...
#   --- stderr
#   ...
set -u
cd "$(dirname "$0")/../.." || exit 1
BIN=${FIBERPLAN:-${B:-build}/fiberplan}
CASES=${CASES:-tests/e2e/cases}
SUITE=${SUITE:-e2e}
[ -x "$BIN" ] || { echo "$SUITE: $BIN not built"; exit 1; }
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
VERSION=$(cat VERSION)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ROOT=$(pwd)
mask() {   # the topology's absolute path (.topology.path) depends on where the clone is
    sed -e "s/fiberplan $VERSION/fiberplan VERSION/g" -e "s|\"path\": \"$ROOT/|\"path\": \"/ROOT/|" \
        -e 's/"seconds": [-0-9.eE+]*/"seconds": 0/g'
}

pass=0 fail=0
for case in "$CASES"/*.case; do
    name=$(basename "$case" .case)
    args="" stdin=/dev/null pipe="" want_exit="" nofile="" hasfile=""
    section="" have_out=0 have_err=0
    : > "$tmp/want.out"; : > "$tmp/want.err"
    while IFS= read -r line || [ -n "$line" ]; do
        case "$section:$line" in
            *":--- stdout") section=out; have_out=1; continue ;;
            *":--- stderr") section=err; have_err=1; continue ;;
        esac
        case "$section" in
            out) printf '%s\n' "$line" >> "$tmp/want.out"; continue ;;
            err) printf '%s\n' "$line" >> "$tmp/want.err"; continue ;;
        esac
        case "$line" in
            "#"*|"") ;;
            args:*) args=${line#args: } ;;
            stdin:*) stdin=${line#stdin: } ;;
            pipe:*) pipe=${line#pipe: } ;;
            exit:*) want_exit=${line#exit: } ;;
            nofile:*) nofile=${line#nofile: } ;;
            file:*) hasfile=${line#file: } ;;
            *) echo "$SUITE: $name: bad header line: $line"; fail=$((fail + 1)); continue 2 ;;
        esac
    done < "$case"
    [ -n "$nofile" ] && rm -f "$nofile"
    eval "set -- $args"
    if [ -n "$pipe" ]; then
        bash -c "$pipe" | "$BIN" "$@" > "$tmp/got.out" 2> "$tmp/got.err"
        got_exit=${PIPESTATUS[1]}
    else
        "$BIN" "$@" < "$stdin" > "$tmp/got.out" 2> "$tmp/got.err"
        got_exit=$?
    fi
    mask < "$tmp/got.out" > "$tmp/got.out.m"
    mask < "$tmp/got.err" > "$tmp/got.err.m"
    ok=1
    if [ "$have_out" = 0 ] || [ "$have_err" = 0 ] || [ -z "$want_exit" ]; then
        { echo "exit: $got_exit"; echo "--- stdout"; cat "$tmp/got.out.m";
          echo "--- stderr"; cat "$tmp/got.err.m"; } > "$CASES/$name.actual"
        echo "FAIL $name: expected exit/stdout/stderr missing; wrote $CASES/$name.actual"
        ok=0
    else
        if [ "$got_exit" != "$want_exit" ]; then
            echo "FAIL $name: exit $got_exit, expected $want_exit"; ok=0
        fi
        if ! diff -u "$tmp/want.out" "$tmp/got.out.m" > "$tmp/diff"; then
            echo "FAIL $name: stdout differs"; head -n 40 "$tmp/diff"; ok=0
        fi
        if ! diff -u "$tmp/want.err" "$tmp/got.err.m" > "$tmp/diff"; then
            echo "FAIL $name: stderr differs"; head -n 20 "$tmp/diff"; ok=0
        fi
        if [ -n "$nofile" ] && [ -e "$nofile" ]; then
            echo "FAIL $name: $nofile exists (no partial output allowed)"; ok=0
        fi
        if [ -n "$nofile" ] && ls "$(dirname "$nofile")"/.*.tmp* >/dev/null 2>&1; then
            echo "FAIL $name: temporary file left in $(dirname "$nofile")"; ok=0
        fi
        if [ -n "$hasfile" ] && [ ! -s "$hasfile" ]; then
            echo "FAIL $name: $hasfile was not written"; ok=0
        fi
        [ -n "$hasfile" ] && rm -f "$hasfile"
    fi
    if [ "$ok" = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
echo "$SUITE: $pass passed, $fail failed"
[ "$fail" = 0 ]
