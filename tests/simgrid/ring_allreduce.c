/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ring all-reduce of MODEL.md ("ring": two rings in opposite directions over an order,
 * each carrying half the data; 2(k-1) steps of S/(2k) bytes per ring hop) simulated by SimGrid
 * on a platform written by `fiberplan export --format simgrid`. Prints the simulated time in
 * seconds. Usage: ring_allreduce PLATFORM.xml BYTES SITE... [--cfg=...]
 * Built by tests/simgrid/run.sh against libsimgrid-dev (not part of fiberplan). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <simgrid/actor.h>
#include <simgrid/comm.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <simgrid/mailbox.h>

static int n_sites;
static char **sites;
static double chunk_bytes;
static char token;   /* the payload SimGrid passes along (it refuses NULL); the size is simulated */

static sg_mailbox_t box(char ring, int site)
{
    char name[256];
    snprintf(name, sizeof(name), "%c:%s", ring, sites[site]);
    return sg_mailbox_by_name(name);
}

/* argv[1]: this actor's position in the ring. */
static void member(int argc, char **argv)
{
    int me = atoi(argv[1]), next = (me + 1) % n_sites, prev = (me + n_sites - 1) % n_sites, step;
    (void)argc;
    for (step = 0; step < 2 * (n_sites - 1); step++) {
        sg_comm_t c[4];
        void *got_a = NULL, *got_b = NULL;
        c[0] = sg_mailbox_put_async(box('A', next), &token, (long)chunk_bytes);
        c[1] = sg_mailbox_put_async(box('B', prev), &token, (long)chunk_bytes);
        c[2] = sg_mailbox_get_async(box('A', me), &got_a);
        c[3] = sg_mailbox_get_async(box('B', me), &got_b);
        sg_comm_wait_all(c, 4);
    }
}

int main(int argc, char **argv)
{
    int i;
    simgrid_init(&argc, argv);
    if (argc < 5) {
        fprintf(stderr, "usage: %s PLATFORM.xml BYTES SITE SITE...\n", argv[0]);
        return 64;
    }
    simgrid_load_platform(argv[1]);
    n_sites = argc - 3;
    sites = argv + 3;
    chunk_bytes = strtod(argv[2], NULL) / (2.0 * n_sites);
    for (i = 0; i < n_sites; i++) {
        static char name[] = "member";
        char pos[16];
        char *args[2];
        snprintf(pos, sizeof(pos), "%d", i);
        args[0] = name;
        args[1] = pos;
        sg_actor_create("member", sg_host_by_name(sites[i]), member, 2, args);
    }
    simgrid_run();
    printf("%.9g\n", simgrid_get_clock());
    return 0;
}
