/* Production and contingency plans (issue 14, part "plans"): save, check,
 * file, approve or return; the plan in force for the county's level; the
 * enterprises lacking one; the sweep of plans waiting too long. Access is
 * checked here, core/plan.c decides, store/plans.c persists with the audit
 * entry. */
#include <stdlib.h>
#include <string.h>

#include "../core/region.h"
#include "../core/text.h"
#include "../sys/clock.h"
#include "app.h"

#define SWEEP_BATCH 200

static int allow(const fg_who *who, fg_action act, const fg_enterprise *e, fg_err *err)
{
    fg_target t = {e->region, e->uscc};
    return fg_access_check_enterprise(who->principal, act, &t, err);
}

int fg_app_plan_context(fg_db *db, const fg_enterprise *e, fg_risk_level level,
                        fg_plan_context *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    out->level = level;
    out->headcount = e->headcount;
    fg_chain_edges edges = {0};
    int rc = fg_store_chain_of(db, e->uscc, true, &edges, err);
    if (rc)
        return rc;
    char(*s)[FG_USCC_LEN + 1] = NULL;
    if (edges.n) {
        s = calloc(edges.n, sizeof(*s));
        if (!s) {
            fg_chain_edges_release(&edges);
            return fg_err_set(err, FG_ENOMEM, "out of memory");
        }
    }
    size_t n = 0;
    for (size_t i = 0; i < edges.n; i++) {
        bool seen = false;
        for (size_t k = 0; k < n && !seen; k++)
            seen = strcmp(s[k], edges.items[i].supplier) == 0;
        if (!seen)
            memcpy(s[n++], edges.items[i].supplier, FG_USCC_LEN + 1);
    }
    fg_chain_edges_release(&edges);
    out->suppliers = (const char(*)[FG_USCC_LEN + 1]) s;
    out->n_suppliers = n;
    return 0;
}

void fg_app_plan_context_release(fg_plan_context *ctx)
{
    free((void *)ctx->suppliers);
    ctx->suppliers = NULL;
    ctx->n_suppliers = 0;
}

static int check_body(fg_db *db, const fg_enterprise *e, fg_risk_level level, const json_t *body,
                      fg_plan_report *out, fg_err *err)
{
    fg_plan_context ctx;
    int rc = fg_app_plan_context(db, e, level, &ctx, err);
    if (rc)
        return rc;
    fg_plan_check(body, &ctx, out);
    fg_app_plan_context_release(&ctx);
    return 0;
}

int fg_app_plan_check(fg_app *app, fg_db *db, const fg_who *who, const fg_enterprise *e,
                      fg_risk_level level, const json_t *body, fg_plan_report *out, fg_err *err)
{
    (void)app;
    int rc = allow(who, FG_ACT_PLAN_WRITE, e, err);
    return rc ? rc : check_body(db, e, level, body, out, err);
}

static int incomplete(const fg_plan_report *r, fg_err *err)
{
    return fg_err_at(err, FG_EINVAL, "body", "plan.incomplete",
                     "the plan is not complete: {count:%zu} items are missing or short (see "
                     "items)",
                     r->n + r->dropped);
}

int fg_app_plan_save(fg_app *app, fg_db *db, const fg_who *who, const fg_enterprise *e,
                     fg_risk_level level, const json_t *body, int expected_version, int64_t now,
                     fg_plan_report *out_report, fg_err *err)
{
    (void)app;
    int rc = allow(who, FG_ACT_PLAN_WRITE, e, err);
    if (rc)
        return rc;
    if (!json_is_object(body))
        return fg_err_at(err, FG_EINVAL, "body", "plan.body",
                         "the plan is an object with its six parts");
    char *text = json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (!text)
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    if (strlen(text) > FG_PLAN_BODY_MAX) {
        free(text);
        return fg_err_at(err, FG_ETOOBIG, "body", "plan.too_big",
                         "a plan is at most {max:%d} bytes", FG_PLAN_BODY_MAX);
    }
    fg_plan_row before;
    rc = fg_store_plan_get(db, e->uscc, level, false, &before, err);
    bool exists = rc == 0;
    if (rc && rc != FG_ENOTFOUND) {
        free(text);
        return rc;
    }
    fg_plan_row r;
    memset(&r, 0, sizeof(r));
    int have = exists ? before.version : 0;
    if (expected_version >= 0 && expected_version != have)
        rc =
            fg_err_at(err, FG_ECONFLICT, "version", "plan.changed",
                      "the plan was changed meanwhile (version {version:%d} now); reload it", have);
    else
        rc = fg_plan_step(exists, exists ? before.state : FG_PLAN_DRAFT, FG_PLAN_SAVE, &r.state,
                          err);
    if (rc == 0)
        rc = check_body(db, e, level, body, out_report, err);
    if (rc == 0)
        rc = fg_store_guidance_version(db, &r.guidance_version, err);
    if (rc == 0) {
        fg_strlcpy(r.enterprise, e->uscc, sizeof(r.enterprise));
        r.region = e->region;
        r.level = level;
        r.complete = fg_plan_complete(out_report);
        rc = fg_store_plan_save(db, exists ? &before : NULL, &r, text, now, who->username, err);
        if (rc == FG_EEXIST) /* a first version saved meanwhile */
            rc = fg_err_at(err, FG_ECONFLICT, "version", "plan.changed",
                           "the plan was changed meanwhile (version {version:%d} now); reload it",
                           1);
    }
    free(text);
    if (exists)
        fg_plan_row_release(&before);
    return rc;
}

