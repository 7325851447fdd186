/* Monitoring of work resumption (issue 13, part "monitor"): the overview of
 * a region on a day with its children, the trends, the electricity
 * cross-check and the grid company's upload. Reads the aggregates through
 * store/monitor.h; core/monitor.h computes every figure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/csv.h"
#include "../core/date.h"
#include "../core/region.h"
#include "../core/report.h"
#include "app.h"

#define TREND_MAX_DAYS 92
#define LOWEST_SHOWN 5
#define DISAGREEMENTS_SHOWN 200

static int allowed(const fg_who *who, fg_action act, int32_t region, fg_err *err)
{
    fg_target t = {region, NULL};
    return fg_access_check(who->principal, act, &t, err);
}

static json_t *rate_json(const fg_monitor_rate *r)
{
    if (!r->known)
        return json_null();
    return json_pack("{s:f,s:I,s:I}", "value", r->value, "num", (json_int_t)r->num, "den",
                     (json_int_t)r->den);
}

/* The figures of s as the API shows them (new). */
static int figures_json(const fg_monitor_sums *s, json_t **out, fg_err *err)
{
    fg_monitor_figures f;
    int rc = fg_monitor_figures_of(s, &f, err);
    if (rc)
        return rc;
    *out = json_pack("{s:I,s:I,s:I,s:I,s:{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}}", "enterprises",
                     (json_int_t)s->enterprises, "reported", (json_int_t)s->reported, "resumed",
                     (json_int_t)s->resumed, "late", (json_int_t)s->late, "rates",
                     "resumption_registered", rate_json(&f.resumption_registered),
                     "resumption_reported", rate_json(&f.resumption_reported), "staff_return",
                     rate_json(&f.staff_return), "capacity_utilisation",
                     rate_json(&f.capacity_utilisation), "staff_ge90", rate_json(&f.staff_ge90),
                     "capacity_ge80", rate_json(&f.capacity_ge80), "under30", rate_json(&f.under30),
                     "compliance", rate_json(&f.compliance), "on_time", rate_json(&f.on_time));
    return *out ? 0 : fg_err_set(err, FG_ENOMEM, "out of memory");
}

/* The sums of `key` on `day` (0: any day) among rows, added into *acc. */
static void add_key(const fg_monitor_rows *rows, const char *key, int32_t day, fg_monitor_sums *acc)
{
    for (size_t i = 0; i < rows->n; i++)
        if ((day == 0 || rows->items[i].day == day) && strcmp(rows->items[i].key, key) == 0)
            fg_monitor_sums_add(acc, &rows->items[i].s);
}

static int reading_json(const fg_power_reading *x, int share, json_t **out)
{
    fg_status st = FG_STATUS_STOPPED;
    bool reported = x->status[0] && fg_status_parse(x->status, &st, NULL) == 0;
    fg_report rep = {0};
    rep.status = st;
    fg_power_verdict v = fg_monitor_power_verdict(x->wh, x->baseline_wh, share);
    fg_power_disagreement d =
        reported ? fg_monitor_power_compare(fg_report_resumed(&rep), v) : FG_POWER_AGREE;
    char code[7];
    fg_region_format(x->region, code);
    *out = json_pack("{s:s,s:s,s:s,s:f,s:o,s:o,s:o,s:s,s:s}", "uscc", x->uscc, "name", x->name,
                     "region", code, "kwh", (double)x->wh / 1000.0, "baseline_kwh",
                     x->baseline_wh > 0 ? json_real((double)x->baseline_wh / 1000.0) : json_null(),
                     "status", reported ? json_string(x->status) : json_null(), "capacity_pct",
                     x->capacity_pct >= 0 ? json_integer(x->capacity_pct) : json_null(), "verdict",
                     fg_power_verdict_name(v), "disagreement", fg_power_disagreement_name(d));
    return d;
}

