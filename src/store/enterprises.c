/* Enterprises: read, create, update (optimistic versions), list, bulk import,
 * white-list membership. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/region.h"
#include "../sys/clock.h"
#include "../util/buf.h"
#include "internal.h"
#include "reports.h" /* daily reports: enterprise counts (issue 13, part "reports") */
#include "store.h"

#define ENT_COLS                                                                                   \
    "e.uscc, e.name, e.region, e.industry, e.headcount, e.capacity, e.categories, "                \
    "e.service_kind, " ENT_CRITICAL ", " ENT_PLANS                                                 \
    ", e.id, e.version, e.created_at, e.updated_at, "                                              \
    "(SELECT COUNT(*) FROM whitelist_members w WHERE w.enterprise = e.uscc), " ENT_STATUS

/* critical-link marks (issue 12): "critical" is derived from the analysis and
 * manual marks; the column enterprises.critical is no longer read. */
#define ENT_CRITICAL                                                                               \
    "(CASE WHEN EXISTS (SELECT 1 FROM critical_marks c WHERE c.enterprise = e.uscc) THEN 1 "       \
    "ELSE 0 END)"

/* production and contingency plans (issue 14, part "plans"): "plans filed"
 * are the levels with an approved plan; the column enterprises.plan_levels
 * is no longer read. */
#define ENT_PLANS                                                                                  \
    "(SELECT COALESCE(SUM(CASE p.level WHEN 'low' THEN 1 WHEN 'medium' THEN 2 ELSE 4 END), 0) "    \
    "FROM plans p WHERE p.enterprise = e.uscc AND p.approved_version > 0)"

/* The operating status at a bound time (three ?s, all the time): 2 stopped,
 * 1 limited, NULL operating — the orders in force then, read through the
 * partial index orders_in_force (the SQL twin of fg_orders_status). */
#define ENT_STATUS                                                                                 \
    "(SELECT MAX(CASE WHEN o.measure = 'stop' THEN 2 ELSE 1 END) FROM orders o "                   \
    "WHERE o.enterprise = e.uscc AND o.state = 'in_force' AND o.starts_at <= ? AND "               \
    "o.ends_at > ? AND (o.emergency = 0 OR o.confirmed = 1 OR o.lapses_at > ?))"

static const char SQL_ENT_GET[] = "SELECT " ENT_COLS " FROM enterprises e WHERE e.uscc = ?";
static const char SQL_ENT_INSERT[] =
    "INSERT INTO enterprises (uscc, id, name, region, industry, headcount, capacity, categories, "
    "service_kind, critical, plan_levels, version, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)";
static const char SQL_ENT_UPDATE[] =
    "UPDATE enterprises SET name = ?, region = ?, industry = ?, headcount = ?, capacity = ?, "
    "categories = ?, service_kind = ?, critical = ?, plan_levels = ?, version = version + 1, "
    "updated_at = ? WHERE uscc = ? AND version = ?";
static const char SQL_ENT_LIST[] =
    "SELECT " ENT_COLS " FROM enterprises e WHERE e.region BETWEEN ? AND ? "
    "AND (? = 0 OR COALESCE(" ENT_STATUS ", 0) = ?) "
    "AND (? = '' OR e.industry = ?) AND (e.categories & ?) = ? "
    "AND (? < 0 OR (? = 1) = EXISTS (SELECT 1 FROM whitelist_members w WHERE w.enterprise = "
    "e.uscc)) "
    "AND (? = '' OR e.name LIKE ? OR e.uscc LIKE ?) "
    "ORDER BY e.uscc LIMIT ? OFFSET ?";
static const char SQL_ENT_COUNT[] =
    "SELECT COUNT(*) FROM enterprises e WHERE e.region BETWEEN ? AND ? "
    "AND (? = 0 OR COALESCE(" ENT_STATUS ", 0) = ?) "
    "AND (? = '' OR e.industry = ?) AND (e.categories & ?) = ? "
    "AND (? < 0 OR (? = 1) = EXISTS (SELECT 1 FROM whitelist_members w WHERE w.enterprise = "
    "e.uscc)) "
    "AND (? = '' OR e.name LIKE ? OR e.uscc LIKE ?)";
