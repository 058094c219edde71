/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the topology model: an igraph multigraph plus typed per-node and
 * per-span arrays, and MODEL.md's "Network" derivations (lengths, delays, ceilings). */
#ifndef FP_CORE_TOPO_H
#define FP_CORE_TOPO_H

#include <stdbool.h>

#include <igraph.h>

#include "core/error.h"

/* MODEL.md "Defaults". */
#define FP_DEFAULT_ROUTE_FACTOR 1.3
#define FP_DEFAULT_GRAD_BYTES 2.0
#define FP_CBAND_GBPS 25600.0          /* one fiber pair, C band: 32 x 800 or 64 x 400 */
#define FP_CBAND_SHORT_REACH_KM 1000.0 /* 800G per wavelength up to here, 400G beyond */
#define FP_MAX_CAPACITY_GBPS 1e9       /* 1 Ebit/s per span: above is absurd input */

struct fp_optics;

enum fp_topo_format { FP_FORMAT_GRAPHML, FP_FORMAT_SNDLIB_XML, FP_FORMAT_SNDLIB_NATIVE };

enum fp_span_status { FP_SPAN_LIT = 0, FP_SPAN_CANDIDATE = 1 };

/* Where a span's length_km came from (MODEL.md "Network"). */
enum fp_length_source {
    FP_LENGTH_GIVEN,        /* length_km in the file */
    FP_LENGTH_GREAT_CIRCLE, /* great-circle km between the ends x route_factor */
    FP_LENGTH_DEFAULT,      /* --default-length */
    FP_LENGTH_UNKNOWN       /* none of the above: length_km is NAN */
};

/* Attribute domains of CONTRACT.md "Topology file". */
enum fp_domain { FP_DOMAIN_NODE, FP_DOMAIN_EDGE, FP_DOMAIN_GRAPH };

/* Command-line overrides of CONTRACT.md "Topology options"; NAN means unset. */
struct fp_topo_options {
    double default_capacity_gbps; /* spans with no capacity */
    double default_length_km;     /* spans whose length cannot be derived */
    double route_factor;          /* overrides the graph's route_factor */
};

/* A traffic demand read from an SNDlib file (kept for `route --demands`). */
struct fp_demand {
    char *id;                 /* owned */
    igraph_integer_t src, dst;
    double gbps;              /* > 0 */
    long line;
};

/* The topology. Node arrays are indexed by igraph vertex id v, span arrays by
 * igraph edge id e; every pointer member is owned by the topo. Values absent
 * from the file are NAN (doubles), -1 (counts) or NULL (strings) until
 * fp_topo_derive() fills the derived ones. */
struct fp_topo {
    char *path;                   /* as shown in messages: "<stdin>" for "-" */
    char *name;                   /* graph name [Network, label], else its id; may be NULL */
    enum fp_topo_format format;
    igraph_t graph;               /* undirected multigraph, valid after fp_topo_build() */
    bool has_graph;
    igraph_integer_t n_nodes, n_spans;
    igraph_integer_t cap_nodes, cap_spans;

    /* per node v */
    char **node_id;               /* unique, non-empty */
    char **node_name;             /* name [label]; NULL when absent */
    char **node_type;             /* "datacenter", "pop", ...; NULL when absent */
    double *lat, *lon;            /* degrees WGS84; NAN when absent */
    long long *gpus;              /* >= 0; 0 when absent */
    double *power_mw;             /* informational; NAN when absent */
    double *online;               /* year the site trains (MODEL.md "Phases"); NAN when absent */
    double *x, *y;                /* layout coordinates (SNDlib pixel); NAN when absent */
    long *node_line;

    /* per span e (endpoints are span_from[e], span_to[e], also in graph) */
    char **span_id;
    long *span_line;
    igraph_integer_t *span_from, *span_to;
    double *length_km;            /* given or derived; NAN when unknown */
    enum fp_length_source *length_src;
    double *latency_ms;           /* as given; NAN when absent */
    double *delay_s;              /* derived one-way delay; NAN when unknown */
    double *capacity_gbps;        /* lit per direction; derived default when absent */
    bool *capacity_given;
    double *max_capacity_gbps;    /* as given; NAN when absent */
    long long *fiber_pairs, *wavelengths;   /* as given; -1 when absent */
    double *gbps_per_wavelength;  /* as given; NAN when absent */
    double *ceiling_gbps;         /* derived cmax_e (MODEL.md "Planning") */
    bool *ceiling_given;          /* from max_capacity_gbps or optical attributes */
    double *cost_per_gbps;        /* USD per added Gbit/s; NAN when unknown */
    double *module_gbps, *module_cost;      /* NAN when unknown */
    bool *module_gbps_given;      /* module_gbps from the file (not the wavelength default) */
    long long *lit_pairs, *dark_pairs;      /* as given; -1 when absent (read under a cost model) */
    double *build_cost;           /* USD; NAN when absent */
    double *available;            /* year a candidate can be built from; NAN when absent */
    enum fp_span_status *status;
    char **srlg;                  /* comma-separated ids as given; NULL when none */
    struct fp_optics *optics;     /* per-span optics under --cost-model (core/optics.h); NULL */

    /* graph-level defaults (CONTRACT.md: route_factor and JOB keys); NAN when absent */
    double route_factor;          /* as given */
    double route_factor_used;     /* after fp_topo_derive() */
    double params, grad_bytes, compute_time;

    struct fp_demand *demands;
    igraph_integer_t n_demands;

    char **warnings;              /* one line each, rendered by the command */
    igraph_integer_t n_warnings;

