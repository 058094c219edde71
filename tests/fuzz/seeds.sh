#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Seeds a fuzz target's corpus: seeds.sh TARGET DIR copies the project's own inputs of that
# kind (and the regression inputs found earlier) into DIR.
set -u
target=$1 dir=$2
mkdir -p "$dir"
case "$target" in
    graphml) files="topologies/*.graphml tests/e2e/data/good/*.graphml tests/bad-input/data/*.graphml" ;;
    sndlib) files="tests/e2e/data/good/*.xml tests/bad-input/data/*.xml tests/e2e/data/good/*.txt tests/bad-input/data/*.txt" ;;
    demands) files="tests/e2e/data/demands/*" ;;
    jobfile) files="tests/e2e/data/jobs/*" ;;
    *) echo "seeds.sh: unknown target $target" >&2; exit 64 ;;
esac
for f in $files tests/fuzz/regressions/"$target"/*; do
    [ -f "$f" ] && cp "$f" "$dir/"
done
if [ "$target" = sndlib ] && [ -d ../shared/data/sndlib ]; then
    for f in ../shared/data/sndlib/*; do
        [ "$(stat -c %s "$f")" -lt 200000 ] && cp "$f" "$dir/"
    done
fi
exit 0
