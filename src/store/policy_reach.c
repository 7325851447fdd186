/* Reach of policies: figures per policy and county, the eligible not
 * reached, the sweep's re-matching marks and its queue. */
#include "policy_reach.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/region.h"
#include "../util/sha256.h"

static void copy(char *dst, size_t cap, const char *s)
{
    snprintf(dst, cap, "%s", s ? s : "");
}

/* ---- marks ------------------------------------------------------------------ */

static const char SQL_MARK_GET[] = "SELECT value, at FROM policy_match_marks WHERE name = ?";
static const char SQL_MARK_SET[] =
    "INSERT INTO policy_match_marks (name, value, at) VALUES (?, ?, ?) "
    "ON CONFLICT (name) DO UPDATE SET value = excluded.value, at = excluded.at";
static const char SQL_CATALOGUE[] =
    "SELECT id, state, rule_version, valid_from, valid_to, region FROM policies ORDER BY id";
static const char SQL_QUEUE_ADD[] =
    "INSERT INTO policy_rematch_queue (enterprise, n, queued_at) VALUES (?, 1, ?) "
    "ON CONFLICT (enterprise) DO UPDATE SET n = policy_rematch_queue.n + 1";
static const char SQL_QUEUE_LIST[] =
    "SELECT enterprise, n FROM policy_rematch_queue ORDER BY queued_at, enterprise LIMIT ?";
static const char SQL_QUEUE_DONE[] =
    "DELETE FROM policy_rematch_queue WHERE enterprise = ? AND n = ?";

int fg_store_policy_mark_get(fg_db *db, const char *name, char *value, size_t cap, int64_t *out_at,
                             bool *out_found, fg_err *err)
{
    fg_stmt *st;
    copy(value, cap, "");
    *out_at = 0;
    *out_found = false;
    int rc = fg_db_row(db, &st, err, SQL_MARK_GET, "t", name);
    if (rc <= 0)
        return rc;
    copy(value, cap, fg_db_text(db, st, 0));
    *out_at = fg_db_int(db, st, 1);
    *out_found = true;
    fg_db_done(db, st);
    return 0;
}

int fg_store_policy_mark_set(fg_db *db, const char *name, const char *value, int64_t at,
                             fg_err *err)
{
    return fg_db_run(db, err, SQL_MARK_SET, "tti", name, value, at);
}

int fg_store_policy_catalogue_fingerprint(fg_db *db, char out[65], fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_CATALOGUE, "");
    if (rc)
        return rc;
    fg_sha256 h;
    fg_sha256_init(&h);
    while ((rc = fg_db_step(db, st, err)) == 1) {
        char line[160];
        int n = snprintf(line, sizeof(line), "%s|%s|%lld|%lld|%lld|%lld\n",
                         fg_db_text(db, st, 0) ? fg_db_text(db, st, 0) : "",
                         fg_db_text(db, st, 1) ? fg_db_text(db, st, 1) : "",
                         (long long)fg_db_int(db, st, 2), (long long)fg_db_int(db, st, 3),
                         (long long)fg_db_int(db, st, 4), (long long)fg_db_int(db, st, 5));
        fg_sha256_update(&h, line, n > 0 && (size_t)n < sizeof(line) ? (size_t)n : 0);
    }
    fg_db_done(db, st);
    if (rc < 0)
        return rc;
    unsigned char d[32];
    fg_sha256_final(&h, d);
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
    return 0;
}

int fg_store_policy_rematch_enqueue(fg_tx *tx, const char *uscc, fg_err *err)
{
    return fg_db_run(tx->db, err, SQL_QUEUE_ADD, "ti", uscc, tx->now_ms);
}

int fg_store_policy_rematch_queued(fg_db *db, fg_rematch_queued *out, size_t cap, size_t *out_n,
                                   fg_err *err)
{
    *out_n = 0;
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_QUEUE_LIST, "i", (int64_t)cap);
    if (rc)
        return rc;
    while (*out_n < cap && (rc = fg_db_step(db, st, err)) == 1) {
        copy(out[*out_n].uscc, sizeof(out[*out_n].uscc), fg_db_text(db, st, 0));
        out[*out_n].n = fg_db_int(db, st, 1);
        (*out_n)++;
    }
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}

int fg_store_policy_rematch_done(fg_db *db, const fg_rematch_queued *q, fg_err *err)
{
    return fg_db_run(db, err, SQL_QUEUE_DONE, "ti", q->uscc, q->n);
}

/* ---- reach ------------------------------------------------------------------ */

/* Each query groups by (policy, county); the policy is bound as '' for all. */
static const char SQL_REACH_ELIGIBLE[] =
    "SELECT p.policy_id, p.region, COUNT(*), SUM(CASE WHEN EXISTS (SELECT 1 FROM policy_claims c "
    "WHERE c.policy_id = p.policy_id AND c.enterprise = p.enterprise) THEN 1 ELSE 0 END) "
    "FROM policy_entitlements p WHERE p.state = 'eligible' AND p.region >= ? AND p.region <= ? "
    "AND (? = '' OR p.policy_id = ?) GROUP BY p.policy_id, p.region";
