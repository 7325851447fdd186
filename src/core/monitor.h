/* Monitoring of work resumption (issue 13, part "monitor"): the rates, the
 * distribution shares and the reporting compliance computed from the sums
 * that the incremental aggregates keep for a group of enterprises on a day,
 * and the electricity cross-check (a reading against the enterprise's
 * baseline, and where that and the self-report disagree). Rolling groups up
 * (county -> city -> province -> nation) is adding their sums, which the
 * store does by GROUP BY over the aggregate rows; nothing here reads reports.
 * Pure. */
#ifndef FG_CORE_MONITOR_H
#define FG_CORE_MONITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"

/* One group's figures on one day, as sums over its enterprises (the
 * columns of store/reports.h's aggregate rows; the thresholds are
 * core/report.h's). Invariants: resumed, staff_ge90, capacity_ge80, under30,
 * late <= reported; the % sums
 * are at most 100 x reported. */
typedef struct fg_monitor_sums {
    int64_t enterprises;      /* registered enterprises (the first denominator) */
    int64_t reported;         /* enterprises whose report for the day is in */
    int64_t resumed;          /* reporters whose report says they are working */
    int64_t staff_pct_sum;    /* sum of the reporters' staff arrival % */
    int64_t capacity_pct_sum; /* sum of the reporters' capacity utilisation % */
    int64_t staff_ge90;       /* reporters with staff arrival >= 90 % */
    int64_t capacity_ge80;    /* reporters with capacity utilisation >= 80 % */
    int64_t under30;          /* reporters with capacity or staff under 30 % */
    int64_t late;             /* reporters whose report came after the due time */
} fg_monitor_sums;

/* A rate with its numerator and denominator; `known` is false (and value 0)
 * when the denominator is 0: no figure, rather than a made-up 0 %. The
 * numerator of a mean of percentages is the sum of the percentages and its
 * denominator 100 x the count, so value = num / den in [0, 1]. */
typedef struct fg_monitor_rate {
    int64_t num, den;
    double value;
    bool known;
} fg_monitor_rate;

/* The figures of a group: the work-resumption rate over both denominators
 * (the registered enterprises, which counts a missing report as not
 * resumed, and the reporters), the staff return rate and the capacity
 * utilisation (means over the reporters), the distribution shares (over the
 * reporters) and the reporting compliance (reporters, and those on time, over
 * the registered enterprises). */
typedef struct fg_monitor_figures {
    fg_monitor_rate resumption_registered;
    fg_monitor_rate resumption_reported;
    fg_monitor_rate staff_return;
    fg_monitor_rate capacity_utilisation;
    fg_monitor_rate staff_ge90;
    fg_monitor_rate capacity_ge80;
    fg_monitor_rate under30;
    fg_monitor_rate compliance; /* reported / registered */
    fg_monitor_rate on_time;    /* reported by the due time / registered */
} fg_monitor_figures;

/* Adds b's sums to a (rolling groups up). */
void fg_monitor_sums_add(fg_monitor_sums *a, const fg_monitor_sums *b);
/* A rate num / den (unknown when den <= 0). */
fg_monitor_rate fg_monitor_rate_of(int64_t num, int64_t den);
/* The figures of `s`. FG_EINVAL (key monitor.inconsistent) when the sums break
 * their invariants (a count above its denominator, a negative sum). */
int fg_monitor_figures_of(const fg_monitor_sums *s, fg_monitor_figures *out, fg_err *err);

/* Orders idx[0..n) so that the groups with the lowest work-resumption rate
 * over the registered enterprises come first (groups without a figure last;
 * ties by more enterprises first, then by index): the "lowest regions" of a
 * bulletin. */
void fg_monitor_rank_lowest(const fg_monitor_sums *groups, size_t *idx, size_t n);

/* ---- the electricity cross-check ---- */

#define FG_MONITOR_POWER_SHARE_DEFAULT 30 /* % of the baseline */

typedef enum {
    FG_POWER_NO_BASELINE = 0, /* the enterprise has no baseline: no verdict */
    FG_POWER_RESUMED,         /* consumption above the share of the baseline */
    FG_POWER_NOT_RESUMED,     /* at or below it */
} fg_power_verdict;

typedef enum {
    FG_POWER_AGREE = 0,
    FG_POWER_CLAIMS_RESUMED, /* reported working, consumption says not (the inflated report) */
    FG_POWER_CLAIMS_STOPPED, /* reported not working, consumption says working */
} fg_power_disagreement;

/* Whether `wh` (a day's consumption) exceeds share_pct % of baseline_wh;
 * FG_POWER_NO_BASELINE when baseline_wh <= 0. */
fg_power_verdict fg_monitor_power_verdict(int64_t wh, int64_t baseline_wh, int share_pct);
/* How the self-report (working or not) and the verdict disagree. */
fg_power_disagreement fg_monitor_power_compare(bool reported_resumed, fg_power_verdict v);
/* Names as in the API: "no_baseline", "resumed", "not_resumed"; "agree",
 * "claims_resumed", "claims_stopped". Static. */
const char *fg_power_verdict_name(fg_power_verdict v);
const char *fg_power_disagreement_name(fg_power_disagreement d);

/* One line of a grid company's file. */
typedef struct fg_power_row {
    char uscc[19];
    int32_t day;         /* YYYYMMDD */
    int64_t wh;          /* kWh x 1000 */
    int64_t baseline_wh; /* -1 when the line gives none */
} fg_power_row;

/* The columns of the file: uscc, day, kwh, and the optional baseline_kwh
 * (header names in English or Chinese: 统一社会信用代码, 日期, 用电量,
 * 基准用电量). */
enum {
    FG_POWER_COL_USCC = 0,
    FG_POWER_COL_DAY,
    FG_POWER_COL_KWH,
    FG_POWER_COL_BASELINE,
    FG_POWER_COL_COUNT
};
/* Reads the header fields[0..n): map[c] becomes the field index of column c,
 * -1 for the optional baseline when absent. FG_EINVAL (monitor.power_column)
 * naming a missing column. */
int fg_monitor_power_header(const char *const *fields, size_t n, int map[FG_POWER_COL_COUNT],
                            fg_err *err);
/* Reads one line: a valid USCC, a date YYYY-MM-DD, kWh as a decimal with at
 * most 3 decimals from 0 to 10^9, the baseline (if the column is there and
 * the cell is not empty) above 0. FG_EINVAL with the field and a key. */
int fg_monitor_power_row_parse(const char *const *fields, size_t n,
                               const int map[FG_POWER_COL_COUNT], fg_power_row *out, fg_err *err);
/* Parses a non-negative decimal kWh ("1234.5") into Wh; FG_EINVAL when it
 * is not one, has more than 3 decimals or exceeds 10^9 kWh. */
int fg_monitor_kwh_parse(const char *s, int64_t *out_wh);

#endif
