/* The critical-link mark and the chain impact report stored on every order
 * (issue 12, part "critical"): the analysis mark of one enterprise and its
 * impact report from one load of the chain (app/chain_analysis.c), the
 * refresh of every analysis mark when the chain or the listings changed (a
 * sweep row), and the provincial industry authority's manual mark. */
#include <stdlib.h>
#include <string.h>

#include "../core/critical.h"
#include "../core/date.h"
#include "../core/region.h"
#include "../core/supply.h"
#include "app.h"

#define REPORT_MAX_HITS 50 /* enterprises named in one report */
#define SOLE_MAX 8         /* inputs named as the sole-source reason */

/* An enterprise of the graph by name and county. */
static json_t *node_json(fg_db *db, const fg_app_chain *c, uint32_t v)
{
    char code[7];
    fg_region_format(c->data.region[v], code);
    fg_region_row reg;
    fg_enterprise e;
    fg_err ignored;
    fg_err_init(&ignored);
    bool named = fg_store_region_get(db, c->data.region[v], &reg, &ignored) == 0;
    json_t *j = json_pack("{s:s,s:s,s:s,s:b,s:b}", "uscc", c->data.uscc[v], "region", code,
                          "region_name", named ? reg.name : "", "whitelist",
                          (c->data.flags[v] & FG_CHAIN_GRAPH_WHITELIST) != 0, "livelihood",
                          (c->data.flags[v] & FG_CHAIN_GRAPH_LIVELIHOOD) != 0);
    if (j && fg_store_enterprise_get(db, c->data.uscc[v], 0, &e, NULL, &ignored) == 0)
        json_object_set_new(j, "name", json_string(e.name));
    return j;
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* The provinces the hits are in, by code, with their names (new array). */
static json_t *provinces_json(fg_db *db, const fg_app_chain *c, const fg_chain_impact *imp)
{
    json_t *out = json_array();
    int32_t *p = malloc((imp->nhits ? imp->nhits : 1) * sizeof(*p));
    if (!p)
        return out;
    size_t n = 0;
    for (size_t i = 0; i < imp->nhits; i++)
        if (imp->hits[i].node != imp->node)
            p[n++] = c->data.region[imp->hits[i].node] / 10000 * 10000;
    qsort(p, n, sizeof(*p), cmp_i32);
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && p[i] == p[i - 1])
            continue;
        char code[7];
        fg_region_format(p[i], code);
        fg_region_row reg;
        fg_err ignored;
        fg_err_init(&ignored);
        bool named = fg_store_region_get(db, p[i], &reg, &ignored) == 0;
        json_array_append_new(out,
                              json_pack("{s:s,s:s}", "code", code, "name", named ? reg.name : ""));
    }
    free(p);
    return out;
}

