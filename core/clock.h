/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the monotonic clock the solvers and the CLI time themselves with, and the
 * deadline (--time-limit and the stop flag of a signal) that every solver phase honours. */
#ifndef FP_CORE_CLOCK_H
#define FP_CORE_CLOCK_H

#include <signal.h>
#include <stdbool.h>

/* Seconds on CLOCK_MONOTONIC (an arbitrary origin: only differences mean anything). */
double fp_clock_s(void);

/* When a solve must end: limit_s seconds after start_s (none when limit_s <= 0), or as soon
 * as *stop is set (asynchronously, by a signal handler; stop may be NULL). One is made when a
 * command's solve begins and handed, by pointer, to every phase and every LP solve, so that
 * they all count from the same start. */
struct fp_deadline {
    double start_s;                       /* fp_clock_s() when it was made */
    double limit_s;                       /* seconds from start_s; <= 0: no limit */
    double end_s;                         /* fp_clock_s() past which no deadline made from it
                                           * runs, the hard one included (INFINITY: none) */
    const volatile sig_atomic_t *stop;    /* borrowed; NULL: no stop flag */
};

/* A deadline limit_s seconds (<= 0: none) from now, ended early by *stop (or NULL); its end_s
 * is its hard deadline's (fp_deadline_hard). */
void fp_deadline_init(struct fp_deadline *dl, double limit_s, const volatile sig_atomic_t *stop);

/* The hard deadline of MODEL.md "Anytime planning": a command given --time-limit S ends by
 * S + max(1 s, 0.05 S) from the same start. The steps that must finish (the planned network
 * re-routed to optimality) run against S + half that grace; the other half is the read-out's
 * (bounds on the planned network, the output files). A hard deadline made from a hard one, or
 * from any deadline made from the command's (a share, a copy), never runs past the command's:
 * it keeps the end_s it was made from. A deadline with no limit stays without one. */
void fp_deadline_hard(const struct fp_deadline *dl, struct fp_deadline *hard);

/* A share of dl for one of several solves run one after another: under a limit, `parts` of
 * the `of` parts the time left is split into (a solve that ends early leaves its time to
 * the next), counted from now; past the limit a tiny one (a solve given it stops after its
 * first step). Without a limit, dl itself. */
void fp_deadline_share(const struct fp_deadline *dl, double parts, double of, struct fp_deadline *share);

/* Seconds since the deadline was made. */
double fp_deadline_elapsed_s(const struct fp_deadline *dl);

/* Seconds left before the limit or end_s, whichever comes first (negative once it has
 * passed); INFINITY without either. */
double fp_deadline_left_s(const struct fp_deadline *dl);

/* Whether a stop was asked for, or the limit or end_s has passed. */
bool fp_deadline_passed(const struct fp_deadline *dl);

/* Whether a stop was asked for (the limit aside). */
bool fp_deadline_stopped(const struct fp_deadline *dl);

#endif
