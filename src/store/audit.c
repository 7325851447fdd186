/* The audit chain in the database: append inside the caller's transaction,
 * verify, list. */
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../sys/clock.h"
#include "../util/assert.h"
#include "internal.h"
#include "store.h"

/* Takes the chain's head row lock (a no-op update) and reads it. */
static const char SQL_CHAIN_LOCK[] =
    "UPDATE audit_chains SET seq = seq WHERE chain = ? RETURNING seq, hash";
static const char SQL_CHAIN_NEW[] = "INSERT INTO audit_chains (chain, seq, hash) VALUES (?, 0, ?) "
                                    "ON CONFLICT (chain) DO NOTHING";
static const char SQL_CHAIN_SET[] = "UPDATE audit_chains SET seq = ?, hash = ? WHERE chain = ?";
static const char SQL_CHAIN_GET[] = "SELECT seq, hash FROM audit_chains WHERE chain = ?";
static const char SQL_CHAINS[] = "SELECT chain, seq, hash FROM audit_chains ORDER BY chain";
static const char SQL_CHAINS_TOTAL[] = "SELECT COALESCE(SUM(seq), 0) FROM audit_chains";
static const char SQL_AUDIT_INSERT[] =
    "INSERT INTO audit_log (seq, id, at, actor, action, entity, entity_id, region, detail, hash, "
    "rows_hash, rows, chain, chain_seq, v) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
/* One chain's entries in order (audit_log_chain), a page at a time. */
static const char SQL_CHAIN_ENTRIES[] =
    "SELECT chain_seq, id, at, actor, action, entity, entity_id, region, detail, hash, "
    "rows_hash, seq, v FROM audit_log WHERE chain = ? AND chain_seq > ? ORDER BY chain_seq "
    "LIMIT 5000";
static const char SQL_LOG_COUNT[] = "SELECT COUNT(*) FROM audit_log";
/* With each entry, who by name and role, and what object by name (an
 * enterprise, an order's enterprise, a region, a plan by its enterprise's
 * name), so that people read names. */
#define AUDIT_LIST_FROM                                                                            \
    "SELECT l.seq, l.id, l.at, l.actor, l.action, l.entity, l.entity_id, l.region, "               \
    "l.detail, l.hash, COALESCE(a.display_name, ''), COALESCE(a.role, ''), "                       \
    "COALESCE(e.name, oe.name, r.name, oa.display_name, p.plate, ple.name, ''), l.chain, "         \
    "l.chain_seq "                                                                                 \
    "FROM audit_log l LEFT JOIN accounts a ON a.username = l.actor "                               \
    "LEFT JOIN enterprises e ON l.entity = 'enterprise' AND e.uscc = l.entity_id "                 \
    "LEFT JOIN orders o ON l.entity = 'order' AND o.id = l.entity_id "                             \
    "LEFT JOIN enterprises oe ON oe.uscc = o.enterprise "                                          \
    "LEFT JOIN regions r ON l.entity IN ('region', 'import') AND CAST(r.code AS TEXT) = "          \
    "l.entity_id "                                                                                 \
    "LEFT JOIN accounts oa ON l.entity = 'account' AND oa.username = l.entity_id "                 \
    "LEFT JOIN passes p ON l.entity = 'pass' "                                                     \
    "AND (p.id = l.entity_id OR p.number = l.entity_id) "                                          \
    "LEFT JOIN plans pl ON l.entity = 'plan' AND pl.id = l.entity_id "                             \
    "LEFT JOIN enterprises ple ON ple.uscc = pl.enterprise "
#define AUDIT_LIST_FILTERS                                                                         \
    "AND (? = '' OR l.entity = ?) AND (? = '' OR l.entity_id = ?) AND (? = '' OR l.action = ?) "   \
    "AND (? = '' OR l.actor = ?) AND (? = 0 OR l.seq < ?) ORDER BY l.seq DESC LIMIT ?"
/* Any entries of a province or more: the log newest first, filtered as it is
 * walked (+l.region: not through the region index, which would sort every
 * entry of the range before the first page). */
static const char SQL_AUDIT_WALK[] =
    AUDIT_LIST_FROM "WHERE +l.region BETWEEN ? AND ? " AUDIT_LIST_FILTERS;
/* Any entries of a city or county, a small share of the log: its entries by
 * the region index, sorted. */
static const char SQL_AUDIT_LIST[] =
    AUDIT_LIST_FROM "WHERE l.region BETWEEN ? AND ? " AUDIT_LIST_FILTERS;
