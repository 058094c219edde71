#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Results carry their provenance and `report` finds the topology again (issue 23, item 3):
# .topology.path is absolute and .topology.sha256 is the file's SHA-256 (checked against
# sha256sum), .options holds the options that shaped the answer; `report -` reads standard
# input; a result moved to another directory, reported from another working directory, still
# finds its topology; a topology changed since gives one warning line; with --topology the
# review shows the result's capacities, not the file's.
set -u
cd "$(dirname "$0")/../.." || exit 1
BIN=$(cd "$(dirname "${B:-build}/fiberplan")" && pwd)/fiberplan
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
check() { if "$@"; then ok; else bad "$desc"; fi; }
jq_py() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

mkdir -p "$tmp/net" "$tmp/results" "$tmp/elsewhere" "$tmp/moved"
cp topologies/stargate-us.graphml "$tmp/net/stargate.graphml"
(cd "$tmp/net" && "$BIN" plan stargate.graphml --budget 1e7 --sites abilene,milam,lordstown --json \
    -o ../results/plan.json && "$BIN" route stargate.graphml --json -o ../results/route.json) || bad "results"

desc="path: absolute"
check [ "$(jq_py "$tmp/results/plan.json" "d['topology']['path']")" = "$tmp/net/stargate.graphml" ]
desc="sha256: the file's"
check [ "$(jq_py "$tmp/results/plan.json" "d['topology']['sha256']")" = \
        "$(sha256sum "$tmp/net/stargate.graphml" | cut -d' ' -f1)" ]
desc="options: the budget and sites given"
check [ "$(jq_py "$tmp/results/plan.json" "sorted(d['options'].items())")" = \
        "[('budget', 10000000.0), ('sites', 'abilene,milam,lordstown')]" ]
desc="options: none for a plain route, the file name kept"
check [ "$(jq_py "$tmp/results/route.json" "(d['options'], d['topology']['file'])")" = \
        "({}, 'stargate.graphml')" ]

desc="a topology from a pipe: no path, no checksum, no error"
check [ "$("$BIN" route <(cat topologies/stargate-us.graphml) --json |
          python3 -c "import json,sys; t=json.load(sys.stdin)['topology']; print(t['path'], t['sha256'])")" = "None None" ]

desc="report - reads standard input"
check "$BIN" report - -o "$tmp/stdin.html" < "$tmp/results/route.json"
desc="route --json | report - in a pipe"
(cd "$tmp/net" && "$BIN" route stargate.graphml --json | "$BIN" report - -o "$tmp/pipe.html") && check grep -q 'id="map"' "$tmp/pipe.html"

mv "$tmp/results/route.json" "$tmp/moved/route.json"
desc="a result moved to another directory, reported from another directory"
check bash -c "cd '$tmp/elsewhere' && '$BIN' report ../moved/route.json -o review.html 2> err && [ ! -s err ]"

mkdir -p "$tmp/bundle"   # a result moved together with its topology: found beside it
cp "$tmp/net/stargate.graphml" "$tmp/bundle/"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); d['topology']['path']='/nonexistent/stargate.graphml'; json.dump(d,open(sys.argv[2],'w'))" \
    "$tmp/moved/route.json" "$tmp/bundle/route.json"
desc="a result moved with its topology: the file beside it"
check bash -c "cd '$tmp/elsewhere' && '$BIN' report ../bundle/route.json -o bundle.html"

sed -i 's|<data key="capacity_gbps">25600</data>|<data key="capacity_gbps">1000</data>|' "$tmp/net/stargate.graphml"
desc="a changed topology: one warning line naming the checksum"
"$BIN" report "$tmp/moved/route.json" -o "$tmp/changed.html" 2> "$tmp/err"
check [ "$(wc -l < "$tmp/err")" = 1 ]
check grep -q "^fiberplan: warning: .*stargate.graphml no longer matches the result's sha256" "$tmp/err"
desc="-q: no warning"
"$BIN" report -q "$tmp/moved/route.json" -o "$tmp/changed.html" 2> "$tmp/err"
check [ ! -s "$tmp/err" ]

desc="--topology: the result's capacities, not the file's"
"$BIN" report "$tmp/moved/route.json" --topology "$tmp/net/stargate.graphml" -o "$tmp/topo.html" 2> /dev/null
check python3 - "$tmp/topo.html" <<'PY'
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.sec = None; self.rows = []; self.row = None; self.cell = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section": self.sec = a.get("id")
        if tag == "tr" and self.sec == "spans": self.row = []
        if tag in ("td", "th") and self.row is not None: self.cell = ""
    def handle_data(self, d):
        if self.cell is not None: self.cell += d
    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.row is not None: self.row.append(self.cell); self.cell = None
        if tag == "tr" and self.row is not None: self.rows.append(self.row); self.row = None
