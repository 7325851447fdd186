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

#include "../sys/log.h"
#include "../util/arena.h"
#include "../util/buf.h"
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
    {"supply_edges", {"id"}, 1},
    {"service_links", {"enterprise", "service"}, 2},
    {"resumption_applications", {"id"}, 1},
    {"coordination_requests", {"id"}, 1},
    {"station_bookings", {"id"}, 1},
};
#define N_TABLES (sizeof(tables) / sizeof(tables[0]))
/* The statements' table has room for this many (scripts/stmt-cache.mjs
 * counts the statement cache's slots by it). */
#define SEAL_MAX_TABLES 32
_Static_assert(N_TABLES <= SEAL_MAX_TABLES, "raise SEAL_MAX_TABLES");
#define SCAN_PAGE 2000

/* Rows looked up together at a transaction's end (one round trip to
 * PostgreSQL for this many, not one each); LOOKUP_BIG at a time when a
 * transaction wrote more than LOOKUP_BATCH rows of a table with a one-column
 * key (an import: 100 round trips for 100,000 rows, not 3,125). */
#define LOOKUP_BATCH 32
#define LOOKUP_BIG 1024

/* Per table, built once: LOOKUP_BATCH rows by their keys; a page of rows in key order
 * (first, and after a key); every key into fg_dirty (the baseline). The
 * statement cache keys on these buffers' addresses, which never change. */
