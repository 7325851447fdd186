/* The PostgreSQL driver (libpq). Everything that differs from SQLite lives
 * here: `?` placeholders become $1..$n, SQLSTATEs become FG_E* codes, the
 * one widened column type of the migrations, advisory locks for migrations,
 * and reconnecting a lost connection. Statements are prepared once per
 * connection (server-side, named) and cached by the address of their SQL. */
#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../sys/log.h"
#include "../util/buf.h"
#include "db.h"
#include "watch.h"

extern char **environ;

#define PG_SLOTS 1024
#define PG_MIGRATION_LOCK 7271050 /* pg_advisory_lock key of `fugong migrate` */

struct fg_stmt {
    const char *sql; /* cache key: the caller's SQL text (its address) */
    char name[16];
    unsigned generation; /* connection generation it was prepared on */
    int nparams;
    char **values; /* nparams; each NULL, or pointing into ints or owned text */
    char (*ints)[24];
    bool *owned;
    PGresult *res;
    int row, nrows;
    bool executed;
    struct pg_db *owner;
};

struct pg_db {
    fg_db base;
    PGconn *c;
    unsigned generation; /* bumped at every reconnect: prepared statements are gone */
    struct fg_stmt slots[PG_SLOTS];
    int next_name;
    int depth;
    bool writing;
    bool virtual_tx; /* the open transaction is read-only and was not sent */
    bool stale;      /* the server turned out read-only: replace the connection when idle */
    bool copying;    /* a COPY FROM STDIN is open: nothing else may run */
    int64_t changes;
};

/* ---- dialect: placeholders and types ---- */

/* Copies `sql` with each `?` outside quotes replaced by $1, $2, ...; counts them. */
static int pg_translate(const char *sql, fg_buf *out, int *out_n)
{
    int n = 0, rc = 0;
    char quote = 0;
    for (const char *p = sql; *p && rc == 0; p++) {
        if (quote) {
            if (*p == quote)
                quote = 0;
            rc = fg_buf_addc(out, *p);
        } else if (*p == '\'' || *p == '"') {
            quote = *p;
            rc = fg_buf_addc(out, *p);
        } else if (*p == '?') {
            rc = fg_buf_addf(out, "$%d", ++n);
        } else {
            rc = fg_buf_addc(out, *p);
        }
    }
    *out_n = n;
    return rc;
}

/* The migrations are written for both engines; the one difference: SQLite's
 * rowid column `seq INTEGER PRIMARY KEY` is a 64-bit BIGINT here. */
static int pg_migration_sql(const char *sql, fg_buf *out)
{
    static const char from[] = "seq INTEGER PRIMARY KEY", to[] = "seq BIGINT PRIMARY KEY";
    const char *p = sql, *hit;
    int rc = 0;
    while (rc == 0 && (hit = strstr(p, from)) != NULL) {
        rc = fg_buf_add(out, p, (size_t)(hit - p));
        rc = rc ? rc : fg_buf_adds(out, to);
        p = hit + sizeof(from) - 1;
    }
    return rc ? rc : fg_buf_adds(out, p);
}

/* ---- errors and connection state ---- */

static int pg_result_error(struct pg_db *d, const PGresult *res, fg_err *err, const char *what)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(d->c);
    char m[300];
    snprintf(m, sizeof(m), "%s", msg && *msg ? msg : "no answer from the server");
    m[strcspn(m, "\n")] = '\0';
    if (PQstatus(d->c) != CONNECTION_OK || !state || strncmp(state, "08", 2) == 0 ||
        strncmp(state, "57P", 3) == 0)
        return fg_err_at(err, FG_EUNAVAIL, NULL, "db.unavailable",
                         "the database is unavailable (%s); try again shortly", m);
    /* A write refused because the server is read-only, outside a read-only
     * transaction of ours: the connection reached a standby or a primary
     * being demoted (a failover behind HAProxy). Unavailable, not a bug; the
     * connection is replaced before its next use, so that it reaches the
     * current primary. */
    if (strcmp(state, "25006") == 0 && (d->depth == 0 || d->writing || d->virtual_tx)) {
        d->stale = true;
        return fg_err_at(err, FG_EUNAVAIL, NULL, "db.unavailable",
                         "the database is unavailable (%s); try again shortly", m);
    }
    if (strcmp(state, "23505") == 0)
        return fg_err_at(err, FG_EEXIST, NULL, "db.duplicate", "%s", m);
    if (strncmp(state, "23", 2) == 0 || strncmp(state, "22", 2) == 0)
        return fg_err_at(err, FG_EINVAL, NULL, "db.constraint", "%s", m);
    if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0)
        return fg_err_at(err, FG_ECONFLICT, NULL, "db.concurrent",
                         "a concurrent change interfered (%s); try again", m);
    return fg_err_set(err, FG_EDB, "database error in %s: %s", what, m);
}

