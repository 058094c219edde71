/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests: the trainer configuration's model (io/trainer.h, docs/trainer-config.md): --mesh
 * parsed and checked against the sites, the rank order, the step-time model and DiLoCo H,
 * per site pair BDP and the NCCL values per connection, each derived by hand in a comment. */
#include "helpers.h"

#include <jansson.h>

#include "core/job.h"
#include "io/trainer.h"
#include "solvers/route.h"

static void load(const char *path, struct fp_topo *t, struct fp_job *job)
{
    struct fp_topo_options to;
    struct fp_job_spec flags, file;
    struct fp_error err;
    fp_topo_options_init(&to);
    fp_error_init(&err);
    memset(t, 0, sizeof(*t));
    assert_int_equal(fp_topofile_read(path, &to, t, &err), FP_OK);
    fp_job_spec_init(&flags);
    fp_job_spec_init(&file);
    assert_int_equal(fp_job_resolve(t, &flags, &file, job, &err), FP_OK);
}

static void test_trainer_mesh_parse_degrees(void **state)
{
    struct fp_trainer_mesh m;
    struct fp_error err;
    (void)state;
    fp_error_init(&err);
    assert_int_equal(fp_trainer_mesh_parse("tp=8,dp_shard=64,pp=4,ep=8", &m, &err), FP_OK);
    assert_true(m.given);
    assert_int_equal(m.dp_shard, 64);
    assert_int_equal(m.tp, 8);
    assert_int_equal(m.pp, 4);
    assert_int_equal(m.ep, 8);
    /* tp, pp and ep default to 1 */
    assert_int_equal(fp_trainer_mesh_parse("dp_shard=5000", &m, &err), FP_OK);
    assert_int_equal(m.dp_shard, 5000);
    assert_int_equal(m.tp * m.pp * m.ep, 1);
}

