/* Stop/limit orders: proposing one (with the blanket-shutdown check in the
 * same transaction), acting on it, resumption. The core decides every step
 * (core/order.h); this file loads what it needs and persists the outcome. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/region.h"
#include "../sys/clock.h"
#include "app.h"

#define HOUR_MS (3600LL * 1000)

/* The blanket-shutdown check for the county of the order just stored inside
 * tx: raises an alarm once per window when the core flags it. */
static int blanket_check(fg_app *app, fg_tx *tx, int32_t region, fg_proposed *out, fg_err *err)
{
    const fg_order_limits *lim = &app->limits;
    int64_t since = tx->now_ms - (int64_t)lim->alarm_window_hours * HOUR_MS;
    int64_t recent, firms, open;
    int rc = fg_store_county_orders(tx->db, region, since, &recent, &firms, &open, err);
    if (rc)
        return rc;
    fg_blanket b;
    fg_blanket_check((size_t)recent, (size_t)firms, lim, &b);
    if (!b.flagged || open > 0)
        return 0;
    char detail[300], code[7];
    fg_region_format(region, code);
    snprintf(detail, sizeof(detail),
             "%lld orders proposed in %s within %d h against %lld enterprises (%.1f %%); "
             "limits: more than %d %% or more than %d orders",
             (long long)recent, code, lim->alarm_window_hours, (long long)firms, b.share * 100.0,
             lim->alarm_share_pct, lim->alarm_count);
    fg_alarm_new a = {region, recent, firms, lim->alarm_window_hours, detail};
    rc = fg_store_alarm_raise(tx, &a, out->alarm_id, err);
    out->alarm_raised = rc == 0;
    return rc;
}

int fg_app_order_propose(fg_app *app, fg_db *db, const fg_who *who, const fg_proposal *p,
                         int64_t now, fg_proposed *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    fg_enterprise e;
    fg_enterprise_meta m;
    int rc = fg_access_check_role(who->principal, FG_ACT_ORDER_PROPOSE, err);
    if (rc || (rc = fg_store_enterprise_get(db, p->uscc, now, &e, &m, err)))
        return rc;
    fg_target t = {e.region, e.uscc};
    if ((rc = fg_access_check_enterprise(who->principal, FG_ACT_ORDER_PROPOSE, &t, err)))
        return rc;
    /* The guidance decides whether a restriction may be proposed at all, and
     * the route; only an emergency (a confirmed case on site) goes ahead
     * where it says no. */
    int32_t today = fg_clock_date(now);
    /* critical-link marks (issue 12): the chain says whether the enterprise
     * is at a critical link (the analysis mark, fresh from this load, or the
     * manual mark) and what its stop does; the mark, not a typed flag, feeds
     * the guidance's route, and the report is stored with the order. */
    fg_app_assessment as;
    if ((rc = fg_app_order_assess(db, &e, m.whitelist, now, &as, err)))
        return rc;
    e.critical = fg_critical_marked(&as.state);
    fg_app_guidance g;
    if ((rc = fg_app_guidance_get(app, db, &e, &m, today, &g, err))) {
        fg_app_assessment_release(&as);
        return rc;
    }
    const fg_guidance_rule *rule = &g.table->rules[g.rule];
    if (!rule->restriction_allowed && !p->emergency) {
        out->guidance = fg_app_guidance_json(&g, &e, today);
        rc = fg_err_at(err, FG_EINVAL, "measure", "order.restriction_not_allowed",
                       "the guidance for this enterprise (rule {rule:%s}) allows no stop or limit; "
                       "only an emergency provisional order may be proposed",
                       rule->id);
        fg_app_guidance_release(&g);
        fg_app_assessment_release(&as);
        return rc;
    }
    fg_order_row row;
    memset(&row, 0, sizeof(row));
    rc = fg_order_propose(&row.o, g.route, e.region, p->measure, p->percent, p->starts_at,
                          p->ends_at, p->emergency, now, &app->limits, err);
    fg_app_guidance_release(&g);
    if (rc) {
        fg_app_assessment_release(&as);
        return rc;
    }
    fg_strlcpy(row.enterprise, e.uscc, sizeof(row.enterprise));
    fg_strlcpy(row.enterprise_name, e.name, sizeof(row.enterprise_name));
    fg_tx tx;
    if ((rc = fg_tx_begin(&tx, db, now, who->username, err))) {
        fg_app_assessment_release(&as);
        return rc;
    }
    rc = fg_store_order_insert(&tx, &row, p->reason, p->evidence,
                               fg_order_lapses_at(&row.o, &app->limits), fg_role_name(who->role),
                               err);
    rc = rc ? rc : fg_app_assessment_store(&tx, &e, row.id, row.o.step, &as, err);
    fg_app_assessment_release(&as);
    rc = rc ? rc : blanket_check(app, &tx, e.region, out, err);
    if ((rc = fg_tx_end(&tx, rc, err))) {
        out->alarm_raised = false;
        return rc;
    }
    fg_strlcpy(out->id, row.id, sizeof(out->id));
    /* policies (issue 15, part "reach"): an emergency order is in force as
     * it is proposed */
    if (row.o.state == FG_ORDER_IN_FORCE)
        fg_app_policy_rematch_after(app, db, e.uscc, now, "propose");
    return 0;
}

