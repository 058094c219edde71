/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: GLPK wrapper: validate first, check every return code and status (STYLE.md). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glpk.h>

#include "core/clock.h"
#include "core/xalloc.h"
#include "solvers/lp.h"

struct fp_lp {
    glp_prob *prob;
    int solved;
    bool stop_infeasible;   /* fp_lp_stop_infeasible() */
    void (*log)(void *ctx, const char *text);
    void *log_ctx;
};

static int silent_hook(void *info, const char *s)
{
    (void)info;
    (void)s;
    return 1;
}

static int log_hook(void *info, const char *s)
{
    struct fp_lp *lp = info;
    lp->log(lp->log_ctx, s);
    return 1;
}

void fp_lp_set_log(struct fp_lp *lp, void (*log)(void *ctx, const char *text), void *ctx)
{
    lp->log = log;
    lp->log_ctx = ctx;
}

struct fp_lp *fp_lp_new(const char *name)
{
    struct fp_lp *lp = fp_xcalloc(1, sizeof(*lp));
    glp_term_hook(silent_hook, NULL);
    lp->prob = glp_create_prob();
    glp_set_prob_name(lp->prob, name);
    glp_set_obj_dir(lp->prob, GLP_MAX);
    return lp;
}

void fp_lp_free(struct fp_lp *lp)
{
    if (lp == NULL) {
        return;
    }
    glp_delete_prob(lp->prob);
    free(lp);
}

static int add_row(struct fp_lp *lp, const char *name, int type, double rhs)
{
    int row = glp_add_rows(lp->prob, 1);
    glp_set_row_name(lp->prob, row, name);
    glp_set_row_bnds(lp->prob, row, type, type == GLP_LO ? rhs : 0.0, type == GLP_UP ? rhs : 0.0);
    return row;
}

int fp_lp_add_row_lo(struct fp_lp *lp, const char *name, double rhs)
{
    return add_row(lp, name, GLP_LO, rhs);
}

int fp_lp_add_row_up(struct fp_lp *lp, const char *name, double rhs)
{
    return add_row(lp, name, GLP_UP, rhs);
}

int fp_lp_add_row_fx(struct fp_lp *lp, const char *name, double rhs)
{
    int row = glp_add_rows(lp->prob, 1);
    glp_set_row_name(lp->prob, row, name);
    glp_set_row_bnds(lp->prob, row, GLP_FX, rhs, rhs);
    return row;
}

int fp_lp_add_col(struct fp_lp *lp, const char *name, double obj, int n, const int *rows,
                  const double *vals)
{
    int col = glp_add_cols(lp->prob, 1), i;
    int *ind = fp_xcalloc((size_t)n + 1, sizeof(int));
    double *val = fp_xcalloc((size_t)n + 1, sizeof(double));
    for (i = 0; i < n; i++) {   /* GLPK arrays are 1-based */
        ind[i + 1] = rows[i];
        val[i + 1] = vals[i];
    }
    glp_set_col_name(lp->prob, col, name);
    glp_set_col_bnds(lp->prob, col, GLP_LO, 0.0, 0.0);
    glp_set_obj_coef(lp->prob, col, obj);
    glp_set_mat_col(lp->prob, col, n, ind, val);
    free(ind);
    free(val);
    return col;
}

static const char *ret_text(int ret)
{
    switch (ret) {
    case 0:
        return "no error";
    case GLP_EBADB:
        return "invalid initial basis";
    case GLP_ESING:
        return "singular basis";
    case GLP_ECOND:
        return "ill-conditioned basis";
    case GLP_EBOUND:
        return "incorrect bounds";
    case GLP_EFAIL:
        return "solver failure";
    case GLP_EITLIM:
        return "iteration limit";
    case GLP_ETMLIM:
        return "time limit";
    case GLP_ENOPFS:
        return "no primal feasible solution";
    case GLP_ENODFS:
        return "no dual feasible solution";
    default:
        return "unknown error";
    }
}

