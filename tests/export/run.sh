#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The exports read by the tools they are for: GraphML back through `fiberplan check` and
# `route` (the same network) and networkx.read_graphml (with the --result keys), DOT rendered
# by `neato -n2 -Tsvg`, the SimGrid platform well-formed with a route for every site pair.
# Tools that are not installed are skipped with a message.
set -u
cd "$(dirname "$0")/../.." || exit 1
BIN=${B:-build}/fiberplan
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }

for topo in topologies/*.graphml; do
    name=$(basename "$topo" .graphml)
    "$BIN" export "$topo" --format graphml -o "$tmp/$name.graphml" || { bad "export $name"; continue; }
    # the same summary and the same routing, apart from the file name
    "$BIN" check "$topo" | sed 1d > "$tmp/a.txt"
    "$BIN" check "$tmp/$name.graphml" | sed 1d > "$tmp/b.txt"
    if cmp -s "$tmp/a.txt" "$tmp/b.txt"; then ok; else bad "check of exported $name differs"; diff "$tmp/a.txt" "$tmp/b.txt" | head -n 5; fi
    "$BIN" route "$topo" --params 1e12 | sed 1d > "$tmp/a.txt"
    "$BIN" route "$tmp/$name.graphml" --params 1e12 | sed 1d > "$tmp/b.txt"
    if cmp -s "$tmp/a.txt" "$tmp/b.txt"; then ok; else bad "route on exported $name differs"; diff "$tmp/a.txt" "$tmp/b.txt" | head -n 5; fi
done

"$BIN" route topologies/stargate-us.graphml --json -o "$tmp/route.json"
"$BIN" export topologies/stargate-us.graphml --format graphml --result "$tmp/route.json" -o "$tmp/annotated.graphml"
if python3 -c 'import networkx' 2> /dev/null; then
    if python3 - "$tmp/annotated.graphml" <<'PY'
import sys, networkx as nx
g = nx.read_graphml(sys.argv[1])
assert (g.number_of_nodes(), g.number_of_edges()) == (28, 43), (g.number_of_nodes(), g.number_of_edges())
# a multigraph (stargate-us has parallel spans): edge keys are the span ids
util = {k: d["utilization"] for _, _, k, d in g.edges(keys=True, data=True) if "utilization" in d}
assert len(util) == 39 and max(util.values()) <= 1 + 1e-9, util       # every lit span, none above 1
cut = sorted(k for _, _, k, d in g.edges(keys=True, data=True) if d.get("in_cut") == 1.0)
assert cut == ["s05", "s10"], cut                                      # the bound's cut
assert g.nodes["abilene"]["gpus"] == 450000 and g.graph["name"] == "stargate-us"
PY
    then ok; else bad "networkx.read_graphml of the annotated export"; fi
else
    echo "export: networkx skipped: python3-networkx not installed"
fi

if command -v neato > /dev/null 2>&1; then
    "$BIN" export topologies/stargate-us.graphml --format dot --result "$tmp/route.json" -o "$tmp/s.dot"
    if neato -n2 -Tsvg "$tmp/s.dot" -o "$tmp/s.svg" 2> "$tmp/err" && [ ! -s "$tmp/err" ] &&
       [ "$(grep -c '<g id="node' "$tmp/s.svg")" = 28 ] && [ "$(grep -c '<g id="s[0-9]' "$tmp/s.svg")" = 39 ]; then
        ok
    else
        bad "neato -n2 -Tsvg: $(head -c 200 "$tmp/err")"
    fi
else
    echo "export: neato skipped: graphviz not installed"
fi

"$BIN" export topologies/stargate-us.graphml --format simgrid -o "$tmp/platform.xml"
if python3 - "$tmp/platform.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
zone = root.find("zone")
hosts = [h.get("id") for h in zone.findall("host")]
links = {l.get("id") for l in zone.findall("link")}
routes = zone.findall("route")
assert root.get("version") == "4.1" and len(hosts) == 9 and len(links) == 39, (len(hosts), len(links))
assert len(routes) == 9 * 8
for r in routes:
    assert all(c.get("id") in links and c.get("direction") in ("UP", "DOWN") for c in r.findall("link_ctn"))
PY
then ok; else bad "SimGrid platform structure"; fi

echo "export: $pass passed, $fail failed"
[ "$fail" = 0 ]
