#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reads a fiberplan trainer configuration (schema fiberplan.trainer/1, written by
`fiberplan route --trainer-config FILE`) and prints the torch.distributed layout it implies:
the device mesh over every GPU (dp_replicate x pp x dp_shard x tp, one model replica per
dp_replicate index, each site holding whole replicas), each site's global rank range, the
groups the cross-site all-reduce runs on (a site's replicas first, then one rank per site), the
cross-site schedule, the step-time model and the NCCL environment, and the torch code that sets
it up. Standard library only; nothing is initialised: the output is what a launcher would do.

usage: trainer_mesh.py TRAINER.json
"""
import json
import sys


def groups(cfg):
    """The two kinds of group of position q (0 <= q < replica_gpus) in a replica."""
    mesh = cfg["mesh"]
    rg = mesh["replica_gpus"]
    print("\ngroups of position q (0 <= q < %d, the rank's place in its replica)" % rg)
    for s in mesh["sites"]:
        print("  site      %-16s ranks %d + i * %d + q, i < %d (its replicas, reduced first)"
              % (s["id"], s["first_rank"], rg, s["replicas"]))
    print("  cross     first_rank[site] + q, sites in rank order (%d groups); q = 0: %s"
          % (mesh["cross_site_groups"], mesh["cross_site_group_0"]))


def schedule(cfg):
    coll, sched = cfg["collective"], cfg["schedule"]
    print("\ncross-site all-reduce: %s, theta %.0f Gbit/s, T %.4g s (T_bw %.4g s + T_lat %.4g s), bound %s"
          % (coll["algorithm"], coll["throughput_gbps"], coll["predicted_allreduce_s"], coll["bandwidth_s"],
             coll["latency_s"], coll["lower_bound_s"]))
    if coll["algorithm"] == "tree":
        for i, t in enumerate(sched["trees"]):
            print("  tree %d: %.1f%% of the gradient, root %s, reduce along %s"
                  % (i, 100 * t["chunk_fraction"], t["root"],
                     ", ".join("%s->%s" % (c, p) for c, p in sorted(t["parents"].items()) if p is not None)))
    elif coll["algorithm"] == "ring":
        print("  two rings, half the data each, order %s (= rank order: %s)"
              % (" -> ".join(sched["ring_order"]), sched["ring_order"] == cfg["rank_order"]["sites"]))
    else:
        print("  direct: each site reduces a shard of %.4g of the gradient" % sched["shard_fraction"])
    print("  %s" % cfg["nccl"]["how"])


def step(cfg):
    st = cfg["step_model"]
    if st["compute_time_s"] is None:
        print("\nstep          no compute time: give --compute-time for the step-time model")
        return
    print("\nstep          compute %.4g s, all-reduce %.4g s: %.4g s exposed, utilisation %.4g%%"
          % (st["compute_time_s"], st["allreduce_s"], st["exposed_comm_s"], 100 * st["utilization"]))
    if st["sync_interval"] is not None:
        print("sync          DiLoCo H = %d for utilisation >= %.4g%% (%.4g%%); not overlapped: H = %s"
              % (st["sync_interval"], 100 * st["target_utilization"], 100 * st["sync_utilization"],
                 st["blocking_sync_interval"]))


def torch_code(cfg):
    mesh = cfg["mesh"]
    print("\ntorch")
    print("  from torch.distributed.device_mesh import init_device_mesh")
    print("  mesh = %s" % mesh["init_device_mesh_call"])
    if "flatten" in mesh:
        print("  mesh[(\"dp_shard_mod_ep\", \"ep\")]._flatten(\"dp_shard\")")
    print("  q = rank %% %d; site = the last s with first_rank[s] <= rank" % mesh["replica_gpus"])
    print("  site_group = new_group([first_rank[site] + i * %d + q for i in range(replicas[site])])"
          % mesh["replica_gpus"])
    print("  cross_group = new_group([first_rank[s] + q for s in sites])   # rank order")


def main(path):
    with open(path) as f:
        cfg = json.load(f)
    if cfg.get("schema") != "fiberplan.trainer/1":
        sys.exit("%s: not a fiberplan trainer configuration (schema fiberplan.trainer/1)" % path)
    mesh, sites = cfg["mesh"], cfg["sites"]
    assert [s["id"] for s in sites] == cfg["rank_order"]["sites"] == [s["id"] for s in mesh["sites"]]
    print("topology      %s: %d sites, world size %d" % (cfg["topology"], len(sites), mesh["world_size"]))
    d = mesh["degrees"]
    print("mesh          %s: dp_shard %d, tp %d, pp %d, ep %d: a replica is %d GPUs, %d replicas"
          % (mesh["source"], d["dp_shard"], d["tp"], d["pp"], d["ep"], mesh["replica_gpus"], mesh["dp_replicate"]))
    print("  %s" % mesh["init_device_mesh_call"])
    print("\nsites (rank order, following the %s) and their global ranks" % cfg["rank_order"]["follows"])
    for s in mesh["sites"]:
        print("  %-3d %-18s ranks %d-%d (%d GPUs, %d replicas)"
              % (s["rank"], s["id"], s["first_rank"], s["first_rank"] + s["gpus"] - 1, s["gpus"], s["replicas"]))
    groups(cfg)
    schedule(cfg)
    step(cfg)
    print("\nsite pairs (per connection: BDP / %d connections)" % cfg["nccl"]["connections_per_pair"])
    for p in cfg["pairs"]:
        print("  %-16s -> %-16s %9.0f Gbit/s  RTT %.3g ms  buffer %d MiB"
              % (p["source"], p["target"], p["gbps"], 1e3 * p["rtt_s"], p["buffer_bytes"] // 2**20))
    print("\nenvironment")
    for k, v in sorted(cfg["nccl_hints"].items()):
        print("  export %s=%s" % (k, v))
    print("  gradient bucket %d MiB per rank" % (cfg["nccl"]["bucket_bytes"] // 2**20))
    for w in cfg["warnings"]:
        print("warning: %s" % w)
    torch_code(cfg)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().splitlines()[-1])
    main(sys.argv[1])