/* The session's settings, on every connection and reconnection. Values too
 * long to keep in their row (an import's seal lists the digest of each row
 * it wrote, 9 MB for 100,000) are compressed with lz4 where the server has
 * it: pglz took over a second for such a list (issue 17). A server without
 * lz4 refuses the setting and keeps pglz. */
static void pg_session(struct pg_db *d)
{
    PQclear(PQexec(d->c, "SET client_min_messages = warning"));
    PQclear(PQexec(d->c, "SET default_toast_compression = lz4"));
}

/* Makes sure the connection is usable, reconnecting when it was lost (or
 * reached a read-only server) and no transaction is open (inside one, the
 * transaction is gone and the caller must roll back). */
static int pg_ensure(struct pg_db *d, fg_err *err)
{
    if (d->copying) /* libpq would end the COPY, failing it, to run the statement */
        return fg_err_set(err, FG_EDB, "a statement while a COPY is open");
    if (PQstatus(d->c) == CONNECTION_OK && !d->stale)
        return 0;
    if (d->depth > 0 && !d->virtual_tx) {
        if (PQstatus(d->c) == CONNECTION_OK)
            return 0; /* stale: replaced once the transaction is over */
        return fg_err_at(err, FG_EUNAVAIL, NULL, "db.connection_lost",
                         "the database connection was lost mid-transaction");
    }
    d->stale = false;
    PQreset(d->c);
    if (PQstatus(d->c) != CONNECTION_OK) {
        char m[200];
        snprintf(m, sizeof(m), "%s", PQerrorMessage(d->c));
        m[strcspn(m, "\n")] = '\0';
        return fg_err_at(err, FG_EUNAVAIL, NULL, "db.unavailable",
                         "the database is unavailable (%s); try again shortly", m);
    }
    pg_session(d);
    d->generation++;
    d->base.sealed = false; /* the session's temporary fg_dirty went with it */
    fg_info("db.reconnect", "engine=postgresql generation=%u", d->generation);
    return 0;
}

/* Whether the last failure was the connection's (then, outside a
 * transaction, reconnecting and trying once more is safe: nothing ran). */
static bool pg_lost(struct pg_db *d)
{
    return PQstatus(d->c) != CONNECTION_OK && (d->depth == 0 || d->virtual_tx);
}

/* ---- the ops ---- */

static void pg_stmt_clear(struct fg_stmt *st)
{
    PQclear(st->res);
    st->res = NULL;
    st->executed = false;
    st->row = -1;
    st->nrows = 0;
}

static void pg_stmt_unbind(struct fg_stmt *st)
{
    for (int i = 0; i < st->nparams; i++) {
        if (st->owned[i])
            free(st->values[i]);
        st->values[i] = NULL;
        st->owned[i] = false;
    }
}

static void pg_close(fg_db *db)
{
    struct pg_db *d = (struct pg_db *)db;
    for (int i = 0; i < PG_SLOTS; i++) {
        struct fg_stmt *st = &d->slots[i];
        if (!st->sql)
            continue;
        pg_stmt_clear(st);
        pg_stmt_unbind(st);
        free(st->values);
        free(st->ints);
        free(st->owned);
    }
    PQfinish(d->c);
    free(d);
}

static int pg_open(const char *dsn, fg_db **out, fg_err *err)
{
    struct pg_db *d = calloc(1, sizeof(*d));
    if (!d)
        return fg_err_set(err, FG_ENOMEM, "out of memory opening %s", dsn);
    d->base.ops = &fg_db_pg_ops;
    /* The URL's own settings win; these are defaults for a server that must
     * not hang on a dead database. */
    const char *keys[] = {
        "dbname",           "connect_timeout",  "keepalives_idle", "keepalives_interval",
        "keepalives_count", "application_name", "client_encoding", NULL};
    const char *vals[] = {dsn, "5", "30", "10", "3", "fugong", "UTF8", NULL};
    d->c = PQconnectdbParams(keys, vals, 1);
    if (!d->c || PQstatus(d->c) != CONNECTION_OK) {
        char m[300];
        snprintf(m, sizeof(m), "%s", d->c ? PQerrorMessage(d->c) : "out of memory");
        m[strcspn(m, "\n")] = '\0';
        PQfinish(d->c);
        free(d);
        return fg_err_at(err, FG_EUNAVAIL, NULL, "db.unavailable",
                         "cannot connect to the database: %s", m);
    }
    pg_session(d);
    *out = &d->base;
    return 0;
}

