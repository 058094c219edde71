#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs every suite against the build in $B (default build/): the cmocka unit binaries,
# the end-to-end cases and the shared-data loads, then prints one closing line
# "total: N passed, N failed, N skipped" and exits non-zero if anything failed.
set -u
cd "$(dirname "$0")/.." || exit 1
export B=${B:-build}
pass=0 fail=0 skip=0

# counts "N passed, N failed" from a suite's last such line
add_counts() {
    local line p f
    line=$(grep -E '^[a-z0-9-]+: [0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
    p=$(echo "$line" | sed -E 's/.* ([0-9]+) passed.*/\1/')
    f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
    pass=$((pass + ${p:-0})); fail=$((fail + ${f:-1}))
}

out=$(mktemp)
trap 'rm -f "$out"' EXIT
for t in "$B"/tests/test_*; do
    [ -x "$t" ] || continue
    CMOCKA_MESSAGE_OUTPUT=TAP "$t" > "$out" 2>&1
    rc=$?
    p=$(grep -c '^ok ' "$out"); f=$(grep -c '^not ok ' "$out")
    s=$(grep -c '^ok .* # SKIP' "$out")
    if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi   # crashed before reporting
    pass=$((pass + p - s)); fail=$((fail + f)); skip=$((skip + s))
    printf '%-28s %3d passed, %d failed\n' "unit $(basename "$t"):" "$((p - s))" "$f"
    if [ "$f" != 0 ]; then cat "$out"; fi
done

# The suites: the ones that time themselves (wall-clock deadlines, signals, worker counts) or
# rewrite the build (make install copies ./fiberplan) run alone, one after another; the others
# FIBERPLAN_TEST_JOBS at a time (default: the CPUs, at most 4), which took make test from 18 to
# about 11 minutes on 2 CPUs. Each suite's output is printed in this order once all have run.
suites="limits anytime e2e bad-input fuzz readme trainer lp workload phases signal atomic parallel chain
        export report browser simgrid docs examples shared schema install"
alone=" anytime signal atomic parallel install "
jobs=${FIBERPLAN_TEST_JOBS:-$(nproc 2> /dev/null || echo 1)}
[ "$jobs" -ge 1 ] 2> /dev/null || jobs=1
[ "$jobs" -le 4 ] || jobs=4
res=$(mktemp -d)
trap 'rm -f "$out"; rm -rf "$res"' EXIT
run_suite='bash "tests/$1/run.sh" > "$0/$1.out" 2>&1; echo $? > "$0/$1.rc"'
for s in $suites; do
    case "$alone" in *" $s "*) ;; *) echo "$s" ;; esac
done | xargs -P "$jobs" -n 1 sh -c "$run_suite" "$res"
for s in $alone; do
    sh -c "$run_suite" "$res" "$s"
done
for s in $suites; do
    rc=$(cat "$res/$s.rc")
    if [ "$rc" = 77 ]; then
        echo "$s: $(cat "$res/$s.out")"
        skip=$((skip + 1))
        continue
    fi
    grep -v -E '^[a-z0-9-]+: [0-9]+ passed' "$res/$s.out"
    add_counts "$res/$s.out"
    grep -E '^[a-z0-9-]+: [0-9]+ passed, [0-9]+ failed' "$res/$s.out" | tail -n 1
    if [ "$rc" != 0 ] && ! grep -qE ' [1-9][0-9]* failed' "$res/$s.out"; then fail=$((fail + 1)); fi
done

echo "total: $pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
