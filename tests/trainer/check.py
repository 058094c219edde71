#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks one trainer configuration (tests/trainer/run.sh): the schema, then every number the
schema cannot check, recomputed here independently of fiberplan (docs/trainer-config.md), then
what the KEY=VALUE arguments ask for.

usage: check.py TRAINER.json [algorithm=A] [compute=C] [utilization=U] [replica=N] [ranks=a,b]
                [hand=fairwater|stargate] [failures=FAILURES.json] [workload=RESULT.json job=NAME]
                [wlfailures=FAILURES.json job=NAME order=CONFIG.json]
                [same=TRAINER.json] [twin=TRAINER.json]
"""
import json
import math
import sys

import jsonschema

MIB, MIN_BUF, MAX_BUF, CAP = 2**20, 4 * 2**20, 2**30, 2**31


def close(a, b, tol=1e-9):
    assert a is not None and abs(a - b) <= tol * max(1.0, abs(b)), (a, b)


def pow2(x):
    p = MIN_BUF
    while p < x and p < MAX_BUF:
        p *= 2
    return p


def smallest(u, target):
    """Smallest H >= 1 with u(H) >= target, counted up one at a time."""
    h = 1
    while u(h) < target * (1 - 1e-12):
        h += 1
        assert h < 10**7
    return h


def check_ranks(cfg):
    ids = [s["id"] for s in cfg["sites"]]
    assert [s["rank"] for s in cfg["sites"]] == list(range(len(ids)))
    assert cfg["rank_order"]["sites"] == ids == [s["id"] for s in cfg["mesh"]["sites"]]
    sched = cfg["schedule"]
    if "ring_order" in sched:
        assert sched["ring_order"] == ids, (sched["ring_order"], ids)     # NCCL's ring follows it
    if "trees" in sched:
        assert abs(sum(t["chunk_fraction"] for t in sched["trees"]) - 1) < 1e-9
        for t in sched["trees"]:
            assert set(t["parents"]) == set(ids) and list(t["parents"].values()).count(None) == 1
            assert t["parents"][t["root"]] is None
        # depth-first preorder of the layout tree: the root first, and each site's parent is on
        # the path from the root to the site before it
        par = sched["trees"][cfg["rank_order"]["tree"]]["parents"]
        assert par[ids[0]] is None
        for prev, cur in zip(ids, ids[1:]):
            path, v = set(), prev
            while v is not None:
                path.add(v)
                v = par[v]
            assert par[cur] in path, (cur, par[cur], prev)


def check_mesh(cfg):
    m, d = cfg["mesh"], cfg["mesh"]["degrees"]
    rg = d["pp"] * d["dp_shard"] * d["tp"]
    assert m["replica_gpus"] == rg == m["cross_site_groups"] and d["dp_shard"] % d["ep"] == 0
    first = replicas = 0
    for s, site in zip(m["sites"], cfg["sites"]):
        assert s["gpus"] == site["gpus"] and s["gpus"] % rg == 0 and s["replicas"] == s["gpus"] // rg
        assert s["first_rank"] == first and s["first_replica"] == replicas
        first += s["gpus"]
        replicas += s["replicas"]
    assert m["world_size"] == first == cfg["device_mesh"]["world_size"] and m["dp_replicate"] == replicas
    assert math.prod(m["mesh_shape"]) == first and m["mesh_shape"][0] == replicas
    assert m["cross_site_group_0"] == [s["first_rank"] for s in m["sites"]]
    assert m["init_device_mesh_call"] == 'init_device_mesh("cuda", (%s), mesh_dim_names=(%s))' % (
        ", ".join(map(str, m["mesh_shape"])), ", ".join('"%s"' % n for n in m["mesh_dim_names"]))


def pairs_of(cfg, paths):
    """Per ordered site pair: gbps, paths, RTT, BDP summed over its paths."""
    out = {}
    for p in paths:
        q = out.setdefault((p["source"], p["target"]), [0.0, 0, 0.0, math.inf, 0.0])
        q[0] += p["gbps"]
        q[1] += 1
        q[2] = max(q[2], p["rtt_s"])
        q[3] = min(q[3], p["rtt_s"])
        q[4] += p["gbps"] * 1e9 / 8 * p["rtt_s"]
    return out


def check_pairs(cfg, pairs, paths, groups):
    want = pairs_of(cfg, paths)
    rank = {s["id"]: s["rank"] for s in cfg["sites"]}
    assert [(p["source"], p["target"]) for p in pairs] == sorted(want, key=lambda k: (rank[k[0]], rank[k[1]]))
    channels = min(32, max(1, math.ceil(max([q[1] for q in want.values()] + [1]) / groups)))
    for p in pairs:
        g, n, rtt, mrtt, bdp = want[(p["source"], p["target"])]
        close(p["gbps"], g)
        close(p["rtt_s"], rtt)
        close(p["min_rtt_s"], mrtt)
        close(p["bdp_bytes"], bdp)
        assert p["paths"] == n and p["connections"] == groups * channels
        close(p["buffer_need_bytes"], bdp / (groups * channels))
        assert p["buffer_bytes"] == pow2(p["buffer_need_bytes"])
    return channels


def check_nccl(cfg):
    nc, hints, coll = cfg["nccl"], cfg["nccl_hints"], cfg["collective"]
    channels = check_pairs(cfg, cfg["pairs"], cfg["paths"], nc["cross_site_groups"])
    need = max([p["buffer_need_bytes"] for p in cfg["pairs"]] + [0])
    nb = {}
    for p in cfg["pairs"]:
        nb.setdefault(p["source"], set()).add(p["target"])
        nb.setdefault(p["target"], set()).add(p["source"])
    peers = max(len(v) for v in nb.values())
    assert hints["NCCL_ALGO"] == "Ring" and hints["NCCL_MIN_NCHANNELS"] == nc["channels"] == channels
    assert nc["executor"] == ("nccl_ring" if coll["algorithm"] == "ring" else "consumer")
    close(nc["buffer_need_bytes"], need)
    assert hints["NCCL_BUFFSIZE"] == nc["buffer_bytes"] == pow2(need) and nc["peers"] == peers
    assert nc["memory_per_rank_bytes"] == channels * 2 * peers * nc["buffer_bytes"]
    warned = [w for w in cfg["warnings"] if "cap" in w], [w for w in cfg["warnings"] if "bound" in w]
    assert bool(warned[0]) == (nc["memory_per_rank_bytes"] > CAP) and bool(warned[1]) == (need > MAX_BUF)
    # the bucket: whole MiB, 9 T_lat of the rank's theta / G, at most S / G
    rate = coll["throughput_gbps"] / nc["cross_site_groups"] * 1e9 / 8
    bucket = max(MIB, math.ceil(9 * coll["latency_s"] * rate / MIB - 1e-9) * MIB)
    bucket = min(bucket, max(MIB, math.ceil(cfg["job"]["gradient_bytes"] / nc["cross_site_groups"] / MIB) * MIB))
    assert nc["bucket_bytes"] == bucket, (nc["bucket_bytes"], bucket)


def check_step(st, t, c, u):
    close(st["allreduce_s"], t)
    if c is None:
        assert st["compute_time_s"] is None and st["sync_interval"] is None
        return
    close(st["compute_time_s"], c)
    close(st["exposed_comm_s"], max(0.0, t - c), 1e-12)
    close(st["utilization"], c / max(c, t))
    assert st["full_overlap_interval"] == max(1, math.ceil(t / c - 1e-12))
    if u is not None:
        h = smallest(lambda h: h * c / max(h * c, t), u)
        assert st["sync_interval"] == h, (st["sync_interval"], h)
        close(st["sync_utilization"], h * c / max(h * c, t))
        hb = smallest(lambda h: h * c / (h * c + t), u) if u < 1 else None
        assert st["blocking_sync_interval"] == hb, (st["blocking_sync_interval"], hb)


def check_core(cfg, args):
    c = cfg["collective"]
    assert abs(c["predicted_allreduce_s"] - c["bandwidth_s"] - c["latency_s"]) < 1e-9
    # T_bw = 8 S / (theta 1e9) (MODEL.md "Units")
    assert abs(c["bandwidth_s"] - 8 * cfg["job"]["gradient_bytes"] / (c["throughput_gbps"] * 1e9)) < 1e-9
    for p in cfg["paths"]:
        assert abs(p["bdp_bytes"] - p["gbps"] * 1e9 / 8 * p["rtt_s"]) <= 1e-6 * max(1, p["bdp_bytes"])
    comp, util = cfg["job"]["compute_time_s"], cfg["step_model"]["target_utilization"]
    if "compute" in args:
        close(comp, float(args["compute"]))
    if "utilization" in args:
        close(util, float(args["utilization"]))
    check_step(cfg["step_model"], c["predicted_allreduce_s"], comp, util)
    ov = cfg["overlap"]
    if comp is not None:
        assert ov["sync_interval_min"] == max(1, math.ceil(c["predicted_allreduce_s"] / comp - 1e-12))
        assert abs(ov["exposed_comm_s"] - max(0.0, c["predicted_allreduce_s"] - comp)) < 1e-9
    return comp, util


def hand(cfg, which):
    st, nc, hints = cfg["step_model"], cfg["nccl"], cfg["nccl_hints"]
    pair = {(p["source"], p["target"]): p for p in cfg["pairs"]}
    if which == "fairwater":
        close(cfg["collective"]["predicted_allreduce_s"], 0.57675)
        assert st["sync_interval"] == 11 and st["blocking_sync_interval"] == 104
        close(st["exposed_comm_s"], 0.52675)
        close(st["sync_exposed_s"], 0.02675)
        p = pair[("mt_pleasant", "fairwater_atl")]
        close(p["bdp_bytes"], 9.07872e10)
        assert p["connections"] == 15000 and cfg["mesh"]["dp_replicate"] == 41
        close(p["buffer_need_bytes"], 6052480)
        assert hints["NCCL_BUFFSIZE"] == 8 * MIB
    else:
        close(cfg["collective"]["predicted_allreduce_s"], 1.539663)
        assert st["sync_interval"] == 3 and st["blocking_sync_interval"] == 59
        close(st["sync_utilization"], 1.5 / 1.539663)
        p = pair[("abilene", "fairwater_atl")]
        close(p["bdp_bytes"], 1.920408e10)
        close(p["buffer_need_bytes"], 96020400)
        assert p["connections"] == 200 and nc["buffer_need_pair"] == ["abilene", "fairwater_atl"]
        assert hints["NCCL_BUFFSIZE"] == 134217728 and nc["peers"] == 6
        assert nc["memory_per_rank_bytes"] == 1610612736 and cfg["warnings"] == []


def check_fallbacks(cfg, path, comp, util):
    fails = {f["label"]: f for f in json.load(open(path))["failures"]}
    fb = cfg["fallbacks"]["scenarios"]
    assert sorted(f["label"] for f in fb) == sorted(fails) and len(fb) > 0
    coll, groups = cfg["collective"], cfg["nccl"]["cross_site_groups"]
    for f in fb:
        want = fails[f["label"]]
        assert f["disconnected"] == want["disconnected"] and f["failed"] == want["failed"]
        close(f["throughput_gbps"], want["throughput_gbps"], 1e-6)
        if f["disconnected"]:
            assert f["schedule"] is None and f["pairs"] == [] and sorted(f["cut_off"]) == sorted(want["cut_off"])
            continue
        if f["kept"]:
            assert f["schedule"] == cfg["schedule"] and f["pairs"] == cfg["pairs"]
            close(f["throughput_gbps"], coll["throughput_gbps"])
        paths_on = [p for p in cfg["paths"] if not set(p["spans"]) & set(f["failed"])]
        assert f["kept"] == (len(paths_on) == len(cfg["paths"]))
        if "ring_order" in f["schedule"]:
            assert f["schedule"]["ring_order"] == cfg["rank_order"]["sites"]   # the layout holds
        if "trees" in f["schedule"]:
            assert abs(sum(t["chunk_fraction"] for t in f["schedule"]["trees"]) - 1) < 1e-9
        if comp is not None and util is not None:
            t, c = f["predicted_allreduce_s"], comp
            assert f["sync_interval"] == smallest(lambda h: h * c / max(h * c, t), util)
        assert f["nccl"]["buffer_bytes"] == pow2(max(p["buffer_need_bytes"] for p in f["pairs"]))
        assert all(p["connections"] == groups * f["nccl"]["channels"] for p in f["pairs"])


def check_wl_fallbacks(cfg, path, job, order, comp, util):
    """A workload job's fallbacks: one per span scenario of `failures --workload` (PATH), in file
    order (ORDER: a single job's fallbacks, file order), each with that scenario's theta_j, T_j,
    lambda and background share."""
    fails = {f["label"]: f for f in json.load(open(path))["failures"]}
    fb = cfg["fallbacks"]["scenarios"]
    assert [f["label"] for f in fb] == [f["label"] for f in json.load(open(order))["fallbacks"]["scenarios"]]
    assert sorted(f["label"] for f in fb) == sorted(fails) and len(fb) > 0
    groups = cfg["nccl"]["cross_site_groups"]
    for f in fb:
        sc = fails[f["label"]]
        want = next(j for j in sc["jobs"] if j["name"] == job)
        assert f["disconnected"] == want["disconnected"] and f["failed"] == sc["failed"], f["label"]
        close(f["throughput_gbps"], want["throughput_gbps"], 1e-6)
        close(f["scale_gbps"], sc["scale"], 1e-6)
        if f["disconnected"]:
            assert f["schedule"] is None and f["pairs"] == [] and sorted(f["cut_off"]) == sorted(want["cut_off"])
            continue
        close(f["predicted_allreduce_s"], want["allreduce_s"], 1e-6)
        close(f["background_share"], sc["background"]["share"], 1e-9)
        close(f["throughput_gbps"], f["scale_gbps"] * want["weight"])
        if f["kept"]:
            assert f["schedule"] == cfg["schedule"] and f["pairs"] == cfg["pairs"]
            close(f["throughput_gbps"], cfg["collective"]["throughput_gbps"])
        else:   # the job's share of the scenario's schedule: none of it on the failed span
            assert not any(set(p["spans"]) & set(f["failed"]) for p in want["paths"]), f["label"]
        if "trees" in f["schedule"]:
            assert abs(sum(t["chunk_fraction"] for t in f["schedule"]["trees"]) - 1) < 1e-9
            close(sum(t["rate_gbps"] for t in f["schedule"]["trees"]), f["throughput_gbps"], 1e-6)
        if comp is not None and util is not None:
            t, c = f["predicted_allreduce_s"], comp
            assert f["sync_interval"] == smallest(lambda h: h * c / max(h * c, t), util)
        assert f["nccl"]["buffer_bytes"] == pow2(max(p["buffer_need_bytes"] for p in f["pairs"]))
        assert all(p["connections"] == groups * f["nccl"]["channels"] for p in f["pairs"])
    return sum(not f["kept"] and not f["disconnected"] for f in fb)


def same(a, b, where):
    """Equal, numbers to 1e-9 relative (tests/tools/jsoncmp's rule)."""
    if isinstance(a, dict):
        assert isinstance(b, dict) and list(a) == list(b), where
        for k in a:
            same(a[k], b[k], where + "." + k)
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, "%s[%d]" % (where, i))
    elif isinstance(a, float) or isinstance(b, float):
        assert abs(a - b) <= 1e-9 * max(1.0, abs(b)), (where, a, b)
    else:
        assert a == b, (where, a, b)


def main(argv):
    cfg = json.load(open(argv[1]))
    args = dict(a.split("=", 1) for a in argv[2:])
    jsonschema.validate(cfg, json.load(open("docs/trainer-config.schema.json")))
    if "algorithm" in args:
        assert cfg["collective"]["algorithm"] == args["algorithm"]
    comp, util = check_core(cfg, args)
    check_ranks(cfg)
    check_mesh(cfg)
    check_nccl(cfg)
    if "replica" in args:
        assert cfg["mesh"]["replica_gpus"] == int(args["replica"])
    if "ranks" in args:
        assert cfg["rank_order"]["sites"] == args["ranks"].split(","), cfg["rank_order"]["sites"]
    if "hand" in args:
        hand(cfg, args["hand"])
    if "failures" in args:
        check_fallbacks(cfg, args["failures"], comp, util)
    if "workload" in args:
        job = next(j for j in json.load(open(args["workload"]))["jobs"] if j["name"] == args["job"])
        assert cfg["job"]["name"] == args["job"] and sorted(job["sites"]) == sorted(cfg["rank_order"]["sites"])
        close(cfg["collective"]["throughput_gbps"], job["throughput_gbps"])
        close(cfg["collective"]["predicted_allreduce_s"], job["allreduce_s"])
    if "wlfailures" in args:
        assert check_wl_fallbacks(cfg, args["wlfailures"], args["job"], args["order"], comp, util) > 0
    if "same" in args:
        other = json.load(open(args["same"]))
        del cfg["job"]["name"]
        for f in cfg.get("fallbacks", {}).get("scenarios", []):   # a workload's: lambda = theta / 1
            close(f.pop("scale_gbps"), f["throughput_gbps"])
            assert f.pop("background_share") == 1   # no background
        same(cfg, other, "")
    if "twin" in args:   # another command's file for the same job on the same network: all of it
        same(cfg, json.load(open(args["twin"])), "")


if __name__ == "__main__":
    main(sys.argv)
