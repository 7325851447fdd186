/* Rates, distribution shares and compliance from aggregate sums; the
 * electricity verdict and its disagreement with the self-report. */
#include "monitor.h"

#include <string.h>

#include "../util/buf.h"
#include "date.h"
#include "uscc.h"

void fg_monitor_sums_add(fg_monitor_sums *a, const fg_monitor_sums *b)
{
    a->enterprises += b->enterprises;
    a->reported += b->reported;
    a->resumed += b->resumed;
    a->staff_pct_sum += b->staff_pct_sum;
    a->capacity_pct_sum += b->capacity_pct_sum;
    a->staff_ge90 += b->staff_ge90;
    a->capacity_ge80 += b->capacity_ge80;
    a->under30 += b->under30;
    a->late += b->late;
}

fg_monitor_rate fg_monitor_rate_of(int64_t num, int64_t den)
{
    fg_monitor_rate r = {num, den, 0.0, den > 0};
    if (r.known)
        r.value = (double)num / (double)den;
    return r;
}

int fg_monitor_figures_of(const fg_monitor_sums *s, fg_monitor_figures *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    int64_t n = s->reported;
    if (s->enterprises < 0 || n < 0 || s->resumed < 0 || s->staff_pct_sum < 0 ||
        s->capacity_pct_sum < 0 || s->staff_ge90 < 0 || s->capacity_ge80 < 0 || s->under30 < 0 ||
        s->late < 0 || s->late > n || s->resumed > n || s->staff_ge90 > n || s->capacity_ge80 > n ||
        s->under30 > n || s->staff_pct_sum > 100 * n || s->capacity_pct_sum > 100 * n)
        return fg_err_at(err, FG_EINVAL, NULL, "monitor.inconsistent",
                         "the sums are inconsistent ({reported:%lld} reported, {resumed:%lld} "
                         "resumed)",
                         (long long)n, (long long)s->resumed);
    out->resumption_registered = fg_monitor_rate_of(s->resumed, s->enterprises);
    out->resumption_reported = fg_monitor_rate_of(s->resumed, n);
    out->staff_return = fg_monitor_rate_of(s->staff_pct_sum, 100 * n);
    out->capacity_utilisation = fg_monitor_rate_of(s->capacity_pct_sum, 100 * n);
    out->staff_ge90 = fg_monitor_rate_of(s->staff_ge90, n);
    out->capacity_ge80 = fg_monitor_rate_of(s->capacity_ge80, n);
    out->under30 = fg_monitor_rate_of(s->under30, n);
    out->compliance = fg_monitor_rate_of(n, s->enterprises);
    out->on_time = fg_monitor_rate_of(n - s->late, s->enterprises);
    return 0;
}

/* Whether group a comes before group b among the lowest. */
static bool lower(const fg_monitor_sums *g, size_t a, size_t b)
{
    bool ka = g[a].enterprises > 0, kb = g[b].enterprises > 0;
    if (ka != kb)
        return ka;
    if (ka) {
        /* resumed_a / ent_a vs resumed_b / ent_b without rounding (counts stay far
         * below 2^31, so the products fit) */
        int64_t l = g[a].resumed * g[b].enterprises;
        int64_t r = g[b].resumed * g[a].enterprises;
        if (l != r)
            return l < r;
        if (g[a].enterprises != g[b].enterprises)
            return g[a].enterprises > g[b].enterprises;
    }
    return a < b;
}

