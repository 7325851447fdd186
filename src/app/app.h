/* The use cases. Each function loads what a decision needs from store/, lets
 * core/ decide, and writes the outcome in one transaction with its audit
 * entry (store/tx.h). The API and the command line both call here; neither
 * decides anything itself. One fg_app per process holds the configuration the
 * decisions depend on and the caches shared by its threads. */
#ifndef FG_APP_APP_H
#define FG_APP_APP_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../core/access.h"
#include "../core/coordination.h"
#include "../core/deadline.h"
#include "../core/guidance.h"
#include "../core/order.h"
#include "../core/pass_rule.h"
#include "../core/plan.h"    /* production and contingency plans (issue 14, part "plans") */
#include "../core/problem.h" /* problems (issue 13) */
#include "../core/report.h"
#include "../core/risk.h"
#include "../core/station.h" /* transfer stations (issue 14) */
#include "../core/whitelist.h"
#include "../store/store.h"
#include "../util/err.h"

#define FG_APP_MAX_GOODS 16

struct fg_keyring;
struct fg_guidance_cache;

typedef struct fg_app {
    fg_order_limits limits;                  /* order periods, deadlines, alarm thresholds */
    fg_role pass_deciders[FG_APP_MAX_GOODS]; /* per goods category: who decides its passes */
    const struct fg_keyring *keys;           /* borrowed; NULL: this process issues no passes */
    struct fg_guidance_cache *guidance;      /* owned: the parsed table, per version */
    fg_report_limits reports; /* daily reports: due hour, days back (issue 13, part "reports") */
    int32_t alerts_day;       /* the last day the alert sweep looked at (alerts.c) ... */
    int64_t alerts_at;        /* ... and when */
    int64_t plan_review_ms;   /* a filed plan waiting longer is overdue (issue 14, "plans") */
} fg_app;

/* Who acts: the signed-in account as the decisions see it (borrowed). */
typedef struct fg_who {
    const char *username;
    fg_role role;
    const fg_principal *principal;
} fg_who;

/* Sets up `app` with `limits` (NULL: the defaults), every goods category
 * decided by the joint mechanism, and no keys. */
int fg_app_init(fg_app *app, const fg_order_limits *limits, fg_err *err);
void fg_app_release(fg_app *app);

/* ---- guidance (guidance.c) ---- */

/* The guidance for one enterprise on `date` (a day number, core/date.h), and
 * the route an order for it takes. Holds a reference to the cached table:
 * release with fg_app_guidance_release. */
typedef struct fg_app_guidance {
    const fg_guidance_table *table; /* shared; valid until release */
    size_t rule;                    /* index into table->rules */
    fg_guidance_input in;
    fg_risk_resolution risk;
    int32_t risk_effective_on;       /* of the designation that applies, if any */
    const fg_route *route;           /* the route any order for it takes (emergency too): the
                                        table's, or "general" where no level allows one */
    struct fg_guidance_cache *cache; /* the holder's reference: */
    struct fg__guidance_entry *entry;
} fg_app_guidance;

int fg_app_guidance_get(fg_app *app, fg_db *db, const fg_enterprise *e, const fg_enterprise_meta *m,
                        int32_t date, fg_app_guidance *out, fg_err *err);
void fg_app_guidance_release(fg_app_guidance *g);
/* The guidance as the API shows it (new). */
json_t *fg_app_guidance_json(const fg_app_guidance *g, const fg_enterprise *e, int32_t date);
/* fg_app_guidance_get, then the JSON (*out new). */
int fg_app_guidance_answer(fg_app *app, fg_db *db, const fg_enterprise *e,
                           const fg_enterprise_meta *m, int32_t date, json_t **out, fg_err *err);

/* ---- orders (orders.c) ---- */

typedef struct fg_proposal {
    const char *uscc;
    fg_measure measure;
    int percent;
    int64_t starts_at, ends_at;
    bool emergency;
    const char *reason, *evidence;
} fg_proposal;

typedef struct fg_proposed {
    char id[37];
    bool alarm_raised; /* the proposal flagged its county (blanket shutdown) */
    char alarm_id[37];
    json_t *guidance; /* new, set when refused because the guidance allows no
                         restriction (FG_EINVAL, field "measure") */
} fg_proposed;

/* Proposes an order for one enterprise: the account may propose there, the
 * guidance allows a restriction (or it is an emergency), the measure and
 * period are sound; stores it on the route its guidance gives, and in the same
 * transaction checks the county for a blanket shutdown and raises an alarm
 * (once per window). */
int fg_app_order_propose(fg_app *app, fg_db *db, const fg_who *who, const fg_proposal *p,
                         int64_t now, fg_proposed *out, fg_err *err);

typedef struct fg_order_act {
    fg_order_action action;
    int version;                                   /* the version the account acted on */
    const char *reason, *assessment;               /* NULL when not given */
    const char *revised_reason, *revised_evidence; /* on resubmit, NULL when not given */
    bool has_revised_ends;
    int64_t revised_ends_at;
} fg_order_act;

/* Takes an action on order `row` (loaded and readable by the account). On
 * FG_ECONFLICT *out_current_version is the order's version now. */
int fg_app_order_act(fg_app *app, fg_db *db, const fg_who *who, const fg_order_row *row,
                     const fg_order_act *a, int64_t now, int *out_current_version, fg_err *err);
/* The enterprise applies to resume under order `row`. */
int fg_app_resumption_apply(fg_app *app, fg_db *db, const fg_who *who, const fg_order_row *row,
                            const char *measures, int64_t now, char out_id[37], fg_err *err);
/* The deciding body approves or rejects a resumption application; *out_order
 * receives its order's id. */
int fg_app_resumption_decide(fg_app *app, fg_db *db, const fg_who *who, const char *id,
                             bool approve, const char *reason, int64_t now, char out_order[37],
                             fg_err *err);
/* Whether `who` may take action a on the order now (for actions_allowed). */
bool fg_app_order_may(const fg_app *app, const fg_who *who, const fg_order_row *row,
                      fg_order_action a, int64_t now);

/* ---- problems (problems.c; issue 13, part "problems") ---- */

#define FG_PROBLEM_QUIET_MS (3LL * 24 * 3600 * 1000) /* answered, no reply: closed after */
#define FG_PROBLEM_MAX_KINDS 32
#define FG_PROBLEM_MAX_CALENDAR 400

/* Changes the working-day calendar (holidays, weekend days worked) in one
 * audited transaction, after checking every change (core/deadline.h); the
 * operator's command `fugong calendar` calls it. */
int fg_app_calendar_apply(fg_db *db, const fg_calendar_change *c, size_t n, int64_t now,
                          const char *actor, fg_err *err);

/* What a problem's clocks need: the kinds and the working-day calendar, read
 * once per request (fg_app_problem_clocks_load). */
typedef struct fg_problem_clocks {
    size_t n_kinds;
    fg_problem_kind_row kinds[FG_PROBLEM_MAX_KINDS];
    int32_t days[FG_PROBLEM_MAX_CALENDAR];
    bool working[FG_PROBLEM_MAX_CALENDAR];
    fg_deadline_calendar calendar;
} fg_problem_clocks;

