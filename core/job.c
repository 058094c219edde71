/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: job resolution (MODEL.md "Demand": S = params x grad_bytes; participants P). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/job.h"
#include "core/xalloc.h"

void fp_job_spec_init(struct fp_job_spec *spec)
{
    spec->params = NAN;
    spec->grad_bytes = NAN;
    spec->compute_time = NAN;
    spec->sites = NULL;
    spec->site_names = NULL;
    spec->n_site_names = 0;
    spec->origin = NULL;
}

void fp_job_release(struct fp_job *job)
{
    if (job == NULL) {
        return;
    }
    free(job->sites);
    memset(job, 0, sizeof(*job));
}

double fp_job_bw_s(double gradient_bytes, double theta_gbps)
{
    return 8.0 * gradient_bytes / (theta_gbps * 1e9);
}

static double pick(double flag, double file, double topo, double dflt)
{
    return !isnan(flag) ? flag : !isnan(file) ? file : !isnan(topo) ? topo : dflt;
}

/* Resolves the sites named one by one, or in the comma-separated list, into vertices. */
static int parse_sites(const struct fp_topo *topo, const struct fp_job_spec *spec,
                       struct fp_job *job, struct fp_error *err)
{
    char *list = NULL, *save = NULL, *tok;
    const char **names;
    enum fp_rc code = spec->origin != NULL ? FP_EDATA : FP_EUSAGE;
    const char *file = spec->origin;
    igraph_integer_t n = 0, cap = spec->site_names != NULL ? spec->n_site_names : 0, i, k;
    int rc = FP_OK;

    if (spec->site_names == NULL) {
        list = fp_xstrdup(spec->sites);
        cap = (igraph_integer_t)strlen(list) + 1;
    }
    names = fp_xcalloc((size_t)cap + 1, sizeof(*names));
    if (spec->site_names != NULL) {
        for (n = 0; n < spec->n_site_names; n++) {
            names[n] = spec->site_names[n];
        }
    } else {
        for (tok = strtok_r(list, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
            size_t len;
            while (*tok == ' ') {
                tok++;
            }
            for (len = strlen(tok); len > 0 && tok[len - 1] == ' '; len--) {
                tok[len - 1] = '\0';
            }
            names[n++] = tok;
        }
    }
    job->sites = fp_xcalloc((size_t)topo->n_nodes + 1, sizeof(igraph_integer_t));
    for (k = 0; k < n; k++) {
        igraph_integer_t v = -1;
        rc = fp_topo_resolve_node(topo, names[k], "site", code, file, 0, &v, err);
        if (rc != FP_OK) {
            goto out;
        }
        for (i = 0; i < job->n_sites; i++) {
            if (job->sites[i] == v) {
                rc = fp_error_set(err, code, file, 0, "site '%s' is listed twice", names[k]);
                goto out;
            }
        }
        if (job->n_sites >= topo->n_nodes) {
            break;
        }
        job->sites[job->n_sites++] = v;
    }
    job->sites_given = true;
out:
    free(names);
    free(list);
    return rc;
}

int fp_job_resolve(const struct fp_topo *topo, const struct fp_job_spec *flags,
                   const struct fp_job_spec *file, struct fp_job *job, struct fp_error *err)
{
    struct fp_job j;
    igraph_integer_t v;
    const struct fp_job_spec *site_spec = flags->sites != NULL || flags->site_names != NULL ? flags
                                          : file->sites != NULL || file->site_names != NULL ? file
                                                                                            : NULL;
    int rc = FP_OK;

    memset(&j, 0, sizeof(j));
    j.params = pick(flags->params, file->params, topo->params, NAN);
    j.grad_bytes = pick(flags->grad_bytes, file->grad_bytes, topo->grad_bytes, FP_DEFAULT_GRAD_BYTES);
    j.compute_time = pick(flags->compute_time, file->compute_time, topo->compute_time, NAN);
    if (isnan(j.params)) {
        rc = fp_error_set(err, FP_EUSAGE, NULL, 0,
                          "needs the model size: --params N, \"params\" in --job, or params in "
                          "the topology");
        goto out;
    }
    j.gradient_bytes = j.params * j.grad_bytes;
    if (site_spec != NULL) {
        rc = parse_sites(topo, site_spec, &j, err);
        if (rc != FP_OK) {
            goto out;
        }
    } else {
        j.sites = fp_xcalloc((size_t)topo->n_nodes + 1, sizeof(igraph_integer_t));
        for (v = 0; v < topo->n_nodes; v++) {
            if (fp_topo_is_site(topo, v)) {
                j.sites[j.n_sites++] = v;
            }
        }
    }
    if (j.n_sites < 2) {
        rc = fp_error_set(err, FP_EDATA, topo->path, 0,
                          "needs at least 2 sites, found %ld (datacenters with gpus > 0, or "
                          "--sites a,b,...)", (long)j.n_sites);
        goto out;
    }
out:
    if (rc == FP_OK) {
        *job = j;
    } else {
        fp_job_release(&j);
    }
    return rc;
}
