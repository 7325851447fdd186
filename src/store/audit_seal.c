/* Sealed rows: the audit log proves the data, not only itself (issue 16).
 *
 * Each connection keeps a temporary table fg_dirty (tbl, k1, k2, k3) that
 * the row triggers of the audited tables fill (the driver's seal_table: TEMP
 * triggers on SQLite, one trigger function on PostgreSQL that writes only in
 * sessions that have fg_dirty). At the end of each write transaction,
 * fg__seal_commit reads back what it wrote, takes a digest of each row as it
 * is left (or FG_AUDIT_ROW_GONE), records the list in audit_rows under the
 * transaction's last entry and hashes that entry again over the list's hash.
 * A row written by anything else (the sqlite3 shell, psql) is never sealed,
 * and fg_audit_verify_deep finds it: changed, added or removed outside the
 * system.
 *
 * Adding an audited table is one line in `tables` below. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/arena.h"
#include "audit.h"
#include "internal.h"

struct seal_table {
    const char *name;
    const char *keys[3];
    int nkeys;
};

/* The audited tables: the records officials decide on and rely on. Tables
 * that are logs of their own (pass checks, daily reports and their
 * aggregates, sessions) are not sealed. */
static const struct seal_table tables[] = {
    {"regions", {"code"}, 1},
    {"risk_designations", {"id"}, 1},
    {"enterprises", {"uscc"}, 1},
    {"accounts", {"id"}, 1},
    {"account_enterprises", {"account", "enterprise"}, 2},
    {"guidance_tables", {"version"}, 1},
    {"orders", {"id"}, 1},
    {"order_actions", {"order_id", "n"}, 2},
    {"passes", {"id"}, 1},
    {"pass_rules", {"province"}, 1},
    {"whitelist_lists", {"id"}, 1},
    {"whitelist_batches", {"id"}, 1},
    {"whitelist_applications", {"id"}, 1},
    {"whitelist_recognitions", {"id"}, 1},
    {"policies", {"id"}, 1},
    {"policy_rules", {"policy_id", "version"}, 2},
    {"policy_claims", {"id"}, 1},
    {"plans", {"id"}, 1},
    {"stations", {"id"}, 1},
    {"problems", {"id"}, 1},
    {"problem_kind_owners", {"kind", "region"}, 2},
};
#define N_TABLES (sizeof(tables) / sizeof(tables[0]))
/* The statements' table has room for this many (scripts/stmt-cache.mjs
 * counts the statement cache's slots by it). */
#define SEAL_MAX_TABLES 32
_Static_assert(N_TABLES <= SEAL_MAX_TABLES, "raise SEAL_MAX_TABLES");
#define SCAN_PAGE 2000

/* Per table, built once: the row by its key; a page of rows in key order
 * (first, and after a key); every key into fg_dirty (the baseline). The
 * statement cache keys on these buffers' addresses, which never change. */
static struct {
    char lookup[512], first[512], next[640], mark[512];
} sql[SEAL_MAX_TABLES];
static pthread_once_t sql_once = PTHREAD_ONCE_INIT;

static void build_sql(void)
{
    for (size_t t = 0; t < N_TABLES; t++) {
        const struct seal_table *d = &tables[t];
        char keys[160] = "", where[200] = "", marks[120] = "", params[40] = "";
        size_t nk = 0, nw = 0, np = 0;
        for (int i = 0; i < d->nkeys; i++) {
            nk += (size_t)snprintf(keys + nk, sizeof(keys) - nk, "%s%s", i ? ", " : "", d->keys[i]);
            nw += (size_t)snprintf(where + nw, sizeof(where) - nw, "%s%s = ?", i ? " AND " : "",
                                   d->keys[i]);
            np += (size_t)snprintf(params + np, sizeof(params) - np, "%s?", i ? ", " : "");
        }
        size_t nm = 0;
        for (int i = 0; i < 3; i++)
            nm += (size_t)snprintf(marks + nm, sizeof(marks) - nm,
                                   i < d->nkeys ? ", CAST(%s AS TEXT)" : ", ''",
                                   i < d->nkeys ? d->keys[i] : "");
        snprintf(sql[t].lookup, sizeof(sql[t].lookup), "SELECT %s, t.* FROM %s t WHERE %s", keys,
                 d->name, where);
        snprintf(sql[t].first, sizeof(sql[t].first),
                 "SELECT %s, t.* FROM %s t ORDER BY %s LIMIT %d", keys, d->name, keys, SCAN_PAGE);
        snprintf(sql[t].next, sizeof(sql[t].next),
                 "SELECT %s, t.* FROM %s t WHERE (%s) > (%s) ORDER BY %s LIMIT %d", keys, d->name,
                 keys, params, keys, SCAN_PAGE);
        snprintf(sql[t].mark, sizeof(sql[t].mark),
                 "INSERT INTO fg_dirty (tbl, k1, k2, k3) SELECT '%s'%s FROM %s", d->name, marks,
                 d->name);
    }
}

