/* Monitoring reads over the incremental aggregates (rolled up by GROUP BY
 * over aggregate rows by region prefix), and the electricity readings. */
#include "monitor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/region.h"
#include "../sys/clock.h"
#include "../util/buf.h"

/* ---- the aggregates ---- */

#define AGG_SUMS                                                                                   \
    "SUM(n_reported), SUM(n_resumed), SUM(sum_staff), SUM(sum_capacity), SUM(n_staff90), "         \
    "SUM(n_cap80), SUM(n_under30), SUM(n_late)"
#define AGG_WHERE " WHERE day BETWEEN ? AND ? AND county BETWEEN ? AND ? "
/* Region figures read the county roll-up; the breakdowns by division and
 * categories read the full aggregate rows. */
#define AGG_SQL(key) "SELECT day, " key ", " AGG_SUMS " FROM report_county_aggregates" AGG_WHERE
#define DIM_SQL(key) "SELECT day, " key ", " AGG_SUMS " FROM report_aggregates" AGG_WHERE
#define GROUP_SQL(kind)                                                                            \
    "SELECT day, grp, " AGG_SUMS " FROM report_group_aggregates" AGG_WHERE "AND kind = '" kind     \
    "' GROUP BY day, grp ORDER BY day, grp"

static const char SQL_SUMS_NONE[] = AGG_SQL("''") "GROUP BY day ORDER BY day";
static const char SQL_SUMS_PROVINCE[] =
    AGG_SQL("(county / 10000) * 10000") "GROUP BY day, (county / 10000) * 10000 ORDER BY 1, 2";
static const char SQL_SUMS_CITY[] =
    AGG_SQL("(county / 100) * 100") "GROUP BY day, (county / 100) * 100 ORDER BY 1, 2";
static const char SQL_SUMS_COUNTY[] = AGG_SQL("county") "GROUP BY day, county ORDER BY day, county";
static const char SQL_SUMS_DIVISION[] =
    DIM_SQL("division") "GROUP BY day, division ORDER BY day, division";
static const char SQL_SUMS_CATEGORIES[] =
    DIM_SQL("categories") "GROUP BY day, categories ORDER BY day, categories";
static const char SQL_SUMS_CHAIN[] = GROUP_SQL("chain");
static const char SQL_SUMS_LIST[] = GROUP_SQL("list");

/* Region denominators read the county roll-up of the counts. */
#define COUNT_SQL(key, group)                                                                      \
    "SELECT " key ", SUM(n) FROM enterprise_county_counts WHERE county BETWEEN ? AND ? " group
#define DIM_COUNT_SQL(key, group)                                                                  \
    "SELECT " key ", SUM(n) FROM enterprise_counts WHERE county BETWEEN ? AND ? " group
static const char SQL_COUNT_NONE[] = COUNT_SQL("''", "");
static const char SQL_COUNT_PROVINCE[] =
    COUNT_SQL("(county / 10000) * 10000", "GROUP BY (county / 10000) * 10000");
static const char SQL_COUNT_CITY[] =
    COUNT_SQL("(county / 100) * 100", "GROUP BY (county / 100) * 100");
static const char SQL_COUNT_COUNTY[] = COUNT_SQL("county", "GROUP BY county");
static const char SQL_COUNT_DIVISION[] = DIM_COUNT_SQL("division", "GROUP BY division");
static const char SQL_COUNT_CATEGORIES[] = DIM_COUNT_SQL("categories", "GROUP BY categories");
static const char SQL_COUNT_CHAIN[] =
    "SELECT m.chain, COUNT(DISTINCT m.enterprise) FROM whitelist_members m "
    "JOIN enterprises e ON e.uscc = m.enterprise WHERE e.region BETWEEN ? AND ? GROUP BY m.chain";
static const char SQL_COUNT_LIST[] =
    "SELECT a.list_id, COUNT(DISTINCT a.enterprise), l.chain || ':' || l.tier || ':' || "
    "l.region FROM whitelist_applications a JOIN whitelist_lists l ON l.id = a.list_id "
    "JOIN enterprises e ON e.uscc = a.enterprise WHERE a.state IN ('listed', 'due_review') "
    "AND e.region BETWEEN ? AND ? GROUP BY a.list_id, l.chain, l.tier, l.region";

