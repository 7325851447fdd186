/* Problems (诉求): raising one (an enterprise, a transport operator, an
 * alert), routing it to the department owning its kind in its county, the
 * ledger's steps by the departments and the raiser, who sees what, and the
 * sweep (escalation on the deadline engine, quiet closing). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/pass.h"
#include "../core/region.h"
#include "../core/text.h"
#include "../util/assert.h"
#include "app.h"

#define SWEEP_BATCH 200

static int kind_row(const fg_problem_kind_row *k, void *ctx)
{
    fg_problem_clocks *c = ctx;
    if (c->n_kinds < FG_PROBLEM_MAX_KINDS)
        c->kinds[c->n_kinds++] = *k;
    return 0;
}

int fg_app_problem_clocks_load(fg_db *db, fg_problem_clocks *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    int rc = fg_store_problem_kinds(db, kind_row, out, err);
    size_t n = 0;
    if (rc == 0)
        rc = fg_store_work_calendar(db, out->days, out->working, FG_PROBLEM_MAX_CALENDAR, &n, err);
    out->calendar =
        (fg_deadline_calendar){fg_deadline_weekends.utc_offset_ms, out->days, out->working, n};
    return rc;
}

const fg_problem_kind_row *fg_app_problem_kind(const fg_problem_clocks *c, const char *name)
{
    for (size_t i = 0; i < c->n_kinds; i++)
        if (strcmp(c->kinds[i].name, name) == 0)
            return &c->kinds[i];
    return NULL;
}

/* The engine's view of a problem, with `extra` (a pause starting now) added. */
static void status_with(const fg_problem_clocks *c, const fg_problem_row *r, int64_t now,
                        fg_deadline_status *out)
{
    const fg_problem_kind_row *k = fg_app_problem_kind(c, r->kind);
    fg_deadline_kind dk = {r->kind, 0, 0, 0, FG_LADDER_STEP, false};
    if (FG_ALWAYS(k)) {
        dk.first_answer_ms = k->first_response_ms;
        dk.closure_ms = k->resolution_ms;
        dk.escalate_every_ms = k->escalate_every_ms;
        dk.working_days = k->working_days;
    }
    fg_deadline_pause p[FG_PROBLEM_MAX_PAUSES];
    size_t n = 0;
    for (size_t i = 0; i < r->n_pauses && i < FG_PROBLEM_MAX_PAUSES; i++)
        p[n++] = (fg_deadline_pause){r->pauses[i].from, r->pauses[i].to, r->pauses[i].reason};
    /* The resolution clock stops when the department answers; the ledger
     * runs on until the raiser closes it. */
    int64_t stopped = fg_problem_state_open(r->state)
                          ? 0
                          : (r->answered_at ? r->answered_at : (r->closed_at ? r->closed_at : 1));
    fg_deadline_item it = {&dk, r->started_at, r->responded_at, stopped,         p,
                           n,   r->county,     r->escalations,  r->escalated_at, &c->calendar};
    fg_deadline_status_at(&it, now, out);
}

void fg_app_problem_status(const fg_problem_clocks *c, const fg_problem_row *r, int64_t now,
                           fg_deadline_status *out)
{
    status_with(c, r, now, out);
}

/* Sets the problem's due_at, escalate_at and holder from its clocks. */
static void clocks(const fg_problem_clocks *c, fg_problem_row *r, int64_t now)
{
    fg_deadline_status s;
    status_with(c, r, now, &s);
    r->due_at = s.due_at;
    r->escalate_at = s.next_escalation_at;
    r->holder = s.holder;
}

/* The department a kind goes to in a county. */
static int route(fg_db *db, const fg_problem_kind_row *k, int32_t county, int *out, fg_err *err)
{
    int owner;
    int rc = fg_store_problem_owner(db, k->name, county, &owner, err);
    if (rc)
        return rc;
    if (owner < 0)
        owner = k->owner;
    *out = owner >= 0 ? owner : (int)FG_ROLE_JOINT_MECHANISM;
    return 0;
}

static bool coordinator_role(fg_role r)
{
    return r == FG_ROLE_JOINT_MECHANISM || r == FG_ROLE_NATIONAL_COORDINATOR;
}

