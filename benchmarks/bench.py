#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""fiberplan benchmarks (issue "Performance and scale"): one table, every number measured in
this run on this machine.

  benchmarks/bench.py [--bin build/fiberplan] [--quick] [--baseline-limit S] [--out FILE.md]

Instances: stargate-us (topologies/), continental networks from gen_topology.py (750 nodes,
900 spans, 16 and 64 sites; a size series for the scaling exponents), the largest Topology Zoo
networks in ../shared/data (skipped when absent). Every row runs the real command line as a
child process and records its wall time (best of --repeat for the short ones), its peak
resident memory (wait4's ru_maxrss), and from the JSON result the LP size and the columns
generated. The baseline of a route is the arc-flow formulation (--formulation arcflow) on the
same instance in the same run: the same command doing the same job (the same warm start and
bounds, theta, then the latency phase that minimises the delay-weighted flow at theta), with
the same theta to 1e-6; of sweep/failures --jobs 2 it is --jobs 1. Targets are checked at the
end: the exit status is 1 when one is missed.
"""
import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(ROOT, "..", "shared", "data", "topologyzoo")
SEEDS_64 = (1, 2, 3, 4)   # generator seeds of the 64-site networks


def run(argv, timeout=None, mem_gib=None):
    """Runs argv; returns (wall s, peak MiB, exit code, stdout). mem_gib caps its address space
    (the arc-flow baseline at 64 sites would otherwise grow until the machine swaps)."""
    out = tempfile.TemporaryFile()
    t0 = time.monotonic()

    def limit():
        if mem_gib is not None:
            resource.setrlimit(resource.RLIMIT_AS, (int(mem_gib * 2 ** 30),) * 2)

    p = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL, preexec_fn=limit)
    # a timer kills it at the limit; wait4 (not p.wait) reaps it, for its peak memory
    timer = threading.Timer(timeout, p.kill) if timeout is not None else None
    if timer is not None:
        timer.start()
    _, status, ru = os.wait4(p.pid, 0)
    if timer is not None:
        timer.cancel()
    p.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - t0
    rc = p.returncode
    peak = ru.ru_maxrss / 1024.0
    out.seek(0)
    return wall, peak, rc, out.read().decode("utf-8", "replace")


def best_of(argv, n):
    runs = [run(argv) for _ in range(n)]
    return min(runs, key=lambda r: r[0])


def solver_info(text):
    try:
        d = json.loads(text)
    except ValueError:
        return {}
    s = d.get("solver", {})
    c = d.get("collective", {})
    return {"rows": s.get("lp_rows"), "cols": s.get("lp_cols"), "columns": s.get("columns"),
            "status": s.get("status"), "gap": s.get("gap"),
            "theta": c.get("throughput_gbps"), "t": c.get("allreduce_s")}


def gen(path, nodes, spans, sites, seed=1):
    if not os.path.exists(path):
        with open(path, "w") as f:
            subprocess.run([sys.executable, os.path.join(HERE, "gen_topology.py"), "--nodes",
                            str(nodes), "--spans", str(spans), "--sites", str(sites), "--seed",
                            str(seed)], stdout=f, check=True)
    return path


def zoo_sites(path, n):
    """The n highest-degree nodes of the largest connected component (ids), deterministic."""
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ET.parse(path).getroot()
    graph = root.find("g:graph", ns)
    nodes = [v.get("id") for v in graph.findall("g:node", ns)]
    adj = {v: set() for v in nodes}
    for e in graph.findall("g:edge", ns):
        a, b = e.get("source"), e.get("target")
        if a != b:
            adj[a].add(b)
            adj[b].add(a)
    seen, best = set(), []
    for v in nodes:
        if v in seen:
            continue
        comp, stack = [], [v]
        seen.add(v)
        while stack:
            u = stack.pop()
            comp.append(u)
            for w in adj[u]:
                if w not in seen:
                    seen.add(w)
                    stack.append(w)
        if len(comp) > len(best):
            best = comp
    best.sort(key=lambda v: (-len(adj[v]), nodes.index(v)))
    return best[:n]


def fit_exponent(xs, ys):
    """Least-squares slope of log y over log x."""
    lx = [math.log(x) for x in xs]
    ly = [math.log(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    sxx = sum((a - mx) ** 2 for a in lx)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sxx if sxx > 0 else float("nan")


class Table:
    def __init__(self):
        self.rows = []
        self.checks = []

    def add(self, instance, nodes, spans, sites, command, wall, peak, info=None, ratio=""):
        info = info or {}
        lp = "%s x %s" % (info["rows"], info["cols"]) if info.get("rows") else "-"
        cols = str(info["columns"]) if info.get("columns") is not None else "-"
        self.rows.append([instance, str(nodes), str(spans), str(sites), command,
                          "%.3f" % wall, "%.0f" % peak, lp, cols, ratio])

    def check(self, what, ok, detail):
        self.checks.append((what, ok, detail))

    def markdown(self):
        head = ["instance", "nodes", "spans", "sites", "command", "wall s", "peak MiB",
                "LP rows x cols", "columns", "vs baseline"]
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(r) + " |" for r in self.rows]
        lines.append("")
        lines.append("| target | met | measured |")
        lines.append("|---|---|---|")
        lines += ["| %s | %s | %s |" % (w, "yes" if ok else "**no**", d) for w, ok, d in self.checks]
        return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "fiberplan"))
    ap.add_argument("--work", default=os.path.join(ROOT, "build", "bench"))
    ap.add_argument("--quick", action="store_true", help="smaller series, no 64-site baseline")
    ap.add_argument("--baseline-limit", type=float, default=1800.0,
                    help="seconds the arc-flow baseline may run (then the ratio is a lower bound)")
    ap.add_argument("--baseline-memory", type=float, default=8.0,
                    help="GiB of address space the arc-flow baseline may use")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--jobs-repeat", type=int, default=2,
                    help="runs of each arm of the 750-node sweep (--jobs 1, --jobs 2), interleaved")
    ap.add_argument("--out", default=None, help="also write the table (markdown) here")
    ap.add_argument("--only", choices=("all", "route", "plan", "workload", "phases", "optics"), default="all",
                    help="route: sections 1-7 (routes, modular stargate, parallel, loading, "
                         "scaling); plan: section 8 (planning at continental scale); workload: "
                         "section 9 (several jobs and a background); phases: section 10 (a phased "
                         "build-out); optics: section 11 (the cost model on an unpriced network)")
    a = ap.parse_args()
    fp = os.path.abspath(a.bin)
    os.makedirs(a.work, exist_ok=True)
    t = Table()
    stargate = os.path.join(ROOT, "topologies", "stargate-us.graphml")

    def say(msg):
        print(msg, file=sys.stderr, flush=True)

    if a.only in ("all", "route"):
        route_sections(a, fp, t, say, stargate)
    if a.only in ("all", "plan"):
        plan_table(a, fp, t, say)
    if a.only in ("all", "workload"):
        workload_table(a, fp, t, say)
    if a.only in ("all", "phases"):
        phases_table(a, fp, t, say)
    if a.only in ("all", "optics"):
        optics_table(a, fp, t, say)
    md = t.markdown()
    print(md)
    if a.out:
        with open(a.out, "w") as f:
            f.write(md)
    return 0 if all(ok for _, ok, _ in t.checks) else 1


def route_sections(a, fp, t, say, stargate):
    """Sections 1-7: routes against arc-flow, modular stargate plans, parallel throughput,
    GraphML loading, scaling exponents."""
    # 1. stargate-us route, end to end
    say("stargate-us route ...")
    w, m, rc, out = best_of([fp, "route", stargate, "--json"], a.repeat)
    info = solver_info(out)
    t.add("stargate-us", 35, 46, 9, "route", w, m, info)
    t.check("stargate-us route end to end < 50 ms", rc == 0 and w < 0.05, "%.1f ms" % (w * 1e3))

    # 2. route on continental networks, against the arc-flow baseline
    def route_vs_arcflow(name, path, nodes, spans, sites, extra, baseline=True):
        say("%s route ..." % name)
        w, m, rc, out = run([fp, "route", path, "--json"] + extra)
        info = solver_info(out)
        ratio, base_row = "", None
        if baseline:
            say("%s route --formulation arcflow (baseline, at most %g s) ..." % (name, a.baseline_limit))
            bw, bm, brc, bout = run([fp, "route", path, "--json", "--formulation", "arcflow"] + extra,
                                    timeout=a.baseline_limit, mem_gib=a.baseline_memory)
            binfo = solver_info(bout)
            if brc == 0 and binfo.get("theta") and info.get("theta"):
                same = abs(binfo["theta"] - info["theta"]) <= 1e-6 * max(1.0, abs(binfo["theta"]))
                ratio = "%.1fx%s" % (bw / w, "" if same else " (theta differs!)")
                t.check("%s: same theta as arc-flow to 1e-6" % name, same,
                        "%.9g vs %.9g Gbit/s (T %.6g vs %.6g s)"
                        % (info["theta"], binfo["theta"], info.get("t") or float("nan"),
                           binfo.get("t") or float("nan")))
                base_row = (bw, bm, binfo, "baseline")
            else:
                why = ("out of memory at %g GiB" % a.baseline_memory if brc in (70, -6, -11)
                       and bw < a.baseline_limit else "stopped at %g s" % a.baseline_limit)
                ratio = ">%.1fx (arc-flow %s)" % (bw / w, why) if bw >= a.baseline_limit else \
                    "- (arc-flow %s, exit %d)" % (why, brc)
                base_row = (bw, bm, None, "unfinished: " + why)
        t.add(name, nodes, spans, sites, "route", w, m, info, ratio)
        if base_row is not None:
            t.add(name, nodes, spans, sites, "route --formulation arcflow", *base_row)
        return w, m, rc, info, ratio

    g16 = gen(os.path.join(a.work, "gen-750-900-16.graphml"), 750, 900, 16)
    w, m, rc, info, ratio = route_vs_arcflow("gen-750-900-16", g16, 750, 900, 16, [])
    t.check("750 nodes, 16 sites route < 2 s", rc == 0 and w < 2.0, "%.2f s" % w)
    t.check("750 nodes, 16 sites peak memory < 1 GiB", m < 1024, "%.0f MiB" % m)
    # 64 sites on several networks: one lucky instance must not carry the targets (seed 2
    # once stopped at a 14.8 % gap after 60 s while seed 1 solved in 11 s)
    ratios = []
    for seed in SEEDS_64:
        name = "gen-750-900-64" + ("" if seed == 1 else "-s%d" % seed)
        g64 = gen(os.path.join(a.work, name + ".graphml"), 750, 900, 64, seed)
        w, m, rc, info, ratio = route_vs_arcflow(name, g64, 750, 900, 64, [], baseline=not a.quick)
        t.check("%s route < 30 s, proven optimal" % name,
                rc == 0 and w < 30.0 and info.get("status") == "optimal",
                "%.1f s, %s" % (w, info.get("status")))
        t.check("%s peak memory < 1 GiB" % name, m < 1024, "%.0f MiB" % m)
        ratios.append(ratio)
    if not a.quick:
        # a ratio counts only when the baseline finished with the same theta (a lower bound
        # from a stopped baseline proves the speed, not the equality); the smallest counts
        def value(r):
            v = r.split("x")[0]
            return float(v) if v.replace(".", "", 1).isdigit() and "differs" not in r else 0.0
        t.check("default >= 10x faster than arc-flow at 64 sites, same theta to 1e-6",
                min(value(r) for r in ratios) >= 10, ", ".join(ratios))

    # 3. the largest Topology Zoo networks (16 best-connected nodes as sites)
    if os.path.isdir(SHARED):
        for z in ("GtsCe", "Colt", "Deltacom"):
            path = os.path.join(SHARED, z + ".graphml")
            if not os.path.exists(path):
                continue
            sites = zoo_sites(path, 16)
            root = ET.parse(path).getroot()
            nn = len(root.findall(".//{http://graphml.graphdrawing.org/xmlns}node"))
            ne = len(root.findall(".//{http://graphml.graphdrawing.org/xmlns}edge"))
            route_vs_arcflow("zoo " + z, path, nn, ne, len(sites),
                             ["--sites", ",".join(sites), "--params", "1.8e12",
                              "--default-capacity", "400", "--default-length", "100"])
    else:
        say("../shared/data absent: Topology Zoo rows skipped")

    # 4. modular planning proves optimality
    for budget in ("2e7", "1e8", "2e8", "5e8"):
        say("stargate-us plan --modular --budget %s ..." % budget)
        w, m, rc, out = run([fp, "plan", stargate, "--budget", budget, "--modular", "--json"])
        d = json.loads(out) if rc == 0 else {}
        s = d.get("solver", {})
        plan = d.get("plan", {})
        info = {"rows": s.get("lp_rows"), "cols": s.get("lp_cols"), "columns": s.get("columns")}
        proven = s.get("status") == "optimal" and s.get("mip_proven") is True
        t.add("stargate-us", 35, 46, 9, "plan --modular --budget %s" % budget, w, m, info,
              "%s, %.3g%% below the LP bound" % ("proven optimal" if proven else s.get("status"),
                                                 100 * (plan.get("gap") or 0.0)))
        t.check("plan --modular stargate-us (%s) proves optimality < 60 s" % budget,
                rc == 0 and proven and w < 60, "%.1f s, %s" % (w, s.get("status")))

    # 5. parallel throughput
    # 16 budgets on the 750-node network: tasks of seconds, so fork and merge are noise. The
    # two arms run interleaved (1, 2, 1, 2, ...) and each keeps its best run: the same sweep
    # with --jobs 2 varied from 64 to 78 s on this machine between runs (other tenants of
    # the host), --jobs 1 by under 1 %
    budgets = ",".join(str(int(b)) for b in [0] + [2 ** i * 1e6 for i in range(15)])
    for cmd, args, name, path, shape, reps in (
            ("sweep", ["--budgets", budgets], "gen-750-900-16", g16, (750, 900, 16), a.jobs_repeat),
            ("sweep", ["--budgets", budgets], "stargate-us", stargate, (35, 46, 9), a.repeat),
            ("failures", [], "stargate-us", stargate, (35, 46, 9), a.repeat)):
        best = {}
        for rep in range(reps):
            for jobs in (1, 2):
                say("%s %s --jobs %d (run %d of %d) ..." % (name, cmd, jobs, rep + 1, reps))
                r = run([fp, cmd, path, "--jobs", str(jobs), "--json"] + args)
                if jobs not in best or r[0] < best[jobs][0]:
                    best[jobs] = r
        times = {jobs: best[jobs][0] for jobs in (1, 2)}
        for jobs in (1, 2):
            w, m = best[jobs][0], best[jobs][1]
            label = "%s%s --jobs %d" % (cmd, " (16 budgets)" if cmd == "sweep" else " (spans)", jobs)
            if reps > 1:
                label += " (best of %d)" % reps
            t.add(name, shape[0], shape[1], shape[2], label, w, m, None,
                  "%.2fx" % (times[1] / w) if jobs == 2 else "")
        if cmd == "sweep" and name == "gen-750-900-16":
            t.check("sweep --jobs 2 >= 1.8x --jobs 1 (16 budgets, 750 nodes)",
                    times[1] / times[2] >= 1.8, "%.2fx" % (times[1] / times[2]))

    # 6. GraphML loading, and memory linear in the file
    sizes, mems, walls = [], [], []
    for spans in ((10000, 30000, 100000) if not a.quick else (10000, 30000)):
        nodes = int(spans / 1.2)
        path = gen(os.path.join(a.work, "load-%d.graphml" % spans), nodes, spans, 16)
        say("check (load) %d spans ..." % spans)
        w, m, rc, out = best_of([fp, "check", path], 3)
        mb = os.path.getsize(path) / 1e6
        sizes.append(mb)
        mems.append(m)
        walls.append(w)
        t.add("gen %d spans (%.0f MB)" % (spans, mb), nodes, spans, 16, "check", w, m)
        if spans == 100000:
            t.check("100,000-span GraphML loads < 2 s", rc == 0 and w < 2.0, "%.2f s" % w)
    e = fit_exponent(sizes, mems)
    t.check("GraphML load memory linear in size (exponent <= 1.1)", e <= 1.1,
            "memory ~ size^%.2f, time ~ size^%.2f" % (e, fit_exponent(sizes, walls)))

    # 7. scaling exponents of route (16 sites, spans = 1.2 x nodes; then sites at 750 nodes)
    series = (200, 400, 800, 1600) if not a.quick else (200, 400, 800)
    ws, ms = [], []
    for n in series:
        path = gen(os.path.join(a.work, "scale-n%d.graphml" % n), n, int(1.2 * n), 16)
        say("route %d nodes ..." % n)
        w, m, rc, out = run([fp, "route", path, "--json"])
        ws.append(w)
        ms.append(m)
        t.add("gen-%d-%d-16" % (n, int(1.2 * n)), n, int(1.2 * n), 16, "route", w, m, solver_info(out))
    t.check("route time vs nodes (16 sites): exponent", True,
            "time ~ n^%.2f, memory ~ n^%.2f" % (fit_exponent(series, ws), fit_exponent(series, ms)))
    ks = (4, 8, 16, 32) if not a.quick else (4, 8, 16)
    ws, ms = [], []
    for k in ks:
        path = gen(os.path.join(a.work, "scale-k%d.graphml" % k), 750, 900, k)
        say("route 750 nodes, %d sites ..." % k)
        w, m, rc, out = run([fp, "route", path, "--json"])
        ws.append(w)
        ms.append(m)
        t.add("gen-750-900-%d" % k, 750, 900, k, "route", w, m, solver_info(out))
    t.check("route time vs sites (750 nodes): exponent", True,
            "time ~ k^%.2f, memory ~ k^%.2f" % (fit_exponent(ks, ws), fit_exponent(ks, ms)))



def plan_table(a, fp, t, say):
    """8. Planning (issue "Planning you can trust at continental scale"): on generated
    continental networks, the continuous plan against its arc-flow formulation and the route of
    the same network, modular budget plans under --time-limit 5/10/30/60 s (within the
    deadline, never below today's theta, theta non-decreasing in the limit, the gap to the LP
    bound at 30 s), target plans at the T the budget plan reaches (continuous against the budget
    plan's time, modular against the continuous cost) and survivable plans against the
    unplanned network's worst case."""
    def jrun(argv, timeout=None):
        w, m, rc, out = run(argv, timeout=timeout)
        try:
            d = json.loads(out) if rc == 0 else {}
        except ValueError:
            d = {}
        return w, m, rc, d

    def theta_of(d):
        return (d.get("collective") or {}).get("throughput_gbps") or 0.0

    limits = (5, 10, 30, 60) if not a.quick else (5, 10)
    nets = [("gen-750-900-16-s7", 750, 900, 16, 7, "2e8"),
            ("gen-600-720-24-s3", 600, 720, 24, 3, "1e8"),
            ("gen-200-240-12-s1", 200, 240, 12, 1, "5e7")]
    if a.quick:
        nets = nets[2:]
    for name, nodes, spans, sites, seed, budget in nets:
        path = gen(os.path.join(a.work, name + ".graphml"), nodes, spans, sites, seed)
        shape = (name, nodes, spans, sites)
        say("%s route ..." % name)
        rw, rm, rrc, rd = jrun([fp, "route", path, "--json"])
        theta0 = theta_of(rd)
        t.add(*shape, "route", rw, rm, solver_info(json.dumps(rd)), "theta %.6g" % theta0)

        # continuous budget plan, and its arc-flow formulation
        say("%s plan --budget %s ..." % (name, budget))
        cw, cm, crc, cd = jrun([fp, "plan", path, "--budget", budget, "--json"])
        ctheta, ct = theta_of(cd), (cd.get("collective") or {}).get("allreduce_s")
        t.add(*shape, "plan --budget %s" % budget, cw, cm, solver_info(json.dumps(cd)),
              "theta %.6g, %.1fx route" % (ctheta, cw / rw))
        say("%s plan --budget %s --formulation arcflow (baseline) ..." % (name, budget))
        bw, bm, brc, bd = jrun([fp, "plan", path, "--budget", budget, "--formulation", "arcflow",
                                "--json"], timeout=a.baseline_limit)
        btheta = theta_of(bd)
        same = brc == 0 and abs(btheta - ctheta) <= 1e-6 * max(1.0, ctheta)
        t.add(*shape, "plan --budget %s --formulation arcflow" % budget, bw, bm,
              solver_info(json.dumps(bd)), "%.1fx, theta %.6g" % (bw / cw, btheta))
        t.check("%s continuous plan theta = arc-flow to 1e-6" % name, same,
                "%.9g vs %.9g Gbit/s" % (ctheta, btheta))
        if sites >= 24:
            t.check("%s continuous plan within 10x its route (goal 5x)" % name,
                    crc == 0 and cw <= 10 * rw, "%.2f s vs %.2f s: %.1fx" % (cw, rw, cw / rw))

        # modular budget plans under deadlines
        thetas = []
        for lim in limits:
            say("%s plan --budget %s --modular --time-limit %d ..." % (name, budget, lim))
            w, m, rc, d = jrun([fp, "plan", path, "--budget", budget, "--modular", "--time-limit",
                                str(lim), "--json"], timeout=3 * lim + 60)
            th, plan = theta_of(d), d.get("plan") or {}
            gap = plan.get("gap")
            held = w <= lim + max(1.0, 0.05 * lim)
            thetas.append(th)
            t.add(*shape, "plan --budget %s --modular --time-limit %d" % (budget, lim), w, m,
                  solver_info(json.dumps(d)), "theta %.6g, %.2f%% below the LP bound, %s"
                  % (th, 100 * (gap if gap is not None else float("nan")),
                     "deadline held" if held else "**deadline missed**"))
            t.check("%s modular --time-limit %d: within the deadline + max(1 s, 5 %%), theta >= "
                    "route's, spend <= budget" % (name, lim),
                    rc == 0 and held and th >= theta0 * (1 - 1e-9)
                    and plan.get("cost_usd", 0) <= float(budget) * (1 + 1e-9),
                    "%.1f s, theta %.6g vs route %.6g" % (w, th, theta0))
            if lim == 30:
                t.check("%s modular --time-limit 30 within 2 %% of the LP bound (goal 1 %%)" % name,
                        gap is not None and gap <= 0.02, "%.2f %%" % (100 * (gap or float("nan"))))
        t.check("%s modular theta non-decreasing in --time-limit %s" % (name, "/".join(map(str, limits))),
                all(b >= x * (1 - 1e-9) for x, b in zip(thetas, thetas[1:])),
                ", ".join("%.6g" % x for x in thetas))

        # target plans at the T the continuous budget plan reaches
        if ct:
            target = "%.6g" % (ct * 1.0001)
            say("%s plan --target-time %s ..." % (name, target))
            tw, tm, trc, td = jrun([fp, "plan", path, "--target-time", target, "--json"])
            tcost = (td.get("plan") or {}).get("cost_usd")
            t.add(*shape, "plan --target-time %s" % target, tw, tm, solver_info(json.dumps(td)),
                  "$%.4g, %.1fx the budget plan" % (tcost or float("nan"), tw / cw))
            t.check("%s continuous --target-time within 3x the budget plan reaching it" % name,
                    trc == 0 and tw <= 3 * cw, "%.2f s vs %.2f s" % (tw, cw))
            say("%s plan --target-time %s --modular --time-limit 60 ..." % (name, target))
            mw, mm, mrc, md_ = jrun([fp, "plan", path, "--target-time", target, "--modular",
                                     "--time-limit", "60", "--json"], timeout=240)
            mcost = (md_.get("plan") or {}).get("cost_usd")
            mt = (md_.get("collective") or {}).get("allreduce_s") or float("inf")
            met = mt <= float(target) * (1 + 1e-9)
            t.add(*shape, "plan --target-time %s --modular --time-limit 60" % target, mw, mm,
                  solver_info(json.dumps(md_)), "exit %d, $%.4g, T %.6g s%s"
                  % (mrc, mcost or float("nan"), mt, "" if met else " **misses the target**"))
            # a plan that misses the target is no plan for it, whatever it costs
            t.check("%s modular --target-time finds a plan that meets it, <= 5 %% above the "
                    "continuous cost (goal 2 %%)" % name, mrc == 0 and met and tcost
                    and mcost is not None and mcost <= 1.05 * tcost,
                    "exit %d, T %.6g s, $%.6g vs $%.6g" % (mrc, mt, mcost or 0, tcost or 0))

        # survivable plans against the unplanned network's worst case
        say("%s failures --by srlg ..." % name)
        fw, fm, frc, fd = jrun([fp, "failures", path, "--by", "srlg", "--json"])
        kept = [x["throughput_gbps"] for x in fd.get("failures", []) if not x["disconnected"]]
        worst0 = min(kept) if kept else 0.0
        t.add(*shape, "failures --by srlg", fw, fm, None, "worst %.6g" % worst0)
        say("%s plan --survive srlg --budget %s --time-limit 60 ..." % (name, budget))
        sw, sm, src, sd = jrun([fp, "plan", path, "--survive", "srlg", "--budget", budget,
                                "--time-limit", "60", "--json"], timeout=240)
        worst = ((sd.get("plan") or {}).get("survive") or {}).get("worst_throughput_gbps")
        t.add(*shape, "plan --survive srlg --budget %s --time-limit 60" % budget, sw, sm,
              solver_info(json.dumps(sd)), "worst %.6g" % (worst or float("nan")))
        t.check("%s --survive srlg worst case >= the unplanned network's, within the deadline"
                % name, src == 0 and worst is not None and worst >= worst0 * (1 - 1e-9)
                and sw <= 60 + max(1.0, 0.05 * 60), "%.6g vs %.6g, %.1f s" % (worst or 0, worst0, sw))



def workload_file(topo, path):
    """The issue's workload on a generated network (deterministic): three tree jobs on 16, 8 and
    4 of its datacenters (pretraining on all of them, weight 1; RL on the first 8, 0.25;
    evaluation on the next 4, 0.1; 1.8e12, 405e9 and 70e9 parameters) and a background of 200
    distinct ordered node pairs drawn with seed 7, 50 Gbit/s each (10 Tbit/s in all)."""
    import random
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    graph = ET.parse(topo).getroot().find("g:graph", ns)
    nodes, sites = [], []
    for v in graph.findall("g:node", ns):
        nodes.append(v.get("id"))
        if any(d.get("key") == "type" and d.text == "datacenter" for d in v.findall("g:data", ns)):
            sites.append(v.get("id"))
    rnd, pairs, seen = random.Random(7), [], set()
    while len(pairs) < 200:
        a, b = rnd.sample(nodes, 2)
        if (a, b) not in seen:
            seen.add((a, b))
            pairs.append({"src": a, "dst": b, "gbps": 50})
    wl = {"schema": "fiberplan.workload/1",
          "jobs": [{"name": "pretrain", "sites": sites[:16], "params": 1.8e12, "weight": 1},
                   {"name": "rl", "sites": sites[:8], "params": 4.05e11, "weight": 0.25},
                   {"name": "eval", "sites": sites[8:12], "params": 7e10, "weight": 0.1}],
          "background": pairs}
    with open(path, "w") as f:
        json.dump(wl, f)
    return path


def phases_table(a, fp, t, say):
    """10. Phases (issue 20): on the 750-node, 16-site network of section 9, a build-out of 4
    phases (8, 10, 13 and 16 of its datacenters, $25M each, continuous) against one plan of the
    same network ($25M, 16 sites) in the same run: plan --phases runs with --time-limit 10x that
    plan's wall time (the goal), and the row reports its wall time, status and gap (null when
    the limit cut it short)."""
    name, nodes, spans, sites = "gen-750-900-16-s7", 750, 900, 16
    path = gen(os.path.join(a.work, name + ".graphml"), nodes, spans, sites, 7)
    shape = (name, nodes, spans, sites)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    graph = ET.parse(path).getroot().find("g:graph", ns)
    dcs = [v.get("id") for v in graph.findall("g:node", ns)
           if any(d.get("key") == "type" and d.text == "datacenter" for d in v.findall("g:data", ns))]
    phases = os.path.join(a.work, name + ".phases.json")
    with open(phases, "w") as f:
        json.dump({"schema": "fiberplan.phases/1",
                   "phases": [{"name": "p%d" % (i + 1), "year": 2026 + i, "sites": dcs[:k], "budget_usd": 2.5e7}
                              for i, k in enumerate((8, 10, 13, 16))]}, f)
    say("%s plan --budget 2.5e7 (one phase, 16 sites) ..." % name)
    pw, pm, prc, pout = run([fp, "plan", path, "--budget", "2.5e7", "--json"])
    t.add(*shape, "plan --budget 2.5e7", pw, pm, solver_info(pout))
    limit = max(10.0, 10 * pw)
    say("%s plan --phases (4 phases) --time-limit %.0f ..." % (name, limit))
    w, m, rc, out = run([fp, "plan", path, "--phases", phases, "--json", "--time-limit", "%.0f" % limit])
    try:
        d = json.loads(out)
        status, gap, gain = d["solver"]["status"], d["plan"]["gap"], d["plan"]["joint_gain"]
    except (ValueError, KeyError):
        status, gap, gain = "exit %d" % rc, None, None
    t.add(*shape, "plan --phases (4 phases: 8/10/13/16 sites) --time-limit %.0f" % limit, w, m, None,
          "%s, gap %s, joint gain %s; %.1fx the plan" % (status, "null" if gap is None else "%.3g" % gap,
                                                        "null" if gain is None else "%.6g" % gain, w / pw))
    t.check("%s plan --phases (4 phases, continuous) proven within 10x one plan (goal)" % name,
            rc == 0 and status == "optimal" and w <= 10 * pw,
            "%.1f s vs %.1f s: %.1fx, %s" % (w, pw, w / pw, status))


def workload_table(a, fp, t, say):
    """9. Workloads (issue 21): on the 750-node network of section 8 (gen_topology.py --nodes
    750 --sites 16 --seed 7), three jobs of 16, 8 and 4 sites and a 200-pair background:
    route --workload against the 16-site job's route in the same run (goal: within 3x), both
    the best of --repeat; failures --by srlg --workload against the same number of route
    --workload solves; sweep --workload at $0 and $10M."""
    def winfo(out):
        info = solver_info(out)
        try:
            info["lambda"] = json.loads(out)["workload"]["scale"]
        except (ValueError, KeyError):
            info["lambda"] = None
        return info

    name, nodes, spans, sites = "gen-750-900-16-s7", 750, 900, 16
    path = gen(os.path.join(a.work, name + ".graphml"), nodes, spans, sites, 7)
    wl = workload_file(path, os.path.join(a.work, name + "-workload.json"))
    shape = (name, nodes, spans, sites)
    say("%s route (16 sites, best of %d) ..." % (name, a.repeat))
    rw, rm, rrc, rout = best_of([fp, "route", path, "--json"], a.repeat)
    rinfo = solver_info(rout)
    t.add(*shape, "route (16 sites)", rw, rm, rinfo, "theta %.6g" % (rinfo.get("theta") or 0))
    say("%s route --workload (best of %d) ..." % (name, a.repeat))
    ww, wm, wrc, wout = best_of([fp, "route", path, "--workload", wl, "--json"], a.repeat)
    info = winfo(wout)
    t.add(*shape, "route --workload (3 jobs: 16/8/4 sites, 200 background pairs)", ww, wm, info,
          "%.2fx the route; lambda %.6g" % (ww / rw, info["lambda"] or 0))
    t.check("%s route --workload (3 jobs, 200 background pairs) within 3x the 16-site route (goal)"
            % name, wrc == 0 and ww <= 3 * rw, "%.2f s vs %.2f s: %.2fx, peak %.0f vs %.0f MiB"
            % (ww, rw, ww / rw, wm, rm))
    say("%s failures --by srlg --workload ..." % name)
    fw, fm, frc, fout = run([fp, "failures", path, "--by", "srlg", "--workload", wl, "--json"])
    try:
        n = len(json.loads(fout)["failures"])
    except (ValueError, KeyError):
        n = 0
    t.add(*shape, "failures --by srlg --workload", fw, fm, None,
          "%d scenarios in %.2fx %d route --workload" % (n, fw / (max(n, 1) * ww), n))
    t.check("%s failures --workload: scenario work scales like routes (within 3x the sum of as "
            "many route --workload)" % name, frc == 0 and fw <= 3 * max(n, 1) * ww,
            "%.1f s for %d scenarios vs %.1f s" % (fw, n, n * ww))
    for budgets in ("0", "1e7"):
        say("%s sweep --workload --budgets %s ..." % (name, budgets))
        sw, sm, src, sout = run([fp, "sweep", path, "--workload", wl, "--budgets", budgets, "--json"])
        try:
            lam = json.loads(sout)["frontier"][0]["scale"]
        except (ValueError, KeyError, IndexError):
            lam = float("nan")
        t.add(*shape, "sweep --workload --budgets %s" % budgets, sw, sm, None,
              "exit %d, lambda %.6g" % (src, lam))
    # plan --workload --survive: one plan for every SRLG scenario, under a deadline (its
    # unlimited run is far longer), and stargate-us's sample workload by span, unlimited
    say("%s plan --workload --survive srlg --budget 1e8 --time-limit 20 ..." % name)
    vw, vm, vrc, vout = run([fp, "plan", path, "--workload", wl, "--survive", "srlg", "--budget", "1e8",
                             "--time-limit", "20", "--json"])
    try:
        sv = json.loads(vout)["plan"]["survive"]
        worst, n = sv["worst_throughput_gbps"], len(sv["scenarios"])
    except (ValueError, KeyError, TypeError):
        worst, n = float("nan"), 0
    t.add(*shape, "plan --workload --survive srlg --budget 1e8 --time-limit 20", vw, vm, None,
          "exit %d, %d scenarios, worst lambda %.6g" % (vrc, n, worst))
    t.check("%s plan --workload --survive --time-limit 20 ends within 21 s" % name,
            vrc == 0 and vw <= 21.0, "%.1f s" % vw)
    sg = os.path.join(ROOT, "topologies", "stargate-us.graphml")
    say("stargate-us plan --workload --survive span --budget 5e8 ...")
    gw, gm, grc, gout = run([fp, "plan", sg, "--workload", os.path.join(ROOT, "topologies", "stargate-us-workload.json"),
                             "--survive", "span", "--budget", "5e8", "--json"])
    try:
        worst = json.loads(gout)["plan"]["survive"]["worst_throughput_gbps"]
    except (ValueError, KeyError, TypeError):
        worst = float("nan")
    t.add("stargate-us", 28, 43, 9, "plan --workload --survive span --budget 5e8", gw, gm, None,
          "exit %d, worst lambda %.6g" % (grc, worst))


def optics_table(a, fp, t, say):
    """11. The cost model (issue 19): a network the size of the Topology Zoo's Kdl (754 nodes,
    895 spans) as a Zoo file has it, capacities only (gen_topology.py --bare, 16 sites, seed 5):
    `plan --cost-model default --budget 1e8 --modular --time-limit 30` must spend money, raise
    theta and return within 30 + 1.5 s; the continuous plan for comparison; and the pair columns'
    cost on the priced 750-node network of section 8 (continuous budget plan with and without the
    model)."""
    name, nodes, spans, sites = "kdl-like-754-895-16-s5", 754, 895, 16
    path = os.path.join(a.work, name + ".graphml")
    if not os.path.exists(path):
        with open(path, "w") as f:
            subprocess.run([sys.executable, os.path.join(HERE, "gen_topology.py"), "--nodes", str(nodes),
                            "--spans", str(spans), "--sites", str(sites), "--seed", "5", "--bare"],
                           stdout=f, check=True)
    shape = (name, nodes, spans, sites)
    for extra, limit in ((["--modular", "--time-limit", "30"], 30.0), ([], None)):
        say("%s plan --cost-model default --budget 1e8 %s ..." % (name, " ".join(extra)))
        w, m, rc, out = run([fp, "plan", path, "--cost-model", "default", "--budget", "1e8", "--json"] + extra)
        try:
            d = json.loads(out)
            cost, before = d["plan"]["cost_usd"], d["plan"]["before"]["throughput_gbps"]
            theta, pairs = d["collective"]["throughput_gbps"], sum(u["optics"]["pairs_lit"] for u in d["plan"]["upgrades"])
        except (ValueError, KeyError, TypeError):
            cost, before, theta, pairs = 0.0, 0.0, 0.0, 0.0
        what = "plan --cost-model default --budget 1e8 " + " ".join(extra)
        t.add(*shape, what, w, m, solver_info(out), "$%.4g spent, %.4g pairs lit, theta %.6g -> %.6g"
              % (cost, pairs, before, theta))
        if limit is not None:
            t.check("%s %s: spends, raises theta, within 30 + 1.5 s" % (name, what),
                    rc == 0 and 0 < cost <= 1e8 and theta > before and w <= limit + max(1.0, 0.05 * limit),
                    "exit %d, $%.4g, theta %.6g -> %.6g, %.1f s" % (rc, cost, before, theta, w))
    name, nodes, spans, sites = "gen-750-900-16-s7", 750, 900, 16
    path = gen(os.path.join(a.work, name + ".graphml"), nodes, spans, sites, 7)
    shape = (name, nodes, spans, sites)
    walls = []
    for model in ([], ["--cost-model", "default"]):
        say("%s plan --budget 1e8 %s ..." % (name, " ".join(model)))
        w, m, rc, out = run([fp, "plan", path, "--budget", "1e8", "--json"] + model)
        walls.append(w)
        t.add(*shape, "plan --budget 1e8 " + " ".join(model), w, m, solver_info(out),
              "%.2fx without the model" % (w / walls[0]))


if __name__ == "__main__":
    sys.exit(main())