p = P(); p.feed(open(sys.argv[1]).read())
head = p.rows[0]
s01 = next(r for r in p.rows if r[0] == "s01")
col = head.index("Gbit/s")
sys.exit(0 if s01[col] == "25,600" else "s01 shows %r Gbit/s, the result says 25,600" % s01[col])
PY

desc="results of two topologies: an error naming the second"
"$BIN" route topologies/fairwater-aiwan.graphml --json -o "$tmp/other.json"
"$BIN" report "$tmp/moved/route.json" "$tmp/other.json" -o "$tmp/mixed.html" 2> "$tmp/err"
check [ $? = 65 ]
check grep -q "other.json: a result of another topology" "$tmp/err"
desc="no partial file"
check [ ! -e "$tmp/mixed.html" ]

desc="failures --workload: the review shows every job in every scenario, as the result has them"
"$BIN" failures topologies/stargate-us.graphml --workload topologies/stargate-us-workload.json --json \
    -o "$tmp/wf.json" && "$BIN" report "$tmp/wf.json" -o "$tmp/wf.html"
check python3 - "$tmp/wf.html" "$tmp/wf.json" <<'PY'
import json, sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.sec = None; self.rows = []; self.row = None; self.cell = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section": self.sec = a.get("id")
        if tag == "tr" and self.sec == "failures": self.row = []
        if tag in ("td", "th") and self.row is not None: self.cell = ""
    def handle_data(self, d):
        if self.cell is not None: self.cell += d
    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.row is not None: self.row.append(self.cell); self.cell = None
        if tag == "tr" and self.row is not None: self.rows.append(self.row); self.row = None
p = P(); p.feed(open(sys.argv[1]).read())
res = json.load(open(sys.argv[2]))
head, rows = p.rows[0], [r for r in p.rows[1:] if len(r) == len(p.rows[0])]
col_job, col_theta = head.index("job"), head.index("\u03b8 Gbit/s")
want = [(j["name"], "-" if j["disconnected"] else "{:,.0f}".format(j["throughput_gbps"]))
        for f in res["failures"] for j in f["jobs"]]
got = [(r[col_job], r[col_theta]) for r in rows]
sys.exit(0 if got == want else "rows %r, the result %r" % (got[:4], want[:4]))
PY

# issue 19: a plan priced by the cost model shows each upgrade's mode, pairs lit and amplifiers
"$BIN" plan topologies/fairwater-aiwan.graphml --budget 2e7 --modular --cost-model default --json -q -o "$tmp/optics.json"
"$BIN" report "$tmp/optics.json" -o "$tmp/optics.html" 2> /dev/null
check python3 - "$tmp/optics.json" "$tmp/optics.html" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
html = open(sys.argv[2]).read()
for u in d["plan"]["upgrades"]:
    o = u["optics"]
    cells = r'<td class="l">%s</td><td>%d</td><td>%d</td>' % (re.escape(o["mode"]), o["pairs_lit"], o["amplifiers"])
    if not re.search(r'<td class="l">%s</td>.*?%s' % (re.escape(u["id"]), cells), html):
        sys.exit("no row for %s with %s, %d pairs, %d amplifiers" % (u["id"], o["mode"], o["pairs_lit"], o["amplifiers"]))
if "pairs lit</th><th>amplifiers</th>" not in html:
    sys.exit("no optics columns")
PY
# issue 21: plan --workload --survive shows every scenario of the planned network with each job's
# numbers (the failures --workload table), one row per job, the scenario's lambda first
"$BIN" plan tests/workload/survive.graphml --workload tests/workload/survive.json --budget 100 --survive span \
    --json -q -o "$tmp/wsv.json"
"$BIN" report "$tmp/wsv.json" -o "$tmp/wsv.html" 2> /dev/null
check python3 - "$tmp/wsv.json" "$tmp/wsv.html" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
html = open(sys.argv[2]).read()
if "Failure scenarios on the planned network, every job" not in html:
    sys.exit("no workload scenario section")
for s in d["plan"]["survive"]["scenarios"]:
    if len(re.findall(r'<td class="l">%s</td>' % re.escape(s["label"]), html)) < 1:
        sys.exit("no row for %s" % s["label"])
PY
echo "report: $pass passed, $fail failed"
[ "$fail" = 0 ]
