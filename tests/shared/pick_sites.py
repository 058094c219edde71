#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Prints 4 node ids from the largest connected component of a GraphML file (stdlib only):
the component's first node in file order and, greedily, the nodes farthest in hops from
those already picked, so the sites spread over the network."""
import sys
import xml.etree.ElementTree as ET
from collections import deque

NS = "{http://graphml.graphdrawing.org/xmlns}"
root = ET.parse(sys.argv[1]).getroot()
graph = root.find(NS + "graph")
nodes = [n.get("id") for n in graph.findall(NS + "node")]
adj = {n: set() for n in nodes}
for e in graph.findall(NS + "edge"):
    a, b = e.get("source"), e.get("target")
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
