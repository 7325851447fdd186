/* The SQLite driver: WAL, a busy timeout, foreign keys on, prepared statements
 * cached per connection by the address of their SQL text. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "watch.h"

#define STMT_SLOTS 1024

struct fg_stmt {
    sqlite3_stmt *st;
    const char *sql;
    struct sqlite_db *owner;
};

struct sqlite_db {
    fg_db base;
    sqlite3 *h;
    struct fg_stmt stmts[STMT_SLOTS];
    sqlite3_stmt *tx[4]; /* BEGIN, BEGIN IMMEDIATE, COMMIT, ROLLBACK */
    int depth;           /* nesting of open transactions */
    bool writing;        /* the outermost one is a write transaction */
    int64_t cache;       /* the page cache's bytes as last counted into sq_cache */
    int64_t serial_hi;   /* the last number sq_serials handed out */
};

/* Every connection's page cache (SQLite's memory statistics are off: they
 * take a lock on every allocation). Each connection counts its own at the
 * end of its transactions, on its own thread (connections are not shared). */
static _Atomic int64_t sq_cache;

static void sq_count_cache(struct sqlite_db *s)
{
    int cur = 0, high = 0;
    if (sqlite3_db_status(s->h, SQLITE_DBSTATUS_CACHE_USED, &cur, &high, 0) != SQLITE_OK)
        return;
    atomic_fetch_add(&sq_cache, (int64_t)cur - s->cache);
    s->cache = cur;
}

int64_t fg_db_sqlite_cache_bytes(void)
{
    return atomic_load(&sq_cache);
}

static void sq_close(fg_db *db)
{
    struct sqlite_db *s = (struct sqlite_db *)db;
    atomic_fetch_sub(&sq_cache, s->cache);
    for (int i = 0; i < 4; i++)
        sqlite3_finalize(s->tx[i]);
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
        return fg_err_at(err, FG_EEXIST, NULL, "db.duplicate", "%s", msg);
    if (base == SQLITE_CONSTRAINT)
        return fg_err_at(err, FG_EINVAL, NULL, "db.constraint", "%s", msg);
    if (base == SQLITE_BUSY || base == SQLITE_LOCKED)
        return fg_err_at(err, FG_EUNAVAIL, NULL, "db.busy", "the database is busy; try again (%s)",
                         what);
    return fg_err_set(err, FG_EDB, "database error in %s: %s", what, msg);
}

