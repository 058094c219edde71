#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The manual and the help cover the interface: `man ./docs/fiberplan.1` shows every command
# and option of CONTRACT.md, every option of every command's --help is in the manual, and the
# bash completion offers the commands and a command's options.
set -u
cd "$(dirname "$0")/../.." || exit 1
BIN=${B:-build}/fiberplan
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }

if command -v man > /dev/null 2>&1; then
    MANWIDTH=200 man -l docs/fiberplan.1 2> "$tmp/man.err" | col -b > "$tmp/man.txt"
else
    # no man(1): the roff source, unescaped, carries the same words
    sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' docs/fiberplan.1 > "$tmp/man.txt"
fi
[ -s "$tmp/man.txt" ] && ok || bad "man page empty"

# CONTRACT.md "Commands": the commands, and every option named there
for word in check bound route plan sweep failures report export \
    --collective --ring-order --demands --budget --target-time --modular --survive --budgets --by \
    --format --params --grad-bytes --sites --compute-time --job --default-capacity --default-length \
    --route-factor --json --output --trainer-config --time-limit --quiet --verbose --help --version; do
    if grep -qe "$word" "$tmp/man.txt"; then ok; else bad "man page lacks $word"; fi
done
# every option a command's --help lists
for cmd in check bound route plan sweep failures report export; do
    for opt in $("$BIN" "$cmd" --help | grep -oE -- '^ +(-[a-z], )?--[a-z][a-z-]*' | grep -oE -- '--[a-z-]+'); do
        if grep -qe "$opt" "$tmp/man.txt"; then ok; else bad "man page lacks $cmd $opt"; fi
    done
done

# bash completion, with the built binary first on PATH
dir=$(cd "$(dirname "$BIN")" && pwd)
out=$(PATH="$dir:$PATH" bash -c '
    source cli/fiberplan.bash
    COMP_WORDS=(fiberplan sw); COMP_CWORD=1; _fiberplan; echo "${COMPREPLY[*]}"
    COMP_WORDS=(fiberplan plan x.graphml --sur); COMP_CWORD=3; _fiberplan; echo "${COMPREPLY[*]}"
    COMP_WORDS=(fiberplan export x.graphml --format ""); COMP_CWORD=4; _fiberplan; echo "${COMPREPLY[*]}"')
if [ "$out" = "$(printf 'sweep\n--survive\ngraphml dot simgrid')" ]; then ok; else bad "completion: $out"; fi
# --workload for failures and sweep, and its value a .json file
out=$(cd topologies && PATH="$dir:$PATH" bash -c '
    source ../cli/fiberplan.bash
    COMP_WORDS=(fiberplan failures x.graphml --work); COMP_CWORD=3; _fiberplan; echo "${COMPREPLY[*]}"
    COMP_WORDS=(fiberplan sweep x.graphml --work); COMP_CWORD=3; _fiberplan; echo "${COMPREPLY[*]}"
    COMP_WORDS=(fiberplan failures x.graphml --workload stargate-us-w); COMP_CWORD=4; _fiberplan; echo "${COMPREPLY[*]}"')
if [ "$out" = "$(printf -- '--workload\n--workload\nstargate-us-workload.json')" ]; then ok; else bad "completion: $out"; fi

echo "docs: $pass passed, $fail failed"
[ "$fail" = 0 ]
