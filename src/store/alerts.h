/* What the alerts of daily monitoring read (app/alerts.c; the decisions are
 * core/alert.h's): the recent reports of white-list enterprises, and the
 * problems the "listed but not running" alert opened. */
#ifndef FG_STORE_ALERTS_H
#define FG_STORE_ALERTS_H

#include <jansson.h>
#include <stdint.h>

#include "../util/err.h"
#include "db.h"

/* One current report of a white-list enterprise. */
typedef struct fg_alert_report {
    char uscc[19];
    int32_t county; /* the enterprise's county now */
    int32_t day;    /* YYYYMMDD */
    int capacity_pct, staff_pct;
} fg_alert_report;

/* The current reports of days from..to (YYYYMMDD) of the enterprises on a
 * white list (whitelist_members), by enterprise then day (new array,
 * free(); *out_n rows). An enterprise listed but without a report in the
 * window has no row. */
int fg_store_alert_listed_reports(fg_db *db, int32_t from, int32_t to, fg_alert_report **out,
                                  size_t *out_n, fg_err *err);

/* The problems of kind `kind` not closed in counties lo..hi, newest first, at
 * most `limit` (JSON objects: id, state, enterprise, name, county, raised_at,
 * what; raised_at RFC 3339) and how many there are. */
int fg_store_alert_problems(fg_db *db, const char *kind, int32_t lo, int32_t hi, int limit,
                            json_t **out_items, int64_t *out_total, fg_err *err);

#endif
