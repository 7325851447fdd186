/* Production and contingency plans: the template check, the minimums by
 * level, the filing workflow and the plan in force. */
#include "plan.h"

#include <stdio.h>
#include <string.h>

#include "../util/assert.h"
#include "enterprise.h"
#include "text.h"

static const char *const state_names[] = {"draft", "filed", "approved", "returned"};
static const char *const action_names[] = {"save", "file", "approve", "return"};
static const char *const use_names[] = {"normal", "observation", "isolation", "infection"};
_Static_assert(FG_COUNTOF(state_names) == FG_PLAN_STATE_COUNT, "a name for every state");
_Static_assert(FG_COUNTOF(action_names) == FG_PLAN_ACTION_COUNT, "a name for every action");
_Static_assert(FG_COUNTOF(use_names) == FG_AREA_USE_COUNT, "a name for every area use");

#define USE(u) (1u << FG_AREA_##u)

/* What each level requires. Low: a team, a contact, a normal production area,
 * a week of protective stock, a room to isolate a case. Medium adds a
 * newcomer observation area, point-to-point commuting and testing every
 * three days. High (the 2022 Shanghai guideline for enterprises in closed-loop
 * production): an isolation area, staff in a closed loop with their lodging,
 * daily testing, 14 days of protective stock. */
static const fg_plan_minimum minimums[] = {
    {FG_RISK_LOW, 1, USE(NORMAL), false, false, 0, 7, 1, 1},
    {FG_RISK_MEDIUM, 2, USE(NORMAL) | USE(OBSERVATION), false, true, 3, 10, 1, 2},
    {FG_RISK_HIGH, 3, USE(NORMAL) | USE(OBSERVATION) | USE(ISOLATION), true, true, 1, 14, 2, 3},
};

const fg_plan_minimum *fg_plan_minimums(fg_risk_level level)
{
    FG_ASSERT((unsigned)level <= FG_RISK_HIGH);
    return &minimums[level];
}

const char *fg_plan_state_name(fg_plan_state s)
{
    return (unsigned)s < FG_PLAN_STATE_COUNT ? state_names[s] : "";
}

const char *fg_plan_action_name(fg_plan_action a)
{
    return (unsigned)a < FG_PLAN_ACTION_COUNT ? action_names[a] : "";
}

const char *fg_plan_area_use_name(fg_plan_area_use u)
{
    return (unsigned)u < FG_AREA_USE_COUNT ? use_names[u] : "";
}

int fg_plan_state_parse(const char *s, fg_plan_state *out, fg_err *err)
{
    for (int i = 0; s && i < FG_PLAN_STATE_COUNT; i++)
        if (strcmp(s, state_names[i]) == 0) {
            *out = (fg_plan_state)i;
            return 0;
        }
    return fg_err_at(err, FG_EINVAL, "state", "plan.state",
                     "unknown plan state '{value:%.20s}' (draft, filed, approved, returned)",
                     s ? s : "");
}

int fg_plan_action_parse(const char *s, fg_plan_action *out, fg_err *err)
{
    for (int i = 0; s && i < FG_PLAN_ACTION_COUNT; i++)
        if (strcmp(s, action_names[i]) == 0) {
            *out = (fg_plan_action)i;
            return 0;
        }
    return fg_err_at(err, FG_EINVAL, "action", "plan.action",
                     "unknown action '{value:%.20s}' (file, approve, return)", s ? s : "");
}

/* ---- the check ---- */

/* The next item of the report to fill (the report's overflow item, counted
 * as dropped, once the report is full). */
static fg_err *slot(fg_plan_report *r)
{
    if (r->n < FG_PLAN_MAX_ISSUES)
        return &r->items[r->n++];
    r->dropped++;
    return &r->overflow;
}

/* A text item: present, non-empty, at most FG_PLAN_TEXT_MAX characters. */
static const char *text_item(fg_plan_report *r, const json_t *obj, const char *key,
                             const char *path)
{
    const json_t *v = json_object_get(obj, key);
    const char *s = json_string_value(v);
    if (!v || json_is_null(v) || (s && fg_text_visible(s) == 0)) {
        fg_err_at(slot(r), FG_EINVAL, path, "plan.missing", "%s is missing", path);
        return NULL;
    }
    if (!s || fg_utf8_len(s) > FG_PLAN_TEXT_MAX) {
        fg_err_at(slot(r), FG_EINVAL, path, "plan.text",
                  "%s must be a text of at most {max:%d} characters", path, FG_PLAN_TEXT_MAX);
        return NULL;
    }
    return s;
}

