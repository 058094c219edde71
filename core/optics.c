/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: MODEL.md "Optics": modes by reach, wavelengths per pair, lit and dark pairs,
 * amplifier chains, and the span attributes a cost model derives. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/optics.h"
#include "core/xalloc.h"

/* How many span ids a grouped warning lists. */
#define LIST_IDS 5

/* REFERENCE.md §2.1 (rate, reach, grid) and §7 (USD per wavelength, both ends: 2 x (optic +
 * router port)). 400G-LH's reach is an estimate (E): the 800G embedded field trial closed
 * 2,580 km and 1.2T 3,050 km on ULL fiber; a 400G QPSK-class mode reaches at least 3,000 km. */
static const struct {
    const char *name;
    double gbps, reach_km, slot_ghz, usd;
} default_modes[] = {
    {"800ZR", 800.0, 120.0, 150.0, 30000.0},
    {"800G-ZR+", 800.0, 1000.0, 150.0, 50000.0},
    {"400G-LH", 400.0, 3000.0, 75.0, 66000.0},
};

void fp_cost_model_init(struct fp_cost_model *cm)
{
    memset(cm, 0, sizeof(*cm));
    cm->band_ghz = NAN;
    cm->ila_spacing_km = NAN;
    cm->ila_usd = NAN;
    cm->pair_usd_per_km = NAN;
    cm->dark_pairs = -1;
}

void fp_cost_model_release(struct fp_cost_model *cm)
{
    int i;
    if (cm == NULL) {
        return;
    }
    for (i = 0; i < cm->n_modes; i++) {
        free(cm->modes[i].name);
    }
    free(cm->modes);
    free(cm->source);
    memset(cm, 0, sizeof(*cm));
}

void fp_cost_model_default(struct fp_cost_model *cm)
{
    int i, n = (int)(sizeof(default_modes) / sizeof(default_modes[0]));
    fp_cost_model_init(cm);
    cm->source = fp_xstrdup("default");
    cm->modes = fp_xcalloc((size_t)n, sizeof(*cm->modes));
    cm->n_modes = n;
    for (i = 0; i < n; i++) {
        cm->modes[i].name = fp_xstrdup(default_modes[i].name);
        cm->modes[i].gbps = default_modes[i].gbps;
        cm->modes[i].reach_km = default_modes[i].reach_km;
        cm->modes[i].slot_ghz = default_modes[i].slot_ghz;
        cm->modes[i].usd_per_wavelength = default_modes[i].usd;
    }
    cm->band_ghz = 4800.0;        /* C band, REFERENCE.md §2 */
    cm->ila_spacing_km = 80.0;    /* REFERENCE.md §2 and §7 */
    cm->ila_usd = 60000.0;        /* per pair per ILA site, REFERENCE.md §7 */
    cm->pair_usd_per_km = 1000.0; /* 20-year IRU per pair-km, REFERENCE.md §7 */
    cm->dark_pairs = 2;           /* assumption (E), docs/cost-model.md */
}

void fp_cost_model_copy(struct fp_cost_model *dst, const struct fp_cost_model *src)
{
    int i;
    *dst = *src;
    dst->source = fp_xstrdup(src->source != NULL ? src->source : "");
    dst->modes = fp_xcalloc((size_t)src->n_modes + 1, sizeof(*dst->modes));
    for (i = 0; i < src->n_modes; i++) {
        dst->modes[i] = src->modes[i];
        dst->modes[i].name = fp_xstrdup(src->modes[i].name);
    }
}

int fp_cost_model_mode_for(const struct fp_cost_model *cm, double length_km)
{
    int i, best = -1;
    for (i = 0; i < cm->n_modes; i++) {
        const struct fp_optics_mode *md = &cm->modes[i], *b;
        if (md->reach_km < length_km) {
            continue;
        }
        b = best >= 0 ? &cm->modes[best] : NULL;
        if (b == NULL || md->gbps > b->gbps ||
            (md->gbps == b->gbps && md->usd_per_wavelength < b->usd_per_wavelength)) {
            best = i;
        }
    }
    return best;
}

long long fp_cost_model_ilas(const struct fp_cost_model *cm, double length_km)
{
    double n = ceil(length_km / cm->ila_spacing_km - 1e-9) - 1.0;
    return n > 0 ? (long long)n : 0;
}

static int longest_reach(const struct fp_cost_model *cm)
{
    int i, best = 0;
    for (i = 1; i < cm->n_modes; i++) {
        if (cm->modes[i].reach_km > cm->modes[best].reach_km) {
            best = i;
        }
    }
    return best;
}