/* Each defect: FP_EUSAGE, one line naming it, and the mesh left as it was. */
static void test_trainer_mesh_parse_defects(void **state)
{
    static const char *const bad[][2] = {
        {"dp_shard=64,tp=8,cp=2", "--mesh: unknown degree 'cp' (dp_shard, tp, pp or ep)"},
        {"dp_shard=64,tp8", "--mesh: expected KEY=N with KEY dp_shard, tp, pp or ep, got 'tp8'"},
        {"dp_shard=64,tp=0", "--mesh: tp must be a whole number from 1 to 1e9, got '0'"},
        {"dp_shard=6.5", "--mesh: dp_shard must be a whole number from 1 to 1e9, got '6.5'"},
        {"dp_shard=64,tp=8,tp=4", "--mesh: tp is given twice"},
        {"tp=8,pp=4", "--mesh needs dp_shard=N (tp, pp and ep default to 1), got 'tp=8,pp=4'"},
        {"dp_shard=64,ep=3", "--mesh: ep=3 must divide dp_shard=64 (the experts are sharded within "
                             "the dp_shard group)"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct fp_trainer_mesh m = {false, 7, 7, 7, 7};
        struct fp_error err;
        fp_error_init(&err);
        assert_int_equal(fp_trainer_mesh_parse(bad[i][0], &m, &err), FP_EUSAGE);
        assert_string_equal(err.msg, bad[i][1]);
        assert_false(m.given);
        assert_int_equal(m.dp_shard, 7);
    }
}

/* stargate-us's sites hold 450,000, 490,000, 350,000, 350,000, 175,000, 350,000, 455,000,
 * 315,000 and 300,000 GPUs: gcd = 5,000 (175,000 = 5,000 x 35 and 490,000 = 5,000 x 98 share
 * no other factor with 315,000 = 5,000 x 63 and 300,000 = 5,000 x 60: gcd(35, 98, 63, 60) = 1).
 * A replica of 625 x 8 = 5,000 fits every site; one of 512 x 8 = 4,096 does not fit the first,
 * abilene (450,000 / 4,096 = 109.86). */
static void test_trainer_mesh_check_stargate(void **state)
{
    struct fp_topo t;
    struct fp_job job;
    struct fp_trainer_mesh m = {false, 0, 0, 0, 0};
    struct fp_error err;
    (void)state;
    load("topologies/stargate-us.graphml", &t, &job);
    fp_error_init(&err);
    assert_int_equal(fp_trainer_mesh_check(&t, &job, &m, &err), FP_OK);
    assert_int_equal(m.dp_shard, 5000);
    assert_int_equal(m.tp * m.pp * m.ep, 1);
    assert_int_equal(fp_trainer_mesh_parse("dp_shard=625,tp=8", &m, &err), FP_OK);
    assert_int_equal(fp_trainer_mesh_check(&t, &job, &m, &err), FP_OK);
    assert_int_equal(fp_trainer_mesh_parse("dp_shard=512,tp=8", &m, &err), FP_OK);
    assert_int_equal(fp_trainer_mesh_check(&t, &job, &m, &err), FP_EDATA);
    assert_string_equal(err.msg, "--mesh: a replica is pp x dp_shard x tp = 1 x 512 x 8 = 4,096 GPUs, "
                                 "which does not divide the 450,000 GPUs of site 'abilene': every site "
                                 "must hold whole replicas");
    assert_int_equal(err.line, t.node_line[job.sites[0]]);
    fp_job_release(&job);
    fp_topo_release(&t);
}

/* Four sites 10..13. Tree 1 (rate 2, the larger) is rooted at 12 with edges 12-10, 10-13,
 * 12-11: depth-first from 12, children in the job's order (10 before 11): 12, 10, 13, 11. A ring
 * gives its order; direct the job's. */
static void test_trainer_rank_order_follows_schedule(void **state)
{
    igraph_integer_t sites[4] = {10, 11, 12, 13}, order[4];
    igraph_integer_t e0[6] = {10, 11, 11, 12, 12, 13}, e1[6] = {12, 10, 10, 13, 12, 11};
    igraph_integer_t ring[4] = {13, 11, 10, 12};
    struct fp_tree trees[2] = {{1.0, e0, 3, 10, 0.0}, {2.0, e1, 3, 12, 0.0}};
    struct fp_job job;
    struct fp_route r;
    (void)state;
    memset(&job, 0, sizeof(job));
    memset(&r, 0, sizeof(r));
    job.sites = sites;
    job.n_sites = 4;
    r.algorithm = FP_COLL_TREE;
    r.trees = trees;
    r.n_trees = 2;
    fp_trainer_rank_order(&job, &r, order);
    assert_int_equal(order[0], 12);
    assert_int_equal(order[1], 10);
    assert_int_equal(order[2], 13);
    assert_int_equal(order[3], 11);
    r.algorithm = FP_COLL_RING;
    r.ring_order = ring;
    r.n_ring = 4;
    fp_trainer_rank_order(&job, &r, order);
    assert_memory_equal(order, ring, sizeof(ring));
    r.algorithm = FP_COLL_DIRECT;
    fp_trainer_rank_order(&job, &r, order);
    assert_memory_equal(order, sites, sizeof(sites));
}

/* T = 0.57675 s (fairwater-aiwan's tree), C = 0.05 s, U = 0.9. One step: E(1) = T - C =
 * 0.52675 s, step 0.57675 s, u(1) = 0.05 / 0.57675 = 0.08669. Overlapped: u(H) = min(1, H C / T)
 * >= 0.9 needs H >= 0.9 x 0.57675 / 0.05 = 10.3815, so H = 11: the round is 11 x 0.05 = 0.55 s
 * of compute + E(11) = 0.57675 - 0.55 = 0.02675 s, u = 0.55 / 0.57675 = 0.953620. Not overlapped:
 * H C / (H C + T) >= 0.9 needs H >= 9 T / C = 103.815: H = 104. All hidden: ceil(T / C) =
 * ceil(11.535) = 12. */
static void test_trainer_step_compute_h(void **state)
{
    struct fp_trainer_step st;
    (void)state;
    fp_trainer_step_compute(0.05, 0.57675, 0.9, &st);
    assert_close(st.exposed_s, 0.52675, 1e-12);
    assert_close(st.step_s, 0.57675, 1e-12);
    assert_close(st.utilization, 0.05 / 0.57675, 1e-12);
    assert_int_equal(st.sync_interval, 11);
    assert_close(st.sync_exposed_s, 0.02675, 1e-9);
    assert_close(st.sync_round_s, 0.57675, 1e-12);
    assert_close(st.sync_utilization, 0.55 / 0.57675, 1e-12);
    assert_int_equal(st.blocking_interval, 104);
    assert_int_equal(st.full_overlap, 12);
    /* U = 1: the whole all-reduce hidden, H = ceil(T / C); nothing overlapped never reaches it */
    fp_trainer_step_compute(0.05, 0.57675, 1.0, &st);
    assert_int_equal(st.sync_interval, 12);
    assert_int_equal(st.blocking_interval, 0);
    /* T / C = 2.4 / 1.2 = 2 exactly: H = 2 for U = 1, not 3 */
    fp_trainer_step_compute(1.2, 2.4, 1.0, &st);
    assert_int_equal(st.sync_interval, 2);
    assert_int_equal(st.full_overlap, 2);
    /* C > T: every step hides it, H = 1; not overlapped, 1.2 / (1.2 + 0.3) = 0.8 >= 0.8 */
    fp_trainer_step_compute(1.2, 0.3, 0.8, &st);
    assert_int_equal(st.sync_interval, 1);
    assert_close(st.exposed_s, 0.0, 1e-15);
    assert_int_equal(st.blocking_interval, 1);
    /* no compute time: nothing to say */
    fp_trainer_step_compute(NAN, 0.57675, 0.9, &st);
    assert_true(isnan(st.exposed_s));
    assert_int_equal(st.sync_interval, 0);
    assert_int_equal(st.full_overlap, 0);
}

/* Sites 0 and 1 (ranks 1 and 0). 0 -> 1 on two paths, 100 Gbit/s over 5 ms and 300 Gbit/s over
 * 10 ms; 1 -> 0 on one, 400 Gbit/s over 10 ms. Pair 1 -> 0 comes first (rank 0 is site 1):
 * 400 Gbit/s, RTT 20 ms, BDP 400e9 / 8 x 0.02 = 1e9 B. Pair 0 -> 1: 400 Gbit/s, RTT 20 ms (the
 * slower path), 10 ms the faster, BDP 100e9 / 8 x 0.01 + 300e9 / 8 x 0.02 = 1.25e8 + 7.5e8 =
 * 8.75e8 B. */
static void test_trainer_pairs_bdp(void **state)
{
    struct fp_flow_path paths[3] = {{0, 1, 100.0, NULL, 0, 0.005}, {0, 1, 300.0, NULL, 0, 0.010},
                                    {1, 0, 400.0, NULL, 0, 0.010}};
    igraph_integer_t rank[3] = {1, 0, -1};
    struct fp_topo t;
    struct fp_route r;
    struct fp_trainer_pair *p;
    (void)state;
    memset(&t, 0, sizeof(t));
    memset(&r, 0, sizeof(r));
    t.n_nodes = 3;
    r.paths = paths;
    r.n_paths = 3;
    assert_int_equal(fp_trainer_pairs(&t, &r, rank, &p), 2);
    assert_int_equal(p[0].src, 1);
    assert_close(p[0].gbps, 400.0, 1e-12);
    assert_close(p[0].bdp_bytes, 1e9, 1e-12);
    assert_int_equal(p[1].src, 0);
    assert_int_equal(p[1].paths, 2);
    assert_close(p[1].rtt_s, 0.02, 1e-12);
    assert_close(p[1].min_rtt_s, 0.01, 1e-12);
    assert_close(p[1].bdp_bytes, 8.75e8, 1e-12);
    free(p);
}

/* The pairs above, theta 400 Gbit/s, T_lat 50 ms, S = 1e12 B.
 * G = 1: channels ceil(2 paths / 1) = 2, so 2 connections a pair; the largest need is
 * 1e9 / 2 = 5e8 B: NCCL_BUFFSIZE 2^29 = 536,870,912 (2^28 = 268,435,456 is less); one peer;
 * memory 2 channels x 2 x 1 peer x 2^29 = 2^31 B, the cap itself (no warning). Bucket: the rank
 * moves 400e9 / 8 = 5e10 B/s, 9 x 0.05 s of it is 2.25e10 B = 21,457.67 MiB -> 21,458 MiB =
 * 22,500,073,472 B (S / G is larger).
 * G = 4: channels ceil(2 / 4) = 1, 4 connections, need 1e9 / 4 = 2.5e8 B -> 2^28; the bucket a
 * quarter: 5.625e9 B = 5,364.42 MiB -> 5,365 MiB. G = 1e6: need 1,000 B, NCCL_BUFFSIZE the 4 MiB
 * floor; bucket 22,500 B -> 1 MiB, above S / G = 1e6 B, so S / G in whole MiB: 1 MiB. */
static void test_trainer_nccl_per_connection(void **state)
{
    struct fp_trainer_pair pairs[2] = {{1, 0, 0, 1, 400.0, 1, 0.02, 0.02, 1e9},
                                       {0, 1, 1, 0, 400.0, 2, 0.02, 0.01, 8.75e8}};
    struct fp_trainer_nccl nc;
    (void)state;
    fp_trainer_nccl_compute(pairs, 2, 1, 400.0, 0.05, 1e12, &nc);
    assert_int_equal(nc.channels, 2);
    assert_int_equal(nc.connections, 2);
    assert_int_equal(nc.peers, 1);
    assert_close(nc.buffer_need_bytes, 5e8, 1e-12);
    assert_int_equal(nc.need_pair, 0);
    assert_close(nc.buffer_bytes, 536870912.0, 0);
    assert_close(nc.memory_bytes, 2147483648.0, 0);
    assert_close(nc.bucket_bytes, 21458.0 * 1048576.0, 0);
    fp_trainer_nccl_compute(pairs, 2, 4, 400.0, 0.05, 1e12, &nc);
    assert_int_equal(nc.channels, 1);
    assert_int_equal(nc.connections, 4);
    assert_close(nc.buffer_bytes, 268435456.0, 0);
    assert_close(nc.bucket_bytes, 5365.0 * 1048576.0, 0);
    fp_trainer_nccl_compute(pairs, 2, 1000000, 400.0, 0.05, 1e12, &nc);
    assert_close(nc.buffer_bytes, 4194304.0, 0);
    assert_close(nc.bucket_bytes, 1048576.0, 0);
}

/* fairwater-aiwan's tree: the configuration's pair mt_pleasant -> fairwater_atl carries 12,800
 * Gbit/s over 7.056 ms and 38,400 over 7.105 ms: BDP 1.6e12 x 0.014112 + 4.8e12 x 0.01421 =
 * 9.07872e10 B; the default replica is gcd(315,000, 300,000) = 15,000 GPUs, so 15,000
 * connections (1 channel: 2 paths / 15,000 rounds up to 1) of 6,052,480 B: NCCL_BUFFSIZE 8 MiB.
 * 21 + 20 = 41 replicas. NCCL_ALGO is Ring, not Tree. */
static void test_trainer_build_fairwater(void **state)
{
    struct fp_topo t;
    struct fp_job job;
    struct fp_route_options ro;
    struct fp_route r;
    struct fp_trainer_options o;
    struct fp_error err;
    char *text = NULL, **warnings = NULL;
    igraph_integer_t n_warnings = -1;
    json_t *root, *pair;
    json_error_t jerr;
    (void)state;
    load("topologies/fairwater-aiwan.graphml", &t, &job);
    fp_route_options_init(&ro);
    fp_error_init(&err);
    memset(&r, 0, sizeof(r));
    assert_int_equal(fp_route_solve(&t, &job, &ro, &r, &err), FP_OK);
    fp_trainer_options_init(&o);
    assert_int_equal(fp_trainer_build(&t, &job, &r, NULL, &o, &text, &warnings, &n_warnings, &err), FP_OK);
    assert_int_equal(n_warnings, 0);
    root = json_loads(text, 0, &jerr);
    assert_non_null(root);
    pair = json_array_get(json_object_get(root, "pairs"), 0);
    assert_string_equal(json_string_value(json_object_get(pair, "source")), "mt_pleasant");
    assert_close(json_number_value(json_object_get(pair, "bdp_bytes")), 9.07872e10, 1e-12);
    assert_int_equal(json_integer_value(json_object_get(pair, "connections")), 15000);
    assert_close(json_number_value(json_object_get(pair, "buffer_need_bytes")), 6052480.0, 1e-12);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(root, "nccl_hints"), "NCCL_BUFFSIZE")),
                     8388608);
    assert_string_equal(json_string_value(json_object_get(json_object_get(root, "nccl_hints"), "NCCL_ALGO")),
                        "Ring");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(root, "mesh"), "dp_replicate")), 41);
    json_decref(root);
    free(text);
    free(warnings);
    fp_result_route_release(&r);
    fp_job_release(&job);
    fp_topo_release(&t);
}