/* One object's entries: through audit_log_entity (entity, entity_id, seq),
 * newest first, stopping at the limit. */
static const char SQL_AUDIT_OBJECT[] = AUDIT_LIST_FROM
    "WHERE l.entity = ? AND l.entity_id = ? AND +l.region BETWEEN ? AND ? "
    "AND (? = '' OR l.action = ?) AND (? = '' OR l.actor = ?) AND (? = 0 OR l.seq < ?) "
    "ORDER BY l.seq DESC LIMIT ?";

/* One enterprise's entries, and the import that created it: an import
 * writes one entry per county (entity "import", id the county's code)
 * naming the enterprises it created (store/enterprises.c). Found by the
 * county the enterprise is in now: one moved since its import shows the move
 * and what came after, not the import. Through audit_log_entity for both
 * (an OR of the two read the whole log on SQLite). */
static const char SQL_AUDIT_ENTERPRISE[] = AUDIT_LIST_FROM
    "WHERE l.seq IN (SELECT seq FROM audit_log WHERE entity = 'enterprise' AND entity_id = ? "
    "UNION ALL SELECT seq FROM audit_log WHERE entity = 'import' AND entity_id = "
    "(SELECT CAST(region AS TEXT) FROM enterprises WHERE uscc = ?) AND detail LIKE ?) "
    "AND +l.region BETWEEN ? AND ? "
    "AND (? = '' OR l.action = ?) AND (? = '' OR l.actor = ?) AND (? = 0 OR l.seq < ?) "
    "ORDER BY l.seq DESC LIMIT ?";

#define AUDIT_COLS 15

/* SQL_AUDIT_INSERT for FG_AUDIT_CHUNK rows, built once. */
static char audit_insert_chunk[sizeof(SQL_AUDIT_INSERT) * (FG_AUDIT_CHUNK + 1)];
static pthread_once_t audit_once = PTHREAD_ONCE_INIT;

static void audit_build_chunk_sql(void)
{
    fg_db_multirow(SQL_AUDIT_INSERT, FG_AUDIT_CHUNK, audit_insert_chunk,
                   sizeof(audit_insert_chunk));
}

static fg_audit_head *held(fg_audit_batch *b, int32_t chain)
{
    for (size_t i = 0; i < b->n_heads; i++)
        if (b->heads[i].chain == chain)
            return &b->heads[i];
    return NULL;
}

int fg__audit_lock(fg_db *db, fg_audit_batch *b, int32_t chain, fg_err *err)
{
    if (held(b, chain))
        return 0;
    if (b->n_heads == FG_AUDIT_CHAINS)
        return fg_err_set(err, FG_EDB, "one transaction writes to more than %d audit chains",
                          FG_AUDIT_CHAINS);
    /* The update takes the row lock on engines with row locks, so that
     * writers of one chain append one after another. A chain not yet there
     * (a province's first entry) is made first. */
    for (int attempt = 0; attempt < 2; attempt++) {
        fg_stmt *st;
        int rc = fg_db_row(db, &st, err, SQL_CHAIN_LOCK, "d", chain);
        if (rc < 0)
            return rc;
        if (rc == 1) {
            fg_audit_head *h = &b->heads[b->n_heads++];
            h->chain = chain;
            h->seq = fg_db_int(db, st, 0);
            snprintf(h->hash, sizeof(h->hash), "%s", fg_db_text(db, st, 1));
            h->moved = false;
            fg_db_done(db, st);
            return 0;
        }
        if ((rc = fg_db_run(db, err, SQL_CHAIN_NEW, "dt", chain, FG_AUDIT_GENESIS)))
            return rc;
    }
    return fg_err_set(err, FG_EDB, "the head of audit chain %06d cannot be made", (int)chain);
}

/* The entry as written: its place in its chain and in the order of all
 * chains, and its hash. */
struct placed {
    int64_t seq, order;
    char hash[FG_AUDIT_HASH_HEX];
};

