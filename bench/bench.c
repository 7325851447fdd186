/* Helpers shared by the benchmark programs (see bench.h). */
#include "bench.h"

#include <stdio.h>
#include <time.h>

double fg_bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int fg_bench_fail(const char *prog, const char *what, const fg_err *err)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, err->msg);
    return 1;
}

int fg_bench_audit_commit(fg_tx *tx, int rc, const char *action, const char *entity,
                          const char *entity_id, int32_t region, fg_err *err)
{
    if (rc == 0)
        rc = fg_tx_audit(tx, action, entity, entity_id, region, NULL, err);
    return fg_tx_end(tx, rc, err);
}
