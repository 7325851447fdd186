/* The write transaction with its audit entries (see tx.h). */
#include "tx.h"
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include "../util/assert.h"

int fg_tx_begin(fg_tx *tx, fg_db *db, int64_t now_ms, const char *actor, fg_err *err)
{
    memset(tx, 0, sizeof(*tx));
    tx->db = db;
    tx->now_ms = now_ms;
    tx->actor = actor;
    fg_buf_init(&tx->audit.text, 0);
    fg_arena_init(&tx->known_keys);
    fg_buf_init(&tx->known_text, (size_t)4 << 30); /* as the seal's list (audit_seal.c) */
    bool seal = fg__seal_ready();
    int rc = !db->sealed && seal ? fg__seal_connect(db, err) : 0;
    rc = rc ? rc : fg_db_begin(db, true, err);
    if (rc == 0 && seal && !db->sealed) {
        /* The driver replaced a lost connection as the transaction began: the
         * new session has no fg_dirty, and what it wrote would go unsealed.
         * Set it up outside a transaction (a rollback would take it away),
         * then begin again. */
        fg_db_rollback(db);
        rc = fg__seal_connect(db, err);
        rc = rc ? rc : fg_db_begin(db, true, err);
        if (rc == 0 && !db->sealed) {
            fg_db_rollback(db);
            rc = fg_err_at(err, FG_EUNAVAIL, NULL, "db.unavailable",
                           "the database connection was replaced twice as a write began; "
                           "try again shortly");
        }
    }
    tx->open = rc == 0;
    return rc;
}

int fg_tx_lock(fg_tx *tx, int32_t region, fg_err *err)
{
    FG_ASSERT(tx->open);
    return fg__audit_lock(tx->db, &tx->audit, fg_audit_chain_of(region), err);
}

int fg_tx_serial(fg_tx *tx, int64_t *out, fg_err *err)
{
    FG_ASSERT(tx->open);
    return tx->db->ops->serials(tx->db, out, 1, err);
}

int fg_tx_audit_text(fg_tx *tx, const char *action, const char *entity, const char *entity_id,
                     int32_t region, const char *detail, fg_err *err)
{
    FG_ASSERT(tx->open);
    int rc = fg__audit_add_text(tx->db, &tx->audit, tx->now_ms, tx->actor, action, entity,
                                entity_id, region, detail ? detail : "{}", err);
    tx->n_audit += rc == 0;
    return rc;
}

static int audit_json(fg_tx *tx, const char *actor, const char *action, const char *entity,
                      const char *entity_id, int32_t region, json_t *detail, fg_err *err)
{
    char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    if (detail && !text)
        return fg_err_set(err, FG_ENOMEM, "out of memory writing the audit entry");
    const char *saved = tx->actor;
    tx->actor = actor;
    int rc = fg_tx_audit_text(tx, action, entity, entity_id, region, text, err);
    tx->actor = saved;
    free(text);
    return rc;
}

int fg_tx_audit(fg_tx *tx, const char *action, const char *entity, const char *entity_id,
                int32_t region, json_t *detail, fg_err *err)
{
    return audit_json(tx, tx->actor, action, entity, entity_id, region, detail, err);
}

int fg_tx_audit_as(fg_tx *tx, const char *actor, const char *action, const char *entity,
                   const char *entity_id, int32_t region, json_t *detail, fg_err *err)
{
    return audit_json(tx, actor, action, entity, entity_id, region, detail, err);
}

void fg_tx_log_only(fg_tx *tx, const char *why)
{
    tx->log_only = why;
}

void fg_tx_rollback(fg_tx *tx)
{
    if (tx->open)
        fg_db_rollback(tx->db);
    tx->open = false;
    fg__audit_pending_clear(&tx->audit);
    fg_buf_release(&tx->audit.text);
    free(tx->known);
    tx->known = NULL;
    tx->n_known = tx->cap_known = 0;
    fg_arena_release(&tx->known_keys);
    fg_buf_release(&tx->known_text);
}

int fg_tx_end(fg_tx *tx, int rc, fg_err *err)
{
    if (!tx->open)
        return rc ? rc : fg_err_set(err, FG_EDB, "the transaction is not open");
    if (rc == 0 && tx->n_audit == 0 && !tx->log_only) {
        FG_ASSERT(!"a write transaction committed without an audit entry");
        rc = fg_err_set(err, FG_EDB,
                        "refusing to commit a change without its audit entry (a bug: the "
                        "change was rolled back)");
    }
    if (rc == 0 && tx->db->sealed)
        rc = fg__seal_commit(tx, err);
    if (rc == 0)
        rc = fg__audit_flush_head(tx->db, &tx->audit, tx->now_ms, err);
    if (rc == 0) {
        rc = fg_db_commit(tx->db, err);
        if (rc == 0) {
            tx->open = false;
            fg__seal_tidy(tx->db);
        }
    }
    fg_tx_rollback(tx);
    return rc;
}
