/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: a --job JSON file read and resolved against a fixed topology. */
#include "fuzz_common.h"

#include "core/job.h"
#include "fuzz_small_topo.h"
#include "io/jobfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct fp_topo *topo = small_topo();
    struct fp_jobfile jf;
    struct fp_job_spec flags;
    struct fp_job job;
    struct fp_error err;
    int rc;

    memset(&jf, 0, sizeof(jf));
    fp_error_init(&err);
    rc = fp_jobfile_read(fuzz_file(data, size), &jf, &err);
    fuzz_check_error(rc, &err);
    if (rc == FP_OK) {
        fp_job_spec_init(&flags);
        memset(&job, 0, sizeof(job));
        rc = fp_job_resolve(topo, &flags, &jf.spec, &job, &err);
        fuzz_check_error(rc, &err);
        if (rc == FP_OK) {
            if (job.n_sites < 2 || !(job.gradient_bytes > 0)) {
                abort();
            }
            fp_job_release(&job);
        }
        fp_jobfile_release(&jf);
    }
    return 0;
}