int fg_app_problem_clocks_load(fg_db *db, fg_problem_clocks *out, fg_err *err);
/* The kind named `name` in c, or NULL. */
const fg_problem_kind_row *fg_app_problem_kind(const fg_problem_clocks *c, const char *name);
/* The problem's clocks at `now` (core/deadline.h: the first-response clock
 * until a department responds, then the resolution clock until it answers;
 * its pauses stop them; escalation one level up from its county). */
void fg_app_problem_status(const fg_problem_clocks *c, const fg_problem_row *r, int64_t now,
                           fg_deadline_status *out);

/* A problem raised by an enterprise (about itself) or a transport operator
 * (a blocked truck: county where it is, place, plate, pass number). */
typedef struct fg_problem_new {
    const char *kind;
    const char *enterprise;  /* an enterprise account's enterprise (NULL: its first) */
    int32_t county;          /* where (needed for a truck kind or an operator; -1: none) */
    const char *place;       /* where, in words (NULL: "") */
    const char *pass_number; /* NULL: none; when given it must be a pass issued, of `plate` */
    const char *plate;       /* needed for a truck kind */
    const char *what;
} fg_problem_new;

/* Raises a problem: routed to the department owning its kind in its county
 * (problem_kind_owners, nearest region first; else the kind's owner; else the
 * county joint mechanism); its clocks start now. */
int fg_app_problem_raise(fg_app *app, fg_db *db, const fg_who *who, const fg_problem_new *in,
                         int64_t now, char out_id[37], fg_err *err);
/* As fg_app_problem_raise inside the caller's transaction `tx` (its time is
 * the problem's; the caller ends it): an objection to a policy raises its
 * problem together with its own row (app/policy_claims.c). */
int fg_app_problem_raise_tx(fg_app *app, fg_tx *tx, const fg_who *who, const fg_problem_new *in,
                            char out_id[37], fg_err *err);

/* What an alert opens (the lead's wiring: "listed but not running", ...). */
typedef struct fg_problem_alert_in {
    const char *alert_key;  /* idempotency: one problem per key, ever */
    const char *kind;       /* a problem kind ("supply", "other", ...) */
    const char *enterprise; /* the enterprise concerned, or NULL */
    int32_t county;         /* its county (for a region's alert: the county) */
    const char *what;       /* what the alert says, in words */
} fg_problem_alert_in;

/* Inside the caller's transaction `tx` (its actor and time are the
 * problem's; it must end it): opens a problem of `in->kind` in `in->county`
 * with source "alert", routed as fg_app_problem_raise routes, with its audit
 * entry (problem.raise) — unless a problem was already opened for
 * in->alert_key, whose id is then returned with *out_opened false. */
int fg_app_problem_open_by_alert(fg_app *app, fg_tx *tx, const fg_problem_alert_in *in,
                                 char out_id[37], bool *out_opened, fg_err *err);

/* Whether the account sees the problem (its county in the jurisdiction, or
 * its enterprise the account's, or raised by the account): 0, or FG_ENOTFOUND
 * with the error for an id nobody used (problem.not_found), issue 16. */
int fg_app_problem_visible(const fg_who *who, const fg_problem_row *r, fg_err *err);
/* Whether the account is the raiser's side (raised it, or speaks for its
 * enterprise). */
bool fg_app_problem_raiser(const fg_who *who, const fg_problem_row *r);
/* The list filter for the account (keeps f->state, open_only, limit). */
void fg_app_problem_filter(const fg_who *who, fg_problem_filter *f);
/* Whether the problem is the account's to act on now ("mine"): for an
 * official, open, not paused, in its jurisdiction and with its department
 * (the joint mechanism and the national coordinator: any); for the raiser,
 * an answer to confirm, a pause to resume, or a rating to give. */
bool fg_app_problem_mine(const fg_who *who, const fg_problem_clocks *c, const fg_problem_row *r,
                         int64_t now);

typedef struct fg_problem_act {
    fg_problem_action action;
    int department;   /* assign, add_department: a role; else -1 */
    const char *text; /* answer, pause or reopen reason, rating comment; NULL none */
    int rating;       /* rate: 1–5 */
} fg_problem_act;

/* Takes an action on problem `r` (loaded, visible), in one transaction with
 * its timeline row and audit entry. */
int fg_app_problem_act(fg_app *app, fg_db *db, const fg_who *who, const fg_problem_row *r,
                       const fg_problem_act *a, int64_t now, fg_err *err);
/* Whether `who` may take `a` on `r` now (for actions_allowed). */
bool fg_app_problem_may(const fg_who *who, const fg_problem_row *r, fg_problem_action a);

/* Sets (department ≥ 0) or removes (-1) the owner of `kind` in `region`: the
 * joint mechanism of that region (or above), or the national coordinator. */
int fg_app_problem_owner_set(fg_app *app, fg_db *db, const fg_who *who, const char *kind,
                             int32_t region, int department, int64_t now, fg_err *err);
/* The part of fg_app_problem_owner_set that does not depend on the
 * department: who sets owners, the region (inside the jurisdiction, known, not
 * the nation) and the kind. Handlers check it before reading the body. */
int fg_app_problem_owner_check(fg_db *db, const fg_who *who, const char *kind, int32_t region,
                               fg_err *err);

/* The sweep: problems past a deadline climb one level (county → city →
 * province → nation), answered problems the raiser left quiet for
 * FG_PROBLEM_QUIET_MS are closed. */
int fg_app_problem_sweep(fg_app *app, fg_db *db, int64_t now, size_t *out_escalated,
                         size_t *out_closed, fg_err *err);

/* ---- end of problems ---- */

/* ---- the alerts of daily monitoring (alerts.c; issue 13, the lead's part) ---- */

/* The last day whose reports are past due at `now` (the day before the
 * default day of a form). */
int32_t fg_app_alert_day(const fg_app *app, int64_t now);
/* The sweep: a white-list enterprise whose last reported days, back from the
 * last day past due, were FG_ALERT_STREAK or more under
 * FG_ALERT_NOT_RUNNING_PCT in capacity or staff (core/alert.h) gets a problem
 * of kind "not_running" in its county, once per run (alert key: the
 * enterprise and the run's first day). Looks at most once an hour per day.
 * *out_opened: how many were opened. */
int fg_app_alerts_sweep(fg_app *app, fg_db *db, int64_t now, size_t *out_opened, fg_err *err);
/* What an official of `region` must see now (monitoring.read): the open
 * "not running" problems, the region and its children whose resumption rate
 * over their reporters fell each of the last three days, the reports
 * missing past their deadline (a county or city, for accounts that chase
 * reports), and the electricity disagreements of the last day past due.
 * *out new. */
int fg_app_alerts(fg_app *app, fg_db *db, const fg_who *who, int32_t region, int64_t now,
                  json_t **out, fg_err *err);

/* ---- deadline sweeps (sweep.c) ---- */

/* What one sweep did, per sweeper. */
typedef struct fg_sweep_report {
    size_t n;
    struct fg_sweep_count {
        const char *name; /* "orders.expire", ... */
        size_t count;
    } counts[24];
} fg_sweep_report;

/* Runs every sweeper of the table (what time does to orders today: expiry,
 * lapse, escalation; problems, coordination requests and reviews to come) and
 * writes each change down with its audit entry by "system". */
