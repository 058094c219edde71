#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The size limits of solvers/ (tests/limits/limits.py): every file passes, and the checker
# itself catches a file and a function over the limits (so this suite can fail).
cd "$(dirname "$0")/../.." || exit 1
pass=0 fail=0
check() {   # NAME EXPECTED-EXIT FILES...
    local name=$1 want=$2 out rc
    shift 2
    out=$(python3 tests/limits/limits.py "$@")
    rc=$?
    if [ "$rc" = "$want" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL $name (exit $rc, wanted $want)"
        [ -n "$out" ] && echo "$out"
    fi
}
for f in solvers/*.c; do
    check "$f" 0 "$f"
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
{   # a function of 81 lines: signature, brace, 78 statements, brace
    printf 'static int long_one(void)\n{\n'
    for i in $(seq 1 78); do printf '    x += %d;\n' "$i"; done
    printf '}\n'
} > "$tmp/long.c"
check "checker: an 81-line function" 1 "$tmp/long.c"
head -n 79 "$tmp/long.c" > "$tmp/ok.c" && printf '}\n' >> "$tmp/ok.c"
check "checker: an 80-line function" 0 "$tmp/ok.c"
seq 1 1001 | sed 's/^/int v/; s/$/;/' > "$tmp/big.c"
check "checker: a 1,001-line file" 1 "$tmp/big.c"
echo "limits: $pass passed, $fail failed"
[ "$fail" = 0 ]