/* A whole number item in [0, hi]; -1 when missing or malformed (named). */
static int64_t number_item(fg_plan_report *r, const json_t *obj, const char *key, const char *path,
                           int64_t hi)
{
    const json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v)) {
        fg_err_at(slot(r), FG_EINVAL, path, "plan.missing", "%s is missing", path);
        return -1;
    }
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > hi) {
        fg_err_at(slot(r), FG_EINVAL, path, "plan.number",
                  "%s must be a whole number from 0 to {max:%lld}", path, (long long)hi);
        return -1;
    }
    return json_integer_value(v);
}

/* A list item: an array of at most FG_PLAN_MAX_LIST; NULL when missing or
 * malformed (named). */
static const json_t *list_item(fg_plan_report *r, const json_t *obj, const char *key,
                               const char *path)
{
    const json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v)) {
        fg_err_at(slot(r), FG_EINVAL, path, "plan.missing", "%s is missing", path);
        return NULL;
    }
    if (!json_is_array(v) || json_array_size(v) > FG_PLAN_MAX_LIST) {
        fg_err_at(slot(r), FG_EINVAL, path, "plan.list",
                  "%s must be a list of at most {max:%d} items", path, FG_PLAN_MAX_LIST);
        return NULL;
    }
    return v;
}

/* A part of the body: an object (an empty one when missing; malformed named). */
static const json_t *part(fg_plan_report *r, const json_t *body, const char *key)
{
    const json_t *v = json_object_get(body, key);
    if (v && !json_is_object(v))
        fg_err_at(slot(r), FG_EINVAL, key, "plan.part", "%s must be an object", key);
    /* json_object_get(NULL, ...) is NULL: every item of a missing part is missing */
    return v && json_is_object(v) ? v : NULL;
}

static void check_responsibility(fg_plan_report *r, const json_t *p, const fg_plan_minimum *m)
{
    char path[48];
    const json_t *team = list_item(r, p, "team", "responsibility.team");
    int members = 0;
    size_t i;
    const json_t *t;
    json_array_foreach(team, i, t)
    {
        snprintf(path, sizeof(path), "responsibility.team[%zu].name", i + 1);
        const char *name = text_item(r, t, "name", path);
        snprintf(path, sizeof(path), "responsibility.team[%zu].duty", i + 1);
        const char *duty = text_item(r, t, "duty", path);
        members += name && duty;
    }
    if (team && members < m->team)
        fg_err_at(slot(r), FG_EINVAL, "responsibility.team", "plan.team_short",
                  "the responsible team has {have:%d} members with a name and a duty; level "
                  "{level:%s} needs {need:%d}",
                  members, fg_risk_name(m->level), m->team);
    const json_t *contact = json_object_get(p, "contact");
    if (contact && !json_is_object(contact)) {
        fg_err_at(slot(r), FG_EINVAL, "responsibility.contact", "plan.part", "%s must be an object",
                  "responsibility.contact");
        contact = NULL;
    }
    text_item(r, contact, "name", "responsibility.contact.name");
    const char *phone = text_item(r, contact, "phone", "responsibility.contact.phone");
    if (phone) {
        size_t digits = 0, bad = 0;
        for (const char *c = phone; *c; c++) {
            if (*c >= '0' && *c <= '9')
                digits++;
            else if (!strchr("+- ()", *c))
                bad++;
        }
        if (digits < 7 || digits > 15 || bad)
            fg_err_at(slot(r), FG_EINVAL, "responsibility.contact.phone", "plan.phone",
                      "the contact's phone '{value:%.20s}' is not a phone number", phone);
    }
}

