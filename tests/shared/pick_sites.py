#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Prints 4 node ids from the largest connected component of a GraphML, SNDlib XML or SNDlib
native file (stdlib only):
the component's first node in file order and, greedily, the nodes farthest in hops from
those already picked, so the sites spread over the network."""
import sys
import xml.etree.ElementTree as ET
from collections import deque

NS = "{http://graphml.graphdrawing.org/xmlns}"
SND = "{http://sndlib.zib.de/network}"


def read(path):
    """(nodes in file order, edges) of a GraphML, SNDlib XML or SNDlib native file."""
    if path.endswith(".txt"):
        section, nodes, edges = None, [], []
        for line in open(path, encoding="utf-8"):
            w = line.split()
            if w[:2] in (["NODES", "("], ["LINKS", "("]):
                section = w[0]
            elif w[:1] == [")"]:
                section = None
            elif section == "NODES" and w:
                nodes.append(w[0])
            elif section == "LINKS" and len(w) >= 4:
                edges.append((w[2], w[3]))
        return nodes, edges
    root = ET.parse(path).getroot()
    if root.tag.startswith(SND) or root.tag == "network":
        ns = SND if root.tag.startswith(SND) else ""
        nodes = [n.get("id") for n in root.iter(ns + "node")]
        edges = [(l.find(ns + "source").text, l.find(ns + "target").text) for l in root.iter(ns + "link")]
        return nodes, edges
    graph = root.find(NS + "graph")
    return ([n.get("id") for n in graph.findall(NS + "node")],
            [(e.get("source"), e.get("target")) for e in graph.findall(NS + "edge")])


nodes, edges = read(sys.argv[1])
adj = {n: set() for n in nodes}
for a, b in edges:
    if a != b and a in adj and b in adj:
        adj[a].add(b)
        adj[b].add(a)


def bfs(starts):
    dist = {s: 0 for s in starts}
    q = deque(starts)
    while q:
        v = q.popleft()
        for w in sorted(adj[v]):
            if w not in dist:
                dist[w] = dist[v] + 1
                q.append(w)
    return dist


seen, best = set(), []
for n in nodes:
    if n not in seen:
        comp = [v for v in nodes if v in bfs([n])]
        seen.update(comp)
        if len(comp) > len(best):
            best = comp
picked = [best[0]]
while len(picked) < min(4, len(best)):
    dist = bfs(picked)
    picked.append(max((v for v in best if v not in picked), key=lambda v: (dist[v], -best.index(v))))
print(",".join(picked))