static const char *status_text(int status)
{
    switch (status) {
    case GLP_OPT:
        return "optimal";
    case GLP_FEAS:
        return "feasible";
    case GLP_INFEAS:
        return "infeasible";
    case GLP_NOFEAS:
        return "no feasible solution";
    case GLP_UNBND:
        return "unbounded";
    default:
        return "undefined";
    }
}

/* GLPK polls nothing but its clock. So it runs in slices of SLICE_ITERATIONS simplex
 * iterations, resuming from the current basis, and a stop request or the time limit is seen
 * between slices. Slices are counted in iterations, not milliseconds: where a slice ends must
 * not depend on the machine's speed or load, or the pivots (and the last bits of the answer)
 * would (a solve under valgrind once ended "infeasible" that way). */
#define SLICE_ITERATIONS 500

/* One simplex run (GLP_PRIMAL or GLP_DUALP) to the end (or to a stop); returns glp_simplex's
 * code. */
static int simplex(struct fp_lp *lp, int meth, const struct fp_deadline *dl, bool *timed_out)
{
    glp_smcp parm;
    int ret;

    glp_init_smcp(&parm);
    parm.msg_lev = lp->log != NULL ? GLP_MSG_ON : GLP_MSG_OFF;
    parm.meth = meth;
    parm.it_lim = SLICE_ITERATIONS;
    for (;;) {
        if (lp->log != NULL) {
            glp_term_hook(log_hook, lp);
        }
        ret = glp_simplex(lp->prob, &parm);
        glp_term_hook(silent_hook, NULL);
        if (ret != GLP_EITLIM) {
            return ret;
        }
        if (glp_get_prim_stat(lp->prob) == GLP_FEAS && fp_deadline_passed(dl)) {
            *timed_out = true;
            return 0;
        }
        if (lp->stop_infeasible && fp_deadline_stopped(dl)) {
            *timed_out = true;   /* primal infeasible: the caller goes back (fp_lp_feasible) */
            return 0;
        }
    }
}

int fp_lp_solve(struct fp_lp *lp, const struct fp_deadline *dl, bool *timed_out,
                struct fp_error *err)
{
    int ret, status;

    *timed_out = false;
    if (!lp->solved) {
        glp_scale_prob(lp->prob, GLP_SF_AUTO);
    }
    if (glp_warm_up(lp->prob) != 0) {
        glp_adv_basis(lp->prob, 0);
    }
    ret = simplex(lp, GLP_PRIMAL, dl, timed_out);
    if (*timed_out) {
        return FP_OK;
    }
    status = glp_get_status(lp->prob);
    if (ret != 0 || status != GLP_OPT) {
        /* Numerical trouble after a long chain of warm starts: GLPK lost primal feasibility
         * in an ill-conditioned basis and its phase 1 then gave up (64-site routes did, and
         * the primal simplex from the all-slack basis once gave up the same way). Once more,
         * from the all-slack basis with the columns added since the first solve scaled too,
         * by the dual simplex (primal if that fails): on such a master it needed a fifth of
         * the primal's iterations and kept feasibility where the primal lost it. */
        glp_scale_prob(lp->prob, GLP_SF_AUTO);
        glp_std_basis(lp->prob);
        ret = simplex(lp, GLP_DUALP, dl, timed_out);
        if (*timed_out) {
            return FP_OK;
        }
        status = glp_get_status(lp->prob);
    }
    if (ret != 0 || status != GLP_OPT) {
        return fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: GLPK simplex: %s (code %d, %s)",
                            ret_text(ret), ret, status_text(status));
    }
    lp->solved = 1;
    return FP_OK;
}

/* GLPK writes the file itself, so the atomic write is done here: a temporary file in the
 * target's folder, then rename (as io/outfile.c does for everything else). */
