/* Policies that benefit enterprises (issue 15, part "reach"): re-matching
 * when facts change, as the sweep does it (the catalogue changed or the day
 * turned: every enterprise; daily reports stored since the last sweep: their
 * enterprises), and the reach of policies per region: eligible, reached,
 * granted, paid against budget, days to payment, objections. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/region.h"
#include "../sys/clock.h"
#include "../sys/log.h"
#include "internal.h"

/* ---- the sweep ---------------------------------------------------------------- */

#define QUEUE_CHUNK 2000
#define QUEUE_ROUNDS 20 /* chunks a sweep takes; the next sweep goes on */

/* The enterprises queued by their daily reports (store/policy_reach.h),
 * each re-matched once and taken off the queue unless reported again
 * meanwhile. */
static int rematch_queued(fg_app *app, fg_db *db, int64_t now, fg_policy_sweep_stats *st,
                          fg_err *err)
{
    (void)app;
    fg_rematch_queued *buf = malloc(QUEUE_CHUNK * sizeof(*buf));
    if (!buf)
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    fg_app_policies p;
    bool loaded = false;
    int rc = 0;
    for (int round = 0; rc == 0 && round < QUEUE_ROUNDS; round++) {
        size_t n;
        if ((rc = fg_store_policy_rematch_queued(db, buf, QUEUE_CHUNK, &n, err)) || n == 0)
            break;
        if (!loaded) {
            if ((rc = fg_app_policies_load(db, fg_clock_date(now), &p, err)))
                break;
            loaded = true;
        }
        for (size_t i = 0; rc == 0 && i < n; i++) {
            fg_app_match_stats ms;
            memset(&ms, 0, sizeof(ms));
            rc = fg_app_policy_rematch_with(&p, db, buf[i].uscc, now, &ms, err);
            if (rc == FG_ENOTFOUND) /* gone since: nothing to match */
                rc = 0;
            if (rc == 0)
                rc = fg_store_policy_rematch_done(db, &buf[i], err);
            st->rematched++;
            st->created += ms.created;
            st->lapsed += ms.lapsed;
        }
        if (n < QUEUE_CHUNK)
            break;
    }
    if (loaded)
        fg_app_policies_release(&p);
    free(buf);
    return rc;
}

int fg_app_policy_sweep(fg_app *app, fg_db *db, int64_t now, fg_policy_sweep_stats *out,
                        fg_err *err)
{
    memset(out, 0, sizeof(*out));
    char fp[65], want[80], had[80];
    int rc = fg_store_policy_catalogue_fingerprint(db, fp, err);
    if (rc)
        return rc;
    snprintf(want, sizeof(want), "%08d:%s", (int)fg_clock_date(now), fp);
    int64_t at;
    bool found;
    if ((rc = fg_store_policy_mark_get(db, "catalogue", had, sizeof(had), &at, &found, err)))
        return rc;
    if (!found || strcmp(had, want) != 0) {
        fg_app_match_stats ms;
        if ((rc = fg_app_policy_match_all(app, db, now, 0, &ms, err)))
            return rc;
        out->full = true;
        out->created += ms.created;
        out->lapsed += ms.lapsed;
        if ((rc = fg_store_policy_mark_set(db, "catalogue", want, now, err)))
            return rc;
        fg_info("policy.match_all", "enterprises=%lld eligible=%lld created=%lld lapsed=%lld",
                (long long)ms.enterprises, (long long)ms.eligible, (long long)ms.created,
                (long long)ms.lapsed);
    }
    return rematch_queued(app, db, now, out, err);
}

void fg_app_policy_rematch_after(fg_app *app, fg_db *db, const char *uscc, int64_t now,
                                 const char *why)
{
    fg_err err;
    fg_err_init(&err);
    fg_app_match_stats st;
    if (fg_app_policy_rematch(app, db, uscc, now, &st, &err))
        fg_error("policy.rematch", "enterprise=%s after=%s error=\"%s\"", uscc, why, err.msg);
}

/* ---- reach ------------------------------------------------------------------- */

typedef struct figures {
    int64_t eligible, eligible_reached, reached, granted, received, granted_fen, objections;
    int64_t *delays; /* ms, owned */
    size_t n_delays, cap_delays;
} figures;

static void figures_add(figures *f, const fg_reach_cell *c)
{
    f->eligible += c->eligible;
    f->eligible_reached += c->eligible_reached;
    f->reached += c->reached;
    f->granted += c->granted;
    f->received += c->received;
    f->granted_fen += c->granted_fen;
    f->objections += c->objections;
}