static void ent_read(fg_db *db, fg_stmt *st, fg_enterprise *e, fg_enterprise_meta *m)
{
    fg_strlcpy(e->uscc, fg_db_text(db, st, 0), sizeof(e->uscc));
    fg_strlcpy(e->name, fg_db_text(db, st, 1), sizeof(e->name));
    e->region = (int32_t)fg_db_int(db, st, 2);
    fg_strlcpy(e->industry, fg_db_text(db, st, 3), sizeof(e->industry));
    e->headcount = fg_db_int(db, st, 4);
    e->capacity = fg_db_int(db, st, 5);
    e->categories = (unsigned)fg_db_int(db, st, 6);
    e->service_kind = FG_SERVICE_NONE;
    fg_service_parse(fg_db_text(db, st, 7), &e->service_kind, NULL);
    e->critical = fg_db_int(db, st, 8) != 0;
    e->plan_levels = (unsigned)fg_db_int(db, st, 9);
    if (m) {
        fg_strlcpy(m->id, fg_db_text(db, st, 10), sizeof(m->id));
        m->version = (int)fg_db_int(db, st, 11);
        m->created_at = fg_db_int(db, st, 12);
        m->updated_at = fg_db_int(db, st, 13);
        m->whitelist = fg_db_int(db, st, 14) > 0;
        int64_t status = fg_db_int(db, st, 15);
        m->status = status == 2   ? FG_STATUS_STOPPED
                    : status == 1 ? FG_STATUS_LIMITED
                                  : FG_STATUS_OPERATING;
    }
}

int fg_store_enterprise_get(fg_db *db, const char *uscc, int64_t at_ms, fg_enterprise *out,
                            fg_enterprise_meta *meta, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_ENT_GET, "iiit", at_ms, at_ms, at_ms, uscc);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_enterprise_not_found(err, uscc);
    ent_read(db, st, out, meta);
    fg_db_done(db, st);
    return 0;
}

/* ---- the cache of enterprises as answered (issue 17; enterprises.h) ---- */

/* SQL_ENT_GET with, last, the next moment after ? at which the status
 * would change by time alone (NULL: never, as far as the orders say). */
static const char SQL_ENT_GET_UNTIL[] =
    "SELECT " ENT_COLS ", (SELECT MIN(t) FROM ("
    "SELECT o.starts_at AS t FROM orders o WHERE o.enterprise = e.uscc AND o.state = 'in_force' "
    "AND o.starts_at > ? UNION ALL "
    "SELECT o.ends_at FROM orders o WHERE o.enterprise = e.uscc AND o.state = 'in_force' "
    "AND o.ends_at > ? UNION ALL "
    "SELECT o.lapses_at FROM orders o WHERE o.enterprise = e.uscc AND o.state = 'in_force' "
    "AND o.emergency = 1 AND o.confirmed = 0 AND o.lapses_at > ?) x) "
    "FROM enterprises e WHERE e.uscc = ?";

#define ENT_CACHE_SLOTS 8192

typedef struct ent_slot {
    fg_watch_mark mark;
    int64_t from_ms, until_ms; /* the data times the status holds for */
    fg_enterprise e;
    fg_enterprise_meta m;
} ent_slot;

static pthread_mutex_t ent_cache_lock = PTHREAD_MUTEX_INITIALIZER;
static ent_slot *ent_cache; /* ENT_CACHE_SLOTS, allocated on first use, for the process */