static int table_index(const char *name)
{
    for (size_t t = 0; t < N_TABLES; t++)
        if (strcmp(tables[t].name, name) == 0)
            return (int)t;
    return -1;
}

static atomic_bool seal_ready;

bool fg__seal_ready(void)
{
    return atomic_load(&seal_ready);
}

/* No key: the triggers only append (a row written twice is there twice),
 * and the list is sorted and folded at the transaction's end. */
static const char SQL_DIRTY_TABLE[] =
    "CREATE TEMP TABLE IF NOT EXISTS fg_dirty (tbl TEXT NOT NULL, "
    "k1 TEXT NOT NULL, k2 TEXT NOT NULL, k3 TEXT NOT NULL)";
static const char SQL_DIRTY_LIST[] = "SELECT tbl, k1, k2, k3 FROM fg_dirty";
static const char SQL_DIRTY_CLEAR[] = "DELETE FROM fg_dirty";
static const char SQL_ROWS_INSERT[] =
    "INSERT INTO audit_rows (seq, tbl, k1, k2, k3, digest) VALUES (?, ?, ?, ?, ?, ?)";
#define ROWS_CHUNK 64
static char rows_insert_chunk[sizeof(SQL_ROWS_INSERT) * (ROWS_CHUNK + 1)];
static const char SQL_BASELINE_PENDING[] = "SELECT COUNT(*) FROM audit_baseline";
static const char SQL_BASELINE_DONE[] = "DELETE FROM audit_baseline";

static void build_all(void)
{
    build_sql();
    fg_db_multirow(SQL_ROWS_INSERT, ROWS_CHUNK, rows_insert_chunk, sizeof(rows_insert_chunk));
}

int fg__seal_connect(fg_db *db, fg_err *err)
{
    int rc = db->ops->exec(db, SQL_DIRTY_TABLE, err);
    for (size_t t = 0; rc == 0 && t < N_TABLES; t++)
        rc = db->ops->seal_table(db, tables[t].name, tables[t].keys, tables[t].nkeys, false, err);
    db->sealed = rc == 0;
    return rc;
}

/* The digest of the current row of `st` (columns from `from` on). */
static void row_digest(fg_db *db, fg_stmt *st, const char *table, int from,
                       char out[FG_AUDIT_HASH_HEX])
{
    const char *vals[96];
    int n = db->ops->col_count(st) - from;
    if (n > (int)(sizeof(vals) / sizeof(vals[0])))
        n = (int)(sizeof(vals) / sizeof(vals[0]));
    for (int i = 0; i < n; i++)
        vals[i] = fg_db_text(db, st, from + i);
    fg_audit_row_digest(table, vals, n, out);
}

/* The digest of the row `r` names as it is now, or FG_AUDIT_ROW_GONE. */
static int digest_now(fg_db *db, int t, fg_audit_row *r, fg_err *err)
{
    fg_stmt *st;
    int rc = db->ops->prepare(db, sql[t].lookup, &st, err);
    if (rc)
        return rc;
    const char *k[3] = {r->k1, r->k2, r->k3};
    for (int i = 0; rc == 0 && i < tables[t].nkeys; i++)
        rc = db->ops->bind_text(st, i + 1, k[i]);
    if (rc) {
        db->ops->reset(st);
        return fg_err_set(err, FG_EDB, "binding a sealed row's key failed");
    }
    rc = db->ops->step(st, err);
    if (rc == 1)
        row_digest(db, st, tables[t].name, tables[t].nkeys, r->digest);
    else if (rc == 0)
        snprintf(r->digest, sizeof(r->digest), "%s", FG_AUDIT_ROW_GONE);
    db->ops->reset(st);
    return rc < 0 ? rc : 0;
}

