/* The alerts of daily monitoring: what a run of daily figures says needs
 * someone's attention. A white-list enterprise under half its capacity or
 * staff for three days running is "listed but not running"; a region whose
 * resumption rate fell three days running is "falling". Missing reports and
 * electricity disagreements are decided where those are (core/report.h,
 * core/monitor.h). Pure: the figures are passed in, oldest day first. */
#ifndef FG_CORE_ALERT_H
#define FG_CORE_ALERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FG_ALERT_NOT_RUNNING_PCT 50 /* under this capacity or staff % ... */
#define FG_ALERT_STREAK 3           /* ... for this many days running */

typedef enum {
    FG_ALERT_NOT_RUNNING = 0, /* a white-list enterprise listed but not running */
    FG_ALERT_FALLING,         /* a region's resumption rate falling */
    FG_ALERT_MISSING,         /* reports missing past their deadline */
    FG_ALERT_ELECTRICITY,     /* electricity and self-report disagree */
    FG_ALERT_KIND_COUNT
} fg_alert_kind;

/* Names as in the API ("not_running", "falling", "missing", "electricity"); static. */
const char *fg_alert_kind_name(fg_alert_kind k);

/* One enterprise's report on one day. `reported` false: no report that day. */
typedef struct fg_alert_day {
    bool reported;
    int capacity_pct, staff_pct;
} fg_alert_day;

/* How many days, counted back from the last one, the enterprise reported
 * figures under `pct` in capacity or in staff; a day without a report ends
 * the run (nobody knows it was not running). */
int fg_alert_under_run(const fg_alert_day *days, size_t n, int pct);
/* Listed but not running: a run of at least `streak` days under `pct`. */
bool fg_alert_not_running(const fg_alert_day *days, size_t n, int pct, int streak);

/* One region's figures on one day: `resumed` of `denominator` enterprises
 * (the denominator 0: nothing to say that day). */
typedef struct fg_alert_rate { /* counts under 2^31 */
    int64_t resumed, denominator;
} fg_alert_rate;

/* How many days, counted back from the last one, the rate was strictly lower
 * than the day before (compared exactly, as fractions); a day with no
 * denominator ends the run. */
int fg_alert_fall_run(const fg_alert_rate *days, size_t n);
/* Falling: the rate fell on each of the last `streak` days. */
bool fg_alert_falling(const fg_alert_rate *days, size_t n, int streak);

#endif
