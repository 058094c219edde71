/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the trainer options of route and plan: the mesh and --utilization checked before
 * solving, a fallback schedule per span failure (MODEL.md "Failures"), the trainer
 * configuration written, and the step-time lines (docs/trainer-config.md "Step time"). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cmdtrainer.h"
#include "cli/cmdutil.h"
#include "cli/msg.h"
#include "core/xalloc.h"
#include "solvers/failures.h"
#include "solvers/wlfailures.h"

/* An io/ usage message ("--mesh: ...") as the command's one line, with the help hint. */
static int as_usage(const char *cmd, int rc, struct fp_error *err)
{
    char msg[sizeof(err->msg) + 128];
    size_t n;
    if (rc != FP_EUSAGE || err->file[0] != '\0') {
        return rc;
    }
    snprintf(msg, sizeof(msg), "%s: %s (see 'fiberplan %s --help')", cmd, err->msg, cmd);
    n = strlen(msg) < sizeof(err->msg) ? strlen(msg) : sizeof(err->msg) - 1;
    memcpy(err->msg, msg, n);
    err->msg[n] = '\0';
    return rc;
}

int cmdtrainer_parse(const char *cmd, const struct opts *o, bool prints_step, struct cmdtrainer *t,
                     struct fp_error *err)
{
    memset(t, 0, sizeof(*t));
    fp_trainer_options_init(&t->to);
    if (o->set[OPT_UTILIZATION]) {
        t->to.utilization = o->num[OPT_UTILIZATION];
    }
    if (!o->set[OPT_TRAINER_CONFIG] && (o->set[OPT_MESH] || o->set[OPT_TRAINER_FALLBACKS] ||
                                         (o->set[OPT_UTILIZATION] && !prints_step))) {
        return fp_error_set(err, FP_EUSAGE, NULL, 0, "%s: %s goes with --trainer-config (see "
                            "'fiberplan %s --help')", cmd, o->set[OPT_MESH] ? "--mesh"
                            : o->set[OPT_TRAINER_FALLBACKS] ? "--trainer-fallbacks" : "--utilization", cmd);
    }
    if (o->set[OPT_MESH]) {
        return as_usage(cmd, fp_trainer_mesh_parse(o->str[OPT_MESH], &t->to.mesh, err), err);
    }
    return FP_OK;
}

int cmdtrainer_check(const char *cmd, const struct opts *o, const struct fp_topo *topo,
                     const struct fp_job *job, struct cmdtrainer *t, struct fp_error *err)
{
    if (o->set[OPT_UTILIZATION] && !isfinite(job->compute_time)) {
        return fp_error_set(err, FP_EUSAGE, NULL, 0, "%s: --utilization needs the compute time of a "
                            "step, --compute-time S (see 'fiberplan %s --help')", cmd, cmd);
    }
    if (o->set[OPT_TRAINER_CONFIG]) {
        return fp_trainer_mesh_check(topo, job, &t->to.mesh, err);
    }
    return FP_OK;
}

/* Does r send anything over a failed span? */
static bool crosses(const struct fp_route *r, const bool *failed)
{
    igraph_integer_t i, j;
    for (i = 0; i < r->n_paths; i++) {
        for (j = 0; r->paths[i].gbps > 0 && j < r->paths[i].n_arcs; j++) {
            if (failed[r->paths[i].arcs[j] / 2]) {
                return true;
            }
        }
    }
    return false;
}

/* One scenario: cut off, the planned schedule kept, or routed again on the spans left. */
static int fallback(const struct fp_topo *topo, const struct fp_job *job, const struct fp_route_options *ro,
                    const struct fp_route *intact, bool *failed, struct fp_trainer_fallback *f,
                    struct fp_error *err)
{
    struct fp_route_options o = *ro;
    igraph_integer_t j;
    int rc;

    memset(failed, 0, (size_t)topo->n_spans * sizeof(bool));
    for (j = 0; j < f->scenario.n_failed; j++) {
        failed[f->scenario.failed[j]] = true;
    }
    rc = fp_failures_cut_off(topo, job, failed, NULL, &f->scenario, err);
    if (rc != FP_OK || f->scenario.disconnected) {
        f->scenario.theta_gbps = 0.0;
        f->scenario.allreduce_s = INFINITY;
        return rc;
    }
    if (!crosses(intact, failed)) {
        f->kept = f->scenario.kept_intact = true;
        f->scenario.theta_gbps = intact->theta_gbps;
        f->scenario.allreduce_s = intact->allreduce_s;
        return FP_OK;
    }
    o.failed = failed;
    rc = fp_route_solve(topo, job, &o, &f->route, err);
    if (rc == FP_OK) {
        f->scenario.theta_gbps = f->route.theta_gbps;
        f->scenario.allreduce_s = f->route.allreduce_s;
        f->scenario.stopped = f->route.status != FP_STATUS_OPTIMAL;
    }
    return rc;
}