static int rows_bind(fg_db *db, fg_stmt *st, int64_t seq, const fg_audit_row *r, int row)
{
    const struct fg_db_ops *o = db->ops;
    int k = row * 6;
    int rc = o->bind_int(st, k + 1, seq);
    rc = rc ? rc : o->bind_text(st, k + 2, r->table);
    rc = rc ? rc : o->bind_text(st, k + 3, r->k1);
    rc = rc ? rc : o->bind_text(st, k + 4, r->k2);
    rc = rc ? rc : o->bind_text(st, k + 5, r->k3);
    return rc ? rc : o->bind_text(st, k + 6, r->digest);
}

static int rows_write(fg_db *db, int64_t seq, const fg_audit_row *rows, size_t n, fg_err *err)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n;) {
        size_t m = n - i >= ROWS_CHUNK ? ROWS_CHUNK : 1;
        fg_stmt *st;
        if ((rc = db->ops->prepare(db, m > 1 ? rows_insert_chunk : SQL_ROWS_INSERT, &st, err)))
            break;
        for (size_t k = 0; rc == 0 && k < m; k++)
            rc = rows_bind(db, st, seq, &rows[i + k], (int)k);
        if (rc) {
            db->ops->reset(st);
            return fg_err_set(err, FG_EDB, "binding a sealed row failed");
        }
        rc = db->ops->step(st, err);
        db->ops->reset(st);
        rc = rc < 0 ? rc : 0;
        i += m;
    }
    return rc;
}

int fg__seal_commit(fg_tx *tx, fg_err *err)
{
    fg_db *db = tx->db;
    pthread_once(&sql_once, build_all);
    fg_arena a;
    fg_arena_init(&a);
    fg_audit_row *rows = NULL;
    size_t n = 0, cap = 0;
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_DIRTY_LIST, "");
    while (rc == 0 && (rc = fg_db_step(db, st, err)) == 1) {
        const char *tbl = fg_db_text(db, st, 0);
        if (table_index(tbl) < 0) {
            rc = 0;
            continue; /* a table no longer audited whose trigger remains */
        }
        if (n == cap) {
            size_t c = cap ? cap * 2 : 16;
            fg_audit_row *p = realloc(rows, c * sizeof(*p));
            if (!p) {
                rc = fg_err_set(err, FG_ENOMEM, "out of memory sealing rows");
                break;
            }
            rows = p;
            cap = c;
        }
        fg_audit_row *r = &rows[n];
        r->table = tables[table_index(tbl)].name;
        r->k1 = fg_arena_strdup(&a, fg_db_text(db, st, 1));
        r->k2 = fg_arena_strdup(&a, fg_db_text(db, st, 2));
        r->k3 = fg_arena_strdup(&a, fg_db_text(db, st, 3));
        if (!r->k1 || !r->k2 || !r->k3) {
            rc = fg_err_set(err, FG_ENOMEM, "out of memory sealing rows");
            break;
        }
        n++;
        rc = 0;
    }
    if (rc == 0 || rc == 1)
        rc = 0;
    fg_db_done(db, st);
    /* A row written several times is sealed once, as it is left. */
    fg_audit_rows_sort(rows, n);
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (w == 0 || fg_audit_row_cmp(&rows[w - 1], &rows[i]) != 0)
            rows[w++] = rows[i];
    n = w;
    if (rc == 0 && n > 0 && tx->n_audit == 0) {
        /* A write that is a log of its own (a migration) touched audited
         * rows: they are sealed by an entry of the system's, saying why. */
        json_t *d =
            json_pack("{s:s,s:I}", "why", tx->log_only ? tx->log_only : "", "rows", (json_int_t)n);
        rc = fg_tx_audit_as(tx, "system", "audit.seal", "database", "", 0, d, err);
        json_decref(d);
    }
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = digest_now(db, table_index(rows[i].table), &rows[i], err);
    if (rc == 0 && n > 0) {
        char h[FG_AUDIT_HASH_HEX];
        fg_audit_rows_hash(rows, n, h);
        int64_t seq = tx->audit.pending[tx->audit.n_pending - 1].seq;
        rc = rows_write(db, seq, rows, n, err);
        if (rc == 0)
            fg__audit_seal_last(&tx->audit, tx->now_ms, h);
        if (rc == 0)
            rc = fg_db_run(db, err, SQL_DIRTY_CLEAR, "");
    }
    free(rows);
    fg_arena_release(&a);
    return rc;
}