int fg_app_sweep(fg_app *app, fg_db *db, int64_t now, fg_sweep_report *out, fg_err *err);
/* The count a sweep reported under `name` (0 when none). */
size_t fg_sweep_count(const fg_sweep_report *r, const char *name);
/* Appends the sweeper table as text (name and what it does). */
int fg_app_sweepers_print(fg_buf *out);

/* ---- passes (passes.c) ---- */

/* The role whose provincial account decides passes for goods category `goods`. */
fg_role fg_app_pass_decider(const fg_app *app, int goods);
/* Whether `who` may issue, reject and revoke pass `row`: the deciding role of
 * its goods, at province level, in the issuing province. */
int fg_app_pass_may_decide(const fg_app *app, const fg_who *who, const fg_pass_row *row,
                           fg_err *err);
/* Approves an application: the province's next serial, the signed credential,
 * recorded with its audit entry; FG_EUNAVAIL without the province's key. */
int fg_app_pass_issue(fg_app *app, fg_db *db, const fg_who *who, const fg_pass_row *row,
                      const char *decision, int64_t now, char out_number[13], fg_err *err);

/* ---- negative-test rules of passes (passes.c) ---- */

/* The rules of the provinces trip `c` touches (core/pass_rule.h: origin,
 * route, destination), into rules[0..*out_n), and the strictest need of them. */
int fg_app_pass_trip_rules(fg_db *db, const fg_pass_claims *c,
                           fg_pass_rule rules[FG_PASS_MAX_PROVINCES], size_t *out_n,
                           fg_pass_trip_need *out_need, fg_err *err);
/* Files an application (or a renewal of pass `renews`, NULL for none) for
 * the issuing province `region`: the tests of the crew (crew[i].test_sampled)
 * are checked against the trip's rules at c->nbf and each person's
 * test_valid_to (and, from it, test_until: the date in the deployment's zone)
 * set before it is stored with its audit entry. */
int fg_app_pass_apply(fg_app *app, fg_db *db, const fg_who *who, fg_pass_claims *c, int32_t region,
                      const char *renews, int64_t now, char out_id[37], fg_err *err);
/* Sets a province's rule: `who` must be the joint mechanism whose
 * jurisdiction is that province; the rule must hold (fg_pass_rule_check).
 * expect_version: -1 or the version the account read. */
int fg_app_pass_rule_set(fg_app *app, fg_db *db, const fg_who *who, const fg_pass_rule *r,
                         int expect_version, int64_t now, fg_pass_rule_row *out, fg_err *err);

/* ---- chain-data: the supply-chain graph (chain.c) ---- */

/* Adds edge e (supplier, customer, input, share, stock_days): the figures
 * must hold (fg_supply_check) and `who` may edit one of its ends
 * (fg_access_check_edge, chain.edit). FG_ENOTFOUND for an unknown end. */
int fg_app_chain_edge_add(fg_app *app, fg_db *db, const fg_who *who, const fg_chain_edge *e,
                          int64_t now, fg_chain_edge *out, fg_err *err);
/* Changes share and stock days of edge `id` (expect_version: -1 or the
 * version read), or deletes it; `who` may edit one of its ends. An edge `who`
 * may not see is FG_ENOTFOUND, as if there were none. */
int fg_app_chain_edge_update(fg_app *app, fg_db *db, const fg_who *who, const char *id, int share,
                             int stock_days, int expect_version, int64_t now, fg_chain_edge *out,
                             fg_err *err);
int fg_app_chain_edge_delete(fg_app *app, fg_db *db, const fg_who *who, const char *id, int64_t now,
                             fg_err *err);
/* The CSV import of edges for `who`: every row must be one `who` may edit;
 * see fg_store_chain_import_csv (nothing written on any bad row). */
int fg_app_chain_import(fg_app *app, fg_db *db, const fg_who *who, const char *csv, size_t len,
                        int64_t now, void (*bad_line)(void *ctx, size_t line, const fg_err *why),
                        void *ctx, fg_chain_import_report *out, fg_err *err);
/* Records that `uscc` uses the related service `service` (or no longer, when
 * !add): `who` may edit uscc's chain. */
int fg_app_chain_service(fg_app *app, fg_db *db, const fg_who *who, const char *uscc,
                         const char *service, bool add, int64_t now, fg_err *err);
/* The part of fg_app_chain_service that does not depend on the service:
 * whether `who` may edit uscc's related services (an enterprise outside is
 * answered as one nobody registered). Handlers check it before the body. */
int fg_app_chain_service_check(fg_db *db, const fg_who *who, const char *uscc, fg_err *err);
/* end chain-data */

/* ---- the chain analyses over the stored graph (chain_analysis.c) ---- */
#include "../core/chain.h"
/* The stored graph (data), the core's graph built from it with the stop
 * orders in force as days still to run at `now` (g), and the full analysis
 * (a, explanations for the first `explain` block points). */
typedef struct fg_app_chain {
    fg_chain_graph data;
    fg_chain g;
    fg_chain_analysis a;
} fg_app_chain;
/* `running` (may be NULL): an enterprise whose own stop orders are left out,
 * so that an impact report on it says what its stop does even when the order
 * is in force already. */
int fg_app_chain_load(fg_db *db, int64_t now, size_t explain, const char *running,
                      fg_app_chain *out, fg_err *err);
void fg_app_chain_release(fg_app_chain *c);
/* The node index of enterprise `uscc`, or -1. */
long fg_app_chain_find(const fg_app_chain *c, const char *uscc);

/* ---- critical-link marks and the stored impact report (critical.c; issue 12,
 * part "critical") ---- */
#include "../core/critical.h"

/* What the chain says of one enterprise at an order's step: its critical-link
 * state (white list, analysis mark, manual mark) and the analysis figures,
 * and the chain impact report (new JSON: stalls within 3/7/14 days, the
 * white-list and livelihood members named with their day, provinces,
 * capacity held up, computed_at, and the mark with its reason). */
typedef struct fg_app_assessment {
    fg_critical_state state;
    fg_chain_mark mark;
    bool in_chain;
    json_t *report; /* new; fg_app_assessment_release */
} fg_app_assessment;

/* From a chain loaded with `e` counted as running (fg_app_chain_load's
 * `running`): the assessment of `e` (`whitelist`: its membership). */
int fg_app_assess(fg_db *db, const fg_app_chain *c, const fg_enterprise *e, bool whitelist,
                  int64_t now, fg_app_assessment *out, fg_err *err);
/* Loads the chain and assesses `e`: one full load and analysis. */
int fg_app_order_assess(fg_db *db, const fg_enterprise *e, bool whitelist, int64_t now,
                        fg_app_assessment *out, fg_err *err);
void fg_app_assessment_release(fg_app_assessment *a);
/* Inside tx: refreshes e's stored analysis mark from `a` and, when order_id
 * is not NULL, stores the report as the order's machine assessment at `step`. */
int fg_app_assessment_store(fg_tx *tx, const fg_enterprise *e, const char *order_id, size_t step,
                            const fg_app_assessment *a, fg_err *err);
/* Recomputes every analysis mark when the chain, the listings or the
 * enterprises changed since the last refresh (always when `force`), writing
 * each change with its audit entry; *out_changed counts them. */
int fg_app_critical_refresh(fg_app *app, fg_db *db, int64_t now, bool force, size_t *out_changed,
                            fg_err *err);
/* The provincial industry authority marks (marked) or unmarks an enterprise
 * by hand, with a reason (core/critical.h). */
