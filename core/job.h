/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the training job: model size, gradient bytes, participating sites (MODEL.md "Demand"). */
#ifndef FP_CORE_JOB_H
#define FP_CORE_JOB_H

#include <igraph.h>

#include "core/error.h"
#include "core/topo.h"

/* Absurd above this many parameters (1e16): a typo, not a model. */
#define FP_MAX_PARAMS 1e16

/* What one source (flags, a --job file) says of the job; NAN / NULL when it says nothing. */
struct fp_job_spec {
    double params;            /* model parameters */
    double grad_bytes;        /* bytes per gradient element */
    double compute_time;      /* seconds of compute per training step */
    const char *sites;        /* comma-separated node ids or labels; borrowed */
    const char *const *site_names;  /* or the names one by one (a label may hold a comma);
                                       borrowed; wins over sites when not NULL */
    igraph_integer_t n_site_names;
    const char *origin;       /* for messages: NULL for flags, else the job file's path */
};

/* The resolved job. */
struct fp_job {
    double params, grad_bytes;
    double gradient_bytes;    /* S = params x grad_bytes (MODEL.md "Demand") */
    double compute_time;      /* NAN when unknown */
    igraph_integer_t *sites;  /* owned: participant vertices P, in the order given */
    igraph_integer_t n_sites; /* k >= 2 */
    bool sites_given;         /* from --sites / the job file, not the datacenter default */
};

void fp_job_spec_init(struct fp_job_spec *spec);

/* Resolves the job: each key from flags, else file, else the topology's graph
 * defaults, else MODEL.md's defaults (grad_bytes 2). Sites default to every
 * datacenter with gpus > 0; a site is named by node id or label (fp_topo_resolve_node()).
 * Returns FP_EUSAGE when params is missing or a --sites name is unknown, ambiguous or repeated (FP_EDATA naming the job file when it
 * came from there), FP_EDATA when fewer than two sites remain. */
int fp_job_resolve(const struct fp_topo *topo, const struct fp_job_spec *flags,
                   const struct fp_job_spec *file, struct fp_job *job, struct fp_error *err);

/* S bytes at theta Gbit/s take 8 S / (theta 1e9) s (MODEL.md "Units"). */
double fp_job_bw_s(double gradient_bytes, double theta_gbps);

void fp_job_release(struct fp_job *job);

#endif
