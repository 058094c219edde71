#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The bad-input campaign: every case in tests/bad-input/cases/ is a malformed file, an
# impossible value, a misused option or an unusable path, with its exact exit code (sysexits)
# and its one stderr line, and, where it names an output, no file left behind. The data files
# are in tests/bad-input/data/, one defect each. Runs through tests/e2e/run.sh.
cd "$(dirname "$0")/../.." || exit 1
CASES=tests/bad-input/cases SUITE=bad-input exec bash tests/e2e/run.sh