/* The reference: the plain GROUP BY over the current report versions. */
#define PLAIN_SUMS                                                                                 \
    "COUNT(*), SUM(CASE WHEN status <> 'stopped' THEN 1 ELSE 0 END), SUM(staff_pct), "             \
    "SUM(capacity_pct), SUM(CASE WHEN staff_pct >= 90 THEN 1 ELSE 0 END), "                        \
    "SUM(CASE WHEN capacity_pct >= 80 THEN 1 ELSE 0 END), "                                        \
    "SUM(CASE WHEN capacity_pct < 30 OR staff_pct < 30 THEN 1 ELSE 0 END), SUM(late)"
#define PLAIN_SQL(key)                                                                             \
    "SELECT day, " key ", " PLAIN_SUMS " FROM daily_reports WHERE is_current = 1 AND day BETWEEN " \
    "? AND ? AND county BETWEEN ? AND ? GROUP BY day, " key " ORDER BY 1, 2"
static const char SQL_PLAIN_PROVINCE[] = PLAIN_SQL("(county / 10000) * 10000");
static const char SQL_PLAIN_CITY[] = PLAIN_SQL("(county / 100) * 100");
static const char SQL_PLAIN_COUNTY[] = PLAIN_SQL("county");

static const char SQL_ENTERPRISES[] =
    "SELECT e.uscc, e.name, e.industry, e.categories, COALESCE(r.status, ''), "
    "COALESCE(r.capacity_pct, -1), COALESCE(r.staff_pct, -1), COALESCE(r.late, 0) "
    "FROM enterprises e LEFT JOIN daily_reports r ON r.enterprise = e.uscc AND r.day = ? "
    "AND r.is_current = 1 WHERE e.region = ? ORDER BY e.name, e.uscc LIMIT ? OFFSET ?";
static const char SQL_ENTERPRISES_COUNT[] = "SELECT COUNT(*) FROM enterprises WHERE region = ?";

void fg_monitor_rows_release(fg_monitor_rows *r)
{
    free(r->items);
    memset(r, 0, sizeof(*r));
}

static fg_monitor_row *rows_push(fg_monitor_rows *r, fg_err *err)
{
    if (r->n == r->cap) {
        size_t ncap = r->cap ? r->cap * 2 : 64;
        fg_monitor_row *p = realloc(r->items, ncap * sizeof(*p));
        if (!p) {
            fg_err_set(err, FG_ENOMEM, "out of memory reading the aggregates");
            return NULL;
        }
        r->items = p;
        r->cap = ncap;
    }
    fg_monitor_row *row = &r->items[r->n++];
    memset(row, 0, sizeof(*row));
    return row;
}

static int32_t day_of(const char *s)
{
    int32_t d = 0;
    if (s && fg_date_parse(s, &d, NULL) != 0)
        d = 0;
    return d;
}

/* Steps st to the end, one row per result: day, key, the eight sums. */
static int read_sums(fg_db *db, fg_stmt *st, fg_monitor_rows *out, fg_err *err)
{
    int rc;
    while ((rc = fg_db_step(db, st, err)) == 1) {
        fg_monitor_row *row = rows_push(out, err);
        if (!row) {
            rc = FG_ENOMEM;
            break;
        }
        row->day = day_of(fg_db_text(db, st, 0));
        const char *key = fg_db_text(db, st, 1);
        fg_strlcpy(row->key, key ? key : "", sizeof(row->key));
        row->s.reported = fg_db_int(db, st, 2);
        row->s.resumed = fg_db_int(db, st, 3);
        row->s.staff_pct_sum = fg_db_int(db, st, 4);
        row->s.capacity_pct_sum = fg_db_int(db, st, 5);
        row->s.staff_ge90 = fg_db_int(db, st, 6);
        row->s.capacity_ge80 = fg_db_int(db, st, 7);
        row->s.under30 = fg_db_int(db, st, 8);
        row->s.late = fg_db_int(db, st, 9);
    }
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}

static int child_of_county(int32_t region, fg_err *err)
{
    char code[7];
    fg_region_format(region, code);
    return fg_err_at(err, FG_EINVAL, "region", "monitor.no_children",
                     "{region:%s} is a county: it has enterprises, not regions, below it", code);
}

