/* The guidance for an enterprise, from the current rule table. The table is
 * parsed and gap-checked once per version and shared by every thread; a
 * request asks the database which version is current only when the guidance
 * epoch moved or the last answer's life ran out (src/store/watch.h). The
 * risk designations of a county and the regions above it are kept the same
 * way, a bounded number of counties, under the risk epoch. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/region.h"
#include "internal.h"

typedef struct fg__guidance_entry {
    fg_guidance_table table;
    int refs; /* the cache's own, plus one per holder */
} cached;

/* One county's designations (its own and those of the regions above). */
typedef struct risk_slot {
    int32_t region; /* -1: empty */
    fg_watch_mark mark;
    fg_risk_designation *d;
    size_t n;
} risk_slot;

#define RISK_SLOTS 1024

struct fg_guidance_cache {
    pthread_mutex_t lock;
    cached *current;
    fg_watch_mark current_mark; /* when current's version was last confirmed */
    risk_slot risk[RISK_SLOTS]; /* under lock */
};

int fg__app_guidance_cache_new(struct fg_guidance_cache **out, fg_err *err)
{
    *out = calloc(1, sizeof(**out));
    if (!*out)
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    pthread_mutex_init(&(*out)->lock, NULL);
    for (size_t i = 0; i < RISK_SLOTS; i++)
        (*out)->risk[i].region = -1;
    return 0;
}

static void unref(struct fg_guidance_cache *c, cached *e)
{
    pthread_mutex_lock(&c->lock);
    bool last = --e->refs == 0;
    pthread_mutex_unlock(&c->lock);
    if (last) {
        fg_guidance_table_release(&e->table);
        free(e);
    }
}