/* Every single span failure, in file order (fp_failures_scenarios()). */
static int fallbacks(const struct fp_topo *topo, const struct fp_job *job, const struct fp_route_options *ro,
                     const struct fp_route *intact, struct cmdtrainer *t, struct fp_error *err)
{
    struct fp_failures sc;
    struct fp_route_options o = *ro;
    igraph_integer_t n = fp_failures_scenarios(topo, false, false, &sc), i;
    bool *failed = fp_xcalloc((size_t)topo->n_spans + 1, sizeof(bool));
    int rc = FP_OK;

    o.collective = intact->algorithm;
    o.ring_order = intact->algorithm == FP_COLL_RING ? intact->ring_order : NULL;
    o.progress = NULL;
    o.write_lp = NULL;
    o.upper_bound_gbps = NAN;
    t->fallbacks = fp_xcalloc((size_t)n + 1, sizeof(struct fp_trainer_fallback));
    for (i = 0; i < n && rc == FP_OK; i++) {
        struct fp_deadline share;
        if (ro->deadline != NULL) {
            /* the command's deadline: an even share of the time left per scenario not begun */
            fp_deadline_share(ro->deadline, 1.0, (double)(n - i), &share);
            o.deadline = &share;
        }
        t->fallbacks[i].scenario = sc.items[i];   /* moved: released with the fallbacks */
        t->fallbacks[i].scale_gbps = t->fallbacks[i].background_share = NAN;
        memset(&sc.items[i], 0, sizeof(sc.items[i]));
        t->n_fallbacks++;
        rc = fallback(topo, job, &o, intact, failed, &t->fallbacks[i], err);
    }
    fp_result_failures_release(&sc);
    free(failed);
    t->to.fallbacks = t->fallbacks;
    t->to.n_fallbacks = t->n_fallbacks;
    return rc;
}

/* Scenario a's first failed span before b's: the span scenarios back in file order. */
static int cmp_first_span(const void *a, const void *b)
{
    const struct fp_workload_scenario *x = *(const struct fp_workload_scenario *const *)a;
    const struct fp_workload_scenario *y = *(const struct fp_workload_scenario *const *)b;
    return x->f.failed[0] < y->f.failed[0] ? -1 : x->f.failed[0] > y->f.failed[0];
}

/* Job j's part of scenario sc as its fallback: the scenario's label, spans and flags, the
 * job's cut and theta_j, T_j; its schedule moved out of sc unless the intact one is kept. */
static void job_fallback(struct fp_workload_scenario *sc, igraph_integer_t j, struct fp_trainer_fallback *f)
{
    struct fp_workload_scenario_job *sj = &sc->jobs[j];
    f->scenario.label = fp_xstrdup(sc->f.label);
    f->scenario.failed = fp_xcalloc((size_t)sc->f.n_failed + 1, sizeof(igraph_integer_t));
    memcpy(f->scenario.failed, sc->f.failed, (size_t)sc->f.n_failed * sizeof(igraph_integer_t));
    f->scenario.n_failed = sc->f.n_failed;
    f->scenario.not_built = sc->f.not_built;
    f->scenario.stopped = sc->f.stopped;
    f->scenario.disconnected = sj->disconnected;
    f->scenario.cut_off = fp_xcalloc((size_t)sj->n_cut_off + 1, sizeof(igraph_integer_t));
    memcpy(f->scenario.cut_off, sj->cut_off, (size_t)sj->n_cut_off * sizeof(igraph_integer_t));
    f->scenario.n_cut_off = sj->n_cut_off;
    f->scenario.theta_gbps = sj->disconnected ? 0.0 : sj->route.theta_gbps;
    f->scenario.allreduce_s = sj->disconnected ? INFINITY : sj->route.allreduce_s;
    f->scale_gbps = sc->lambda_gbps;
    f->background_share = sc->background_share;
    f->kept = f->scenario.kept_intact = !sj->disconnected && (sc->f.kept_intact || sc->f.not_built);
    if (!sj->disconnected && !f->kept) {
        f->route = sj->route;   /* moved */
        memset(&sj->route, 0, sizeof(sj->route));
        f->route.status = sc->f.stopped ? FP_STATUS_TIME_LIMIT : f->route.status;
    }
}