void fp_optics_free(struct fp_optics *o)
{
    if (o == NULL) {
        return;
    }
    fp_cost_model_release(&o->model);
    free(o->mode);
    free(o->wl_per_pair);
    free(o->lit);
    free(o->dark);
    free(o->pair_gbps);
    free(o->pair_usd);
    free(o->ilas);
    free(o->segments);
    free(o->priced);
    free(o->pairs_apply);
    free(o);
}

static struct fp_optics *optics_new(const struct fp_cost_model *cm, bool regenerate, igraph_integer_t n)
{
    struct fp_optics *o = fp_xcalloc(1, sizeof(*o));
    size_t ns = (size_t)n + 1;
    igraph_integer_t e;
    fp_cost_model_copy(&o->model, cm);
    o->regenerate = regenerate;
    o->mode = fp_xcalloc(ns, sizeof(int));
    o->wl_per_pair = fp_xcalloc(ns, sizeof(long long));
    o->lit = fp_xcalloc(ns, sizeof(double));
    o->dark = fp_xcalloc(ns, sizeof(double));
    o->pair_gbps = fp_xcalloc(ns, sizeof(double));
    o->pair_usd = fp_xcalloc(ns, sizeof(double));
    o->ilas = fp_xcalloc(ns, sizeof(long long));
    o->segments = fp_xcalloc(ns, sizeof(long long));
    o->priced = fp_xcalloc(ns, sizeof(bool));
    o->pairs_apply = fp_xcalloc(ns, sizeof(bool));
    for (e = 0; e < n; e++) {
        o->mode[e] = -1;
    }
    return o;
}

void fp_optics_copy_span(struct fp_optics *dst, igraph_integer_t s, const struct fp_optics *src,
                         igraph_integer_t e)
{
    dst->mode[s] = src->mode[e];
    dst->wl_per_pair[s] = src->wl_per_pair[e];
    dst->lit[s] = src->lit[e];
    dst->dark[s] = src->dark[e];
    dst->pair_gbps[s] = src->pair_gbps[e];
    dst->pair_usd[s] = src->pair_usd[e];
    dst->ilas[s] = src->ilas[e];
    dst->segments[s] = src->segments[e];
    dst->priced[s] = src->priced[e];
    dst->pairs_apply[s] = src->pairs_apply[e];
}

struct fp_optics *fp_optics_dup(const struct fp_optics *o, igraph_integer_t n, igraph_integer_t n_out)
{
    struct fp_optics *d = optics_new(&o->model, o->regenerate, n_out);
    igraph_integer_t e;
    for (e = 0; e < n; e++) {
        fp_optics_copy_span(d, e, o, e);
    }
    return d;
}

/* Lit and dark pairs of span e: as given, else fiber_pairs split by what the capacity needs
 * lit, else enough lit for the capacity (one at least on a lit span, the pair a candidate is
 * built with) and the model's dark default. *raised when the given lit pairs cannot hold the
 * capacity (raised to what it needs). */
static void span_pairs(struct fp_topo *t, struct fp_optics *o, igraph_integer_t e, bool *raised)
{
    double c = fp_topo_is_lit(t, e) ? t->capacity_gbps[e] : 0.0;
    long long need = (long long)ceil(c / o->pair_gbps[e] - 1e-9), lit = t->lit_pairs[e], dark;
    need = need < 1 ? 1 : need;
    *raised = lit >= 0 && lit < need;
    lit = lit >= need ? lit : need;
    if (t->dark_pairs[e] >= 0) {
        dark = t->dark_pairs[e];
    } else if (t->fiber_pairs[e] >= 0) {
        dark = t->fiber_pairs[e] > lit ? t->fiber_pairs[e] - lit : 0;
    } else {
        dark = o->model.dark_pairs;
    }
    o->lit[e] = (double)lit;
    o->dark[e] = (double)dark;
}

/* The mode, wavelengths and prices of span e of known length; FP_EDATA when no mode reaches
 * it and regeneration is off. */
