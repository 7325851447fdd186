/* What the files of store/ share among themselves (not for app/, api/ or
 * cli/): the audit chain's head and entries as tx.c writes them. */
#ifndef FG_STORE_INTERNAL_H
#define FG_STORE_INTERNAL_H

#include "tx.h"

/* Reads and locks the chain head into b. */
int fg__audit_head(fg_db *db, fg_audit_batch *b, fg_err *err);
/* Hashes and queues one entry (its strings copied), writing a full chunk. */
int fg__audit_add_text(fg_db *db, fg_audit_batch *b, int64_t now_ms, const char *actor,
                       const char *action, const char *entity, const char *entity_id,
                       int32_t region, const char *detail, fg_err *err);
/* Writes what is queued and the new head. */
int fg__audit_flush_head(fg_db *db, fg_audit_batch *b, int64_t now_ms, fg_err *err);

#endif