    igraph_integer_t *node_order; /* node ids sorted, for fp_topo_find_node() */
    igraph_integer_t *span_order; /* span ids sorted, for fp_topo_find_span() */
    igraph_integer_t *name_order; /* nodes with a name, sorted by it, for fp_topo_match_node() */
    igraph_integer_t n_named;     /* entries of name_order */
};

/* Lifecycle: _init zeroes; _release frees everything and accepts a zeroed topo. */
void fp_topo_init(struct fp_topo *topo, const char *path);
void fp_topo_release(struct fp_topo *topo);

/* Reserves room for n_nodes nodes and n_spans spans, set to "absent".
 * Call once, before adding. */
void fp_topo_reserve(struct fp_topo *topo, igraph_integer_t n_nodes, igraph_integer_t n_spans);

/* Appends a node (id copied) declared at line; returns its index v. */
igraph_integer_t fp_topo_add_node(struct fp_topo *topo, const char *id, long line);

/* Sorts the node ids for lookup. Returns FP_EDATA naming the second
 * occurrence (FILE:LINE) when an id appears twice or is empty. */
int fp_topo_index_nodes(struct fp_topo *topo, struct fp_error *err);

/* The vertex of node id, or -1. Needs fp_topo_index_nodes(). */
igraph_integer_t fp_topo_find_node(const struct fp_topo *topo, const char *id);

/* The vertex a user means by `name` where a node is named (--sites, demands CSV, job files):
 * the node whose id is `name`, else the node whose name (GraphML `name` or Topology Zoo `label`)
 * is `name`. An id wins over another node's name, so node ids keep working (CONTRACT.md).
 * Returns the number of matches: 0 (*v and *other untouched), 1 (*v is the node) or 2 when
 * two or more nodes carry that name (*v and *other are the first two in file order). */
int fp_topo_match_node(const struct fp_topo *topo, const char *name, igraph_integer_t *v,
                       igraph_integer_t *other);

/* fp_topo_match_node() with the error for callers: `what` names the role ("site", "demand
 * source"). No match: code with "WHAT 'NAME' is not a node id or label of TOPO"; two: code with
 * "WHAT 'NAME' is ambiguous: nodes 'A' and 'B' are both labelled 'NAME'". file and line are
 * where the name was read (NULL and 0 for a flag). *v is written only on FP_OK. */
int fp_topo_resolve_node(const struct fp_topo *topo, const char *name, const char *what,
                         enum fp_rc code, const char *file, long line, igraph_integer_t *v,
                         struct fp_error *err);

/* Appends a span between vertices from and to (id copied); returns e. */
igraph_integer_t fp_topo_add_span(struct fp_topo *topo, const char *id, igraph_integer_t from,
                                  igraph_integer_t to, long line);

/* Sorts the span ids for lookup. Returns FP_EDATA naming the second
 * occurrence (FILE:LINE) when an id appears twice. */
int fp_topo_index_spans(struct fp_topo *topo, struct fp_error *err);

/* The span with that id, or -1. Needs fp_topo_index_spans(). */
igraph_integer_t fp_topo_find_span(const struct fp_topo *topo, const char *id);

/* Sets attribute `name` (CONTRACT.md "Topology file", aliases included) of
 * node/span `index` or of the graph (index ignored) from its text at `line`.
 * Validates the value: FP_EDATA with FILE:LINE and the value when it is not a
 * number where one is needed, or out of range. Unknown names are ignored
 * (FP_OK). Blank text leaves the attribute absent. An alias (label, Latitude,
 * Longitude, LinkSpeedRaw) never overrides its primary name. */
int fp_topo_set_attr(struct fp_topo *topo, enum fp_domain domain, igraph_integer_t index,
                     const char *name, const char *text, long line, struct fp_error *err);

/* Records a warning line (printf format); the topo owns it. */
void fp_topo_warn(struct fp_topo *topo, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Builds the igraph graph from the spans added so far. FP_ESOFTWARE on igraph failure. */
int fp_topo_build(struct fp_topo *topo, struct fp_error *err);

/* MODEL.md "Network" derivations, after fp_topo_build(): capacity defaults,
 * length (given, else great-circle x route_factor, else --default-length),
 * delay (latency_ms/1000, else length x 4.9e-6 s/km), optical ceiling
 * (max_capacity_gbps, else fiber_pairs x wavelengths x gbps_per_wavelength,
 * else the C-band default), module_gbps and cost_per_gbps defaults; adds the
 * warnings of `check`. FP_EDATA when lit capacity exceeds a stated ceiling. */
int fp_topo_derive(struct fp_topo *topo, const struct fp_topo_options *opts,
                   struct fp_error *err);

/* For commands that need delays: FP_EDATA naming the first spans whose
 * delay is unknown (and suggesting --default-length), else FP_OK. */
int fp_topo_require_delays(const struct fp_topo *topo, struct fp_error *err);

/* True when node v trains: type "datacenter" with gpus > 0 (MODEL.md "Network"). */
bool fp_topo_is_site(const struct fp_topo *topo, igraph_integer_t v);

/* True when span e is lit (built): it carries capacity today. */
bool fp_topo_is_lit(const struct fp_topo *topo, igraph_integer_t e);

/* The number of spans at each node (lit and candidate; a loop counts twice), indexed by v.
 * Owned: free(). */
igraph_integer_t *fp_topo_degrees(const struct fp_topo *topo);

/* Sets options to "all unset". */
void fp_topo_options_init(struct fp_topo_options *opts);

#endif