static struct {
    char lookup[2400], big[LOOKUP_BIG * 3 + 160], first[512], next[640], mark[512];
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
        size_t nl = (size_t)snprintf(sql[t].lookup, sizeof(sql[t].lookup),
                                     "SELECT %s, t.* FROM %s t WHERE ", keys, d->name);
        if (d->nkeys == 1)
            nl += (size_t)snprintf(sql[t].lookup + nl, sizeof(sql[t].lookup) - nl, "%s IN (",
                                   d->keys[0]);
        for (int g = 0; g < LOOKUP_BATCH && nl < sizeof(sql[t].lookup); g++)
            nl += (size_t)(d->nkeys == 1 ? snprintf(sql[t].lookup + nl, sizeof(sql[t].lookup) - nl,
                                                    "%s?", g ? ", " : "")
                                         : snprintf(sql[t].lookup + nl, sizeof(sql[t].lookup) - nl,
                                                    "%s(%s)", g ? " OR " : "", where));
        if (d->nkeys == 1 && nl < sizeof(sql[t].lookup))
            snprintf(sql[t].lookup + nl, sizeof(sql[t].lookup) - nl, ")");
        if (d->nkeys == 1) {
            size_t nb = (size_t)snprintf(sql[t].big, sizeof(sql[t].big),
                                         "SELECT %s, t.* FROM %s t WHERE %s IN (", keys, d->name,
                                         d->keys[0]);
            for (int g = 0; g < LOOKUP_BIG && nb < sizeof(sql[t].big); g++)
                nb +=
                    (size_t)snprintf(sql[t].big + nb, sizeof(sql[t].big) - nb, "%s?", g ? "," : "");
            if (nb < sizeof(sql[t].big))
                snprintf(sql[t].big + nb, sizeof(sql[t].big) - nb, ")");
        }
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
 * and the list is sorted and folded at the transaction's end, then emptied
 * (and now and then vacuumed: the engine's dirty_vacuum). Not ON COMMIT
 * DELETE ROWS: truncating the table, its TOAST table and index at every
 * commit cost PostgreSQL 0.6 ms of CPU a write (make bench-writes: 1,160
 * writes a second became 788). */
static const char SQL_DIRTY_TABLE[] =
    "CREATE TEMP TABLE IF NOT EXISTS fg_dirty (tbl TEXT NOT NULL, "
    "k1 TEXT NOT NULL, k2 TEXT NOT NULL, k3 TEXT NOT NULL)";
static const char SQL_DIRTY_LIST[] = "SELECT tbl, k1, k2, k3 FROM fg_dirty";
static const char SQL_DIRTY_CLEAR[] = "DELETE FROM fg_dirty";
/* The tables whose present rows are still to be sealed once ('' for all). */
static const char SQL_BASELINE_PENDING[] = "SELECT tbl FROM audit_baseline";
static const char SQL_BASELINE_DONE[] = "DELETE FROM audit_baseline";

static void build_all(void)
{
    build_sql();
}

/* Rows emptied from a connection's fg_dirty before its space is given back
 * (about 7 pages of dead rows read by each write meanwhile). Rows a rolled
 * back write left are not counted; the next vacuum takes them too. */
#define FG_DIRTY_VACUUM_ROWS 1024

void fg__seal_tidy(fg_db *db)
{
    if (!db->ops->dirty_vacuum || db->dirty_emptied < FG_DIRTY_VACUUM_ROWS)
        return;
    db->dirty_emptied = 0;
    fg_err err;
    if (db->ops->exec(db, db->ops->dirty_vacuum, &err))
        fg_warn("audit.seal_vacuum", "msg=%s", err.msg); /* the write is committed */
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

static int row_key_cmp(const void *a, const void *b)
{
    return fg_audit_row_cmp(a, b);
}

/* Sets the digest of rows[0..n) (of table t, n <= `batch`, LOOKUP_BATCH or
 * LOOKUP_BIG) from the rows as they are now; FG_AUDIT_ROW_GONE for those no
 * longer there. A batch shorter than its statement repeats its last key. */
static int digest_batch(fg_db *db, int t, fg_audit_row *rows, size_t n, int batch, fg_err *err)
{
    const struct seal_table *d = &tables[t];
    fg_stmt *st;
    int rc = db->ops->prepare(db, batch == LOOKUP_BIG ? sql[t].big : sql[t].lookup, &st, err);
    if (rc)
        return rc;
    for (int g = 0; rc == 0 && g < batch; g++) {
        const fg_audit_row *r = &rows[(size_t)g < n ? (size_t)g : n - 1];
        const char *k[3] = {r->k1, r->k2, r->k3};
        for (int i = 0; rc == 0 && i < d->nkeys; i++)
            rc = db->ops->bind_text(st, g * d->nkeys + i + 1, k[i]);
    }
    if (rc) {
        db->ops->reset(st);
        return fg_err_set(err, FG_EDB, "binding a sealed row's key failed");
    }
    for (size_t i = 0; i < n; i++)
        snprintf(rows[i].digest, sizeof(rows[i].digest), "%s", FG_AUDIT_ROW_GONE);
    while ((rc = db->ops->step(st, err)) == 1) {
        const char *k[3] = {"", "", ""};
        for (int i = 0; i < d->nkeys; i++) {
            k[i] = fg_db_text(db, st, i);
            k[i] = k[i] ? k[i] : "";
        }
        /* rows[0..n) are sorted and of one table (fg__seal_commit) */
        fg_audit_row key = {.table = rows[0].table, .k1 = k[0], .k2 = k[1], .k3 = k[2]};
        fg_audit_row *hit = bsearch(&key, rows, n, sizeof(*rows), row_key_cmp);
        if (hit)
            row_digest(db, st, d->name, d->nkeys, hit->digest);
    }
    db->ops->reset(st);
    return rc < 0 ? rc : 0;
}

/* PostgreSQL's trigger function skips the table named here (pg.c). */
static const char SQL_SEAL_PAUSE[] = "SELECT set_config('fugong.seal_paused', ?, true)";

int fg__seal_pause(fg_tx *tx, const char *table, fg_err *err)
{
    return tx->db->sealed ? fg_db_run(tx->db, err, SQL_SEAL_PAUSE, "t", table) : 0;
}

int fg__seal_row(fg_tx *tx, const char *table, const char *k1, const char *const *vals, int n,
                 fg_err *err)
{
    int t = table_index(table);
    if (t < 0 || tables[t].nkeys != 1)
        return fg_err_set(err, FG_EDB, "sealing %s by its values: not an audited table of one key",
                          table);
    if (fg_grow((void **)&tx->known, &tx->cap_known, tx->n_known, sizeof(*tx->known)))
        return fg_err_set(err, FG_ENOMEM, "out of memory sealing rows");
    fg_audit_row *r = &tx->known[tx->n_known];
    r->table = tables[t].name;
    r->k1 = fg_arena_strdup(&tx->known_keys, k1);
    r->k2 = r->k3 = "";
    if (!r->k1)
        return fg_err_set(err, FG_ENOMEM, "out of memory sealing rows");
    fg_audit_row_digest(table, vals, n, r->digest);
    tx->n_known++;
    tx->known_sorted = false;
    return 0;
}

void fg__seal_prepare(fg_tx *tx)
{
    if (tx->known_sorted)
        return; /* made already, and no row sealed since */
    fg_audit_rows_sort(tx->known, tx->n_known);
    tx->known_sorted = true;
    /* The list as it is when no other statement of the transaction wrote a
     * sealed row (a bulk load's), with its hash: made now, while the server
     * still stores the rows, instead of at commit. */
    fg_buf_reset(&tx->known_text);
    bool unique = true;
    for (size_t i = 1; unique && i < tx->n_known; i++)
        unique = fg_audit_row_cmp(&tx->known[i - 1], &tx->known[i]) != 0;
    if (!unique || tx->n_known == 0 ||
        fg_audit_rows_text(tx->known, tx->n_known, &tx->known_text) ||
        fg_buf_addc(&tx->known_text, '\0')) {
        fg_buf_reset(&tx->known_text);
        return;
    }
    fg_audit_rows_hash(tx->known_text.buf, tx->known_text.len - 1, tx->known_hash);
}

/* Reads back a sample of the rows sealed from their values (up to
 * LOOKUP_BATCH, spread over each table's) and compares: *out_same is false
 * when any differs (the loader's idea of the row is not the database's). */
static int known_sample(fg_db *db, const fg_audit_row *known, size_t n, bool *out_same, fg_err *err)
{
    *out_same = true;
    int rc = 0;
    for (size_t i = 0, m; rc == 0 && *out_same && i < n; i += m) {
        for (m = 1; i + m < n && known[i + m].table == known[i].table; m++)
            ;
        fg_audit_row sample[LOOKUP_BATCH];
        size_t k = m < LOOKUP_BATCH ? m : LOOKUP_BATCH;
        for (size_t j = 0; j < k; j++)
            sample[j] = known[i + (k > 1 ? j * (m - 1) / (k - 1) : 0)];
        rc = digest_batch(db, table_index(known[i].table), sample, k, LOOKUP_BATCH, err);
        for (size_t j = 0; rc == 0 && j < k; j++) {
            const fg_audit_row *want = &known[i + (k > 1 ? j * (m - 1) / (k - 1) : 0)];
            if (strcmp(sample[j].digest, want->digest) != 0) {
                fg_warn("audit.seal_values",
                        "table=%s key=%s the row as written is not the row "
                        "stored; reading every row back",
                        want->table, want->k1);
                *out_same = false;
                break;
            }
        }
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
    size_t n_dirty = n;
    /* Rows a bulk load sealed from their values, if a sample read back
     * agrees; their digest is set, the others' is "" (to be read). */
    bool same = true;
    if (rc == 0 && tx->n_known > 0) {
        fg__seal_prepare(tx);
        rc = known_sample(db, tx->known, tx->n_known, &same, err);
    }
    for (size_t i = 0; i < n; i++)
        rows[i].digest[0] = '\0';
    fg_audit_rows_sort(rows, n);
    if (rc == 0 && tx->n_known > 0) {
        /* both lists sorted: merged, not sorted again (100,000 rows) */
        fg_audit_row *p = malloc((n + tx->n_known) * sizeof(*p));
        if (!p) {
            rc = fg_err_set(err, FG_ENOMEM, "out of memory sealing rows");
        } else {
            size_t i = 0, j = 0, k = 0;
            while (i < n || j < tx->n_known) {
                bool dirty =
                    j == tx->n_known || (i < n && fg_audit_row_cmp(&rows[i], &tx->known[j]) <= 0);
                p[k] = dirty ? rows[i++] : tx->known[j++];
                if (!dirty && !same)
                    p[k].digest[0] = '\0';
                k++;
            }
            free(rows);
            rows = p;
            n = k;
        }
    }
    /* A row written several times is sealed once, as it is left: one to be
     * read back wins over the same row sealed from its values (a later
     * statement changed it). */
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (w > 0 && fg_audit_row_cmp(&rows[w - 1], &rows[i]) == 0) {
            if (!rows[i].digest[0])
                rows[w - 1].digest[0] = '\0';
            continue;
        }
        rows[w++] = rows[i];
    }
    n = w;
    if (rc == 0 && n > 0 && tx->n_audit == 0) {
        /* A write that is a log of its own (a migration) touched audited
         * rows: they are sealed by an entry of the system's, saying why. */
        json_t *d =
            json_pack("{s:s,s:I}", "why", tx->log_only ? tx->log_only : "", "rows", (json_int_t)n);
        rc = fg_tx_audit_as(tx, "system", "audit.seal", "database", "", 0, d, err);
        json_decref(d);
    }
    /* The rows to read back, sorted, so each table's are together. */
    fg_audit_row *todo = malloc((n ? n : 1) * sizeof(*todo));
    size_t nt = 0;
    if (!todo && rc == 0)
        rc = fg_err_set(err, FG_ENOMEM, "out of memory sealing rows");
    for (size_t i = 0; todo && i < n; i++)
        if (!rows[i].digest[0])
            todo[nt++] = rows[i];
    for (size_t i = 0, m, k; rc == 0 && i < nt; i += m) {
        int t = table_index(todo[i].table);
        for (k = 1; i + k < nt && todo[i + k].table == todo[i].table; k++)
            ;
        int batch = k > LOOKUP_BATCH && tables[t].nkeys == 1 ? LOOKUP_BIG : LOOKUP_BATCH;
        m = k < (size_t)batch ? k : (size_t)batch;
        rc = digest_batch(db, t, &todo[i], m, batch, err);
    }
    /* back into the list, both in one order */
    for (size_t i = 0, j = 0; rc == 0 && i < n && j < nt; i++)
        if (!rows[i].digest[0])
            rows[i] = todo[j++];
    free(todo);
    if (rc == 0 && n > 0 && n_dirty == 0 && same && tx->known_sorted && tx->known_text.len > 0 &&
        n == tx->n_known) {
        /* only the rows sealed from their values: the list made ahead */
        fg__audit_seal_last(&tx->audit, tx->known_hash, tx->known_text.buf); /* owns it now */
        tx->known_text.buf = NULL;
        fg_buf_init(&tx->known_text, (size_t)4 << 30);
        rc = fg_db_run(db, err, SQL_DIRTY_CLEAR, "");
        db->dirty_emptied += (int64_t)n_dirty;
    } else if (rc == 0 && n > 0) {
        fg_buf text;
        fg_buf_init(&text, (size_t)4 << 30); /* ~90 bytes a row: a 40-million-row import */
        if (fg_audit_rows_text(rows, n, &text) || fg_buf_addc(&text, '\0')) {
            fg_buf_release(&text);
            rc = fg_err_set(err, FG_ENOMEM, "out of memory sealing rows");
        } else {
            char h[FG_AUDIT_HASH_HEX];
            fg_audit_rows_hash(text.buf, text.len - 1, h);
            fg__audit_seal_last(&tx->audit, h, text.buf); /* owns it now */
            rc = fg_db_run(db, err, SQL_DIRTY_CLEAR, "");
            db->dirty_emptied += (int64_t)n_dirty;
        }
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
    bool pending[SEAL_MAX_TABLES] = {false};
    size_t n_pending = 0;
    fg_stmt *st;
    if ((rc = fg_db_query(db, &st, err, SQL_BASELINE_PENDING, "")))
        return rc;
    while ((rc = fg_db_step(db, st, err)) == 1) {
        const char *name = fg_db_text(db, st, 0);
        int t = table_index(name);
        for (size_t i = 0; i < N_TABLES; i++)
            if (!name[0] || (int)i == t) {
                n_pending += !pending[i];
                pending[i] = true;
            }
    }
    fg_db_done(db, st);
    if (rc < 0)
        return rc;
    if (n_pending == 0)
        return 0;
    /* Once per database (and once per table added later): every row present
     * is sealed as it is found. */
    fg_tx tx;
    if ((rc = fg_tx_begin(&tx, db, now_ms, "system", err)))
        return rc;
    for (size_t t = 0; rc == 0 && t < N_TABLES; t++)
        if (pending[t])
            rc = fg_db_run(db, err, sql[t].mark, "");
    if (rc == 0)
        rc = fg_db_run(db, err, SQL_BASELINE_DONE, "");
    json_t *d = json_pack("{s:I}", "tables", (json_int_t)n_pending);
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
    "SELECT seq, rows_hash, rows FROM audit_log WHERE seq > ? AND seq <= ? "
    "AND (rows_hash <> '' OR rows <> '') ORDER BY seq";
/* Seals are read in the order of all chains (audit_log.seq): a row's
 * writers hold its lock until they commit, and an entry's seq is taken when
 * it is written at the end of its transaction, so the later writer of a row
 * has the greater seq whatever chains the two wrote to. */
static const char SQL_HEAD_SEQ[] = "SELECT COALESCE(MAX(seq), 0) FROM audit_log";
#define SEAL_RANGE 1000

static void entry_finding(fg_audit_deep *out, int64_t seq, const char *code, const char *what)
{
    char s[32];
    snprintf(s, sizeof(s), "%lld", (long long)seq);
    finding(out, "audit_log", s, "", "", code, what);
}

/* One entry's list: checked against the hash the chain vouches for, then
 * its rows appended to *all. */
static int read_entry_seals(fg_arena *a, int64_t seq, const char *hash, const char *text,
                            struct seal **all, size_t *n_all, size_t *cap, fg_audit_deep *out,
                            fg_err *err)
{
    size_t len = strlen(text);
    char h[FG_AUDIT_HASH_HEX];
    fg_audit_rows_hash(text, len, h);
    if (strcmp(h, hash) != 0) {
        entry_finding(out, seq, "audit.seal_changed",
                      "the rows this entry sealed were changed: their hash is not the one the "
                      "entry carries");
        return 0;
    }
    const char *p = text, *end = text + len;
    fg_audit_row_text r;
    int k;
    while ((k = fg_audit_rows_next(&p, end, &r)) == 1) {
        char tbl[48];
        snprintf(tbl, sizeof(tbl), "%.*s", (int)r.len[0], r.f[0]);
        int t = table_index(tbl);
        if (t < 0)
            continue; /* a table no longer audited */
        if (fg_grow((void **)all, cap, *n_all, sizeof(**all)))
            return fg_err_set(err, FG_ENOMEM, "out of memory reading the sealed rows");
        struct seal *s = &(*all)[*n_all];
        s->table = t;
        s->k1 = fg_arena_strndup(a, r.f[1], r.len[1]);
        s->k2 = fg_arena_strndup(a, r.f[2], r.len[2]);
        s->k3 = fg_arena_strndup(a, r.f[3], r.len[3]);
        if (!s->k1 || !s->k2 || !s->k3)
            return fg_err_set(err, FG_ENOMEM, "out of memory reading the sealed rows");
        snprintf(s->digest, sizeof(s->digest), "%.*s", (int)r.len[4], r.f[4]);
        s->seq = seq;
        s->seen = false;
        (*n_all)++;
    }
    if (k < 0)
        entry_finding(out, seq, "audit.seal_changed", "the rows this entry sealed are not a list");
    return 0;
}

/* Reads every seal in entry order, checking each entry's list against the
 * hash its (verified) entry carries. */
static int read_seals(fg_db *db, fg_arena *a, struct seal **all, size_t *n_all, fg_audit_deep *out,
                      fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_HEAD_SEQ, "");
    if (rc <= 0)
        return rc;
    int64_t head = fg_db_int(db, st, 0);
    fg_db_done(db, st);
    size_t cap = 0;
    rc = 0;
    for (int64_t lo = 0; rc == 0 && lo < head; lo += SEAL_RANGE) {
        if ((rc = fg_db_query(db, &st, err, SQL_SEALS_OF, "ii", lo, lo + SEAL_RANGE)))
            break;
        while ((rc = fg_db_step(db, st, err)) == 1) {
            out->entries_sealing++;
            rc = read_entry_seals(a, fg_db_int(db, st, 0), fg_db_text(db, st, 1),
                                  fg_db_text(db, st, 2), all, n_all, &cap, out, err);
            if (rc)
                break;
        }
        fg_db_done(db, st);
    }
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
