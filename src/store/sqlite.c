/* The SQLite driver: WAL, a busy timeout, foreign keys on, prepared statements
 * cached per connection by the address of their SQL text. */
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"

#define STMT_SLOTS 256

struct fg_stmt {
    sqlite3_stmt *st;
    const char *sql;
    struct sqlite_db *owner;
};

struct sqlite_db {
    fg_db base;
    sqlite3 *h;
    struct fg_stmt stmts[STMT_SLOTS];
    int in_tx;
};

static void sq_close(fg_db *db)
{
    struct sqlite_db *s = (struct sqlite_db *)db;
    for (int i = 0; i < STMT_SLOTS; i++)
        sqlite3_finalize(s->stmts[i].st);
    sqlite3_close_v2(s->h);
    free(s);
}

static int sq_error(struct sqlite_db *s, int rc, fg_err *err, const char *what)
{
    int base = rc & 0xff;
    const char *msg = sqlite3_errmsg(s->h);
    if (base == SQLITE_CONSTRAINT &&
        (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY))
        return fg_err_set(err, FG_EEXIST, "%s", msg);
    if (base == SQLITE_CONSTRAINT)
        return fg_err_set(err, FG_EINVAL, "%s", msg);
    if (base == SQLITE_BUSY || base == SQLITE_LOCKED)
        return fg_err_set(err, FG_EUNAVAIL, "the database is busy; try again (%s)", what);
    return fg_err_set(err, FG_EDB, "database error in %s: %s", what, msg);
}

static int sq_exec(fg_db *db, const char *sql, fg_err *err)
{
    struct sqlite_db *s = (struct sqlite_db *)db;
    int rc = sqlite3_exec(s->h, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : sq_error(s, sqlite3_extended_errcode(s->h), err, "exec");
}

static int sq_open(const char *dsn, fg_db **out, fg_err *err)
{
    struct sqlite_db *s = calloc(1, sizeof(*s));
    if (!s)
        return fg_err_set(err, FG_ENOMEM, "out of memory opening %s", dsn);
    s->base.ops = &fg_db_sqlite_ops;
    int rc = sqlite3_open_v2(dsn, &s->h,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        fg_err_set(err, FG_EDB, "cannot open database %s: %s", dsn,
                   s->h ? sqlite3_errmsg(s->h) : sqlite3_errstr(rc));
        sqlite3_close_v2(s->h);
        free(s);
        return FG_EDB;
    }
    sqlite3_extended_result_codes(s->h, 1);
    sqlite3_busy_timeout(s->h, 10000);
    rc = sq_exec(&s->base,
                 "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                 "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536;",
                 err);
    if (rc) {
        sq_close(&s->base);
        return rc;
    }
    *out = &s->base;
    return 0;
}

static int sq_prepare(fg_db *db, const char *sql, fg_stmt **out, fg_err *err)
{
    struct sqlite_db *s = (struct sqlite_db *)db;
    uintptr_t h = (uintptr_t)sql;
    h ^= h >> 17;
    h *= 0x9e3779b97f4a7c15ULL;
    size_t i = (size_t)(h >> 40) % STMT_SLOTS;
    for (size_t probe = 0; probe < STMT_SLOTS; probe++, i = (i + 1) % STMT_SLOTS) {
        struct fg_stmt *slot = &s->stmts[i];
        if (slot->sql == sql) {
            sqlite3_reset(slot->st);
            sqlite3_clear_bindings(slot->st);
            *out = slot;
            return 0;
        }
        if (slot->sql == NULL) {
            int rc = sqlite3_prepare_v3(s->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &slot->st, NULL);
            if (rc != SQLITE_OK)
                return sq_error(s, sqlite3_extended_errcode(s->h), err, "prepare");
            slot->sql = sql;
            slot->owner = s;
            *out = slot;
            return 0;
        }
    }
    /* The cache is full (it never is with the fixed set of statements we
     * have): fail loudly rather than leak. */
    return fg_err_set(err, FG_EDB, "statement cache full");
}

static int sq_bind_text(fg_stmt *st, int idx, const char *v)
{
    int rc = v ? sqlite3_bind_text(st->st, idx, v, -1, SQLITE_TRANSIENT)
               : sqlite3_bind_null(st->st, idx);
    return rc == SQLITE_OK ? 0 : FG_EDB;
}

static int sq_bind_int(fg_stmt *st, int idx, int64_t v)
{
    return sqlite3_bind_int64(st->st, idx, v) == SQLITE_OK ? 0 : FG_EDB;
}

static int sq_step(fg_stmt *st, fg_err *err)
{
    int rc = sqlite3_step(st->st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    rc = sq_error(st->owner, sqlite3_extended_errcode(st->owner->h), err, "step");
    sqlite3_reset(st->st);
    return rc;
}

static const char *sq_col_text(fg_stmt *st, int col)
{
    return (const char *)sqlite3_column_text(st->st, col);
}

static int64_t sq_col_int(fg_stmt *st, int col) { return sqlite3_column_int64(st->st, col); }

static void sq_reset(fg_stmt *st) { sqlite3_reset(st->st); }

static int sq_begin(fg_db *db, bool write, fg_err *err)
{
    struct sqlite_db *s = (struct sqlite_db *)db;
    int rc = sq_exec(db, write ? "BEGIN IMMEDIATE" : "BEGIN", err);
    if (rc == 0)
        s->in_tx = 1;
    return rc;
}

static int sq_commit(fg_db *db, fg_err *err)
{
    struct sqlite_db *s = (struct sqlite_db *)db;
    int rc = sq_exec(db, "COMMIT", err);
    if (rc) {
        sq_exec(db, "ROLLBACK", NULL);
    }
    s->in_tx = 0;
    return rc;
}

static void sq_rollback(fg_db *db)
{
    struct sqlite_db *s = (struct sqlite_db *)db;
    if (!sqlite3_get_autocommit(s->h))
        sq_exec(db, "ROLLBACK", NULL);
    s->in_tx = 0;
}

static int64_t sq_changes(fg_db *db) { return sqlite3_changes64(((struct sqlite_db *)db)->h); }

/* A bulk transaction keeps every page it dirties in memory until commit
 * rather than spilling them to the WAL twice. */
static void sq_bulk(fg_db *db, bool on)
{
    sq_exec(db, on ? "PRAGMA cache_size=-524288" : "PRAGMA cache_size=-65536", NULL);
}

const struct fg_db_ops fg_db_sqlite_ops = {
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .exec = sq_exec,
    .prepare = sq_prepare,
    .bind_text = sq_bind_text,
    .bind_int = sq_bind_int,
    .step = sq_step,
    .col_text = sq_col_text,
    .col_int = sq_col_int,
    .reset = sq_reset,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .changes = sq_changes,
    .bulk = sq_bulk,
};
