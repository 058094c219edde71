/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: scenarios in worker processes (fork and pipes) or MPI ranks, merged in task
 * order (MODEL.md "Failures", "Planning": sweep). */
#include "core/farm.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef FP_MPI
#include <mpi.h>
#endif

#include "core/xalloc.h"

#define NOT_RUN (-1)
#define STOP_POLL_MS 100   /* how often the parent looks at the stop flag */   /* rc of a task no worker got to (an earlier one failed) */

void fp_buf_put(struct fp_buf *b, const void *p, size_t n)
{
    if (n == 0) {
        return;   /* an empty array's NULL: memcpy may not take it, even for 0 bytes */
    }
    if (b->len + n > b->cap) {
        size_t cap = b->cap == 0 ? 256 : b->cap;
        while (cap < b->len + n) {
            cap *= 2;
        }
        b->data = fp_xrealloc(b->data, cap, 1);
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

bool fp_buf_get(const struct fp_buf *b, size_t *pos, void *p, size_t n)
{
    if (*pos > b->len || b->len - *pos < n) {
        return false;
    }
    if (n == 0) {
        return true;
    }
    memcpy(p, b->data + *pos, n);
    *pos += n;
    return true;
}

void fp_buf_release(struct fp_buf *b)
{
    if (b != NULL) {
        free(b->data);
        memset(b, 0, sizeof(*b));
    }
}

/* What a worker sends before a task's bytes. */
struct header {
    long task;
    int rc;
    size_t len;
    struct fp_error err;
};

/* A child solving one task. */
struct worker {
    pid_t pid;        /* -1: slot free */
    int result_fd;    /* child -> parent: header and bytes */
    long task;
};

/* The tasks one process runs: local task j is global task first + j * stride. */
struct share {
    long n, first, stride;
    fp_farm_task_fn *fn;
    void *ctx;
    volatile sig_atomic_t *stop;
    const struct fp_deadline *dl;   /* or NULL */
    struct fp_buf *results;      /* per local task */
    int *rc;                     /* per local task: FP_OK, an fp_rc, or NOT_RUN */
    struct fp_error *err;        /* per local task */
    fp_farm_done_fn *done;       /* or NULL */
    void *done_ctx;
    long n_done;
};

static bool write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n > 0) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            return false;
        }
        c += w;
        n -= (size_t)w;
    }
    return true;
}

/* Reads exactly n bytes; false on end of file or error. */
static bool read_all(int fd, void *p, size_t n)
{
    char *c = p;
    while (n > 0) {
        ssize_t r = read(fd, c, n);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            return false;
        }
        c += r;
        n -= (size_t)r;
    }
    return true;
}

static void run_one(struct share *s, long j)
{
    fp_error_init(&s->err[j]);
    s->rc[j] = s->fn(s->ctx, s->first + j * s->stride, &s->results[j], &s->err[j]);
}

/* A worker's stop flag (the parent's, copied by fork). */
static volatile sig_atomic_t *worker_stop;

/* In a worker, every SIGINT, SIGTERM or SIGHUP only asks the solve to stop: a signal sent to
 * the whole process group (Ctrl-C, kill -- -PGID) reaches the worker, and then the parent
 * forwards its own, and a second signal must not kill a worker that is writing its best
 * result. The parent decides when to give up. */
static void worker_on_signal(int sig)
{
    (void)sig;
    if (worker_stop != NULL) {
        *worker_stop = 1;
    }
}

static void worker_signals(struct share *s)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = worker_on_signal;
    sigemptyset(&sa.sa_mask);
    worker_stop = s->stop;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

/* In the child: solve task j, send its header and bytes, and end without running the parent's
 * atexit handlers (they would remove the parent's temporary output files). */
static void child_main(struct share *s, long j, int result_fd)
{
    struct header h;
    run_one(s, j);
    memset(&h, 0, sizeof(h));
    h.task = j;
    h.rc = s->rc[j];
    h.len = s->results[j].len;
    h.err = s->err[j];
    if (!write_all(result_fd, &h, sizeof(h)) || !write_all(result_fd, s->results[j].data, s->results[j].len)) {
        _exit(1);
    }
    _exit(0);
}

static void died(struct share *s, long j, pid_t pid)
{
    int status = 0;
    char how[64] = "exited";
    if (waitpid(pid, &status, 0) == pid) {
        if (WIFSIGNALED(status)) {
            snprintf(how, sizeof(how), "was killed by signal %d", WTERMSIG(status));
        } else if (WIFEXITED(status)) {
            snprintf(how, sizeof(how), "exited with status %d", WEXITSTATUS(status));
        }
    }
    s->rc[j] = fp_error_set(&s->err[j], FP_ESOFTWARE, NULL, 0,
                            "internal: the worker solving scenario %ld %s", s->first + j * s->stride + 1, how);
}