static size_t ent_slot_of(const char *uscc)
{
    uint64_t h = 1469598103934665603ULL;
    for (const char *p = uscc; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    return (size_t)(h % ENT_CACHE_SLOTS);
}

int fg_store_enterprise_get_cached(fg_db *db, const char *uscc, int64_t at_ms, fg_enterprise *out,
                                   fg_enterprise_meta *meta, fg_err *err)
{
    fg_watch_mark mark = fg_store_watch_mark(FG_WATCH_ENTERPRISES);
    if (!mark.heard) /* a watcher that does not read, or none (the command line): no cache */
        return fg_store_enterprise_get(db, uscc, at_ms, out, meta, err);
    size_t i = ent_slot_of(uscc);
    pthread_mutex_lock(&ent_cache_lock);
    if (!ent_cache)
        ent_cache = calloc(ENT_CACHE_SLOTS, sizeof(*ent_cache));
    ent_slot *s = ent_cache ? &ent_cache[i] : NULL;
    if (s && strcmp(s->e.uscc, uscc) == 0 && at_ms >= s->from_ms && at_ms < s->until_ms &&
        fg_store_watch_fresh(&s->mark, FG_WATCH_ENTERPRISES)) {
        *out = s->e;
        if (meta)
            *meta = s->m;
        pthread_mutex_unlock(&ent_cache_lock);
        return 0;
    }
    pthread_mutex_unlock(&ent_cache_lock);
    fg_stmt *st;
    fg_enterprise_meta m;
    int rc = fg_db_row(db, &st, err, SQL_ENT_GET_UNTIL, "iiiiiit", at_ms, at_ms, at_ms, at_ms,
                       at_ms, at_ms, uscc);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_enterprise_not_found(err, uscc);
    ent_read(db, st, out, &m);
    int64_t until_ms = fg_db_text(db, st, 16) ? fg_db_int(db, st, 16) : INT64_MAX;
    fg_db_done(db, st);
    if (meta)
        *meta = m;
    pthread_mutex_lock(&ent_cache_lock);
    if (ent_cache) {
        s = &ent_cache[i];
        s->mark = mark;
        s->from_ms = at_ms;
        s->until_ms = until_ms;
        s->e = *out;
        s->m = m;
    }
    pthread_mutex_unlock(&ent_cache_lock);
    return 0;
}

/* The enterprise as an object for audit details (one per imported row). */
static int ent_audit_add(fg_buf *b, const fg_enterprise *e)
{
    int rc = fg_buf_addc(b, '{');
    rc = rc ? rc : fg_enterprise_write_json(b, e);
    return rc ? rc : fg_buf_addc(b, '}');
}

static int ent_audit_detail(fg_buf *b, const fg_enterprise *e, const fg_enterprise *before)
{
    int rc = fg_buf_adds(b, "{\"after\":");
    rc = rc ? rc : ent_audit_add(b, e);
    if (before) {
        rc = rc ? rc : fg_buf_adds(b, ",\"before\":");
        rc = rc ? rc : ent_audit_add(b, before);
    }
    return rc ? rc : fg_buf_addc(b, '}');
}

static int ent_audit(fg_tx *tx, const char *action, const fg_enterprise *e,
                     const fg_enterprise *before, fg_err *err)
{
    fg_buf b;
    fg_buf_init(&b, 0);
    int rc = ent_audit_detail(&b, e, before);
    if (rc)
        rc = fg_err_set(err, FG_ENOMEM, "out of memory writing the audit entry");
    else
        rc = fg_tx_audit_text(tx, action, "enterprise", e->uscc, e->region, b.buf, err);
    fg_buf_release(&b);
    return rc;
}

static int ent_check_refs(fg_db *db, const fg_enterprise *e, fg_err *err)
{
    int rc = fg_store_region_exists(db, e->region, err);
    if (rc == FG_ENOTFOUND)
        return fg_err_at(err, FG_EINVAL, "region", "region.unknown", "unknown region {region:%06d}",
                         (int)e->region);
    if (rc)
        return rc;
    return fg_store_industry_exists(db, e->industry, err);
}

static int ent_insert(fg_db *db, const fg_enterprise *e, const char *id, int64_t now_ms,
                      fg_err *err)
{
    int rc = fg_db_run(db, err, SQL_ENT_INSERT, "tttdtiidtbdii", e->uscc, id, e->name,
                       (int)e->region, e->industry, e->headcount, e->capacity, (int)e->categories,
                       fg_service_name(e->service_kind), 0 /* derived: critical_marks */,
                       (int)e->plan_levels, now_ms, now_ms);
    return rc;
}

int fg_store_enterprise_create(fg_db *db, const fg_enterprise *e, int64_t now_ms, const char *actor,
                               fg_enterprise_meta *out_meta, fg_err *err)
{
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now_ms, actor, err);
    if (rc)
        return rc;
    char id[37];
    fg_clock_uuid(id);
    if ((rc = ent_check_refs(db, e, err)))
        goto fail;
    if ((rc = ent_insert(db, e, id, now_ms, err))) {
        if (rc == FG_EEXIST)
            fg_err_at(err, FG_EEXIST, "uscc", "enterprise.exists",
                      "an enterprise with uscc {uscc:%s} already exists", e->uscc);
        goto fail;
    }
    /* daily reports (issue 13, part "reports"): the denominators */
    if ((rc = fg_store_enterprise_count_add(db, e->region, e->industry, e->categories, 1, err)))
        goto fail;
    rc = ent_audit(&tx, "enterprise.create", e, NULL, err);
    if ((rc = fg_tx_end(&tx, rc, err)))
        return rc;
    if (out_meta) {
        memset(out_meta, 0, sizeof(*out_meta));
        snprintf(out_meta->id, sizeof(out_meta->id), "%s", id);
        out_meta->version = 1;
        out_meta->created_at = out_meta->updated_at = now_ms;
    }
    return 0;
fail:
    return fg_tx_end(&tx, rc, err);
}

