/* One write transaction together with its audit entries. Every change to the
 * database goes through a fg_tx: begin takes the write lock, fg_tx_audit
 * appends entries to the chain inside the transaction, fg_tx_end commits when
 * the work succeeded and rolls back otherwise. A transaction that would commit
 * without an audit entry fails (an assertion in debug builds, FG_EDB always),
 * unless the write declared itself a log of its own (fg_tx_log_only). */
#ifndef FG_STORE_TX_H
#define FG_STORE_TX_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../core/audit.h"
#include "../util/buf.h"
#include "../util/err.h"
#include "db.h"

/* Entries are queued and written FG_AUDIT_CHUNK at a time in multi-row
 * INSERTs (a bulk import writes thousands in one transaction). A full chunk
 * is written when the next entry comes, so that the transaction's last
 * entry is still queued at its end: it seals the rows (audit_seal.c). */
#define FG_AUDIT_CHUNK 128

typedef struct fg_audit_batch {
    int64_t seq; /* the chain head as of the last entry */
    char hash[FG_AUDIT_HASH_HEX];
    size_t n_pending;
    struct fg_audit_pending {
        int64_t seq;
        char id[37];
        char hash[FG_AUDIT_HASH_HEX];
        char prev[FG_AUDIT_HASH_HEX]; /* the hash it follows */
        char rows[FG_AUDIT_HASH_HEX]; /* the hash of the rows it seals, "" for none */
        char *rows_text;              /* owned: their list (fg_audit_rows_text), or NULL */
        size_t actor, action, entity, entity_id, detail; /* offsets into text */
        int32_t region;
    } pending[FG_AUDIT_CHUNK];
    fg_buf text; /* owned: copies of the entries' strings */
} fg_audit_batch;

/* Invariants: `db` is inside a write transaction from fg_tx_begin until
 * fg_tx_end or fg_tx_rollback; `head_read` once the chain head is held. */
typedef struct fg_tx {
    fg_db *db;
    int64_t now_ms;
    const char *actor; /* borrowed until fg_tx_end */
    bool open;
    bool head_read;       /* the chain head is read and locked */
    size_t n_audit;       /* entries appended */
    const char *log_only; /* why this write carries no audit entry, or NULL */
    fg_audit_batch audit;
} fg_tx;

/* Opens a write transaction on `db` for `actor` at `now_ms`. */
int fg_tx_begin(fg_tx *tx, fg_db *db, int64_t now_ms, const char *actor, fg_err *err);
/* Appends an audit entry (its strings are copied). detail: borrowed JSON
 * object ({"before":..., "after":...}) or NULL for {}. */
int fg_tx_audit(fg_tx *tx, const char *action, const char *entity, const char *entity_id,
                int32_t region, json_t *detail, fg_err *err);
/* As fg_tx_audit, with the detail already compact JSON text (borrowed). */
int fg_tx_audit_text(fg_tx *tx, const char *action, const char *entity, const char *entity_id,
                     int32_t region, const char *detail, fg_err *err);
/* As fg_tx_audit, recorded as done by `actor` (such as "system": what the
 * system does in the course of someone's change). */
int fg_tx_audit_as(fg_tx *tx, const char *actor, const char *action, const char *entity,
                   const char *entity_id, int32_t region, json_t *detail, fg_err *err);
/* The sequence number the next audit entry will have (reads and locks the
 * chain head if not yet done): what orders records by the chain. */
int fg_tx_next_seq(fg_tx *tx, int64_t *out, fg_err *err);
/* Declares that this transaction's writes are a log of their own (such as the
 * checkpoint log of pass checks) and carry no audit entry. `why`: a literal. */
void fg_tx_log_only(fg_tx *tx, const char *why);
/* Ends the transaction: with rc == 0 writes the queued entries and the chain
 * head and commits; otherwise, or when that fails, rolls back. Returns rc, or
 * the commit's error. A commit with no audit entry (and no fg_tx_log_only)
 * rolls back and fails with FG_EDB. */
int fg_tx_end(fg_tx *tx, int rc, fg_err *err);
/* Rolls back (idempotent). */
void fg_tx_rollback(fg_tx *tx);

#endif