/* Loads the plan at `level` with its body and checks it is still at `version`. */
static int load_at(fg_db *db, const fg_enterprise *e, fg_risk_level level, int version,
                   fg_plan_row *out, fg_err *err)
{
    int rc = fg_store_plan_get(db, e->uscc, level, true, out, err);
    if (rc)
        return rc;
    if (out->version != version) {
        fg_plan_row_release(out);
        return fg_err_at(err, FG_ECONFLICT, "version", "plan.changed",
                         "the plan was changed meanwhile (version {version:%d} now); reload it",
                         out->version);
    }
    return 0;
}

int fg_app_plan_file(fg_app *app, fg_db *db, const fg_who *who, const fg_enterprise *e,
                     fg_risk_level level, int version, int64_t now, fg_plan_report *out_report,
                     fg_err *err)
{
    (void)app;
    memset(out_report, 0, sizeof(*out_report));
    int rc = allow(who, FG_ACT_PLAN_WRITE, e, err);
    if (rc)
        return rc;
    fg_plan_row r;
    if ((rc = load_at(db, e, level, version, &r, err)))
        return rc == FG_ENOTFOUND
                   ? fg_plan_step(false, FG_PLAN_DRAFT, FG_PLAN_FILE, &(fg_plan_state){0}, err)
                   : rc;
    fg_plan_row after = r;
    rc = fg_plan_step(true, r.state, FG_PLAN_FILE, &after.state, err);
    if (rc == 0)
        rc = check_body(db, e, level, r.body, out_report, err);
    if (rc == 0 && !fg_plan_complete(out_report))
        rc = incomplete(out_report, err);
    if (rc == 0) {
        after.filed_at = now;
        after.overdue_at = 0;
        rc = fg_store_plan_update(db, &r, &after, "plan.file", now, who->username, err);
    }
    fg_plan_row_release(&r);
    return rc;
}

int fg_app_plan_decide(fg_app *app, fg_db *db, const fg_who *who, const fg_enterprise *e,
                       fg_risk_level level, bool approve, int version, const json_t *reasons,
                       int64_t now, fg_plan_report *out_report, fg_err *err)
{
    (void)app;
    memset(out_report, 0, sizeof(*out_report));
    int rc = allow(who, FG_ACT_PLAN_REVIEW, e, err);
    if (rc)
        return rc;
    if (!approve) {
        size_t i;
        const json_t *v;
        if (!json_is_array(reasons) || json_array_size(reasons) == 0 ||
            json_array_size(reasons) > FG_PLAN_REASONS_MAX)
            return fg_err_at(err, FG_EINVAL, "reasons", "plan.reasons",
                             "a plan is returned with 1 to {max:%d} reasons", FG_PLAN_REASONS_MAX);
        json_array_foreach(reasons, i, v)
        {
            const char *s = json_string_value(v);
            if (!s || fg_text_visible(s) == 0 || fg_utf8_check(s, strlen(s)) ||
                fg_utf8_len(s) > FG_PLAN_TEXT_MAX)
                return fg_err_at(err, FG_EINVAL, "reasons", "plan.reason_text",
                                 "reason {n:%zu} must be a text of 1 to {max:%d} characters", i + 1,
                                 FG_PLAN_TEXT_MAX);
        }
    }
    fg_plan_row r;
    if ((rc = load_at(db, e, level, version, &r, err)))
        return rc;
    fg_plan_row after = r;
    after.reasons = NULL;
    rc = fg_plan_step(true, r.state, approve ? FG_PLAN_APPROVE : FG_PLAN_RETURN, &after.state, err);
    if (rc == 0 && approve) {
        /* The suppliers may have changed since it was filed: check again. */
        rc = check_body(db, e, level, r.body, out_report, err);
        if (rc == 0 && !fg_plan_complete(out_report))
            rc = incomplete(out_report, err);
    }
    if (rc == 0) {
        after.decided_at = now;
        fg_strlcpy(after.decided_by, who->username, sizeof(after.decided_by));
        after.overdue_at = 0;
        if (approve) {
            after.approved_version = r.version;
            after.approved_guidance = r.guidance_version;
            after.reasons = json_array();
        } else {
            after.reasons = json_deep_copy(reasons);
        }
        rc = after.reasons
                 ? fg_store_plan_update(db, &r, &after, approve ? "plan.approve" : "plan.return",
                                        now, who->username, err)
                 : fg_err_set(err, FG_ENOMEM, "out of memory");
    }
    json_decref(after.reasons);
    fg_plan_row_release(&r);
    return rc;
}

