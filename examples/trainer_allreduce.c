/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A consumer of the trainer configuration (schema fiberplan.trainer/1): one MPI process per
 * site carries out the planned cross-site all-reduce exactly as the file says, and checks the
 * sum. Rank r is the site of rank r in the file's "sites" (the rank order: ring order for a
 * ring, the layout tree's preorder for trees).
 *   tree:   the data is split into one contiguous chunk per tree by chunk_fraction; on each
 *           tree the chunk is reduced toward the root (a site adds its children's partial sums,
 *           then sends to its parent) and the root's sum is broadcast back down;
 *   ring:   two rings in opposite directions over the rank order, half the data each, each a
 *           ring reduce-scatter then all-gather between neighbouring ranks (the file's
 *           ring_order must be the rank order: checked);
 *   direct: site q reduces shard q (a 1/k share) from every site and sends the sum back to each.
 * Every site's gradient is integer-valued (site r, element i: (r + 1) * 1000 + i % 997), so
 * every partial sum is exact and the result must equal the sum computed directly, bit for bit.
 *     mpicc -std=c11 -o trainer_allreduce trainer_allreduce.c $(pkg-config --cflags --libs jansson)
 *     fiberplan route TOPO --trainer-config tc.json
 *     mpirun -n K ./trainer_allreduce tc.json [N]
 * usage: trainer_allreduce TRAINER.json [N]; N elements per site (default 100000); K = the
 * number of sites. Rank 0 prints what was done and "sum exact"; exit 1 on any mismatch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <mpi.h>

static int rank, size;

static void die(const char *msg, const char *what)
{
    fprintf(stderr, "trainer_allreduce: rank %d: %s%s%s\n", rank, msg, what ? ": " : "", what ? what : "");
    MPI_Abort(MPI_COMM_WORLD, 1);
    exit(1);
}

/* The rank of site id in the file's rank order, or -1. */
static int rank_of(json_t *sites, const char *id)
{
    size_t i;
    for (i = 0; i < json_array_size(sites); i++) {
        if (strcmp(json_string_value(json_object_get(json_array_get(sites, i), "id")), id) == 0) {
            return (int)i;
        }
    }
    return -1;
}