static int pg_exec(fg_db *db, const char *sql, fg_err *err)
{
    struct pg_db *d = (struct pg_db *)db;
    int rc = pg_ensure(d, err);
    if (rc)
        return rc;
    fg_buf b;
    fg_buf_init(&b, 0);
    if (pg_migration_sql(sql, &b)) {
        fg_buf_release(&b);
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    }
    PGresult *res = PQexec(d->c, b.buf);
    ExecStatusType s = PQresultStatus(res);
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && pg_lost(d) && pg_ensure(d, NULL) == 0) {
        PQclear(res);
        res = PQexec(d->c, b.buf);
        s = PQresultStatus(res);
    }
    fg_buf_release(&b);
    rc = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK ? 0 : pg_result_error(d, res, err, "exec");
    if (rc == 0)
        d->changes = strtoll(PQcmdTuples(res), NULL, 10);
    PQclear(res);
    return rc;
}

/* Prepares the slot's SQL on the current connection under the slot's name. */
static int pg_prepare_slot(struct pg_db *d, struct fg_stmt *st, fg_err *err)
{
    fg_buf q;
    fg_buf_init(&q, 0);
    int n;
    if (pg_translate(st->sql, &q, &n)) {
        fg_buf_release(&q);
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    }
    PGresult *res = PQprepare(d->c, st->name, q.buf, n, NULL);
    int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : pg_result_error(d, res, err, "prepare");
    PQclear(res);
    if (rc && pg_lost(d) && pg_ensure(d, err) == 0) {
        res = PQprepare(d->c, st->name, q.buf, n, NULL);
        rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : pg_result_error(d, res, err, "prepare");
        PQclear(res);
    }
    fg_buf_release(&q);
    if (rc == 0)
        st->generation = d->generation;
    return rc;
}

static int pg_prepare(fg_db *db, const char *sql, fg_stmt **out, fg_err *err)
{
    struct pg_db *d = (struct pg_db *)db;
    int rc = pg_ensure(d, err);
    if (rc)
        return rc;
    uintptr_t h = (uintptr_t)sql;
    h ^= h >> 17;
    h *= 0x9e3779b97f4a7c15ULL;
    size_t i = (size_t)(h >> 40) % PG_SLOTS;
    struct fg_stmt *st = NULL;
    for (size_t probe = 0; probe < PG_SLOTS; probe++, i = (i + 1) % PG_SLOTS) {
        if (d->slots[i].sql == sql || d->slots[i].sql == NULL) {
            st = &d->slots[i];
            break;
        }
    }
    if (!st) /* scripts/stmt-cache.mjs checks that the program's SQL texts fit */
        return fg_err_set(err, FG_EDB,
                          "statement cache full: more than %d distinct SQL texts on one "
                          "connection (raise PG_SLOTS in src/store/pg.c)",
                          PG_SLOTS);
    if (st->sql == NULL) {
        int n = 0;
        for (const char *p = sql; *p; p++)
            n += *p == '?'; /* an upper bound: quoted ones are not parameters */
        st->values = calloc((size_t)(n ? n : 1), sizeof(*st->values));
        st->ints = calloc((size_t)(n ? n : 1), sizeof(*st->ints));
        st->owned = calloc((size_t)(n ? n : 1), sizeof(*st->owned));
        if (!st->values || !st->ints || !st->owned) {
            free(st->values);
            free(st->ints);
            free(st->owned);
            st->values = NULL;
            st->ints = NULL;
            st->owned = NULL;
            return fg_err_set(err, FG_ENOMEM, "out of memory");
        }
        fg_buf q;
        fg_buf_init(&q, 0);
        rc = pg_translate(sql, &q, &st->nparams);
        fg_buf_release(&q);
        if (rc)
            return fg_err_set(err, FG_ENOMEM, "out of memory");
        snprintf(st->name, sizeof(st->name), "fg%d", d->next_name++);
        st->owner = d;
        st->sql = sql;
        st->generation = d->generation - 1; /* not prepared yet */
    }
    pg_stmt_clear(st);
    pg_stmt_unbind(st);
    if (st->generation != d->generation && (rc = pg_prepare_slot(d, st, err)))
        return rc;
    *out = st;
    return 0;
}

/* Forgets parameter idx's value; its slot index, or -1 when out of range. */
static int pg_param_clear(fg_stmt *st, int idx)
{
    if (idx < 1 || idx > st->nparams)
        return -1;
    int i = idx - 1;
    if (st->owned[i])
        free(st->values[i]);
    st->owned[i] = false;
    st->values[i] = NULL;
    return i;
}

static int pg_bind_text(fg_stmt *st, int idx, const char *s)
{
    int i = pg_param_clear(st, idx);
    if (i < 0)
        return FG_EINVAL;
    if (s) {
        st->values[i] = strdup(s);
        if (!st->values[i])
            return FG_ENOMEM;
        st->owned[i] = true;
    }
    return 0;
}