int fg_store_enterprise_update(fg_db *db, const fg_enterprise *e, int expected_version,
                               int64_t now_ms, const char *actor, fg_enterprise_meta *out_meta,
                               fg_err *err)
{
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now_ms, actor, err);
    if (rc)
        return rc;
    fg_enterprise before;
    fg_enterprise_meta meta;
    if ((rc = fg_store_enterprise_get(db, e->uscc, now_ms, &before, &meta, err)) ||
        (rc = ent_check_refs(db, e, err)))
        goto fail;
    if (meta.version != expected_version) {
        rc =
            fg_err_at(err, FG_ECONFLICT, "version", "enterprise.changed",
                      "enterprise {uscc:%s} was changed by someone else (version {version:%d}, you "
                      "sent {sent:%d}); reload it and apply your change again",
                      e->uscc, meta.version, expected_version);
        goto fail;
    }
    if ((rc = fg_db_run(db, err, SQL_ENT_UPDATE, "tdtiidtbditd", e->name, (int)e->region,
                        e->industry, e->headcount, e->capacity, (int)e->categories,
                        fg_service_name(e->service_kind), 0 /* derived: critical_marks */,
                        (int)e->plan_levels, now_ms, e->uscc, expected_version)))
        goto fail;
    if (db->ops->changes(db) != 1) {
        rc = fg_err_at(err, FG_ECONFLICT, NULL, "enterprise.changed",
                       "enterprise {uscc:%s} was changed by someone else", e->uscc);
        goto fail;
    }
    /* daily reports (issue 13, part "reports"): the denominators follow a move */
    if ((before.region != e->region || strcmp(before.industry, e->industry) != 0 ||
         before.categories != e->categories) &&
        ((rc = fg_store_enterprise_count_add(db, before.region, before.industry, before.categories,
                                             -1, err)) ||
         (rc = fg_store_enterprise_count_add(db, e->region, e->industry, e->categories, 1, err))))
        goto fail;
    /* The audit region is the new county; a move shows in before and after. */
    rc = ent_audit(&tx, "enterprise.update", e, &before, err);
    if ((rc = fg_tx_end(&tx, rc, err)))
        return rc;
    if (out_meta) {
        *out_meta = meta;
        out_meta->version = meta.version + 1;
        out_meta->updated_at = now_ms;
    }
    return 0;
fail:
    return fg_tx_end(&tx, rc, err);
}

void fg_enterprise_page_release(fg_enterprise_page *p)
{
    free(p->items);
    free(p->meta);
    p->items = NULL;
    p->meta = NULL;
    p->n = 0;
}