void fg_monitor_rank_lowest(const fg_monitor_sums *groups, size_t *idx, size_t n)
{
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    for (size_t i = 1; i < n; i++) {
        size_t v = idx[i], j = i;
        while (j > 0 && lower(groups, v, idx[j - 1])) {
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = v;
    }
}

fg_power_verdict fg_monitor_power_verdict(int64_t wh, int64_t baseline_wh, int share_pct)
{
    if (baseline_wh <= 0)
        return FG_POWER_NO_BASELINE;
    return wh * 100 > baseline_wh * share_pct ? FG_POWER_RESUMED : FG_POWER_NOT_RESUMED;
}

fg_power_disagreement fg_monitor_power_compare(bool reported_resumed, fg_power_verdict v)
{
    if (v == FG_POWER_NOT_RESUMED && reported_resumed)
        return FG_POWER_CLAIMS_RESUMED;
    if (v == FG_POWER_RESUMED && !reported_resumed)
        return FG_POWER_CLAIMS_STOPPED;
    return FG_POWER_AGREE;
}

const char *fg_power_verdict_name(fg_power_verdict v)
{
    static const char *const names[] = {"no_baseline", "resumed", "not_resumed"};
    return (unsigned)v < 3 ? names[v] : "no_baseline";
}

const char *fg_power_disagreement_name(fg_power_disagreement d)
{
    static const char *const names[] = {"agree", "claims_resumed", "claims_stopped"};
    return (unsigned)d < 3 ? names[d] : "agree";
}

static const struct {
    const char *en, *zh;
} power_cols[FG_POWER_COL_COUNT] = {
    {"uscc", "统一社会信用代码"},
    {"day", "日期"},
    {"kwh", "用电量"},
    {"baseline_kwh", "基准用电量"},
};

int fg_monitor_power_header(const char *const *fields, size_t n, int map[FG_POWER_COL_COUNT],
                            fg_err *err)
{
    for (int c = 0; c < FG_POWER_COL_COUNT; c++) {
        map[c] = -1;
        for (size_t f = 0; f < n; f++)
            if (strcmp(fields[f], power_cols[c].en) == 0 ||
                strcmp(fields[f], power_cols[c].zh) == 0)
                map[c] = (int)f;
        if (map[c] < 0 && c != FG_POWER_COL_BASELINE)
            return fg_err_at(err, FG_EINVAL, power_cols[c].en, "monitor.power_column",
                             "the header has no column {column:%s} ({zh:%s})", power_cols[c].en,
                             power_cols[c].zh);
    }
    return 0;
}

int fg_monitor_kwh_parse(const char *s, int64_t *out_wh)
{
    int64_t whole = 0, frac = 0;
    int digits = 0, decimals = -1;
    for (const char *p = s; *p; p++) {
        if (*p == '.' && decimals < 0 && digits > 0) {
            decimals = 0;
            continue;
        }
        if (*p < '0' || *p > '9')
            return FG_EINVAL;
        if (decimals >= 0) {
            if (++decimals > 3)
                return FG_EINVAL;
            frac = frac * 10 + (*p - '0');
        } else {
            if (++digits > 10)
                return FG_EINVAL;
            whole = whole * 10 + (*p - '0');
        }
    }
    if (digits == 0 || decimals == 0 || whole > 1000000000)
        return FG_EINVAL;
    for (int d = decimals < 0 ? 0 : decimals; d < 3; d++)
        frac *= 10;
    if (whole == 1000000000 && frac > 0)
        return FG_EINVAL;
    *out_wh = whole * 1000 + frac;
    return 0;
}

static const char *cell(const char *const *fields, size_t n, int at)
{
    return at >= 0 && (size_t)at < n ? fields[at] : "";
}

int fg_monitor_power_row_parse(const char *const *fields, size_t n,
                               const int map[FG_POWER_COL_COUNT], fg_power_row *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    out->baseline_wh = -1;
    const char *uscc = cell(fields, n, map[FG_POWER_COL_USCC]);
    int rc = fg_uscc_validate(uscc, err);
    if (rc)
        return rc;
    fg_strlcpy(out->uscc, uscc, sizeof(out->uscc));
    if (fg_date_parse(cell(fields, n, map[FG_POWER_COL_DAY]), &out->day, err))
        return fg_err_at(err, FG_EINVAL, "day", "monitor.power_day",
                         "the day '{value:%.20s}' is not a date YYYY-MM-DD",
                         cell(fields, n, map[FG_POWER_COL_DAY]));
    const char *kwh = cell(fields, n, map[FG_POWER_COL_KWH]);
    if (fg_monitor_kwh_parse(kwh, &out->wh))
        return fg_err_at(err, FG_EINVAL, "kwh", "monitor.power_kwh",
                         "the consumption '{value:%.20s}' is not a number of kWh from 0 to "
                         "1000000000 with at most 3 decimals",
                         kwh);
    const char *base = cell(fields, n, map[FG_POWER_COL_BASELINE]);
    if (map[FG_POWER_COL_BASELINE] >= 0 && *base) {
        if (fg_monitor_kwh_parse(base, &out->baseline_wh) || out->baseline_wh == 0)
            return fg_err_at(err, FG_EINVAL, "baseline_kwh", "monitor.power_baseline",
                             "the baseline '{value:%.20s}' is not a number of kWh above 0 with "
                             "at most 3 decimals",
                             base);
    }
    return 0;
}