static int pg_bind_int(fg_stmt *st, int idx, int64_t v)
{
    int i = pg_param_clear(st, idx);
    if (i < 0)
        return FG_EINVAL;
    snprintf(st->ints[i], sizeof(st->ints[i]), "%lld", (long long)v);
    st->values[i] = st->ints[i];
    return 0;
}

static PGresult *pg_run(struct pg_db *d, struct fg_stmt *st)
{
    return PQexecPrepared(d->c, st->name, st->nparams, (const char *const *)st->values, NULL, NULL,
                          0);
}

static int pg_step(fg_stmt *st, fg_err *err)
{
    struct pg_db *d = st->owner;
    if (d->copying)
        return fg_err_set(err, FG_EDB, "a statement while a COPY is open");
    if (!st->executed) {
        int rc = 0;
        if (st->generation != d->generation) {
            /* The connection was replaced since this statement was prepared. */
            if (d->depth > 0 && !d->virtual_tx)
                return fg_err_at(err, FG_EUNAVAIL, NULL, "db.connection_lost",
                                 "the database connection was lost mid-transaction");
            if ((rc = pg_prepare_slot(d, st, err)))
                return rc;
        }
        st->res = pg_run(d, st);
        st->executed = true;
        ExecStatusType s = PQresultStatus(st->res);
        if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK && pg_lost(d)) {
            PQclear(st->res);
            st->res = NULL;
            if (pg_ensure(d, NULL) == 0 && pg_prepare_slot(d, st, NULL) == 0)
                st->res = pg_run(d, st);
            s = PQresultStatus(st->res);
        }
        if (s == PGRES_TUPLES_OK) {
            st->nrows = PQntuples(st->res);
            st->row = -1;
        } else if (s == PGRES_COMMAND_OK) {
            d->changes = strtoll(PQcmdTuples(st->res), NULL, 10);
            st->nrows = 0;
        } else {
            rc = pg_result_error(d, st->res, err, "step");
            pg_stmt_clear(st);
            return rc;
        }
    }
    if (st->row + 1 < st->nrows) {
        st->row++;
        return 1;
    }
    return 0;
}

static const char *pg_col_text(fg_stmt *st, int col)
{
    if (!st->res || st->row < 0 || st->row >= st->nrows || col >= PQnfields(st->res) ||
        PQgetisnull(st->res, st->row, col))
        return NULL;
    return PQgetvalue(st->res, st->row, col);
}

static int64_t pg_col_int(fg_stmt *st, int col)
{
    const char *s = pg_col_text(st, col);
    return s ? strtoll(s, NULL, 10) : 0;
}

static void pg_reset(fg_stmt *st)
{
    pg_stmt_clear(st);
}

static int pg_simple(struct pg_db *d, const char *sql, fg_err *err)
{
    PGresult *res = PQexec(d->c, sql);
    int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : pg_result_error(d, res, err, sql);
    PQclear(res);
    return rc;
}

/* Read transactions nest, as in the SQLite driver. Under READ COMMITTED a
 * read-only transaction gives nothing that single statements do not (each
 * statement takes its own snapshot either way), so it is not sent to the
 * server: two round trips saved on every GET. A write transaction is a plain
 * BEGIN: concurrent writers are kept apart by row locks (record versions, the
 * audit chain head) and unique keys. */
static int pg_begin(fg_db *db, bool write, fg_err *err)
{
    struct pg_db *d = (struct pg_db *)db;
    if (d->depth > 0) {
        if (write || d->writing)
            return fg_err_set(err, FG_EDB, "a write transaction cannot nest in another");
        d->depth++;
        return 0;
    }
    if (!write) {
        d->depth = 1;
        d->writing = false;
        d->virtual_tx = true;
        return 0;
    }
    int rc = pg_ensure(d, err);
    rc = rc ? rc : pg_simple(d, "BEGIN", err);
    if (rc == FG_EUNAVAIL && pg_ensure(d, NULL) == 0)
        rc = pg_simple(d, "BEGIN", err); /* the connection had died idle: once more */
    if (rc == 0) {
        d->depth = 1;
        d->writing = true;
        d->virtual_tx = false;
    }
    return rc;
}

static int pg_begin_snapshot(fg_db *db, fg_err *err)
{
    static const char sql[] = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
    struct pg_db *d = (struct pg_db *)db;
    if (d->depth > 0 && !d->virtual_tx)
        return pg_begin(db, false, err); /* already in a real transaction: nest */
    int rc = pg_ensure(d, err);
    rc = rc ? rc : pg_simple(d, sql, err);
    if (rc == FG_EUNAVAIL && pg_ensure(d, NULL) == 0)
        rc = pg_simple(d, sql, err);
    if (rc)
        return rc;
    /* Inside a virtual read transaction the real one takes its place. */
    d->depth = d->depth > 0 ? d->depth + 1 : 1;
    d->writing = false;
    d->virtual_tx = false;
    return 0;
}