int fg_store_enterprise_list(fg_db *db, const fg_enterprise_filter *f, fg_enterprise_page *out,
                             fg_err *err)
{
    memset(out, 0, sizeof(*out));
    char like[256] = "", prefix[64] = "";
    if (f->q[0]) {
        snprintf(like, sizeof(like), "%%%s%%", f->q);
        snprintf(prefix, sizeof(prefix), "%s%%", f->q);
    }
    int limit = f->limit, offset = f->offset;
    out->items = calloc((size_t)(limit > 0 ? limit : 1), sizeof(*out->items));
    out->meta = calloc((size_t)(limit > 0 ? limit : 1), sizeof(*out->meta));
    if (!out->items || !out->meta) {
        fg_enterprise_page_release(out);
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    }
    int rc = fg_db_begin_snapshot(db, err); /* the count and the page agree */
    if (rc) {
        fg_enterprise_page_release(out);
        return rc;
    }
    fg_stmt *st;
    int cat = (int)f->category;
    int64_t at = f->at_ms;
    int by_status = f->by_status, status = (int)f->status;
    if ((rc = fg_db_row(db, &st, err, SQL_ENT_COUNT, "ddbiiidttddddttt", (int)f->region_lo,
                        (int)f->region_hi, by_status, at, at, at, status, f->industry, f->industry,
                        cat, cat, f->whitelist, f->whitelist, f->q, like, prefix)) < 0)
        goto fail;
    out->total = fg_db_int(db, st, 0);
    fg_db_done(db, st);
    if ((rc = fg_db_query(db, &st, err, SQL_ENT_LIST, "iiiddbiiidttddddtttdd", at, at, at,
                          (int)f->region_lo, (int)f->region_hi, by_status, at, at, at, status,
                          f->industry, f->industry, cat, cat, f->whitelist, f->whitelist, f->q,
                          like, prefix, limit, offset)))
        goto fail;
    while ((rc = fg_db_step(db, st, err)) == 1 && out->n < (size_t)limit) {
        ent_read(db, st, &out->items[out->n], &out->meta[out->n]);
        out->n++;
    }
    fg_db_done(db, st);
    if (rc < 0)
        goto fail;
    fg_db_rollback(db);
    return 0;
fail:
    fg_db_rollback(db);
    fg_enterprise_page_release(out);
    return rc;
}

bool fg_import_streams(const fg_db *db)
{
    return db->ops->copy_begin != NULL;
}

int fg_import_begin(fg_db *db, fg_import *imp, int64_t now_ms, const char *actor, fg_err *err)
{
    memset(imp, 0, sizeof(*imp));
    imp->db = db;
    imp->now_ms = now_ms;
    fg_buf_init(&imp->copy, 0);
    db->ops->bulk(db, true);
    int rc = fg_tx_begin(&imp->tx, db, now_ms, actor, err);
    if (rc)
        db->ops->bulk(db, false);
    return rc;
}

#define ENT_INSERT_COLS 13
/* The COPY text handed to the driver at a time: small enough that the
 * server has rows to store from the start, large enough to be few calls. */
#define IMPORT_COPY_BYTES ((size_t)64 << 10)

/* SQL_ENT_INSERT for FG_AUDIT_CHUNK rows, built once. */
static char ent_insert_chunk[sizeof(SQL_ENT_INSERT) * (FG_AUDIT_CHUNK + 1)];
static pthread_once_t ent_once = PTHREAD_ONCE_INIT;

static void ent_build_chunk_sql(void)
{
    fg_db_multirow(SQL_ENT_INSERT, FG_AUDIT_CHUNK, ent_insert_chunk, sizeof(ent_insert_chunk));
}

/* COPY's text format: a field with its backslash, tab, newline and
 * carriage return escaped. */
static int copy_text(fg_buf *b, const char *s)
{
    int rc = 0;
    while (rc == 0 && *s) {
        size_t run = strcspn(s, "\\\t\n\r");
        rc = run ? fg_buf_add(b, s, run) : 0;
        s += run;
        if (rc || !*s)
            break;
        const char *esc = *s == '\\' ? "\\\\" : *s == '\t' ? "\\t" : *s == '\n' ? "\\n" : "\\r";
        rc = fg_buf_add(b, esc, 2);
        s++;
    }
    return rc;
}

static const char SQL_ENT_COPY[] =
    "COPY enterprises (uscc, id, name, region, industry, headcount, capacity, categories, "
    "service_kind, critical, plan_levels, version, created_at, updated_at) FROM STDIN";

/* The rows made so far, to the open COPY (issue 17: PostgreSQL's bulk
 * load), the same columns and values as SQL_ENT_INSERT. */
static int import_copy_send(fg_import *imp, fg_err *err)
{
    int rc =
        imp->copy.len ? imp->db->ops->copy_data(imp->db, imp->copy.buf, imp->copy.len, err) : 0;
    imp->copy.len = 0;
    return rc;
}

/* Ends the COPY; a USCC taken meanwhile (the importer checked them before)
 * fails it. */