static void check_zoning(fg_plan_report *r, const json_t *p, const fg_plan_minimum *m)
{
    char path[48];
    const json_t *areas = list_item(r, p, "areas", "zoning.areas");
    unsigned have = 0;
    size_t i;
    const json_t *a;
    json_array_foreach(areas, i, a)
    {
        snprintf(path, sizeof(path), "zoning.areas[%zu].name", i + 1);
        text_item(r, a, "name", path);
        snprintf(path, sizeof(path), "zoning.areas[%zu].use", i + 1);
        const char *use = text_item(r, a, "use", path);
        int u = -1;
        for (int k = 0; use && k < FG_AREA_USE_COUNT; k++)
            if (strcmp(use, use_names[k]) == 0)
                u = k;
        if (use && u < 0)
            fg_err_at(slot(r), FG_EINVAL, path, "plan.area_use",
                      "area use '{value:%.20s}' is not normal, observation, isolation or "
                      "infection",
                      use);
        if (u >= 0)
            have |= 1u << u;
    }
    if (!areas)
        return;
    if ((m->areas & USE(NORMAL)) && !(have & USE(NORMAL)))
        fg_err_at(slot(r), FG_EINVAL, "zoning.areas", "plan.zone_normal",
                  "the zoning has no normal production area");
    if ((m->areas & USE(OBSERVATION)) && !(have & USE(OBSERVATION)))
        fg_err_at(slot(r), FG_EINVAL, "zoning.areas", "plan.zone_observation",
                  "level {level:%s} needs a newcomer observation area", fg_risk_name(m->level));
    if ((m->areas & USE(ISOLATION)) && !(have & USE(ISOLATION)))
        fg_err_at(slot(r), FG_EINVAL, "zoning.areas", "plan.zone_isolation",
                  "level {level:%s} needs an isolation area", fg_risk_name(m->level));
}

static int64_t ceil_div(int64_t a, int64_t b)
{
    return b > 0 ? (a + b - 1) / b : 0;
}

static void check_staff(fg_plan_report *r, const json_t *p, const fg_plan_context *ctx,
                        const fg_plan_minimum *m)
{
    fg_plan_figures *f = &r->figures;
    f->closed_loop =
        number_item(r, p, "closed_loop_headcount", "staff.closed_loop_headcount", 10000000);
    f->lodging = number_item(r, p, "lodging_places", "staff.lodging_places", 10000000);
    int64_t cadence = number_item(r, p, "testing_cadence_days", "staff.testing_cadence_days", 30);
    const json_t *ptp = json_object_get(p, "point_to_point_commuting");
    if (!ptp || json_is_null(ptp))
        fg_err_at(slot(r), FG_EINVAL, "staff.point_to_point_commuting", "plan.missing",
                  "%s is missing", "staff.point_to_point_commuting");
    else if (!json_is_boolean(ptp))
        fg_err_at(slot(r), FG_EINVAL, "staff.point_to_point_commuting", "plan.yes_no",
                  "%s must be true or false", "staff.point_to_point_commuting");
    else if (m->commuting && !json_is_true(ptp))
        fg_err_at(slot(r), FG_EINVAL, "staff.point_to_point_commuting", "plan.commuting",
                  "level {level:%s} needs point-to-point commuting for staff outside the closed "
                  "loop",
                  fg_risk_name(m->level));
    if (f->closed_loop >= 0) {
        if (m->closed_loop && f->closed_loop == 0)
            fg_err_at(slot(r), FG_EINVAL, "staff.closed_loop_headcount", "plan.closed_loop",
                      "level {level:%s} needs staff in a closed loop", fg_risk_name(m->level));
        if (ctx->headcount >= 0 && f->closed_loop > ctx->headcount)
            fg_err_at(slot(r), FG_EINVAL, "staff.closed_loop_headcount", "plan.closed_loop_over",
                      "{have:%lld} staff in the closed loop is more than the enterprise's "
                      "headcount of {need:%lld}",
                      (long long)f->closed_loop, (long long)ctx->headcount);
    }
    if (f->closed_loop >= 0 && f->lodging >= 0) {
        f->lodging_short = f->closed_loop > f->lodging ? f->closed_loop - f->lodging : 0;
        if (f->lodging_short > 0)
            fg_err_at(slot(r), FG_EINVAL, "staff.lodging_places", "plan.lodging_short",
                      "{have:%lld} lodging places for {need:%lld} staff in the closed loop",
                      (long long)f->lodging, (long long)f->closed_loop);
    }
    if (cadence == 0) {
        fg_err_at(slot(r), FG_EINVAL, "staff.testing_cadence_days", "plan.cadence_zero",
                  "the testing cadence is a number of days from 1 to {max:%d}", 30);
        cadence = -1;
    }
    f->cadence_days = (int)cadence;
    if (cadence > 0) {
        f->tests_per_day = ceil_div(ctx->headcount > 0 ? ctx->headcount : 0, cadence);
        if (m->cadence_max_days && cadence > m->cadence_max_days)
            fg_err_at(slot(r), FG_EINVAL, "staff.testing_cadence_days", "plan.cadence_long",
                      "testing every {have:%d} days; level {level:%s} needs testing at least "
                      "every {need:%d} days",
                      (int)cadence, fg_risk_name(m->level), m->cadence_max_days);
    }
}