static int pg_commit(fg_db *db, fg_err *err)
{
    struct pg_db *d = (struct pg_db *)db;
    if (d->depth > 1) {
        d->depth--;
        return 0;
    }
    int rc = d->virtual_tx ? 0 : pg_simple(d, "COMMIT", err);
    /* This process's next reads see its own writes at once, without waiting
     * for its watcher to read the epochs they moved (watch.h). */
    if (d->writing)
        fg_store_watch_bump(FG_WATCH_ENTERPRISES);
    d->depth = 0;
    d->writing = false;
    d->virtual_tx = false;
    return rc;
}

static int pg_copy_finish(struct pg_db *d, const char *why, fg_err *err);

static void pg_rollback(fg_db *db)
{
    struct pg_db *d = (struct pg_db *)db;
    if (d->depth > 1) {
        d->depth--;
        return;
    }
    if (d->copying)
        pg_copy_finish(d, "the transaction was rolled back", NULL);
    if (!d->virtual_tx && PQstatus(d->c) == CONNECTION_OK &&
        PQtransactionStatus(d->c) != PQTRANS_IDLE)
        pg_simple(d, "ROLLBACK", NULL);
    d->depth = 0;
    d->writing = false;
    d->virtual_tx = false;
}

static int64_t pg_changes(fg_db *db)
{
    return ((struct pg_db *)db)->changes;
}

static void pg_bulk(fg_db *db, bool on)
{
    (void)db;
    (void)on; /* PostgreSQL's buffers are the server's: nothing to tune per connection */
}

static int pg_lock_migrations(fg_db *db, bool on, fg_err *err)
{
    struct pg_db *d = (struct pg_db *)db;
    char sql[80];
    snprintf(sql, sizeof(sql), "SELECT pg_advisory_%slock(%d)", on ? "" : "un", PG_MIGRATION_LOCK);
    int rc = pg_ensure(d, err);
    if (rc)
        return rc;
    PGresult *res = PQexec(d->c, sql);
    rc = PQresultStatus(res) == PGRES_TUPLES_OK ? 0 : pg_result_error(d, res, err, "lock");
    PQclear(res);
    return rc;
}

/* pg_dump takes a consistent snapshot without blocking writers; run it. */
static int pg_backup(fg_db *db, const char *dsn, const char *path, fg_err *err)
{
    (void)db;
    char prog[] = "pg_dump", fmt[] = "--format=custom", owner[] = "--no-owner", file[] = "--file",
         dbname[] = "--dbname";
    char *out = strdup(path), *url = strdup(dsn);
    char *argv[] = {prog, fmt, owner, file, out, dbname, url, NULL};
    pid_t pid;
    int rc = out && url ? posix_spawnp(&pid, "pg_dump", NULL, NULL, argv, environ) : ENOMEM;
    free(out);
    free(url);
    if (rc)
        return fg_err_set(err, FG_EIO, "cannot run pg_dump (%s); install postgresql-client",
                          strerror(rc));
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return fg_err_set(err, FG_EIO, "waiting for pg_dump failed");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return fg_err_set(err, FG_EIO, "pg_dump failed (see its message above)");
    return 0;
}

static int pg_col_count(fg_stmt *st)
{
    return st->res ? PQnfields(st->res) : 0;
}

/* One trigger function for every audited table: it records the keys of the
 * rows a statement wrote into the session's temporary fg_dirty, and does
 * nothing in a session that has none (psql, pg_restore, another program):
 * what they write is never sealed. The key columns are the trigger's
 * arguments. The triggers fire once per statement and read the statement's
 * rows from its transition tables (fg_old, fg_new): a COPY of 100,000 rows
 * is one INSERT ... SELECT into fg_dirty, not 100,000 calls (issue 17).
 * Three triggers per table, one per kind of statement: only an UPDATE's
 * trigger may have both tables. A bulk load that seals its rows from the
 * values it wrote pauses the table's recording (fg__seal_pause). */
static const char PG_SEAL_FUNCTION[] =
    "CREATE OR REPLACE FUNCTION fg_seal_rows() RETURNS trigger LANGUAGE plpgsql AS $f$\n"
    "DECLARE k text := '';\n"
    "BEGIN\n"
    "  IF to_regclass('pg_temp.fg_dirty') IS NULL\n"
    "    OR current_setting('fugong.seal_paused', true) = TG_TABLE_NAME THEN RETURN NULL; END IF;\n"
    "  FOR i IN 0..2 LOOP\n"
    "    k := k || CASE WHEN i < TG_NARGS\n"
    "      THEN format(', COALESCE(CAST(r.%I AS TEXT), '''')', TG_ARGV[i]) ELSE ', ''''' END;\n"
    "  END LOOP;\n"
    "  IF TG_OP <> 'INSERT' THEN\n"
    "    EXECUTE format('INSERT INTO pg_temp.fg_dirty (tbl, k1, k2, k3) SELECT %L%s FROM fg_old "
    "r',\n"
    "      TG_TABLE_NAME, k);\n"
    "  END IF;\n"
    "  IF TG_OP <> 'DELETE' THEN\n"
    "    EXECUTE format('INSERT INTO pg_temp.fg_dirty (tbl, k1, k2, k3) SELECT %L%s FROM fg_new "
    "r',\n"
    "      TG_TABLE_NAME, k);\n"
    "  END IF;\n"
    "  RETURN NULL;\n"
    "END $f$";