static bool is_proposer(const fg_who *who, const fg_order_row *row)
{
    return strcmp(who->username, row->proposed_by) == 0;
}

bool fg_app_order_may(const fg_app *app, const fg_who *who, const fg_order_row *row,
                      fg_order_action a, int64_t now)
{
    fg_err ignored;
    return fg_order_check(&row->o, a, who->principal, a != FG_ORDER_RESUME && is_proposer(who, row),
                          now, &app->limits, &ignored) == 0;
}

int fg_app_order_act(fg_app *app, fg_db *db, const fg_who *who, const fg_order_row *row,
                     const fg_order_act *a, int64_t now, int *out_current_version, fg_err *err)
{
    const fg_order_limits *lim = &app->limits;
    *out_current_version = row->version;
    /* A stale version first: whoever acted on the same step a moment ago won. */
    if (a->version != row->version)
        return fg_err_at(err, FG_ECONFLICT, "version", "order.changed",
                         "the order changed since you read it; reload it and act again");
    int rc =
        fg_order_check(&row->o, a->action, who->principal, is_proposer(who, row), now, lim, err);
    if (rc)
        return rc;
    bool evaluating = (a->action == FG_ORDER_APPROVE || a->action == FG_ORDER_REJECT) &&
                      row->o.route->steps[row->o.step].kind == FG_STEP_EVALUATE;
    if (evaluating && a->action == FG_ORDER_APPROVE && !a->assessment)
        return fg_err_at(err, FG_EINVAL, "assessment", "order.assessment_required",
                         "an evaluating step records its assessment ({min:%d} to {max:%d} "
                         "characters): the impact on the enterprise, its chain and its workers, "
                         "and why the measure is needed",
                         10, 8000);
    fg_order after = row->o;
    if ((rc = fg_order_apply(&after, a->action, a->reason, now, lim, err)))
        return rc;
    /* A returned order is revised as it is resubmitted: reason, evidence and
     * end, each optional, checked as at proposal. */
    fg_order_change c = {0};
    if (a->action == FG_ORDER_RESUBMIT) {
        int64_t ends = a->has_revised_ends ? a->revised_ends_at : row->o.ends_at;
        if ((rc = fg_order_revise_check(&row->o, ends, now, lim, err)))
            return rc;
        after.ends_at = ends;
        if (a->revised_reason || a->revised_evidence || ends != row->o.ends_at) {
            c.revised_reason = a->revised_reason ? a->revised_reason : row->reason;
            c.revised_evidence = a->revised_evidence ? a->revised_evidence : row->evidence;
        }
    }
    /* critical-link marks (issue 12): the impact report is refreshed at each
     * step, in the step's transaction */
    fg_enterprise e;
    fg_enterprise_meta m;
    fg_app_assessment as;
    memset(&as, 0, sizeof(as));
    if ((rc = fg_store_enterprise_get(db, row->enterprise, now, &e, &m, err)) ||
        (rc = fg_app_order_assess(db, &e, m.whitelist, now, &as, err)))
        return rc;
    char *report = json_dumps(as.report, JSON_COMPACT);
    fg_app_assessment_release(&as);
    if (!report)
        return fg_err_set(err, FG_ENOMEM, "out of memory writing the impact report");
    c.machine = report;
    c.name = fg_order_action_name(a->action);
    c.comment = a->reason;
    c.assessment = evaluating ? a->assessment : NULL;
    c.actor = who->username;
    c.role = fg_role_name(who->role);
    rc = fg_store_order_update(db, row, &after, &c, now, err);
    free(report);
    if (rc == FG_ECONFLICT)
        *out_current_version = row->version + 1;
    /* policies (issue 15, part "reach"): an order into or out of force
     * changes the days its enterprise was stopped or limited */
    if (rc == 0 && after.state != row->o.state)
        fg_app_policy_rematch_after(app, db, row->enterprise, now, c.name);
    return rc;
}

