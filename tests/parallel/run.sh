#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Determinism: the same input twice gives the same bytes. Parallel runs give the serial result
# byte for byte: sweep and failures with --jobs 1, 2, 3, plan --survive (one job and a
# workload: its scenarios in worker processes) with --jobs 1 and 2,
# and, when OpenMPI is installed, the `make MPI=1` build under `mpirun -n 2 --oversubscribe`
# (skipped with a message otherwise).
set -u
cd "$(dirname "$0")/../.." || exit 1
BIN=${B:-build}/fiberplan
TOPO=topologies/stargate-us.graphml
BUDGETS=0,1e7,5e7,1e8,2e8,5e8,1e9,2e9
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

same() {   # name file-a file-b
    if cmp -s "$2" "$3"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL $1: outputs differ"
        diff "$2" "$3" | head -n 10
    fi
}

run() {   # out-file command...
    local out=$1
    shift
    "$@" > "$out" 2> "$out.err" || { echo "FAIL: $* exited $?"; cat "$out.err"; fail=$((fail + 1)); }
}

run "$tmp/sweep1.json" "$BIN" sweep $TOPO --budgets $BUDGETS --json --reproducible --jobs 1
run "$tmp/sweep1.txt" "$BIN" sweep $TOPO --budgets $BUDGETS --csv "$tmp/sweep1.csv"
run "$tmp/fail1.json" "$BIN" failures $TOPO --json --reproducible
run "$tmp/srlg1.json" "$BIN" failures $TOPO --by srlg --json --reproducible
for j in 2 3; do
    run "$tmp/sweep$j.json" "$BIN" sweep $TOPO --budgets $BUDGETS --json --reproducible --jobs $j
    same "sweep --json --jobs $j" "$tmp/sweep1.json" "$tmp/sweep$j.json"
    run "$tmp/sweep$j.txt" "$BIN" sweep $TOPO --budgets $BUDGETS --csv "$tmp/sweep$j.csv" -j $j
    same "sweep --jobs $j" "$tmp/sweep1.txt" "$tmp/sweep$j.txt"
    same "sweep --csv --jobs $j" "$tmp/sweep1.csv" "$tmp/sweep$j.csv"
    run "$tmp/fail$j.json" "$BIN" failures $TOPO --json --reproducible --jobs $j
    same "failures --jobs $j" "$tmp/fail1.json" "$tmp/fail$j.json"
    run "$tmp/srlg$j.json" "$BIN" failures $TOPO --by srlg --json --reproducible --jobs $j
    same "failures --by srlg --jobs $j" "$tmp/srlg1.json" "$tmp/srlg$j.json"
done

# plan --survive routes its scenarios (today's, each round's check, the plan's) in --jobs workers
run "$tmp/sv1.json" "$BIN" plan $TOPO --survive span --budget 5e8 --json --reproducible
run "$tmp/sv2.json" "$BIN" plan $TOPO --survive span --budget 5e8 --json --reproducible --jobs 2
same "plan --survive span --jobs 2" "$tmp/sv1.json" "$tmp/sv2.json"
WL=topologies/stargate-us-workload.json
run "$tmp/wsv1.json" "$BIN" plan $TOPO --workload $WL --survive srlg --budget 2e8 --json --reproducible
run "$tmp/wsv2.json" "$BIN" plan $TOPO --workload $WL --survive srlg --budget 2e8 --json --reproducible -j 2
same "plan --workload --survive srlg --jobs 2" "$tmp/wsv1.json" "$tmp/wsv2.json"

# determinism across runs: the same input twice gives the same bytes (route, plan, failures)
for cmd in "route $TOPO --collective all" "plan $TOPO --budget 1e8" "plan $TOPO --budget 2e7 --modular --time-limit 3" \
           "failures $TOPO --by srlg"; do
    # shellcheck disable=SC2086
    run "$tmp/d1.json" "$BIN" $cmd --json --reproducible
    # shellcheck disable=SC2086
    run "$tmp/d2.json" "$BIN" $cmd --json --reproducible
    if [[ "$cmd" == *time-limit* ]] && grep -q '"time_limit"' "$tmp/d1.json"; then
        pass=$((pass + 1))   # a wall-clock limit is not deterministic; only its status is checked
    else
        same "twice: $cmd" "$tmp/d1.json" "$tmp/d2.json"
    fi
done

if command -v mpirun > /dev/null 2>&1 && command -v mpicc > /dev/null 2>&1; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
    if make --no-print-directory MPI=1 B=build-mpi build-mpi/fiberplan > "$tmp/mpi-build.log" 2>&1; then
        MPIRUN="mpirun -n 2 --oversubscribe"
        run "$tmp/mpi-sweep.json" $MPIRUN build-mpi/fiberplan sweep $TOPO --budgets $BUDGETS --json --reproducible
        same "mpirun -n 2 sweep" "$tmp/sweep1.json" "$tmp/mpi-sweep.json"
        run "$tmp/mpi-sweep-j2.txt" $MPIRUN build-mpi/fiberplan sweep $TOPO --budgets $BUDGETS --jobs 2
        same "mpirun -n 2 sweep --jobs 2" "$tmp/sweep1.txt" "$tmp/mpi-sweep-j2.txt"
        run "$tmp/mpi-srlg.json" $MPIRUN build-mpi/fiberplan failures $TOPO --by srlg --json --reproducible
        same "mpirun -n 2 failures --by srlg" "$tmp/srlg1.json" "$tmp/mpi-srlg.json"
        run "$tmp/mpi-fail.json" mpirun -n 3 --oversubscribe build-mpi/fiberplan failures $TOPO --json --reproducible
        same "mpirun -n 3 failures" "$tmp/fail1.json" "$tmp/mpi-fail.json"
        # an error is reported once, by rank 0, with the usual exit code
        $MPIRUN build-mpi/fiberplan sweep $TOPO --budgets 0,x > "$tmp/mpi-err.out" 2> "$tmp/mpi-err.err"
        if [ "$(grep -c '^fiberplan: ' "$tmp/mpi-err.err")" = 1 ] && [ ! -s "$tmp/mpi-err.out" ]; then
            pass=$((pass + 1))
        else
            fail=$((fail + 1))
            echo "FAIL mpirun error: want one fiberplan line on stderr"
            cat "$tmp/mpi-err.err"
        fi
    else
        fail=$((fail + 1))
        echo "FAIL make MPI=1:"
        tail -n 20 "$tmp/mpi-build.log"
    fi
else
    echo "parallel: mpirun skipped: OpenMPI not installed (apt-get install libopenmpi-dev openmpi-bin)"
fi
echo "parallel: $pass passed, $fail failed"
[ "$fail" = 0 ]