static int figures_delay(figures *f, int64_t ms)
{
    if (f->n_delays == f->cap_delays) {
        size_t nc = f->cap_delays ? f->cap_delays * 2 : 16;
        int64_t *g = realloc(f->delays, nc * sizeof(*g));
        if (!g)
            return FG_ENOMEM;
        f->delays = g;
        f->cap_delays = nc;
    }
    f->delays[f->n_delays++] = ms;
    return 0;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

double fg_app_reach_median_days(int64_t *ms, size_t n)
{
    if (n == 0)
        return -1;
    qsort(ms, n, sizeof(*ms), cmp_i64);
    double m = n % 2 ? (double)ms[n / 2] : ((double)ms[n / 2 - 1] + (double)ms[n / 2]) / 2.0;
    return m / 86400000.0;
}

static json_t *figures_json(figures *f)
{
    double med = fg_app_reach_median_days(f->delays, f->n_delays);
    json_t *j = json_pack(
        "{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "eligible", (json_int_t)f->eligible, "reached",
        (json_int_t)f->reached, "eligible_reached", (json_int_t)f->eligible_reached, "unreached",
        (json_int_t)(f->eligible - f->eligible_reached), "granted", (json_int_t)f->granted,
        "received", (json_int_t)f->received, "granted_fen", (json_int_t)f->granted_fen,
        "objections", (json_int_t)f->objections);
    if (!j)
        return NULL;
    json_object_set_new(j, "reached_pct",
                        f->eligible
                            ? json_real((double)(int64_t)(1000.0 * (double)f->eligible_reached /
                                                              (double)f->eligible +
                                                          0.5) /
                                        10.0)
                            : json_null());
    json_object_set_new(j, "median_days",
                        med >= 0 ? json_real((double)(int64_t)(med * 10.0 + 0.5) / 10.0)
                                 : json_null());
    return j;
}

static json_t *region_json(fg_db *db, int32_t code)
{
    char c[7];
    fg_region_format(code, c);
    fg_region_row row;
    fg_err ignored;
    fg_err_init(&ignored);
    const char *name = fg_store_region_get(db, code, &row, &ignored) == 0 ? row.name : "";
    return json_pack("{s:s,s:s,s:s}", "code", c, "name", name, "level",
                     fg_region_level_name(fg_region_level_of(code)));
}

/* The region one level below `region` that holds `county` (itself when
 * `region` is a county or the county is not below it). */
static int32_t child_of(int32_t region, int32_t county)
{
    int32_t x = county;
    for (int i = 0; i < 4 && x != region; i++) {
        int32_t up = fg_region_parent(x);
        if (up == region || up == x)
            break;
        x = up;
    }
    return x;
}

typedef struct child {
    int32_t code;
    figures f;
} child;

static child *child_get(child **a, size_t *n, size_t *cap, int32_t code)
{
    for (size_t i = 0; i < *n; i++)
        if ((*a)[i].code == code)
            return &(*a)[i];
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 32;
        child *g = realloc(*a, nc * sizeof(*g));
        if (!g)
            return NULL;
        *a = g;
        *cap = nc;
    }
    child *c = &(*a)[(*n)++];
    memset(c, 0, sizeof(*c));
    c->code = code;
    return c;
}

static int cmp_child(const void *a, const void *b)
{
    int32_t x = ((const child *)a)->code, y = ((const child *)b)->code;
    return (x > y) - (x < y);
}

static json_t *budget_figures(json_t *fig, const fg_policy_row *p)
{
    json_object_set_new(fig, "budget_fen", json_integer(p->budget_fen));
    json_object_set_new(fig, "committed_fen", json_integer(p->committed_fen));
    return fig;
}

int fg_app_policy_reach(fg_app *app, fg_db *db, const char *policy, int32_t region, int64_t now,
                        json_t **out, fg_err *err)
{
    (void)app;
    (void)now;
    fg_policy_row p;
    int rc = fg_store_policy_get(db, policy, &p, err);
    if (rc)
        return rc;
    fg_reach_cell *cells = NULL;
    fg_reach_delay *delays = NULL;
    size_t n_cells = 0, n_delays = 0, n_children = 0, cap_children = 0;
    child *children = NULL;
    figures total = {0};
    if ((rc = fg_store_reach_cells(db, policy, region, &cells, &n_cells, err)) ||
        (rc = fg_store_reach_delays(db, policy, region, &delays, &n_delays, err)))
        goto done;
    bool county = fg_region_level_of(region) == FG_LEVEL_COUNTY;
    for (size_t i = 0; i < n_cells; i++) {
        figures_add(&total, &cells[i]);
        child *c = county ? NULL
                          : child_get(&children, &n_children, &cap_children,
                                      child_of(region, cells[i].county));
        if (!county && !c) {
            rc = fg_err_set(err, FG_ENOMEM, "out of memory");
            goto done;
        }
        if (c)
            figures_add(&c->f, &cells[i]);
    }
    for (size_t i = 0; i < n_delays; i++) {
        child *c = county ? NULL
                          : child_get(&children, &n_children, &cap_children,
                                      child_of(region, delays[i].county));
        if (figures_delay(&total, delays[i].ms) ||
            (!county && (!c || figures_delay(&c->f, delays[i].ms)))) {
            rc = fg_err_set(err, FG_ENOMEM, "out of memory");
            goto done;
        }
    }
    if (n_children)
        qsort(children, n_children, sizeof(*children), cmp_child);
    json_t *by = json_array();
    for (size_t i = 0; i < n_children; i++) {
        json_t *r = region_json(db, children[i].code);
        json_t *fig = figures_json(&children[i].f);
        if (r && fig)
            json_object_update(r, fig);
        json_decref(fig);
        json_array_append_new(by, r);
    }
    *out = json_pack("{s:o,s:o,s:o,s:o}", "policy", fg_policy_row_json(&p), "region",
                     region_json(db, region), "figures", budget_figures(figures_json(&total), &p),
                     "by_region", by);
    if (!*out)
        rc = fg_err_set(err, FG_ENOMEM, "out of memory");
done:
    for (size_t i = 0; i < n_children; i++)
        free(children[i].f.delays);
    free(children);
    free(total.delays);
    free(cells);
    free(delays);
    return rc;
}

