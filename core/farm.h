/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: independent scenarios solved in worker processes or MPI ranks, results merged
 * in task order so the output is the same for any number of workers (MODEL.md "Failures",
 * "Planning": sweep). */
#ifndef FP_CORE_FARM_H
#define FP_CORE_FARM_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/clock.h"
#include "core/error.h"

/* A growable byte buffer: a task's serialised result. Zero it before use. */
struct fp_buf {
    char *data;      /* owned */
    size_t len, cap;
};

/* Appends n bytes. */
void fp_buf_put(struct fp_buf *b, const void *p, size_t n);

/* Reads n bytes at *pos into p and advances *pos; false when fewer than n remain. */
bool fp_buf_get(const struct fp_buf *b, size_t *pos, void *p, size_t n);

void fp_buf_release(struct fp_buf *b);

/* Solves task `task` (0-based) and appends its serialised result to out. Runs in a worker
 * process (or MPI rank) when jobs > 1, in the caller otherwise: it must not depend on
 * state other tasks change. Returns FP_OK or an fp_rc with err set. */
typedef int fp_farm_task_fn(void *ctx, long task, struct fp_buf *out, struct fp_error *err);

/* Told in the calling process each time a task of its share has finished: n_done of n_tasks
 * (for progress reports). */
typedef void fp_farm_done_fn(void *ctx, long n_done, long n_tasks);

/* Runs tasks 0 .. n_tasks-1 and stores task i's bytes in results[i] (an array of n_tasks
 * zeroed buffers; the caller releases them). Every task runs in a fresh child process forked
 * from this one, at most max(jobs, 1) at a time, handed out in task order: each starts from
 * the same solver state (GLPK's and igraph's included), so a task's result depends neither on
 * the tasks before it nor on jobs, and results are byte-identical for any jobs. Under MPI
 * (built with `make MPI=1` and run by mpirun with more than one rank) rank r solves the tasks
 * i with i mod size = r (with `jobs` local children) and sends them to rank 0; only rank 0
 * gets results (fp_farm_root()).
 * stop (or NULL): when it becomes set (SIGINT in this process), each running child gets
 * SIGINT once, so that its solve too ends with the best found (later children inherit the
 * stop flag). In a child every SIGINT, SIGTERM or SIGHUP only sets the stop flag, so a
 * signal to the whole process group and the parent's forwarded one never kill a worker.
 * Tasks not begun when the stop comes, or once dl (or NULL) has passed, run in this process,
 * one after another: fn must then answer at once (its best without solving, or a solve that
 * sees the stop or the deadline); a fork costs more than such an answer (0.1-0.2 s each under
 * ASan at 600 nodes).
 * done (or NULL) is called with done_ctx after each finished task.
 * Returns the error of the lowest-numbered failing task; FP_ESOFTWARE when a worker cannot
 * be started or dies without a result (with its signal). */
int fp_farm_run(long n_tasks, int jobs, volatile sig_atomic_t *stop, const struct fp_deadline *dl,
                fp_farm_task_fn *fn, void *ctx, fp_farm_done_fn *done, void *done_ctx,
                struct fp_buf *results, struct fp_error *err);

/* Starts and ends the MPI run (no-ops without MPI). Call fp_farm_init() first in main(). */
void fp_farm_init(int *argc, char ***argv);
void fp_farm_finish(void);

/* True on the process that writes output: always without MPI, rank 0 under MPI. */
bool fp_farm_root(void);

/* The number of MPI ranks (1 without MPI). */
int fp_farm_ranks(void);

#endif