static int power_json(fg_db *db, int32_t region, int32_t day, int share, json_t **out, fg_err *err)
{
    fg_power_reading *rows;
    size_t n;
    int64_t readings, baselines;
    int rc = fg_store_power_counts(db, region, day, &readings, &baselines, err);
    if (rc == 0)
        rc = fg_store_power_day(db, region, day, &rows, &n, err);
    if (rc)
        return rc;
    json_t *list = json_array();
    long total = 0, claims_resumed = 0, claims_stopped = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *j;
        int d = reading_json(&rows[i], share, &j);
        if (d == FG_POWER_AGREE) {
            json_decref(j);
            continue;
        }
        total++;
        claims_resumed += d == FG_POWER_CLAIMS_RESUMED;
        claims_stopped += d == FG_POWER_CLAIMS_STOPPED;
        if (json_array_size(list) < DISAGREEMENTS_SHOWN)
            json_array_append_new(list, j);
        else
            json_decref(j);
    }
    free(rows);
    char d[11];
    fg_date_format(day, d);
    *out = json_pack("{s:s,s:i,s:I,s:I,s:I,s:I,s:I,s:o}", "day", d, "share", share, "readings",
                     (json_int_t)readings, "baselines", (json_int_t)baselines, "total",
                     (json_int_t)total, "claims_resumed", (json_int_t)claims_resumed,
                     "claims_stopped", (json_int_t)claims_stopped, "disagreements", list);
    return 0;
}

int fg_app_power_disagreements(fg_app *app, fg_db *db, const fg_who *who, int32_t region,
                               int32_t day, int share_pct, json_t **out, fg_err *err)
{
    (void)app;
    int rc = allowed(who, FG_ACT_MONITOR_READ, region, err);
    if (rc == 0 && (share_pct < 1 || share_pct > 100))
        rc = fg_err_at(err, FG_EINVAL, "share", "monitor.share",
                       "the share of the baseline must be 1 to 100 %% (was {share:%d})", share_pct);
    return rc ? rc : power_json(db, region, day, share_pct, out, err);
}

static int enterprises_json(fg_db *db, int32_t county, int32_t day, int limit, int offset,
                            json_t **out, fg_err *err)
{
    fg_monitor_enterprise *items;
    size_t n;
    int64_t total;
    int rc = fg_store_monitor_enterprises(db, county, day, limit, offset, &items, &n, &total, err);
    if (rc)
        return rc;
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        const fg_monitor_enterprise *e = &items[i];
        bool reported = e->status[0] != '\0';
        char cats[64];
        fg_category_format(e->categories, cats);
        json_array_append_new(
            list, json_pack("{s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:b}", "uscc", e->uscc, "name", e->name,
                            "industry", e->industry, "categories", cats, "status",
                            reported ? json_string(e->status) : json_null(), "capacity_pct",
                            reported ? json_integer(e->capacity_pct) : json_null(), "staff_pct",
                            reported ? json_integer(e->staff_pct) : json_null(), "late", e->late));
    }
    free(items);
    *out = json_pack("{s:o,s:I,s:i,s:i}", "items", list, "total", (json_int_t)total, "limit", limit,
                     "offset", offset);
    return 0;
}