/* Binds one queued entry as row `row` of a (multi-row) insert. */
static int audit_bind(fg_db *db, fg_stmt *st, const fg_audit_batch *b,
                      const struct fg_audit_pending *e, const struct placed *p, int64_t now_ms,
                      int row)
{
    const struct fg_db_ops *o = db->ops;
    int k = row * AUDIT_COLS;
    int rc = o->bind_int(st, k + 1, p->order);
    rc = rc ? rc : o->bind_text(st, k + 2, e->id);
    rc = rc ? rc : o->bind_int(st, k + 3, now_ms);
    rc = rc ? rc : o->bind_text(st, k + 4, b->text.buf + e->actor);
    rc = rc ? rc : o->bind_text(st, k + 5, b->text.buf + e->action);
    rc = rc ? rc : o->bind_text(st, k + 6, b->text.buf + e->entity);
    rc = rc ? rc : o->bind_text(st, k + 7, b->text.buf + e->entity_id);
    rc = rc ? rc : o->bind_int(st, k + 8, e->region);
    rc = rc ? rc : o->bind_text(st, k + 9, b->text.buf + e->detail);
    rc = rc ? rc : o->bind_text(st, k + 10, p->hash);
    rc = rc ? rc : o->bind_text(st, k + 11, e->rows);
    rc = rc ? rc : o->bind_text(st, k + 12, e->rows_text ? e->rows_text : "");
    rc = rc ? rc : o->bind_int(st, k + 13, e->chain);
    rc = rc ? rc : o->bind_int(st, k + 14, p->seq);
    return rc ? rc : o->bind_int(st, k + 15, 2);
}

void fg__audit_pending_clear(fg_audit_batch *b)
{
    for (size_t i = 0; i < b->n_pending; i++) {
        free(b->pending[i].rows_text);
        b->pending[i].rows_text = NULL;
    }
    b->n_pending = 0;
}