static const char SQL_REACH_CLAIMS[] =
    "SELECT policy_id, region, COUNT(DISTINCT enterprise), "
    "SUM(CASE WHEN state IN ('granted', 'received') THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN state = 'received' THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN state IN ('granted', 'received') THEN granted_fen ELSE 0 END) "
    "FROM policy_claims WHERE region >= ? AND region <= ? "
    "AND (? = '' OR policy_id = ?) GROUP BY policy_id, region";
static const char SQL_REACH_OBJECTIONS[] =
    "SELECT policy_id, region, COUNT(*) FROM policy_objections WHERE region >= ? AND region <= ? "
    "AND (? = '' OR policy_id = ?) GROUP BY policy_id, region";
static const char SQL_REACH_DELAYS[] =
    "SELECT policy_id, region, granted_at - eligible_since FROM policy_claims "
    "WHERE state IN ('granted', 'received') AND granted_at > 0 AND region >= ? AND region <= ? "
    "AND (? = '' OR policy_id = ?) ORDER BY policy_id, region";
static const char SQL_UNREACHED[] =
    "SELECT e.uscc, e.name, e.region, p.amount_fen, p.eligible_since FROM policy_entitlements p "
    "JOIN enterprises e ON e.uscc = p.enterprise WHERE p.policy_id = ? AND p.state = 'eligible' "
    "AND p.region >= ? AND p.region <= ? AND e.region >= ? AND e.region <= ? "
    "AND NOT EXISTS (SELECT 1 FROM policy_claims c WHERE c.policy_id = p.policy_id "
    "AND c.enterprise = p.enterprise) ORDER BY p.eligible_since, e.uscc LIMIT ? OFFSET ?";
static const char SQL_UNREACHED_COUNT[] =
    "SELECT COUNT(*) FROM policy_entitlements p JOIN enterprises e ON e.uscc = p.enterprise "
    "WHERE p.policy_id = ? AND p.state = 'eligible' "
    "AND p.region >= ? AND p.region <= ? AND e.region >= ? AND e.region <= ? "
    "AND NOT EXISTS (SELECT 1 FROM policy_claims c WHERE c.policy_id = p.policy_id "
    "AND c.enterprise = p.enterprise)";
static const char SQL_CONTACTS[] =
    "SELECT a.username, a.display_name FROM account_enterprises x "
    "JOIN accounts a ON a.id = x.account WHERE x.enterprise = ? AND a.disabled = 0 "
    "ORDER BY a.username";

typedef struct cells {
    fg_reach_cell *a;
    size_t n, cap;
} cells;

static fg_reach_cell *cell_add(cells *c, const char *policy, int32_t county)
{
    if (c->n == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 64;
        fg_reach_cell *g = realloc(c->a, nc * sizeof(*g));
        if (!g)
            return NULL;
        c->a = g;
        c->cap = nc;
    }
    fg_reach_cell *x = &c->a[c->n++];
    memset(x, 0, sizeof(*x));
    copy(x->policy, sizeof(x->policy), policy);
    x->county = county;
    return x;
}

static int cell_cmp(const void *a, const void *b)
{
    const fg_reach_cell *x = a, *y = b;
    int c = strcmp(x->policy, y->policy);
    return c ? c : (x->county > y->county) - (x->county < y->county);
}

/* Runs one grouped query; `cols` figures after (policy, county) go to the
 * members of a new partial cell in the order of `at`. */
static int grouped(fg_db *db, const char *sql, const char *policy, int32_t lo, int32_t hi,
                   size_t ncols, const size_t *at, cells *c, fg_err *err)
{
    fg_stmt *st;
    const char *p = policy ? policy : "";
    int rc = fg_db_query(db, &st, err, sql, "iitt", (int64_t)lo, (int64_t)hi, p, p);
    if (rc)
        return rc;
    while ((rc = fg_db_step(db, st, err)) == 1) {
        fg_reach_cell *x = cell_add(c, fg_db_text(db, st, 0), (int32_t)fg_db_int(db, st, 1));
        if (!x) {
            rc = fg_err_set(err, FG_ENOMEM, "out of memory");
            break;
        }
        for (size_t k = 0; k < ncols; k++)
            *(int64_t *)((char *)x + at[k]) = fg_db_int(db, st, (int)(2 + k));
    }
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}