/* Starts a child for task j in slot w. */
static int spawn(struct share *s, struct worker *w, long j, struct fp_error *err)
{
    int rp[2];
    pid_t pid;
    sigset_t block, old;
    int fork_errno;
    if (pipe(rp) != 0) {
        return fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: cannot start a worker: %s", strerror(errno));
    }
    fflush(NULL);
    /* no signal between fork and the worker's own handlers: a child forked after a stop
     * request inherits the stop flag, and the parent's handler would take the next signal
     * (the forwarded SIGINT) for a second one and kill it */
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigprocmask(SIG_BLOCK, &block, &old);
    pid = fork();
    fork_errno = errno;
    if (pid == 0) {
        worker_signals(s);
        sigprocmask(SIG_SETMASK, &old, NULL);
        close(rp[0]);
        child_main(s, j, rp[1]);
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (pid < 0) {
        close(rp[0]);
        close(rp[1]);
        return fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: cannot start a worker: %s",
                            strerror(fork_errno));
    }
    close(rp[1]);
    w->pid = pid;
    w->result_fd = rp[0];
    w->task = j;
    return FP_OK;
}

/* Reads the finished child's result into the share and reaps it. */
static void collect(struct share *s, struct worker *w)
{
    struct header h;
    long j = w->task;
    bool ok = read_all(w->result_fd, &h, sizeof(h)) && h.task == j;
    if (ok) {
        s->results[j].len = 0;
        if (h.len > 0) {
            char *bytes = fp_xmalloc(h.len);
            ok = read_all(w->result_fd, bytes, h.len);
            if (ok) {
                fp_buf_put(&s->results[j], bytes, h.len);
            }
            free(bytes);
        }
    }
    close(w->result_fd);
    if (!ok) {
        died(s, j, w->pid);
    } else {
        s->rc[j] = h.rc;
        s->err[j] = h.err;
        while (waitpid(w->pid, NULL, 0) < 0 && errno == EINTR) {
        }
    }
    w->pid = -1;
    w->task = -1;
}

/* Runs the share with up to `jobs` children at a time, one fresh child per task: each task
 * starts from this process's state (GLPK and igraph included), so a task's result does not
 * depend on which tasks ran before it or how many run at once. Stops handing out tasks after
 * the first failure; FP_ESOFTWARE when a child cannot be started. */
static int run_forked(struct share *s, int jobs, struct fp_error *err)
{
    struct worker *w = fp_xcalloc((size_t)jobs, sizeof(struct worker));
    struct pollfd *pfd = fp_xcalloc((size_t)jobs, sizeof(struct pollfd));
    long next = 0;
    int i, busy = 0, rc = FP_OK;
    bool failed = false, forwarded = false;

    for (i = 0; i < jobs; i++) {
        w[i].pid = -1;
        w[i].task = -1;
    }
    for (;;) {
        int ready;
        while (rc == FP_OK && !failed && next < s->n &&
               ((s->stop != NULL && *s->stop) || (s->dl != NULL && fp_deadline_passed(s->dl)))) {
            /* a stop request or the deadline: the tasks not begun answer here, one after
             * another, without a worker (a task answers a stop at once; a fork each took
             * 1-1.5 s over the scenarios of a 750-node failures run natively, 6-10 s under
             * ASan) */
            run_one(s, next);
            failed = s->rc[next] != FP_OK;
            next++;
            if (s->done != NULL) {
                s->done(s->done_ctx, ++s->n_done, s->n);
            }
        }
        for (i = 0; i < jobs && rc == FP_OK && !failed && next < s->n; i++) {
            if (w[i].pid < 0) {
                rc = spawn(s, &w[i], next, err);
                if (rc == FP_OK) {
                    next++;
                    busy++;
                }
            }
        }
        if (busy == 0) {
            break;
        }
        if (!forwarded && s->stop != NULL && *s->stop) {
            for (i = 0; i < jobs; i++) {
                if (w[i].pid > 0) {
                    kill(w[i].pid, SIGINT);
                }
            }
            forwarded = true;
        }
        for (i = 0; i < jobs; i++) {
            pfd[i].fd = w[i].pid > 0 ? w[i].result_fd : -1;
            pfd[i].events = POLLIN;
            pfd[i].revents = 0;
        }
        ready = poll(pfd, (nfds_t)jobs, STOP_POLL_MS);
        if (ready < 0 && errno != EINTR) {
            rc = fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: poll: %s", strerror(errno));
            failed = true;
        }
        for (i = 0; ready > 0 && i < jobs; i++) {
            if (w[i].pid > 0 && pfd[i].revents != 0) {
                long j = w[i].task;
                collect(s, &w[i]);
                busy--;
                if (s->done != NULL) {
                    s->done(s->done_ctx, ++s->n_done, s->n);
                }
                failed = failed || s->rc[j] != FP_OK;
            }
        }
        if (rc != FP_OK && busy > 0) {
            continue;   /* let the running children finish */
        }
    }
    free(w);
    free(pfd);
    return rc;
}

static int run_share(struct share *s, int jobs, struct fp_error *err)
{
    long j;
    for (j = 0; j < s->n; j++) {
        s->rc[j] = NOT_RUN;
    }
    if (jobs > s->n) {
        jobs = (int)s->n;
    }
    return s->n > 0 ? run_forked(s, jobs > 1 ? jobs : 1, err) : FP_OK;
}