int fg_app_monitor_overview(fg_app *app, fg_db *db, const fg_who *who, int32_t region, int32_t day,
                            int limit, int offset, json_t **out, fg_err *err)
{
    (void)app;
    *out = NULL;
    int rc = allowed(who, FG_ACT_MONITOR_READ, region, err);
    fg_region_row row;
    if (rc == 0)
        rc = fg_store_region_get(db, region, &row, err);
    if (rc)
        return rc;
    fg_monitor_rows sums = {0}, counts = {0}, csums = {0}, ccounts = {0};
    bool county = fg_region_level_of(region) == FG_LEVEL_COUNTY;
    rc = fg_store_monitor_sums(db, region, day, day, FG_MONITOR_BY_NONE, &sums, err);
    if (rc == 0)
        rc = fg_store_monitor_counts(db, region, FG_MONITOR_BY_NONE, &counts, err);
    if (rc == 0 && !county)
        rc = fg_store_monitor_sums(db, region, day, day, FG_MONITOR_BY_CHILD, &csums, err);
    if (rc == 0 && !county)
        rc = fg_store_monitor_counts(db, region, FG_MONITOR_BY_CHILD, &ccounts, err);
    json_t *children = NULL, *figures = NULL, *result = NULL;
    fg_monitor_sums total = {0};
    if (rc == 0) {
        add_key(&sums, "", 0, &total);
        add_key(&counts, "", 0, &total);
        rc = figures_json(&total, &figures, err);
    }
    if (rc == 0 && !county)
        rc = fg_store_region_children(db, region, &children, err);
    if (rc == 0 && children) {
        size_t n = json_array_size(children);
        fg_monitor_sums *cs = calloc(n ? n : 1, sizeof(*cs));
        size_t *idx = calloc(n ? n : 1, sizeof(*idx));
        if (!cs || !idx)
            rc = fg_err_set(err, FG_ENOMEM, "out of memory");
        for (size_t i = 0; rc == 0 && i < n; i++) {
            json_t *c = json_array_get(children, i);
            char key[16];
            snprintf(key, sizeof(key), "%d", (int)json_integer_value(json_object_get(c, "code")));
            if (json_is_string(json_object_get(c, "code")))
                snprintf(key, sizeof(key), "%d",
                         (int)strtol(json_string_value(json_object_get(c, "code")), NULL, 10));
            add_key(&csums, key, 0, &cs[i]);
            add_key(&ccounts, key, 0, &cs[i]);
            json_t *f;
            rc = figures_json(&cs[i], &f, err);
            if (rc == 0)
                json_object_set_new(c, "figures", f);
        }
        json_t *lowest = json_array();
        if (rc == 0) {
            fg_monitor_rank_lowest(cs, idx, n);
            for (size_t i = 0; i < n && json_array_size(lowest) < LOWEST_SHOWN; i++)
                if (cs[idx[i]].enterprises > 0)
                    json_array_append(lowest,
                                      json_object_get(json_array_get(children, idx[i]), "code"));
        }
        free(cs);
        free(idx);
        result = json_pack("{s:o}", "lowest", lowest);
    }
    json_t *ents = NULL, *power = NULL;
    if (rc == 0 && county)
        rc = enterprises_json(db, region, day, limit, offset, &ents, err);
    if (rc == 0)
        rc = power_json(db, region, day, FG_MONITOR_POWER_SHARE_DEFAULT, &power, err);
    fg_monitor_rows_release(&sums);
    fg_monitor_rows_release(&counts);
    fg_monitor_rows_release(&csums);
    fg_monitor_rows_release(&ccounts);
    if (rc) {
        json_decref(children);
        json_decref(figures);
        json_decref(result);
        json_decref(ents);
        json_decref(power);
        return rc;
    }
    char code[7], d[11];
    fg_region_format(region, code);
    fg_date_format(day, d);
    if (!result)
        result = json_object();
    json_object_set_new(result, "region",
                        json_pack("{s:s,s:s,s:s}", "code", code, "name", row.name, "level",
                                  fg_region_level_name(fg_region_level_of(region))));
    json_object_set_new(result, "day", json_string(d));
    /* the regions above, nation first, for the way back up */
    json_t *path = json_array();
    for (int32_t up = fg_region_parent(region); up >= 0; up = fg_region_parent(up)) {
        fg_region_row ur;
        fg_err ignored;
        fg_err_init(&ignored);
        char uc[7];
        fg_region_format(up, uc);
        bool named = fg_store_region_get(db, up, &ur, &ignored) == 0;
        json_array_insert_new(path, 0,
                              json_pack("{s:s,s:s}", "code", uc, "name", named ? ur.name : ""));
    }
    json_object_set_new(result, "path", path);
    json_object_set_new(result, "figures", figures);
    json_object_set_new(result, "children", children ? children : json_array());
    json_object_set_new(result, "enterprises", ents ? ents : json_null());
    json_object_set_new(result, "electricity", power);
    if (!json_object_get(result, "lowest"))
        json_object_set_new(result, "lowest", json_array());
    *out = result;
    return 0;
}

/* ---- trends ---- */

static const struct {
    const char *name;
    fg_monitor_by by;
} trend_bys[] = {
    {"", FG_MONITOR_BY_NONE},
    {"region", FG_MONITOR_BY_CHILD},
    {"industry", FG_MONITOR_BY_DIVISION},
    {"category", FG_MONITOR_BY_CATEGORIES},
    {"chain", FG_MONITOR_BY_CHAIN},
    {"whitelist", FG_MONITOR_BY_LIST},
};

