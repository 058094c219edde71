/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the monotonic clock the solvers and the CLI time themselves with. */
#ifndef FP_CORE_CLOCK_H
#define FP_CORE_CLOCK_H

/* Seconds on CLOCK_MONOTONIC (an arbitrary origin: only differences mean anything). */
double fp_clock_s(void);

#endif