static int span_mode(struct fp_topo *t, struct fp_optics *o, igraph_integer_t e, struct fp_error *err)
{
    const struct fp_cost_model *cm = &o->model;
    double L = t->length_km[e], g, usd;
    int md = fp_cost_model_mode_for(cm, L);
    long long seg = 1;

    if (md < 0) {
        int lr = longest_reach(cm);
        if (!o->regenerate) {
            return fp_error_set(err, FP_EDATA, t->path, t->span_line[e],
                                "span '%s': %g km is beyond every mode's reach (longest: %s, %g km) "
                                "of cost model '%s'; split it at a regenerator site or pass --regenerate",
                                t->span_id[e], L, cm->modes[lr].name, cm->modes[lr].reach_km, cm->source);
        }
        md = lr;
        seg = (long long)ceil(L / cm->modes[md].reach_km - 1e-9);
    }
    o->mode[e] = md;
    o->segments[e] = seg;
    g = !isnan(t->gbps_per_wavelength[e]) ? t->gbps_per_wavelength[e] : cm->modes[md].gbps;
    o->wl_per_pair[e] = t->wavelengths[e] >= 0 ? t->wavelengths[e]
                                               : (long long)floor(cm->band_ghz / cm->modes[md].slot_ghz + 1e-9);
    o->pair_gbps[e] = (double)o->wl_per_pair[e] * g;
    o->ilas[e] = fp_cost_model_ilas(cm, L);
    o->pair_usd[e] = (double)o->ilas[e] * cm->ila_usd + cm->pair_usd_per_km * L;
    usd = (double)seg * cm->modes[md].usd_per_wavelength;
    o->priced[e] = isnan(t->module_cost[e]) || isnan(t->cost_per_gbps[e]);
    if (!t->module_gbps_given[e]) {
        t->module_gbps[e] = g;
    }
    if (isnan(t->module_cost[e])) {
        t->module_cost[e] = usd * t->module_gbps[e] / g;
    }
    if (isnan(t->cost_per_gbps[e])) {
        t->cost_per_gbps[e] = usd / g;
    }
    return FP_OK;
}

/* Span e's ceiling from its pairs (unless max_capacity_gbps is given). */
static void span_ceiling(struct fp_topo *t, struct fp_optics *o, igraph_integer_t e)
{
    if (!isnan(t->max_capacity_gbps[e])) {
        return;
    }
    t->ceiling_gbps[e] = (o->lit[e] + o->dark[e]) * o->pair_gbps[e];
    t->ceiling_given[e] = true;
    o->pairs_apply[e] = o->dark[e] > 0;
}

static void warn_spans(struct fp_topo *t, const bool *mark, const char *what)
{
    char buf[1024];
    size_t len = 0;
    igraph_integer_t e, c = 0, shown = 0;
    for (e = 0; e < t->n_spans; e++) {
        if (!mark[e]) {
            continue;
        }
        c++;
        if (shown < LIST_IDS && len < sizeof(buf)) {
            len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s'%s'", shown > 0 ? ", " : "", t->span_id[e]);
            shown++;
        }
    }
    if (c == 0) {
        return;
    }
    if (c > shown && len < sizeof(buf)) {
        snprintf(buf + len, sizeof(buf) - len, " and %ld more", (long)(c - shown));
    }
    fp_topo_warn(t, "%ld %s %s: %s", (long)c, c == 1 ? "span" : "spans", what, buf);
}

int fp_optics_apply(struct fp_topo *topo, const struct fp_cost_model *cm, bool regenerate,
                    struct fp_error *err)
{
    igraph_integer_t e, n = topo->n_spans;
    bool *unknown = fp_xcalloc((size_t)n + 1, sizeof(bool));
    bool *raised = fp_xcalloc((size_t)n + 1, sizeof(bool));
    bool *regen = fp_xcalloc((size_t)n + 1, sizeof(bool));
    int rc = FP_OK;

    fp_optics_free(topo->optics);
    topo->optics = optics_new(cm, regenerate, n);
    for (e = 0; e < n && rc == FP_OK; e++) {
        if (isnan(topo->length_km[e])) {
            unknown[e] = true;
            continue;
        }
        rc = span_mode(topo, topo->optics, e, err);
        if (rc == FP_OK) {
            span_pairs(topo, topo->optics, e, &raised[e]);
            span_ceiling(topo, topo->optics, e);
            regen[e] = topo->optics->segments[e] > 1;
        }
    }
    if (rc == FP_OK) {
        warn_spans(topo, unknown, "of unknown length keep their own attributes under the cost model "
                                  "(see --default-length)");
        warn_spans(topo, raised, "carry more capacity than their lit_pairs hold: lit pairs raised to fit");
        warn_spans(topo, regen, "are beyond every mode's reach and get regenerators (--regenerate)");
    }
    free(unknown);
    free(raised);
    free(regen);
    return rc;
}

double fp_optics_lit_room(const struct fp_topo *topo, igraph_integer_t e, double pairs)
{
    const struct fp_optics *o = topo->optics;
    double c = fp_topo_is_lit(topo, e) ? topo->capacity_gbps[e] : 0.0;
    return (o->lit[e] + pairs) * o->pair_gbps[e] - c;
}

double fp_optics_pairs_needed(const struct fp_topo *topo, igraph_integer_t e, double added_gbps)
{
    double n = ceil((added_gbps - fp_optics_lit_room(topo, e, 0.0)) / topo->optics->pair_gbps[e] - 1e-9);
    return n > 0 ? n : 0.0;
}

double fp_optics_modules_held(const struct fp_topo *topo, igraph_integer_t e, double pairs, double module_gbps)
{
    double n = floor(fp_optics_lit_room(topo, e, pairs) / module_gbps + 1e-9);
    return n > 0 ? n : 0.0;
}