static int cmp_chain(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* Locks the heads of the queued entries' chains not yet held, in ascending
 * order (two transactions never wait for each other's chains in a cycle,
 * unless a bulk write spans chunks), then places and hashes each entry
 * after the one before it in its chain. */
static int audit_place(fg_db *db, fg_audit_batch *b, int64_t now_ms, struct placed *out,
                       fg_err *err)
{
    int32_t want[FG_AUDIT_CHAINS];
    size_t nw = 0;
    for (size_t i = 0; i < b->n_pending; i++) {
        int32_t c = b->pending[i].chain;
        bool seen = held(b, c) != NULL;
        for (size_t k = 0; !seen && k < nw; k++)
            seen = want[k] == c;
        if (!seen && nw == FG_AUDIT_CHAINS)
            return fg_err_set(err, FG_EDB, "one transaction writes to more than %d audit chains",
                              FG_AUDIT_CHAINS);
        if (!seen)
            want[nw++] = c;
    }
    qsort(want, nw, sizeof(want[0]), cmp_chain);
    int rc = 0;
    for (size_t k = 0; rc == 0 && k < nw; k++)
        rc = fg__audit_lock(db, b, want[k], err);
    int64_t orders[FG_AUDIT_CHUNK];
    if (rc == 0)
        rc = db->ops->serials(db, orders, (int)b->n_pending, err);
    for (size_t i = 0; rc == 0 && i < b->n_pending; i++) {
        const struct fg_audit_pending *p = &b->pending[i];
        fg_audit_head *h = held(b, p->chain);
        const char *t = b->text.buf;
        fg_audit_entry e = {h->seq + 1,    p->id,         now_ms,           t + p->actor,
                            t + p->action, t + p->entity, t + p->entity_id, p->region,
                            t + p->detail, p->rows,       p->chain,         orders[i]};
        out[i].seq = e.seq;
        out[i].order = e.order;
        fg_audit_hash(h->hash, &e, out[i].hash);
        h->seq = e.seq;
        memcpy(h->hash, out[i].hash, sizeof(h->hash));
        h->moved = true;
    }
    return rc;
}

/* Writes the queued entries: a full chunk in one statement, else one by one. */
static int audit_flush(fg_db *db, fg_audit_batch *b, int64_t now_ms, fg_err *err)
{
    struct placed placed[FG_AUDIT_CHUNK];
    size_t n = b->n_pending;
    int rc = n ? audit_place(db, b, now_ms, placed, err) : 0;
    size_t i = 0;
    while (rc == 0 && i < n) {
        bool chunk = n - i == FG_AUDIT_CHUNK;
        if (chunk)
            pthread_once(&audit_once, audit_build_chunk_sql);
        fg_stmt *st;
        rc = db->ops->prepare(db, chunk ? audit_insert_chunk : SQL_AUDIT_INSERT, &st, err);
        if (rc)
            break;
        size_t rows = chunk ? FG_AUDIT_CHUNK : 1;
        for (size_t k = 0; rc == 0 && k < rows; k++)
            rc = audit_bind(db, st, b, &b->pending[i + k], &placed[i + k], now_ms, (int)k);
        if (rc) {
            db->ops->reset(st);
            rc = fg_err_set(err, FG_EDB, "binding an audit entry failed");
            break;
        }
        rc = db->ops->step(st, err);
        db->ops->reset(st);
        i += rows;
    }
    fg__audit_pending_clear(b);
    fg_buf_reset(&b->text);
    return rc;
}

int fg__audit_add_text(fg_db *db, fg_audit_batch *b, int64_t now_ms, const char *actor,
                       const char *action, const char *entity, const char *entity_id,
                       int32_t region, const char *detail, fg_err *err)
{
    /* A full chunk is written only now, so the last entry stays queued. */
    if (b->n_pending == FG_AUDIT_CHUNK) {
        int frc = audit_flush(db, b, now_ms, err);
        if (frc)
            return frc;
    }
    struct fg_audit_pending *p = &b->pending[b->n_pending];
    fg_clock_uuid(p->id);
    p->rows[0] = '\0';
    p->rows_text = NULL;
    p->region = region;
    p->chain = fg_audit_chain_of(region);
    const char *parts[5] = {actor, action, entity, entity_id, detail};
    size_t *offs[5] = {&p->actor, &p->action, &p->entity, &p->entity_id, &p->detail};
    int rc = 0;
    for (int i = 0; rc == 0 && i < 5; i++) {
        *offs[i] = b->text.len;
        rc = fg_buf_add(&b->text, parts[i], strlen(parts[i]) + 1);
    }
    if (rc)
        return fg_err_set(err, FG_ENOMEM, "out of memory writing the audit entry");
    b->n_pending++;
    return 0;
}

void fg__audit_seal_last(fg_audit_batch *b, const char *rows_hash, char *rows_text)
{
    FG_ASSERT(b->n_pending > 0);
    struct fg_audit_pending *p = &b->pending[b->n_pending - 1];
    free(p->rows_text);
    p->rows_text = rows_text;
    snprintf(p->rows, sizeof(p->rows), "%s", rows_hash);
}

int fg__audit_flush_head(fg_db *db, fg_audit_batch *b, int64_t now_ms, fg_err *err)
{
    int rc = audit_flush(db, b, now_ms, err);
    for (size_t i = 0; rc == 0 && i < b->n_heads; i++)
        if (b->heads[i].moved)
            rc = fg_db_run(db, err, SQL_CHAIN_SET, "itd", b->heads[i].seq, b->heads[i].hash,
                           b->heads[i].chain);
    return rc;
}

int fg_audit_head_read(fg_db *db, int32_t chain, int64_t *out_seq, char out_hash[FG_AUDIT_HASH_HEX],
                       fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_CHAIN_GET, "d", chain);
    if (rc < 0)
        return rc;
    *out_seq = rc ? fg_db_int(db, st, 0) : 0;
    snprintf(out_hash, FG_AUDIT_HASH_HEX, "%s", rc ? fg_db_text(db, st, 1) : FG_AUDIT_GENESIS);
    if (rc)
        fg_db_done(db, st);
    return 0;
}

int fg_audit_total(fg_db *db, int64_t *out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_CHAINS_TOTAL, "");
    if (rc <= 0)
        return rc < 0 ? rc : fg_err_set(err, FG_EDB, "the audit chains cannot be read");
    *out = fg_db_int(db, st, 0);
    fg_db_done(db, st);
    return 0;
}

/* ---- the chain of chains ---- */

/* The last audit.heads entry: entity 'audit_chain', through
 * audit_log_entity, newest first. */
static const char SQL_HEADS_LAST[] =
    "SELECT detail FROM audit_log WHERE entity = 'audit_chain' AND entity_id = 'heads' "
    "AND chain = 0 ORDER BY seq DESC LIMIT 1";
static const char SQL_PROVINCE_HEADS[] =
    "SELECT chain, seq, hash FROM audit_chains WHERE chain <> 0 AND seq > 0 ORDER BY chain";

