/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the monotonic clock and the solvers' deadline. */
#include <math.h>
#include <time.h>

#include "core/clock.h"

double fp_clock_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The solver's part of the grace past a limit of limit_s > 0 (half of max(1 s, 0.05 S)). */
static double solver_grace_s(double limit_s)
{
    return 0.5 * fmax(1.0, 0.05 * limit_s);
}

void fp_deadline_init(struct fp_deadline *dl, double limit_s, const volatile sig_atomic_t *stop)
{
    dl->start_s = fp_clock_s();
    dl->limit_s = limit_s;
    dl->end_s = limit_s > 0 ? dl->start_s + limit_s + solver_grace_s(limit_s) : INFINITY;
    dl->stop = stop;
}

void fp_deadline_hard(const struct fp_deadline *dl, struct fp_deadline *hard)
{
    *hard = *dl;
    if (dl->limit_s > 0) {
        hard->limit_s = fmin(dl->limit_s + solver_grace_s(dl->limit_s), dl->end_s - dl->start_s);
    }
}

void fp_deadline_share(const struct fp_deadline *dl, double parts, double of, struct fp_deadline *share)
{
    double left = fp_deadline_left_s(dl);
    if (dl->limit_s <= 0.0) {
        *share = *dl;
        return;
    }
    if (!(of > parts)) {
        of = parts > 0.0 ? parts : 1.0;
    }
    /* 0 would mean no limit */
    fp_deadline_init(share, fmax(left * parts / of, 1e-6), dl->stop);
    share->end_s = fmin(share->end_s, dl->end_s);
}

double fp_deadline_elapsed_s(const struct fp_deadline *dl)
{
    return fp_clock_s() - dl->start_s;
}

double fp_deadline_left_s(const struct fp_deadline *dl)
{
    double now = fp_clock_s();
    return fmin(dl->limit_s > 0 ? dl->limit_s - (now - dl->start_s) : INFINITY, dl->end_s - now);
}

bool fp_deadline_stopped(const struct fp_deadline *dl)
{
    return dl->stop != NULL && *dl->stop;
}

bool fp_deadline_passed(const struct fp_deadline *dl)
{
    return fp_deadline_stopped(dl) || fp_deadline_left_s(dl) <= 0.0;
}
