/* Daily reports as stored (issue 13, part "reports"; schema in migration
 * 014_daily_reports.sql): every version of an enterprise's report of a day,
 * the incremental aggregates over the current versions (per day × county ×
 * division × categories, and per day × white-list group × county), and the
 * enterprise counts that are their denominators.
 *
 * Writing a version subtracts the old current version's contribution from the
 * aggregates and adds the new one's, in the caller's transaction; what a
 * report contributes is core/report.h's decision (fg_report_contribution).
 * The store writes no audit entry for reports: the caller (app/reports.c)
 * does, one per form submission and one per batch or upload. */
#ifndef FG_STORE_REPORTS_H
#define FG_STORE_REPORTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../core/report.h"
#include "../util/err.h"
#include "db.h"
#include "tx.h"

/* A version as stored. */
typedef struct fg_report_row {
    fg_report r;
    char id[37];
    int version;      /* 1, 2, ... */
    bool current;     /* the version in force */
    bool late;        /* the day's first version came after the due time */
    int32_t county;   /* the enterprise's county, division and categories */
    char division[3]; /* when this version was stored */
    unsigned categories;
    char reported_by[65];
    int64_t reported_at;
} fg_report_row;

/* The current version of (uscc, day); FG_ENOTFOUND when none. */
int fg_store_report_current(fg_db *db, const char *uscc, int32_t day, fg_report_row *out,
                            fg_err *err);
/* The newest current version of a day before `day` (yesterday, or the last
 * day reported before): what a form is pre-filled from. FG_ENOTFOUND when none. */
int fg_store_report_before(fg_db *db, const char *uscc, int32_t day, fg_report_row *out,
                           fg_err *err);
/* Every version of (uscc, day), oldest first (new array, free()). */
int fg_store_report_versions(fg_db *db, const char *uscc, int32_t day, fg_report_row **out,
                             size_t *out_n, fg_err *err);
/* The current versions of days from..to (YYYYMMDD, inclusive), newest day
 * first, at most `limit` (new array, free()). */
int fg_store_report_history(fg_db *db, const char *uscc, int32_t from, int32_t to, int limit,
                            fg_report_row **out, size_t *out_n, fg_err *err);

/* Ingest: writes report versions inside the caller's transaction, keeping
 * the aggregate deltas in memory and applying them at fg_report_ingest_end
 * (one upsert per aggregate row touched). Reports of the same (enterprise,
 * day) later in the same ingest are corrections of the earlier ones. */
typedef struct fg_report_ingest fg_report_ingest;

int fg_report_ingest_begin(fg_tx *tx, fg_report_ingest **out, fg_err *err);
/* Stores r as the next version of (r->enterprise, r->day) by tx's actor at
 * tx's time; `due_ms` is the day's due time (core: fg_report_due_ms). With
 * `out`, the stored row; with `prev`, the version it replaces (prev->version
 * is 0 when this is the first). FG_ENOTFOUND (field "enterprise") when the
 * enterprise is not registered. */
int fg_report_ingest_add(fg_report_ingest *ing, const fg_report *r, int64_t due_ms,
                         fg_report_row *out, fg_report_row *prev, fg_err *err);
/* Applies the aggregate deltas and frees the ingest (also on error: the
 * caller's transaction then rolls back). Pass the rc so far; returns it or
 * the flush's error. */
int fg_report_ingest_end(fg_report_ingest *ing, int rc, fg_err *err);

/* One report in one call: begin, add, end. */
int fg_store_report_put(fg_tx *tx, const fg_report *r, int64_t due_ms, fg_report_row *out,
                        fg_report_row *prev, fg_err *err);

/* Who has not reported `day`: enterprises registered in counties lo..hi
 * with no current version of that day, by region then name, a page of them
 * (JSON objects: uscc, name, region, industry, categories, whitelist,
 * contacts — the accounts of the enterprise: username and display name) and
 * the total. Probes daily_reports_current once per enterprise of the region
 * (enterprises_region index). */
int fg_store_reports_missing(fg_db *db, int32_t lo, int32_t hi, int32_t day, int limit, int offset,
                             json_t **out_items, int64_t *out_total, fg_err *err);
/* Per county in lo..hi: enterprises registered and how many have not
 * reported `day` (JSON array of {county, enterprises, missing}). */
int fg_store_reports_missing_by_county(fg_db *db, int32_t lo, int32_t hi, int32_t day, json_t **out,
                                       fg_err *err);

/* Denominators: adds `delta` to the count of enterprises of (county,
 * division, categories). Called by the enterprise store inside the
 * transaction that creates, moves or imports an enterprise. */
int fg_store_enterprise_count_add(fg_db *db, int32_t county, const char *division,
                                  unsigned categories, int64_t delta, fg_err *err);
/* The same for many at once (an import): deltas[0..n) sorted by county,
 * division, categories, each key once. On an engine with COPY the deltas go
 * in one COPY and two statements, not two round trips each (issue 17). */
typedef struct fg_count_delta {
    int32_t county;
    char division[3];
    unsigned categories;
    int64_t n;
} fg_count_delta;
int fg_store_enterprise_counts_add(fg_db *db, const fg_count_delta *deltas, size_t n, fg_err *err);

#endif