static int import_copy_end(fg_import *imp, fg_err *err)
{
    int rc = import_copy_send(imp, err);
    imp->copying = false;
    int end = imp->db->ops->copy_end(imp->db, rc ? NULL : err);
    rc = rc ? rc : end;
    if (rc == FG_EEXIST)
        return fg_err_at(err, FG_EEXIST, "uscc", "enterprise.exists_between",
                         "an enterprise between uscc {first:%s} and {last:%s} already exists",
                         imp->first, imp->last);
    return rc ? rc : fg__seal_pause(&imp->tx, "", err);
}

/* A row in COPY's text format, sealed from the same values (every
 * column of enterprises, in its order, as the database returns them: the
 * seal's read-back of a sample checks it) instead of being recorded and
 * read back: at 100,000 rows the read-back cost as much as the COPY. */
static int import_copy_row(fg_import *imp, const fg_enterprise *e, fg_err *err)
{
    int rc = 0;
    if (!imp->copying) {
        rc = fg__seal_pause(&imp->tx, "enterprises", err);
        rc = rc ? rc : imp->db->ops->copy_begin(imp->db, SQL_ENT_COPY, err);
        if (rc)
            return rc;
        imp->copying = true;
        memcpy(imp->first, e->uscc, sizeof(imp->first));
        memcpy(imp->last, e->uscc, sizeof(imp->last));
    }
    if (strcmp(e->uscc, imp->first) < 0)
        memcpy(imp->first, e->uscc, sizeof(imp->first));
    if (strcmp(e->uscc, imp->last) > 0)
        memcpy(imp->last, e->uscc, sizeof(imp->last));
    fg_buf *b = &imp->copy;
    const char *service = fg_service_name(e->service_kind);
    char id[37], region[16], headcount[24], capacity[24], categories[16], plans[16], now[24];
    fg_clock_uuid(id);
    snprintf(region, sizeof(region), "%d", (int)e->region);
    snprintf(headcount, sizeof(headcount), "%lld", (long long)e->headcount);
    snprintf(capacity, sizeof(capacity), "%lld", (long long)e->capacity);
    snprintf(categories, sizeof(categories), "%u", e->categories);
    snprintf(plans, sizeof(plans), "%u", e->plan_levels);
    snprintf(now, sizeof(now), "%lld", (long long)imp->now_ms);
    /* SQL_ENT_COPY's columns: critical 0 (derived from critical_marks), version 1 */
    const char *vals[] = {e->uscc,    id,      e->name, region, e->industry, headcount, capacity,
                          categories, service, "0",     plans,  "1",         now,       now};
    for (size_t k = 0; rc == 0 && k < sizeof(vals) / sizeof(vals[0]); k++) {
        rc = k ? fg_buf_addc(b, '\t') : 0;
        rc = rc ? rc : vals[k] ? copy_text(b, vals[k]) : fg_buf_adds(b, "\\N");
    }
    rc = rc ? rc : fg_buf_addc(b, '\n');
    if (rc)
        return fg_err_set(err, FG_ENOMEM, "out of memory writing the rows");
    rc = fg__seal_row(&imp->tx, "enterprises", e->uscc, vals, (int)(sizeof(vals) / sizeof(vals[0])),
                      err);
    return rc ? rc : b->len >= IMPORT_COPY_BYTES ? import_copy_send(imp, err) : 0;
}

/* rows[0..n), n <= FG_AUDIT_CHUNK, by one multi-row INSERT (or one by one
 * when fewer). */