static bool has_enterprise(const fg_principal *p, const char *uscc)
{
    for (size_t i = 0; uscc && *uscc && i < p->n_enterprises; i++)
        if (strcmp(p->enterprises[i], uscc) == 0)
            return true;
    return false;
}

static int check_county(fg_db *db, int32_t county, fg_err *err)
{
    if (county < 0 || fg_region_level_of(county) != FG_LEVEL_COUNTY)
        return fg_err_at(err, FG_EINVAL, "county", "problem.county",
                         "say in which county it is (a county's code)");
    return fg_store_region_exists(db, county, err);
}

/* Checks a pass number against the passes: issued, not revoked, of `plate`. */
static int check_pass(fg_db *db, const char *number, const char *plate, fg_err *err)
{
    fg_pass_row p;
    int rc = fg_store_pass_get(db, number, &p, err);
    if (rc == FG_ENOTFOUND)
        return fg_err_at(err, FG_EINVAL, "pass_number", "problem.pass_unknown",
                         "no pass numbered {number:%.20s}", number);
    if (rc)
        return rc;
    if (strcmp(p.state, "issued") != 0)
        rc = fg_err_at(err, FG_EINVAL, "pass_number", "problem.pass_not_issued",
                       "pass {number:%.20s} is not in force", number);
    else if (plate && *plate && strcmp(p.claims.plate, plate) != 0)
        rc = fg_err_at(err, FG_EINVAL, "plate", "problem.pass_plate",
                       "pass {number:%.20s} is for another vehicle", number);
    fg_pass_row_release(&p);
    return rc;
}

static void start(fg_problem_row *r, const fg_problem_clocks *c, int department, int64_t now)
{
    r->state = FG_PROBLEM_RAISED;
    r->departments = 1u << department;
    r->lead = -1;
    r->started_at = now;
    r->response_ontime = r->resolve_ontime = -1;
    clocks(c, r, now);
}

int fg_app_problem_raise(fg_app *app, fg_db *db, const fg_who *who, const fg_problem_new *in,
                         int64_t now, char out_id[37], fg_err *err)
{
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now, who->username, err);
    if (rc)
        return rc;
    rc = fg_app_problem_raise_tx(app, &tx, who, in, out_id, err);
    return fg_tx_end(&tx, rc, err);
}

