/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: failure scenarios (MODEL.md "Failures": remove one span, or every span sharing an
 * SRLG id; report T per scenario). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/farm.h"
#include "core/xalloc.h"
#include "solvers/failures.h"

int fp_failures_cut_off(const struct fp_topo *t, const struct fp_job *job, const bool *failed,
                        const bool *also, struct fp_failure *f, struct fp_error *err)
{
    igraph_vector_int_t keep, membership;
    igraph_t g;
    igraph_integer_t e, i, comps = 0, best = -1;
    igraph_integer_t *count = NULL;
    bool have_keep = false, have_g = false, have_m = false;
    int rc = FP_OK;

    FP_IGRAPH(err, igraph_vector_int_init(&keep, 0));
    have_keep = true;
    for (e = 0; e < t->n_spans; e++) {
        if (!failed[e] && ((fp_topo_is_lit(t, e) && t->capacity_gbps[e] > 0) || (also != NULL && also[e]))) {
            FP_IGRAPH(err, igraph_vector_int_push_back(&keep, e));
        }
    }
    FP_IGRAPH(err, igraph_subgraph_edges(&t->graph, &g, igraph_ess_vector(&keep), false));
    have_g = true;
    FP_IGRAPH(err, igraph_vector_int_init(&membership, 0));
    have_m = true;
    FP_IGRAPH(err, igraph_connected_components(&g, &membership, NULL, &comps, IGRAPH_WEAK));
    count = fp_xcalloc((size_t)comps + 1, sizeof(igraph_integer_t));
    for (i = 0; i < job->n_sites; i++) {
        igraph_integer_t c = VECTOR(membership)[job->sites[i]];
        count[c]++;
        if (best < 0 || count[c] > count[best]) {
            best = c;
        }
    }
    f->cut_off = fp_xcalloc((size_t)job->n_sites + 1, sizeof(igraph_integer_t));
    for (i = 0; i < job->n_sites; i++) {
        if (VECTOR(membership)[job->sites[i]] != best) {
            f->cut_off[f->n_cut_off++] = job->sites[i];
        }
    }
    f->disconnected = f->n_cut_off > 0;
out:
    free(count);
    if (have_m) {
        igraph_vector_int_destroy(&membership);
    }
    if (have_g) {
        igraph_destroy(&g);
    }
    if (have_keep) {
        igraph_vector_int_destroy(&keep);
    }
    return rc;
}

static int scenario(const struct fp_topo *t, const struct fp_job *job,
                    const struct fp_route_options *ropts, struct fp_failure *f, struct fp_error *err)
{
    bool *failed = fp_xcalloc((size_t)t->n_spans + 1, sizeof(bool));
    struct fp_route_options o = *ropts;
    struct fp_route r;
    igraph_integer_t i;
    int rc;

    for (i = 0; i < f->n_failed; i++) {
        failed[f->failed[i]] = true;
    }
    rc = fp_failures_cut_off(t, job, failed, NULL, f, err);
    if (rc == FP_OK && f->disconnected) {
        f->theta_gbps = 0.0;
        f->allreduce_s = INFINITY;
    } else if (rc == FP_OK) {
        memset(&r, 0, sizeof(r));
        o.failed = failed;
        o.write_lp = NULL;
        o.upper_bound_gbps = NAN;
        rc = fp_route_solve(t, job, &o, &r, err);
        if (rc == FP_OK) {
            f->theta_gbps = r.theta_gbps;
            f->allreduce_s = r.allreduce_s;
        }
        fp_result_route_release(&r);
    }
    free(failed);
    return rc;
}

static int cmp_worst(const void *a, const void *b)
{
    const struct fp_failure *x = a, *y = b;
    if (x->n_cut_off != y->n_cut_off) {
        return x->n_cut_off > y->n_cut_off ? -1 : 1;
    }
    if (x->allreduce_s != y->allreduce_s && !(isinf(x->allreduce_s) && isinf(y->allreduce_s))) {
        return x->allreduce_s > y->allreduce_s ? -1 : 1;
    }
    return x->failed[0] < y->failed[0] ? -1 : x->failed[0] > y->failed[0];
}

/* The distinct SRLG ids, in order of first appearance. */
static char **srlg_ids(const struct fp_topo *t, igraph_integer_t *n)
{
    char **ids = NULL;
    igraph_integer_t e, count = 0, i;
    for (e = 0; e < t->n_spans; e++) {
        char *list, *save = NULL, *tok;
        if (t->srlg[e] == NULL) {
            continue;
        }
        list = fp_xstrdup(t->srlg[e]);
        for (tok = strtok_r(list, ", ", &save); tok != NULL; tok = strtok_r(NULL, ", ", &save)) {
            bool seen = false;
            for (i = 0; i < count && !seen; i++) {
                seen = strcmp(ids[i], tok) == 0;
            }
            if (!seen) {
                ids = fp_xrealloc(ids, (size_t)count + 1, sizeof(char *));
                ids[count++] = fp_xstrdup(tok);
            }
        }
        free(list);
    }
    *n = count;
    return ids;
}