/* A mesh that does not fit: fp_trainer_build() fails and writes nothing. */
static void test_trainer_build_mesh_unfit(void **state)
{
    struct fp_topo t;
    struct fp_job job;
    struct fp_route r;
    struct fp_trainer_options o;
    struct fp_error err;
    char *text = NULL, **warnings = NULL;
    igraph_integer_t n_warnings = -1;
    (void)state;
    load("topologies/fairwater-aiwan.graphml", &t, &job);
    memset(&r, 0, sizeof(r));
    fp_trainer_options_init(&o);
    fp_error_init(&err);
    assert_int_equal(fp_trainer_mesh_parse("dp_shard=7", &o.mesh, &err), FP_OK);
    assert_int_equal(fp_trainer_build(&t, &job, &r, NULL, &o, &text, &warnings, &n_warnings, &err), FP_EDATA);
    assert_null(text);
    assert_null(warnings);
    assert_int_equal(n_warnings, -1);
    fp_job_release(&job);
    fp_topo_release(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trainer_mesh_parse_degrees),
        cmocka_unit_test(test_trainer_mesh_parse_defects),
        cmocka_unit_test(test_trainer_mesh_check_stargate),
        cmocka_unit_test(test_trainer_rank_order_follows_schedule),
        cmocka_unit_test(test_trainer_step_compute_h),
        cmocka_unit_test(test_trainer_pairs_bdp),
        cmocka_unit_test(test_trainer_nccl_per_connection),
        cmocka_unit_test(test_trainer_build_fairwater),
        cmocka_unit_test(test_trainer_build_mesh_unfit),
    };
    fp_error_igraph_install();
    return cmocka_run_group_tests_name("trainer", tests, NULL, NULL);
}