int fg_app_assess(fg_db *db, const fg_app_chain *c, const fg_enterprise *e, bool whitelist,
                  int64_t now, fg_app_assessment *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    out->state.whitelist = whitelist;
    int rc = fg_store_critical_manual_has(db, e->uscc, &out->state.manual, err);
    if (rc)
        return rc;
    long v = fg_app_chain_find(c, e->uscc);
    /* In the chain: an end of some supply edge (as fg_store_chain_linked). */
    if (v >= 0 && c->g.node_grp[v + 1] == c->g.node_grp[v] &&
        c->g.out_off[v + 1] == c->g.out_off[v])
        v = -1;
    out->in_chain = v >= 0;
    json_t *horizons = json_array(), *hits = json_array(), *provinces = NULL, *sole = json_array();
    int64_t capacity = 0;
    bool stalled = false;
    if (v >= 0) {
        fg_chain_mark_of(&c->g, &c->a, (uint32_t)v, FG_CRITICAL_PROVINCE_SHARE, &out->mark);
        out->state.analysis = out->mark.critical ? out->mark.reason : FG_CHAIN_CRIT_NONE;
        stalled = c->a.stall[v] != FG_CHAIN_NEVER;
        fg_chain_impact imp;
        fg_chain_impact_init(&imp);
        if ((rc = fg_chain_impact_of(&c->g, &c->a, (uint32_t)v, &imp, err))) {
            json_decref(horizons);
            json_decref(hits);
            json_decref(sole);
            return rc;
        }
        for (int h = 0; h < FG_CHAIN_HORIZONS; h++)
            json_array_append_new(horizons,
                                  json_pack("{s:i,s:I,s:I,s:I}", "days", fg_chain_horizon_days[h],
                                            "stall", (json_int_t)imp.stall[h], "whitelist",
                                            (json_int_t)imp.whitelist[h], "livelihood",
                                            (json_int_t)imp.livelihood[h]));
        capacity = imp.capacity;
        provinces = provinces_json(db, c, &imp);
        /* White-list members first (whom the evaluators must weigh most), then by day. */
        size_t listed = 0;
        for (int pass = 0; pass < 2; pass++)
            for (size_t i = 0; i < imp.nhits && listed < REPORT_MAX_HITS; i++) {
                uint32_t u = imp.hits[i].node;
                bool wl = (c->data.flags[u] & FG_CHAIN_GRAPH_WHITELIST) != 0;
                if (u == (uint32_t)v || wl != (pass == 0))
                    continue;
                json_t *n = node_json(db, c, u);
                json_object_set_new(n, "day", json_integer(imp.hits[i].day));
                json_array_append_new(hits, n);
                listed++;
            }
        fg_chain_impact_release(&imp);
        uint32_t in[SOLE_MAX];
        size_t ns = fg_chain_sole_inputs(&c->g, (uint32_t)v, in, SOLE_MAX);
        for (size_t k = 0; k < ns && k < SOLE_MAX; k++)
            json_array_append_new(sole, json_string(fg_input_name((fg_input)in[k])));
    } else {
        for (int h = 0; h < FG_CHAIN_HORIZONS; h++)
            json_array_append_new(horizons,
                                  json_pack("{s:i,s:i,s:i,s:i}", "days", fg_chain_horizon_days[h],
                                            "stall", 0, "whitelist", 0, "livelihood", 0));
        provinces = json_array();
    }
    char at[25];
    fg_time_format(now, at);
    const fg_critical_state *s = &out->state;
    json_t *crit =
        json_pack("{s:b,s:b,s:b,s:s,s:s,s:I,s:I,s:I,s:I,s:i,s:o}", "critical",
                  fg_critical_marked(s), "whitelist", s->whitelist, "manual", s->manual, "basis",
                  s->analysis != FG_CHAIN_CRIT_NONE ? fg_chain_crit_name(s->analysis)
                                                    : (s->manual ? "manual" : "none"),
                  "analysis", fg_chain_crit_name(s->analysis), "dominated_whitelist",
                  (json_int_t)out->mark.dominated_whitelist, "sole_whitelist",
                  (json_int_t)out->mark.sole_whitelist, "dominated_capacity",
                  (json_int_t)out->mark.dominated_capacity, "province_capacity",
                  (json_int_t)out->mark.province_capacity, "share_permille",
                  (int)(out->mark.share * 1000.0 + 0.5), "sole_inputs", sole);
    out->report = json_pack(
        "{s:s,s:s,s:s,s:b,s:b,s:o,s:I,s:I,s:o,s:o,s:o}", "computed_at", at, "uscc", e->uscc, "name",
        e->name, "in_chain", out->in_chain, "stalled_already", stalled, "horizons", horizons,
        "provinces", (json_int_t)json_array_size(provinces), "capacity", (json_int_t)capacity,
        "province_list", provinces, "hits", hits, "critical", crit);
    if (!out->report)
        return fg_err_set(err, FG_ENOMEM, "out of memory writing the impact report");
    return 0;
}

void fg_app_assessment_release(fg_app_assessment *a)
{
    json_decref(a->report);
    a->report = NULL;
}

int fg_app_order_assess(fg_db *db, const fg_enterprise *e, bool whitelist, int64_t now,
                        fg_app_assessment *out, fg_err *err)
{
    /* An enterprise with no supply edge is in no chain: no mark, nothing
     * stalls; the whole graph is not loaded for it. */
    bool linked;
    int rc = fg_store_chain_linked(db, e->uscc, &linked, err);
    if (rc)
        return rc;
    fg_app_chain c;
    if (!linked) {
        memset(&c, 0, sizeof(c));
        return fg_app_assess(db, &c, e, whitelist, now, out, err);
    }
    rc = fg_app_chain_load(db, now, 0, e->uscc, &c, err);
    if (rc)
        return rc;
    rc = fg_app_assess(db, &c, e, whitelist, now, out, err);
    fg_app_chain_release(&c);
    return rc;
}

int fg_app_assessment_store(fg_tx *tx, const fg_enterprise *e, const char *order_id, size_t step,
                            const fg_app_assessment *a, fg_err *err)
{
    fg_critical_stored st;
    bool found, changed;
    int rc = fg_store_critical_analysis_get(tx->db, e->uscc, &st, &found, err);
    if (rc == 0)
        rc = fg_store_critical_analysis_put(tx, e->uscc, e->region, found ? &st : NULL,
                                            a->in_chain ? &a->mark : NULL, &changed, err);
    if (rc || !order_id)
        return rc;
    char *text = json_dumps(a->report, JSON_COMPACT);
    if (!text)
        return fg_err_set(err, FG_ENOMEM, "out of memory writing the impact report");
    rc = fg_store_order_machine_put(tx, order_id, step, text, err);
    free(text);
    return rc;
}

