/* What the files of store/ share among themselves (not for app/, api/ or
 * cli/): the audit chain's head and entries as tx.c writes them. */
#ifndef FG_STORE_INTERNAL_H
#define FG_STORE_INTERNAL_H

#include "tx.h"

/* Locks the head of `chain` and reads it into b (once per transaction). */
int fg__audit_lock(fg_db *db, fg_audit_batch *b, int32_t chain, fg_err *err);
/* Queues one entry (its strings copied), writing a full chunk first. */
int fg__audit_add_text(fg_db *db, fg_audit_batch *b, int64_t now_ms, const char *actor,
                       const char *action, const char *entity, const char *entity_id,
                       int32_t region, const char *detail, fg_err *err);
/* Makes the last queued entry cover the rows its transaction leaves behind
 * (rows_text, owned from here on, and its hash rows_hash: see
 * fg_audit_rows_text). */
void fg__audit_seal_last(fg_audit_batch *b, const char *rows_hash, char *rows_text);
/* Drops the queued entries (and the lists they own). */
void fg__audit_pending_clear(fg_audit_batch *b);
/* Row sealing (audit_seal.c). Whether the database has been migrated to seal
 * rows in this process (fg_store_migrate ran). */
bool fg__seal_ready(void);
/* Sets up this connection's fg_dirty and row triggers (outside any
 * transaction). */
int fg__seal_connect(fg_db *db, fg_err *err);
/* At a transaction's end, before its entries are written: seals the rows
 * it wrote with its last entry (adding a system entry audit.seal to a
 * transaction that has none). */
int fg__seal_commit(fg_tx *tx, fg_err *err);
/* After a commit: gives back the space of the rows emptied from fg_dirty
 * once there are enough of them (the engine's dirty_vacuum). */
void fg__seal_tidy(fg_db *db);
/* A bulk load by COPY (store/enterprises.c, PostgreSQL): `table`'s rows
 * written by this transaction's next statements are not recorded in
 * fg_dirty (pause, table) until it resumes (pause, ""); the loader seals each
 * row with fg__seal_row from the values it wrote: every column of the row in
 * the table's order, as the database returns them as text (NULL for SQL
 * NULL). At the end a sample is read back and compared; a difference reads
 * every such row back instead. Pausing can only leave rows unsealed, which
 * deep verification reports: it hides nothing. */
int fg__seal_pause(fg_tx *tx, const char *table, fg_err *err);
int fg__seal_row(fg_tx *tx, const char *table, const char *k1, const char *const *vals, int n,
                 fg_err *err);
/* Puts the rows sealed so far in the list's order and makes their list and
 * hash, ahead of commit: a loader calls it while the server is still storing
 * its last rows. */
void fg__seal_prepare(fg_tx *tx);
/* After the migrations, under their lock: installs the engine's persistent
 * parts, sets up this connection, and seals the rows present before row
 * sealing existed (once per database). */
int fg__seal_install(fg_db *db, int64_t now_ms, fg_err *err);
/* Writes what is queued (locking the heads of its chains, hashing each entry
 * after the one before it in its chain) and the heads moved. */
int fg__audit_flush_head(fg_db *db, fg_audit_batch *b, int64_t now_ms, fg_err *err);

#endif