int fg_app_problem_raise_tx(fg_app *app, fg_tx *tx, const fg_who *who, const fg_problem_new *in,
                            char out_id[37], fg_err *err)
{
    (void)app;
    fg_db *db = tx->db;
    int64_t now = tx->now_ms;
    const fg_principal *p = who->principal;
    if (p->role != FG_ROLE_ENTERPRISE && p->role != FG_ROLE_TRANSPORT_OPERATOR)
        return fg_err_at(err, FG_EPERM, NULL, "problem.raiser",
                         "a problem is raised by an enterprise or a transport operator");
    fg_problem_clocks *c = malloc(sizeof(*c));
    fg_problem_row *r = calloc(1, sizeof(*r));
    int rc = c && r ? fg_app_problem_clocks_load(db, c, err)
                    : fg_err_set(err, FG_ENOMEM, "out of memory");
    const fg_problem_kind_row *k = rc == 0 ? fg_app_problem_kind(c, in->kind) : NULL;
    if (rc == 0 && !k)
        rc = fg_err_at(err, FG_EINVAL, "kind", "problem.kind_unknown",
                       "unknown kind of problem '{value:%.40s}'", in->kind ? in->kind : "");
    if (rc == 0 && k->by_alert)
        rc = fg_err_at(err, FG_EINVAL, "kind", "problem.kind_by_alert",
                       "problems of kind '{value:%.40s}' are opened by the monitoring alerts, "
                       "not raised by hand; pick the kind that names the difficulty",
                       k->name);
    if (rc == 0 && (!in->what || fg_text_visible(in->what) < 4))
        rc = fg_err_at(err, FG_EINVAL, "what", "problem.what",
                       "say what the problem is (4 characters at least)");
    const char *uscc =
        in->enterprise ? in->enterprise : (p->n_enterprises ? p->enterprises[0] : NULL);
    if (rc == 0 && p->role == FG_ROLE_ENTERPRISE && !has_enterprise(p, uscc))
        rc = fg_err_at(err, FG_EPERM, "enterprise", "problem.not_your_enterprise",
                       "an enterprise raises problems about itself");
    if (rc == 0 && p->role == FG_ROLE_TRANSPORT_OPERATOR && !has_enterprise(p, uscc))
        uscc = NULL;
    int32_t county = in->county;
    if (rc == 0 && (k->truck || p->role == FG_ROLE_TRANSPORT_OPERATOR)) {
        rc = check_county(db, county, err);
        if (rc == 0 && k->truck && (!in->plate || !*in->plate))
            rc = fg_err_at(err, FG_EINVAL, "plate", "problem.plate_needed",
                           "a blocked truck is named by its plate");
        if (rc == 0 && in->plate && *in->plate)
            rc = fg_plate_check(in->plate, err);
        if (rc == 0 && in->pass_number && *in->pass_number)
            rc = check_pass(db, in->pass_number, in->plate, err);
    } else if (rc == 0) {
        fg_enterprise e;
        rc = fg_access_check_role(p, FG_ACT_PROBLEM_RAISE, err);
        rc = rc ? rc : fg_store_enterprise_get(db, uscc, now, &e, NULL, err);
        county = rc == 0 ? e.region : -1;
    }
    if (rc == 0) {
        fg_target t = {county, uscc};
        rc = uscc ? fg_access_check_enterprise(p, FG_ACT_PROBLEM_RAISE, &t, err)
                  : fg_access_check(p, FG_ACT_PROBLEM_RAISE, &t, err);
    }
    int department = -1;
    if (rc == 0)
        rc = route(db, k, county, &department, err);
    if (rc == 0) {
        fg_strlcpy(r->kind, k->name, sizeof(r->kind));
        r->source = p->role == FG_ROLE_ENTERPRISE ? FG_PSOURCE_ENTERPRISE : FG_PSOURCE_OPERATOR;
        r->county = county;
        fg_strlcpy(r->place, in->place ? in->place : "", sizeof(r->place));
        fg_strlcpy(r->enterprise, uscc ? uscc : "", sizeof(r->enterprise));
        fg_strlcpy(r->pass_number, in->pass_number ? in->pass_number : "", sizeof(r->pass_number));
        fg_strlcpy(r->plate, in->plate ? in->plate : "", sizeof(r->plate));
        fg_strlcpy(r->what, in->what, sizeof(r->what));
        fg_strlcpy(r->raised_by, who->username, sizeof(r->raised_by));
        start(r, c, department, now);
        rc = fg_store_problem_insert_tx(tx, r, err);
    }
    if (rc == 0)
        memcpy(out_id, r->id, 37);
    free(c);
    free(r);
    return rc;
}

int fg_app_problem_open_by_alert(fg_app *app, fg_tx *tx, const fg_problem_alert_in *in,
                                 char out_id[37], bool *out_opened, fg_err *err)
{
    (void)app;
    *out_opened = false;
    if (!in->alert_key || !*in->alert_key || strlen(in->alert_key) >= 80)
        return fg_err_at(err, FG_EINVAL, "alert_key", "problem.alert_key",
                         "an alert's problem needs its key (under 80 characters)");
    fg_db *db = tx->db;
    int rc = fg_store_problem_by_alert(db, in->alert_key, out_id, err);
    if (rc)
        return rc < 0 ? rc : 0;
    fg_problem_clocks *c = malloc(sizeof(*c));
    fg_problem_row *r = calloc(1, sizeof(*r));
    rc = c && r ? fg_app_problem_clocks_load(db, c, err)
                : fg_err_set(err, FG_ENOMEM, "out of memory");
    const fg_problem_kind_row *k = rc == 0 ? fg_app_problem_kind(c, in->kind) : NULL;
    if (rc == 0 && !k)
        rc = fg_err_at(err, FG_EINVAL, "kind", "problem.kind_unknown",
                       "unknown kind of problem '{value:%.40s}'", in->kind ? in->kind : "");
    if (rc == 0)
        rc = check_county(db, in->county, err);
    int department = -1;
    if (rc == 0)
        rc = route(db, k, in->county, &department, err);
    if (rc == 0) {
        fg_strlcpy(r->kind, k->name, sizeof(r->kind));
        r->source = FG_PSOURCE_ALERT;
        r->county = in->county;
        fg_strlcpy(r->enterprise, in->enterprise ? in->enterprise : "", sizeof(r->enterprise));
        fg_strlcpy(r->what, in->what ? in->what : "", sizeof(r->what));
        fg_strlcpy(r->alert_key, in->alert_key, sizeof(r->alert_key));
        fg_strlcpy(r->raised_by, tx->actor, sizeof(r->raised_by));
        start(r, c, department, tx->now_ms);
        rc = fg_store_problem_insert_tx(tx, r, err);
    }
    if (rc == 0) {
        memcpy(out_id, r->id, 37);
        *out_opened = true;
    }
    free(c);
    free(r);
    return rc;
}

