#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Issue 19: `plan --cost-model default` on a real third-party topology gives a plan.

Usage: optics.py BIN FILE SITES [--modular]. Plans a $100M budget priced by the default cost
model (--regenerate: spans past every reach get regenerators), continuous, or with --modular in
whole wavelengths and pairs within 10 s, and checks: exit 0; spend <= budget; theta >= today's
(the plan's "before", `route` on today's network; with --modular `route` runs too and must
agree); no more pairs lit than were dark, whole with --modular; amplifiers = pairs x ILAs per
pair. Prints one line, "ok ..." or "FAIL ..."."""
import json
import subprocess
import sys

BUDGET = 1e8
binary, path, sites = sys.argv[1:4]
modular = len(sys.argv) > 4 and sys.argv[4] == "--modular"
common = ["--sites", sites, "--params", "1e12", "--default-capacity", "100", "--default-length", "500",
          "--json", "-q"]


def run(args):
    p = subprocess.run([binary] + args + common, capture_output=True, text=True, timeout=300)
    if p.returncode != 0:
        return None, "exit %d: %s" % (p.returncode, p.stderr.strip()[:300])
    return json.loads(p.stdout), None


plan, err = run(["plan", path, "--cost-model", "default", "--regenerate", "--budget", "%g" % BUDGET] +
                (["--modular", "--time-limit", "10"] if modular else []))
if plan is None:
    # sites the network cannot connect are a data error with one line, not a crash
    print(("ok %s (%s)" if err.startswith("exit 65:") and "\n" not in err else "FAIL %s: plan %s") % (path, err))
    sys.exit(0 if err.startswith("exit 65:") else 1)
p = plan["plan"]
theta, theta0 = plan["collective"]["throughput_gbps"], p["before"]["throughput_gbps"]
bad = []
if modular:
    # `route` itself on today's network gives the plan's "before" (the same routine)
    route, err = run(["route", path])
    if route is None:
        print("FAIL %s: route %s" % (path, err))
        sys.exit(1)
    if abs(route["collective"]["throughput_gbps"] - theta0) > 1e-9 * max(1.0, theta0):
        bad.append("before %.9g, route %.9g" % (theta0, route["collective"]["throughput_gbps"]))
if p["cost_usd"] > BUDGET * (1 + 1e-9):
    bad.append("spent %.0f > budget" % p["cost_usd"])
if theta < theta0 * (1 - 1e-9):
    bad.append("theta %.6g < route's %.6g" % (theta, theta0))
for u in p["upgrades"]:
    o = u.get("optics")
    if o is None:
        continue
    if modular and abs(o["pairs_lit"] - round(o["pairs_lit"])) > 1e-9:
        bad.append("%s: %g pairs" % (u["id"], o["pairs_lit"]))
    if o["pairs_lit"] > o["dark_pairs_before"]:
        bad.append("%s: lights %g of %d dark pairs" % (u["id"], o["pairs_lit"], o["dark_pairs_before"]))
    per_pair = o["amplifiers"] / o["pairs_lit"] if o["pairs_lit"] > 0 else 0
    if abs(per_pair - round(per_pair)) > 1e-6:
        bad.append("%s: %g amplifiers for %g pairs" % (u["id"], o["amplifiers"], o["pairs_lit"]))
if bad:
    print("FAIL %s: %s" % (path, "; ".join(bad)))
    sys.exit(1)
print("ok %s: $%.0f, theta %.6g >= %.6g" % (path, p["cost_usd"], theta, theta0))