/* Runs one of the SQL_SUMS_* / SQL_PLAIN_* texts over region's counties. */
static int run_sums(fg_db *db, const char *sql, int32_t region, int32_t from, int32_t to,
                    fg_monitor_rows *out, fg_err *err)
{
    int32_t lo, hi;
    fg_region_range(region, &lo, &hi);
    char f[11], t[11];
    fg_date_format(from, f);
    fg_date_format(to, t);
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, sql, "ttdd", f, t, (int)lo, (int)hi);
    return rc ? rc : read_sums(db, st, out, err);
}

int fg_store_monitor_sums(fg_db *db, int32_t region, int32_t from, int32_t to, fg_monitor_by by,
                          fg_monitor_rows *out, fg_err *err)
{
    fg_region_level level = fg_region_level_of(region);
    switch (by) {
    case FG_MONITOR_BY_CHILD:
        if (level == FG_LEVEL_COUNTY)
            return child_of_county(region, err);
        if (level == FG_LEVEL_NATION)
            return run_sums(db, SQL_SUMS_PROVINCE, region, from, to, out, err);
        if (level == FG_LEVEL_PROVINCE)
            return run_sums(db, SQL_SUMS_CITY, region, from, to, out, err);
        return run_sums(db, SQL_SUMS_COUNTY, region, from, to, out, err);
    case FG_MONITOR_BY_DIVISION: return run_sums(db, SQL_SUMS_DIVISION, region, from, to, out, err);
    case FG_MONITOR_BY_CATEGORIES:
        return run_sums(db, SQL_SUMS_CATEGORIES, region, from, to, out, err);
    case FG_MONITOR_BY_CHAIN: return run_sums(db, SQL_SUMS_CHAIN, region, from, to, out, err);
    case FG_MONITOR_BY_LIST: return run_sums(db, SQL_SUMS_LIST, region, from, to, out, err);
    case FG_MONITOR_BY_NONE: break;
    }
    return run_sums(db, SQL_SUMS_NONE, region, from, to, out, err);
}

int fg_store_monitor_sums_plain(fg_db *db, int32_t region, int32_t from, int32_t to,
                                fg_monitor_rows *out, fg_err *err)
{
    fg_region_level level = fg_region_level_of(region);
    if (level == FG_LEVEL_COUNTY)
        return child_of_county(region, err);
    if (level == FG_LEVEL_NATION)
        return run_sums(db, SQL_PLAIN_PROVINCE, region, from, to, out, err);
    if (level == FG_LEVEL_PROVINCE)
        return run_sums(db, SQL_PLAIN_CITY, region, from, to, out, err);
    return run_sums(db, SQL_PLAIN_COUNTY, region, from, to, out, err);
}

/* Runs one of the SQL_COUNT_* texts: key, count[, label]. */
static int run_counts(fg_db *db, const char *sql, bool labelled, int32_t region,
                      fg_monitor_rows *out, fg_err *err)
{
    int32_t lo, hi;
    fg_region_range(region, &lo, &hi);
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, sql, "dd", (int)lo, (int)hi);
    while (rc == 0 && (rc = fg_db_step(db, st, err)) == 1) {
        fg_monitor_row *row = rows_push(out, err);
        if (!row) {
            rc = FG_ENOMEM;
            break;
        }
        const char *key = fg_db_text(db, st, 0);
        fg_strlcpy(row->key, key ? key : "", sizeof(row->key));
        row->s.enterprises = fg_db_int(db, st, 1);
        if (labelled)
            fg_strlcpy(row->label, fg_db_text(db, st, 2), sizeof(row->label));
        rc = 0;
    }
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}

int fg_store_monitor_counts(fg_db *db, int32_t region, fg_monitor_by by, fg_monitor_rows *out,
                            fg_err *err)
{
    fg_region_level level = fg_region_level_of(region);
    switch (by) {
    case FG_MONITOR_BY_CHILD:
        if (level == FG_LEVEL_COUNTY)
            return child_of_county(region, err);
        if (level == FG_LEVEL_NATION)
            return run_counts(db, SQL_COUNT_PROVINCE, false, region, out, err);
        if (level == FG_LEVEL_PROVINCE)
            return run_counts(db, SQL_COUNT_CITY, false, region, out, err);
        return run_counts(db, SQL_COUNT_COUNTY, false, region, out, err);
    case FG_MONITOR_BY_DIVISION: return run_counts(db, SQL_COUNT_DIVISION, false, region, out, err);
    case FG_MONITOR_BY_CATEGORIES:
        return run_counts(db, SQL_COUNT_CATEGORIES, false, region, out, err);
    case FG_MONITOR_BY_CHAIN: return run_counts(db, SQL_COUNT_CHAIN, false, region, out, err);
    case FG_MONITOR_BY_LIST: return run_counts(db, SQL_COUNT_LIST, true, region, out, err);
    case FG_MONITOR_BY_NONE: break;
    }
    return run_counts(db, SQL_COUNT_NONE, false, region, out, err);
}