int fg_app_problem_owner_check(fg_db *db, const fg_who *who, const char *kind, int32_t region,
                               fg_err *err)
{
    if (!coordinator_role(who->role))
        return fg_err_at(err, FG_EPERM, NULL, "problem.owner_setter",
                         "who owns a kind of problem in a region is set by its joint mechanism");
    fg_target t = {region, NULL};
    int rc = fg_access_check(who->principal, FG_ACT_PROBLEM_HANDLE, &t, err);
    if (rc || (rc = fg_store_region_exists(db, region, err)))
        return rc;
    if (region == FG_REGION_NATION)
        return fg_err_at(err, FG_EINVAL, "region", "problem.owner_region",
                         "a kind's owner for the whole country is the kind's own (migration data)");
    fg_problem_kind_row k;
    return fg_store_problem_kind_get(db, kind, &k, err);
}

int fg_app_problem_owner_set(fg_app *app, fg_db *db, const fg_who *who, const char *kind,
                             int32_t region, int department, int64_t now, fg_err *err)
{
    (void)app;
    if (!coordinator_role(who->role))
        return fg_err_at(err, FG_EPERM, NULL, "problem.owner_setter",
                         "who owns a kind of problem in a region is set by its joint mechanism");
    fg_target t = {region, NULL};
    int rc = fg_access_check(who->principal, FG_ACT_PROBLEM_HANDLE, &t, err);
    if (rc || (rc = fg_store_region_exists(db, region, err)))
        return rc;
    if (region == FG_REGION_NATION)
        return fg_err_at(err, FG_EINVAL, "region", "problem.owner_region",
                         "a kind's owner for the whole country is the kind's own (migration data)");
    fg_problem_kind_row k;
    if ((rc = fg_store_problem_kind_get(db, kind, &k, err)))
        return rc;
    if (department >= 0 && (rc = fg_problem_check_department((fg_role)department, err)))
        return rc;
    return fg_store_problem_owner_set(db, k.name, region, department, now, who->username, err);
}

int fg_app_calendar_apply(fg_db *db, const fg_calendar_change *c, size_t n, int64_t now,
                          const char *actor, fg_err *err)
{
    for (size_t i = 0; i < n; i++) {
        int rc = c[i].unset ? fg_deadline_calendar_check(c[i].day, false, "-", err)
                            : fg_deadline_calendar_check(c[i].day, c[i].working, c[i].name, err);
        for (size_t j = 0; rc == 0 && j < i; j++)
            if (c[j].day == c[i].day) {
                char d[11];
                fg_date_format(c[i].day, d);
                rc = fg_err_at(err, FG_EINVAL, "day", "calendar.twice", "{day:%s} is given twice",
                               d);
            }
        if (rc)
            return rc;
    }
    return fg_store_calendar_apply(db, c, n, now, actor, err);
}

bool fg_app_problem_raiser(const fg_who *who, const fg_problem_row *r)
{
    const fg_principal *p = who->principal;
    if (fg_role_has_region(p->role))
        return false;
    return strcmp(r->raised_by, who->username) == 0 || has_enterprise(p, r->enterprise);
}

int fg_app_problem_visible(const fg_who *who, const fg_problem_row *r, fg_err *err)
{
    const fg_principal *p = who->principal;
    if (fg_role_has_region(p->role) ? fg_region_contains(p->region, r->county)
                                    : fg_app_problem_raiser(who, r))
        return 0;
    /* answered as one that does not exist (issue 16), as fg_store_problem_get */
    return fg_err_at(err, FG_ENOTFOUND, "id", "problem.not_found", "no problem with id {id:%.40s}",
                     r->id);
}