/* Every process installs its triggers at start (under the migration lock):
 * DDL that waits for, and stalls, the writes in progress on the table. This
 * says whether there is nothing to do: the function `fn` is as `fn_sql`
 * creates it, and `table` has `want` triggers named `like`, each with the
 * arguments `args` (each followed by \000, as pg_trigger keeps them). A
 * change to a trigger's events or timing needs a new trigger name. */
static int pg_triggers_current(fg_db *db, const char *fn, const char *fn_sql, const char *table,
                               const char *like, int want, const char *args, bool *out, fg_err *err)
{
    static const char sql[] =
        "SELECT (SELECT COUNT(*) FROM pg_proc WHERE proname = ? AND "
        "strpos(?, '$f$' || prosrc || '$f$') > 0), "
        "(SELECT COUNT(*) FROM pg_trigger WHERE tgrelid = to_regclass(?) AND tgname LIKE ?), "
        "(SELECT COUNT(*) FROM pg_trigger WHERE tgrelid = to_regclass(?) AND tgname LIKE ? "
        "AND encode(tgargs, 'escape') = ?)";
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, sql, "ttttttt", fn, fn_sql, table, like, table, like, args);
    if (rc < 0)
        return rc;
    *out = rc == 1 && fg_db_int(db, st, 0) == 1 && fg_db_int(db, st, 1) == want &&
           fg_db_int(db, st, 2) == want;
    if (rc == 1)
        fg_db_done(db, st);
    return 0;
}

static int pg_seal_table(fg_db *db, const char *table, const char *const *keys, int nkeys,
                         bool persistent, fg_err *err)
{
    static const struct {
        const char *name, *event, *tables;
    } trig[] = {
        {"fg_seal_ins", "INSERT", "NEW TABLE AS fg_new"},
        {"fg_seal_upd", "UPDATE", "OLD TABLE AS fg_old NEW TABLE AS fg_new"},
        {"fg_seal_del", "DELETE", "OLD TABLE AS fg_old"},
    };
    if (!persistent)
        return 0;
    char args[256] = "", sql[640]; /* room for args and the longest table name */
    size_t n = 0;
    for (int i = 0; i < nkeys && n < sizeof(args); i++)
        n += (size_t)snprintf(args + n, sizeof(args) - n, "%s'%s'", i ? ", " : "", keys[i]);
    char want[160] = "";
    size_t nw = 0;
    for (int i = 0; i < nkeys && nw < sizeof(want); i++)
        nw += (size_t)snprintf(want + nw, sizeof(want) - nw, "%s\\000", keys[i]);
    bool current = false;
    if (pg_triggers_current(db, "fg_seal_rows", PG_SEAL_FUNCTION, table, "fg_seal%", 3, want,
                            &current, err) == 0 &&
        current)
        return 0;
    if (n >= sizeof(args) || nw >= sizeof(want))
        return fg_err_set(err, FG_EDB, "sealing %s: trigger text too long", table);
    int rc = pg_exec(db, PG_SEAL_FUNCTION, err);
    /* Databases sealed before issue 17 have a row trigger (fg_seal) calling
     * fg_seal_dirty: the statement triggers replace it. */
    snprintf(sql, sizeof(sql), "DROP TRIGGER IF EXISTS fg_seal ON %s", table);
    rc = rc ? rc : pg_exec(db, sql, err);
    for (size_t t = 0; rc == 0 && t < sizeof(trig) / sizeof(trig[0]); t++) {
        snprintf(sql, sizeof(sql),
                 "CREATE OR REPLACE TRIGGER %s AFTER %s ON %s REFERENCING %s "
                 "FOR EACH STATEMENT EXECUTE FUNCTION fg_seal_rows(%s)",
                 trig[t].name, trig[t].event, table, trig[t].tables, args);
        rc = pg_exec(db, sql, err);
    }
    /* The old function goes with the last table's old trigger. */
    return rc ? rc
              : pg_exec(db,
                        "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_trigger t JOIN pg_proc p "
                        "ON p.oid = t.tgfoid WHERE p.proname = 'fg_seal_dirty') THEN "
                        "DROP FUNCTION IF EXISTS fg_seal_dirty(); END IF; END $$",
                        err);
}

