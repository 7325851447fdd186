/* The alerts of daily monitoring (issue 13): "listed but not running" opens
 * a problem for the county (the sweep), and what an official must see now —
 * those problems, regions whose resumption rate is falling, reports missing
 * past their deadline, electricity disagreeing with self-reports. The
 * decisions are core/alert.h's and core/monitor.h's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/alert.h"
#include "../core/date.h"
#include "../core/region.h"
#include "app.h"

#define ALERT_WINDOW 30                  /* days looked back for a run */
#define ALERT_RESWEEP_MS (3600LL * 1000) /* late reports are picked up within */
#define ALERT_FALLING_SHOWN 50
#define ALERT_PROBLEMS_SHOWN 20
#define ALERT_KIND_NOT_RUNNING "not_running" /* the problem kind (migration 017) */

static int32_t day_add(int32_t day, int n)
{
    return fg_date_from_days(fg_date_days(day) + n);
}

int32_t fg_app_alert_day(const fg_app *app, int64_t now)
{
    return day_add(fg_app_report_default_day(app, now), -1);
}

/* One enterprise's reports (rows[0..n), days ascending, all ≤ last) as the
 * days last − ALERT_WINDOW + 1 .. its last reported day, with gaps where it
 * did not report: *out_n days, the first on *out_first. */
static void days_of(const fg_alert_report *rows, size_t n, int32_t last,
                    fg_alert_day days[ALERT_WINDOW], size_t *out_n, int64_t *out_first)
{
    memset(days, 0, ALERT_WINDOW * sizeof(days[0]));
    int64_t first = fg_date_days(last) - (ALERT_WINDOW - 1);
    size_t end = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t k = fg_date_days(rows[i].day) - first;
        if (k < 0 || k >= ALERT_WINDOW)
            continue;
        days[k] = (fg_alert_day){true, rows[i].capacity_pct, rows[i].staff_pct};
        if ((size_t)k + 1 > end)
            end = (size_t)k + 1;
    }
    *out_n = end;
    *out_first = first;
}

static int open_not_running(fg_app *app, fg_db *db, const fg_alert_report *last, int run,
                            int32_t start, int64_t now, size_t *out_opened, fg_err *err)
{
    char key[80], from[11], what[240];
    fg_date_format(start, from);
    snprintf(key, sizeof(key), "not_running:%s:%s", last->uscc, from);
    snprintf(what, sizeof(what),
             "白名单企业自%s起连续%d天产能或到岗率低于%d%%（最近一天：产能%d%%，到岗%d%%）", from,
             run, FG_ALERT_NOT_RUNNING_PCT, last->capacity_pct, last->staff_pct);
    fg_problem_alert_in in = {key, ALERT_KIND_NOT_RUNNING, last->uscc, last->county, what};
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now, "system", err);
    if (rc)
        return rc;
    char id[37];
    bool opened = false;
    rc = fg_app_problem_open_by_alert(app, &tx, &in, id, &opened, err);
    if (rc == 0 && !opened) {
        fg_tx_rollback(&tx);
        return 0;
    }
    rc = fg_tx_end(&tx, rc, err);
    if (rc == 0)
        (*out_opened)++;
    return rc;
}

int fg_app_alerts_sweep(fg_app *app, fg_db *db, int64_t now, size_t *out_opened, fg_err *err)
{
    *out_opened = 0;
    int32_t last = fg_app_alert_day(app, now);
    if (last == app->alerts_day && now - app->alerts_at < ALERT_RESWEEP_MS)
        return 0;
    fg_alert_report *rows;
    size_t n;
    int rc =
        fg_store_alert_listed_reports(db, day_add(last, 1 - ALERT_WINDOW), last, &rows, &n, err);
    for (size_t i = 0; rc == 0 && i < n;) {
        size_t j = i;
        while (j < n && strcmp(rows[j].uscc, rows[i].uscc) == 0)
            j++;
        fg_alert_day days[ALERT_WINDOW];
        size_t nd;
        int64_t first;
        days_of(&rows[i], j - i, last, days, &nd, &first);
        int run = fg_alert_under_run(days, nd, FG_ALERT_NOT_RUNNING_PCT);
        /* The run counted back from the last reported day; one that fills
         * the window began before it, and its problem was opened when it was
         * FG_ALERT_STREAK days long (or it predates the sweep). */
        if (fg_alert_not_running(days, nd, FG_ALERT_NOT_RUNNING_PCT, FG_ALERT_STREAK) &&
            (size_t)run < ALERT_WINDOW)
            rc = open_not_running(app, db, &rows[j - 1], run,
                                  fg_date_from_days(first + (int64_t)nd - run), now, out_opened,
                                  err);
        i = j;
    }
    free(rows);
    if (rc == 0) {
        app->alerts_day = last;
        app->alerts_at = now;
    }
    return rc;
}

/* Appends to `list` every group of rows (by key; days from..to) whose
 * resumption rate over its reporters fell on each of the last
 * FG_ALERT_STREAK days. `self`: the region's own code for the key "". */