static bool in_srlg(const char *list, const char *id)
{
    char *copy = fp_xstrdup(list), *save = NULL, *tok;
    bool found = false;
    for (tok = strtok_r(copy, ", ", &save); tok != NULL && !found; tok = strtok_r(NULL, ", ", &save)) {
        found = strcmp(tok, id) == 0;
    }
    free(copy);
    return found;
}

igraph_integer_t fp_failures_scenarios(const struct fp_topo *topo, bool by_srlg, bool candidates,
                                       struct fp_failures *out)
{
    igraph_integer_t e, i;

    memset(out, 0, sizeof(*out));
    out->by_srlg = by_srlg;
    if (!by_srlg) {
        out->items = fp_xcalloc((size_t)topo->n_spans + 1, sizeof(struct fp_failure));
        for (e = 0; e < topo->n_spans; e++) {
            struct fp_failure *f;
            if (!fp_topo_is_lit(topo, e) && !candidates) {
                continue;
            }
            f = &out->items[out->n++];
            f->label = fp_xstrdup(topo->span_id[e]);
            f->failed = fp_xcalloc(1, sizeof(igraph_integer_t));
            f->failed[0] = e;
            f->n_failed = 1;
        }
    } else {
        igraph_integer_t n_ids;
        char **ids = srlg_ids(topo, &n_ids);
        out->items = fp_xcalloc((size_t)n_ids + 1, sizeof(struct fp_failure));
        for (i = 0; i < n_ids; i++) {
            struct fp_failure *f = &out->items[out->n++];
            f->label = ids[i];
            f->failed = fp_xcalloc((size_t)topo->n_spans + 1, sizeof(igraph_integer_t));
            for (e = 0; e < topo->n_spans; e++) {
                if (topo->srlg[e] != NULL && in_srlg(topo->srlg[e], ids[i])) {
                    f->failed[f->n_failed++] = e;
                }
            }
        }
        free(ids);
    }
    return out->n;
}

struct task {
    const struct fp_topo *topo;
    const struct fp_job *job;
    const struct fp_route_options *ropts;
    struct fp_failures *res;
};

/* One scenario, serialised: theta, T, disconnected, the number of sites cut off, them. */
static int run_task(void *ctx, long i, struct fp_buf *out, struct fp_error *err)
{
    struct task *t = ctx;
    struct fp_failure *f = &t->res->items[i];
    int rc = scenario(t->topo, t->job, t->ropts, f, err);
    if (rc == FP_OK) {
        unsigned char d = f->disconnected;
        fp_buf_put(out, &f->theta_gbps, sizeof(double));
        fp_buf_put(out, &f->allreduce_s, sizeof(double));
        fp_buf_put(out, &d, 1);
        fp_buf_put(out, &f->n_cut_off, sizeof(igraph_integer_t));
        fp_buf_put(out, f->cut_off, (size_t)f->n_cut_off * sizeof(igraph_integer_t));
    }
    free(f->cut_off);
    f->cut_off = NULL;
    f->n_cut_off = 0;
    return rc;
}

static bool load_task(const struct fp_buf *b, igraph_integer_t n_sites, struct fp_failure *f)
{
    size_t pos = 0;
    unsigned char d = 0;
    if (!fp_buf_get(b, &pos, &f->theta_gbps, sizeof(double)) ||
        !fp_buf_get(b, &pos, &f->allreduce_s, sizeof(double)) || !fp_buf_get(b, &pos, &d, 1) ||
        !fp_buf_get(b, &pos, &f->n_cut_off, sizeof(igraph_integer_t)) || f->n_cut_off < 0 ||
        f->n_cut_off > n_sites) {
        return false;
    }
    f->disconnected = d != 0;
    f->cut_off = fp_xcalloc((size_t)f->n_cut_off + 1, sizeof(igraph_integer_t));
    return fp_buf_get(b, &pos, f->cut_off, (size_t)f->n_cut_off * sizeof(igraph_integer_t));
}

int fp_failures_solve(const struct fp_topo *topo, const struct fp_job *job,
                      const struct fp_route_options *ropts, bool by_srlg, int jobs,
                      struct fp_failures *out, struct fp_error *err)
{
    struct fp_failures res;
    struct fp_buf *bytes;
    struct task t;
    igraph_integer_t i;
    int rc;

    fp_failures_scenarios(topo, by_srlg, false, &res);
    bytes = fp_xcalloc((size_t)res.n + 1, sizeof(struct fp_buf));
    t.topo = topo;
    t.job = job;
    t.ropts = ropts;
    t.res = &res;
    rc = fp_farm_run((long)res.n, jobs, ropts->stop, run_task, &t, bytes, err);
    for (i = 0; rc == FP_OK && fp_farm_root() && i < res.n; i++) {
        if (!load_task(&bytes[i], job->n_sites, &res.items[i])) {
            rc = fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: scenario %ld: truncated result",
                              (long)i + 1);
        }
    }
    for (i = 0; i < res.n; i++) {
        fp_buf_release(&bytes[i]);
    }
    free(bytes);
    if (rc == FP_OK) {
        qsort(res.items, (size_t)res.n, sizeof(struct fp_failure), cmp_worst);
        *out = res;
    } else {
        fp_result_failures_release(&res);
    }
    return rc;
}
