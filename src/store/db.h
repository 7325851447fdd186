/* The storage driver interface: a connection, prepared statements with
 * positional `?` parameters, transactions. Each driver (SQLite now, PostgreSQL
 * next) fills one `const struct fg_db_ops`; code above this line never knows
 * which it holds. SQL given to it is written in the portable subset both
 * engines accept (no INSERT OR REPLACE, no AUTOINCREMENT, no RETURNING on
 * SQLite-only forms; upserts as INSERT ... ON CONFLICT (...) DO UPDATE). */
#ifndef FG_STORE_DB_H
#define FG_STORE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"

typedef struct fg_db fg_db;
typedef struct fg_stmt fg_stmt;

struct fg_db_ops {
    const char *name;
    /* Run outside a transaction once a connection's fg_dirty has been
     * emptied of FG_DIRTY_VACUUM_ROWS rows (audit_seal.c): gives their space
     * back. PostgreSQL never vacuums a temporary table, so the rows each
     * write's DELETE left dead stayed, and every write of a long-lived
     * connection read all that its writes before had recorded. NULL where
     * a DELETE without WHERE frees the pages (SQLite). */
    const char *dirty_vacuum;
    /* Opens a connection; *out is new, closed with close(). */
    int (*open)(const char *dsn, fg_db **out, fg_err *err);
    void (*close)(fg_db *db);
    /* Runs a script of statements without parameters or results. */
    int (*exec)(fg_db *db, const char *sql, fg_err *err);
    /* A prepared statement for `sql`, cached on the connection by the address
     * of `sql` (pass string literals), reset and with its bindings cleared.
     * The statement stays owned by the connection. */
    int (*prepare)(fg_db *db, const char *sql, fg_stmt **out, fg_err *err);
    /* Binds parameter idx (1-based). Text is copied; NULL binds SQL NULL. */
    int (*bind_text)(fg_stmt *st, int idx, const char *s);
    int (*bind_int)(fg_stmt *st, int idx, int64_t v);
    /* 1: a row is ready; 0: done; negative: error (err filled; a unique key
     * violation is FG_EEXIST, a busy database FG_EUNAVAIL). */
    int (*step)(fg_stmt *st, fg_err *err);
    /* Column values of the current row, 0-based; text is NULL for SQL NULL and
     * valid until the next step or reset. */
    const char *(*col_text)(fg_stmt *st, int col);
    int64_t (*col_int)(fg_stmt *st, int col);
    void (*reset)(fg_stmt *st);
    /* Transactions. A write transaction takes the write lock at once. Read
     * transactions nest (inner begin/commit only count); a write transaction
     * cannot be opened inside another transaction. */
    int (*begin)(fg_db *db, bool write, fg_err *err);
    /* A read transaction that sees one snapshot for all its statements (for
     * reads that must agree with each other, such as verifying the chain). */
    int (*begin_snapshot)(fg_db *db, fg_err *err);
    int (*commit)(fg_db *db, fg_err *err);
    void (*rollback)(fg_db *db);
    /* Rows changed by the last statement. */
    int64_t (*changes)(fg_db *db);
    /* Tunes the connection for one large write transaction (a bulk import)
     * and back; engines without such a setting ignore it. */
    void (*bulk)(fg_db *db, bool on);
    /* Takes (on) or releases the lock that lets one process at a time run
     * migrations; others wait, then find them done. */
    int (*lock_migrations)(fg_db *db, bool on, fg_err *err);
    /* Writes a consistent copy of the database to `path` while it is in use:
     * a SQLite file (online backup), or a pg_dump custom-format archive.
     * `dsn` is the one the connection was opened with. */
    int (*backup)(fg_db *db, const char *dsn, const char *path, fg_err *err);
    /* Number of columns of the statement's rows. */
    int (*col_count)(fg_stmt *st);
    /* Row sealing (src/store/audit_seal.c): makes every insert, update and
     * delete of `table` made on this connection record the row's key
     * columns (keys[0..nkeys), as text; '' for the missing ones) in the
     * connection's temporary table fg_dirty (tbl, k1, k2, k3), and only this
     * connection's: writes made by other programs record nothing, so that no
     * later transaction can seal them. `persistent` calls install what the
     * engine keeps in the database (PostgreSQL's trigger function and
     * triggers; called under the migration lock); the others, once per
     * connection, what lives with the connection (SQLite's TEMP triggers). */
    int (*seal_table)(fg_db *db, const char *table, const char *const *keys, int nkeys,
                      bool persistent, fg_err *err);
    /* n numbers into out[0..n), unique in the database and greater than
     * every number handed out before (gaps allowed): the order the audit
     * entries of all chains share (audit_log.seq), taken without a row
     * every writer waits for (a sequence on PostgreSQL; the largest seq
     * under SQLite's one writer). n == 0 sets up what the engine needs
     * (called after the migrations, under their lock). */
    int (*serials)(fg_db *db, int64_t *out, int n, fg_err *err);
    /* Cross-server invalidation of caches (issue 17, src/store/watch.c).
     * watch_table: every statement that changes `table` on any connection,
     * of this program or another, moves `topic`'s epoch in the database
     * within its transaction (PostgreSQL's statement trigger adding one to
     * a counter of the topic's, one of many so that writers do not queue on
     * one row; installed under the migration lock). Engines whose database
     * lives in one process's files do nothing. watch_read: reads every
     * topic's epoch as committed now and calls fn(topic, epoch, ctx) for
     * each; 0, FG_EUNAVAIL when the connection is lost, or FG_EDB when the
     * engine keeps none (SQLite). */
    int (*watch_table)(fg_db *db, const char *table, const char *topic, fg_err *err);
    /* Bulk load (issue 17), inside the open write transaction. copy_begin
     * runs `sql`, a "COPY table (columns) FROM STDIN"; copy_data sends rows
     * in COPY's text format as the caller makes them (the server stores them
     * meanwhile: a send waits only while the server is behind); copy_end
     * ends the statement with its errors, as step's (a unique key violation
     * is FG_EEXIST). Between begin and end the connection runs nothing else
     * (a statement is refused); a rollback ends the COPY. NULL for engines
     * without it (SQLite): callers insert instead. fg_db_copy_in below does
     * the three for rows already made. */
    int (*copy_begin)(fg_db *db, const char *sql, fg_err *err);
    int (*copy_data)(fg_db *db, const char *data, size_t len, fg_err *err);
    int (*copy_end)(fg_db *db, fg_err *err);
    int (*watch_read)(fg_db *db, void (*fn)(const char *topic, int64_t epoch, void *ctx), void *ctx,
                      fg_err *err);
};

