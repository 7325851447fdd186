/* Alerts of daily monitoring: runs of days counted back from the last. */
#include "alert.h"

static const char *const kind_names[FG_ALERT_KIND_COUNT] = {
    [FG_ALERT_NOT_RUNNING] = "not_running",
    [FG_ALERT_FALLING] = "falling",
    [FG_ALERT_MISSING] = "missing",
    [FG_ALERT_ELECTRICITY] = "electricity",
};

const char *fg_alert_kind_name(fg_alert_kind k)
{
    return (unsigned)k < FG_ALERT_KIND_COUNT ? kind_names[k] : "";
}

int fg_alert_under_run(const fg_alert_day *days, size_t n, int pct)
{
    int run = 0;
    for (size_t i = n; i-- > 0;) {
        const fg_alert_day *d = &days[i];
        if (!d->reported || (d->capacity_pct >= pct && d->staff_pct >= pct))
            break;
        run++;
    }
    return run;
}

bool fg_alert_not_running(const fg_alert_day *days, size_t n, int pct, int streak)
{
    return streak > 0 && fg_alert_under_run(days, n, pct) >= streak;
}

/* a/b < c/d for counts under 2^31 (enterprises) and positive denominators,
 * exactly: the products fit in 63 bits. */
static bool rate_below(const fg_alert_rate *x, const fg_alert_rate *y)
{
    return x->resumed * y->denominator < y->resumed * x->denominator;
}

int fg_alert_fall_run(const fg_alert_rate *days, size_t n)
{
    int run = 0;
    for (size_t i = n; i-- > 1;) {
        const fg_alert_rate *today = &days[i], *before = &days[i - 1];
        if (today->denominator <= 0 || before->denominator <= 0 || !rate_below(today, before))
            break;
        run++;
    }
    return run;
}

bool fg_alert_falling(const fg_alert_rate *days, size_t n, int streak)
{
    return streak > 0 && fg_alert_fall_run(days, n) >= streak;
}
