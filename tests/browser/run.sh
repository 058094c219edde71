#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The design review in a real browser: `fiberplan report` of stargate-us route, plan
# (--survive), sweep and failures results rendered by headless Chromium. Fails on any console
# message (the review has no scripts, so there should be none), on a DOM without the headline,
# the map and its cut, or (sweep) the frontier chart with its knee, and on an empty
# screenshot. Skipped with a message when chromium is not installed.
set -u
cd "$(dirname "$0")/../.." || exit 1
BIN=${B:-build}/fiberplan
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! command -v chromium > /dev/null 2>&1; then
    echo "skipped: chromium not installed (apt-get install chromium)"
    exit 77
fi
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
browse() {   # html out-prefix: DOM in prefix.dom, console in prefix.log, screenshot prefix.png
    timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$tmp/profile" \
        --enable-logging=stderr --v=0 --dump-dom "file://$1" > "$2.dom" 2> "$2.log"
    timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$tmp/profile" \
        --window-size=1100,1600 --screenshot="$2.png" "file://$1" > /dev/null 2>> "$2.log"
}

# labels_apart HTML NAME [LABELS]: the map's labels laid out by the browser (a copy of the
# review with tests/browser/overlap.js injected): LABELS names drawn (default 28: every node of
# stargate-us and the cut), no two overlapping.
labels_apart() {
    python3 - "$1" "$tmp/overlap.html" tests/browser/overlap.js <<'PY'
import sys
js = "".join(l for l in open(sys.argv[3]) if not l.startswith("//"))
html = open(sys.argv[1], encoding="utf-8").read()
open(sys.argv[2], "w", encoding="utf-8").write(html.replace("</head>", "<script>%s</script></head>" % js, 1))
PY
    timeout 120 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$tmp/profile" --window-size=1100,1600 \
        --dump-dom "file://$tmp/overlap.html" 2> /dev/null | grep -o '<body[^>]*>' > "$tmp/overlap.txt"
    n=$(sed -n 's/.*data-labels="\([0-9]*\)".*/\1/p' "$tmp/overlap.txt")
    if [ "${n:-0}" -ge "${3:-28}" ] && grep -q 'data-overlaps=""' "$tmp/overlap.txt"; then
        ok
    else
        bad "$2: labels ${n:-0} of ${3:-28}, overlapping: $(cat "$tmp/overlap.txt")"
    fi
}

T=topologies/stargate-us.graphml
"$BIN" route $T --json -o "$tmp/route.json"
"$BIN" plan $T --budget 1e7 --survive span --json -o "$tmp/plan.json"
"$BIN" sweep $T --budgets 0,1e7,2e7,5e7,1e8,2e8,5e8 --jobs 2 --json -o "$tmp/sweep.json"
"$BIN" failures $T --json -o "$tmp/failures.json"
for kind in route plan sweep failures; do
    if ! "$BIN" report "$tmp/$kind.json" -o "$tmp/$kind.html" 2> "$tmp/err"; then
        bad "report $kind: $(cat "$tmp/err")"
        continue
    fi
    # self-contained: nothing fetched (the only URLs are the SVG namespace)
    if grep -oE '(src|href)="[^"]*"' "$tmp/$kind.html" | grep -q .; then bad "$kind: external resources"; else ok; fi
    browse "$tmp/$kind.html" "$tmp/$kind"
    if grep -q 'CONSOLE' "$tmp/$kind.log"; then bad "$kind: console messages:"; grep CONSOLE "$tmp/$kind.log"; else ok; fi
    if python3 - "$tmp/$kind.dom" "$kind" <<'PY'
import sys
from html.parser import HTMLParser
dom, kind = open(sys.argv[1]).read(), sys.argv[2]
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.stack = []; self.seen = {}
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        sec = next((s for s in reversed(self.stack) if s), None)
        self.stack.append(a.get("id"))
        key = (sec, tag, a.get("class"))
        self.seen[key] = self.seen.get(key, 0) + 1
    def handle_endtag(self, tag):
        if self.stack: self.stack.pop()
p = P(); p.feed(dom)
need = {("headline", "div", "card"): 4, ("map", "svg", None): 1, ("map", "circle", "site"): 9}
if kind in ("route", "plan", "sweep"):
    need[("map", "line", "cut")] = 1           # the bound's cut, drawn
if kind == "route":                            # the schedule's trees, collectives, assumptions
    need[("trees", "tr", None)] = 3
    need[("collectives", "tr", None)] = 2
    need[("job", "tr", None)] = 6
if kind == "sweep":
    need[("frontier", "svg", None)] = 1
    need[("frontier", "circle", "knee")] = 1
    need[("frontier", "circle", "point")] = 6
if kind == "failures":
    need[("failures", "tr", None)] = 40        # 39 scenarios and the header
missing = {k: (v, p.seen.get(k, 0)) for k, v in need.items() if p.seen.get(k, 0) < v}
sys.exit("missing (want, got): %s" % missing if missing else 0)
PY
    then ok; else bad "$kind: DOM"; fi
    if [ "$(stat -c %s "$tmp/$kind.png" 2> /dev/null || echo 0)" -gt 40000 ]; then ok; else bad "$kind: screenshot"; fi
done