int fg_app_critical_manual(fg_app *app, fg_db *db, const fg_who *who, const char *uscc, bool marked,
                           const char *reason, int64_t now, fg_err *err);
/* ---- end critical-link marks ---- */
/* ---- related services in step (service_flags.c; issue 12, part "pool") ---- */
/* For fg_order_change.in_tx on an approved resumption: when the order's
 * enterprise is key (key industrial, livelihood, white list, critical), flags
 * each related service it uses that is stopped or limited now to the
 * service's region, in `tx`, audited. 0 or the store's error. */
int fg_app_service_flags_raise(fg_tx *tx, const fg_order_row *before, fg_err *err);
/* ---- coordination requests (coordination.c) ---- */

/* A new request as the requesting official gives it: to_region, customer,
 * subject and items (supplier, need, why; the rest is set here). */
typedef struct fg_coord_new {
    int32_t to_region;
    const char *customer;
    const char *subject;
    size_t n_items;
    struct fg_coord_new_item {
        const char *supplier;
        fg_coord_need need;
        const char *why;
    } items[FG_COORD_MAX_ITEMS];
} fg_coord_new;

/* Raises a request from the account's jurisdiction: the customer in it, the
 * receiving region another one, every supplier an enterprise inside the
 * receiving region; the clocks start now (core/deadline.h "coordination"). */
int fg_app_coord_raise(fg_app *app, fg_db *db, const fg_who *who, const fg_coord_new *req,
                       int64_t now, char out_id[37], fg_err *err);
/* Whether the account sees request `r` (the requesting or receiving region
 * inside its jurisdiction, the nation, or an enterprise as customer or
 * supplier): 0 or FG_EPERM. */
int fg_app_coord_visible(const fg_who *who, const fg_coord_row *r, fg_err *err);
/* The list filter that selects what the account sees (f->limit left as is). */
void fg_app_coord_filter(const fg_who *who, fg_coord_filter *f);
/* Action `a` on item `n` of request `r` (loaded, visible): the side and role
 * the action needs, the state it is taken in; `department` for assign, `text`
 * the answer (answer) or the reason (decline, reopen; required). */
int fg_app_coord_act(fg_app *app, fg_db *db, const fg_who *who, const fg_coord_row *r, int n,
                     fg_coord_action a, int department, const char *text, int64_t now, fg_err *err);
/* Whether `who` may take action `a` on item `it` of `r` now (actions_allowed). */
bool fg_app_coord_may(const fg_who *who, const fg_coord_row *r, const fg_coord_item_row *it,
                      fg_coord_action a);
/* The item's clocks at `now` (core/deadline.h). */
void fg_app_coord_status(const fg_coord_row *r, const fg_coord_item_row *it, int64_t now,
                         fg_deadline_status *out);
/* The sweep's part: escalates every item whose escalation fell due, audited
 * by "system"; *out_n how many. */
int fg_app_coord_escalate(fg_app *app, fg_db *db, int64_t now, size_t *out_n, fg_err *err);

/* ---- end of coordination requests ---- */

/* ---- accounts (accounts.c) ---- */

/* Whether principal `p` (an administrator) may manage account `a`: every part
 * of a's jurisdiction lies inside p's, and an auditor's or health
 * authority's account only by its own role or a level above
 * (fg_access_check_duties). */
int fg_app_account_manageable(const fg_principal *p, const fg_account *a, fg_err *err);
/* Whether account `a` lies wholly inside administrator p's jurisdiction (what
 * the account list shows, manageable or not). */
int fg_app_account_inside(const fg_principal *p, const fg_account *a, fg_err *err);

/* ---- white lists (whitelists.c; issue 12, part "whitelist") ---- */

/* Creates a list of `chain` and `tier` issued by `region` (its lister only). */
int fg_app_wl_list_create(fg_app *app, fg_db *db, const fg_who *who, fg_keychain chain,
                          fg_wl_tier tier, int32_t region, int64_t now, char out_id[37],
                          fg_err *err);
/* Publishes the next batch of list `list_id` today; *out_number its number. */
int fg_app_wl_batch_publish(fg_app *app, fg_db *db, const fg_who *who, const char *list_id,
                            int64_t now, char out_id[37], int *out_number, fg_err *err);
/* The enterprise `uscc` applies to list `list_id` (checked by core: every
 * missing item named at once; the list must cover its county; one open
 * application per list). */
int fg_app_wl_apply(fg_app *app, fg_db *db, const fg_who *who, const char *list_id,
                    const char *uscc, const fg_wl_application *a, int64_t now, char out_id[37],
                    fg_err *err);

typedef struct fg_wl_act {
    fg_wl_action action;
    int version;            /* the version the account acted on; -1: any */
    const char *department; /* for a national review by the coordinator, or NULL */
    const char *reason;     /* or NULL */
    const char *batch_id;   /* for list */
    int32_t review_on;      /* for list and adjust (YYYYMMDD), else 0 */
} fg_wl_act;
/* Takes a workflow step on application `id` (core/whitelist.h decides who
 * may and what follows), written with its audit entry. */
int fg_app_wl_act(fg_app *app, fg_db *db, const fg_who *who, const char *id, const fg_wl_act *a,
                  int64_t now, fg_err *err);
/* Whether `who` may take action a on `row` now (for actions_allowed). */
bool fg_app_wl_may(const fg_who *who, const fg_wl_row *row, fg_wl_action a);
/* The sweep: listings whose review date has passed become due_review,
 * audited by "system". *out_n: how many. */
int fg_app_wl_sweep_due(fg_app *app, fg_db *db, int64_t now, size_t *out_n, fg_err *err);
/* A province asks province `to` to recognise list `list_id` (its members in
 * force usccs[0..n), all when n == 0); answers due within `days`. */
int fg_app_wl_recognition_ask(fg_app *app, fg_db *db, const fg_who *who, const char *list_id,
                              int32_t to, const char *const *usccs, size_t n, int days, int64_t now,
                              char out_id[37], fg_err *err);
/* The receiving province accepts or declines one member. */
int fg_app_wl_recognition_answer(fg_app *app, fg_db *db, const fg_who *who, const char *id,
                                 const char *uscc, bool accept, const char *reason, int64_t now,
                                 fg_err *err);
/* The part of fg_app_wl_recognition_answer that does not depend on the
 * answer: the request exists and `who` sees it (else answered as one that does
 * not exist: recognition.none), and `who` is its receiving province (else
 * FG_EPERM). Handlers check it before reading the body. */
int fg_app_wl_recognition_answer_check(fg_db *db, const fg_who *who, const char *id, fg_err *err);
/* ---- white-list credentials (whitelists.c; issue 12, part "cred") ---- */
/* The signed credential of a listing in force (listed or due for review;
 * FG_ECONFLICT otherwise), appended to out NUL-terminated: made from the
 * listing as it stands (nbf its last listing or adjustment, exp the end of
 * its review date in the deployment's zone, iat `now`: when it is signed,
 * which the trust list's key validity is checked against), signed by the issuer key of the
 * list's province, or the root key for a national list (FG_EUNAVAIL when the
 * server holds none). Nothing is written: a listing's credential follows
 * from its record, re-issued by every adjustment, revoked by its end (the
 * revocation list is fg_store_wl_ended). *out_claims gets the claims. */
