#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Flattens fiberplan's files into the tab-separated text tree_allreduce reads (stdlib only).

  tree_input.py spans TOPO.graphml            every span as: id, from node, to node (a GraphML
                                              file fiberplan wrote, so ids are fiberplan's)
  tree_input.py gpus TOPO.graphml a,b,c       the file with gpus = 1 on the listed nodes that
                                              have none (--trainer-config needs gpus > 0)
  tree_input.py schedule TRAINER.json [--rotate-chunks]
                                              gradient bytes, sites, trees, paths; with
                                              --rotate-chunks tree i gets tree i+1's chunk
                                              fraction (a wrong schedule the check must flag)
  tree_input.py predicted TRAINER.json        collective.predicted_allreduce_s
  tree_input.py limit TRAINER.json            what the simulation tends to as segments grow:
                                              the largest over the trees of 8 f_t S / (x_t 1e9)
                                              plus its reduce chain (the longest leaf-to-root
                                              sum of each hop's slowest path delay) and its
                                              broadcast chain (the same, root to leaf)
  tree_input.py segments TRAINER.json MAX     segments per tree for tree_allreduce: MAX, or
                                              fewer so that a segment takes at least alpha =
                                              20 us (MODEL.md's per-message overhead) to send:
                                              n <= T_bw / alpha, T_bw = 8 S / (theta 1e9) with
                                              theta the sum of the trees' rates; at least 1
"""
import json
import sys
import xml.etree.ElementTree as ET

NS = "http://graphml.graphdrawing.org/xmlns"


def field(text):
    text = str(text)
    if not text or any(c in text for c in "\t\r\n"):
        sys.exit("tree_input: id '%s' is empty or holds a tab or newline" % text)
    return text


def spans(path):
    graph = ET.parse(path).getroot().find("{%s}graph" % NS)
    for e in graph.findall("{%s}edge" % NS):
        print("\t".join(field(e.get(k)) for k in ("id", "source", "target")))


def gpus(path, sites):
    ET.register_namespace("", NS)
    tree = ET.parse(path)
    root = tree.getroot()
    keys = {k.get("id"): k for k in root.findall("{%s}key" % NS)}
    key = next((i for i, k in keys.items() if k.get("attr.name") == "gpus" and k.get("for") == "node"), None)
    if key is None:
        key = "fp_test_gpus"
        el = ET.Element("{%s}key" % NS, {"id": key, "for": "node", "attr.name": "gpus", "attr.type": "long"})
        root.insert(0, el)
    want = set(sites.split(","))
    for node in root.find("{%s}graph" % NS).findall("{%s}node" % NS):
        if node.get("id") not in want:
            continue
        have = [d for d in node.findall("{%s}data" % NS) if d.get("key") == key]
        if not have:
            ET.SubElement(node, "{%s}data" % NS, {"key": key}).text = "1"
        elif not float(have[0].text or 0) > 0:
            have[0].text = "1"
    tree.write(sys.stdout.buffer, encoding="UTF-8", xml_declaration=True)


def schedule(path, rotate):
    cfg = json.load(open(path))
    if cfg["collective"]["algorithm"] != "tree":
        sys.exit("tree_input: %s: algorithm is '%s', not tree" % (path, cfg["collective"]["algorithm"]))
    trees = cfg["schedule"]["trees"]
    fractions = [t["chunk_fraction"] for t in trees]
    if rotate:
        fractions = fractions[1:] + fractions[:1]
    print("bytes\t%r" % float(cfg["job"]["gradient_bytes"]))
    for s in cfg["sites"]:
        print("site\t%s" % field(s["id"]))
    for t, fraction in zip(trees, fractions):
        print("tree\t%r\t%r\t%s" % (float(t["rate_gbps"]), float(fraction), field(t["root"])))
        for child, parent in t["parents"].items():
            if parent is not None:
                print("parent\t%s\t%s" % (field(child), field(parent)))
    for p in cfg["paths"]:
        print("\t".join(["path", field(p["source"]), field(p["target"]), repr(float(p["gbps"]))]
                        + [field(s) for s in p["spans"]]))


def limit(path):
    cfg = json.load(open(path))
    slowest = {}
    for p in cfg["paths"]:
        pair = (p["source"], p["target"])
        slowest[pair] = max(slowest.get(pair, 0.0), p["delay_s"])
    bytes_, worst = float(cfg["job"]["gradient_bytes"]), 0.0
    for t in cfg["schedule"]["trees"]:
        parents = t["parents"]

        def chain(v, up):
            s = 0.0
            while parents[v] is not None:
                s += slowest[(v, parents[v]) if up else (parents[v], v)]
                v = parents[v]
            return s
        tbw = 8 * t["chunk_fraction"] * bytes_ / (t["rate_gbps"] * 1e9)   # MODEL.md "Units"
        worst = max(worst, tbw + max(chain(v, True) for v in parents) + max(chain(v, False) for v in parents))
    print(repr(worst))


def segments(path, most):
    cfg = json.load(open(path))
    alpha_s = 20e-6
    bytes_ = float(cfg["job"]["gradient_bytes"])
    theta = sum(t["rate_gbps"] for t in cfg["schedule"]["trees"])
    tbw = 8 * bytes_ / (theta * 1e9)   # MODEL.md "Units"; each tree's chunk takes this long
    print(max(1, min(most, int(tbw / alpha_s))))


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "spans":
        spans(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "gpus":
        gpus(sys.argv[2], sys.argv[3])
    elif len(sys.argv) in (3, 4) and sys.argv[1] == "schedule":
        schedule(sys.argv[2], sys.argv[3:] == ["--rotate-chunks"])
    elif len(sys.argv) == 3 and sys.argv[1] == "predicted":
        print(repr(float(json.load(open(sys.argv[2]))["collective"]["predicted_allreduce_s"])))
    elif len(sys.argv) == 3 and sys.argv[1] == "limit":
        limit(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "segments":
        segments(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit(__doc__)


main()