/* One series: for every day from..to, the sums of the rows whose key is in
 * keys (a key matching `match`), with the denominators of `den`. */
typedef bool (*key_match)(const char *row_key, const void *ctx);

static int series_json(const fg_monitor_rows *sums, const fg_monitor_rows *counts, int32_t from,
                       int32_t to, key_match match, const void *ctx, json_t **out, fg_err *err)
{
    fg_monitor_sums den = {0};
    for (size_t i = 0; i < counts->n; i++)
        if (match(counts->items[i].key, ctx))
            den.enterprises += counts->items[i].s.enterprises;
    json_t *points = json_array();
    int64_t d0 = fg_date_days(from), d1 = fg_date_days(to);
    for (int64_t dd = d0; dd <= d1; dd++) {
        int32_t day = fg_date_from_days(dd);
        fg_monitor_sums s = den;
        for (size_t i = 0; i < sums->n; i++)
            if (sums->items[i].day == day && match(sums->items[i].key, ctx))
                fg_monitor_sums_add(&s, &sums->items[i].s);
        json_t *f;
        int rc = figures_json(&s, &f, err);
        if (rc) {
            json_decref(points);
            return rc;
        }
        char ds[11];
        fg_date_format(day, ds);
        json_array_append_new(points, json_pack("{s:s,s:o}", "day", ds, "figures", f));
    }
    *out = points;
    return 0;
}

static bool match_equal(const char *k, const void *ctx)
{
    return strcmp(k, (const char *)ctx) == 0;
}

static bool match_bit(const char *k, const void *ctx)
{
    unsigned bit = *(const unsigned *)ctx;
    return (strtoul(k, NULL, 10) & bit) != 0;
}

typedef struct section_ctx {
    json_t *industries; /* [{code, section, ...}] */
    const char *section;
} section_ctx;

static const char *section_of(json_t *industries, const char *division)
{
    size_t i;
    json_t *v;
    json_array_foreach(industries, i, v)
    {
        if (strcmp(json_string_value(json_object_get(v, "code")), division) == 0)
            return json_string_value(json_object_get(v, "section"));
    }
    return "";
}

static bool match_section(const char *k, const void *ctx)
{
    const section_ctx *c = ctx;
    return strcmp(section_of(c->industries, k), c->section) == 0;
}

/* Whether `key` is already a series of `list`. */
static bool has_series(json_t *list, const char *key)
{
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
    {
        if (strcmp(json_string_value(json_object_get(v, "key")), key) == 0)
            return true;
    }
    return false;
}

static int add_series(json_t *list, const char *key, json_t *extra, const fg_monitor_rows *sums,
                      const fg_monitor_rows *counts, int32_t from, int32_t to, key_match match,
                      const void *ctx, fg_err *err)
{
    json_t *points;
    int rc = series_json(sums, counts, from, to, match, ctx, &points, err);
    if (rc) {
        json_decref(extra);
        return rc;
    }
    json_t *s = extra ? extra : json_object();
    json_object_set_new(s, "key", json_string(key));
    json_object_set_new(s, "points", points);
    json_array_append_new(list, s);
    return 0;
}

