#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the DOM of the combined design review (tests/browser/run.sh): its sections, a label
for every site and PoP, the map's drawing order and colours, the tables' totals and whole
wavelengths. Usage: review_check.py REVIEW.dom TOPOLOGY.graphml [--plan] (--plan: the review
of a $100M plan alone: its map and upgrades); exits non-zero with the list of what is wrong."""
import math
import re
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

SECTIONS = ["headline", "map", "frontier", "upgrades", "next-dollars", "collectives", "trees",
            "failures", "job", "spans"]
G = "{http://graphml.graphdrawing.org/xmlns}"


class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sec = None
        self.order = []          # (section, tag, attrs) in document order
        self.texts = {}          # section -> [text of each <text>]
        self.rows = {}           # section -> [[cell text]]
        self.row = self.cell = self.svgtext = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section":
            self.sec = a.get("id")
        self.order.append((self.sec, tag, a))
        if tag == "text":
            self.svgtext = ""
        if tag == "tr":
            self.row = []
        if tag in ("td", "th") and self.row is not None:
            self.cell = ""

    def handle_data(self, d):
        if self.svgtext is not None:
            self.svgtext += d
        if self.cell is not None:
            self.cell += d

    def handle_endtag(self, tag):
        if tag == "text" and self.svgtext is not None:
            self.texts.setdefault(self.sec, []).append(self.svgtext)
            self.svgtext = None
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(self.cell)
            self.cell = None
        if tag == "tr" and self.row is not None:
            self.rows.setdefault(self.sec, []).append(self.row)
            self.row = None


def labels(topo):
    keys = {k.get("id"): k.get("attr.name") for k in ET.parse(topo).getroot().iter(G + "key")}
    out = {}
    for n in ET.parse(topo).getroot().iter(G + "node"):
        data = {keys.get(d.get("key")): (d.text or "") for d in n.iter(G + "data")}
        out[n.get("id")] = (data.get("name") or data.get("label") or n.get("id"), data.get("type"))
    return out


def table(dom, sec):
    rows = dom.rows.get(sec, [])
    return (rows[0], rows[1:]) if rows else ([], [])


def check_map(dom, topo):
    miss = []
    names = labels(topo)
    shown = set(dom.texts.get("map", []))
    miss += ["label %r" % n for n, _ in names.values() if n not in shown]
    el = [(t, a) for s, t, a in dom.order if s == "map"]
    sites = [i for i, (t, a) in enumerate(el) if t == "circle" and a.get("class") == "site"]
    spans = [i for i, (t, a) in enumerate(el) if t == "line" and a.get("class") == "span"]
    if len(sites) != 9 or not spans or max(sites) > min(spans):
        miss.append("spans drawn above the site discs")
    pts = sorted({(float(a["cx"]), float(a["cy"])) for t, a in el if t == "circle" and "cx" in a})
    close = min((math.dist(p, q) for i, p in enumerate(pts) for q in pts[i + 1:]), default=math.inf)
    if close < 12:
        miss.append("nodes %.1f px apart (one hides another)" % close)
    colours = {a.get("stroke") for t, a in el if t == "line" and a.get("class") == "span"}
    widths = {a.get("stroke-width") for t, a in el if t == "line" and a.get("class") == "span"}
    if len(colours) < 4 or len(widths) < 4:
        miss.append("plan spans in %d colours, %d widths" % (len(colours), len(widths)))
    if not any(t == "line" and a.get("class") == "cut-line" for t, a in el):
        miss.append("the binding cut")
    if not any(t == "svg" and a.get("class") == "legend" for t, a in el):
        miss.append("the legend")
    head, rows = table(dom, "upgrades")
    if "wavelengths" not in head or not rows or rows[-1][0] != "total":
        miss.append("upgrades with wavelengths and a total")
    else:
        col = head.index("wavelengths")
        frac = [r[col] for r in rows if not re.fullmatch(r"[0-9,]+", r[col])]
        miss += ["fractional wavelengths %s" % frac] if frac else []
        if rows[-1][head.index("cost")] != "$100,000,000":
            miss.append("total cost %r" % rows[-1][head.index("cost")])
    return miss


def check(dom, topo):
    miss = []
    ids = [a.get("id") for s, t, a in dom.order if t == "section"]
    miss += ["section %s" % s for s in SECTIONS if s not in ids]
    miss += check_map(dom, topo)
    if not any(t == "rect" and a.get("class") == "chosen" for s, t, a in dom.order if s == "frontier"):
        miss.append("the chosen plan on the frontier")
    head, rows = table(dom, "collectives")
    if sorted(r[0] for r in rows) != ["direct", "ring", "tree", "tree"]:
        miss.append("collectives compared: %s" % [r[0] for r in rows])
    if len(table(dom, "trees")[1]) < 2 or len(table(dom, "next-dollars")[1]) < 1:
        miss.append("trees and next dollars")
    head, rows = table(dom, "failures")
    if len(rows) != 39 or not all("\u2013" in r[1] for r in rows):
        miss.append("39 failure scenarios with span ends")
    job = {r[0]: r[1] for r in dom.rows.get("job", []) if len(r) == 2}
    for k in ("parameters", "gradients", "sites", "topology SHA-256", "route", "plan", "failures", "sweep"):
        if k not in job:
            miss.append("job: %s" % k)
    return miss


def main():
    dom = Dom()
    dom.feed(open(sys.argv[1], encoding="utf-8").read())
    miss = check_map(dom, sys.argv[2]) if "--plan" in sys.argv else check(dom, sys.argv[2])
    if miss:
        sys.exit("review: missing or wrong: %s" % "; ".join(miss))


if __name__ == "__main__":
    main()
