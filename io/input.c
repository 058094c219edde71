/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: bounded whole-file input (STYLE.md "Memory ownership": load under a byte cap). */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/xalloc.h"
#include "io/input.h"

void fp_input_release(struct fp_input *in)
{
    if (in == NULL) {
        return;
    }
    free(in->data);
    free(in->display);
    memset(in, 0, sizeof(*in));
}

int fp_input_read(const char *path, struct fp_input *in, struct fp_error *err)
{
    bool is_stdin = strcmp(path, "-") == 0;
    const char *display = is_stdin ? "<stdin>" : path;
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    size_t cap = 1 << 16, size = 0;
    char *buf = NULL;
    int rc = FP_OK;

    if (fd < 0) {
        return fp_error_set(err, FP_ENOINPUT, display, 0, "cannot open: %s", strerror(errno));
    }
    if (fstat(fd, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            rc = fp_error_set(err, FP_ENOINPUT, display, 0, "cannot read: is a directory");
            goto out;
        }
        if (S_ISREG(st.st_mode) && (size_t)st.st_size > FP_INPUT_MAX_BYTES) {
            rc = fp_error_set(err, FP_EDATA, display, 0,
                              "file is larger than the input limit of %zu MiB",
                              FP_INPUT_MAX_BYTES >> 20);
            goto out;
        }
        if (S_ISREG(st.st_mode) && (size_t)st.st_size + 1 > cap) {
            cap = (size_t)st.st_size + 1;
        }
    }
    buf = fp_xmalloc(cap);
    for (;;) {
        ssize_t n;
        if (size + 1 >= cap) {
            if (cap > FP_INPUT_MAX_BYTES) {
                rc = fp_error_set(err, FP_EDATA, display, 0,
                                  "file is larger than the input limit of %zu MiB",
                                  FP_INPUT_MAX_BYTES >> 20);
                goto out;
            }
            cap *= 2;
            buf = fp_xrealloc(buf, cap, 1);
        }
        n = read(fd, buf + size, cap - size - 1);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            rc = fp_error_set(err, FP_ENOINPUT, display, 0, "cannot read: %s", strerror(errno));
            goto out;
        }
        if (n == 0) {
            break;
        }
        size += (size_t)n;
    }
    if (size > FP_INPUT_MAX_BYTES) {
        rc = fp_error_set(err, FP_EDATA, display, 0, "file is larger than the input limit of %zu MiB",
                          FP_INPUT_MAX_BYTES >> 20);
        goto out;
    }
    buf[size] = '\0';
    in->data = buf;
    in->size = size;
    in->display = fp_xstrdup(display);
    buf = NULL;
out:
    free(buf);
    if (!is_stdin) {
        close(fd);
    }
    return rc;
}

long fp_input_line_at(const struct fp_input *in, size_t off)
{
    long line = 1;
    size_t i;
    for (i = 0; i < off && i < in->size; i++) {
        line += in->data[i] == '\n';
    }
    return line;
}