static int import_insert(fg_import *imp, const fg_enterprise *rows, size_t n, fg_err *err)
{
    fg_db *db = imp->db;
    const struct fg_db_ops *o = db->ops;
    char id[37];
    if (n < FG_AUDIT_CHUNK) {
        for (size_t i = 0; i < n; i++) {
            fg_clock_uuid(id);
            int rc = ent_insert(db, &rows[i], id, imp->now_ms, err);
            if (rc == FG_EEXIST)
                return fg_err_at(err, FG_EEXIST, "uscc", "enterprise.exists",
                                 "an enterprise with uscc {uscc:%s} already exists", rows[i].uscc);
            if (rc)
                return rc;
        }
        return 0;
    }
    pthread_once(&ent_once, ent_build_chunk_sql);
    fg_stmt *st;
    int rc = o->prepare(db, ent_insert_chunk, &st, err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const fg_enterprise *e = &rows[i];
        int k = (int)i * ENT_INSERT_COLS;
        fg_clock_uuid(id);
        rc = o->bind_text(st, k + 1, e->uscc);
        rc = rc ? rc : o->bind_text(st, k + 2, id);
        rc = rc ? rc : o->bind_text(st, k + 3, e->name);
        rc = rc ? rc : o->bind_int(st, k + 4, e->region);
        rc = rc ? rc : o->bind_text(st, k + 5, e->industry);
        rc = rc ? rc : o->bind_int(st, k + 6, e->headcount);
        rc = rc ? rc : o->bind_int(st, k + 7, e->capacity);
        rc = rc ? rc : o->bind_int(st, k + 8, (int64_t)e->categories);
        rc = rc ? rc : o->bind_text(st, k + 9, fg_service_name(e->service_kind));
        rc = rc ? rc : o->bind_int(st, k + 10, 0); /* critical: derived from critical_marks */
        rc = rc ? rc : o->bind_int(st, k + 11, (int64_t)e->plan_levels);
        rc = rc ? rc : o->bind_int(st, k + 12, imp->now_ms);
        rc = rc ? rc : o->bind_int(st, k + 13, imp->now_ms);
        if (rc) {
            o->reset(st);
            return fg_err_set(err, FG_EDB, "binding an enterprise failed");
        }
    }
    if (rc)
        return rc;
    rc = o->step(st, err);
    o->reset(st);
    if (rc == FG_EEXIST)
        return fg_err_at(err, FG_EEXIST, "uscc", "enterprise.exists_between",
                         "an enterprise between uscc {first:%s} and {last:%s} already exists",
                         rows[0].uscc, rows[n - 1].uscc);
    return rc;
}

int fg_import_add(fg_import *imp, const fg_enterprise *e, fg_err *err)
{
    if (fg_grow((void **)&imp->rows, &imp->cap_rows, imp->n_rows, sizeof(*imp->rows)))
        return fg_err_set(err, FG_ENOMEM, "out of memory importing enterprises");
    fg_import_row *r = &imp->rows[imp->n_rows++];
    r->county = e->region;
    snprintf(r->uscc, sizeof(r->uscc), "%s", e->uscc);
    snprintf(r->division, sizeof(r->division), "%s", e->industry);
    r->categories = e->categories;
    if (imp->db->ops->copy_begin)
        return import_copy_row(imp, e, err);
    imp->pending[imp->n_pending++] = *e;
    if (imp->n_pending < FG_AUDIT_CHUNK)
        return 0;
    imp->n_pending = 0;
    return import_insert(imp, imp->pending, FG_AUDIT_CHUNK, err);
}

/* By county, then division and categories (the denominators' key), then
 * USCC (the order an entry names them in). */
static int import_row_cmp(const void *pa, const void *pb)
{
    const fg_import_row *a = pa, *b = pb;
    int c = (a->county > b->county) - (a->county < b->county);
    c = c ? c : strcmp(a->division, b->division);
    c = c ? c : (a->categories > b->categories) - (a->categories < b->categories);
    return c ? c : strcmp(a->uscc, b->uscc);
}

static int uscc_ptr_cmp(const void *pa, const void *pb)
{
    return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* What the commit writes after the rows, made from them (while the server
 * is still storing the last ones, with COPY): the denominators' deltas, one
 * per (county, division, categories) (daily reports, issue 13, part
 * "reports"), and each county's entry, {"imported": n, "enterprises":
 * [USCC...]} in USCC order (an enterprise's history finds it by its USCC:
 * audit.c). */
typedef struct import_after {
    fg_count_delta *deltas;
    size_t n_deltas;
    fg_buf texts;      /* the entries' details, each ended by '\0' */
    int32_t *counties; /* n_counties, in the order of texts */
    size_t n_counties;
} import_after;

static void after_release(import_after *a)
{
    free(a->deltas);
    free(a->counties);
    fg_buf_release(&a->texts);
}