int cmdtrainer_workload_fallbacks(const struct fp_topo *topo, const struct fp_workload *wl,
                                  const struct fp_route_options *ropts, struct cmdtrainer *t,
                                  struct fp_error *err)
{
    struct fp_workload_failures wf;
    struct fp_route_options o = *ropts;
    struct fp_workload_scenario **order = NULL;
    igraph_integer_t i, j;
    int rc;

    o.write_lp = NULL;
    o.progress = NULL;
    rc = fp_wlfailures_solve(topo, wl, &o, false, 1, &wf, err);
    if (rc != FP_OK) {
        return rc;
    }
    order = fp_xcalloc((size_t)wf.n + 1, sizeof(*order));
    for (i = 0; i < wf.n; i++) {
        order[i] = &wf.items[i];
    }
    qsort(order, (size_t)wf.n, sizeof(*order), cmp_first_span);
    for (j = 0; j < wl->n_jobs; j++) {
        t[j].fallbacks = fp_xcalloc((size_t)wf.n + 1, sizeof(struct fp_trainer_fallback));
        for (i = 0; i < wf.n; i++) {
            job_fallback(order[i], j, &t[j].fallbacks[i]);
        }
        t[j].n_fallbacks = wf.n;
        t[j].to.fallbacks = t[j].fallbacks;
        t[j].to.n_fallbacks = t[j].n_fallbacks;
    }
    free(order);
    fp_workload_failures_release(&wf);
    return FP_OK;
}

/* Job wj's name makes a file name DIR/NAME.json, its compute time is there for --utilization,
 * and the mesh fits it (FP_EDATA from the mesh check named after the job). */
static int check_job(const char *cmd, const struct opts *o, const struct fp_topo *topo,
                     const struct fp_workload *wl, const struct fp_workload_job *wj, struct cmdtrainer *t,
                     struct fp_error *err)
{
    int rc;
    if (o->set[OPT_TRAINER_CONFIG] && (strchr(wj->name, '/') != NULL || strcmp(wj->name, ".") == 0 ||
                                       strcmp(wj->name, "..") == 0)) {
        return fp_error_set(err, FP_EDATA, wl->path, 0, "job '%s': --trainer-config DIR/ writes "
                            "DIR/NAME.json, and the name makes no file name (no '/', not '.' or "
                            "'..')", wj->name);
    }
    if (o->set[OPT_UTILIZATION] && !isfinite(wj->job.compute_time)) {
        return fp_error_set(err, FP_EDATA, wl->path, 0, "job '%s' has no compute_time_s, which "
                            "--utilization needs", wj->name);
    }
    rc = cmdtrainer_check(cmd, o, topo, &wj->job, t, err);
    if (rc == FP_EDATA) {
        char msg[sizeof(err->msg) + 64];
        snprintf(msg, sizeof(msg), "job '%s': %s", wj->name, err->msg);
        snprintf(err->msg, sizeof(err->msg), "%.*s", (int)sizeof(err->msg) - 1, msg);
    }
    return rc;
}

int cmdtrainer_workload_check(const char *cmd, const struct opts *o, const struct fp_topo *topo,
                              const struct fp_workload *wl, struct cmdtrainer **t, struct fp_error *err)
{
    const char *dir = o->str[OPT_TRAINER_CONFIG];
    struct stat st;
    igraph_integer_t j;
    int rc = FP_OK;

    *t = fp_xcalloc((size_t)wl->n_jobs + 1, sizeof(struct cmdtrainer));
    for (j = 0; rc == FP_OK && j < wl->n_jobs; j++) {
        rc = cmdtrainer_parse(cmd, o, false, &(*t)[j], err);
    }
    if (rc == FP_OK && o->set[OPT_TRAINER_CONFIG] && stat(dir, &st) != 0) {
        rc = fp_error_set(err, FP_ECANTCREAT, dir, 0, "cannot create the trainer configurations "
                          "in it (DIR/JOB.json per job): %s", strerror(errno));
    } else if (rc == FP_OK && o->set[OPT_TRAINER_CONFIG] && !S_ISDIR(st.st_mode)) {
        rc = fp_error_set(err, FP_ECANTCREAT, dir, 0, "cannot create the trainer configurations "
                          "in it (DIR/JOB.json per job): not a directory");
    }
    for (j = 0; rc == FP_OK && j < wl->n_jobs; j++) {
        rc = check_job(cmd, o, topo, wl, &wl->jobs[j], &(*t)[j], err);
    }
    return rc;
}