/* The order of audit entries: a sequence, made once (under the migration
 * lock) to start after the entries already there. nextval takes no lock
 * that other writers wait for. */
static const char SQL_SERIAL_SETUP[] =
    "DO $$ BEGIN IF to_regclass('fg_audit_order') IS NULL THEN "
    "EXECUTE 'CREATE SEQUENCE fg_audit_order START WITH ' || "
    "(SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_log); END IF; END $$";
static const char SQL_SERIAL_NEXT[] =
    "SELECT nextval('fg_audit_order') FROM generate_series(1, CAST(? AS INTEGER))";

static int pg_serials(fg_db *db, int64_t *out, int n, fg_err *err)
{
    if (n == 0)
        return pg_exec(db, SQL_SERIAL_SETUP, err);
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_SERIAL_NEXT, "d", n);
    int i = 0;
    while (rc == 0 && (rc = fg_db_step(db, st, err)) == 1) {
        if (i < n)
            out[i++] = fg_db_int(db, st, 0);
        rc = 0;
    }
    fg_db_done(db, st);
    if (rc < 0)
        return rc;
    return i == n ? 0
                  : fg_err_set(err, FG_EDB, "the audit log's order gave %d numbers of %d", i, n);
}

/* ---- bulk load (issue 17) ---- */

static int pg_copy_begin(fg_db *db, const char *sql, fg_err *err)
{
    struct pg_db *d = (struct pg_db *)db;
    if (d->depth == 0 || d->virtual_tx || d->copying)
        return fg_err_set(err, FG_EDB, "COPY runs inside a write transaction, one at a time");
    PGresult *res = PQexec(d->c, sql);
    if (PQresultStatus(res) != PGRES_COPY_IN) {
        int rc = pg_result_error(d, res, err, "copy");
        PQclear(res);
        return rc;
    }
    PQclear(res);
    d->copying = true;
    return 0;
}

/* libpq queues the data and writes it to the socket as its buffer fills:
 * the server reads and stores the rows while the caller makes the next. */
static int pg_copy_data(fg_db *db, const char *data, size_t len, fg_err *err)
{
    struct pg_db *d = (struct pg_db *)db;
    if (!d->copying)
        return fg_err_set(err, FG_EDB, "no COPY is open");
    for (size_t off = 0; off < len;) {
        size_t n = len - off < (1u << 20) ? len - off : (1u << 20);
        if (PQputCopyData(d->c, data + off, (int)n) != 1)
            return pg_result_error(d, NULL, err, "copy");
        off += n;
    }
    return 0;
}

/* Ends the open COPY: with `why`, abandoned (the statement fails). */
static int pg_copy_finish(struct pg_db *d, const char *why, fg_err *err)
{
    d->copying = false;
    int ok = PQputCopyEnd(d->c, why) == 1;
    PGresult *res = PQgetResult(d->c);
    int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : pg_result_error(d, res, err, "copy");
    if (rc == 0)
        d->changes = strtoll(PQcmdTuples(res), NULL, 10);
    PQclear(res);
    while ((res = PQgetResult(d->c)) != NULL)
        PQclear(res);
    if (rc == 0 && !ok)
        rc = pg_result_error(d, NULL, err, "copy");
    return rc;
}

static int pg_copy_end(fg_db *db, fg_err *err)
{
    struct pg_db *d = (struct pg_db *)db;
    if (!d->copying)
        return fg_err_set(err, FG_EDB, "no COPY is open");
    return pg_copy_finish(d, NULL, err);
}

/* ---- cross-server invalidation (issue 17, src/store/watch.c) ---- */

/* Each topic's epoch is the sum of PG_WATCH_SLOTS_TEXT (256) counters: a transaction
 * adds one to its backend's (pid modulo the slots), so writers on other
 * connections do not wait for its commit, as they would on one row, nor on
 * pg_notify's lock (held by a notifying commit through its WAL flush and a
 * synchronous standby's answer, so that announcing commits of the whole
 * nation finished one at a time). Two connections share a slot only by
 * their pids; they then queue on each other alone. */
#define PG_WATCH_SLOTS_TEXT "256"

static const char PG_WATCH_TABLE[] =
    "CREATE TABLE IF NOT EXISTS fg_watch_epochs (slot integer NOT NULL, topic text NOT NULL, "
    "epoch bigint NOT NULL DEFAULT 0, PRIMARY KEY (slot, topic)) WITH (fillfactor = 50)";

/* A statement trigger: the first statement of a transaction that changes a
 * watched table moves its topic's counter (a transaction-local setting
 * remembers it, and is undone with a rolled back savepoint as the update
 * is); a rolled back transaction moves nothing. */
