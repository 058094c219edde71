/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: atomic writes through a temporary file and rename (STYLE.md "Memory ownership"). */
#define _XOPEN_SOURCE 700 /* realpath() */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/xalloc.h"
#include "io/outfile.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* The temporary file being written; "" when none. Read by signal handlers. */
static char pending[PATH_MAX + 32];
static volatile sig_atomic_t have_pending;

void fp_outfile_abort(void)
{
    if (have_pending) {
        unlink(pending);
        have_pending = 0;
    }
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

static int write_in_place(const char *path, const char *data, size_t len, struct fp_error *err)
{
    int fd = open(path, O_WRONLY | O_TRUNC | O_CREAT | O_CLOEXEC, 0666);
    int rc = FP_OK;
    if (fd < 0) {
        return fp_error_set(err, FP_ECANTCREAT, path, 0, "cannot write: %s", strerror(errno));
    }
    if (write_all(fd, data, len) != 0) {
        rc = fp_error_set(err, FP_ECANTCREAT, path, 0, "cannot write: %s", strerror(errno));
    }
    if (close(fd) != 0 && rc == FP_OK) {
        rc = fp_error_set(err, FP_ECANTCREAT, path, 0, "cannot write: %s", strerror(errno));
    }
    return rc;
}

int fp_outfile_write(const char *path, const char *data, size_t len, struct fp_error *err)
{
    struct stat st;
    char *resolved = NULL;
    const char *target = path, *slash;
    size_t dirlen;
    mode_t mode = 0666, mask;
    sigset_t block, old;
    int fd, rc = FP_OK;

    if (path[0] == '\0' || strlen(path) > PATH_MAX) {
        return fp_error_set(err, FP_ECANTCREAT, path, 0, "cannot write: invalid path");
    }
    /* A symlink is followed (git lockfile.h): renaming onto it would replace the link, and
     * /dev/stdout or /proc/self/fd/N must reach the open file, so those are written in place. */
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
        resolved = realpath(path, NULL);
        if (resolved == NULL || strncmp(resolved, "/proc/", 6) == 0 ||
            strncmp(resolved, "/dev/", 5) == 0) {
            free(resolved);
            return write_in_place(path, data, len, err);
        }
        target = resolved;
    }
    if (stat(target, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            free(resolved);
            return fp_error_set(err, FP_ECANTCREAT, path, 0, "cannot write: is a directory");
        }
        if (!S_ISREG(st.st_mode)) {
            free(resolved);
            return write_in_place(path, data, len, err);
        }
        mode = st.st_mode & 07777;
    } else {
        mask = umask(0);
        umask(mask);
        mode &= ~mask;
    }
    slash = strrchr(target, '/');
    dirlen = slash != NULL ? (size_t)(slash - target) + 1 : 0;

    /* Block the signals whose handlers call fp_outfile_abort() while the name is set. */
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigprocmask(SIG_BLOCK, &block, &old);
    snprintf(pending, sizeof(pending), "%.*s.%s.tmpXXXXXX", (int)dirlen, target,
             slash != NULL ? slash + 1 : target);
    fd = mkstemp(pending);
    if (fd >= 0) {
        have_pending = 1;
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (fd < 0) {
        rc = fp_error_set(err, FP_ECANTCREAT, path, 0, "cannot create: %s", strerror(errno));
        free(resolved);
        return rc;
    }
    if (fchmod(fd, mode) != 0 || write_all(fd, data, len) != 0 || fsync(fd) != 0) {
        rc = fp_error_set(err, FP_ECANTCREAT, path, 0, "cannot write: %s", strerror(errno));
        close(fd);
    } else if (close(fd) != 0) {
        rc = fp_error_set(err, FP_ECANTCREAT, path, 0, "cannot write: %s", strerror(errno));
    } else if (rename(pending, target) != 0) {
        rc = fp_error_set(err, FP_ECANTCREAT, path, 0, "cannot rename into place: %s",
                          strerror(errno));
    }
    sigprocmask(SIG_BLOCK, &block, &old);
    if (rc != FP_OK) {
        unlink(pending);
    }
    have_pending = 0;
    sigprocmask(SIG_SETMASK, &old, NULL);
    free(resolved);
    return rc;
}