void fg_app_problem_filter(const fg_who *who, fg_problem_filter *f)
{
    const fg_principal *p = who->principal;
    f->all = false;
    f->county_lo = f->county_hi = -1;
    f->enterprises = NULL;
    f->n_enterprises = 0;
    f->raised_by = NULL;
    if (!fg_role_has_region(p->role)) {
        f->enterprises = p->enterprises;
        f->n_enterprises = p->n_enterprises < 8 ? p->n_enterprises : 8;
        f->raised_by = who->username;
    } else if (p->region == FG_REGION_NATION) {
        f->all = true;
    } else {
        fg_region_range(p->region, &f->county_lo, &f->county_hi);
    }
}

static bool coordinator(fg_role r)
{
    return r == FG_ROLE_JOINT_MECHANISM || r == FG_ROLE_NATIONAL_COORDINATOR;
}

bool fg_app_problem_mine(const fg_who *who, const fg_problem_clocks *c, const fg_problem_row *r,
                         int64_t now)
{
    const fg_principal *p = who->principal;
    if (!fg_role_has_region(p->role))
        return fg_app_problem_raiser(who, r) &&
               (r->state == FG_PROBLEM_ANSWERED || r->paused_at > 0 ||
                (r->state == FG_PROBLEM_CLOSED && !r->rating));
    if (!fg_problem_state_open(r->state) || r->paused_at ||
        !fg_region_contains(p->region, r->county))
        return false;
    (void)c;
    (void)now;
    /* With one of its departments (the joint mechanism and the coordinator
     * take what is in their jurisdiction), not waiting for the raiser. */
    return coordinator(p->role) || (r->departments & (1u << p->role));
}

static int side_check(const fg_who *who, const fg_problem_row *r, fg_problem_side side, fg_err *err)
{
    if (side == FG_PSIDE_RAISER) {
        if (fg_app_problem_raiser(who, r))
            return 0;
        return fg_err_at(err, FG_EPERM, NULL, "problem.raiser_only",
                         "only the one who raised the problem may do this");
    }
    fg_target t = {r->county, NULL};
    return fg_access_check(who->principal, FG_ACT_PROBLEM_HANDLE, &t, err);
}

static fg_problem_facts facts(const fg_problem_row *r)
{
    return (fg_problem_facts){r->state, r->paused_at > 0, r->rating > 0, r->departments, r->lead};
}

static fg_problem_side side_of(const fg_who *who, fg_problem_action a)
{
    if (a == FG_PROBLEM_RESUME)
        return fg_role_has_region(who->role) ? FG_PSIDE_HANDLER : FG_PSIDE_RAISER;
    return fg_problem_action_side(a);
}

bool fg_app_problem_may(const fg_who *who, const fg_problem_row *r, fg_problem_action a)
{
    fg_err err;
    fg_problem_state next;
    fg_problem_side side = side_of(who, a);
    fg_problem_facts f = facts(r);
    return side_check(who, r, side, &err) == 0 &&
           fg_problem_step(&f, a, side, who->role, &next, &err) == 0;
}

static int need_text(const char *text, const char *field, fg_err *err)
{
    if (text && *text)
        return 0;
    return fg_err_at(err, FG_EINVAL, field, "problem.text_needed",
                     "this step needs a few words: the answer, or the reason");
}

/* The first response (taken, paused or answered): in time or late. */
static void respond(fg_problem_row *after, const fg_deadline_status *s, int64_t now)
{
    if (after->responded_at)
        return;
    after->responded_at = now;
    after->response_ontime = s->clock == FG_CLOCK_FIRST_ANSWER && now < s->due_at ? 1 : 0;
}

