/* What the benchmark programs share: a monotonic clock, the message when a
 * step fails, and the tail of a baseline's blind write transaction (its audit
 * entry, then commit, or roll back), so that every baseline of "plain inserts
 * and audit entries" pays for its audit entries the same way. */
#ifndef FG_BENCH_H
#define FG_BENCH_H

#include <stdint.h>

#include "store/store.h"

/* Seconds on the monotonic clock. */
double fg_bench_now(void);

/* Prints "<prog>: <what>: <err's message>" to stderr; returns 1 (the exit
 * status of a failed benchmark). */
int fg_bench_fail(const char *prog, const char *what, const fg_err *err);

/* Ends a write transaction the caller began and wrote into: when rc is 0,
 * adds one audit entry (actor "bench", no detail) and commits; otherwise, or
 * when either fails, rolls back. Returns rc, or the first error after it. */
int fg_bench_audit_commit(fg_tx *tx, int rc, const char *action, const char *entity,
                          const char *entity_id, int32_t region, fg_err *err);

#endif
