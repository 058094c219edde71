/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the library's one public header (libfiberplan; `pkg-config --cflags --libs
 * fiberplan`). It includes the module headers, each the manual of its module; this comment
 * is the map. Every call returns FP_OK or an enum fp_rc equal to a sysexits code (64 usage,
 * 65 bad data, 66 unreadable input, 70 internal, 73 unwritable) and fills a struct fp_error
 * with one line "FILE:LINE: what is wrong"; the library prints nothing and never exits, except
 * when memory runs out (core/xalloc.h: "fiberplan: out of memory" and exit 70).
 *
 * Numbers from text: fp_parse_double() (core/parse.h: the whole string, finite).
 *
 * Set-up, once: fp_error_igraph_install() (igraph failures come back as FP_ESOFTWARE
 * instead of aborting).
 *
 * Load (io/topofile.h, core/topo.h, core/job.h):
 *     fp_topo_options_init(&topts);                        all "unset": the file's values
 *     fp_topofile_read(path, &topts, &topo, &err);         GraphML, SNDlib XML or native; "-" stdin
 *     fp_job_spec_init(&flags); fp_job_spec_init(&file);
 *     flags.params = 1.8e12; flags.sites = "UK,NL";        ids or labels; NULL: every datacenter
 *     fp_job_resolve(&topo, &flags, &file, &job, &err);
 *     release: fp_job_release(&job), fp_topo_release(&topo)
 *
 * Bound (solvers/bound.h): fp_bound_compute(&topo, &job, &bound, &err);
 *     lambda_min, theta_lb, T_lb and the cut; release: fp_result_bound_release(&bound).
 *
 * Route (solvers/route.h): fp_route_options_init(&ro); ro.collective = FP_COLL_TREE;
 *     fp_route_solve(&topo, &job, &ro, &route, &err);
 *     theta, T = T_bw + T_lat, trees, loads; release: fp_result_route_release(&route).
 *
 * Plan (solvers/plan.h): fp_plan_options_init(&po); po.budget_usd = 1e8 (or
 *     po.target_time_s); po.modular = true for whole wavelengths;
 *     fp_plan_solve(&topo, &job, &ro, &po, &route, &plan, &err);
 *     release: fp_result_plan_release(&plan), fp_result_route_release(&route).
 *     fp_sweep_solve() (solvers/sweep.h) plans a list of budgets: the frontier.
 *
 * Failures (solvers/failures.h): fp_failures_solve(&topo, &job, &ro, by_srlg, 1, &f, &err);
 *     every single-span (or SRLG) failure, worst first; release: fp_result_failures_release(&f).
 *
 * Workloads (io/workload.h, core/workload.h, solvers/workload.h; MODEL.md "Workloads"):
 *     fp_workload_read(path, &topo, &wl, &err);            schema fiberplan.workload/1
 *     fp_workload_solve(&topo, &wl, &ro, &res, &err);
 *     lambda, each job's route, theta alone and slowdown, the spans that set lambda;
 *     release: fp_workload_result_release(&res), fp_workload_release(&wl).
 *     fp_wlfailures_solve(&topo, &wl, &ro, by_srlg, jobs, &f, &err);   (solvers/wlfailures.h)
 *     every cut: lambda, each job's theta and T against intact and alone, the background;
 *     release: fp_workload_failures_release(&f).
 *     fp_wlsweep_solve(&topo, &wl, &ro, &po, budgets, n, jobs, &s, &err);   (solvers/wlsweep.h)
 *     per budget what plan --workload --budget reports: the plan maximising lambda, its
 *     network routed afresh, each job on it (fp_workload_plan_solve: one budget);
 *     release: fp_workload_sweep_release(&s).
 *
 * Phases (io/phases.h, core/phases.h, solvers/phases.h; MODEL.md "Phases"):
 *     fp_phases_read(path, &topo, params, grad_bytes, &ph, &err);   schema fiberplan.phases/1
 *     fp_phases_options_init(&po); po.carry_over = true; po.discount = 0.05;
 *     fp_phases_solve(&topo, &ph, &ro, &po, &res, &err);
 *     the joint plan per phase (capacities, spend, theta and T routed afresh), the myopic
 *     baseline and the gain; fp_phasesjson_plan() (io/phasesjson.h) its JSON;
 *     release: fp_phases_result_release(&res), fp_phases_release(&ph).
 *
 * Result to JSON (io/resultjson.h, schema fiberplan.result/1, docs/result.schema.json):
 *     fp_resultjson_bound(), _route(), _plan(), _failures(), _sweep(), _workload(),
 *     _workload_failures(), _workload_sweep(), _check()
 *     return the text a command prints with --json (owned: free()); fp_trainer_dumps() (io/trainer.h)
 *     the trainer configuration (schema fiberplan.trainer/1), fp_trainer_build() with a mesh
 *     (fp_trainer_mesh_parse()), a target utilisation and fallbacks, and its warnings.
 *
 * The model behind the numbers is MODEL.md; names and units are CONTRACT.md's. Installed
 * with the library: the JSON Schemas and examples under $(DATADIR)/fiberplan/, sample
 * topologies under $(DATADIR)/fiberplan/topologies/. */
#ifndef FP_FIBERPLAN_H
#define FP_FIBERPLAN_H

#include "core/error.h"
#include "core/job.h"
#include "core/parse.h"
#include "core/phases.h"
#include "core/result.h"
#include "core/stats.h"
#include "core/topo.h"
#include "core/workload.h"
#include "io/demands.h"
#include "io/phases.h"
#include "io/phasesjson.h"
#include "io/resultjson.h"
#include "io/topofile.h"
#include "io/trainer.h"
#include "io/workload.h"
#include "solvers/bound.h"
#include "solvers/failures.h"
#include "solvers/phases.h"
#include "solvers/plan.h"
#include "solvers/route.h"
#include "solvers/sweep.h"
#include "solvers/wlfailures.h"
#include "solvers/wlsweep.h"
#include "solvers/workload.h"

#endif