int fg_app_problem_act(fg_app *app, fg_db *db, const fg_who *who, const fg_problem_row *r,
                       const fg_problem_act *a, int64_t now, fg_err *err)
{
    (void)app;
    fg_problem_side side = side_of(who, a->action);
    int rc = side_check(who, r, side, err);
    if (rc)
        return rc;
    fg_problem_state next;
    fg_problem_facts f = facts(r);
    if ((rc = fg_problem_step(&f, a->action, side, who->role, &next, err)))
        return rc;
    fg_problem_clocks *c = malloc(sizeof(*c));
    fg_problem_row *after = malloc(sizeof(*after));
    if (!c || !after) {
        free(c);
        free(after);
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    }
    if ((rc = fg_app_problem_clocks_load(db, c, err))) {
        free(c);
        free(after);
        return rc;
    }
    fg_deadline_status s;
    fg_app_problem_status(c, r, now, &s);
    *after = *r;
    after->events = NULL;
    after->n_events = 0;
    after->state = next;
    fg_pause_op pause = FG_PAUSE_KEEP;
    const char *department = NULL, *text = a->text;
    bool is_dept = fg_problem_check_department(who->role, NULL) == 0;
    switch (a->action) {
    case FG_PROBLEM_TAKE:
        if (is_dept) {
            after->departments |= 1u << who->role;
            if (after->lead < 0)
                after->lead = (int)who->role;
        }
        department = fg_role_name(who->role);
        respond(after, &s, now);
        break;
    case FG_PROBLEM_ASSIGN:
    case FG_PROBLEM_ADD_DEPT:
        rc = fg_problem_check_department((fg_role)a->department, err);
        if (rc == 0 && a->action == FG_PROBLEM_ADD_DEPT && (r->departments & (1u << a->department)))
            rc = fg_err_at(err, FG_ECONFLICT, "department", "problem.department_already",
                           "the problem is already with the {department:%s}",
                           fg_role_name((fg_role)a->department));
        if (rc)
            break;
        after->departments |= 1u << a->department;
        if (a->action == FG_PROBLEM_ASSIGN)
            after->lead = a->department;
        department = fg_role_name((fg_role)a->department);
        break;
    case FG_PROBLEM_ANSWER:
        if ((rc = need_text(text, "answer", err)))
            break;
        fg_strlcpy(after->answer, text, sizeof(after->answer));
        if (after->lead < 0 && is_dept)
            after->lead = (int)who->role;
        respond(after, &s, now);
        after->answered_at = now;
        after->resolve_ontime = now < s.due_at ? 1 : 0;
        break;
    case FG_PROBLEM_PAUSE:
        if ((rc = need_text(text, "reason", err)))
            break;
        if (fg_utf8_len(text) > FG_PROBLEM_PAUSE_MAX || r->n_pauses >= FG_PROBLEM_MAX_PAUSES) {
            rc = fg_err_at(err, FG_EINVAL, "reason", "problem.pause_limit",
                           "a pause's reason is at most {max:%d} characters, and a problem "
                           "pauses at most 16 times",
                           FG_PROBLEM_PAUSE_MAX);
            break;
        }
        respond(after, &s, now);
        after->paused_at = now;
        fg_strlcpy(after->pause_reason, text, sizeof(after->pause_reason));
        after->pauses[after->n_pauses++] = (fg_problem_pause_row){now, 0, ""};
        pause = FG_PAUSE_START;
        break;
    case FG_PROBLEM_RESUME:
        after->paused_at = 0;
        if (after->n_pauses)
            after->pauses[after->n_pauses - 1].to = now;
        pause = FG_PAUSE_END;
        break;
    case FG_PROBLEM_CONFIRM:
    case FG_PROBLEM_CLOSE:
        after->closed_at = now;
        fg_strlcpy(after->closed_how, a->action == FG_PROBLEM_CONFIRM ? "confirmed" : "withdrawn",
                   sizeof(after->closed_how));
        if (after->paused_at) {
            after->paused_at = 0;
            after->pauses[after->n_pauses - 1].to = now;
            pause = FG_PAUSE_END;
        }
        break;
    case FG_PROBLEM_REOPEN:
        if ((rc = need_text(text, "reason", err)))
            break;
        /* The resolution clock starts again at the county. */
        fg_strlcpy(after->reason, text, sizeof(after->reason));
        after->started_at = now;
        after->answered_at = 0;
        after->closed_at = 0;
        after->closed_how[0] = '\0';
        after->escalations = 0;
        after->escalated_at = 0;
        after->resolve_ontime = -1;
        after->reopenings++;
        break;
    case FG_PROBLEM_RATE:
        if ((rc = fg_problem_check_rating(a->rating, err)))
            break;
        after->rating = a->rating;
        fg_strlcpy(after->rating_comment, text ? text : "", sizeof(after->rating_comment));
        break;
    case FG_PROBLEM_ACTION_COUNT: rc = fg_err_set(err, FG_EIO, "no such action"); break;
    }
    char rated[FG_PROBLEM_TEXT_BYTES + 8];
    if (rc == 0 && a->action == FG_PROBLEM_RATE) {
        snprintf(rated, sizeof(rated), "%d%s%s", a->rating, text && *text ? " " : "",
                 text ? text : "");
        text = rated;
    }
    if (rc == 0) {
        clocks(c, after, now);
        rc = fg_store_problem_update(db, r, after, pause, fg_problem_action_name(a->action),
                                     department, text, now, who->username, err);
    }
    free(c);
    free(after);
    return rc;
}