int fg_audit_checkpoint(fg_db *db, int64_t now_ms, bool *out_wrote, fg_err *err)
{
    *out_wrote = false;
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now_ms, "system", err);
    if (rc)
        return rc;
    /* The nation's chain first: two checkpoints at once are one after the
     * other, and the second finds nothing moved. The provinces' heads are
     * read as committed, not locked: their writers go on. */
    rc = fg_tx_lock(&tx, 0, err);
    json_t *heads = json_object();
    fg_stmt *st;
    if (rc == 0 && (rc = fg_db_query(db, &st, err, SQL_PROVINCE_HEADS, "")) == 0) {
        while ((rc = fg_db_step(db, st, err)) == 1) {
            char code[8];
            snprintf(code, sizeof(code), "%06d", (int)fg_db_int(db, st, 0));
            json_object_set_new(heads, code,
                                json_pack("{s:I,s:s}", "seq", (json_int_t)fg_db_int(db, st, 1),
                                          "hash", fg_db_text(db, st, 2)));
        }
        fg_db_done(db, st);
    }
    json_t *d = json_pack("{s:o}", "heads", heads);
    char *text = d ? json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    if (rc == 0 && !text)
        rc = fg_err_set(err, FG_ENOMEM, "out of memory");
    bool same = false;
    if (rc == 0 && (rc = fg_db_row(db, &st, err, SQL_HEADS_LAST, "")) == 1) {
        same = strcmp(fg_db_text(db, st, 0), text) == 0;
        fg_db_done(db, st);
        rc = 0;
    }
    if (rc == 0 && (same || json_object_size(heads) == 0)) {
        fg_tx_log_only(&tx, "no province's chain moved since the national chain recorded them");
    } else if (rc == 0) {
        rc = fg_tx_audit_text(&tx, "audit.heads", "audit_chain", "heads", 0, text, err);
        *out_wrote = rc == 0;
    }
    free(text);
    json_decref(d);
    rc = fg_tx_end(&tx, rc, err);
    if (rc)
        *out_wrote = false;
    return rc;
}

/* Sets the verdict's reason: its message key and the English text. */
static void verdict_say(fg_audit_verdict *out, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void verdict_say(fg_audit_verdict *out, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->reason, sizeof(out->reason), fmt, ap);
    va_end(ap);
    out->code = code;
}

/* With no entry at all: the audited records the database holds (a log and
 * head wiped together would otherwise read as an empty, intact chain). */
static const char SQL_AUDITED_COUNTS[] =
    "SELECT (SELECT COUNT(*) FROM enterprises), (SELECT COUNT(*) FROM accounts), "
    "(SELECT COUNT(*) FROM orders), (SELECT COUNT(*) FROM passes), "
    "(SELECT COUNT(*) FROM risk_designations)";

static int check_empty_log(fg_db *db, fg_audit_verdict *out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_AUDITED_COUNTS, "");
    if (rc <= 0)
        return rc;
    int64_t n[5];
    int64_t total = 0;
    for (int i = 0; i < 5; i++)
        total += n[i] = fg_db_int(db, st, i);
    fg_db_done(db, st);
    if (total > 0) {
        out->first_bad = 1;
        verdict_say(out, "audit.log_wiped",
                    "the log has no entries, but the database holds %lld enterprises, %lld "
                    "accounts, %lld orders, %lld passes and %lld risk designations: the log was "
                    "wiped",
                    (long long)n[0], (long long)n[1], (long long)n[2], (long long)n[3],
                    (long long)n[4]);
    }
    return 0;
}

int fg_audit_verify(fg_db *db, fg_audit_verdict *out, fg_err *err)
{
    return fg_audit_verify_chain(db, -1, NULL, out, err);
}

int fg_audit_verify_anchor(fg_db *db, const fg_audit_anchor *anchor, fg_audit_verdict *out,
                           fg_err *err)
{
    return fg_audit_verify_chain(db, -1, anchor, out, err);
}

/* A province's head as an audit.heads entry of the nation's chain
 * recorded it: that chain must still hold entry `seq` with `hash`. */
struct recorded {
    int32_t chain;
    int64_t seq;
    int64_t at; /* the nation's entry that recorded it */
    char hash[FG_AUDIT_HASH_HEX];
};

struct walk {
    struct recorded *rec;
    size_t n_rec, cap_rec;
    fg_audit_verdict *out;
};

static int rec_cmp(const void *pa, const void *pb)
{
    const struct recorded *a = pa, *b = pb;
    if (a->chain != b->chain)
        return (a->chain > b->chain) - (a->chain < b->chain);
    return (a->seq > b->seq) - (a->seq < b->seq);
}