int fp_lp_write(const struct fp_lp *lp, const char *path, struct fp_error *err)
{
    char *tmp = fp_xasprintf("%s.tmpXXXXXX", path);
    int fd = mkstemp(tmp), rc = FP_OK;

    if (fd < 0) {
        rc = fp_error_set(err, FP_ECANTCREAT, path, 0, "cannot create: %s", strerror(errno));
    } else {
        close(fd);
        if (glp_write_lp(lp->prob, NULL, tmp) != 0) {
            rc = fp_error_set(err, FP_ECANTCREAT, path, 0, "cannot write the LP");
        } else if (rename(tmp, path) != 0) {
            rc = fp_error_set(err, FP_ECANTCREAT, path, 0, "cannot rename into place: %s",
                              strerror(errno));
        }
        if (rc != FP_OK) {
            unlink(tmp);
        }
    }
    free(tmp);
    return rc;
}

void fp_lp_basis_save(const struct fp_lp *lp, struct fp_lp_basis *b)
{
    int i;
    b->n_rows = glp_get_num_rows(lp->prob);
    b->n_cols = glp_get_num_cols(lp->prob);
    b->row_stat = fp_xcalloc((size_t)b->n_rows + 1, sizeof(int));
    b->col_stat = fp_xcalloc((size_t)b->n_cols + 1, sizeof(int));
    for (i = 1; i <= b->n_rows; i++) {
        b->row_stat[i] = glp_get_row_stat(lp->prob, i);
    }
    for (i = 1; i <= b->n_cols; i++) {
        b->col_stat[i] = glp_get_col_stat(lp->prob, i);
    }
}

void fp_lp_basis_restore(struct fp_lp *lp, const struct fp_lp_basis *b)
{
    int i, n_rows = glp_get_num_rows(lp->prob), n_cols = glp_get_num_cols(lp->prob);
    for (i = 1; i <= n_rows; i++) {
        glp_set_row_stat(lp->prob, i, i <= b->n_rows ? b->row_stat[i] : GLP_BS);
    }
    for (i = 1; i <= n_cols; i++) {
        glp_set_col_stat(lp->prob, i, i <= b->n_cols ? b->col_stat[i] : GLP_NL);
    }
}

void fp_lp_basis_release(struct fp_lp_basis *b)
{
    free(b->row_stat);
    free(b->col_stat);
    memset(b, 0, sizeof(*b));
}

int fp_lp_rows(const struct fp_lp *lp)
{
    return glp_get_num_rows(lp->prob);
}

double fp_lp_objective(const struct fp_lp *lp)
{
    return glp_get_obj_val(lp->prob);
}

double fp_lp_col_value(const struct fp_lp *lp, int col)
{
    return glp_get_col_prim(lp->prob, col);
}

double fp_lp_col_decided(const struct fp_lp *lp, int col)
{
    if (glp_get_col_type(lp->prob, col) == GLP_FX) {
        return glp_get_col_lb(lp->prob, col);
    }
    return glp_get_col_prim(lp->prob, col);
}

double fp_lp_row_dual(const struct fp_lp *lp, int row)
{
    return glp_get_row_dual(lp->prob, row);
}

int fp_lp_cols(const struct fp_lp *lp)
{
    return glp_get_num_cols(lp->prob);
}

void fp_lp_set_name(struct fp_lp *lp, const char *name)
{
    glp_set_prob_name(lp->prob, name);
}

void fp_lp_set_col_bounds(struct fp_lp *lp, int col, double lo, double up)
{
    if (up < 0) {
        glp_set_col_bnds(lp->prob, col, GLP_LO, lo, 0.0);
    } else if (up <= lo) {
        glp_set_col_bnds(lp->prob, col, GLP_FX, lo, lo);
    } else {
        glp_set_col_bnds(lp->prob, col, GLP_DB, lo, up);
    }
}

void fp_lp_fix_col(struct fp_lp *lp, int col, double value)
{
    glp_set_col_bnds(lp->prob, col, GLP_FX, value, value);
}

void fp_lp_set_obj(struct fp_lp *lp, int col, double coef)
{
    glp_set_obj_coef(lp->prob, col, coef);
}

void fp_lp_stop_infeasible(struct fp_lp *lp, bool on)
{
    lp->stop_infeasible = on;
}

bool fp_lp_warm_up(struct fp_lp *lp)
{
    return glp_warm_up(lp->prob) == 0 && glp_get_prim_stat(lp->prob) == GLP_FEAS;
}