/* One problem the sweep picked: close it quietly, escalate it, or refresh its
 * clocks. */
static int sweep_one(fg_db *db, const fg_problem_clocks *c, const char *id, int64_t now,
                     size_t *escalated, size_t *closed, fg_err *err)
{
    fg_problem_row *r = malloc(sizeof(*r));
    fg_problem_row *after = malloc(sizeof(*after));
    int rc = r && after ? fg_store_problem_get(db, id, r, err)
                        : fg_err_set(err, FG_ENOMEM, "out of memory");
    if (rc) {
        free(r);
        free(after);
        return rc;
    }
    *after = *r;
    after->events = NULL;
    after->n_events = 0;
    const char *event;
    char text[200];
    if (r->state == FG_PROBLEM_ANSWERED && r->answered_at + FG_PROBLEM_QUIET_MS <= now) {
        after->state = FG_PROBLEM_CLOSED;
        after->closed_at = now;
        fg_strlcpy(after->closed_how, "quiet", sizeof(after->closed_how));
        event = "quiet_close";
        snprintf(text, sizeof(text), "%s", "answered; no reply from the raiser for 3 days");
    } else {
        fg_deadline_status s;
        fg_app_problem_status(c, r, now, &s);
        if (s.escalation_due && s.escalate_to >= 0) {
            after->escalations++;
            after->escalated_at = now;
            char due[25];
            fg_time_format(s.due_at, due);
            snprintf(text, sizeof(text), "overdue since %s; escalated to %06d", due,
                     (int)s.escalate_to);
            event = "escalate";
        } else {
            snprintf(text, sizeof(text), "%s", "the clocks were recomputed");
            event = "reclock";
        }
    }
    clocks(c, after, now);
    if (strcmp(event, "reclock") == 0 && after->escalate_at && after->escalate_at <= now)
        after->escalate_at = 0;
    rc =
        fg_store_problem_update(db, r, after, FG_PAUSE_KEEP, event, NULL, text, now, "system", err);
    if (rc == 0 && strcmp(event, "escalate") == 0)
        (*escalated)++;
    else if (rc == 0 && strcmp(event, "quiet_close") == 0)
        (*closed)++;
    else if (rc == FG_ECONFLICT)
        rc = 0;
    fg_problem_row_release(r);
    free(r);
    free(after);
    return rc;
}

int fg_app_problem_sweep(fg_app *app, fg_db *db, int64_t now, size_t *out_escalated,
                         size_t *out_closed, fg_err *err)
{
    (void)app;
    *out_escalated = *out_closed = 0;
    fg_problem_clocks *c = malloc(sizeof(*c));
    if (!c)
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    int rc = fg_app_problem_clocks_load(db, c, err);
    for (int round = 0; rc == 0 && round < 8; round++) {
        char ids[SWEEP_BATCH][37];
        size_t n;
        rc = fg_store_problem_due(db, now, now - FG_PROBLEM_QUIET_MS, ids, SWEEP_BATCH, &n, err);
        for (size_t i = 0; rc == 0 && i < n; i++)
            rc = sweep_one(db, c, ids[i], now, out_escalated, out_closed, err);
        if (n < SWEEP_BATCH)
            break;
    }
    free(c);
    return rc;
}