int fg_app_policies_reach(fg_app *app, fg_db *db, const fg_principal *who, int32_t region,
                          int64_t now, json_t **out, fg_err *err)
{
    (void)app;
    json_t *all;
    int rc = fg_store_policies_json(db, &all, err);
    if (rc)
        return rc;
    fg_reach_cell *cells = NULL;
    fg_reach_delay *delays = NULL;
    size_t n_cells = 0, n_delays = 0;
    json_t *items = json_array();
    figures total = {0};
    int64_t in_force = 0, budget = 0, committed = 0;
    int32_t today = fg_clock_date(now);
    if ((rc = fg_store_reach_cells(db, NULL, region, &cells, &n_cells, err)) ||
        (rc = fg_store_reach_delays(db, NULL, region, &delays, &n_delays, err)))
        goto done;
    for (size_t i = 0; i < json_array_size(all); i++) {
        const char *id = json_string_value(json_object_get(json_array_get(all, i), "id"));
        fg_policy_row p;
        if (!id || (rc = fg_store_policy_get(db, id, &p, err)))
            goto done;
        /* The policies of the region's issuers and those issued above it
         * for it: the two regions overlap. */
        if (!fg_region_contains(p.region, region) && !fg_region_contains(region, p.region))
            continue;
        if (who && !fg_app_policy_visible(who, &p))
            continue; /* a draft or a withdrawn policy: its issuer's only */
        figures f = {0};
        for (size_t k = 0; k < n_cells; k++)
            if (strcmp(cells[k].policy, id) == 0)
                figures_add(&f, &cells[k]);
        for (size_t k = 0; k < n_delays; k++)
            if (strcmp(delays[k].policy, id) == 0 &&
                (figures_delay(&f, delays[k].ms) || figures_delay(&total, delays[k].ms))) {
                free(f.delays);
                rc = fg_err_set(err, FG_ENOMEM, "out of memory");
                goto done;
            }
        if (p.state == FG_POLICY_DRAFT && f.eligible == 0 && f.reached == 0) {
            free(f.delays);
            continue;
        }
        bool live = p.state == FG_POLICY_PUBLISHED && p.valid_from <= today && p.valid_to >= today;
        in_force += live;
        budget += p.budget_fen;
        committed += p.committed_fen;
        total.eligible += f.eligible;
        total.eligible_reached += f.eligible_reached;
        total.reached += f.reached;
        total.granted += f.granted;
        total.received += f.received;
        total.granted_fen += f.granted_fen;
        total.objections += f.objections;
        json_t *fig = budget_figures(figures_json(&f), &p);
        free(f.delays);
        json_array_append_new(items, json_pack("{s:o,s:b,s:o}", "policy", fg_policy_row_json(&p),
                                               "in_force", live, "figures", fig));
    }
    json_t *tot = figures_json(&total);
    json_object_set_new(tot, "policies", json_integer((json_int_t)json_array_size(items)));
    json_object_set_new(tot, "in_force", json_integer(in_force));
    json_object_set_new(tot, "budget_fen", json_integer(budget));
    json_object_set_new(tot, "committed_fen", json_integer(committed));
    *out = json_pack("{s:o,s:o,s:O}", "region", region_json(db, region), "totals", tot, "policies",
                     items);
    if (!*out)
        rc = fg_err_set(err, FG_ENOMEM, "out of memory");
done:
    json_decref(items);
    json_decref(all);
    free(total.delays);
    free(cells);
    free(delays);
    return rc;
}

int fg_app_policy_unreached(fg_app *app, fg_db *db, const char *policy, int32_t region,
                            int64_t limit, int64_t offset, json_t **out, fg_err *err)
{
    (void)app;
    fg_policy_row p;
    int rc = fg_store_policy_get(db, policy, &p, err);
    if (rc)
        return rc;
    json_t *items;
    int64_t total;
    if ((rc = fg_store_reach_unreached(db, policy, region, limit, offset, &items, &total, err)))
        return rc;
    *out = json_pack("{s:o,s:I,s:I,s:I}", "items", items, "total", (json_int_t)total, "limit",
                     (json_int_t)limit, "offset", (json_int_t)offset);
    return *out ? 0 : fg_err_set(err, FG_ENOMEM, "out of memory");
}