int fg__seal_install(fg_db *db, int64_t now_ms, fg_err *err)
{
    pthread_once(&sql_once, build_all);
    int rc = 0;
    for (size_t t = 0; rc == 0 && t < N_TABLES; t++)
        rc = db->ops->seal_table(db, tables[t].name, tables[t].keys, tables[t].nkeys, true, err);
    if (rc == 0)
        rc = fg__seal_connect(db, err);
    if (rc)
        return rc;
    atomic_store(&seal_ready, true);
    fg_stmt *st;
    if ((rc = fg_db_row(db, &st, err, SQL_BASELINE_PENDING, "")) < 0)
        return rc;
    int64_t pending = rc == 1 ? fg_db_int(db, st, 0) : 0;
    if (rc == 1)
        fg_db_done(db, st);
    if (pending == 0)
        return 0;
    /* Once per database: every row present is sealed as it is found. */
    fg_tx tx;
    if ((rc = fg_tx_begin(&tx, db, now_ms, "system", err)))
        return rc;
    for (size_t t = 0; rc == 0 && t < N_TABLES; t++)
        rc = fg_db_run(db, err, sql[t].mark, "");
    if (rc == 0)
        rc = fg_db_run(db, err, SQL_BASELINE_DONE, "");
    json_t *d = json_pack("{s:I}", "tables", (json_int_t)N_TABLES);
    if (rc == 0)
        rc = fg_tx_audit(&tx, "audit.baseline", "database", "", 0, d, err);
    json_decref(d);
    return fg_tx_end(&tx, rc, err);
}

/* ---- deep verification ---- */

/* A seal as read back: where in `keys` its key lives, the entry, the digest. */
struct seal {
    int table;
    const char *k1, *k2, *k3;
    int64_t seq;
    char digest[FG_AUDIT_HASH_HEX];
    bool seen;
};

static int seal_cmp(const void *pa, const void *pb)
{
    const struct seal *a = pa, *b = pb;
    int c = a->table - b->table;
    c = c ? c : strcmp(a->k1, b->k1);
    c = c ? c : strcmp(a->k2, b->k2);
    c = c ? c : strcmp(a->k3, b->k3);
    return c ? c : (a->seq > b->seq) - (a->seq < b->seq);
}

static void finding(fg_audit_deep *out, const char *table, const char *k1, const char *k2,
                    const char *k3, const char *code, const char *what)
{
    out->bad_rows++;
    if (out->n_findings >= FG_AUDIT_DEEP_FINDINGS)
        return;
    struct fg_audit_finding *f = &out->findings[out->n_findings++];
    snprintf(f->table, sizeof(f->table), "%s", table);
    snprintf(f->key, sizeof(f->key), "%s%s%s%s%s", k1, *k2 ? " / " : "", k2, *k3 ? " / " : "", k3);
    snprintf(f->what, sizeof(f->what), "%s", what);
    f->code = code;
}

static const char SQL_SEALS_OF[] =
    "SELECT seq, rows_hash FROM audit_log WHERE seq > ? AND seq <= ? AND rows_hash <> '' "
    "ORDER BY seq";
static const char SQL_ROWS_OF[] = "SELECT seq, tbl, k1, k2, k3, digest FROM audit_rows "
                                  "WHERE seq > ? AND seq <= ? ORDER BY seq";
static const char SQL_HEAD_SEQ[] = "SELECT seq FROM audit_head WHERE id = 1";
#define SEAL_RANGE 5000

