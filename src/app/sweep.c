/* The deadline sweeps: what time does to the records, written down with
 * audit entries by "system". One row per sweeper; the server runs the table
 * on a timer, `fugong orders settle` runs it once. Reads already see the
 * effect of time through the clock; a sweep records it. */
#include <stdio.h>
#include <string.h>

#include "app.h"

#define SETTLE_BATCH 500

static void count(fg_sweep_report *r, const char *name, size_t n)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->counts[i].name, name) == 0) {
            r->counts[i].count += n;
            return;
        }
    if (r->n < sizeof(r->counts) / sizeof(r->counts[0]))
        r->counts[r->n++] = (struct fg_sweep_count){name, n};
}

/* Settles one order: expiry at its end and an emergency's lapse (the core's
 * state at `now`), or escalation of a waiting step past its deadline. */
static int settle_order(fg_app *app, fg_db *db, const char *id, int64_t now, fg_sweep_report *out,
                        fg_err *err)
{
    fg_order_row r;
    int rc = fg_store_order_get(db, id, &r, err);
    if (rc)
        return rc;
    const fg_order_limits *lim = &app->limits;
    fg_order after = r.o;
    after.state = fg_order_state_at(&r.o, now, lim);
    fg_order_change c = {0};
    c.actor = "system";
    c.role = "system";
    char comment[160];
    c.comment = comment;
    const char *counted;
    if (after.state == FG_ORDER_EXPIRED || after.state == FG_ORDER_LAPSED) {
        bool lapsed = after.state == FG_ORDER_LAPSED;
        after.ended_at = lapsed ? fg_order_lapses_at(&r.o, lim) : r.o.ends_at;
        c.name = lapsed ? "lapse" : "expire";
        snprintf(comment, sizeof(comment), "%s",
                 lapsed ? "the emergency order was not confirmed by its route within the "
                          "provisional window"
                        : "the order reached its end time");
        counted = lapsed ? "lapsed" : "expired";
    } else if (fg_order_overdue(&r.o, now) && !r.escalated) {
        c.name = "escalate";
        c.escalate = true;
        snprintf(comment, sizeof(comment),
                 "the step '%s' passed its deadline; the level above may now take it",
                 r.o.step < r.o.route->n ? r.o.route->steps[r.o.step].name : "");
        counted = "escalated";
    } else {
        fg_order_row_release(&r);
        return 0;
    }
    rc = fg_store_order_update(db, &r, &after, &c, now, err);
    if (rc == 0) {
        count(out, counted, 1);
        /* policies (issue 15, part "reach"): its enterprise's days under
         * orders changed */
        if (after.state == FG_ORDER_EXPIRED || after.state == FG_ORDER_LAPSED)
            fg_app_policy_rematch_after(app, db, r.enterprise, now, c.name);
    } else if (rc == FG_ECONFLICT) /* somebody acted meanwhile: the next sweep sees it */
        rc = 0;
    fg_order_row_release(&r);
    return rc;
}

static int sweep_orders(fg_app *app, fg_db *db, int64_t now, fg_sweep_report *out, fg_err *err)
{
    count(out, "expired", 0);
    count(out, "lapsed", 0);
    count(out, "escalated", 0);
    for (;;) {
        char ids[SETTLE_BATCH][37];
        size_t n;
        int rc = fg_store_orders_to_settle(db, now, ids, SETTLE_BATCH, &n, err);
        if (rc)
            return rc;
        size_t before = 0;
        for (size_t i = 0; i < out->n; i++)
            before += out->counts[i].count;
        for (size_t i = 0; rc == 0 && i < n; i++)
            rc = settle_order(app, db, ids[i], now, out, err);
        if (rc)
            return rc;
        size_t after = 0;
        for (size_t i = 0; i < out->n; i++)
            after += out->counts[i].count;
        /* A full batch may leave more; stop when a pass settles nothing. */
        if (n < SETTLE_BATCH || after == before)
            return 0;
    }
}

/* coordination requests: overdue items climb to the receiving region's
 * province, then to the national coordinator (core/deadline.h). */