int fg_store_monitor_enterprises(fg_db *db, int32_t county, int32_t day, int limit, int offset,
                                 fg_monitor_enterprise **out, size_t *out_n, int64_t *out_total,
                                 fg_err *err)
{
    *out = NULL;
    *out_n = 0;
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_ENTERPRISES_COUNT, "d", (int)county);
    if (rc < 0)
        return rc;
    *out_total = rc == 1 ? fg_db_int(db, st, 0) : 0;
    fg_db_done(db, st);
    if (limit <= 0)
        return 0;
    fg_monitor_enterprise *items = calloc((size_t)limit, sizeof(*items));
    if (!items)
        return fg_err_set(err, FG_ENOMEM, "out of memory reading the enterprises");
    char d[11];
    fg_date_format(day, d);
    rc = fg_db_query(db, &st, err, SQL_ENTERPRISES, "tddd", d, (int)county, limit, offset);
    size_t n = 0;
    while (rc == 0 && (rc = fg_db_step(db, st, err)) == 1 && n < (size_t)limit) {
        fg_monitor_enterprise *e = &items[n++];
        fg_strlcpy(e->uscc, fg_db_text(db, st, 0), sizeof(e->uscc));
        fg_strlcpy(e->name, fg_db_text(db, st, 1), sizeof(e->name));
        fg_strlcpy(e->industry, fg_db_text(db, st, 2), sizeof(e->industry));
        e->categories = (unsigned)fg_db_int(db, st, 3);
        fg_strlcpy(e->status, fg_db_text(db, st, 4), sizeof(e->status));
        e->capacity_pct = (int)fg_db_int(db, st, 5);
        e->staff_pct = (int)fg_db_int(db, st, 6);
        e->late = fg_db_int(db, st, 7) != 0;
        rc = 0;
    }
    if (rc == 0 || rc == 1)
        fg_db_done(db, st);
    if (rc < 0) {
        free(items);
        return rc;
    }
    *out = items;
    *out_n = n;
    return 0;
}

/* ---- electricity ---- */

static const char SQL_POWER_ENTERPRISE[] = "SELECT region FROM enterprises WHERE uscc = ?";
static const char SQL_POWER_UPLOAD[] =
    "INSERT INTO electricity_uploads (id, region, file_lines, first_day, last_day, uploaded_by, "
    "uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char SQL_POWER_READING[] =
    "INSERT INTO electricity_readings (enterprise, day, wh, upload) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (enterprise, day) DO UPDATE SET wh = excluded.wh, upload = excluded.upload";
static const char SQL_POWER_BASELINE[] =
    "INSERT INTO electricity_baselines (enterprise, wh, upload) VALUES (?, ?, ?) "
    "ON CONFLICT (enterprise) DO UPDATE SET wh = excluded.wh, upload = excluded.upload";
static const char SQL_POWER_DAY[] =
    "SELECT r.enterprise, e.name, e.region, r.wh, COALESCE(b.wh, -1), COALESCE(d.status, ''), "
    "COALESCE(d.capacity_pct, -1) FROM electricity_readings r "
    "JOIN enterprises e ON e.uscc = r.enterprise "
    "LEFT JOIN electricity_baselines b ON b.enterprise = r.enterprise "
    "LEFT JOIN daily_reports d ON d.enterprise = r.enterprise AND d.day = r.day "
    "AND d.is_current = 1 WHERE r.day = ? AND e.region BETWEEN ? AND ? "
    "ORDER BY e.region, r.enterprise";
static const char SQL_POWER_COUNTS[] =
    "SELECT (SELECT COUNT(*) FROM electricity_readings r JOIN enterprises e ON e.uscc = "
    "r.enterprise WHERE r.day = ? AND e.region BETWEEN ? AND ?), (SELECT COUNT(*) FROM "
    "electricity_baselines b JOIN enterprises e ON e.uscc = b.enterprise WHERE e.region BETWEEN "
    "? AND ?)";