int fg_app_resumption_apply(fg_app *app, fg_db *db, const fg_who *who, const fg_order_row *row,
                            const char *measures, int64_t now, char out_id[37], fg_err *err)
{
    fg_target t = {row->o.region, row->enterprise};
    int rc = fg_access_check(who->principal, FG_ACT_RESUMPTION_APPLY, &t, err);
    rc = rc ? rc : fg_resumption_check(&row->o, measures, now, &app->limits, err);
    return rc ? rc
              : fg_store_resumption_apply(db, row, measures,
                                          fg_resumption_due(now, row->whitelist, &app->limits), now,
                                          who->username, out_id, err);
}

int fg_app_resumption_decide(fg_app *app, fg_db *db, const fg_who *who, const char *id,
                             bool approve, const char *reason, int64_t now, char out_order[37],
                             fg_err *err)
{
    fg_resumption ra;
    int rc = fg_store_resumption_get(db, id, &ra, err);
    if (rc)
        return rc;
    fg_target t = {ra.region, ra.enterprise};
    if ((rc = fg_access_check_role(who->principal, FG_ACT_ORDER_READ, err)))
        return rc;
    if (fg_access_check(who->principal, FG_ACT_ORDER_READ, &t, NULL)) /* as none (issue 16) */
        return fg_err_at(err, FG_ENOTFOUND, "id", "resumption.not_found",
                         "no resumption application {id:%.40s}", id);
    fg_order_row row;
    if ((rc = fg_store_order_get(db, ra.order, &row, err)))
        return rc;
    fg_strlcpy(out_order, row.id, 37);
    fg_order after = row.o;
    if (!ra.pending)
        rc = fg_err_at(err, FG_ECONFLICT, NULL, "resumption.decided",
                       "the application was already decided");
    else if ((rc = fg_order_check(&row.o, FG_ORDER_RESUME, who->principal, false, now, &app->limits,
                                  err)) == 0 &&
             approve)
        rc = fg_order_apply(&after, FG_ORDER_RESUME, reason, now, &app->limits, err);
    if (rc == 0) {
        fg_order_change c = {0};
        c.name = approve ? "approve_resumption" : "reject_resumption";
        c.comment = reason;
        c.resumption_id = ra.id;
        c.resumption_approved = approve;
        c.in_tx = approve ? fg_app_service_flags_raise : NULL; /* related services in step */
        c.actor = who->username;
        c.role = fg_role_name(who->role);
        rc = fg_store_order_update(db, &row, &after, &c, now, err);
        /* policies (issue 15, part "reach"): out of force */
        if (rc == 0 && after.state != row.o.state)
            fg_app_policy_rematch_after(app, db, row.enterprise, now, c.name);
    }
    fg_order_row_release(&row);
    return rc;
}
