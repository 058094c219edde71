/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the LP layer: the only module that talks to GLPK (STYLE.md "Modules"). */
#ifndef FP_SOLVERS_LP_H
#define FP_SOLVERS_LP_H

#include <stdbool.h>

#include "core/clock.h"
#include "core/error.h"

/* An LP being built and re-solved (column generation adds columns between solves). Opaque. */
struct fp_lp;

/* A new maximisation problem named name; owned: free with fp_lp_free(). */
struct fp_lp *fp_lp_new(const char *name);
void fp_lp_free(struct fp_lp *lp);

/* Rows: "lo" (sum >= rhs) or "up" (sum <= rhs). Returns the row (1-based). */
int fp_lp_add_row_lo(struct fp_lp *lp, const char *name, double rhs);
int fp_lp_add_row_up(struct fp_lp *lp, const char *name, double rhs);
int fp_lp_add_row_fx(struct fp_lp *lp, const char *name, double rhs);

/* A column >= 0 with objective coefficient obj and n nonzeros (rows 1-based). Returns it. */
int fp_lp_add_col(struct fp_lp *lp, const char *name, double obj, int n, const int *rows,
                  const double *vals);

/* Solves with the primal simplex, warm-started from the last basis (added columns keep it
 * primal feasible), until the deadline dl passes (its limit, or its stop flag; both are
 * polled between slices of simplex iterations). Stopped early with a feasible basis, it
 * returns FP_OK and sets *timed_out. FP_ESOFTWARE with GLPK's reason for anything else but
 * the optimum. */
int fp_lp_solve(struct fp_lp *lp, const struct fp_deadline *dl, bool *timed_out,
                struct fp_error *err);

/* Writes the LP in CPLEX LP format (glp_write_lp) to path, for re-solving with another
 * solver. The one file GLPK writes itself. FP_ECANTCREAT on failure. */
int fp_lp_write(const struct fp_lp *lp, const char *path, struct fp_error *err);

int fp_lp_rows(const struct fp_lp *lp);

/* GLPK's terminal output goes to log(ctx, text) during this problem's solves (NULL: off). */
void fp_lp_set_log(struct fp_lp *lp, void (*log)(void *ctx, const char *text), void *ctx);

/* Column and row edits between solves. */
void fp_lp_set_col_bounds(struct fp_lp *lp, int col, double lo, double up);   /* up < 0: none */
void fp_lp_fix_col(struct fp_lp *lp, int col, double value);
void fp_lp_set_obj(struct fp_lp *lp, int col, double coef);
void fp_lp_set_row_free(struct fp_lp *lp, int row);
void fp_lp_set_row_lo(struct fp_lp *lp, int row, double rhs);
void fp_lp_set_row_up(struct fp_lp *lp, int row, double rhs);
void fp_lp_set_coef(struct fp_lp *lp, int row, int col, double val);  /* adds one nonzero */

/* A basis kept (the status of every row and column), to return to after edits that would
 * leave the current one primal infeasible: restored once the edits are undone, it is the
 * kept solution again, columns added since nonbasic at 0 (rows added since basic). */
struct fp_lp_basis {
    int n_rows, n_cols;
    int *row_stat, *col_stat;
};
void fp_lp_basis_save(const struct fp_lp *lp, struct fp_lp_basis *b);
void fp_lp_basis_restore(struct fp_lp *lp, const struct fp_lp_basis *b);
void fp_lp_basis_release(struct fp_lp_basis *b);

/* The next solve starts from GLPK's advanced basis (glp_adv_basis) instead of the last one. */
void fp_lp_basis_reset(struct fp_lp *lp);

/* on: a stop request (the deadline's stop flag, not its limit) ends a solve between slices
 * even in primal phase 1, with no feasible solution (*timed_out set, fp_lp_feasible() false):
 * for callers that can go back to a basis they saved. Off by default. */
void fp_lp_stop_infeasible(struct fp_lp *lp, bool on);
bool fp_lp_feasible(const struct fp_lp *lp);

/* The current basis's primal and dual values computed without a simplex iteration (a basis
 * restored); whether that solution is primal feasible. */
bool fp_lp_warm_up(struct fp_lp *lp);

/* Marks a column integer (GLPK: GLP_IV) for fp_lp_solve_mip(). */
void fp_lp_set_int(struct fp_lp *lp, int col);

/* Branch and cut (glp_intopt, presolve on) from the current LP until the deadline dl: its
 * limit becomes GLPK's time limit, its stop flag ends the search like a time limit. *found is
 * true when there is an incumbent, *proven when it is proven optimal (within 1e-9). Stopped
 * before any incumbent: FP_OK with *found false. FP_EDATA when no integer solution exists;
 * FP_ESOFTWARE on GLPK failure. Afterwards fp_lp_mip_value() reads the incumbent. */
int fp_lp_solve_mip(struct fp_lp *lp, const struct fp_deadline *dl, bool *found, bool *proven,
                    struct fp_error *err);
double fp_lp_mip_value(const struct fp_lp *lp, int col);
double fp_lp_mip_objective(const struct fp_lp *lp);

/* Renames the problem (the name heads a written LP file). */
void fp_lp_set_name(struct fp_lp *lp, const char *name);

double fp_lp_objective(const struct fp_lp *lp);
double fp_lp_col_value(const struct fp_lp *lp, int col);
/* A fixed column's value (fp_lp_fix_col), before any re-solve; else fp_lp_col_value(). */
double fp_lp_col_decided(const struct fp_lp *lp, int col);
/* The row's dual pi (GLPK: reduced cost d_j = c_j - sum_i a_ij pi_i). */
double fp_lp_row_dual(const struct fp_lp *lp, int row);
int fp_lp_cols(const struct fp_lp *lp);

#endif