#ifdef FP_MPI
static int mpi_rank, mpi_size = 1;
#endif

void fp_farm_init(int *argc, char ***argv)
{
#ifdef FP_MPI
    MPI_Init(argc, argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &mpi_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &mpi_size);
#else
    (void)argc;
    (void)argv;
#endif
}

void fp_farm_finish(void)
{
#ifdef FP_MPI
    MPI_Finalize();
#endif
}

bool fp_farm_root(void)
{
#ifdef FP_MPI
    return mpi_rank == 0;
#else
    return true;
#endif
}

int fp_farm_ranks(void)
{
#ifdef FP_MPI
    return mpi_size;
#else
    return 1;
#endif
}

#ifdef FP_MPI
/* Rank r > 0 sends the header and bytes of each of its tasks, in order, to rank 0. */
static void mpi_send(const struct share *s)
{
    long j;
    for (j = 0; j < s->n; j++) {
        struct header h;
        memset(&h, 0, sizeof(h));
        h.task = s->first + j * s->stride;
        h.rc = s->rc[j] == NOT_RUN ? FP_ESOFTWARE : s->rc[j];
        h.err = s->err[j];
        if (s->rc[j] == NOT_RUN) {
            fp_error_init(&h.err);
            fp_error_set(&h.err, FP_ESOFTWARE, NULL, 0, "internal: scenario %ld not run", h.task + 1);
        }
        h.len = s->results[j].len;
        MPI_Send(&h, (int)sizeof(h), MPI_BYTE, 0, 1, MPI_COMM_WORLD);
        if (h.len > 0) {
            MPI_Send(s->results[j].data, (int)h.len, MPI_BYTE, 0, 2, MPI_COMM_WORLD);
        }
    }
}

static void mpi_receive(long task, struct fp_buf *out, int *rc, struct fp_error *err)
{
    struct header h;
    int source = (int)(task % mpi_size);
    MPI_Recv(&h, (int)sizeof(h), MPI_BYTE, source, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    out->len = 0;
    if (h.len > 0) {
        char *bytes = fp_xmalloc(h.len);
        MPI_Recv(bytes, (int)h.len, MPI_BYTE, source, 2, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        fp_buf_put(out, bytes, h.len);
        free(bytes);
    }
    *rc = h.rc;
    *err = h.err;
}
#endif

int fp_farm_run(long n_tasks, int jobs, volatile sig_atomic_t *stop, const struct fp_deadline *dl,
                fp_farm_task_fn *fn, void *ctx, fp_farm_done_fn *done, void *done_ctx,
                struct fp_buf *results, struct fp_error *err)
{
    struct share s;
    int rc;
    long i, stride = fp_farm_ranks(), first = 0;
    int *all_rc;
    struct fp_error *all_err;

#ifdef FP_MPI
    first = mpi_rank;
#endif
    memset(&s, 0, sizeof(s));
    s.first = first;
    s.stride = stride;
    s.n = n_tasks > first ? (n_tasks - first + stride - 1) / stride : 0;
    s.fn = fn;
    s.ctx = ctx;
    s.stop = stop;
    s.dl = dl;
    s.done = done;
    s.done_ctx = done_ctx;
    s.rc = fp_xcalloc((size_t)s.n + 1, sizeof(int));
    s.err = fp_xcalloc((size_t)s.n + 1, sizeof(struct fp_error));
    s.results = stride == 1 ? results : fp_xcalloc((size_t)s.n + 1, sizeof(struct fp_buf));
    rc = run_share(&s, jobs, err);
    all_rc = fp_xcalloc((size_t)n_tasks + 1, sizeof(int));
    all_err = fp_xcalloc((size_t)n_tasks + 1, sizeof(struct fp_error));
    if (stride == 1) {
        memcpy(all_rc, s.rc, (size_t)n_tasks * sizeof(int));
        memcpy(all_err, s.err, (size_t)n_tasks * sizeof(struct fp_error));
    }
#ifdef FP_MPI
    else if (mpi_rank != 0) {
        mpi_send(&s);
    } else {
        for (i = 0; i < n_tasks; i++) {
            if (i % stride == 0) {
                results[i] = s.results[i / stride];
                all_rc[i] = s.rc[i / stride];
                all_err[i] = s.err[i / stride];
            } else {
                mpi_receive(i, &results[i], &all_rc[i], &all_err[i]);
            }
        }
    }
    if (stride > 1 && mpi_rank != 0) {
        for (i = 0; i < s.n; i++) {
            fp_buf_release(&s.results[i]);
        }
    }
    if (stride > 1) {
        free(s.results);
    }
#endif
    for (i = 0; rc == FP_OK && fp_farm_root() && i < n_tasks; i++) {
        if (all_rc[i] != FP_OK && all_rc[i] != NOT_RUN) {
            *err = all_err[i];
            rc = all_rc[i];
        }
    }
    free(all_rc);
    free(all_err);
    free(s.rc);
    free(s.err);
    return rc;
}
