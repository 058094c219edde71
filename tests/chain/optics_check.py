#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Issue 19: every upgrade of a `plan --cost-model default --json` result re-derived by hand from
REFERENCE.md §2.1 and §7, independently of fiberplan: the mode by the span's length, wavelengths
per pair, amplifiers per pair, the price of lighting a pair, the price of a wavelength (the span's
own module_cost when it states one), the upgrade's cost, and pairs enough for the capacity; and
the planned GraphML's lit/dark pairs. Usage: optics_check.py TOPO.graphml PLAN.json PLANNED.graphml
[--modular]. Prints "ok N" or the first differences, exit 1."""
import json
import math
import sys
import xml.etree.ElementTree as ET

NS = "{http://graphml.graphdrawing.org/xmlns}"
# REFERENCE.md §2.1 and §7: (name, Gbit/s, reach km, slot GHz, USD a wavelength both ends)
MODES = [("800ZR", 800, 120, 150, 30000), ("800G-ZR+", 800, 1000, 150, 50000), ("400G-LH", 400, 3000, 75, 66000)]
BAND, ILA_KM, ILA_USD, PAIR_USD_KM = 4800, 80, 60000, 1000


def spans(path):
    root = ET.parse(path).getroot()
    keys = {k.get("id"): k.get("attr.name") for k in root.iter(NS + "key")}
    out = {}
    for e in root.iter(NS + "edge"):
        out[e.get("id")] = {keys[d.get("key")]: d.text for d in e.findall(NS + "data")}
    return out


topo, plan, planned = spans(sys.argv[1]), json.load(open(sys.argv[2])), spans(sys.argv[3])
modular = "--modular" in sys.argv
bad, n = [], 0
for u in plan["plan"]["upgrades"]:
    s, o = topo[u["id"]], u["optics"]
    length = float(s["length_km"])
    name, gbps, _, slot, usd_wl = max((m for m in MODES if m[2] >= length), key=lambda m: (m[1], -m[4]))
    w = int(s.get("wavelengths") or BAND // slot)
    g = float(s.get("gbps_per_wavelength") or gbps)
    pair = w * g
    cap = float(s.get("capacity_gbps", 0))
    lit = int(s["lit_pairs"]) if "lit_pairs" in s else max(1, math.ceil(cap / pair - 1e-9))
    ilas = max(0, math.ceil(length / ILA_KM - 1e-9) - 1)
    pair_usd = ilas * ILA_USD + PAIR_USD_KM * length
    wl_usd = float(s["module_cost"]) if "module_cost" in s else usd_wl
    want = {"mode": name, "gbps_per_wavelength": g, "wavelengths_per_pair": w, "lit_pairs_before": lit,
            "pair_cost_usd": pair_usd}
    for k, v in want.items():
        if (o[k] != v) if isinstance(v, str) else abs(o[k] - v) > 1e-9 * max(1, abs(v)):
            bad.append("%s: %s %s, by hand %s" % (u["id"], k, o[k], v))
    cost = u["modules"] * wl_usd + o["pairs_lit"] * pair_usd
    if abs(u["cost_usd"] - cost) > 1e-6 * max(1, cost):
        bad.append("%s: cost %.2f, by hand %g x %g + %g x %g = %.2f" % (u["id"], u["cost_usd"], u["modules"], wl_usd,
                                                                         o["pairs_lit"], pair_usd, cost))
    if abs(o["amplifiers"] - o["pairs_lit"] * ilas) > 1e-9 * max(1, ilas):
        bad.append("%s: amplifiers %g, by hand %g x %d" % (u["id"], o["amplifiers"], o["pairs_lit"], ilas))
    if u["capacity_gbps"] > (lit + o["pairs_lit"]) * pair * (1 + 1e-9):
        bad.append("%s: %g Gbit/s on %g pairs of %g" % (u["id"], u["capacity_gbps"], lit + o["pairs_lit"], pair))
    if modular and (abs(o["pairs_lit"] - round(o["pairs_lit"])) > 1e-9 or
                    (lit + o["pairs_lit"] - 1) * pair >= u["capacity_gbps"] * (1 + 1e-9) and o["pairs_lit"] > 0):
        bad.append("%s: %g pairs lit for %g Gbit/s (pairs of %g, %d lit before)" % (u["id"], o["pairs_lit"],
                                                                                  u["capacity_gbps"], pair, lit))
    p = planned[u["id"]]
    if int(p["lit_pairs"]) != lit + math.ceil(o["pairs_lit"] - 1e-9) or \
            int(p["lit_pairs"]) + int(p["dark_pairs"]) != lit + o["dark_pairs_before"]:
        bad.append("%s: planned GraphML lit %s dark %s, by hand %d lit" % (u["id"], p["lit_pairs"], p["dark_pairs"],
                                                                           lit + math.ceil(o["pairs_lit"] - 1e-9)))
    n += 1
if bad or n == 0:
    print("\n".join(bad[:10]) if bad else "no upgrade to check")
    sys.exit(1)
print("ok %d" % n)