int fg_app_wl_credential(const fg_app *app, const fg_wl_row *row, int64_t now,
                         fg_wlcred *out_claims, fg_buf *out, fg_err *err);
/* ---- end white-list credentials ---- */

/* ---- end white lists ---- */

/* ---- daily reports (reports.c; issue 13, part "reports") ---- */

/* Today in the deployment's zone (YYYYMMDD), and the day a form is for by
 * default at `now` (core: fg_report_default_day). */
int32_t fg_app_report_today(int64_t now);
int32_t fg_app_report_default_day(const fg_app *app, int64_t now);
/* When the report of `day` is due (ms), in the deployment's zone. */
int64_t fg_app_report_due(const fg_app *app, int32_t day);

/* The enterprise reports its day (r->source form): access (report.submit on
 * the enterprise), validation, then the version and its aggregate delta in
 * one transaction with its audit entry (report.submit for a first version,
 * report.correct with the figures before and after for a correction). */
int fg_app_report_submit(fg_app *app, fg_db *db, const fg_who *who, const fg_report *r, int64_t now,
                         fg_report_row *out, fg_report_row *prev, fg_err *err);

/* Many reports at once (batch from an enterprise's systems: act
 * FG_ACT_REPORT_SUBMIT; a county's upload: FG_ACT_REPORT_UPLOAD), all or
 * nothing: every line is checked first (access on its enterprise, validation)
 * and each bad one reported through bad_line(ctx, index, why); with any, nothing
 * is written and FG_EINVAL is returned. Otherwise one transaction stores them
 * all with one audit entry per county (report.batch / report.upload: how
 * many, the days, the corrections with their versions). *out_new,
 * *out_corrected: first versions and corrections written. */
typedef struct fg_report_lines {
    fg_action act;
    const fg_report *rows;
    size_t n;
    void (*bad_line)(void *ctx, size_t index, const fg_err *why);
    void *ctx;
} fg_report_lines;
int fg_app_report_lines(fg_app *app, fg_db *db, const fg_who *who, const fg_report_lines *lines,
                        int64_t now, size_t *out_new, size_t *out_corrected, fg_err *err);
/* ---- end daily reports ---- */

/* ---- monitoring of work resumption (monitor.c; issue 13, part "monitor") ----
 * Every function checks monitoring.read (or electricity.upload) on the region
 * for `who`. Figures are JSON objects: enterprises, reported, resumed, late
 * and, per rate (resumption_registered, resumption_reported, staff_return,
 * capacity_utilisation, staff_ge90, capacity_ge80, under30, compliance,
 * on_time), {value, num, den} or null when there is no denominator. */
#include "../core/monitor.h"
/* The region's figures on `day`, each child region's (the county: its
 * enterprises with their report, a page of `limit` from `offset`), the
 * lowest children, and the electricity counts and disagreements. *out new. */
int fg_app_monitor_overview(fg_app *app, fg_db *db, const fg_who *who, int32_t region, int32_t day,
                            int limit, int offset, json_t **out, fg_err *err);
/* Per-day series of days from..to (at most 92 days) of the region grouped
 * `by` ("region" children, "industry" divisions with their sections and the
 * sections summed, "chain", "whitelist", "category", or "" the region
 * itself): {by, from, to, days, series: [{key, name, section?, points:
 * [{day, figures}]}]}. *out new. */
int fg_app_monitor_trend(fg_app *app, fg_db *db, const fg_who *who, int32_t region, int32_t from,
                         int32_t to, const char *by, json_t **out, fg_err *err);
/* The electricity readings of `day` inside region compared with the
 * self-reports at `share_pct` % of the baseline: {day, share, readings,
 * baselines, disagreements: [{uscc, name, region, kwh, baseline_kwh, status,
 * capacity_pct, verdict, disagreement}]}. *out new. */
int fg_app_power_disagreements(fg_app *app, fg_db *db, const fg_who *who, int32_t region,
                               int32_t day, int share_pct, json_t **out, fg_err *err);
/* What an upload did. */
typedef struct fg_power_upload_report {
    long rows, rejected, baselines;
    char id[37];
} fg_power_upload_report;
/* A grid company's file (CSV: uscc, day, kwh[, baseline_kwh]) uploaded by
 * `who`: each line checked (core/monitor.h), its enterprise registered and
 * inside who's jurisdiction, no (enterprise, day) twice; bad lines go to
 * bad_line and nothing is written (FG_EINVAL); otherwise all of it in one
 * transaction, audited electricity.upload. */
int fg_app_power_upload(fg_app *app, fg_db *db, const fg_who *who, const char *csv, size_t len,
                        int64_t now, void (*bad_line)(void *ctx, size_t line, const fg_err *why),
                        void *ctx, fg_power_upload_report *out, fg_err *err);
/* ---- end monitoring ---- */

/* ---- production and contingency plans (plans.c; issue 14, part "plans") ---- */

#define FG_PLAN_REVIEW_MS (3LL * 24 * 3600 * 1000) /* default review time of a filed plan */

/* What the check of enterprise e's plan at `level` needs besides the body:
 * its headcount and its suppliers (from the supply edges). *out's suppliers
 * are owned: release with fg_app_plan_context_release. */
int fg_app_plan_context(fg_db *db, const fg_enterprise *e, fg_risk_level level,
                        fg_plan_context *out, fg_err *err);
void fg_app_plan_context_release(fg_plan_context *ctx);

/* Checks `body` (borrowed) as e's plan at `level` without saving: every
 * missing or short item and the figures into *out. The account may write
 * the enterprise's plans. */
int fg_app_plan_check(fg_app *app, fg_db *db, const fg_who *who, const fg_enterprise *e,
                      fg_risk_level level, const json_t *body, fg_plan_report *out, fg_err *err);

/* Saves `body` as a new version (a draft) of e's plan at `level`, checked
 * (*out_report: what is still missing; a draft may be incomplete) and
 * recorded against the current guidance table version. `expected_version`:
 * the version the writer edited (0: a first version; -1: any). */
int fg_app_plan_save(fg_app *app, fg_db *db, const fg_who *who, const fg_enterprise *e,
                     fg_risk_level level, const json_t *body, int expected_version, int64_t now,
                     fg_plan_report *out_report, fg_err *err);

/* Files the latest version (`version`, as the enterprise read it): refused
 * with FG_EINVAL "plan.incomplete" (and the items in *out_report) while
 * anything is missing or short. */
int fg_app_plan_file(fg_app *app, fg_db *db, const fg_who *who, const fg_enterprise *e,
                     fg_risk_level level, int version, int64_t now, fg_plan_report *out_report,
                     fg_err *err);

/* The industry authority of e's county, or above, approves the filed
 * `version` (checked complete again) or returns it with `reasons` (borrowed:
 * a list of 1 to FG_PLAN_REASONS_MAX texts). */
int fg_app_plan_decide(fg_app *app, fg_db *db, const fg_who *who, const fg_enterprise *e,
                       fg_risk_level level, bool approve, int version, const json_t *reasons,
                       int64_t now, fg_plan_report *out_report, fg_err *err);