/* A growing array of `size`-byte items. */
static int grow(void **p, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 0;
    size_t c = *cap ? *cap * 2 : 256;
    void *q = realloc(*p, c * size);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

struct sealing_entry {
    int64_t seq;
    char hash[FG_AUDIT_HASH_HEX];
};

static void entry_finding(fg_audit_deep *out, int64_t seq, const char *code, const char *what)
{
    char s[32];
    snprintf(s, sizeof(s), "%lld", (long long)seq);
    finding(out, "audit_rows", s, "", "", code, what);
}

/* The rows of entry `seq` are all read: their hash against the entry's. */
static void check_entry_rows(fg_audit_deep *out, const struct sealing_entry *ent, size_t ne,
                             size_t *e, int64_t seq, fg_audit_row *rows, size_t nr)
{
    for (; *e < ne && ent[*e].seq < seq; (*e)++)
        entry_finding(out, ent[*e].seq, "audit.seal_removed",
                      "the rows this entry sealed were removed from audit_rows");
    char h[FG_AUDIT_HASH_HEX];
    fg_audit_rows_sort(rows, nr);
    fg_audit_rows_hash(rows, nr, h);
    if (*e < ne && ent[*e].seq == seq) {
        if (strcmp(ent[*e].hash, h) != 0)
            entry_finding(out, seq, "audit.seal_changed",
                          "the rows sealed by this entry were changed: their hash is not the "
                          "one the entry carries");
        (*e)++;
    } else {
        entry_finding(out, seq, "audit.seal_added",
                      "rows were added under an entry that sealed none");
    }
}

/* Reads every seal in entry order, checking each entry's list against the
 * hash the chain vouches for; appends the seals of audited tables to *all. */
static int read_seals(fg_db *db, fg_arena *a, struct seal **all, size_t *n_all, fg_audit_deep *out,
                      fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_HEAD_SEQ, "");
    if (rc <= 0)
        return rc;
    int64_t head = fg_db_int(db, st, 0);
    fg_db_done(db, st);
    size_t cap = 0, rcap = 0, ecap = 0;
    fg_audit_row *rows = NULL;
    struct sealing_entry *ent = NULL;
    rc = 0;
    for (int64_t lo = 0; rc == 0 && lo < head; lo += SEAL_RANGE) {
        int64_t hi = lo + SEAL_RANGE;
        size_t ne = 0;
        if ((rc = fg_db_query(db, &st, err, SQL_SEALS_OF, "ii", lo, hi)))
            break;
        while ((rc = fg_db_step(db, st, err)) == 1) {
            if (grow((void **)&ent, &ecap, ne, sizeof(*ent))) {
                rc = fg_err_set(err, FG_ENOMEM, "out of memory reading the sealed rows");
                break;
            }
            ent[ne].seq = fg_db_int(db, st, 0);
            snprintf(ent[ne].hash, sizeof(ent[ne].hash), "%s", fg_db_text(db, st, 1));
            ne++;
        }
        fg_db_done(db, st);
        if (rc < 0 || (rc = fg_db_query(db, &st, err, SQL_ROWS_OF, "ii", lo, hi)))
            break;
        size_t e = 0, nr = 0;
        int64_t cur = -1;
        while ((rc = fg_db_step(db, st, err)) == 1) {
            int64_t seq = fg_db_int(db, st, 0);
            if (cur >= 0 && seq != cur) {
                check_entry_rows(out, ent, ne, &e, cur, rows, nr);
                nr = 0;
            }
            cur = seq;
            if (grow((void **)&rows, &rcap, nr, sizeof(*rows)) ||
                grow((void **)all, &cap, *n_all, sizeof(**all))) {
                rc = fg_err_set(err, FG_ENOMEM, "out of memory reading the sealed rows");
                break;
            }
            fg_audit_row *r = &rows[nr++];
            r->table = fg_arena_strdup(a, fg_db_text(db, st, 1));
            r->k1 = fg_arena_strdup(a, fg_db_text(db, st, 2));
            r->k2 = fg_arena_strdup(a, fg_db_text(db, st, 3));
            r->k3 = fg_arena_strdup(a, fg_db_text(db, st, 4));
            snprintf(r->digest, sizeof(r->digest), "%s", fg_db_text(db, st, 5));
            if (!r->table || !r->k1 || !r->k2 || !r->k3) {
                rc = fg_err_set(err, FG_ENOMEM, "out of memory reading the sealed rows");
                break;
            }
            int t = table_index(r->table);
            if (t < 0)
                continue; /* a table no longer audited: hashed, not compared */
            struct seal *s = &(*all)[(*n_all)++];
            s->table = t;
            s->k1 = r->k1, s->k2 = r->k2, s->k3 = r->k3;
            s->seq = seq;
            s->seen = false;
            memcpy(s->digest, r->digest, sizeof(s->digest));
        }
        fg_db_done(db, st);
        if (rc < 0)
            break;
        if (cur >= 0)
            check_entry_rows(out, ent, ne, &e, cur, rows, nr);
        for (; e < ne; e++)
            entry_finding(out, ent[e].seq, "audit.seal_removed",
                          "the rows this entry sealed were removed from audit_rows");
        out->entries_sealing += (int64_t)ne;
    }
    free(rows);
    free(ent);
    return rc < 0 ? rc : 0;
}