/* Every driver's connection starts with this. */
struct fg_db {
    const struct fg_db_ops *ops;
    bool sealed;           /* fg_dirty and the row triggers are set up (audit_seal.c) */
    int64_t dirty_emptied; /* rows emptied from fg_dirty since its last dirty_vacuum */
};

extern const struct fg_db_ops fg_db_sqlite_ops;
/* Bytes held by the page caches of every SQLite connection of the process
 * (as counted at the end of each one's last transaction). */
int64_t fg_db_sqlite_cache_bytes(void);
extern const struct fg_db_ops fg_db_pg_ops;

/* Picks the driver from the DSN ("postgresql://..." or "postgres://...", else
 * a SQLite file path) and opens. */
int fg_db_open(const char *dsn, fg_db **out, fg_err *err);
void fg_db_close(fg_db *db);

/* Prepares `sql` and binds the arguments described by `types`, one letter
 * each: 't' const char * (NULL is SQL NULL), 'i' int64_t, 'd' int (widened),
 * 'b' bool, 'r' int
 * that binds SQL NULL when negative, 'n' int64_t that binds SQL NULL when negative. The statement
 * is then stepped with fg_db_step. */
int fg_db_query(fg_db *db, fg_stmt **out, fg_err *err, const char *sql, const char *types, ...);
/* As fg_db_query, then steps to completion (for INSERT/UPDATE/DELETE). */
int fg_db_run(fg_db *db, fg_err *err, const char *sql, const char *types, ...);
/* A COPY of data[0..len) (the engine's copy_begin, copy_data, copy_end). */
int fg_db_copy_in(fg_db *db, const char *sql, const char *data, size_t len, fg_err *err);
/* As fg_db_query, then steps once; 1 if a row is there (read it, then
 * fg_db_done), 0 if none, negative on error. */
int fg_db_row(fg_db *db, fg_stmt **out, fg_err *err, const char *sql, const char *types, ...);

/* Writes into out (cap bytes) the INSERT statement `sql` (which ends in one
 * "VALUES (...)" row) with its row repeated `rows` times, for multi-row
 * inserts. Returns 0, or FG_ETOOBIG when out is too small. */
int fg_db_multirow(const char *sql, int rows, char *out, size_t cap);

static inline int fg_db_step(fg_db *db, fg_stmt *st, fg_err *err)
{
    return db->ops->step(st, err);
}
static inline const char *fg_db_text(fg_db *db, fg_stmt *st, int col)
{
    return db->ops->col_text(st, col);
}
static inline int64_t fg_db_int(fg_db *db, fg_stmt *st, int col)
{
    return db->ops->col_int(st, col);
}
static inline void fg_db_done(fg_db *db, fg_stmt *st)
{
    db->ops->reset(st);
}
static inline int fg_db_begin(fg_db *db, bool write, fg_err *err)
{
    return db->ops->begin(db, write, err);
}
static inline int fg_db_begin_snapshot(fg_db *db, fg_err *err)
{
    return db->ops->begin_snapshot(db, err);
}
static inline int fg_db_commit(fg_db *db, fg_err *err)
{
    return db->ops->commit(db, err);
}
static inline void fg_db_rollback(fg_db *db)
{
    db->ops->rollback(db);
}

#endif