/* Notes the heads an audit.heads entry (verified) records. */
static int note_heads(struct walk *w, int64_t at, const char *detail, fg_err *err)
{
    json_t *d = json_loads(detail, 0, NULL);
    json_t *heads = json_object_get(d, "heads");
    const char *code;
    json_t *h;
    int rc = 0;
    json_object_foreach(heads, code, h)
    {
        const char *hash = json_string_value(json_object_get(h, "hash"));
        json_t *seq = json_object_get(h, "seq");
        if (!hash || !json_is_integer(seq) || strlen(hash) != FG_AUDIT_HASH_HEX - 1)
            continue;
        if (w->n_rec == w->cap_rec) {
            size_t c = w->cap_rec ? 2 * w->cap_rec : 64;
            struct recorded *p = realloc(w->rec, c * sizeof(*p));
            if (!p) {
                rc = fg_err_set(err, FG_ENOMEM, "out of memory verifying the audit chains");
                break;
            }
            w->rec = p;
            w->cap_rec = c;
        }
        struct recorded *r = &w->rec[w->n_rec++];
        r->chain = (int32_t)strtol(code, NULL, 10);
        r->seq = json_integer_value(seq);
        r->at = at;
        memcpy(r->hash, hash, FG_AUDIT_HASH_HEX);
    }
    json_decref(d);
    return rc;
}

static void broken(fg_audit_verdict *out, int32_t chain, int64_t seq)
{
    out->first_bad = seq;
    out->chain = chain;
}

/* Walks one chain in order: every hash, no gaps, the anchor (the nation's
 * chain), the heads the nation's chain recorded (a province's), the head
 * row. After the first break (out->first_bad) entries are only counted. */
