/* Monitoring of work resumption as stored (issue 13, part "monitor"): reads
 * of the incremental daily aggregates that store/reports.h keeps (rolled up
 * from counties to cities, provinces and the nation by GROUP BY over the
 * aggregate rows, never over the reports), and the electricity readings and
 * baselines of migration 016 with their one write. What the figures mean,
 * and whether consumption says an enterprise is working, are
 * core/monitor.h's. */
#ifndef FG_STORE_MONITOR_H
#define FG_STORE_MONITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/monitor.h"
#include "../util/err.h"
#include "db.h"
#include "tx.h"

/* ---- the aggregates ---- */

/* How the sums are grouped. */
typedef enum {
    FG_MONITOR_BY_NONE = 0,   /* the region as a whole */
    FG_MONITOR_BY_CHILD,      /* the region's children (provinces, cities, counties) */
    FG_MONITOR_BY_DIVISION,   /* GB/T 4754 division (key: its code) */
    FG_MONITOR_BY_CATEGORIES, /* category flags as stored (key: the FG_CAT_* mask) */
    FG_MONITOR_BY_CHAIN,      /* white-list chain (key: the chain) */
    FG_MONITOR_BY_LIST,       /* white list (key: whitelist_lists.id) */
} fg_monitor_by;

/* One group's sums on one day (day 0 for a denominator). */
typedef struct fg_monitor_row {
    char key[40];
    char label[64]; /* white lists: "chain:tier:region" of the list; else "" */
    int32_t day;    /* YYYYMMDD */
    fg_monitor_sums s;
} fg_monitor_row;

/* A growable list of rows. */
typedef struct fg_monitor_rows {
    fg_monitor_row *items;
    size_t n, cap;
} fg_monitor_rows;

void fg_monitor_rows_release(fg_monitor_rows *r);

/* Appends to *out the sums of days from..to (YYYYMMDD) of the enterprises
 * inside `region` grouped `by` (children of a county: FG_EINVAL), by day then
 * key, read from the aggregate rows (`enterprises` left 0). */
int fg_store_monitor_sums(fg_db *db, int32_t region, int32_t from, int32_t to, fg_monitor_by by,
                          fg_monitor_rows *out, fg_err *err);
/* Appends to *out the registered enterprises inside `region` grouped `by`
 * (day 0; only `enterprises` set): the denominators, from the enterprise
 * counts, or for the white-list groups from the listings in force now. */
int fg_store_monitor_counts(fg_db *db, int32_t region, fg_monitor_by by, fg_monitor_rows *out,
                            fg_err *err);
/* The plain GROUP BY over the current report versions that the aggregates
 * must equal: as fg_store_monitor_sums with FG_MONITOR_BY_CHILD (for the
 * tests and the benchmark; scans the reports). */
int fg_store_monitor_sums_plain(fg_db *db, int32_t region, int32_t from, int32_t to,
                                fg_monitor_rows *out, fg_err *err);

/* An enterprise of a county with its current report of a day. */
typedef struct fg_monitor_enterprise {
    char uscc[19];
    char name[256];
    char industry[8];
    unsigned categories;
    char status[12];             /* "" when it has not reported */
    int capacity_pct, staff_pct; /* -1 when it has not reported */
    bool late;
} fg_monitor_enterprise;

/* The enterprises of `county` with their report of `day`, by name, at most
 * `limit` from `offset` (new array; free()), and how many there are. */
int fg_store_monitor_enterprises(fg_db *db, int32_t county, int32_t day, int limit, int offset,
                                 fg_monitor_enterprise **out, size_t *out_n, int64_t *out_total,
                                 fg_err *err);

/* ---- electricity ---- */

/* The county of enterprise `uscc` into *out_region and whether it is
 * registered (*out_found). */
int fg_store_power_enterprise(fg_db *db, const char *uscc, int32_t *out_region, bool *out_found,
                              fg_err *err);
/* Inside tx: records an upload of rows[0..n) (borrowed) by tx->actor with
 * jurisdiction `region` (the uploader's): each reading replaces the one of
 * the same enterprise and day, each baseline given replaces the
 * enterprise's; audited electricity.upload with the counts and the days.
 * out_id: the upload's id (37 bytes). */
int fg_store_power_put(fg_tx *tx, int32_t region, const fg_power_row *rows, size_t n,
                       char out_id[37], fg_err *err);

/* One enterprise's reading on a day, with what it is compared against. */
typedef struct fg_power_reading {
    char uscc[19];
    char name[256];
    int32_t region;      /* the enterprise's county */
    int64_t wh;          /* the day's consumption */
    int64_t baseline_wh; /* -1: none */
    char status[12];     /* its current report's status for the day, "" when none */
    int capacity_pct;    /* that report's capacity utilisation, -1 when none */
} fg_power_reading;

/* The readings of `day` (YYYYMMDD) of the enterprises inside `region`, with
 * their baselines and self-reports, by county then USCC (new array; free()). */
int fg_store_power_day(fg_db *db, int32_t region, int32_t day, fg_power_reading **out,
                       size_t *out_n, fg_err *err);
/* How many readings and baselines are stored for enterprises inside region
 * on `day`. */
int fg_store_power_counts(fg_db *db, int32_t region, int32_t day, int64_t *out_readings,
                          int64_t *out_baselines, fg_err *err);

#endif