/* One tree on data[lo, hi): reduce toward the root, then broadcast back (MPI tag = tree). */
static void run_tree(json_t *tree, json_t *sites, double *data, long lo, long hi, int tag)
{
    json_t *parents = json_object_get(tree, "parents");
    const char *me = json_string_value(json_object_get(json_array_get(sites, (size_t)rank), "id"));
    json_t *up = json_object_get(parents, me);
    long n = hi - lo, i;
    double *buf = malloc((size_t)(n > 0 ? n : 1) * sizeof(double));
    int parent = json_is_string(up) ? rank_of(sites, json_string_value(up)) : -1, child;
    const char *id;
    json_t *p;

    if (buf == NULL || json_object_size(parents) != (size_t)size || (json_is_string(up) && parent < 0)) {
        die("tree: bad parents", me);
    }
    json_object_foreach(parents, id, p) {   /* children first: their partial sums */
        if (json_is_string(p) && strcmp(json_string_value(p), me) == 0) {
            child = rank_of(sites, id);
            MPI_Recv(buf, (int)n, MPI_DOUBLE, child, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            for (i = 0; i < n; i++) {
                data[lo + i] += buf[i];
            }
        }
    }
    if (parent >= 0) {
        MPI_Send(data + lo, (int)n, MPI_DOUBLE, parent, tag, MPI_COMM_WORLD);
        MPI_Recv(data + lo, (int)n, MPI_DOUBLE, parent, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    }
    json_object_foreach(parents, id, p) {   /* then the sum back down */
        if (json_is_string(p) && strcmp(json_string_value(p), me) == 0) {
            MPI_Send(data + lo, (int)n, MPI_DOUBLE, rank_of(sites, id), tag, MPI_COMM_WORLD);
        }
    }
    free(buf);
}

static void trees(json_t *sched, json_t *sites, double *data, long n)
{
    json_t *list = json_object_get(sched, "trees"), *t;
    double done = 0.0;
    long lo = 0;
    size_t i;
    json_array_foreach(list, i, t) {
        long hi;
        done += json_number_value(json_object_get(t, "chunk_fraction"));
        hi = i + 1 == json_array_size(list) ? n : (long)(done * (double)n + 0.5);
        hi = hi < lo ? lo : hi > n ? n : hi;
        if (rank == 0) {
            printf("tree %zu: root %s, chunk_fraction %.6f, elements %ld-%ld\n", i,
                   json_string_value(json_object_get(t, "root")),
                   json_number_value(json_object_get(t, "chunk_fraction")), lo, hi);
        }
        run_tree(t, sites, data, lo, hi, (int)i);
        lo = hi;
    }
}

/* A ring all-reduce of data[lo, hi) to the next rank in direction dir (+1 or -1). */
static void ring(double *data, long lo, long hi, int dir, int tag)
{
    int k = size, s, next = (rank + dir + k) % k, prev = (rank - dir + k) % k;
    long n = hi - lo, seg = (n + k - 1) / k, i;
    double *buf = malloc((size_t)(seg > 0 ? seg : 1) * sizeof(double));
    for (s = 0; s < 2 * (k - 1); s++) {   /* k - 1 reduce-scatter steps, then k - 1 all-gather */
        int send_seg = ((rank - dir * s) % k + 2 * k) % k, recv_seg = ((rank - dir * (s + 1)) % k + 2 * k) % k;
        long a = lo + send_seg * seg, b = lo + recv_seg * seg;
        long na = a >= hi ? 0 : (a + seg > hi ? hi - a : seg), nb = b >= hi ? 0 : (b + seg > hi ? hi - b : seg);
        MPI_Sendrecv(data + a, (int)na, MPI_DOUBLE, next, tag, buf, (int)nb, MPI_DOUBLE, prev, tag,
                     MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        for (i = 0; i < nb; i++) {
            data[b + i] = s < k - 1 ? data[b + i] + buf[i] : buf[i];
        }
    }
    free(buf);
}

static void rings(json_t *sched, json_t *sites, double *data, long n)
{
    json_t *order = json_object_get(sched, "ring_order");
    size_t i;
    if (json_array_size(order) != (size_t)size) {
        die("ring: ring_order does not name every site", NULL);
    }
    for (i = 0; i < json_array_size(order); i++) {
        if (rank_of(sites, json_string_value(json_array_get(order, i))) != (int)i) {
            die("ring: ring_order is not the rank order", json_string_value(json_array_get(order, i)));
        }
    }
    if (rank == 0) {
        printf("ring: rank order = ring_order, elements 0-%ld forward, %ld-%ld backward\n", n / 2, n / 2, n);
    }
    ring(data, 0, n / 2, +1, 100);
    ring(data, n / 2, n, -1, 101);
}

/* Site q owns data[q n / k, (q + 1) n / k): it reduces it from every site and sends it back. */
static void direct(double *data, long n)
{
    int k = size, q;
    long mine_lo = (long)rank * n / k, mine_n = (long)(rank + 1) * n / k - mine_lo, i;
    double *in = malloc((size_t)(mine_n > 0 ? mine_n : 1) * (size_t)k * sizeof(double));
    MPI_Request *req = malloc(2 * (size_t)k * sizeof(MPI_Request));
    int nreq = 0;
    for (q = 0; q < k; q++) {   /* reduce-scatter */
        long lo = (long)q * n / k, hi = (long)(q + 1) * n / k;
        if (q != rank) {
            MPI_Isend(data + lo, (int)(hi - lo), MPI_DOUBLE, q, 200, MPI_COMM_WORLD, &req[nreq++]);
            MPI_Irecv(in + (size_t)q * (size_t)mine_n, (int)mine_n, MPI_DOUBLE, q, 200, MPI_COMM_WORLD, &req[nreq++]);
        }
    }
    MPI_Waitall(nreq, req, MPI_STATUSES_IGNORE);
    for (q = 0; q < k; q++) {
        for (i = 0; q != rank && i < mine_n; i++) {
            data[mine_lo + i] += in[(size_t)q * (size_t)mine_n + (size_t)i];
        }
    }
    for (nreq = 0, q = 0; q < k; q++) {   /* all-gather */
        long lo = (long)q * n / k, hi = (long)(q + 1) * n / k;
        if (q != rank) {
            MPI_Isend(data + mine_lo, (int)mine_n, MPI_DOUBLE, q, 201, MPI_COMM_WORLD, &req[nreq++]);
            MPI_Irecv(data + lo, (int)(hi - lo), MPI_DOUBLE, q, 201, MPI_COMM_WORLD, &req[nreq++]);
        }
    }
    MPI_Waitall(nreq, req, MPI_STATUSES_IGNORE);
    if (rank == 0) {
        printf("direct: %d shards of about %ld elements\n", k, n / k);
    }
    free(in);
    free(req);
}

int main(int argc, char **argv)
{
    json_error_t jerr;
    json_t *cfg, *sites, *sched;
    const char *alg, *schema;
    long n = argc > 2 ? strtol(argv[2], NULL, 10) : 100000, i, bad = 0, all_bad = 0;
    double *data;
    int r;

    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (argc < 2 || n < 1) {
        die("usage: trainer_allreduce TRAINER.json [N]", NULL);
    }
    cfg = json_load_file(argv[1], 0, &jerr);
    schema = json_string_value(json_object_get(cfg, "schema"));
    if (schema == NULL || strcmp(schema, "fiberplan.trainer/1") != 0) {
        die("not a fiberplan.trainer/1 file", argv[1]);
    }
    sites = json_object_get(cfg, "sites");
    sched = json_object_get(cfg, "schedule");
    alg = json_string_value(json_object_get(json_object_get(cfg, "collective"), "algorithm"));
    if ((int)json_array_size(sites) != size || alg == NULL) {
        die("run one MPI process per site (mpirun -n K, K = the number of sites)", argv[1]);
    }
    data = malloc((size_t)n * sizeof(double));
    for (i = 0; data != NULL && i < n; i++) {
        data[i] = (double)((rank + 1) * 1000 + i % 997);   /* integer-valued: sums are exact */
    }
    if (strcmp(alg, "tree") == 0) {
        trees(sched, sites, data, n);
    } else if (strcmp(alg, "ring") == 0) {
        rings(sched, sites, data, n);
    } else {
        direct(data, n);
    }
    for (i = 0; i < n; i++) {   /* sum over r of (r + 1) 1000 + i % 997 */
        double want = 0.0;
        for (r = 0; r < size; r++) {
            want += (double)((r + 1) * 1000 + i % 997);
        }
        bad += data[i] != want;
    }
    MPI_Allreduce(&bad, &all_bad, 1, MPI_LONG, MPI_SUM, MPI_COMM_WORLD);
    if (rank == 0) {
        printf("%s all-reduce of %ld elements over %d sites: %s\n", alg, n, size,
               all_bad == 0 ? "sum exact" : "sum WRONG");
    }
    free(data);
    json_decref(cfg);
    MPI_Finalize();
    return all_bad == 0 ? 0 : 1;
}