bool fp_lp_feasible(const struct fp_lp *lp)
{
    return glp_get_prim_stat(lp->prob) == GLP_FEAS;
}

void fp_lp_basis_reset(struct fp_lp *lp)
{
    glp_adv_basis(lp->prob, 0);
}

/* The basic variable that blocks the nonbasic row's move in direction dir (+1 up, -1 down):
 * its index k (GLPK's: rows 1..m, then columns), the status it leaves with, and the step;
 * 0 when nothing blocks. */
static int blocking(glp_prob *p, int len, const int *ind, const double *val, int dir,
                    int *stat, double *step)
{
    int m = glp_get_num_rows(p), piv = glp_prim_rtest(p, len, ind, val, dir, 1e-9);
    int k, type;
    double x, lb, ub, rate;

    if (piv == 0) {
        return 0;
    }
    k = ind[piv];
    type = k <= m ? glp_get_row_type(p, k) : glp_get_col_type(p, k - m);
    x = k <= m ? glp_get_row_prim(p, k) : glp_get_col_prim(p, k - m);
    lb = k <= m ? glp_get_row_lb(p, k) : glp_get_col_lb(p, k - m);
    ub = k <= m ? glp_get_row_ub(p, k) : glp_get_col_ub(p, k - m);
    rate = dir * val[piv];
    *stat = type == GLP_FX ? GLP_NS : rate > 0.0 ? GLP_NU : GLP_NL;
    *step = rate > 0.0 ? (ub - x) / rate : (lb - x) / rate;
    return k;
}

/* A nonbasic row made free would sit at 0 (GLPK's nonbasic free variable), and every basic
 * variable with it: a budget row freed at its bound B set the plan's cost to 0, and the next
 * solve began with seconds of primal phase 1 (600 nodes, 24 sites: 6-19 s, deaf to a stop).
 * So the row first enters the basis the way a simplex pivot would, in the direction of the
 * shorter step, the basic variable that blocks it leaving at its bound: the solution stays
 * primal feasible. Where the basis cannot be factorised or nothing blocks, the row is just
 * freed. */
void fp_lp_set_row_free(struct fp_lp *lp, int row)
{
    glp_prob *p = lp->prob;
    int m = glp_get_num_rows(p), *ind = NULL, len, k_up, k_down, st_up = 0, st_down = 0, k, st;
    double *val = NULL, t_up = 0.0, t_down = 0.0;
    bool up;

    if (glp_get_row_stat(p, row) != GLP_BS && glp_get_row_type(p, row) != GLP_FR &&
        (glp_bf_exists(p) || glp_warm_up(p) == 0) && glp_get_prim_stat(p) == GLP_FEAS) {
        ind = fp_xcalloc((size_t)m + 1, sizeof(int));
        val = fp_xcalloc((size_t)m + 1, sizeof(double));
        len = glp_eval_tab_col(p, row, ind, val);
        k_up = blocking(p, len, ind, val, 1, &st_up, &t_up);
        k_down = blocking(p, len, ind, val, -1, &st_down, &t_down);
        up = k_up != 0 && (k_down == 0 || fabs(t_up) <= fabs(t_down));
        k = up ? k_up : k_down;
        st = up ? st_up : st_down;
        if (k != 0) {
            glp_set_row_stat(p, row, GLP_BS);
            if (k <= m) {
                glp_set_row_stat(p, k, st);
            } else {
                glp_set_col_stat(p, k - m, st);
            }
        }
        free(ind);
        free(val);
    }
    glp_set_row_bnds(p, row, GLP_FR, 0.0, 0.0);
}

void fp_lp_set_row_lo(struct fp_lp *lp, int row, double rhs)
{
    glp_set_row_bnds(lp->prob, row, GLP_LO, rhs, 0.0);
}

void fp_lp_set_row_up(struct fp_lp *lp, int row, double rhs)
{
    glp_set_row_bnds(lp->prob, row, GLP_UP, 0.0, rhs);
}