static void check_logistics(fg_plan_report *r, const json_t *p, const fg_plan_minimum *m)
{
    fg_plan_figures *f = &r->figures;
    text_item(r, p, "receiving_route", "logistics.receiving_route");
    int64_t days =
        number_item(r, p, "protective_stock_days", "logistics.protective_stock_days", 3650);
    f->stock_days = (int)days;
    f->stock_days_required = m->stock_days;
    if (days >= 0 && days < m->stock_days)
        fg_err_at(slot(r), FG_EINVAL, "logistics.protective_stock_days", "plan.stock_short",
                  "{have:%d} days of protective stock; level {level:%s} needs {need:%d}", (int)days,
                  fg_risk_name(m->level), m->stock_days);
}

static void check_emergency(fg_plan_report *r, const json_t *p, const fg_plan_minimum *m)
{
    fg_plan_figures *f = &r->figures;
    int64_t rooms = number_item(r, p, "isolation_rooms", "emergency.isolation_rooms", 100000);
    int64_t need = m->isolation_rooms;
    if (f->closed_loop > 0 && ceil_div(f->closed_loop, 100) > need)
        need = ceil_div(f->closed_loop, 100);
    f->isolation_rooms = (int)rooms;
    f->isolation_rooms_required = (int)need;
    if (rooms >= 0 && rooms < need)
        fg_err_at(slot(r), FG_EINVAL, "emergency.isolation_rooms", "plan.rooms_short",
                  "{have:%d} isolation rooms; {need:%d} needed (at least one per 100 staff in the "
                  "closed loop)",
                  (int)rooms, (int)need);
    text_item(r, p, "transfer_channel", "emergency.transfer_channel");
    char path[48];
    const json_t *steps = list_item(r, p, "steps_on_case", "emergency.steps_on_case");
    int n = 0;
    size_t i;
    const json_t *s;
    json_array_foreach(steps, i, s)
    {
        const char *t = json_string_value(s);
        snprintf(path, sizeof(path), "emergency.steps_on_case[%zu]", i + 1);
        if (!t || fg_text_visible(t) == 0 || fg_utf8_len(t) > FG_PLAN_TEXT_MAX)
            fg_err_at(slot(r), FG_EINVAL, path, "plan.text",
                      "%s must be a text of at most {max:%d} characters", path, FG_PLAN_TEXT_MAX);
        else
            n++;
    }
    if (steps && n < m->steps)
        fg_err_at(slot(r), FG_EINVAL, "emergency.steps_on_case", "plan.steps_short",
                  "{have:%d} steps on a confirmed case; level {level:%s} needs {need:%d}", n,
                  fg_risk_name(m->level), m->steps);
}

static void check_suppliers(fg_plan_report *r, const json_t *body, const fg_plan_context *ctx)
{
    const json_t *v = json_object_get(body, "suppliers");
    if ((!v || json_is_null(v)) && ctx->n_suppliers == 0)
        return; /* an enterprise with no supply edges has no supplier to pick */
    const json_t *list = list_item(r, body, "suppliers", "suppliers");
    if (!list)
        return;
    char path[48];
    size_t i;
    const json_t *s;
    json_array_foreach(list, i, s)
    {
        const char *u = json_string_value(s);
        snprintf(path, sizeof(path), "suppliers[%zu]", i + 1);
        bool known = false;
        for (size_t k = 0; u && k < ctx->n_suppliers; k++)
            known = known || strcmp(u, ctx->suppliers[k]) == 0;
        if (!known)
            fg_err_at(slot(r), FG_EINVAL, path, "plan.supplier_unknown",
                      "{uscc:%.20s} is not one of the enterprise's suppliers (its supply edges)",
                      u ? u : "");
    }
    if (json_array_size(list) == 0 && ctx->n_suppliers > 0)
        fg_err_at(slot(r), FG_EINVAL, "suppliers", "plan.suppliers_none",
                  "pick the key suppliers from the enterprise's {have:%zu} suppliers",
                  ctx->n_suppliers);
}