int fg_app_monitor_trend(fg_app *app, fg_db *db, const fg_who *who, int32_t region, int32_t from,
                         int32_t to, const char *by, json_t **out, fg_err *err)
{
    (void)app;
    *out = NULL;
    int rc = allowed(who, FG_ACT_MONITOR_READ, region, err);
    if (rc)
        return rc;
    int64_t days = fg_date_days(to) - fg_date_days(from) + 1;
    if (days < 1 || days > TREND_MAX_DAYS)
        return fg_err_at(err, FG_EINVAL, "to", "monitor.trend_days",
                         "a trend covers 1 to {max:%d} days, from on or before to", TREND_MAX_DAYS);
    size_t b = 0;
    while (b < sizeof(trend_bys) / sizeof(trend_bys[0]) && strcmp(trend_bys[b].name, by) != 0)
        b++;
    if (b == sizeof(trend_bys) / sizeof(trend_bys[0]))
        return fg_err_at(err, FG_EINVAL, "by", "monitor.trend_by",
                         "unknown grouping '{value:%.20s}'; groupings are region, industry, "
                         "chain, whitelist, category",
                         by);
    fg_monitor_by mb = trend_bys[b].by;
    fg_monitor_rows sums = {0}, counts = {0};
    rc = fg_store_monitor_sums(db, region, from, to, mb, &sums, err);
    if (rc == 0)
        rc = fg_store_monitor_counts(db, region, mb, &counts, err);
    json_t *series = json_array(), *sections = NULL, *names = NULL;
    if (rc == 0 && mb == FG_MONITOR_BY_CHILD)
        rc = fg_store_region_children(db, region, &names, err);
    if (rc == 0 && mb == FG_MONITOR_BY_DIVISION)
        rc = fg_store_industries(db, &names, err);
    if (rc == 0 && mb == FG_MONITOR_BY_CATEGORIES) {
        for (unsigned bit = 0; bit < 3 && rc == 0; bit++) {
            unsigned flag = 1u << bit;
            rc = add_series(series, fg_category_name(flag), NULL, &sums, &counts, from, to,
                            match_bit, &flag, err);
        }
    } else if (rc == 0 && mb == FG_MONITOR_BY_CHILD) {
        size_t i;
        json_t *c;
        json_array_foreach(names, i, c)
        {
            char key[16];
            json_t *code = json_object_get(c, "code");
            long v = json_is_string(code) ? strtol(json_string_value(code), NULL, 10)
                                          : (long)json_integer_value(code);
            snprintf(key, sizeof(key), "%ld", v);
            char c6[7];
            fg_region_format((int32_t)v, c6);
            rc = add_series(series, c6, json_pack("{s:O}", "name", json_object_get(c, "name")),
                            &sums, &counts, from, to, match_equal, key, err);
            if (rc)
                break;
        }
    } else if (rc == 0) {
        /* every key that has enterprises or reports */
        const fg_monitor_rows *both[2] = {&counts, &sums};
        for (int w = 0; w < 2 && rc == 0; w++)
            for (size_t i = 0; i < both[w]->n && rc == 0; i++) {
                const fg_monitor_row *row = &both[w]->items[i];
                if (has_series(series, row->key))
                    continue;
                json_t *extra = json_object();
                if (mb == FG_MONITOR_BY_DIVISION)
                    json_object_set_new(extra, "section", json_string(section_of(names, row->key)));
                if (mb == FG_MONITOR_BY_LIST && row->label[0])
                    json_object_set_new(extra, "list", json_string(row->label));
                rc = add_series(series, row->key, extra, &sums, &counts, from, to, match_equal,
                                row->key, err);
            }
    }
    if (rc == 0 && mb == FG_MONITOR_BY_DIVISION) {
        sections = json_array();
        size_t i;
        json_t *s;
        json_array_foreach(series, i, s)
        {
            const char *sec = json_string_value(json_object_get(s, "section"));
            if (!sec || !*sec || has_series(sections, sec))
                continue;
            section_ctx ctx = {names, sec};
            rc =
                add_series(sections, sec, NULL, &sums, &counts, from, to, match_section, &ctx, err);
            if (rc)
                break;
        }
    }
    fg_monitor_rows_release(&sums);
    fg_monitor_rows_release(&counts);
    json_decref(names);
    if (rc) {
        json_decref(series);
        json_decref(sections);
        return rc;
    }
    char f[11], t[11];
    fg_date_format(from, f);
    fg_date_format(to, t);
    *out = json_pack("{s:s,s:s,s:s,s:I,s:o}", "by", by, "from", f, "to", t, "days",
                     (json_int_t)days, "series", series);
    if (sections)
        json_object_set_new(*out, "sections", sections);
    return 0;
}

/* ---- the grid company's file ---- */

typedef struct pending {
    fg_power_row *rows;
    size_t *lines;
    size_t n, cap;
} pending;

