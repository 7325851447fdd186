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

static const char SQL_HEAD_LOCK[] = "UPDATE audit_head SET seq = seq WHERE id = 1";
static const char SQL_HEAD_GET[] = "SELECT seq, hash FROM audit_head WHERE id = 1";
static const char SQL_HEAD_SET[] = "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1";
static const char SQL_AUDIT_INSERT[] =
    "INSERT INTO audit_log (seq, id, at, actor, action, entity, entity_id, region, detail, hash, "
    "rows_hash, rows) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_AUDIT_ALL[] =
    "SELECT seq, id, at, actor, action, entity, entity_id, region, detail, hash, rows_hash "
    "FROM audit_log WHERE seq > ? ORDER BY seq LIMIT 5000";
/* With each entry, who by name and role, and what object by name (an
 * enterprise, an order's enterprise, a region, a plan by its enterprise's
 * name), so that people read names. */
#define AUDIT_LIST_FROM                                                                            \
    "SELECT l.seq, l.id, l.at, l.actor, l.action, l.entity, l.entity_id, l.region, "               \
    "l.detail, l.hash, COALESCE(a.display_name, ''), COALESCE(a.role, ''), "                       \
    "COALESCE(e.name, oe.name, r.name, oa.display_name, p.plate, ple.name, '') "                   \
    "FROM audit_log l LEFT JOIN accounts a ON a.username = l.actor "                               \
    "LEFT JOIN enterprises e ON l.entity = 'enterprise' AND e.uscc = l.entity_id "                 \
    "LEFT JOIN orders o ON l.entity = 'order' AND o.id = l.entity_id "                             \
    "LEFT JOIN enterprises oe ON oe.uscc = o.enterprise "                                          \
    "LEFT JOIN regions r ON l.entity = 'region' AND CAST(r.code AS TEXT) = l.entity_id "           \
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

#define AUDIT_COLS 12

/* SQL_AUDIT_INSERT for FG_AUDIT_CHUNK rows, built once. */
static char audit_insert_chunk[sizeof(SQL_AUDIT_INSERT) * (FG_AUDIT_CHUNK + 1)];
static pthread_once_t audit_once = PTHREAD_ONCE_INIT;

static void audit_build_chunk_sql(void)
{
    fg_db_multirow(SQL_AUDIT_INSERT, FG_AUDIT_CHUNK, audit_insert_chunk,
                   sizeof(audit_insert_chunk));
}

int fg__audit_head(fg_db *db, fg_audit_batch *b, fg_err *err)
{
    b->n_pending = 0;
    /* The no-op update takes the row lock first on engines with row locks, so
     * that concurrent writers append one after another. */
    int rc = fg_db_run(db, err, SQL_HEAD_LOCK, "");
    if (rc)
        return rc;
    fg_stmt *st;
    rc = fg_db_row(db, &st, err, SQL_HEAD_GET, "");
    if (rc <= 0)
        return rc < 0 ? rc : fg_err_set(err, FG_EDB, "audit chain head is missing");
    b->seq = fg_db_int(db, st, 0);
    snprintf(b->hash, sizeof(b->hash), "%s", fg_db_text(db, st, 1));
    fg_db_done(db, st);
    return 0;
}

/* Binds one queued entry as row `row` of a (multi-row) insert. */
static int audit_bind(fg_db *db, fg_stmt *st, const fg_audit_batch *b,
                      const struct fg_audit_pending *e, int64_t now_ms, int row)
{
    const struct fg_db_ops *o = db->ops;
    int k = row * AUDIT_COLS;
    int rc = o->bind_int(st, k + 1, e->seq);
    rc = rc ? rc : o->bind_text(st, k + 2, e->id);
    rc = rc ? rc : o->bind_int(st, k + 3, now_ms);
    rc = rc ? rc : o->bind_text(st, k + 4, b->text.buf + e->actor);
    rc = rc ? rc : o->bind_text(st, k + 5, b->text.buf + e->action);
    rc = rc ? rc : o->bind_text(st, k + 6, b->text.buf + e->entity);
    rc = rc ? rc : o->bind_text(st, k + 7, b->text.buf + e->entity_id);
    rc = rc ? rc : o->bind_int(st, k + 8, e->region);
    rc = rc ? rc : o->bind_text(st, k + 9, b->text.buf + e->detail);
    rc = rc ? rc : o->bind_text(st, k + 10, e->hash);
    rc = rc ? rc : o->bind_text(st, k + 11, e->rows);
    return rc ? rc : o->bind_text(st, k + 12, e->rows_text ? e->rows_text : "");
}