static int cmp_stored(const void *a, const void *b)
{
    return strcmp(((const fg_critical_stored *)a)->enterprise,
                  ((const fg_critical_stored *)b)->enterprise);
}

int fg_app_critical_refresh(fg_app *app, fg_db *db, int64_t now, bool force, size_t *out_changed,
                            fg_err *err)
{
    (void)app;
    *out_changed = 0;
    char fp[160], was[160];
    int64_t at;
    int rc = fg_store_critical_fingerprint(db, fp, err);
    rc = rc ? rc : fg_store_critical_refreshed(db, was, &at, err);
    if (rc || (!force && strcmp(fp, was) == 0))
        return rc;
    fg_app_chain c;
    if ((rc = fg_app_chain_load(db, now, 0, NULL, &c, err)))
        return rc;
    /* The stored marks are read inside the write transaction, after taking
     * the chain head (which serialises writers on both engines): a refresh
     * running at the same time elsewhere (the server's sweep beside `fugong
     * orders settle`) has then committed, and this one sees its rows — or,
     * the fingerprint recorded already being this one, has nothing to do. */
    fg_tx tx;
    if ((rc = fg_tx_begin(&tx, db, now, "system", err))) {
        fg_app_chain_release(&c);
        return rc;
    }
    fg_critical_stored *stored = NULL;
    size_t ns = 0;
    rc = fg_tx_lock(&tx, 0, err);
    rc = rc ? rc : fg_store_critical_refreshed(db, was, &at, err);
    if (rc == 0 && !force && strcmp(fp, was) == 0) {
        fg_tx_log_only(&tx, "another refresh recorded the same fingerprint meanwhile");
        fg_app_chain_release(&c);
        return fg_tx_end(&tx, 0, err);
    }
    rc = rc ? rc : fg_store_critical_analysis_list(db, &stored, &ns, err);
    if (rc) {
        fg_app_chain_release(&c);
        return fg_tx_end(&tx, rc, err);
    }
    if (ns > 1)
        qsort(stored, ns, sizeof(*stored), cmp_stored);
    int64_t marked = 0;
    for (uint32_t v = 0; rc == 0 && v < c.g.n; v++) {
        fg_chain_mark m;
        fg_chain_mark_of(&c.g, &c.a, v, FG_CRITICAL_PROVINCE_SHARE, &m);
        fg_critical_stored key;
        fg_strlcpy(key.enterprise, c.data.uscc[v], sizeof(key.enterprise));
        const fg_critical_stored *s =
            ns ? bsearch(&key, stored, ns, sizeof(*stored), cmp_stored) : NULL;
        bool changed = false;
        rc = fg_store_critical_analysis_put(&tx, c.data.uscc[v], c.data.region[v], s, &m, &changed,
                                            err);
        marked += m.critical;
        *out_changed += changed;
    }
    if (rc == 0 && *out_changed == 0)
        fg_tx_log_only(&tx, "the refresh of the analysis marks changed none: only the "
                            "fingerprint it was computed from is recorded");
    rc = rc ? rc : fg_store_critical_refresh_set(&tx, fp, marked, err);
    rc = fg_tx_end(&tx, rc, err);
    free(stored);
    fg_app_chain_release(&c);
    if (rc)
        *out_changed = 0;
    return rc;
}

int fg_app_critical_manual(fg_app *app, fg_db *db, const fg_who *who, const char *uscc, bool marked,
                           const char *reason, int64_t now, fg_err *err)
{
    (void)app;
    fg_enterprise e;
    int rc = fg_access_check_role(who->principal, FG_ACT_CRITICAL_MARK, err);
    if (rc || (rc = fg_store_enterprise_get(db, uscc, now, &e, NULL, err)))
        return rc;
    fg_target t = {e.region, e.uscc};
    if ((rc = fg_access_check_enterprise(who->principal, FG_ACT_CRITICAL_MARK, &t, err)) ||
        (rc = fg_critical_manual_check(who->principal, e.region, reason, err)))
        return rc;
    fg_tx tx;
    if ((rc = fg_tx_begin(&tx, db, now, who->username, err)))
        return rc;
    rc = fg_store_critical_manual_set(&tx, e.uscc, e.region, marked, reason, err);
    return fg_tx_end(&tx, rc, err);
}