void fg__app_guidance_cache_free(struct fg_guidance_cache *c)
{
    if (!c)
        return;
    if (c->current)
        unref(c, c->current);
    for (size_t i = 0; i < RISK_SLOTS; i++)
        free(c->risk[i].d);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

/* The table of the current version, referenced for the caller. */
static int table_get(struct fg_guidance_cache *c, fg_db *db, cached **out, fg_err *err)
{
    pthread_mutex_lock(&c->lock);
    if (c->current && fg_store_watch_fresh(&c->current_mark, FG_WATCH_GUIDANCE)) {
        c->current->refs++;
        *out = c->current;
        pthread_mutex_unlock(&c->lock);
        return 0;
    }
    pthread_mutex_unlock(&c->lock);
    fg_watch_mark mark = fg_store_watch_mark(FG_WATCH_GUIDANCE);
    int version;
    int rc = fg_store_guidance_version(db, &version, err);
    if (rc)
        return rc;
    pthread_mutex_lock(&c->lock);
    if (c->current && c->current->table.version == version) {
        c->current->refs++;
        c->current_mark = mark;
        *out = c->current;
        pthread_mutex_unlock(&c->lock);
        return 0;
    }
    pthread_mutex_unlock(&c->lock);
    /* Parse outside the lock; whoever finishes first installs theirs. */
    cached *fresh = calloc(1, sizeof(*fresh));
    if (!fresh)
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    if ((rc = fg_store_guidance_current(db, &fresh->table, err))) {
        free(fresh);
        return rc;
    }
    fresh->refs = 2;
    cached *old = NULL;
    pthread_mutex_lock(&c->lock);
    if (c->current && c->current->table.version == fresh->table.version) {
        /* Somebody installed this version meanwhile. (A different one, newer
         * or, after a restore, older, replaces what is cached.) */
        fresh->refs = 0;
        c->current->refs++;
        *out = c->current;
    } else {
        old = c->current;
        c->current = fresh;
        *out = fresh;
        fresh = NULL;
    }
    c->current_mark = mark;
    pthread_mutex_unlock(&c->lock);
    if (fresh) {
        fg_guidance_table_release(&fresh->table);
        free(fresh);
    }
    if (old)
        unref(c, old);
    return 0;
}

/* The designations of region and the regions above it, from the cache or
 * the database; *out is new (the caller frees it). */
static int risk_chain(struct fg_guidance_cache *c, fg_db *db, int32_t region,
                      fg_risk_designation **out, size_t *out_n, fg_err *err)
{
    risk_slot *s = &c->risk[((uint32_t)region * 2654435761u) % RISK_SLOTS];
    pthread_mutex_lock(&c->lock);
    if (s->region == region && fg_store_watch_fresh(&s->mark, FG_WATCH_RISK)) {
        *out = malloc((s->n ? s->n : 1) * sizeof(**out));
        if (*out) {
            memcpy(*out, s->d, s->n * sizeof(**out));
            *out_n = s->n;
        }
        pthread_mutex_unlock(&c->lock);
        return *out ? 0 : fg_err_set(err, FG_ENOMEM, "out of memory");
    }
    pthread_mutex_unlock(&c->lock);
    fg_watch_mark mark = fg_store_watch_mark(FG_WATCH_RISK);
    int rc = fg_store_risk_chain(db, region, out, out_n, err);
    if (rc)
        return rc;
    fg_risk_designation *copy = malloc((*out_n ? *out_n : 1) * sizeof(*copy));
    if (!copy)
        return 0; /* the answer stands; it is just not kept */
    memcpy(copy, *out, *out_n * sizeof(*copy));
    pthread_mutex_lock(&c->lock);
    fg_risk_designation *old = s->d;
    s->region = region;
    s->mark = mark;
    s->d = copy;
    s->n = *out_n;
    pthread_mutex_unlock(&c->lock);
    free(old);
    return 0;
}

int fg_app_guidance_get(fg_app *app, fg_db *db, const fg_enterprise *e, const fg_enterprise_meta *m,
                        int32_t date, fg_app_guidance *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    cached *t = NULL;
    int rc = table_get(app->guidance, db, &t, err);
    if (rc)
        return rc;
    fg_risk_designation *d = NULL;
    size_t n = 0;
    if ((rc = risk_chain(app->guidance, db, e->region, &d, &n, err))) {
        unref(app->guidance, t);
        return rc;
    }
    fg_risk_resolve(e->region, date, d, n, &out->risk);
    out->risk_effective_on = out->risk.source_region >= 0 ? d[out->risk.index].effective_on : 0;
    free(d);
    out->in = (fg_guidance_input){out->risk.level, e->categories, m->whitelist, e->critical,
                                  (e->plan_levels & (1u << out->risk.level)) != 0};
    const char *route = NULL;
    if (fg_guidance_match(&t->table, &out->in, &out->rule)) {
        int version = t->table.version;
        unref(app->guidance, t);
        return fg_err_set(err, FG_EDB, "the guidance table (version %d) gave no answer", version);
    }
    /* A table may allow no restriction for an enterprise at any level; an
     * emergency order still goes ahead, and the local joint mechanism
     * confirms it (the route with the fewest steps). */
    if (fg_guidance_route(&t->table, &out->in, &route) || !(out->route = fg_route_find(route)))
        out->route = fg_route_find("general");
    out->table = &t->table;
    out->cache = app->guidance;
    out->entry = t;
    return 0;
}

void fg_app_guidance_release(fg_app_guidance *g)
{
    if (g->table)
        unref(g->cache, g->entry);
    g->table = NULL;
}

json_t *fg_app_guidance_json(const fg_app_guidance *g, const fg_enterprise *e, int32_t date)
{
    const fg_guidance_table *t = g->table;
    const fg_guidance_rule *rule = &t->rules[g->rule];
    fg_buf why;
    fg_buf_init(&why, 0);
    fg_guidance_explain(t, g->rule, &g->in, &why);
    char day[11], src[7] = "", eff[11] = "";
    fg_date_format(date, day);
    if (g->risk.source_region >= 0) {
        fg_region_format(g->risk.source_region, src);
        fg_date_format(g->risk_effective_on, eff);
    }
    json_t *cats = json_array();
    for (unsigned f = 1; f <= FG_CAT_RELATED_SERVICE; f <<= 1)
        if (e->categories & f)
            json_array_append_new(cats, json_string(fg_category_name(f)));
    json_t *out =
        json_pack("{s:s,s:s,s:{s:s,s:s?,s:s?},s:{s:s,s:i},s:s,s:O,s:b,s:s?,s:{s:s,s:s},"
                  "s:{s:s,s:o,s:b,s:b,s:b}}",
                  "uscc", e->uscc, "date", day, "risk", "level", fg_risk_name(g->risk.level),
                  "source_region", g->risk.source_region >= 0 ? src : NULL, "effective_on",
                  g->risk.source_region >= 0 ? eff : NULL, "rule", "id", rule->id, "table_version",
                  t->version, "mode", fg_mode_name(rule->mode), "measures", rule->measures,
                  "restriction_allowed", rule->restriction_allowed, "route", rule->route,
                  "explanation", "en", why.buf ? why.buf : "", "zh", rule->explanation_zh, "inputs",
                  "risk_level", fg_risk_name(g->in.risk), "categories", cats, "whitelist",
                  g->in.whitelist, "critical", g->in.critical, "plan_filed", g->in.plan_filed);
    fg_buf_release(&why);
    return out;
}

int fg_app_guidance_answer(fg_app *app, fg_db *db, const fg_enterprise *e,
                           const fg_enterprise_meta *m, int32_t date, json_t **out, fg_err *err)
{
    fg_app_guidance g;
    int rc = fg_app_guidance_get(app, db, e, m, date, &g, err);
    if (rc)
        return rc;
    *out = fg_app_guidance_json(&g, e, date);
    fg_app_guidance_release(&g);
    return *out ? 0 : fg_err_set(err, FG_ENOMEM, "out of memory");
}