static int import_prepare(fg_import *imp, import_after *a, fg_err *err)
{
    size_t n = imp->n_rows;
    qsort(imp->rows, n, sizeof(*imp->rows), import_row_cmp);
    a->deltas = malloc((n ? n : 1) * sizeof(*a->deltas));
    a->counties = malloc((n ? n : 1) * sizeof(*a->counties));
    const char **usccs = malloc((n ? n : 1) * sizeof(*usccs));
    int rc = a->deltas && a->counties && usccs ? 0 : FG_ENOMEM;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const fg_import_row *r = &imp->rows[i];
        fg_count_delta *d = &a->deltas[a->n_deltas - (a->n_deltas > 0)];
        if (a->n_deltas > 0 && d->county == r->county && d->categories == r->categories &&
            strcmp(d->division, r->division) == 0) {
            d->n++;
            continue;
        }
        d = &a->deltas[a->n_deltas++];
        d->county = r->county;
        memcpy(d->division, r->division, sizeof(d->division));
        d->categories = r->categories;
        d->n = 1;
    }
    for (size_t i = 0, m; rc == 0 && i < n; i += m) {
        int32_t county = imp->rows[i].county;
        for (m = 0; i + m < n && imp->rows[i + m].county == county; m++)
            usccs[m] = imp->rows[i + m].uscc;
        qsort(usccs, m, sizeof(*usccs), uscc_ptr_cmp);
        a->counties[a->n_counties++] = county;
        rc = fg_buf_addf(&a->texts, "{\"imported\":%zu,\"enterprises\":[", m);
        for (size_t k = 0; rc == 0 && k < m; k++) {
            rc = k ? fg_buf_addc(&a->texts, ',') : 0;
            rc = rc ? rc : fg_buf_addc(&a->texts, '"');
            rc = rc ? rc : fg_buf_add(&a->texts, usccs[k], strlen(usccs[k]));
            rc = rc ? rc : fg_buf_addc(&a->texts, '"');
        }
        rc = rc ? rc : fg_buf_add(&a->texts, "]}", 3);
    }
    free(usccs);
    if (rc)
        return fg_err_set(err, FG_ENOMEM, "out of memory writing the audit entries");
    fg__seal_prepare(&imp->tx);
    return 0;
}

/* The denominators and one entry per county. */
static int import_after_write(fg_import *imp, const import_after *a, fg_err *err)
{
    int rc = fg_store_enterprise_counts_add(imp->db, a->deltas, a->n_deltas, err);
    const char *text = a->texts.buf;
    for (size_t i = 0; rc == 0 && i < a->n_counties; i++) {
        char id[16];
        snprintf(id, sizeof(id), "%06d", (int)a->counties[i]);
        rc = fg_tx_audit_text(&imp->tx, "enterprise.import", "import", id, a->counties[i], text,
                              err);
        text += strlen(text) + 1;
    }
    return rc;
}

static void import_release(fg_import *imp)
{
    fg_buf_release(&imp->copy);
    free(imp->rows);
    imp->rows = NULL;
    imp->n_rows = imp->cap_rows = 0;
}

int fg_import_commit(fg_import *imp, fg_err *err)
{
    int rc = 0;
    if (imp->n_rows == 0) {
        fg_tx_rollback(&imp->tx); /* nothing was imported: nothing to write */
    } else {
        import_after after = {0};
        fg_buf_init(&after.texts, 0);
        rc = imp->copying ? import_copy_send(imp, err) : 0;
        rc = rc ? rc : import_prepare(imp, &after, err);
        if (rc == 0 && imp->copying) {
            rc = import_copy_end(imp, err);
        } else if (rc == 0) {
            rc = import_insert(imp, imp->pending, imp->n_pending, err);
            imp->n_pending = 0;
        }
        rc = rc ? rc : import_after_write(imp, &after, err);
        rc = fg_tx_end(&imp->tx, rc, err);
        after_release(&after);
    }
    imp->db->ops->bulk(imp->db, false);
    import_release(imp);
    return rc;
}

void fg_import_abort(fg_import *imp)
{
    imp->copying = false; /* the rollback ends the COPY */
    fg_tx_rollback(&imp->tx);
    imp->db->ops->bulk(imp->db, false);
    import_release(imp);
}

static const char SQL_ENT_USCCS[] = "SELECT uscc FROM enterprises";

int fg_store_enterprise_usccs(fg_db *db, void (*fn)(const char *uscc, void *ctx), void *ctx,
                              fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_ENT_USCCS, "");
    if (rc)
        return rc;
    while ((rc = fg_db_step(db, st, err)) == 1)
        fn(fg_db_text(db, st, 0), ctx);
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}
