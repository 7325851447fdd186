/* The critical-link marks: reads and writes, each write inside the caller's
 * transaction with its audit entry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/region.h"
#include "store.h"

static const char SQL_MARKS[] =
    "SELECT c.source, c.basis, c.note, c.dominated_whitelist, c.sole_whitelist, "
    "c.dominated_capacity, c.province_capacity, c.share_permille, c.marked_by, c.marked_at, "
    "COALESCE(a.display_name, '') FROM critical_marks c "
    "LEFT JOIN accounts a ON a.username = c.marked_by WHERE c.enterprise = ? ORDER BY c.source";
static const char SQL_MANUAL_HAS[] =
    "SELECT COUNT(*) FROM critical_marks WHERE enterprise = ? AND source = 'manual'";
static const char SQL_MANUAL_INSERT[] =
    "INSERT INTO critical_marks (enterprise, source, basis, note, dominated_whitelist, "
    "sole_whitelist, dominated_capacity, province_capacity, share_permille, marked_by, marked_at) "
    "VALUES (?, 'manual', 'manual', ?, 0, 0, 0, 0, 0, ?, ?)";
static const char SQL_MANUAL_DELETE[] =
    "DELETE FROM critical_marks WHERE enterprise = ? AND source = 'manual'";
static const char SQL_ANALYSIS_LIST[] =
    "SELECT enterprise, basis, dominated_whitelist, sole_whitelist, dominated_capacity, "
    "province_capacity FROM critical_marks WHERE source = 'analysis' ORDER BY enterprise";
static const char SQL_ANALYSIS_GET[] =
    "SELECT enterprise, basis, dominated_whitelist, sole_whitelist, dominated_capacity, "
    "province_capacity FROM critical_marks WHERE source = 'analysis' AND enterprise = ?";
static const char SQL_ANALYSIS_DELETE[] =
    "DELETE FROM critical_marks WHERE enterprise = ? AND source = 'analysis'";
static const char SQL_ANALYSIS_INSERT[] =
    "INSERT INTO critical_marks (enterprise, source, basis, note, dominated_whitelist, "
    "sole_whitelist, dominated_capacity, province_capacity, share_permille, marked_by, marked_at) "
    "VALUES (?, 'analysis', ?, '', ?, ?, ?, ?, ?, 'system', ?)";
static const char SQL_FINGERPRINT[] =
    "SELECT (SELECT COUNT(*) FROM supply_edges), "
    "(SELECT COALESCE(MAX(updated_at), 0) FROM supply_edges), "
    "(SELECT COUNT(*) FROM whitelist_members), "
    "(SELECT COALESCE(MAX(updated_at), 0) FROM whitelist_applications), "
    "(SELECT COUNT(*) FROM enterprises), "
    "(SELECT COALESCE(MAX(updated_at), 0) FROM enterprises)";
static const char SQL_LINKED[] =
    "SELECT CASE WHEN EXISTS (SELECT 1 FROM supply_edges WHERE supplier = ?) "
    "OR EXISTS (SELECT 1 FROM supply_edges WHERE customer = ?) THEN 1 ELSE 0 END";
static const char SQL_REFRESHED[] =
    "SELECT fingerprint, refreshed_at FROM critical_refresh WHERE id = 1";
static const char SQL_REFRESH_SET[] =
    "UPDATE critical_refresh SET fingerprint = ?, refreshed_at = ?, marked = ? WHERE id = 1";

int fg_store_critical_marks(fg_db *db, const char *uscc, json_t **out, fg_err *err)
{
    *out = json_array();
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_MARKS, "t", uscc);
    while (rc == 0 && (rc = fg_db_step(db, st, err)) == 1) {
        char at[25];
        fg_time_format(fg_db_int(db, st, 9), at);
        json_t *m = json_pack(
            "{s:s,s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:s,s:s,s:s}", "source", fg_db_text(db, st, 0),
            "basis", fg_db_text(db, st, 1), "note", fg_db_text(db, st, 2), "dominated_whitelist",
            (json_int_t)fg_db_int(db, st, 3), "sole_whitelist", (json_int_t)fg_db_int(db, st, 4),
            "dominated_capacity", (json_int_t)fg_db_int(db, st, 5), "province_capacity",
            (json_int_t)fg_db_int(db, st, 6), "share_permille", (json_int_t)fg_db_int(db, st, 7),
            "marked_by", fg_db_text(db, st, 8), "marked_by_name", fg_db_text(db, st, 10),
            "marked_at", at);
        json_array_append_new(*out, m);
        rc = 0;
    }
    fg_db_done(db, st);
    if (rc < 0) {
        json_decref(*out);
        *out = NULL;
        return rc;
    }
    return 0;
}

int fg_store_critical_manual_has(fg_db *db, const char *uscc, bool *out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_MANUAL_HAS, "t", uscc);
    if (rc < 0)
        return rc;
    *out = rc == 1 && fg_db_int(db, st, 0) > 0;
    fg_db_done(db, st);
    return 0;
}

int fg_store_critical_manual_set(fg_tx *tx, const char *uscc, int32_t region, bool marked,
                                 const char *reason, fg_err *err)
{
    bool has;
    int rc = fg_store_critical_manual_has(tx->db, uscc, &has, err);
    if (rc)
        return rc;
    if (marked && has)
        return fg_err_at(err, FG_ECONFLICT, NULL, "critical.already_marked",
                         "the enterprise is already marked as a critical link by hand");
    if (!marked && !has)
        return fg_err_at(err, FG_ENOTFOUND, NULL, "critical.not_marked",
                         "the enterprise carries no manual critical-link mark to remove");
    rc = marked ? fg_db_run(tx->db, err, SQL_MANUAL_INSERT, "ttti", uscc, reason, tx->actor,
                            tx->now_ms)
                : fg_db_run(tx->db, err, SQL_MANUAL_DELETE, "t", uscc);
    if (rc)
        return rc;
    json_t *d = json_pack("{s:s,s:s}", "enterprise", uscc, "reason", reason);
    rc = fg_tx_audit(tx, marked ? "critical.mark" : "critical.unmark", "enterprise", uscc, region,
                     d, err);
    json_decref(d);
    return rc;
}

static fg_chain_crit_reason basis_parse(const char *s)
{
    for (int r = FG_CHAIN_CRIT_DOMINATOR; r <= FG_CHAIN_CRIT_PROVINCE_SHARE; r++)
        if (strcmp(s, fg_chain_crit_name((fg_chain_crit_reason)r)) == 0)
            return (fg_chain_crit_reason)r;
    return FG_CHAIN_CRIT_NONE;
}

static void stored_read(fg_db *db, fg_stmt *st, fg_critical_stored *s)
{
    fg_strlcpy(s->enterprise, fg_db_text(db, st, 0), sizeof(s->enterprise));
    s->basis = basis_parse(fg_db_text(db, st, 1));
    s->dominated_whitelist = (uint32_t)fg_db_int(db, st, 2);
    s->sole_whitelist = (uint32_t)fg_db_int(db, st, 3);
    s->dominated_capacity = fg_db_int(db, st, 4);
    s->province_capacity = fg_db_int(db, st, 5);
}

int fg_store_critical_analysis_list(fg_db *db, fg_critical_stored **out, size_t *out_n, fg_err *err)
{
    *out = NULL;
    *out_n = 0;
    size_t cap = 0;
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_ANALYSIS_LIST, "");
    while (rc == 0 && (rc = fg_db_step(db, st, err)) == 1) {
        rc = 0;
        if (*out_n == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            fg_critical_stored *p = realloc(*out, ncap * sizeof(*p));
            if (!p) {
                rc = fg_err_set(err, FG_ENOMEM, "out of memory reading the critical marks");
                break;
            }
            *out = p;
            cap = ncap;
        }
        stored_read(db, st, &(*out)[(*out_n)++]);
    }
    fg_db_done(db, st);
    if (rc < 0) {
        free(*out);
        *out = NULL;
        *out_n = 0;
        return rc;
    }
    return 0;
}

int fg_store_critical_analysis_get(fg_db *db, const char *uscc, fg_critical_stored *out,
                                   bool *out_found, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_ANALYSIS_GET, "t", uscc);
    if (rc < 0)
        return rc;
    *out_found = rc == 1;
    if (rc == 1)
        stored_read(db, st, out);
    fg_db_done(db, st);
    return 0;
}

static bool same(const fg_critical_stored *s, const fg_chain_mark *m)
{
    bool now = m && m->critical;
    if (!s || !now)
        return !s && !now;
    return s->basis == m->reason && s->dominated_whitelist == m->dominated_whitelist &&
           s->sole_whitelist == m->sole_whitelist &&
           s->dominated_capacity == m->dominated_capacity &&
           s->province_capacity == m->province_capacity;
}

int fg_store_critical_analysis_put(fg_tx *tx, const char *uscc, int32_t region,
                                   const fg_critical_stored *stored, const fg_chain_mark *m,
                                   bool *out_changed, fg_err *err)
{
    *out_changed = false;
    if (same(stored, m))
        return 0;
    int rc = stored ? fg_db_run(tx->db, err, SQL_ANALYSIS_DELETE, "t", uscc) : 0;
    bool marked = m && m->critical;
    if (rc == 0 && marked)
        rc = fg_db_run(tx->db, err, SQL_ANALYSIS_INSERT, "ttiiiidi", uscc,
                       fg_chain_crit_name(m->reason), (int64_t)m->dominated_whitelist,
                       (int64_t)m->sole_whitelist, m->dominated_capacity, m->province_capacity,
                       (int)(m->share * 1000.0 + 0.5), tx->now_ms);
    if (rc)
        return rc;
    json_t *d = json_pack("{s:s,s:s,s:s}", "enterprise", uscc, "basis",
                          marked ? fg_chain_crit_name(m->reason) : "none", "was",
                          stored ? fg_chain_crit_name(stored->basis) : "none");
    if (marked) {
        json_object_set_new(d, "dominated_whitelist", json_integer(m->dominated_whitelist));
        json_object_set_new(d, "sole_whitelist", json_integer(m->sole_whitelist));
        json_object_set_new(d, "dominated_capacity", json_integer(m->dominated_capacity));
    }
    rc = fg_tx_audit_as(tx, "system", "critical.analysis", "enterprise", uscc, region, d, err);
    json_decref(d);
    *out_changed = rc == 0;
    return rc;
}

int fg_store_critical_fingerprint(fg_db *db, char out[160], fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_FINGERPRINT, "");
    if (rc < 0)
        return rc;
    snprintf(out, 160, "e%lld:%lld/w%lld:%lld/n%lld:%lld", (long long)fg_db_int(db, st, 0),
             (long long)fg_db_int(db, st, 1), (long long)fg_db_int(db, st, 2),
             (long long)fg_db_int(db, st, 3), (long long)fg_db_int(db, st, 4),
             (long long)fg_db_int(db, st, 5));
    fg_db_done(db, st);
    return 0;
}

int fg_store_chain_linked(fg_db *db, const char *uscc, bool *out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_LINKED, "tt", uscc, uscc);
    if (rc < 0)
        return rc;
    *out = rc == 1 && fg_db_int(db, st, 0) != 0;
    fg_db_done(db, st);
    return 0;
}

int fg_store_critical_refreshed(fg_db *db, char out[160], int64_t *out_at, fg_err *err)
{
    out[0] = 0;
    *out_at = 0;
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_REFRESHED, "");
    if (rc < 0)
        return rc;
    if (rc == 1) {
        fg_strlcpy(out, fg_db_text(db, st, 0), 160);
        *out_at = fg_db_int(db, st, 1);
    }
    fg_db_done(db, st);
    return 0;
}

int fg_store_critical_refresh_set(fg_tx *tx, const char *fingerprint, int64_t marked, fg_err *err)
{
    return fg_db_run(tx->db, err, SQL_REFRESH_SET, "tii", fingerprint, tx->now_ms, marked);
}