/* The plan in force for e on `date`: the plan for its county's level then. */
typedef struct fg_app_plan_force {
    fg_risk_level level;
    int32_t level_since; /* the designation's date, 0 when none (low by default) */
    bool approved;       /* an approved version is in force */
    int state;           /* the latest version's fg_plan_state, -1: no plan at that level */
    int approved_version;
    bool superseded;      /* the approved version was written against an older rule table */
    int guidance_version; /* the current rule table's */
} fg_app_plan_force;
int fg_app_plan_in_force(fg_app *app, fg_db *db, const fg_enterprise *e, int32_t date,
                         fg_app_plan_force *out, fg_err *err);

/* Calls fn for each enterprise in `region` (inside who's jurisdiction)
 * without an approved plan for its county's level on `date`, by county. */
int fg_app_plan_lacking(fg_app *app, fg_db *db, const fg_who *who, int32_t region, int32_t date,
                        int (*fn)(const fg_plan_holdings *h, fg_risk_level level, void *ctx),
                        void *ctx, fg_err *err);

/* The sweep: plans filed longer than app->plan_review_ms ago are marked
 * overdue (once), audited plan.overdue by "system". *out_n: how many. */
int fg_app_plan_sweep(fg_app *app, fg_db *db, int64_t now, size_t *out_n, fg_err *err);
/* ---- end plans ---- */
/* ---- transfer stations (stations.c; issue 14, part "stations") ---- */

/* Creates a station (s->id set) / writes its fields at s->version: checked
 * by core, by the provincial joint mechanism whose jurisdiction holds its
 * county. */
int fg_app_station_create(fg_app *app, fg_db *db, const fg_who *who, fg_station *s, int64_t now,
                          fg_err *err);
int fg_app_station_update(fg_app *app, fg_db *db, const fg_who *who, const fg_station *s,
                          int64_t now, fg_err *err);
/* The first slot of `mode` after `after` (0: from now) that is not full and
 * may still be booked at `now`, or 0 (*out). */
int fg_app_station_next_free(fg_db *db, const fg_station *s, fg_station_mode mode, int64_t after,
                             int64_t now, int64_t *out, fg_err *err);
/* The risk level of `county` today (its own designation or its parents'). */
int fg_app_risk_level(fg_db *db, int32_t county, int64_t now, fg_risk_level *out, fg_err *err);
/* Books `slot` of `mode` at station s for pass `pass`: the account speaks for
 * the pass's applicant, the pass is issued and valid at the slot, its route
 * reaches the station's county, the slot may be booked (core), the driver is
 * closed-loop when the pass's origin is high-risk today. *out is the booking.
 * On FG_ECONFLICT station.slot_full, *out_next_free is the next free slot
 * (0: none inside the horizon). */
int fg_app_station_book(fg_app *app, fg_db *db, const fg_who *who, const fg_station *s,
                        const fg_pass_row *pass, fg_station_mode mode, int64_t slot, int64_t now,
                        fg_booking_row *out, int64_t *out_next_free, fg_err *err);
/* The operator cancels before the cut-off; the place is given back. */
int fg_app_booking_cancel(fg_app *app, fg_db *db, const fg_who *who, const fg_booking_row *b,
                          int64_t now, fg_err *err);
/* The gate (station staff of the station's county): the truck of booking b
 * arrives (its pass verified by the caller; whether the crew's test has
 * lapsed), its handover is recorded (core checks the legs and the closed
 * loop), it leaves (after its handover). */
int fg_app_booking_arrive(fg_app *app, fg_db *db, const fg_who *who, const fg_booking_row *b,
                          bool test_expired, int64_t now, fg_err *err);
int fg_app_booking_handover(fg_app *app, fg_db *db, const fg_who *who, const fg_booking_row *b,
                            const fg_handover_leg *legs, size_t n, bool contactless, int64_t now,
                            fg_err *err);
int fg_app_booking_depart(fg_app *app, fg_db *db, const fg_who *who, const fg_booking_row *b,
                          int64_t now, fg_err *err);
/* The sweep: bookings never checked in whose slot ended more than the grace
 * ago become no-shows (*out_marked). */
int fg_app_station_sweep(fg_app *app, fg_db *db, int64_t now, size_t *out_marked, fg_err *err);
/* The operator updates the crew of an issued pass without a new application
 * (passes.c): `c` is the old pass's claims with the new crew, held to the
 * trip's test rules; it is signed under the province's next number, the old
 * pass revoked ("crew updated: replaced by ..."), its live booking moved to
 * the new number, in one transaction. */
int fg_app_pass_recrew(fg_app *app, fg_db *db, const fg_who *who, const fg_pass_row *old,
                       fg_pass_claims *c, int64_t now, char out_number[13], fg_err *err);
/* ---- end transfer stations ---- */
/* ---- policies that benefit enterprises (policies.c; issue 15, part "policies") ---- */

struct fg_app_risk_index;

/* The published policies that apply on `date`, each with its rule parsed,
 * and every risk designation (indexed per county as the matching asks). */
typedef struct fg_app_policies {
    int32_t date;
    fg_policy_live *live; /* owned */
    size_t n;
    fg_policy_rule *rules; /* owned: rules[i] is live[i]'s */
    size_t n_rules;
    fg_risk_designation *designations; /* owned */
    size_t n_designations;
    struct fg_app_risk_index *risk; /* owned */
} fg_app_policies;

int fg_app_policies_load(fg_db *db, int32_t date, fg_app_policies *out, fg_err *err);
void fg_app_policies_release(fg_app_policies *p);
/* Whether policy `p` (by its issuer's region) covers an enterprise of
 * `county`. */
bool fg_app_policy_covers(const fg_policy_row *p, int32_t county);
/* Fills `f` with subject `s` of batch `b` as of p->date and `now`: its
 * record, white list, benefit facts, latest report, the days its orders were
 * in force (into days[0..cap_days), the zone's dates) and its county's risk
 * designations. `f` borrows from p, b and days. */
int fg_app_policy_facts(fg_app_policies *p, const fg_policy_batch *b, const fg_policy_subject *s,
                        int64_t now, fg_policy_order_days *days, size_t cap_days,
                        fg_policy_facts *f, fg_err *err);

/* What a matching did. */
typedef struct fg_app_match_stats {
    int64_t enterprises, evaluations, eligible; /* eligible: (enterprise, policy) pairs */
    int64_t created, lapsed, changed;           /* entitlement rows written */
} fg_app_match_stats;

/* "Policies for you": the enterprise against every published policy whose
 * issuer's region covers it, today (at `now`): [{policy, match: the
 * explanation of core's fg_policy_explain}]. Writes nothing. The caller
 * checks access (none yet: the API is the next part). *out new. */
int fg_app_policy_match(fg_app *app, fg_db *db, const char *uscc, int64_t now, json_t **out,
                        fg_err *err);
/* Re-matches one enterprise after one of its facts changed and writes what
 * changed in its entitlements (eligible since now, lapsed, amount or rule
 * version changed) in one transaction, an audit entry for each, as "system";
 * nothing is written when nothing changed. Entitlements of policies that no
 * longer apply are left as they are. */
int fg_app_policy_rematch(fg_app *app, fg_db *db, const char *uscc, int64_t now,
                          fg_app_match_stats *out, fg_err *err);
/* As fg_app_policy_rematch with the policies already loaded (a sweep that
 * re-matches many enterprises loads them once). */
int fg_app_policy_rematch_with(fg_app_policies *p, fg_db *db, const char *uscc, int64_t now,
                               fg_app_match_stats *out, fg_err *err);
