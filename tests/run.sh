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

for suite in tests/limits/run.sh tests/anytime/run.sh tests/e2e/run.sh tests/bad-input/run.sh tests/fuzz/run.sh tests/readme/run.sh tests/trainer/run.sh tests/lp/run.sh tests/workload/run.sh tests/phases/run.sh tests/signal/run.sh tests/atomic/run.sh tests/parallel/run.sh tests/chain/run.sh tests/export/run.sh tests/report/run.sh tests/browser/run.sh tests/simgrid/run.sh tests/docs/run.sh tests/examples/run.sh tests/shared/run.sh tests/schema/run.sh tests/install/run.sh; do
    bash "$suite" > "$out" 2>&1
    rc=$?
    if [ "$rc" = 77 ]; then
        echo "$(basename "$(dirname "$suite")"): $(cat "$out")"
        skip=$((skip + 1))
        continue
    fi
    grep -v -E '^[a-z0-9-]+: [0-9]+ passed' "$out"
    add_counts "$out"
    grep -E '^[a-z0-9-]+: [0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1
    if [ "$rc" != 0 ] && ! grep -qE ' [1-9][0-9]* failed' "$out"; then fail=$((fail + 1)); fi
done

echo "total: $pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