static int pending_push(pending *p, const fg_power_row *r, size_t line, fg_err *err)
{
    if (p->n == p->cap) {
        size_t ncap = p->cap ? p->cap * 2 : 256;
        fg_power_row *nr = realloc(p->rows, ncap * sizeof(*nr));
        if (nr)
            p->rows = nr;
        size_t *nl = realloc(p->lines, ncap * sizeof(*nl));
        if (nl)
            p->lines = nl;
        if (!nr || !nl)
            return fg_err_set(err, FG_ENOMEM, "out of memory reading the file");
        p->cap = ncap;
    }
    p->rows[p->n] = *r;
    p->lines[p->n++] = line;
    return 0;
}

int fg_app_power_upload(fg_app *app, fg_db *db, const fg_who *who, const char *csv, size_t len,
                        int64_t now, void (*bad_line)(void *ctx, size_t line, const fg_err *why),
                        void *ctx, fg_power_upload_report *out, fg_err *err)
{
    (void)app;
    memset(out, 0, sizeof(*out));
    int32_t home = who->principal->region;
    int rc = allowed(who, FG_ACT_ELECTRICITY_UPLOAD, home < 0 ? 0 : home, err);
    if (rc)
        return rc;
    fg_csv c;
    fg_csv_init(&c, csv, len);
    size_t line;
    rc = fg_csv_next(&c, &line, err);
    if (rc == 0)
        rc = fg_err_at(err, FG_EINVAL, NULL, "monitor.power_empty", "the file is empty");
    int map[FG_POWER_COL_COUNT];
    if (rc == 1)
        rc = fg_monitor_power_header(c.fields, c.n_fields, map, err);
    pending p = {0};
    while (rc == 0 && (rc = fg_csv_next(&c, &line, err)) == 1) {
        rc = 0;
        out->rows++;
        fg_power_row row;
        fg_err why;
        fg_err_init(&why);
        int r = fg_monitor_power_row_parse(c.fields, c.n_fields, map, &row, &why);
        int32_t county = -1;
        bool found = false;
        if (r == 0)
            r = fg_store_power_enterprise(db, row.uscc, &county, &found, &why);
        if (r == FG_EDB || r == FG_ENOMEM) {
            *err = why;
            rc = r;
            break;
        }
        /* One answer for an enterprise nobody registered and for one outside
         * the jurisdiction: the line does not tell whether it exists. */
        fg_target t = {county, row.uscc};
        if (r == 0 &&
            (!found || fg_access_check(who->principal, FG_ACT_ELECTRICITY_UPLOAD, &t, NULL)))
            r = fg_err_at(&why, FG_ENOTFOUND, "uscc", "monitor.power_unknown",
                          "no enterprise {uscc:%s} is registered in your jurisdiction", row.uscc);
        for (size_t k = 0; r == 0 && k < p.n; k++)
            if (p.rows[k].day == row.day && strcmp(p.rows[k].uscc, row.uscc) == 0)
                r = fg_err_at(&why, FG_EINVAL, "day", "monitor.power_duplicate",
                              "the same enterprise and day are on line {line:%zu} already",
                              p.lines[k]);
        if (r) {
            out->rejected++;
            if (bad_line)
                bad_line(ctx, line, &why);
            continue;
        }
        out->baselines += row.baseline_wh > 0;
        rc = pending_push(&p, &row, line, err);
    }
    fg_csv_release(&c);
    if (rc == 0 && out->rejected)
        rc = fg_err_at(err, FG_EINVAL, NULL, "monitor.power_rejected",
                       "{count:%ld} lines are wrong; nothing was stored", out->rejected);
    if (rc == 0 && p.n == 0)
        rc = fg_err_at(err, FG_EINVAL, NULL, "monitor.power_no_rows",
                       "the file has a header but no readings");
    if (rc == 0) {
        fg_tx tx;
        if ((rc = fg_tx_begin(&tx, db, now, who->username, err)) == 0) {
            rc = fg_store_power_put(&tx, home < 0 ? 0 : home, p.rows, p.n, out->id, err);
            rc = fg_tx_end(&tx, rc, err);
        }
    }
    free(p.rows);
    free(p.lines);
    return rc;
}
