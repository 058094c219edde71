#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `make install DESTDIR=... PREFIX=/usr/local` puts the program, libfiberplan (static and
# shared), fiberplan.h and the module headers, fiberplan.pc, the JSON Schemas, examples and
# sample topologies in place; the installed example program (examples/plan_and_failures.c) builds
# against the installed library through pkg-config alone (PKG_CONFIG_PATH into DESTDIR; the
# .pc file is relocatable, so no sysroot rewrites igraph's own paths), linked once against
# the shared and once against the static library, and runs on a sample topology: its route
# must equal the installed program's.
set -u
cd "$(dirname "$0")/../.." || exit 1
# the plain build, whatever $B the other suites run (check-asan's objects need ASan to link)
B=build
CC=${CC:-cc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
D=$tmp/dest
P=$D/usr/local
pass=0 fail=0
check() {    # check NAME COMMAND...: one test, its output kept for a failure
    local name=$1; shift
    if "$@" > "$tmp/log" 2>&1; then
        pass=$((pass + 1))
    else
        echo "FAIL $name: $*"; tail -n 20 "$tmp/log"; fail=$((fail + 1))
    fi
}
if ! make --no-print-directory -s install DESTDIR="$D" PREFIX=/usr/local B="$B" > "$tmp/make.log" 2>&1; then
    echo "FAIL make install:"; tail -n 30 "$tmp/make.log"
    echo "install: 0 passed, 1 failed"
    exit 1
fi
pass=$((pass + 1))
for f in bin/fiberplan share/man/man1/fiberplan.1 lib/libfiberplan.a lib/libfiberplan.so \
         lib/libfiberplan.so.0 lib/pkgconfig/fiberplan.pc include/fiberplan/fiberplan.h \
         include/fiberplan/core/topo.h include/fiberplan/solvers/route.h include/fiberplan/io/resultjson.h \
         share/fiberplan/schemas/result.schema.json share/fiberplan/schemas/trainer-config.schema.json \
         share/fiberplan/schemas/workload.schema.json share/fiberplan/topologies/stargate-us-workload.json \
         include/fiberplan/solvers/workload.h include/fiberplan/io/workload.h include/fiberplan/core/workload.h \
         share/fiberplan/topologies/stargate-us.graphml share/fiberplan/examples/trainer_mesh.py share/fiberplan/examples/plan_and_failures.c; do
    check "installed $f" test -e "$P/$f"
done
check "no internal header installed" sh -c "! find '$P/include' -name '*_internal.h' | grep -q ."
check "shared library soname" sh -c "readelf -d '$P/lib/libfiberplan.so' | grep -q 'SONAME.*libfiberplan.so.0'"

export PKG_CONFIG_PATH=$P/lib/pkgconfig
check "pkg-config knows fiberplan" pkg-config --exists fiberplan
check "pkg-config version" test "$(pkg-config --modversion fiberplan)" = "$(cat VERSION)"
cflags=$(pkg-config --cflags fiberplan) libs=$(pkg-config --libs fiberplan)
# static libfiberplan: its own Libs and Libs.private, then the packages it requires (public and
# private) linked shared, as Debian ships them (its igraph.pc --static names libraries, arpack
# and plfit, that are not installed)
slibs="$(pkg-config --static --libs --maximum-traverse-depth=2 fiberplan)
       $(pkg-config --libs $(pkg-config --print-requires fiberplan) $(pkg-config --print-requires-private fiberplan))"
# only the installed tree: no -I. or build/ of this repository
check "build against the shared library" $CC -std=c11 -Wall -Wextra -Werror -o "$tmp/consumer" \
    "$P/share/fiberplan/examples/plan_and_failures.c" $cflags $libs
check "build against the static library" $CC -std=c11 -Wall -Wextra -Werror -o "$tmp/consumer-static" \
    "$P/share/fiberplan/examples/plan_and_failures.c" $cflags "$P/lib/libfiberplan.a" $slibs
check "the static build needs no libfiberplan.so" sh -c "! readelf -d '$tmp/consumer-static' | grep -q libfiberplan"
check "the shared build needs libfiberplan.so.0" sh -c "readelf -d '$tmp/consumer' | grep -q 'NEEDED.*libfiberplan.so.0'"

T=$P/share/fiberplan/topologies/fairwater-aiwan.graphml
"$P/bin/fiberplan" route "$T" --params 1.8e12 --json > "$tmp/cli.json" 2> "$tmp/cli.err"
n_fail=$("$P/bin/fiberplan" failures "$T" --params 1.8e12 --json |
         python3 -c 'import json, sys; print(len(json.load(sys.stdin)["failures"]))')
for bin in consumer consumer-static; do
    if [ ! -x "$tmp/$bin" ]; then
        continue
    fi
    check "$bin runs" env LD_LIBRARY_PATH="$P/lib" "$tmp/$bin" "$T" 1.8e12 1e8
    LD_LIBRARY_PATH="$P/lib" "$tmp/$bin" "$T" 1.8e12 1e8 > "$tmp/$bin.json" 2> "$tmp/$bin.err"
    check "$bin plans and fails spans" sh -c "grep -q '^plan: theta' '$tmp/$bin.err' && grep -q '^failures: $n_fail scenarios' '$tmp/$bin.err'"
    check "$bin route equals the program's" python3 - "$tmp/$bin.json" "$tmp/cli.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert a["schema"] == "fiberplan.result/1"
for k in ("throughput_gbps", "allreduce_s"):
    x, y = a["collective"][k], b["collective"][k]
    assert abs(x - y) <= 1e-9 * max(1.0, abs(y)), (k, x, y)
PY
done
check "the installed result schema validates the consumer's result" \
    python3 tests/schema/validate.py "$P/share/fiberplan/schemas/result.schema.json" "$tmp/consumer.json"
check "make uninstall removes it all" sh -c "make --no-print-directory -s uninstall DESTDIR='$D' PREFIX=/usr/local B='$B' &&
    [ -z \"\$(find '$D' -type f)\" ]"
echo "install: $pass passed, $fail failed"
[ "$fail" = 0 ]
