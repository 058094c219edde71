/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: MODEL.md "Optics": capacity and cost from the fiber itself. A cost model (modes
 * with rate, reach, slot width and price per wavelength; band; amplifier spacing and price;
 * fiber pair price per km) turns each span's length and fiber pairs into its transceiver mode,
 * wavelengths per pair, ceiling, price per wavelength and price of lighting a dark pair. */
#ifndef FP_CORE_OPTICS_H
#define FP_CORE_OPTICS_H

#include <stdbool.h>

#include "core/error.h"
#include "core/topo.h"

/* One transceiver mode (both ends of one wavelength). */
struct fp_optics_mode {
    char *name;                /* owned */
    double gbps;               /* line rate per wavelength, > 0 */
    double reach_km;           /* longest span it closes unregenerated, > 0 */
    double slot_ghz;           /* spectrum per wavelength, > 0 */
    double usd_per_wavelength; /* both ends, >= 0 */
};

/* A cost model (schema fiberplan.costs/1; fp_cost_model_default() is REFERENCE.md §2.1/§7). */
struct fp_cost_model {
    char *source;                 /* "default" or the file's path, owned */
    struct fp_optics_mode *modes; /* owned, n_modes > 0 */
    int n_modes;
    double band_ghz;              /* usable spectrum per pair (C band 4,800) */
    double ila_spacing_km;        /* an in-line amplifier every this many km */
    double ila_usd;               /* one ILA site on one pair (both directions) */
    double pair_usd_per_km;       /* a dark pair's price per route km (IRU), one time */
    long long dark_pairs;         /* dark pairs of a span that states none */
};

/* Per-span optics under a cost model (MODEL.md "Optics"); owned by the topo. */
struct fp_optics {
    struct fp_cost_model model;
    bool regenerate;              /* --regenerate: spans beyond every reach get regenerators */
    int *mode;                    /* per span: index into model.modes, -1 when none applies */
    long long *wl_per_pair;       /* floor(band / slot) of the span's mode */
    double *lit, *dark;           /* pairs lit and dark as used (given or derived: whole; the
                                     network a continuous plan left may have part of one lit) */
    double *pair_gbps;            /* one pair full: wl_per_pair x gbps */
    double *pair_usd;             /* lighting one dark pair: ILAs x ila_usd + pair_usd_per_km x L */
    long long *ilas;              /* ILAs on one pair: max(0, ceil(L / spacing) - 1) */
    long long *segments;          /* 1, or with --regenerate the regenerated sections */
    bool *priced;                 /* the model priced the span's wavelengths (no explicit price) */
    bool *pairs_apply;            /* lighting pairs is a decision (no explicit ceiling, dark > 0) */
};

/* The default model: REFERENCE.md §2.1 (modes, reach) and §7 (prices). */
void fp_cost_model_default(struct fp_cost_model *cm);

/* Lifecycle of a model; _release accepts a zeroed struct. */
void fp_cost_model_init(struct fp_cost_model *cm);
void fp_cost_model_release(struct fp_cost_model *cm);
void fp_cost_model_copy(struct fp_cost_model *dst, const struct fp_cost_model *src);

/* The fastest mode of cm whose reach is >= length_km (ties: the cheaper per Gbit/s), or -1. */
int fp_cost_model_mode_for(const struct fp_cost_model *cm, double length_km);

/* In-line amplifiers on one pair of a span of length_km: max(0, ceil(L / spacing) - 1). */
long long fp_cost_model_ilas(const struct fp_cost_model *cm, double length_km);

/* Applies cm to topo (after fp_topo_derive()): per span with a known length, its mode, pairs
 * (lit_pairs, else fiber_pairs as lit, else enough lit pairs for its capacity and at least one
 * on a lit span; dark_pairs, else cm's default), ceiling (lit + dark) x wavelengths x gbps,
 * module_gbps, module_cost and cost_per_gbps; explicit span attributes (cost_per_gbps,
 * module_gbps, module_cost, max_capacity_gbps) win. A span no mode reaches: FP_EDATA naming it
 * and its length, unless regenerate (then the longest-reach mode in ceil(L / reach) sections,
 * each wavelength paying one set of ends per section). Spans of unknown length keep their
 * attributes (counted in a warning). */
int fp_optics_apply(struct fp_topo *topo, const struct fp_cost_model *cm, bool regenerate,
                    struct fp_error *err);

/* Releases topo->optics (NULL is fine). */
void fp_optics_free(struct fp_optics *o);

/* A copy of o (n spans) for a topology of n_out >= n spans: span e < n as o's span e, the
 * others with no mode (the caller fills them with fp_optics_copy_span()). Owned: free with
 * fp_optics_free(). */
struct fp_optics *fp_optics_dup(const struct fp_optics *o, igraph_integer_t n, igraph_integer_t n_out);

/* Span s of dst becomes what span e of src is (mode, pairs, prices). */
void fp_optics_copy_span(struct fp_optics *dst, igraph_integer_t s, const struct fp_optics *src,
                         igraph_integer_t e);

/* Pairs that span e needs lit (beyond its lit ones) to carry added_gbps more: the least whole
 * number, 0 when the lit pairs hold it. Needs topo->optics with pairs_apply[e]. */
/* Span e's room on its lit pairs with `pairs` more lit, Gbit/s: (lit + pairs) x pair_gbps
 * minus today's capacity (negative when the lit pairs are over-full). */
double fp_optics_lit_room(const struct fp_topo *topo, igraph_integer_t e, double pairs);

double fp_optics_pairs_needed(const struct fp_topo *topo, igraph_integer_t e, double added_gbps);

/* The most whole modules of module_gbps that span e holds on its lit pairs and `pairs` more
 * (beyond its capacity today), at least 0. Needs topo->optics with pairs_apply[e]. */
double fp_optics_modules_held(const struct fp_topo *topo, igraph_integer_t e, double pairs, double module_gbps);

#endif
