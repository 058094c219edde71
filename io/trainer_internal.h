/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: what io/trainer.c and io/trainer_json.c share. */
#ifndef FP_IO_TRAINER_INTERNAL_H
#define FP_IO_TRAINER_INTERNAL_H

#include "core/job.h"
#include "core/result.h"

/* Parent of each site (job index) in tree t rooted at t->root, -1 at the root and at a site
 * the tree misses: the edges swept until nothing joins. Owned: free(). */
igraph_integer_t *fp_trainer_tree_parents(const struct fp_job *job, const struct fp_tree *t);

/* The tree the ranks follow: the largest rate, the first of equals (within 1e-9). */
igraph_integer_t fp_trainer_layout_tree(const struct fp_route *r);

/* The power of two (bytes) at least x, within [4 MiB, 1 GiB] (NCCL_BUFFSIZE). */
double fp_trainer_pow2_buffer(double x);

#endif
