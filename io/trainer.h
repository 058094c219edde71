/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the trainer configuration, schema "fiberplan.trainer/1" (docs/trainer-config.md). */
#ifndef FP_IO_TRAINER_H
#define FP_IO_TRAINER_H

#include "core/error.h"
#include "core/job.h"
#include "core/result.h"
#include "core/topo.h"

/* The configuration a trainer needs for the routed collective r: sites in rank order with
 * their GPUs, the HSDP device mesh (replicate across sites x shard within a site), the
 * cross-site schedule (trees with chunk fractions and parent links, or the ring order),
 * predicted all-reduce seconds, exposed communication and the smallest sync interval H
 * for job->compute_time, every cross-site path with its bandwidth-delay product, and
 * NCCL-style hints. bound may be NULL. Returns JSON text; owned: free(). */
/* Whether job's sites can make a trainer configuration: each needs gpus > 0 (the device mesh
 * has one rank per GPU). FP_EDATA naming the topology, the first such node's line and every
 * site without GPUs (id and label), else FP_OK. */
int fp_trainer_check(const struct fp_topo *topo, const struct fp_job *job, struct fp_error *err);

char *fp_trainer_dumps(const struct fp_topo *topo, const struct fp_job *job,
                       const struct fp_route *r, const struct fp_bound *bound);

#endif