int fg_app_plan_in_force(fg_app *app, fg_db *db, const fg_enterprise *e, int32_t date,
                         fg_app_plan_force *out, fg_err *err)
{
    (void)app;
    memset(out, 0, sizeof(*out));
    fg_risk_designation *d = NULL;
    size_t n = 0;
    int rc = fg_store_risk_chain(db, e->region, &d, &n, err);
    if (rc)
        return rc;
    fg_plan_row rows[3];
    size_t nr = 0;
    if ((rc = fg_store_plans_of(db, e->uscc, rows, &nr, err)) ||
        (rc = fg_store_guidance_version(db, &out->guidance_version, err))) {
        free(d);
        return rc;
    }
    fg_plan_summary sum[3];
    for (size_t i = 0; i < nr; i++)
        sum[i] = (fg_plan_summary){rows[i].level, rows[i].state, rows[i].approved_version};
    int idx;
    out->approved = fg_plan_in_force(e->region, date, d, n, sum, nr, &out->level, &idx);
    fg_risk_resolution res;
    fg_risk_resolve(e->region, date, d, n, &res);
    out->level_since = res.index >= 0 ? d[res.index].effective_on : 0;
    out->state = idx >= 0 ? (int)rows[idx].state : -1;
    out->approved_version = idx >= 0 ? rows[idx].approved_version : 0;
    out->superseded = idx >= 0 && rows[idx].approved_version > 0 &&
                      rows[idx].approved_guidance < out->guidance_version;
    for (size_t i = 0; i < nr; i++)
        fg_plan_row_release(&rows[i]);
    free(d);
    return 0;
}

typedef struct lacking_ctx {
    int32_t date;
    const fg_risk_designation *d; /* every designation (borrowed) */
    size_t n_d;
    int32_t county; /* the county whose level is cached, -1 none */
    fg_risk_level level;
    int (*fn)(const fg_plan_holdings *h, fg_risk_level level, void *ctx);
    void *ctx;
} lacking_ctx;

static int lacking_row(const fg_plan_holdings *h, void *vctx)
{
    lacking_ctx *x = vctx;
    if (h->region != x->county) {
        fg_risk_resolution res;
        fg_risk_resolve(h->region, x->date, x->d, x->n_d, &res);
        x->county = h->region;
        x->level = res.level;
    }
    if (h->approved & (1u << x->level))
        return 0;
    return x->fn(h, x->level, x->ctx);
}

int fg_app_plan_lacking(fg_app *app, fg_db *db, const fg_who *who, int32_t region, int32_t date,
                        int (*fn)(const fg_plan_holdings *h, fg_risk_level level, void *ctx),
                        void *ctx, fg_err *err)
{
    (void)app;
    if (!fg_role_has_region(who->principal->role))
        return fg_err_at(err, FG_EPERM, "region", "plan.lacking_region",
                         "the list of enterprises lacking a plan is for a region's officials");
    fg_target t = {region, NULL};
    int rc = fg_access_check(who->principal, FG_ACT_PLAN_READ, &t, err);
    if (rc)
        return rc;
    int32_t lo, hi;
    fg_region_range(region, &lo, &hi);
    /* Every designation first (a few per county at most), so that no query
     * runs while the holdings are read. */
    fg_risk_designation *d = NULL;
    size_t n = 0;
    if ((rc = fg_store_risk_all(db, &d, &n, err)))
        return rc;
    lacking_ctx x = {date, d, n, -1, FG_RISK_LOW, fn, ctx};
    rc = fg_store_plan_holdings(db, lo, hi, lacking_row, &x, err);
    free(d);
    return rc;
}

int fg_app_plan_sweep(fg_app *app, fg_db *db, int64_t now, size_t *out_n, fg_err *err)
{
    *out_n = 0;
    int64_t wait = app && app->plan_review_ms > 0 ? app->plan_review_ms : FG_PLAN_REVIEW_MS;
    char(*uscc)[FG_USCC_LEN + 1] = malloc(SWEEP_BATCH * sizeof(*uscc));
    fg_risk_level *levels = malloc(SWEEP_BATCH * sizeof(*levels));
    int rc = uscc && levels ? 0 : fg_err_set(err, FG_ENOMEM, "out of memory");
    size_t n = 0;
    if (rc == 0)
        rc = fg_store_plans_waiting(db, now - wait, uscc, levels, SWEEP_BATCH, &n, err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        fg_plan_row r;
        if ((rc = fg_store_plan_get(db, uscc[i], levels[i], false, &r, err)))
            break;
        fg_plan_row after = r;
        after.overdue_at = now;
        rc = fg_store_plan_update(db, &r, &after, "plan.overdue", now, "system", err);
        if (rc == 0)
            (*out_n)++;
        else if (rc == FG_ECONFLICT) /* decided meanwhile */
            rc = 0;
        fg_plan_row_release(&r);
    }
    free(uscc);
    free(levels);
    return rc;
}