int fg_store_power_enterprise(fg_db *db, const char *uscc, int32_t *out_region, bool *out_found,
                              fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_POWER_ENTERPRISE, "t", uscc);
    if (rc < 0)
        return rc;
    *out_found = rc == 1;
    *out_region = rc == 1 ? (int32_t)fg_db_int(db, st, 0) : -1;
    fg_db_done(db, st);
    return 0;
}

int fg_store_power_put(fg_tx *tx, int32_t region, const fg_power_row *rows, size_t n,
                       char out_id[37], fg_err *err)
{
    int32_t first = 0, last = 0;
    size_t baselines = 0;
    for (size_t i = 0; i < n; i++) {
        if (first == 0 || rows[i].day < first)
            first = rows[i].day;
        if (rows[i].day > last)
            last = rows[i].day;
        baselines += rows[i].baseline_wh > 0;
    }
    char f[11], l[11];
    fg_date_format(first, f);
    fg_date_format(last, l);
    fg_clock_uuid(out_id);
    int rc = fg_db_run(tx->db, err, SQL_POWER_UPLOAD, "tdittti", out_id, (int)region, (int64_t)n, f,
                       l, tx->actor, tx->now_ms);
    for (size_t i = 0; i < n && rc == 0; i++) {
        char d[11];
        fg_date_format(rows[i].day, d);
        rc = fg_db_run(tx->db, err, SQL_POWER_READING, "ttit", rows[i].uscc, d, rows[i].wh, out_id);
        if (rc == 0 && rows[i].baseline_wh > 0)
            rc = fg_db_run(tx->db, err, SQL_POWER_BASELINE, "tit", rows[i].uscc,
                           rows[i].baseline_wh, out_id);
    }
    if (rc)
        return rc;
    json_t *d = json_pack("{s:I,s:I,s:s,s:s}", "readings", (json_int_t)n, "baselines",
                          (json_int_t)baselines, "first_day", f, "last_day", l);
    rc = fg_tx_audit(tx, "electricity.upload", "electricity_upload", out_id, region, d, err);
    json_decref(d);
    return rc;
}

int fg_store_power_day(fg_db *db, int32_t region, int32_t day, fg_power_reading **out,
                       size_t *out_n, fg_err *err)
{
    *out = NULL;
    *out_n = 0;
    size_t cap = 0;
    int32_t lo, hi;
    fg_region_range(region, &lo, &hi);
    char d[11];
    fg_date_format(day, d);
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_POWER_DAY, "tdd", d, (int)lo, (int)hi);
    while (rc == 0 && (rc = fg_db_step(db, st, err)) == 1) {
        rc = 0;
        if (*out_n == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            fg_power_reading *p = realloc(*out, ncap * sizeof(*p));
            if (!p) {
                rc = fg_err_set(err, FG_ENOMEM, "out of memory reading electricity");
                break;
            }
            *out = p;
            cap = ncap;
        }
        fg_power_reading *x = &(*out)[(*out_n)++];
        memset(x, 0, sizeof(*x));
        fg_strlcpy(x->uscc, fg_db_text(db, st, 0), sizeof(x->uscc));
        fg_strlcpy(x->name, fg_db_text(db, st, 1), sizeof(x->name));
        x->region = (int32_t)fg_db_int(db, st, 2);
        x->wh = fg_db_int(db, st, 3);
        x->baseline_wh = fg_db_int(db, st, 4);
        fg_strlcpy(x->status, fg_db_text(db, st, 5), sizeof(x->status));
        x->capacity_pct = (int)fg_db_int(db, st, 6);
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

int fg_store_power_counts(fg_db *db, int32_t region, int32_t day, int64_t *out_readings,
                          int64_t *out_baselines, fg_err *err)
{
    int32_t lo, hi;
    fg_region_range(region, &lo, &hi);
    char d[11];
    fg_date_format(day, d);
    fg_stmt *st;
    int rc =
        fg_db_row(db, &st, err, SQL_POWER_COUNTS, "tdddd", d, (int)lo, (int)hi, (int)lo, (int)hi);
    if (rc < 0)
        return rc;
    *out_readings = rc == 1 ? fg_db_int(db, st, 0) : 0;
    *out_baselines = rc == 1 ? fg_db_int(db, st, 1) : 0;
    fg_db_done(db, st);
    return 0;
}