int cmdtrainer_workload_write(const struct opts *o, const struct fp_topo *topo, const struct fp_workload *wl,
                              const struct fp_workload_result *res, const struct fp_bound *bounds,
                              const struct fp_route_options *ropts, struct cmdtrainer *t,
                              struct fp_error *err)
{
    const char *dir = o->str[OPT_TRAINER_CONFIG];
    size_t len = strlen(dir);
    igraph_integer_t j;
    int rc = FP_OK;

    if (o->set[OPT_TRAINER_FALLBACKS]) {
        cmdutil_solving = 1;   /* the scenarios' solves stop on a signal like the route's */
        rc = cmdtrainer_workload_fallbacks(topo, wl, ropts, t, err);
        cmdutil_solving = 0;
    }
    for (j = 0; rc == FP_OK && j < wl->n_jobs; j++) {
        char *path = fp_xasprintf("%s%s%s.json", dir, len > 0 && dir[len - 1] == '/' ? "" : "/",
                                  wl->jobs[j].name);
        rc = cmdtrainer_write(path, o, topo, &wl->jobs[j].job, &res->jobs[j].route, &bounds[j], NULL,
                              wl->jobs[j].name, &t[j], err);
        free(path);
    }
    return rc;
}

void cmdtrainer_workload_free(struct cmdtrainer *t, igraph_integer_t n)
{
    igraph_integer_t j;
    for (j = 0; t != NULL && j < n; j++) {
        cmdtrainer_release(&t[j]);
    }
    free(t);
}

int cmdtrainer_write(const char *path, const struct opts *o, const struct fp_topo *topo,
                     const struct fp_job *job, const struct fp_route *r, const struct fp_bound *bound,
                     const struct fp_route_options *ropts, const char *job_name, struct cmdtrainer *t,
                     struct fp_error *err)
{
    char *text = NULL, **warnings = NULL;
    igraph_integer_t n = 0, i;
    int rc = FP_OK;

    if (o->set[OPT_TRAINER_FALLBACKS] && t->fallbacks == NULL) {
        rc = fallbacks(topo, job, ropts, r, t, err);
    }
    t->to.job_name = job_name;
    if (rc == FP_OK) {
        rc = fp_trainer_build(topo, job, r, bound, &t->to, &text, &warnings, &n, err);
    }
    if (rc == FP_OK) {
        rc = msg_output(path, text, err);
    }
    for (i = 0; i < n; i++) {
        if (rc == FP_OK && !o->set[OPT_QUIET]) {
            char msg[600];
            snprintf(msg, sizeof(msg), "trainer config%s%s: %s", job_name != NULL ? " of job " : "",
                     job_name != NULL ? job_name : "", warnings[i]);
            msg_warn(msg);
        }
        free(warnings[i]);
    }
    free(warnings);
    free(text);
    return rc;
}

/* A share as a percentage to 4 significant digits: 99.96% is not 100%. */
static const char *pct(char *buf, size_t size, double share)
{
    snprintf(buf, size, "%.4g%%", 100.0 * share);
    return buf;
}

void cmdtrainer_print_step(FILE *fp, const struct fp_trainer_step *st)
{
    char a[32], b[32];
    if (!isfinite(st->compute_s)) {
        return;
    }
    fprintf(fp, "step       compute %.4g s; the %.4g s all-reduce overlaps the next step's compute: "
            "%.4g s exposed, %.4g s a step, utilisation %s\n", st->compute_s, st->allreduce_s,
            st->exposed_s, st->step_s, pct(a, sizeof(a), st->utilization));
    if (st->full_overlap <= 0) {
        return;
    }
    if (!isfinite(st->target)) {
        fprintf(fp, "sync       DiLoCo every H = %lld step%s hides the all-reduce (ceil(T / C)); "
                "--utilization U: the smallest H reaching U\n", st->full_overlap,
                st->full_overlap == 1 ? "" : "s");
    } else if (st->sync_interval > 0) {
        fprintf(fp, "sync       DiLoCo H = %lld for utilisation >= %s: a round of %lld step%s takes "
                "%.4g s, %.4g s exposed, utilisation %s", st->sync_interval,
                pct(a, sizeof(a), st->target), st->sync_interval,
                st->sync_interval == 1 ? "" : "s", st->sync_round_s, st->sync_exposed_s,
                pct(b, sizeof(b), st->sync_utilization));
        if (st->blocking_interval > 0) {
            fprintf(fp, "; not overlapped: H = %lld\n", st->blocking_interval);
        } else {
            fprintf(fp, "; not overlapped: no H reaches it\n");
        }
    }
}

void cmdtrainer_release(struct cmdtrainer *t)
{
    fp_trainer_fallbacks_free(t->fallbacks, t->n_fallbacks);
    t->fallbacks = NULL;
    t->n_fallbacks = 0;
}
