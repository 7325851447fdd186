/* The store: the process's database handle (one connection per thread), the
 * migrations, and, through one header per resource included here, every read
 * and write the application makes. Each write runs in one fg_tx together with
 * its audit entry (tx.h); nothing here decides policy. Functions take the
 * thread's connection (fg_store_conn) as `db`. */
#ifndef FG_STORE_STORE_H
#define FG_STORE_STORE_H

#include <stdint.h>

#include "../util/err.h"
#include "accounts.h"
#include "audit.h"
#include "chain.h"        /* chain-data: the supply-chain graph */
#include "coordination.h" /* coordination requests */
#include "critical.h"     /* critical-link marks (issue 12, part "critical") */
#include "db.h"
#include "enterprises.h"
#include "guidance.h"
#include "monitor.h" /* monitoring of work resumption (issue 13, part "monitor") */
#include "orders.h"
#include "pass_rules.h"
#include "passes.h"
#include "regions.h"
#include "reports.h"       /* daily reports (issue 13, part "reports") */
#include "service_flags.h" /* related services in step (issue 12, part "pool") */
#include "tx.h"
#include "watch.h" /* what servers cache, and when they let go (issue 17) */
/* white lists (issue 12, part "whitelist") */
#include "whitelists.h"
/* problems (issue 13, part "problems") */
#include "problems.h"
/* the alerts of daily monitoring (issue 13, the lead's part) */
#include "alerts.h"
/* production and contingency plans (issue 14, part "plans") */
#include "plans.h"
/* transfer stations (issue 14, part "stations") */
#include "stations.h"
/* policies that benefit enterprises (issue 15, part "policies") */
#include "policies.h"
#include "policy_reach.h" /* reach and re-matching marks (issue 15, part "reach") */
/* the delivery of policies (issue 15, part "delivery") */
#include "policy_claims.h"

typedef struct fg_store fg_store;

/* Opens the store at `dsn` (checks that a connection can be made). New. */
int fg_store_open(const char *dsn, fg_store **out, fg_err *err);
void fg_store_free(fg_store *s);
const char *fg_store_dsn(const fg_store *s);
/* The calling thread's connection, opened on first use and closed when the
 * thread ends (or with the store). Borrowed. */
int fg_store_conn(fg_store *s, fg_db **out, fg_err *err);

/* Bytes held by the page caches of the process's SQLite connections (0 when
 * only PostgreSQL is used): /metrics reports it beside the allocator's
 * figures (issue 16, the soak). */
int64_t fg_store_sqlite_cache(void);

/* ---- migrations and reference data (migrate.c) ---- */

/* Applies the embedded migrations not yet recorded, each in its own
 * transaction, then loads the GB/T 4754 divisions and, when there is none,
 * the default guidance table. *out_applied: how many migrations ran. */
int fg_store_migrate(fg_db *db, int64_t now_ms, int *out_applied, fg_err *err);

#endif
