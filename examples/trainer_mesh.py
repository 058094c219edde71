#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reads a fiberplan trainer configuration (schema fiberplan.trainer/1, written by
`fiberplan route --trainer-config FILE`) and prints the torch.distributed layout it implies:
the HSDP device mesh (replicate across sites x shard within a site), each site's global rank
range, the process groups (one shard group per site, one replicate group per shard index),
the cross-site schedule, and the NCCL environment. Standard library only; nothing is
initialised: the output is what a launcher would set up.

usage: trainer_mesh.py TRAINER.json
"""
import json
import sys


def main(path):
    with open(path) as f:
        cfg = json.load(f)
    if cfg.get("schema") != "fiberplan.trainer/1":
        sys.exit("%s: not a fiberplan trainer configuration (schema fiberplan.trainer/1)" % path)
    mesh, sites, coll = cfg["device_mesh"], cfg["sites"], cfg["collective"]
    shards = mesh["shard_per_site"]
    print("topology      %s: %d sites, world size %d" % (cfg["topology"], len(sites), mesh["world_size"]))
    assert sum(shards) == mesh["world_size"] and len(shards) == mesh["replicate"] == len(sites)

    # global ranks: site by site in rank order, each site's GPUs contiguous
    first, offsets = 0, []
    print("\nsites (rank order) and their global ranks")
    for site, n in zip(sites, shards):
        offsets.append(first)
        print("  %-3d %-18s ranks %d-%d (%d GPUs)" % (site["rank"], site["id"], first, first + n - 1, n))
        first += n

    print("\ndevice mesh   dims %s" % (tuple(mesh["mesh_dim_names"]),))
    if mesh["uniform_shard"] is not None:
        print("  init_device_mesh(\"cuda\", (%d, %d), mesh_dim_names=(\"replicate\", \"shard\"))"
              % (mesh["replicate"], mesh["uniform_shard"]))
    else:
        print("  sites differ in size (%d to %d GPUs): no uniform DeviceMesh; build the groups below"
              % (min(shards), max(shards)))

    print("\nprocess groups")
    for site, n, off in zip(sites, shards, offsets):
        print("  shard     %-18s new_group(range(%d, %d))" % (site["id"], off, off + n))
    common = min(shards)
    print("  replicate %d groups, one per shard index j < %d: new_group([%s])"
          % (common, common, ", ".join("%d + j" % off for off in offsets)))
    for j in range(min(common, 2)):
        print("    j = %d: %s" % (j, [off + j for off in offsets]))
    if max(shards) > common:
        print("  shard indices >= %d exist only at the larger sites: their gradients reach the other sites"
              " through the replicate group of index j mod %d" % (common, common))

    print("\ncross-site all-reduce: %s, theta %.0f Gbit/s, T %.4g s (T_bw %.4g s + T_lat %.4g s), bound %.4g s"
          % (coll["algorithm"], coll["throughput_gbps"], coll["predicted_allreduce_s"], coll["bandwidth_s"],
             coll["latency_s"], coll["lower_bound_s"]))
    sched = cfg["schedule"]
    if coll["algorithm"] == "tree":
        for i, t in enumerate(sched["trees"]):
            print("  tree %d: %.1f%% of the gradient, root %s, reduce along %s"
                  % (i, 100 * t["chunk_fraction"], t["root"],
                     ", ".join("%s->%s" % (c, p) for c, p in sorted(t["parents"].items()) if p is not None)))
    elif coll["algorithm"] == "ring":
        print("  two rings, half the data each, order %s" % " -> ".join(sched["ring_order"]))
    else:
        print("  direct: each site reduces a shard of %.4g of the gradient" % sched["shard_fraction"])

    ov = cfg["overlap"]
    if ov.get("compute_time_s") is not None:
        print("overlap       compute %.4g s per step: %.4g s of the all-reduce exposed; sync every %d step(s)"
              " to hide it" % (ov["compute_time_s"], ov["exposed_comm_s"], ov["sync_interval_min"]))
    print("\nenvironment")
    for k, v in sorted(cfg["nccl_hints"].items()):
        print("  export %s=%s" % (k, v))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().splitlines()[-1])
    main(sys.argv[1])