void fp_lp_set_coef(struct fp_lp *lp, int row, int col, double val)
{
    int n = glp_get_mat_row(lp->prob, row, NULL, NULL);
    int *ind = fp_xcalloc((size_t)n + 2, sizeof(int));
    double *v = fp_xcalloc((size_t)n + 2, sizeof(double));
    glp_get_mat_row(lp->prob, row, ind, v);
    ind[n + 1] = col;
    v[n + 1] = val;
    glp_set_mat_row(lp->prob, row, n + 1, ind, v);
    free(ind);
    free(v);
}

void fp_lp_set_int(struct fp_lp *lp, int col)
{
    glp_set_col_kind(lp->prob, col, GLP_IV);
}

/* GLPK's branch-and-cut callback: end the search when a stop is requested (glp_intopt then
 * returns GLP_ESTOP with the incumbent, if any). No start is offered here: with the MIP
 * presolver on, the callback sees the transformed problem, whose columns are not ours, and
 * glp_ios_heur_sol does not check rows, so a start in our columns would be misread; with the
 * presolver off it could be offered, but branch and cut then proved stargate-us at $20M in
 * over 60 s instead of 13.6 s (the caller keeps the better of its own plan and GLPK's). */
struct mip_stop {
    const volatile sig_atomic_t *stop;
};

static void mip_callback(glp_tree *tree, void *info)
{
    const struct mip_stop *ms = info;
    if (ms->stop != NULL && *ms->stop) {
        glp_ios_terminate(tree);
    }
}

int fp_lp_solve_mip(struct fp_lp *lp, const struct fp_deadline *dl, bool *found, bool *proven,
                    struct fp_error *err)
{
    glp_iocp parm;
    struct mip_stop ms = {dl->stop};
    double left = fp_deadline_left_s(dl);
    int ret, status;

    *found = false;
    *proven = false;
    glp_init_iocp(&parm);
    parm.msg_lev = lp->log != NULL ? GLP_MSG_ON : GLP_MSG_OFF;
    parm.presolve = GLP_ON;
    /* GLPK's own cuts off: the masters come with their cut-set inequalities (solvers/cutset.c),
     * and GLPK's Gomory and MIR cuts on top made every node dearer and proved nothing sooner
     * (measured in docs/route.md "Planning": stargate-us at $100M, 28.9 s instead of over 60) */
    parm.gmi_cuts = GLP_OFF;
    parm.mir_cuts = GLP_OFF;
    parm.mip_gap = 1e-9;   /* MODEL.md epsilon: an incumbent this close to the bound is optimal */
    parm.fp_heur = GLP_ON;
    parm.cb_func = mip_callback;
    parm.cb_info = &ms;
    if (isfinite(left)) {
        parm.tm_lim = left * 1000.0 < 1.0 ? 1 : (int)(left * 1000.0);
    }
    if (lp->log != NULL) {
        glp_term_hook(log_hook, lp);
    }
    ret = glp_intopt(lp->prob, &parm);
    glp_term_hook(silent_hook, NULL);
    status = glp_mip_status(lp->prob);
    if (status == GLP_OPT && ret == 0) {
        *found = *proven = true;
        return FP_OK;
    }
    if (status == GLP_FEAS && (ret == GLP_ETMLIM || ret == GLP_ESTOP || ret == 0)) {
        *found = true;
        return FP_OK;
    }
    if (ret == GLP_ETMLIM || ret == GLP_ESTOP) {
        return FP_OK;   /* stopped before any incumbent */
    }
    if (status == GLP_NOFEAS || ret == GLP_ENOPFS) {
        return fp_error_set(err, FP_EDATA, NULL, 0, "no integer plan satisfies the constraints");
    }
    return fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: GLPK intopt: %s (code %d, status %d)",
                        ret_text(ret), ret, status);
}

double fp_lp_mip_value(const struct fp_lp *lp, int col)
{
    return glp_mip_col_val(lp->prob, col);
}

double fp_lp_mip_objective(const struct fp_lp *lp)
{
    return glp_mip_obj_val(lp->prob);
}