static int sq_exec(fg_db *db, const char *sql, fg_err *err)
{
    struct sqlite_db *s = (struct sqlite_db *)db;
    int rc = sqlite3_exec(s->h, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : sq_error(s, sqlite3_extended_errcode(s->h), err, "exec");
}

static pthread_once_t sq_once = PTHREAD_ONCE_INIT;

/* Process-wide settings, before SQLite initialises: connections are never
 * shared between threads, and no global memory statistics (their mutex is
 * taken on every allocation, which serialises the server's threads). */
static void sq_configure(void)
{
    sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_initialize();
}

static int sq_open(const char *dsn, fg_db **out, fg_err *err)
{
    pthread_once(&sq_once, sq_configure);
    struct sqlite_db *s = calloc(1, sizeof(*s));
    if (!s)
        return fg_err_set(err, FG_ENOMEM, "out of memory opening %s", dsn);
    s->base.ops = &fg_db_sqlite_ops;
    int rc = sqlite3_open_v2(
        dsn, &s->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
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
    /* The cache is full (scripts/stmt-cache.mjs checks that the program's
     * SQL texts fit): fail loudly rather than leak. */
    return fg_err_set(err, FG_EDB,
                      "statement cache full: more than %d distinct SQL texts on one connection "
                      "(raise STMT_SLOTS in src/store/sqlite.c)",
                      STMT_SLOTS);
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

static int64_t sq_col_int(fg_stmt *st, int col)
{
    return sqlite3_column_int64(st->st, col);
}

static void sq_reset(fg_stmt *st)
{
    sqlite3_reset(st->st);
}

/* Runs one of the transaction statements, prepared once per connection. */
static int sq_tx(struct sqlite_db *s, int which, fg_err *err)
{
    static const char *sql[4] = {"BEGIN", "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK"};
    if (!s->tx[which] &&
        sqlite3_prepare_v3(s->h, sql[which], -1, SQLITE_PREPARE_PERSISTENT, &s->tx[which], NULL))
        return sq_error(s, sqlite3_extended_errcode(s->h), err, sql[which]);
    int rc = sqlite3_step(s->tx[which]);
    sqlite3_reset(s->tx[which]);
    return rc == SQLITE_DONE ? 0 : sq_error(s, sqlite3_extended_errcode(s->h), err, sql[which]);
}

/* Read transactions nest: a request may hold one around all its reads while
 * the store functions it calls open their own. A write transaction cannot be
 * opened inside another. */
static int sq_begin(fg_db *db, bool write, fg_err *err)
{
    struct sqlite_db *s = (struct sqlite_db *)db;
    if (s->depth > 0) {
        if (write || s->writing)
            return fg_err_set(err, FG_EDB, "a write transaction cannot nest in another");
        s->depth++;
        return 0;
    }
    int rc = sq_tx(s, write ? 1 : 0, err);
    if (rc == 0) {
        s->depth = 1;
        s->writing = write;
    }
    return rc;
}

/* Every SQLite read transaction is a snapshot. */
static int sq_begin_snapshot(fg_db *db, fg_err *err)
{
    return sq_begin(db, false, err);
}

static int sq_commit(fg_db *db, fg_err *err)
{
    struct sqlite_db *s = (struct sqlite_db *)db;
    if (s->depth > 1) {
        s->depth--;
        return 0;
    }
    int rc = sq_tx(s, 2, err);
    if (rc && !sqlite3_get_autocommit(s->h))
        sq_tx(s, 3, NULL);
    /* This process's next reads see its own writes at once, without waiting
     * for its watcher to read data_version (watch.h). */
    if (s->writing)
        fg_store_watch_bump(FG_WATCH_ENTERPRISES);
    s->depth = 0;
    s->writing = false;
    sq_count_cache(s);
    return rc;
}

static void sq_rollback(fg_db *db)
{
    struct sqlite_db *s = (struct sqlite_db *)db;
    if (s->depth > 1) {
        s->depth--;
        return;
    }
    if (!sqlite3_get_autocommit(s->h))
        sq_tx(s, 3, NULL);
    s->depth = 0;
    s->writing = false;
    sq_count_cache(s);
}

/* One writer at a time: the log's largest seq is the last number used,
 * unless this connection handed out more in its transaction (numbers for
 * records, such as risk designations, that are not audit entries). */
static const char SQL_SERIAL_MAX[] = "SELECT COALESCE(MAX(seq), 0) FROM audit_log";

static int sq_serials(fg_db *db, int64_t *out, int n, fg_err *err)
{
    struct sqlite_db *s = (struct sqlite_db *)db;
    if (n == 0)
        return 0;
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_SERIAL_MAX, "");
    if (rc <= 0)
        return rc < 0 ? rc : fg_err_set(err, FG_EDB, "the audit log's order cannot be read");
    int64_t base = fg_db_int(db, st, 0);
    fg_db_done(db, st);
    if (base < s->serial_hi)
        base = s->serial_hi;
    for (int i = 0; i < n; i++)
        out[i] = base + 1 + i;
    s->serial_hi = base + n;
    return 0;
}

static int64_t sq_changes(fg_db *db)
{
    return sqlite3_changes64(((struct sqlite_db *)db)->h);
}

/* A bulk transaction keeps every page it dirties in memory until commit
 * rather than spilling them to the WAL twice. */
static void sq_bulk(fg_db *db, bool on)
{
    sq_exec(db, on ? "PRAGMA cache_size=-524288" : "PRAGMA cache_size=-65536", NULL);
}

/* One SQLite writer at a time already (BEGIN IMMEDIATE per migration). */
static int sq_lock_migrations(fg_db *db, bool on, fg_err *err)
{
    (void)db;
    (void)on;
    (void)err;
    return 0;
}

static int sq_backup(fg_db *db, const char *dsn, const char *path, fg_err *err)
{
    struct sqlite_db *s = (struct sqlite_db *)db;
    (void)dsn;
    sqlite3 *dst;
    if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        fg_err_set(err, FG_EIO, "cannot create %s: %s", path, sqlite3_errmsg(dst));
        sqlite3_close_v2(dst);
        return FG_EIO;
    }
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", s->h, "main");
    int rc = SQLITE_ERROR;
    if (b) {
        /* Copy in steps so that writers are not held off for long. */
        while ((rc = sqlite3_backup_step(b, 1024)) == SQLITE_OK || rc == SQLITE_BUSY ||
               rc == SQLITE_LOCKED)
            sqlite3_sleep(rc == SQLITE_OK ? 0 : 20);
        sqlite3_backup_finish(b);
    }
    int out = rc == SQLITE_DONE
                  ? 0
                  : fg_err_set(err, FG_EIO, "backup to %s failed: %s", path, sqlite3_errmsg(dst));
    sqlite3_close_v2(dst);
    return out;
}

static int sq_col_count(fg_stmt *st)
{
    return sqlite3_column_count(st->st);
}

/* TEMP triggers: they live with this connection only, so that a change made
 * with another program (the sqlite3 shell) records nothing in fg_dirty and can
 * never be sealed by a later transaction of ours. Nothing is persistent. */
static int sq_seal_table(fg_db *db, const char *table, const char *const *keys, int nkeys,
                         bool persistent, fg_err *err)
{
    if (persistent)
        return 0;
    static const char *const ops[3][2] = {{"i", "INSERT"}, {"u", "UPDATE"}, {"d", "DELETE"}};
    char sql[2048];
    int rc = 0;
    for (int o = 0; rc == 0 && o < 3; o++) {
        /* An update records the old key and the new (a key may change);
         * repeats are folded when the transaction ends. */
        const char *rec[2] = {o == 0 ? NULL : "OLD", o == 2 ? NULL : "NEW"};
        char body[1024] = "";
        size_t nb = 0;
        for (int w = 0; w < 2; w++) {
            if (!rec[w])
                continue;
            char k[3][96];
            for (int i = 0; i < 3; i++)
                snprintf(k[i], sizeof(k[i]), i < nkeys ? "%s.%s" : "''", rec[w],
                         i < nkeys ? keys[i] : "");
            nb += (size_t)snprintf(body + nb, sizeof(body) - nb,
                                   "INSERT INTO fg_dirty (tbl, k1, k2, k3) VALUES ('%s', %s, %s, "
                                   "%s); ",
                                   table, k[0], k[1], k[2]);
        }
        int n = snprintf(sql, sizeof(sql),
                         "CREATE TEMP TRIGGER IF NOT EXISTS fg_seal_%s_%s AFTER %s ON main.%s "
                         "BEGIN %sEND",
                         ops[o][0], table, ops[o][1], table, body);
        if (nb >= sizeof(body) || n < 0 || (size_t)n >= sizeof(sql))
            return fg_err_set(err, FG_EDB, "sealing %s: trigger text too long", table);
        rc = sq_exec(db, sql, err);
    }
    return rc;
}

/* One process's files: its writers bump their own process's epochs (watch.c);
 * other processes' changes are bounded by the caches' short lifetime. */
static int sq_watch_table(fg_db *db, const char *table, const char *topic, fg_err *err)
{
    (void)db;
    (void)table;
    (void)topic;
    (void)err;
    return 0;
}

/* SQLite keeps no epochs by topic, but PRAGMA data_version moves whenever
 * another connection, of this process or another, commits to the file: one
 * epoch for every topic (watch.c's FG_WATCH_ALL). */
static int sq_watch_read(fg_db *db, void (*fn)(const char *topic, int64_t epoch, void *ctx),
                         void *ctx, fg_err *err)
{
    struct sqlite_db *s = (struct sqlite_db *)db;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->h, "PRAGMA data_version", -1, &st, NULL) != SQLITE_OK)
        return fg_err_set(err, FG_EDB, "reading data_version: %s", sqlite3_errmsg(s->h));
    int rc = sqlite3_step(st);
    int64_t v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return fg_err_set(err, FG_EDB, "reading data_version: %s", sqlite3_errmsg(s->h));
    fn("*", v, ctx);
    return 0;
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
    .col_count = sq_col_count,
    .seal_table = sq_seal_table,
    .watch_table = sq_watch_table,
    .watch_read = sq_watch_read,
    .reset = sq_reset,
    .begin = sq_begin,
    .begin_snapshot = sq_begin_snapshot,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .changes = sq_changes,
    .bulk = sq_bulk,
    .lock_migrations = sq_lock_migrations,
    .backup = sq_backup,
    .serials = sq_serials,
};
