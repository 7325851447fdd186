/* The daily report (issue 13, part "reports"): what an enterprise says of one
 * day — status, capacity utilisation, staff arrival, staff in the closed loop,
 * problems by kind — its validation, when it is due, whether it came late, and
 * what one report contributes to the aggregates. Pure: times and dates are
 * parameters.
 *
 * The report of day D is due at `due_hour` o'clock of day D + 1 in the
 * deployment's zone. A day's report is late when its first version came after
 * that; corrections (later versions) keep the first version's lateness. */
#ifndef FG_CORE_REPORT_H
#define FG_CORE_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"
#include "enterprise.h"
#include "uscc.h"

/* Problem kinds, as bits of fg_report.problems (and of daily_reports.problems). */
enum {
    FG_PROBLEM_PARTS = 1u << 0,
    FG_PROBLEM_LOGISTICS = 1u << 1,
    FG_PROBLEM_STAFF = 1u << 2,
    FG_PROBLEM_CASH = 1u << 3,
    FG_PROBLEM_ENERGY = 1u << 4,
    FG_PROBLEM_LOCAL_RULES = 1u << 5,
    FG_PROBLEM_KINDS = 6,
    FG_PROBLEM_ALL = (1u << 6) - 1,
};

typedef enum { FG_REPORT_FORM = 0, FG_REPORT_BATCH, FG_REPORT_UPLOAD } fg_report_source;

#define FG_REPORT_NOTE_MAX 500 /* characters */
#define FG_REPORT_DUE_HOUR 10  /* default: 10:00 of the next day */
#define FG_REPORT_BACK_DAYS 31 /* how far back a day may still be reported or corrected */

typedef struct fg_report {
    char enterprise[FG_USCC_LEN + 1];
    int32_t day; /* YYYYMMDD in the deployment's zone */
    fg_status status;
    int capacity_pct;                      /* 0..100: output as a share of normal */
    int staff_pct;                         /* 0..100: staff at work as a share of normal */
    int64_t closed_loop;                   /* staff living in the closed loop (闭环), >= 0 */
    unsigned problems;                     /* FG_PROBLEM_* */
    char note[FG_REPORT_NOTE_MAX * 4 + 1]; /* UTF-8 */
    fg_report_source source;
} fg_report;

typedef struct fg_report_limits {
    int due_hour;  /* 0..23: the hour of the next day the report is due (default 10) */
    int back_days; /* oldest day accepted: today − back_days (default 31) */
} fg_report_limits;

void fg_report_limits_default(fg_report_limits *out);
/* Checks the limits (due_hour 0..23, back_days 1..366). */
int fg_report_limits_check(const fg_report_limits *l, fg_err *err);

const char *fg_report_source_name(fg_report_source s);
int fg_report_source_parse(const char *s, fg_report_source *out, fg_err *err);
/* The API name of problem kind bit index 0..5 ("parts", "logistics", "staff",
 * "cash", "energy", "local_rules"), NULL past the end. */
const char *fg_problem_name(unsigned bit);
/* The words of kind bit index 0..5 (Chinese and English), borrowed. */
const fg_word *fg_problem_word(unsigned bit);
/* One kind by API name, or by its Chinese or English word. */
int fg_problem_parse_one(const char *s, unsigned *out_flag, fg_err *err);
/* "parts|cash" (also ',', ';', '、' or ' ' separated; empty: none) into bits. */
int fg_problem_parse(const char *s, unsigned *out, fg_err *err);

/* Checks one report: the USCC, the day (a date, not after `today`, not before
 * today − back_days), the ranges, the note's length, and that the figures
 * agree with the status:
 *   stopped   ⇒ capacity 0 (staff may be on site for upkeep)
 *   operating ⇒ capacity > 0 and staff > 0
 *   limited   ⇒ capacity > 0 and capacity < 100
 * Problems are bits of FG_PROBLEM_ALL. FG_EINVAL naming the field. */
int fg_report_validate(const fg_report *r, int32_t today, const fg_report_limits *l, fg_err *err);

/* When the report of `day` is due (Unix ms): due_hour of the next day in a
 * zone `offset_min` minutes east of UTC. */
int64_t fg_report_due_ms(int32_t day, int offset_min, const fg_report_limits *l);
/* Whether a day's report is late: with a first version already in, its
 * lateness (`first_late`); otherwise whether `at` is after the due time. */
bool fg_report_late(bool have_first, bool first_late, int64_t at, int64_t due_ms);
/* The day a form is for by default: yesterday until yesterday's report is
 * due (before due_hour today), today after. `local_hour` is the hour now in
 * the deployment's zone. */
int32_t fg_report_default_day(int32_t today, int local_hour, const fg_report_limits *l);

/* The columns of report files (the upload template, CSV and XLSX): headers
 * in Chinese, English or the API name; the name column is for people and
 * not read. */
enum {
    FG_RCOL_USCC = 0,
    FG_RCOL_NAME,
    FG_RCOL_DAY,
    FG_RCOL_STATUS,
    FG_RCOL_CAPACITY,
    FG_RCOL_STAFF,
    FG_RCOL_CLOSED_LOOP,
    FG_RCOL_PROBLEMS,
    FG_RCOL_NOTE,
    FG_RCOL_COUNT
};
extern const fg_word fg_report_columns[FG_RCOL_COUNT];

/* Reads a header row: map[c] is the field index of column c, or -1.
 * FG_EINVAL naming an unknown header, a repeated one, or a required column
 * missing (all but name, closed loop, problems and note). */
int fg_report_header(const char *const *fields, size_t n, int map[FG_RCOL_COUNT], fg_err *err);
/* Reads one data row into r (source FG_REPORT_UPLOAD; the caller validates).
 * Status as a name or word (正常/限产/停产); percentages as "85" or "85%";
 * problems as a list of kinds (core: fg_problem_parse). FG_EINVAL naming the
 * field. */
int fg_report_row_parse(const char *const *fields, size_t n, const int map[FG_RCOL_COUNT],
                        fg_report *r, fg_err *err);

/* What reports add up to (one aggregate row's figures). */
typedef struct fg_report_totals {
    int64_t n_reported, n_resumed, sum_capacity, sum_staff, sum_closed_loop;
    int64_t n_staff90, n_cap80, n_under30, n_late;
    int64_t problems[FG_PROBLEM_KINDS]; /* by bit index */
} fg_report_totals;

/* The definitions of the distribution (also in docs/operations.md). */
#define FG_REPORT_STAFF_HIGH 90 /* n_staff90: staff_pct >= 90 */
#define FG_REPORT_CAP_HIGH 80   /* n_cap80: capacity_pct >= 80 */
#define FG_REPORT_LOW 30        /* n_under30: capacity_pct < 30 or staff_pct < 30 */

/* Whether the report counts as resumed: status operating or limited. */
bool fg_report_resumed(const fg_report *r);
/* The contribution of one current report (late: its lateness). */
void fg_report_contribution(const fg_report *r, bool late, fg_report_totals *out);
/* acc += sign * d (sign +1 or −1). */
void fg_report_totals_add(fg_report_totals *acc, const fg_report_totals *d, int sign);
bool fg_report_totals_zero(const fg_report_totals *t);

#endif