static int walk_chain(fg_db *db, int32_t chain, const fg_audit_anchor *anchor, struct walk *w,
                      fg_err *err)
{
    fg_audit_verdict *out = w->out;
    char prev[FG_AUDIT_HASH_HEX] = FG_AUDIT_GENESIS;
    int64_t last = 0, want = 1; /* the last entry read; the seq the next must have */
    bool anchor_seen = false;
    /* The recorded heads of this chain, in order (rec is sorted). */
    size_t r = 0;
    while (r < w->n_rec && w->rec[r].chain < chain)
        r++;
    int rc = 0;
    out->chains++;
    for (;;) {
        fg_stmt *st;
        int64_t batch = 0;
        if ((rc = fg_db_query(db, &st, err, SQL_CHAIN_ENTRIES, "di", chain, last)))
            break;
        while ((rc = fg_db_step(db, st, err)) == 1) {
            batch++;
            out->checked++;
            last = fg_db_int(db, st, 0);
            if (out->first_bad)
                continue;
            fg_audit_entry e;
            e.seq = fg_db_int(db, st, 0);
            e.id = fg_db_text(db, st, 1);
            e.at_ms = fg_db_int(db, st, 2);
            e.actor = fg_db_text(db, st, 3);
            e.action = fg_db_text(db, st, 4);
            e.entity = fg_db_text(db, st, 5);
            e.entity_id = fg_db_text(db, st, 6);
            e.region = (int32_t)fg_db_int(db, st, 7);
            e.detail = fg_db_text(db, st, 8);
            const char *stored = fg_db_text(db, st, 9);
            e.rows = fg_db_text(db, st, 10);
            e.chain = chain;
            e.order = fg_db_int(db, st, 12) >= 2 ? fg_db_int(db, st, 11) : 0;
            char h[FG_AUDIT_HASH_HEX];
            fg_audit_hash(prev, &e, h);
            if (e.seq != want)
                verdict_say(out, "audit.entries_missing",
                            "entry %lld of chain %06d follows entry %lld: entries are missing",
                            (long long)e.seq, (int)chain, (long long)(want - 1));
            else if (strcmp(stored, h) != 0)
                verdict_say(out, "audit.entry_changed",
                            "entry %lld of chain %06d was changed after it was written: its hash "
                            "does not match its content",
                            (long long)e.seq, (int)chain);
            else if (anchor && chain == 0 && e.seq == anchor->seq &&
                     strcmp(stored, anchor->hash) != 0)
                verdict_say(out, "audit.anchor_rewritten",
                            "entry %lld of the national chain is not the one the anchor vouches "
                            "for: the log was rewritten from there on",
                            (long long)e.seq);
            else if (r < w->n_rec && w->rec[r].chain == chain && w->rec[r].seq == e.seq &&
                     strcmp(stored, w->rec[r].hash) != 0)
                verdict_say(out, "audit.heads_rewritten",
                            "entry %lld of chain %06d is not the one national entry %lld "
                            "recorded: the chain was rewritten from there on",
                            (long long)e.seq, (int)chain, (long long)w->rec[r].at);
            if (out->reason[0]) {
                broken(out, chain, e.seq);
                continue;
            }
            while (r < w->n_rec && w->rec[r].chain == chain && w->rec[r].seq <= e.seq)
                r++;
            if (chain == 0 && e.order > 0 && strcmp(e.action, "audit.heads") == 0 &&
                strcmp(e.entity, "audit_chain") == 0 && (rc = note_heads(w, e.seq, e.detail, err)))
                break;
            snprintf(prev, sizeof(prev), "%s", stored);
            anchor_seen = anchor_seen || (anchor && chain == 0 && e.seq == anchor->seq);
            want = e.seq + 1;
        }
        fg_db_done(db, st);
        if (rc < 0 || batch == 0)
            break;
    }
    if (rc < 0 || out->first_bad)
        return rc < 0 ? rc : 0;
    if (chain == 0 && w->n_rec > 1)
        qsort(w->rec, w->n_rec, sizeof(*w->rec), rec_cmp);
    if (chain == 0 && anchor && anchor->seq > 0 && !anchor_seen) {
        broken(out, 0, last + 1);
        verdict_say(out, "audit.anchor_truncated",
                    "the national chain ends at entry %lld, but the anchor vouches for entry "
                    "%lld: entries were removed and the head moved back",
                    (long long)last, (long long)anchor->seq);
        return 0;
    }
    if (chain != 0 && r < w->n_rec && w->rec[r].chain == chain) {
        broken(out, chain, last + 1);
        verdict_say(out, "audit.chain_cut",
                    "chain %06d ends at entry %lld, but national entry %lld recorded its head "
                    "at entry %lld: entries were removed and the head moved back",
                    (int)chain, (long long)last, (long long)w->rec[r].at, (long long)w->rec[r].seq);
        return 0;
    }
    fg_stmt *st;
    if ((rc = fg_db_row(db, &st, err, SQL_CHAIN_GET, "d", chain)) < 0)
        return rc;
    if (rc == 0) {
        broken(out, chain, last + 1);
        verdict_say(out, "audit.head_missing",
                    "the head of chain %06d is missing (%lld entries present)", (int)chain,
                    (long long)last);
        return 0;
    }
    int64_t head = fg_db_int(db, st, 0);
    if (head > last) {
        broken(out, chain, last + 1);
        verdict_say(out, "audit.head_ahead",
                    "the head of chain %06d says %lld entries but %lld are present: the newest "
                    "entries were removed",
                    (int)chain, (long long)head, (long long)last);
    } else if (head < last) {
        broken(out, chain, head + 1);
        verdict_say(out, "audit.head_behind",
                    "the head of chain %06d says %lld entries but %lld are present: entries "
                    "after the head were added outside the system",
                    (int)chain, (long long)head, (long long)last);
    } else if (strcmp(fg_db_text(db, st, 1), prev) != 0) {
        broken(out, chain, last);
        verdict_say(out, "audit.head_changed",
                    "the hash of the head of chain %06d is not the hash of entry %lld: the head "
                    "was changed",
                    (int)chain, (long long)last);
    }
    fg_db_done(db, st);
    return 0;
}

/* Entries of a chain that has no head row (read from the log itself). */
static const char SQL_HEADLESS[] =
    "SELECT chain, MAX(chain_seq) FROM audit_log WHERE chain NOT IN "
    "(SELECT chain FROM audit_chains) GROUP BY chain ORDER BY chain LIMIT 1";