static const char PG_WATCH_FUNCTION[] =
    "CREATE OR REPLACE FUNCTION fg_cache_epoch() RETURNS trigger LANGUAGE plpgsql AS $f$\n"
    "BEGIN\n"
    "  IF current_setting('fugong.moved_' || TG_ARGV[0], true) IS DISTINCT FROM '1' THEN\n"
    "    UPDATE fg_watch_epochs SET epoch = epoch + 1\n"
    "      WHERE slot = pg_backend_pid() % " PG_WATCH_SLOTS_TEXT " AND topic = TG_ARGV[0];\n"
    "    PERFORM set_config('fugong.moved_' || TG_ARGV[0], '1', true);\n"
    "  END IF;\n"
    "  RETURN NULL;\n"
    "END $f$";

static int pg_watch_table(fg_db *db, const char *table, const char *topic, fg_err *err)
{
    char want[80];
    snprintf(want, sizeof(want), "%s\\000", topic);
    bool current = false;
    if (pg_triggers_current(db, "fg_cache_epoch", PG_WATCH_FUNCTION, table, "fg_watch", 1, want,
                            &current, err) == 0 &&
        current)
        return 0;
    int rc = pg_exec(db, PG_WATCH_TABLE, err);
    rc = rc ? rc
            : fg_db_run(db, err,
                        "INSERT INTO fg_watch_epochs (slot, topic) SELECT s, ? FROM "
                        "generate_series(0, " PG_WATCH_SLOTS_TEXT " - 1) s ON CONFLICT DO NOTHING",
                        "t", topic);
    rc = rc ? rc : pg_exec(db, PG_WATCH_FUNCTION, err);
    if (rc)
        return rc;
    /* Before the epochs, a trigger fg_cache called fg_cache_notify
     * (pg_notify): fg_watch replaces it, and the function goes with the last
     * table's old trigger. */
    char sql[512];
    snprintf(sql, sizeof(sql), "DROP TRIGGER IF EXISTS fg_cache ON %s", table);
    rc = pg_exec(db, sql, err);
    int w = snprintf(sql, sizeof(sql),
                     "CREATE OR REPLACE TRIGGER fg_watch AFTER INSERT OR UPDATE OR DELETE OR "
                     "TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION fg_cache_epoch('%s')",
                     table, topic);
    if (w < 0 || (size_t)w >= sizeof(sql))
        return fg_err_set(err, FG_EDB, "watching %s: trigger text too long", table);
    rc = rc ? rc : pg_exec(db, sql, err);
    return rc ? rc
              : pg_exec(db,
                        "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_trigger t JOIN pg_proc p "
                        "ON p.oid = t.tgfoid WHERE p.proname = 'fg_cache_notify') THEN "
                        "DROP FUNCTION IF EXISTS fg_cache_notify(); END IF; END $$",
                        err);
}

static int pg_watch_read(fg_db *db, void (*fn)(const char *topic, int64_t epoch, void *ctx),
                         void *ctx, fg_err *err)
{
    struct pg_db *d = (struct pg_db *)db;
    static const char read_sql[] =
        "SELECT topic, sum(epoch)::bigint FROM fg_watch_epochs GROUP BY topic";
    if (PQstatus(d->c) != CONNECTION_OK)
        return fg_err_at(err, FG_EUNAVAIL, NULL, "db.connection_lost",
                         "the watching connection was lost");
    PGresult *res = PQexec(d->c, read_sql);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        int rc = pg_result_error(d, res, err, read_sql);
        PQclear(res);
        return rc;
    }
    for (int i = 0; i < PQntuples(res); i++)
        fn(PQgetvalue(res, i, 0), strtoll(PQgetvalue(res, i, 1), NULL, 10), ctx);
    PQclear(res);
    return 0;
}

const struct fg_db_ops fg_db_pg_ops = {
    .name = "postgresql",
    .dirty_vacuum = "VACUUM pg_temp.fg_dirty",
    .open = pg_open,
    .close = pg_close,
    .exec = pg_exec,
    .prepare = pg_prepare,
    .bind_text = pg_bind_text,
    .bind_int = pg_bind_int,
    .step = pg_step,
    .col_text = pg_col_text,
    .col_int = pg_col_int,
    .col_count = pg_col_count,
    .seal_table = pg_seal_table,
    .watch_table = pg_watch_table,
    .copy_begin = pg_copy_begin,
    .copy_data = pg_copy_data,
    .copy_end = pg_copy_end,
    .watch_read = pg_watch_read,
    .reset = pg_reset,
    .begin = pg_begin,
    .begin_snapshot = pg_begin_snapshot,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .changes = pg_changes,
    .bulk = pg_bulk,
    .lock_migrations = pg_lock_migrations,
    .backup = pg_backup,
    .serials = pg_serials,
};