void fg__audit_pending_clear(fg_audit_batch *b)
{
    for (size_t i = 0; i < b->n_pending; i++) {
        free(b->pending[i].rows_text);
        b->pending[i].rows_text = NULL;
    }
    b->n_pending = 0;
}

/* Writes the queued entries: a full chunk in one statement, else one by one. */
static int audit_flush(fg_db *db, fg_audit_batch *b, int64_t now_ms, fg_err *err)
{
    int rc = 0;
    size_t n = b->n_pending;
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
            rc = audit_bind(db, st, b, &b->pending[i + k], now_ms, (int)k);
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
    fg_audit_entry e = {b->seq + 1, p->id,     now_ms, actor,  action,
                        entity,     entity_id, region, detail, NULL};
    memcpy(p->prev, b->hash, sizeof(p->prev));
    p->rows[0] = '\0';
    p->rows_text = NULL;
    fg_audit_hash(b->hash, &e, p->hash);
    p->seq = e.seq;
    p->region = region;
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
    b->seq = e.seq;
    memcpy(b->hash, p->hash, sizeof(b->hash));
    return 0;
}

void fg__audit_seal_last(fg_audit_batch *b, int64_t now_ms, const char *rows_hash, char *rows_text)
{
    FG_ASSERT(b->n_pending > 0);
    struct fg_audit_pending *p = &b->pending[b->n_pending - 1];
    free(p->rows_text);
    p->rows_text = rows_text;
    const char *t = b->text.buf;
    fg_audit_entry e = {p->seq,        p->id,         now_ms,           t + p->actor,
                        t + p->action, t + p->entity, t + p->entity_id, p->region,
                        t + p->detail, rows_hash};
    snprintf(p->rows, sizeof(p->rows), "%s", rows_hash);
    fg_audit_hash(p->prev, &e, p->hash);
    memcpy(b->hash, p->hash, sizeof(b->hash));
}

int fg__audit_flush_head(fg_db *db, fg_audit_batch *b, int64_t now_ms, fg_err *err)
{
    int rc = audit_flush(db, b, now_ms, err);
    return rc ? rc : fg_db_run(db, err, SQL_HEAD_SET, "it", b->seq, b->hash);
}

int fg_audit_head_read(fg_db *db, int64_t *out_seq, char out_hash[FG_AUDIT_HASH_HEX], fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_HEAD_GET, "");
    if (rc <= 0)
        return rc < 0 ? rc : fg_err_set(err, FG_EDB, "the audit chain head is missing");
    *out_seq = fg_db_int(db, st, 0);
    snprintf(out_hash, FG_AUDIT_HASH_HEX, "%s", fg_db_text(db, st, 1));
    fg_db_done(db, st);
    return 0;
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
    return fg_audit_verify_anchor(db, NULL, out, err);
}

