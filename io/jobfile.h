/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: reads a --job FILE.json (the JOB keys of CONTRACT.md). */
#ifndef FP_IO_JOBFILE_H
#define FP_IO_JOBFILE_H

#include "core/error.h"
#include "core/job.h"

/* A job file read into a spec. The object may hold "params", "grad_bytes",
 * "compute_time" (numbers) and "sites" (an array of node ids or labels, or one
 * comma-separated string of them). */
struct fp_jobfile {
    struct fp_job_spec spec;   /* spec.sites, spec.site_names and spec.origin point into this struct */
    char *sites;               /* owned: the comma-separated string form */
    char **site_names;         /* owned: the array form, one name each (labels may hold commas) */
    char *path;                /* owned */
};

/* Reads path ("-" for standard input). FP_ENOINPUT when unreadable; FP_EDATA
 * with FILE:LINE for malformed JSON, an unknown key, or a value of the wrong
 * type or out of range (params in (0, 1e16], grad_bytes > 0, compute_time >= 0). */
int fp_jobfile_read(const char *path, struct fp_jobfile *jf, struct fp_error *err);

void fp_jobfile_release(struct fp_jobfile *jf);

#endif