# The combined design review (issue 23, item 4): route (all collectives), plan $100M, failures
# and sweep of stargate-us in one document, rendered and printed to PDF. Each check is an
# observation of the issue: one colour and width for every plan span, no legend, unlabelled
# PoPs, Abilene under Shackelford, site circles over their short spans, no totals, no next
# dollars, fractional wavelengths, "Hover for values" on paper, no trees, no comparison of
# collectives, no job assumptions, no failure span ends, one result per review.
"$BIN" route $T --collective all --json -o "$tmp/c-route.json"
"$BIN" plan $T --budget 1e8 --json -o "$tmp/c-plan.json"
if ! "$BIN" report "$tmp/c-route.json" "$tmp/c-plan.json" "$tmp/failures.json" "$tmp/sweep.json" \
        -o "$tmp/review.html" 2> "$tmp/err"; then
    bad "combined review: $(cat "$tmp/err")"
else
    ok
    browse "$tmp/review.html" "$tmp/review"
    if grep -q 'CONSOLE' "$tmp/review.log"; then bad "review: console messages"; else ok; fi
    if grep -qiE '<script|hover' "$tmp/review.html"; then bad "review: scripts or hover hints"; else ok; fi
    if python3 tests/browser/review_check.py "$tmp/review.dom" $T; then ok; else bad "review: DOM"; fi
    labels_apart "$tmp/review.html" review
    "$BIN" report "$tmp/c-plan.json" -o "$tmp/c-plan.html" && browse "$tmp/c-plan.html" "$tmp/c-plan"
    if python3 tests/browser/review_check.py "$tmp/c-plan.dom" $T --plan; then ok; else bad "plan review: DOM"; fi
    labels_apart "$tmp/c-plan.html" "plan review"
    timeout 120 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$tmp/profile" --no-pdf-header-footer \
        --print-to-pdf="$tmp/review.pdf" "file://$tmp/review.html" > /dev/null 2>> "$tmp/review.log"
    pages=$(grep -ao '/Count [0-9]*' "$tmp/review.pdf" 2> /dev/null | head -n 1 | cut -d' ' -f2)
    pages=${pages:-0}
    if [ "$(head -c 5 "$tmp/review.pdf" 2> /dev/null)" = "%PDF-" ] && [ "$pages" -ge 3 ] && [ "$pages" -le 14 ]; then
        ok
    else
        bad "review: printed to PDF ($pages pages)"
    fi
    if [ "$(stat -c %s "$tmp/review.png" 2> /dev/null || echo 0)" -gt 80000 ]; then ok; else bad "review: screenshot"; fi
fi
# the screenshot in docs/ is of this review (regenerate: REVIEW_PNG=docs/review-stargate-us.png)
if [ -n "${REVIEW_PNG:-}" ]; then
    timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$tmp/profile" \
        --window-size=1100,1750 --screenshot="$REVIEW_PNG" "file://$tmp/review.html" > /dev/null 2>&1
fi
if [ "$(head -c 8 docs/review-stargate-us.png | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ]; then ok; else bad "docs/review-stargate-us.png"; fi

# Real networks (Topology Zoo, when ../shared is there): no two names overlap on the map, every
# site is named, and each PoP is named or listed under the map with its coordinates (Colt's
# 153 nodes drew 76 overlapping pairs of names; GEANT 2012's 40 all fit).
ZOO=../shared/data/topologyzoo
if [ -d "$ZOO" ]; then
    for spec in "Geant2012 UK,NL,DE,FR 41" "Colt Linz,Rostock,London,Paris 60"; do
        set -- $spec
        if "$BIN" route "$ZOO/$1.graphml" --sites "$2" --params 1e11 --default-length 300 \
                --default-capacity 100 -q --json -o "$tmp/zoo.json" 2> "$tmp/err" &&
                "$BIN" report "$tmp/zoo.json" -o "$tmp/zoo.html" 2>> "$tmp/err"; then
            nodes=$(grep -c '<node ' "$ZOO/$1.graphml")
            listed=$(grep -o 'Not named on the map (no room), [0-9]*' "$tmp/zoo.html" | grep -o '[0-9]*$')
            listed=${listed:-0}
            # named + listed = every node and the cut's label
            labels_apart "$tmp/zoo.html" "$1" $((nodes + 1 - listed))
            if [ "$listed" -le "$3" ]; then ok; else bad "$1: $listed PoPs not named (at most $3)"; fi
            # the chosen sites are drawn and named as sites (Colt's nodes carry no GPUs: its
            # four sites were four more grey PoPs)
            marked=$(grep -o '<circle class="site"' "$tmp/zoo.html" | wc -l)
            named=$(grep -o 'class="label site-label"[^>]*>[^<]*' "$tmp/zoo.html" | sed 's/.*>//' | sort | paste -sd,)
            want=$(echo "$2" | tr ',' '\n' | sort | paste -sd,)
            if [ "$marked" = 4 ] && [ "$named" = "$want" ]; then ok; else bad "$1: sites marked $marked, named $named"; fi
        else
            bad "$1: $(head -c 300 "$tmp/err")"
        fi
    done
else
    echo "skipped: Topology Zoo label checks (no $ZOO)"
fi

echo "browser: $pass passed, $fail failed"
[ "$fail" = 0 ]