int fg_store_reach_cells(fg_db *db, const char *policy, int32_t region, fg_reach_cell **out,
                         size_t *out_n, fg_err *err)
{
    *out = NULL;
    *out_n = 0;
    int32_t lo, hi;
    fg_region_range(region, &lo, &hi);
    cells c = {0};
    static const size_t elig[] = {offsetof(fg_reach_cell, eligible),
                                  offsetof(fg_reach_cell, eligible_reached)};
    static const size_t claims[] = {
        offsetof(fg_reach_cell, reached), offsetof(fg_reach_cell, granted),
        offsetof(fg_reach_cell, received), offsetof(fg_reach_cell, granted_fen)};
    static const size_t obj[] = {offsetof(fg_reach_cell, objections)};
    int rc = grouped(db, SQL_REACH_ELIGIBLE, policy, lo, hi, 2, elig, &c, err);
    if (rc == 0)
        rc = grouped(db, SQL_REACH_CLAIMS, policy, lo, hi, 4, claims, &c, err);
    if (rc == 0)
        rc = grouped(db, SQL_REACH_OBJECTIONS, policy, lo, hi, 1, obj, &c, err);
    if (rc) {
        free(c.a);
        return rc;
    }
    /* Fold the partial cells of the same (policy, county). */
    if (c.n)
        qsort(c.a, c.n, sizeof(*c.a), cell_cmp);
    size_t w = 0;
    for (size_t i = 0; i < c.n; i++) {
        if (w > 0 && cell_cmp(&c.a[w - 1], &c.a[i]) == 0) {
            fg_reach_cell *x = &c.a[w - 1], *y = &c.a[i];
            x->eligible += y->eligible;
            x->eligible_reached += y->eligible_reached;
            x->reached += y->reached;
            x->granted += y->granted;
            x->received += y->received;
            x->granted_fen += y->granted_fen;
            x->objections += y->objections;
        } else {
            c.a[w++] = c.a[i];
        }
    }
    *out = c.a;
    *out_n = w;
    return 0;
}

int fg_store_reach_delays(fg_db *db, const char *policy, int32_t region, fg_reach_delay **out,
                          size_t *out_n, fg_err *err)
{
    *out = NULL;
    *out_n = 0;
    int32_t lo, hi;
    fg_region_range(region, &lo, &hi);
    fg_stmt *st;
    const char *p = policy ? policy : "";
    int rc = fg_db_query(db, &st, err, SQL_REACH_DELAYS, "iitt", (int64_t)lo, (int64_t)hi, p, p);
    if (rc)
        return rc;
    fg_reach_delay *a = NULL;
    size_t n = 0, cap = 0;
    while ((rc = fg_db_step(db, st, err)) == 1) {
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 64;
            fg_reach_delay *g = realloc(a, nc * sizeof(*g));
            if (!g) {
                rc = fg_err_set(err, FG_ENOMEM, "out of memory");
                break;
            }
            a = g;
            cap = nc;
        }
        copy(a[n].policy, sizeof(a[n].policy), fg_db_text(db, st, 0));
        a[n].county = (int32_t)fg_db_int(db, st, 1);
        a[n].ms = fg_db_int(db, st, 2);
        n++;
    }
    fg_db_done(db, st);
    if (rc < 0) {
        free(a);
        return rc;
    }
    *out = a;
    *out_n = n;
    return 0;
}

static json_t *contacts(fg_db *db, const char *uscc, fg_err *err, int *rc)
{
    json_t *arr = json_array();
    fg_stmt *st;
    if ((*rc = fg_db_query(db, &st, err, SQL_CONTACTS, "t", uscc)))
        return arr;
    while ((*rc = fg_db_step(db, st, err)) == 1)
        json_array_append_new(arr, json_pack("{s:s,s:s}", "username", fg_db_text(db, st, 0),
                                             "display_name", fg_db_text(db, st, 1)));
    fg_db_done(db, st);
    *rc = *rc < 0 ? *rc : 0;
    return arr;
}

int fg_store_reach_unreached(fg_db *db, const char *policy, int32_t region, int64_t limit,
                             int64_t offset, json_t **out, int64_t *out_total, fg_err *err)
{
    *out = NULL;
    *out_total = 0;
    int32_t lo, hi;
    fg_region_range(region, &lo, &hi);
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_UNREACHED_COUNT, "tiiii", policy, (int64_t)lo, (int64_t)hi,
                       (int64_t)lo, (int64_t)hi);
    if (rc < 0)
        return rc;
    if (rc == 1) {
        *out_total = fg_db_int(db, st, 0);
        fg_db_done(db, st);
    }
    if ((rc = fg_db_query(db, &st, err, SQL_UNREACHED, "tiiiiii", policy, (int64_t)lo, (int64_t)hi,
                          (int64_t)lo, (int64_t)hi, limit, offset)))
        return rc;
    json_t *arr = json_array();
    while ((rc = fg_db_step(db, st, err)) == 1) {
        char code[7];
        fg_region_format((int32_t)fg_db_int(db, st, 2), code);
        json_t *amount = fg_db_text(db, st, 3) ? json_integer(fg_db_int(db, st, 3)) : json_null();
        json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:o,s:I}", "uscc", fg_db_text(db, st, 0),
                                             "name", fg_db_text(db, st, 1), "region", code,
                                             "amount_fen", amount, "eligible_since",
                                             (json_int_t)fg_db_int(db, st, 4)));
    }
    fg_db_done(db, st);
    for (size_t i = 0; rc >= 0 && i < json_array_size(arr); i++) {
        json_t *item = json_array_get(arr, i);
        int crc = 0;
        json_object_set_new(
            item, "contacts",
            contacts(db, json_string_value(json_object_get(item, "uscc")), err, &crc));
        if (crc)
            rc = crc;
    }
    if (rc < 0) {
        json_decref(arr);
        return rc;
    }
    *out = arr;
    return 0;
}