int fg_audit_verify_anchor(fg_db *db, const fg_audit_anchor *anchor, fg_audit_verdict *out,
                           fg_err *err)
{
    memset(out, 0, sizeof(*out));
    bool anchor_seen = false;
    char prev[FG_AUDIT_HASH_HEX] = FG_AUDIT_GENESIS;
    int64_t last = 0;
    int rc = fg_db_begin_snapshot(db, err);
    if (rc)
        return rc;
    for (;;) {
        fg_stmt *st;
        int64_t batch = 0;
        if ((rc = fg_db_query(db, &st, err, SQL_AUDIT_ALL, "i", last)))
            break;
        while ((rc = fg_db_step(db, st, err)) == 1) {
            batch++;
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
            out->checked++;
            if (!out->first_bad) {
                char h[FG_AUDIT_HASH_HEX];
                fg_audit_hash(prev, &e, h);
                if (e.seq != last + 1)
                    verdict_say(out, "audit.entries_missing",
                                "entry %lld follows entry %lld: entries are missing",
                                (long long)e.seq, (long long)last);
                else if (strcmp(stored, h) != 0)
                    verdict_say(out, "audit.entry_changed",
                                "entry %lld was changed after it was written: its hash does not "
                                "match its content",
                                (long long)e.seq);
                else if (anchor && e.seq == anchor->seq && strcmp(stored, anchor->hash) != 0)
                    verdict_say(out, "audit.anchor_rewritten",
                                "entry %lld is not the one the anchor vouches for: the log was "
                                "rewritten from there on",
                                (long long)e.seq);
                if (out->reason[0])
                    out->first_bad = e.seq;
                snprintf(prev, sizeof(prev), "%s", stored);
            }
            anchor_seen = anchor_seen || (anchor && e.seq == anchor->seq);
            last = e.seq;
        }
        fg_db_done(db, st);
        if (rc < 0 || batch == 0)
            break;
    }
    if (rc == 0 && !out->first_bad && anchor && anchor->seq > 0 && !anchor_seen) {
        out->first_bad = last + 1;
        verdict_say(out, "audit.anchor_truncated",
                    "the log ends at entry %lld, but the anchor vouches for entry %lld: entries "
                    "were removed and the head moved back",
                    (long long)last, (long long)anchor->seq);
    }
    if (rc == 0 && !out->first_bad) {
        fg_stmt *st;
        rc = fg_db_row(db, &st, err, SQL_HEAD_GET, "");
        if (rc == 1) {
            int64_t head = fg_db_int(db, st, 0);
            if (head > last) {
                out->first_bad = last + 1;
                verdict_say(out, "audit.head_ahead",
                            "the chain head says %lld entries but %lld are present: the newest "
                            "entries were removed",
                            (long long)head, (long long)last);
            } else if (head < last) {
                out->first_bad = head + 1;
                verdict_say(out, "audit.head_behind",
                            "the chain head says %lld entries but %lld are present: entries after "
                            "the head were added outside the system",
                            (long long)head, (long long)last);
            } else if (strcmp(fg_db_text(db, st, 1), prev) != 0) {
                out->first_bad = last;
                verdict_say(out, "audit.head_changed",
                            "the chain head's hash is not the hash of entry %lld: the head was "
                            "changed",
                            (long long)last);
            }
            fg_db_done(db, st);
            rc = 0;
        } else if (rc == 0) {
            out->first_bad = last + 1;
            verdict_say(out, "audit.head_missing",
                        "the chain head is missing (%lld entries present)", (long long)last);
        }
    }
    if (rc == 0 && !out->first_bad && last == 0)
        rc = check_empty_log(db, out, err);
    fg_db_rollback(db);
    return rc < 0 ? rc : 0;
}

int fg_audit_list(fg_db *db, const fg_audit_filter *f, json_t **out, fg_err *err)
{
    fg_stmt *st;
    int rc;
    if (f->entity[0] && f->entity_id[0])
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
        char at[25], region[7];
        fg_time_format(fg_db_int(db, st, 2), at);
        snprintf(region, sizeof(region), "%06d", (int)fg_db_int(db, st, 7));
        json_t *detail = json_loads(fg_db_text(db, st, 8), 0, NULL);
        json_array_append_new(
            arr,
            json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:s,s:s,s:s}", "seq",
                      (json_int_t)fg_db_int(db, st, 0), "id", fg_db_text(db, st, 1), "at", at,
                      "actor", fg_db_text(db, st, 3), "action", fg_db_text(db, st, 4), "entity",
                      fg_db_text(db, st, 5), "entity_id", fg_db_text(db, st, 6), "region", region,
                      "detail", detail ? detail : json_null(), "hash", fg_db_text(db, st, 9),
                      "actor_name", fg_db_text(db, st, 10), "actor_role", fg_db_text(db, st, 11),
                      "object_name", fg_db_text(db, st, 12)));
    }
    fg_db_done(db, st);
    if (rc < 0) {
        json_decref(arr);
        return rc;
    }
    *out = arr;
    return 0;
}
