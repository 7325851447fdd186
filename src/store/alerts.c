/* Reads for the alerts of daily monitoring. */
#include "alerts.h"

#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/region.h"
#include "store.h"

/* whitelist_members is small (the listed enterprises); the reports are
 * probed through their unique (enterprise, day, version) index. */
static const char SQL_LISTED_REPORTS[] =
    "SELECT r.enterprise, e.region, r.day, r.capacity_pct, r.staff_pct "
    "FROM (SELECT DISTINCT enterprise FROM whitelist_members) w "
    "JOIN enterprises e ON e.uscc = w.enterprise "
    "JOIN daily_reports r ON r.enterprise = w.enterprise AND r.day BETWEEN ? AND ? "
    "AND r.is_current = 1 "
    "ORDER BY r.enterprise, r.day";
static const char SQL_ALERT_PROBLEMS[] =
    "SELECT p.id, p.state, p.enterprise, COALESCE(e.name, ''), p.county, p.raised_at, p.what "
    "FROM problems p LEFT JOIN enterprises e ON e.uscc = p.enterprise "
    "WHERE p.kind = ? AND p.state <> 'closed' AND p.county BETWEEN ? AND ? "
    "ORDER BY p.raised_at DESC, p.id LIMIT ?";
static const char SQL_ALERT_PROBLEMS_COUNT[] =
    "SELECT COUNT(*) FROM problems WHERE kind = ? AND state <> 'closed' AND county BETWEEN ? AND ?";

int fg_store_alert_listed_reports(fg_db *db, int32_t from, int32_t to, fg_alert_report **out,
                                  size_t *out_n, fg_err *err)
{
    *out = NULL;
    *out_n = 0;
    char f[11], t[11];
    fg_date_format(from, f);
    fg_date_format(to, t);
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_LISTED_REPORTS, "tt", f, t);
    if (rc)
        return rc;
    size_t cap = 0;
    while ((rc = fg_db_step(db, st, err)) == 1) {
        if (*out_n == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            fg_alert_report *p = realloc(*out, ncap * sizeof(*p));
            if (!p) {
                rc = fg_err_set(err, FG_ENOMEM, "out of memory");
                break;
            }
            *out = p;
            cap = ncap;
        }
        fg_alert_report *a = &(*out)[(*out_n)++];
        fg_strlcpy(a->uscc, fg_db_text(db, st, 0), sizeof(a->uscc));
        a->county = (int32_t)fg_db_int(db, st, 1);
        if (fg_date_parse(fg_db_text(db, st, 2), &a->day, err)) {
            rc = FG_EIO;
            break;
        }
        a->capacity_pct = (int)fg_db_int(db, st, 3);
        a->staff_pct = (int)fg_db_int(db, st, 4);
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

int fg_store_alert_problems(fg_db *db, const char *kind, int32_t lo, int32_t hi, int limit,
                            json_t **out_items, int64_t *out_total, fg_err *err)
{
    *out_items = NULL;
    fg_stmt *st;
    int rc =
        fg_db_row(db, &st, err, SQL_ALERT_PROBLEMS_COUNT, "tii", kind, (int64_t)lo, (int64_t)hi);
    if (rc < 0)
        return rc;
    *out_total = rc == 1 ? fg_db_int(db, st, 0) : 0;
    if (rc == 1)
        fg_db_done(db, st);
    if ((rc = fg_db_query(db, &st, err, SQL_ALERT_PROBLEMS, "tiii", kind, (int64_t)lo, (int64_t)hi,
                          (int64_t)limit)))
        return rc;
    json_t *items = json_array();
    while ((rc = fg_db_step(db, st, err)) == 1) {
        char county[7], at[25];
        fg_region_format((int32_t)fg_db_int(db, st, 4), county);
        fg_time_format(fg_db_int(db, st, 5), at);
        json_array_append_new(
            items, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "id", fg_db_text(db, st, 0), "state",
                             fg_db_text(db, st, 1), "enterprise", fg_db_text(db, st, 2), "name",
                             fg_db_text(db, st, 3), "county", county, "raised_at", at, "what",
                             fg_db_text(db, st, 6)));
    }
    fg_db_done(db, st);
    if (rc < 0) {
        json_decref(items);
        return rc;
    }
    *out_items = items;
    return 0;
}
