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
#include "../util/arena.h"
#include "../util/buf.h"
#include "../util/err.h"
#include "db.h"

/* Entries are queued and written FG_AUDIT_CHUNK at a time in multi-row
 * INSERTs (a bulk import writes thousands in one transaction). A full chunk
 * is written when the next entry comes, so that the transaction's last
 * entry is still queued at its end: it seals the rows (audit_seal.c). */
#define FG_AUDIT_CHUNK 128
/* The chains one transaction may hold: the nation's and every province's. */
#define FG_AUDIT_CHAINS 48

/* The audit chain is partitioned by province (issue 17): each chain has its
 * head row in audit_chains. A transaction locks the heads of the chains its
 * entries go to when it writes them (at its end, or when a chunk is full),
 * in ascending order, so that writers in different provinces never wait for
 * each other and writers in one province append one after another. */
typedef struct fg_audit_head {
    int32_t chain;
    int64_t seq; /* the chain's newest entry, as this transaction has it */
    char hash[FG_AUDIT_HASH_HEX];
    bool moved; /* entries were appended: the head row is to be written */
} fg_audit_head;

typedef struct fg_audit_batch {
    size_t n_heads;
    fg_audit_head heads[FG_AUDIT_CHAINS]; /* the chains held (locked) */
    size_t n_pending;
    struct fg_audit_pending {
        char id[37];
        int32_t chain;
        int32_t region;
        char rows[FG_AUDIT_HASH_HEX]; /* the hash of the rows it seals, "" for none */
        char *rows_text;              /* owned: their list (fg_audit_rows_text), or NULL */
        size_t actor, action, entity, entity_id, detail; /* offsets into text */
    } pending[FG_AUDIT_CHUNK];
    fg_buf text; /* owned: copies of the entries' strings */
} fg_audit_batch;

/* Invariants: `db` is inside a write transaction from fg_tx_begin until
 * fg_tx_end or fg_tx_rollback; audit.heads are the chains it holds. */
typedef struct fg_tx {
    fg_db *db;
    int64_t now_ms;
    const char *actor; /* borrowed until fg_tx_end */
    bool open;
    size_t n_audit;       /* entries appended */
    const char *log_only; /* why this write carries no audit entry, or NULL */
    fg_audit_batch audit;
    /* Rows sealed from the values a bulk load wrote (fg__seal_row), not read
     * back; their keys live in known_keys. */
    fg_audit_row *known;
    size_t n_known, cap_known;
    bool known_sorted; /* fg__seal_prepare sorted them (and made known_text) */
    fg_arena known_keys;
    /* The seal's list of the known rows alone and its hash, made by
     * fg__seal_prepare (empty when it has not, or they repeat a key). */
    fg_buf known_text;
    char known_hash[FG_AUDIT_HASH_HEX];
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
/* Locks now the head of the chain `region` belongs to (its province's, or
 * the nation's for 0), as writing an entry there would at the end: writes
 * that must see each other's committed rows (two versions of one record,
 * a check of a state another write may change) take the same chain first.
 * Writers of other chains do not wait. */
int fg_tx_lock(fg_tx *tx, int32_t region, fg_err *err);
/* A number unique in the database and increasing on every engine (the
 * order the audit entries of all chains share): what orders records that
 * are kept in recording order (risk designations). */
int fg_tx_serial(fg_tx *tx, int64_t *out, fg_err *err);
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