static void falling_of(const fg_monitor_rows *rows, int32_t from, const char *self, json_t *list)
{
    enum { NDAYS = FG_ALERT_STREAK + 1 };
    for (size_t i = 0; i < rows->n; i++) {
        const char *key = rows->items[i].key;
        bool seen = false;
        for (size_t k = 0; k < i && !seen; k++)
            seen = strcmp(rows->items[k].key, key) == 0;
        if (seen)
            continue;
        fg_alert_rate days[NDAYS] = {{0, 0}};
        for (size_t k = i; k < rows->n; k++) {
            const fg_monitor_row *r = &rows->items[k];
            int64_t d = fg_date_days(r->day) - fg_date_days(from);
            if (strcmp(r->key, key) == 0 && d >= 0 && d < NDAYS)
                days[d] = (fg_alert_rate){r->s.resumed, r->s.reported};
        }
        if (!fg_alert_falling(days, NDAYS, FG_ALERT_STREAK) ||
            json_array_size(list) >= ALERT_FALLING_SHOWN)
            continue;
        json_t *series = json_array();
        for (int d = 0; d < NDAYS; d++) {
            char day[11];
            fg_date_format(day_add(from, d), day);
            json_array_append_new(series, json_pack("{s:s,s:I,s:I}", "day", day, "resumed",
                                                    (json_int_t)days[d].resumed, "reported",
                                                    (json_int_t)days[d].denominator));
        }
        json_array_append_new(list,
                              json_pack("{s:s,s:o}", "region", *key ? key : self, "days", series));
    }
}

static int falling_json(fg_db *db, int32_t region, int32_t day, json_t **out, fg_err *err)
{
    int32_t from = day_add(day, -FG_ALERT_STREAK);
    char self[7];
    fg_region_format(region, self);
    fg_monitor_rows rows = {0};
    json_t *list = json_array();
    int rc = fg_store_monitor_sums(db, region, from, day, FG_MONITOR_BY_NONE, &rows, err);
    if (rc == 0)
        falling_of(&rows, from, self, list);
    fg_monitor_rows_release(&rows);
    memset(&rows, 0, sizeof(rows));
    if (rc == 0 && fg_region_level_of(region) != FG_LEVEL_COUNTY) {
        rc = fg_store_monitor_sums(db, region, from, day, FG_MONITOR_BY_CHILD, &rows, err);
        if (rc == 0)
            falling_of(&rows, from, self, list);
        fg_monitor_rows_release(&rows);
    }
    if (rc) {
        json_decref(list);
        return rc;
    }
    *out = list;
    return 0;
}

/* Reports missing past their deadline: for a county or a city, and for an
 * account that chases reports (report.missing); else null. */
static int missing_json(fg_db *db, const fg_who *who, int32_t region, int32_t day, json_t **out,
                        fg_err *err)
{
    *out = json_null();
    fg_target t = {region, NULL};
    fg_err ignored;
    fg_region_level level = fg_region_level_of(region);
    if ((level != FG_LEVEL_COUNTY && level != FG_LEVEL_CITY) ||
        fg_access_check(who->principal, FG_ACT_REPORT_MISSING, &t, &ignored) != 0)
        return 0;
    int32_t lo, hi;
    fg_region_range(region, &lo, &hi);
    json_t *counties;
    int rc = fg_store_reports_missing_by_county(db, lo, hi, day, &counties, err);
    if (rc)
        return rc;
    json_int_t missing = 0, enterprises = 0;
    size_t i;
    json_t *c;
    json_array_foreach(counties, i, c)
    {
        missing += json_integer_value(json_object_get(c, "missing"));
        enterprises += json_integer_value(json_object_get(c, "enterprises"));
    }
    json_decref(counties);
    json_decref(*out);
    *out = json_pack("{s:I,s:I}", "missing", missing, "enterprises", enterprises);
    return 0;
}

int fg_app_alerts(fg_app *app, fg_db *db, const fg_who *who, int32_t region, int64_t now,
                  json_t **out, fg_err *err)
{
    fg_target t = {region, NULL};
    int rc = fg_access_check(who->principal, FG_ACT_MONITOR_READ, &t, err);
    if (rc)
        return rc;
    int32_t day = fg_app_alert_day(app, now);
    int32_t lo, hi;
    fg_region_range(region, &lo, &hi);
    json_t *problems = NULL, *falling = NULL, *missing = NULL, *power = NULL;
    int64_t n_problems = 0;
    rc = fg_store_alert_problems(db, ALERT_KIND_NOT_RUNNING, lo, hi, ALERT_PROBLEMS_SHOWN,
                                 &problems, &n_problems, err);
    if (rc == 0)
        rc = falling_json(db, region, day, &falling, err);
    if (rc == 0)
        rc = missing_json(db, who, region, day, &missing, err);
    if (rc == 0)
        rc = fg_app_power_disagreements(app, db, who, region, day, FG_MONITOR_POWER_SHARE_DEFAULT,
                                        &power, err);
    if (rc) {
        json_decref(problems);
        json_decref(falling);
        json_decref(missing);
        return rc;
    }
    char d[11], code[7], due[25];
    fg_date_format(day, d);
    fg_region_format(region, code);
    fg_time_format(fg_app_report_due(app, day), due);
    json_t *pw = json_pack("{s:O,s:O,s:O}", "total", json_object_get(power, "total"),
                           "claims_resumed", json_object_get(power, "claims_resumed"),
                           "claims_stopped", json_object_get(power, "claims_stopped"));
    json_decref(power);
    *out = json_pack("{s:s,s:s,s:s,s:{s:I,s:o},s:o,s:o,s:o}", "region", code, "day", d, "due_at",
                     due, "not_running", "total", (json_int_t)n_problems, "items", problems,
                     "falling", falling, "missing", missing, "electricity", pw);
    return 0;
}