static int sweep_coordination(fg_app *app, fg_db *db, int64_t now, fg_sweep_report *out,
                              fg_err *err)
{
    size_t n;
    int rc = fg_app_coord_escalate(app, db, now, &n, err);
    if (rc == 0)
        count(out, "coordination_escalated", n);
    return rc;
}
/* end of coordination requests */
/* ---- white lists (issue 12, part "whitelist") ---- */
static int sweep_whitelists(fg_app *app, fg_db *db, int64_t now, fg_sweep_report *out, fg_err *err)
{
    size_t n;
    int rc = fg_app_wl_sweep_due(app, db, now, &n, err);
    if (rc == 0)
        count(out, "whitelist_due", n);
    return rc;
}
/* ---- end white lists ---- */
/* ---- critical-link marks (issue 12, part "critical") ---- */
static int sweep_critical(fg_app *app, fg_db *db, int64_t now, fg_sweep_report *out, fg_err *err)
{
    size_t n;
    int rc = fg_app_critical_refresh(app, db, now, false, &n, err);
    if (rc == 0)
        count(out, "critical_changed", n);
    return rc;
}
/* ---- end critical-link marks ---- */
/* ---- problems (issue 13, part "problems") ---- */
static int sweep_problems(fg_app *app, fg_db *db, int64_t now, fg_sweep_report *out, fg_err *err)
{
    size_t escalated, closed;
    int rc = fg_app_problem_sweep(app, db, now, &escalated, &closed, err);
    if (rc == 0) {
        count(out, "problem_escalated", escalated);
        count(out, "problem_quiet_closed", closed);
    }
    return rc;
}
/* ---- end problems ---- */
/* ---- alerts of daily monitoring (issue 13, the lead's part) ---- */
static int sweep_alerts(fg_app *app, fg_db *db, int64_t now, fg_sweep_report *out, fg_err *err)
{
    size_t opened;
    int rc = fg_app_alerts_sweep(app, db, now, &opened, err);
    if (rc == 0)
        count(out, "not_running_opened", opened);
    return rc;
}
/* ---- end alerts ---- */
/* ---- production and contingency plans (issue 14, part "plans") ---- */
static int sweep_plans(fg_app *app, fg_db *db, int64_t now, fg_sweep_report *out, fg_err *err)
{
    size_t n;
    int rc = fg_app_plan_sweep(app, db, now, &n, err);
    if (rc == 0)
        count(out, "plan_overdue", n);
    return rc;
}
/* ---- end plans ---- */
/* ---- transfer stations (issue 14, part "stations") ---- */
static int sweep_stations(fg_app *app, fg_db *db, int64_t now, fg_sweep_report *out, fg_err *err)
{
    size_t marked;
    int rc = fg_app_station_sweep(app, db, now, &marked, err);
    if (rc == 0)
        count(out, "booking_no_shows", marked);
    return rc;
}
/* ---- end transfer stations ---- */
/* ---- policies that benefit enterprises (issue 15, part "reach") ---- */
static int sweep_policies(fg_app *app, fg_db *db, int64_t now, fg_sweep_report *out, fg_err *err)
{
    fg_policy_sweep_stats st;
    int rc = fg_app_policy_sweep(app, db, now, &st, err);
    if (rc == 0) {
        count(out, "policy_full_matches", st.full ? 1 : 0);
        count(out, "policy_rematched", (size_t)st.rematched);
        count(out, "policy_entitlements_created", (size_t)st.created);
    }
    return rc;
}
/* ---- end policies ---- */

static const struct sweeper {
    const char *name;
    const char *what;
    int (*run)(fg_app *app, fg_db *db, int64_t now, fg_sweep_report *out, fg_err *err);
} sweepers[] = {
    {"orders",
     "orders in force past their end expire, unconfirmed emergency orders lapse, "
     "steps past their deadline are escalated to the level above",
     sweep_orders},
    /* coordination requests */
    {"coordination",
     "coordination items past their deadline (first answer, closure) are escalated to the "
     "receiving region's province, then to the national coordinator",
     sweep_coordination},
    /* white lists (issue 12, part "whitelist") */
    {"whitelists",
     "listings whose review date has passed are put back before their lister (due_review)",
     sweep_whitelists},
    /* critical-link marks (issue 12, part "critical") */
    {"critical",
     "when the supply chain, the listings or the enterprises changed, the chain analysis's "
     "critical-link marks are recomputed and each change written down",
     sweep_critical},
    /* problems (issue 13, part "problems") */
    {"problems",
     "problems past a deadline (first response, resolution) climb one level, county to city to "
     "province to nation; answered problems left without a reply for 3 days are closed",
     sweep_problems},
    /* alerts of daily monitoring (issue 13) */
    {"alerts",
     "a white-list enterprise under 50 % capacity or staff on its last 3 reported days past due "
     "gets a problem for its county (listed but not running), once per run of days",
     sweep_alerts},
    /* production and contingency plans (issue 14, part "plans") */
    {"plans",
     "plans filed and waiting for their review longer than the review time "
     "(FUGONG_PLAN_REVIEW_HOURS, "
     "72 by default) are marked overdue in the county's review queue",
     sweep_plans},
    /* transfer stations (issue 14, part "stations") */
    {"stations",
     "bookings of a transfer-station slot never checked in 30 minutes after the slot ended are "
     "recorded as no-shows",
     sweep_stations},
    /* policies that benefit enterprises (issue 15, part "reach") */
    {"policies",
     "when the catalogue changed since the last full matching, and once a day, every enterprise "
     "is matched against every published policy; enterprises whose daily reports came since "
     "the last sweep are re-matched; entitlements found or lapsed are written down",
     sweep_policies},
};

int fg_app_sweep(fg_app *app, fg_db *db, int64_t now, fg_sweep_report *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < sizeof(sweepers) / sizeof(sweepers[0]); i++) {
        int rc = sweepers[i].run(app, db, now, out, err);
        if (rc)
            return rc;
    }
    return 0;
}

int fg_app_sweepers_print(fg_buf *out)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof(sweepers) / sizeof(sweepers[0]); i++)
        rc = fg_buf_addf(out, "%-10s %s\n", sweepers[i].name, sweepers[i].what);
    return rc;
}

size_t fg_sweep_count(const fg_sweep_report *r, const char *name)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->counts[i].name, name) == 0)
            return r->counts[i].count;
    return 0;
}