int fg_audit_verify_chain(fg_db *db, int32_t only, const fg_audit_anchor *anchor,
                          fg_audit_verdict *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    struct walk w = {NULL, 0, 0, out};
    int rc = fg_db_begin_snapshot(db, err);
    if (rc)
        return rc;
    int32_t chains[FG_AUDIT_CHAINS * 4];
    size_t n = 0;
    fg_stmt *st;
    if ((rc = fg_db_query(db, &st, err, SQL_CHAINS, "")) == 0) {
        while ((rc = fg_db_step(db, st, err)) == 1 && n < sizeof(chains) / sizeof(chains[0]))
            chains[n++] = (int32_t)fg_db_int(db, st, 0);
        fg_db_done(db, st);
        rc = rc < 0 ? rc : 0;
    }
    /* The nation's chain first: it records the provinces' heads. */
    bool have_nation = n > 0 && chains[0] == 0;
    if (rc == 0 && !have_nation && only <= 0) {
        broken(out, 0, 1);
        verdict_say(out, "audit.head_missing", "the head of the national chain is missing");
    }
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (only < 0 || chains[i] == only || (chains[i] == 0 && only > 0))
            rc = walk_chain(db, chains[i], anchor, &w, err);
    if (rc == 0 && !out->first_bad && only < 0) {
        if ((rc = fg_db_row(db, &st, err, SQL_HEADLESS, "")) == 1) {
            broken(out, (int32_t)fg_db_int(db, st, 0), fg_db_int(db, st, 1) + 1);
            verdict_say(out, "audit.head_missing",
                        "the head of chain %06d is missing (%lld entries present)", (int)out->chain,
                        (long long)(out->first_bad - 1));
            fg_db_done(db, st);
        }
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0 && !out->first_bad && only < 0 &&
        (rc = fg_db_row(db, &st, err, SQL_LOG_COUNT, "")) == 1) {
        int64_t all = fg_db_int(db, st, 0);
        fg_db_done(db, st);
        rc = 0;
        if (all != out->checked) {
            broken(out, 0, 1);
            verdict_say(out, "audit.entries_stray",
                        "%lld entries are in the log but in no chain's order: they were added "
                        "outside the system",
                        (long long)(all - out->checked));
        }
    }
    if (rc == 0 && !out->first_bad && only < 0 && out->checked == 0)
        rc = check_empty_log(db, out, err);
    fg_db_rollback(db);
    free(w.rec);
    return rc < 0 ? rc : 0;
}

int fg_audit_list(fg_db *db, const fg_audit_filter *f, json_t **out, fg_err *err)
{
    fg_stmt *st;
    int rc;
    char named[64];
    snprintf(named, sizeof(named), "%%\"%s\"%%", f->entity_id);
    if (strcmp(f->entity, "enterprise") == 0 && f->entity_id[0])
        rc = fg_db_query(db, &st, err, SQL_AUDIT_ENTERPRISE, "tttddttttiid", f->entity_id,
                         f->entity_id, named, f->region_lo, f->region_hi, f->action, f->action,
                         f->actor, f->actor, f->before_seq, f->before_seq, f->limit);
    else if (f->entity[0] && f->entity_id[0])
        rc = fg_db_query(db, &st, err, SQL_AUDIT_OBJECT, "ttddttttiid", f->entity, f->entity_id,
                         f->region_lo, f->region_hi, f->action, f->action, f->actor, f->actor,
                         f->before_seq, f->before_seq, f->limit);
    else
        rc = fg_db_query(db, &st, err,
                         f->region_hi - f->region_lo >= 9999 ? SQL_AUDIT_WALK : SQL_AUDIT_LIST,
                         "ddttttttttiid", f->region_lo, f->region_hi, f->entity, f->entity,
                         f->entity_id, f->entity_id, f->action, f->action, f->actor, f->actor,
                         f->before_seq, f->before_seq, f->limit);
    if (rc)
        return rc;
    json_t *arr = json_array();
    while ((rc = fg_db_step(db, st, err)) == 1) {
        char at[25], region[7], chain[7];
        fg_time_format(fg_db_int(db, st, 2), at);
        snprintf(region, sizeof(region), "%06d", (int)fg_db_int(db, st, 7));
        snprintf(chain, sizeof(chain), "%06d", (int)fg_db_int(db, st, 13));
        json_t *detail = json_loads(fg_db_text(db, st, 8), 0, NULL);
        json_array_append_new(
            arr,
            json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:s,s:s,s:s,s:s,s:I}", "seq",
                      (json_int_t)fg_db_int(db, st, 0), "id", fg_db_text(db, st, 1), "at", at,
                      "actor", fg_db_text(db, st, 3), "action", fg_db_text(db, st, 4), "entity",
                      fg_db_text(db, st, 5), "entity_id", fg_db_text(db, st, 6), "region", region,
                      "detail", detail ? detail : json_null(), "hash", fg_db_text(db, st, 9),
                      "actor_name", fg_db_text(db, st, 10), "actor_role", fg_db_text(db, st, 11),
                      "object_name", fg_db_text(db, st, 12), "chain", chain, "chain_seq",
                      (json_int_t)fg_db_int(db, st, 14)));
    }
    fg_db_done(db, st);
    if (rc < 0) {
        json_decref(arr);
        return rc;
    }
    *out = arr;
    return 0;
}