/* Walks one table in key order and compares each row with its last seal. */
static int check_table(fg_db *db, int t, struct seal *all, size_t n_all, fg_audit_deep *out,
                       fg_err *err)
{
    const struct seal_table *d = &tables[t];
    char last[3][512] = {"", "", ""};
    bool first = true;
    for (;;) {
        fg_stmt *st;
        int rc = db->ops->prepare(db, first ? sql[t].first : sql[t].next, &st, err);
        if (rc)
            return rc;
        for (int i = 0; !first && rc == 0 && i < d->nkeys; i++)
            rc = db->ops->bind_text(st, i + 1, last[i]);
        if (rc) {
            db->ops->reset(st);
            return fg_err_set(err, FG_EDB, "binding a key to scan %s failed", d->name);
        }
        int rows = 0;
        while ((rc = db->ops->step(st, err)) == 1) {
            rows++;
            out->rows_checked++;
            struct seal key = {t, "", "", "", INT64_MAX, "", false};
            const char **k[3] = {&key.k1, &key.k2, &key.k3};
            for (int i = 0; i < d->nkeys; i++) {
                const char *v = fg_db_text(db, st, i);
                snprintf(last[i], sizeof(last[i]), "%s", v ? v : "");
                *k[i] = last[i];
            }
            char now[FG_AUDIT_HASH_HEX];
            row_digest(db, st, d->name, d->nkeys, now);
            /* The last seal of this key: the greatest seq at or below it. */
            size_t lo = 0, hi = n_all;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (seal_cmp(&all[mid], &key) <= 0)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            struct seal *s = lo > 0 ? &all[lo - 1] : NULL;
            if (s && (s->table != t || strcmp(s->k1, key.k1) || strcmp(s->k2, key.k2) ||
                      strcmp(s->k3, key.k3)))
                s = NULL;
            if (!s || strcmp(s->digest, FG_AUDIT_ROW_GONE) == 0)
                finding(out, d->name, key.k1, key.k2, key.k3, "audit.row_added",
                        "no entry explains this row: it was added outside the system");
            else if (strcmp(s->digest, now) != 0)
                finding(out, d->name, key.k1, key.k2, key.k3, "audit.row_changed",
                        "the row is not as its last entry left it: it was changed outside the "
                        "system");
            if (s)
                s->seen = true;
        }
        db->ops->reset(st);
        if (rc < 0)
            return rc;
        if (rows < SCAN_PAGE)
            return 0;
        first = false;
    }
}

int fg_audit_verify_deep(fg_db *db, const fg_audit_anchor *anchor, fg_audit_verdict *verdict,
                         fg_audit_deep *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    int rc = fg_audit_verify_anchor(db, anchor, verdict, err);
    if (rc)
        return rc;
    pthread_once(&sql_once, build_all);
    fg_arena a;
    fg_arena_init(&a);
    struct seal *all = NULL;
    size_t n_all = 0;
    if ((rc = fg_db_begin_snapshot(db, err)))
        return rc;
    rc = read_seals(db, &a, &all, &n_all, out, err);
    if (rc == 0 && n_all > 1)
        qsort(all, n_all, sizeof(*all), seal_cmp);
    /* Only the last seal of each key counts; earlier ones are history. */
    size_t w = 0;
    for (size_t i = 0; rc == 0 && i < n_all; i++) {
        if (w > 0 && all[w - 1].table == all[i].table && !strcmp(all[w - 1].k1, all[i].k1) &&
            !strcmp(all[w - 1].k2, all[i].k2) && !strcmp(all[w - 1].k3, all[i].k3))
            w--;
        all[w++] = all[i];
    }
    n_all = rc == 0 ? w : 0;
    for (size_t t = 0; rc == 0 && t < N_TABLES; t++)
        rc = check_table(db, (int)t, all, n_all, out, err);
    for (size_t i = 0; rc == 0 && i < n_all; i++)
        if (!all[i].seen && strcmp(all[i].digest, FG_AUDIT_ROW_GONE) != 0)
            finding(out, tables[all[i].table].name, all[i].k1, all[i].k2, all[i].k3,
                    "audit.row_removed",
                    "the row its last entry left is gone: it was removed outside the system");
    out->tables = N_TABLES;
    fg_db_rollback(db);
    free(all);
    fg_arena_release(&a);
    return rc < 0 ? rc : 0;
}