void fg_plan_check(const json_t *body, const fg_plan_context *ctx, fg_plan_report *out)
{
    FG_ASSERT((unsigned)ctx->level <= FG_RISK_HIGH);
    memset(out, 0, sizeof(*out));
    out->figures = (fg_plan_figures){-1, -1, 0, -1, 0, -1, 0, -1, 0};
    const fg_plan_minimum *m = fg_plan_minimums(ctx->level);
    if (body && !json_is_object(body))
        body = NULL;
    check_responsibility(out, part(out, body, "responsibility"), m);
    check_zoning(out, part(out, body, "zoning"), m);
    check_staff(out, part(out, body, "staff"), ctx, m);
    check_logistics(out, part(out, body, "logistics"), m);
    check_emergency(out, part(out, body, "emergency"), m);
    check_suppliers(out, body, ctx);
}

bool fg_plan_complete(const fg_plan_report *r)
{
    return r->n == 0 && r->dropped == 0;
}

/* ---- the workflow ---- */

/* Rows: in which states an action may be taken, and where it leads. */
static const struct {
    fg_plan_action action;
    unsigned from; /* bit (1 << state); FG_PLAN_STATE_COUNT's bit: no plan yet */
    fg_plan_state to;
} steps[] = {
    {FG_PLAN_SAVE,
     (1u << FG_PLAN_STATE_COUNT) | (1u << FG_PLAN_DRAFT) | (1u << FG_PLAN_RETURNED) |
         (1u << FG_PLAN_APPROVED),
     FG_PLAN_DRAFT},
    {FG_PLAN_FILE, (1u << FG_PLAN_DRAFT) | (1u << FG_PLAN_RETURNED), FG_PLAN_FILED},
    {FG_PLAN_APPROVE, 1u << FG_PLAN_FILED, FG_PLAN_APPROVED},
    {FG_PLAN_RETURN, 1u << FG_PLAN_FILED, FG_PLAN_RETURNED},
};

int fg_plan_step(bool exists, fg_plan_state state, fg_plan_action a, fg_plan_state *out,
                 fg_err *err)
{
    unsigned bit = exists ? 1u << state : 1u << FG_PLAN_STATE_COUNT;
    for (size_t i = 0; i < FG_COUNTOF(steps); i++) {
        if (steps[i].action != a)
            continue;
        if (steps[i].from & bit) {
            *out = steps[i].to;
            return 0;
        }
    }
    if (!exists)
        return fg_err_at(err, FG_ECONFLICT, "level", "plan.none",
                         "there is no plan for this level yet; save one first");
    if (a == FG_PLAN_SAVE)
        return fg_err_at(err, FG_ECONFLICT, "state", "plan.under_review",
                         "the plan is filed and under review; it can be changed once it is "
                         "approved or returned");
    return fg_err_at(err, FG_ECONFLICT, "state", "plan.step",
                     "a plan that is {state:%s} cannot take the action {action:%s}",
                     fg_plan_state_name(state), fg_plan_action_name(a));
}

bool fg_plan_in_force(int32_t region, int32_t date, const fg_risk_designation *d, size_t n_d,
                      const fg_plan_summary *plans, size_t n_plans, fg_risk_level *out_level,
                      int *out_index)
{
    fg_risk_resolution res;
    fg_risk_resolve(region, date, d, n_d, &res);
    *out_level = res.level;
    *out_index = -1;
    for (size_t i = 0; i < n_plans; i++)
        if (plans[i].level == res.level) {
            *out_index = (int)i;
            return plans[i].approved_version > 0;
        }
    return false;
}