/* Every enterprise against every policy, `batch` enterprises at a time
 * (0: 1000) in USCC order, one transaction per batch that changed anything. */
int fg_app_policy_match_all(fg_app *app, fg_db *db, int64_t now, size_t batch,
                            fg_app_match_stats *out, fg_err *err);
/* As fg_app_policy_match_all, only the enterprises of the counties in
 * `region` (after a risk designation of that region). */
int fg_app_policy_rematch_region(fg_app *app, fg_db *db, int32_t region, int64_t now, size_t batch,
                                 fg_app_match_stats *out, fg_err *err);
/* Imports a catalogue file ({"policies": [{region, department, title,
 * doc_number, doc_date, valid_from, valid_to, budget_yuan, automatic, rule}]},
 * data/policies-2022.json) as new policies, published when `publish`, all
 * or nothing in one transaction with an audit entry for each. No access
 * check: for the operator's command line and the demo. *out_n: how many. */
int fg_app_policy_catalogue_import(fg_db *db, const char *text, size_t len, bool publish,
                                   int64_t now, const char *actor, size_t *out_n, fg_err *err);
/* As fg_app_policy_catalogue_import with the demo's 2022 catalogue, which
 * the binary carries (data/policies-2022.json), every date in it (validity,
 * document, the rules' periods) moved by `shift_days` (0: as written). */
int fg_app_policy_demo_catalogue(fg_db *db, bool publish, int64_t shift_days, int64_t now,
                                 const char *actor, size_t *out_n, fg_err *err);
/* ---- end policies ---- */
/* ---- the policy catalogue (policy_catalogue.c; issue 15, part "catalogue") ---- */

/* Whether account `p` sees policy `row`: a published one every official,
 * and an enterprise account when the policy covers one of its enterprises'
 * counties; a draft or a withdrawn one only the issuing department
 * (policy.write over the policy's region). */
bool fg_app_policy_visible(const fg_principal *p, const fg_policy_row *row);

/* The issuing department's writes, each in one transaction with its audit
 * entry. The caller has checked policy.write over the policy's region (and
 * the new region, for an update); these check what the policy's state allows
 * (policy.withdrawn, policy.state) and the record and rule (policy.*, 422).
 * `before` was read at the version the client names: FG_ECONFLICT
 * (policy.stale) when it changed since. Re-matching after a catalogue change
 * is the reach sweep's. */
int fg_app_policy_create(fg_app *app, fg_db *db, const fg_who *who, const fg_policy_record *rec,
                         const char *rule, size_t len, const char *note, int64_t now,
                         char out_id[37], fg_err *err);
int fg_app_policy_update(fg_app *app, fg_db *db, const fg_who *who, const fg_policy_row *before,
                         const fg_policy_record *rec, int64_t now, fg_err *err);
int fg_app_policy_rule_add(fg_app *app, fg_db *db, const fg_who *who, const fg_policy_row *before,
                           const char *rule, size_t len, const char *note, int64_t now,
                           int *out_version, fg_err *err);
/* Publishes or withdraws (`reason`, NULL for a publication, goes into the
 * audit entry). */
int fg_app_policy_set_state(fg_app *app, fg_db *db, const fg_who *who, const fg_policy_row *before,
                            fg_policy_state to, const char *reason, int64_t now, fg_err *err);
/* Sets enterprise `e`'s benefit facts (access checked by the caller), then,
 * once committed, re-matches it (fg_app_policy_rematch) so that its
 * entitlements follow at once; *out: what the re-match did, when
 * *out_rematched (a failed re-match is logged and left to the sweep: the
 * facts stand). */
int fg_app_benefit_facts_set(fg_app *app, fg_db *db, const fg_who *who, const fg_enterprise *e,
                             const fg_benefit_facts *f, int64_t now, fg_app_match_stats *out,
                             bool *out_rematched, fg_err *err);

#define FG_APP_PREVIEW_COUNTIES 20
#define FG_APP_PREVIEW_SAMPLE 20

typedef struct fg_app_policy_preview_county {
    int32_t county;
    char name[128];
    int64_t eligible;
} fg_app_policy_preview_county;

typedef struct fg_app_policy_preview_sample {
    char uscc[FG_USCC_LEN + 1];
    char name[FG_NAME_MAX * 4 + 1];
    int32_t county;
    char county_name[128];
    int64_t amount_fen; /* -1: a base fact is not held */
} fg_app_policy_preview_sample;

/* What a rule would reach today. Invariants: n_top <= FG_APP_PREVIEW_COUNTIES,
 * counties by eligible count, most first; sample in USCC order. */
typedef struct fg_app_policy_preview_out {
    int64_t enterprises;    /* evaluated: the enterprises of the region */
    int64_t eligible;       /* of them, eligible */
    int64_t amount_fen;     /* the sum of the known amounts */
    int64_t amount_unknown; /* eligible whose amount waits for a base fact */
    size_t n_counties;      /* counties with an eligible enterprise */
    size_t n_top;
    fg_app_policy_preview_county counties[FG_APP_PREVIEW_COUNTIES];
    size_t n_sample;
    fg_app_policy_preview_sample sample[FG_APP_PREVIEW_SAMPLE];
} fg_app_policy_preview_out;

/* Evaluates `rule` (borrowed) against every enterprise whose county lies in
 * `region` (the issuer's), today at `now`, as the matching would (the same
 * facts, fg_policy_evaluate), whatever the policy's state or validity.
 * Writes nothing. The caller checks policy.write over `region`. */
int fg_app_policy_preview(fg_app *app, fg_db *db, int32_t region, const fg_policy_rule *rule,
                          int64_t now, fg_app_policy_preview_out *out, fg_err *err);
/* ---- end policy catalogue ---- */
/* ---- reach and re-matching (policy_reach.c; issue 15, part "reach") ---- */

/* What a sweep of the matching did. */
typedef struct fg_policy_sweep_stats {
    bool full;         /* the catalogue changed or the day turned: every enterprise */
    int64_t rematched; /* enterprises re-matched after their daily reports (queued) */
    int64_t created, lapsed;
} fg_policy_sweep_stats;
/* The sweep's step: every enterprise when the catalogue changed since the
 * last full matching (its fingerprint, store/policy_reach.h) or the day
 * turned (periods counted back from today move); then the enterprises that
 * daily reports queued for re-matching, each re-matched once. */
int fg_app_policy_sweep(fg_app *app, fg_db *db, int64_t now, fg_policy_sweep_stats *out,
                        fg_err *err);
/* Re-matches an enterprise after a fact of it changed and was committed
 * (an order's step): a failure is logged, not returned (the next full
 * matching repairs it). */
void fg_app_policy_rematch_after(fg_app *app, fg_db *db, const char *uscc, int64_t now,
                                 const char *why);
/* The median of ms[0..n) (sorted in place) in days; -1 when n is 0. */
double fg_app_reach_median_days(int64_t *ms, size_t n);
/* The reach of `policy` inside `region`: {policy, region, figures (with
 * budget_fen, committed_fen), by_region: the regions one level down with
 * their figures}. Figures: eligible, reached, eligible_reached, unreached,
 * reached_pct, granted, received, granted_fen, objections, median_days
 * (eligibility to payment). The caller checks access. */
int fg_app_policy_reach(fg_app *app, fg_db *db, const char *policy, int32_t region, int64_t now,
                        json_t **out, fg_err *err);
/* Every policy whose issuer's region overlaps `region` (drafts only when
 * they reached somebody): {region, totals (with policies, in_force,
 * budget_fen, committed_fen), policies: [{policy, in_force, figures}]}; with
 * `who`, only the policies it may see (fg_app_policy_visible). */
int fg_app_policies_reach(fg_app *app, fg_db *db, const fg_principal *who, int32_t region,
                          int64_t now, json_t **out, fg_err *err);
/* The enterprises of `region` eligible for `policy` with no claim, paged:
 * {items: [{uscc, name, region, amount_fen, eligible_since, contacts}],
 * total, limit, offset}. */
int fg_app_policy_unreached(fg_app *app, fg_db *db, const char *policy, int32_t region,
                            int64_t limit, int64_t offset, json_t **out, fg_err *err);
/* ---- end reach ---- */
/* ---- the delivery of policies (policy_claims.c; issue 15, part "delivery") ---- */

/* What the enterprise gives on its application (all borrowed). */
typedef struct fg_claim_apply_in {
    const char *policy, *enterprise;
    int64_t base_fen;   /* the base fact the amount needs (monthly rent, ...); -1: none */
    json_t *statements; /* {"premises_state_owned": true, ...} or NULL */
    const char *note;   /* NULL or a text */
    json_t *files;      /* [{name, mime, body (base64)}] or NULL */
} fg_claim_apply_in;

/* The pre-filled form for the enterprise under the policy (today): {policy,
 * eligible, amount_fen, prefilled: {county, industry, headcount, insured,
 * capacity, categories, whitelist, critical, the bases held}, checks (the
 * facts the explanation used), lacks, needs: {base, statements, files}}.
 * FG_ENOTFOUND when the policy does not apply today or does not cover the
 * enterprise. *out new. The caller checks access. */
int fg_app_claim_form(fg_app *app, fg_db *db, const char *policy, const char *uscc, int64_t now,
                      json_t **out, fg_err *err);
/* Applies (one tx, audited policy_claim.apply): refused with
 * policy.claim_not_eligible (and *out_match the explanation, new) when the
 * enterprise does not qualify, policy.claim_automatic for a policy granted
 * without application, policy.claim_base_needed when the amount needs a
 * base not held nor given, policy.claim_statement_needed, or
 * policy.claim_exists. *out_id: the new claim. */
int fg_app_claim_apply(fg_app *app, fg_db *db, const fg_who *who, const fg_claim_apply_in *in,
                       int64_t now, char out_id[37], json_t **out_match, fg_err *err);

/* One step on a claim: the department's approve (amount_fen; -1: the
 * computed amount), reject (reason), more_info (reason), grant (amount_fen,
 * date, reference); the enterprise's answer (reason: the answer, files),
 * receipt, withdraw. */
typedef struct fg_claim_act_in {
    fg_claim_action action;
    int version; /* the version acted on; 0: any */
    int64_t amount_fen;
    int32_t date;
    const char *reason, *reference;
    int64_t base_fen; /* answer: a base fact given now; -1 none */
    json_t *files;    /* answer: more attachments, or NULL */
} fg_claim_act_in;

/* Whether the account may see the claim: the enterprise's own account
 * (policy.apply), or the economic department (policy.check) whose
 * jurisdiction holds the claim's county and whose region contains the
 * policy's issuer's region or lies inside it. 0; FG_EPERM for a role that may do
 * neither; FG_ENOTFOUND (policy.claim_not_found, as for an id nobody used) for a
 * claim outside the account's reach (issue 16). */
int fg_app_claim_visible(const fg_who *who, const fg_claim_row *c, fg_err *err);
/* Takes the step (one tx with its audit entry policy_claim.<action>; the
 * budget committed at approval, approved − granted released at grant).
 * *out: the claim after (release). */
int fg_app_claim_act(fg_app *app, fg_db *db, const fg_who *who, const char *id,
                     const fg_claim_act_in *in, int64_t now, fg_claim_row *out, fg_err *err);
/* The department's queue filter for the account: its jurisdiction and the
 * policies related to its region (narrowed by the caller). FG_EPERM for an
 * account without policy.check or policy.apply. */
int fg_app_claim_filter(const fg_who *who, fg_claim_filter *f, fg_err *err);

/* An objection (one tx): a problem of kind 'benefit' raised by the
 * enterprise about the policy (and its claim, when given), and its
 * policy_objections row. *out_problem: the problem's id. */
int fg_app_claim_object(fg_app *app, fg_db *db, const fg_who *who, const char *policy,
                        const char *uscc, const char *claim, const char *what, int64_t now,
                        char out_problem[37], fg_err *err);

/* "Policies for you": every published policy covering the enterprise with
 * its explanation, its entitlement, its latest claim, what an application
 * needs, and the enterprise's objections. *out new. The caller checks
 * access. */
int fg_app_policies_for(fg_app *app, fg_db *db, const char *uscc, int64_t now, json_t **out,
                        fg_err *err);
/* ---- end delivery ---- */

/* ---- anchors of the audit chain (audit_anchor.c; issue 16) ---- */
#include "../sys/keyring.h"
/* The chain of chains (issue 17): records in the nation's chain the heads of
 * the provinces' chains that moved since it last did (*out_wrote). The
 * server does it every FG_APP_AUDIT_HEADS_EVERY_MS, and each anchor first. */
#define FG_APP_AUDIT_HEADS_EVERY_MS (5 * 60 * 1000)
int fg_app_audit_checkpoint(fg_db *db, int64_t now, bool *out_wrote, fg_err *err);
/* An anchor of the nation's chain head as it is now (read in a snapshot,
 * after recording the provinces' heads in it), signed by the root key of
 * `keys`: *out_json new JSON text (free()), *out the anchor. FG_EINVAL when
 * `keys` has no root key. */
int fg_app_audit_anchor_make(fg_db *db, const fg_keyring *keys, int64_t now, char **out_json,
                             fg_audit_anchor *out, fg_err *err);
/* Reads an anchor file's text (borrowed, n bytes) and checks its signature
 * with the root public key `root`: 0 and *out, or FG_EINVAL naming what is
 * wrong (not an anchor, another key, a bad signature). */
int fg_app_audit_anchor_read(const char *text, size_t n, const fg_pubkey *root,
                             fg_audit_anchor *out, fg_err *err);
/* Writes an anchor's JSON into directory `dir` as anchor-<seq>.json and
 * anchor-latest.json, each through a temporary file renamed into place. */
int fg_app_audit_anchor_save(const char *dir, const fg_audit_anchor *a, const char *json,
                             fg_err *err);
/* Sends an anchor's JSON to a notary: POST `url` (application/json; with
 * "Authorization: Bearer <token>" when token is not NULL), waiting up to
 * FG_APP_ANCHOR_SEND_TIMEOUT_S. 0 once the notary answered 2xx;
 * FG_EUNAVAIL when it did not answer or answered 5xx or 429 (send it again
 * later), FG_EIO when it refused it (another 4xx), FG_EINVAL for a URL that
 * is not http(s). */
#define FG_APP_ANCHOR_SEND_TIMEOUT_S 10
int fg_app_audit_anchor_send(const char *url, const char *token, const char *json, fg_err *err);
/* ---- end anchors ---- */

#endif
