/* Stop/limit orders: the route table and the state machine. */
#include "order.h"

#include <string.h>

#include "region.h"
#include "text.h"

#define HOUR_MS (3600LL * 1000)

static const fg_route routes[] = {
    {"critical_link",
     "white-list members and enterprises at a critical link of a chain",
     3,
     {{"provincial industry authority evaluates", FG_ROLE_INDUSTRY_AUTHORITY, FG_AT_PROVINCE,
       FG_STEP_EVALUATE, 24},
      {"provincial economic department evaluates", FG_ROLE_ECONOMIC_DEPARTMENT, FG_AT_PROVINCE,
       FG_STEP_EVALUATE, 24},
      {"provincial joint mechanism decides", FG_ROLE_JOINT_MECHANISM, FG_AT_PROVINCE,
       FG_STEP_DECIDE, 24}}},
    {"key_or_livelihood",
     "key industrial and livelihood supply enterprises",
     2,
     {{"local industry authority evaluates", FG_ROLE_INDUSTRY_AUTHORITY, FG_AT_LOCAL,
       FG_STEP_EVALUATE, 24},
      {"local joint mechanism decides", FG_ROLE_JOINT_MECHANISM, FG_AT_LOCAL, FG_STEP_DECIDE, 24}}},
    {"general",
     "other enterprises",
     1,
     {{"local joint mechanism decides", FG_ROLE_JOINT_MECHANISM, FG_AT_LOCAL, FG_STEP_DECIDE, 24}}},
};

static const char *state_names[] = {"pending", "returned", "in_force", "rejected", "withdrawn",
                                    "lapsed",  "lifted",   "expired",  "resumed"};
static const char *action_names[] = {"approve",  "reject", "return", "withdraw",
                                     "resubmit", "lift",   "resume"};
#define MEASURE_NAME(code, id, name) name,
static const char *const measure_names[] = {FG_VOCAB_MEASURES(MEASURE_NAME)};
#undef MEASURE_NAME
_Static_assert(sizeof(measure_names) / sizeof(measure_names[0]) == FG_MEASURE_COUNT,
               "one name per fg_measure");
#define MEASURE_WORD(code, id, name, zh, en) {name, zh, en},
static const fg_word measure_words[] = {FG_VOCAB_MEASURES_WORDS(MEASURE_WORD)};
#undef MEASURE_WORD
/* As the browser says them (web/src/i18n.js orders.states). */
static const fg_word state_words[] = {
    {"pending", "办理中", "Pending"},     {"returned", "已退回修改", "Returned for revision"},
    {"in_force", "生效中", "In force"},   {"rejected", "未予批准", "Rejected"},
    {"withdrawn", "已撤回", "Withdrawn"}, {"lapsed", "已失效", "Lapsed"},
    {"lifted", "已解除", "Lifted"},       {"expired", "已到期", "Expired"},
    {"resumed", "已复工", "Resumed"}};
_Static_assert(sizeof(state_words) / sizeof(state_words[0]) ==
                   sizeof(state_names) / sizeof(state_names[0]),
               "words for every state");

const char *fg_order_state_name(fg_order_state s)
{
    return state_names[s];
}
const char *fg_order_action_name(fg_order_action a)
{
    return action_names[a];
}
const char *fg_measure_name(fg_measure m)
{
    return measure_names[m];
}
const fg_word *fg_order_state_word(fg_order_state s)
{
    return &state_words[s];
}
const fg_word *fg_measure_word(fg_measure m)
{
    return &measure_words[m];
}

int fg_measure_parse(const char *s, fg_measure *out, fg_err *err)
{
    for (int i = 0; i < FG_MEASURE_COUNT; i++) {
        if (strcmp(s, measure_names[i]) == 0) {
            *out = (fg_measure)i;
            return 0;
        }
    }
    return fg_err_at(err, FG_EINVAL, "measure", "measure.unknown",
                     "measure must be " FG_VOCAB_MEASURES_OR ", not '{value:%.30s}'", s);
}

void fg_order_limits_default(fg_order_limits *out)
{
    out->max_days = 14;
    out->emergency_hours = 24;
    out->step_hours = 0;
    out->resumption_hours = 72;
    out->resumption_hours_whitelist = 24;
    out->alarm_window_hours = 24;
    out->alarm_share_pct = 20;
    out->alarm_count = 50;
}

int fg_order_step_hours(const fg_order *o, size_t k, const fg_order_limits *limits)
{
    return limits->step_hours > 0 ? limits->step_hours : o->route->steps[k].deadline_hours;
}

int64_t fg_order_lapses_at(const fg_order *o, const fg_order_limits *limits)
{
    return o->emergency ? o->proposed_at + (int64_t)limits->emergency_hours * HOUR_MS : 0;
}

/* Starts the clock of the step the order now waits at. */
static void wait_at(fg_order *o, size_t step, int64_t now, const fg_order_limits *limits)
{
    o->step = step;
    o->step_since = now;
    o->step_due_at =
        step < o->route->n ? now + (int64_t)fg_order_step_hours(o, step, limits) * HOUR_MS : 0;
}

const fg_route *fg_routes(size_t *out_n)
{
    *out_n = sizeof(routes) / sizeof(routes[0]);
    return routes;
}

const fg_route *fg_route_find(const char *name)
{
    for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
        if (strcmp(routes[i].name, name) == 0)
            return &routes[i];
    return NULL;
}

int fg_order_revise_check(const fg_order *o, int64_t ends_at, int64_t now,
                          const fg_order_limits *limits, fg_err *err)
{
    if (ends_at <= o->starts_at || ends_at <= now ||
        ends_at - o->starts_at > (int64_t)limits->max_days * 24 * HOUR_MS)
        return fg_err_at(err, FG_EINVAL, "revised_ends_at", "order.revise_end",
                         "revised_ends_at must be in the future and at most {max:%d} days after "
                         "the order's start",
                         limits->max_days);
    return 0;
}

int fg_routes_print(fg_buf *out)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof(routes) / sizeof(routes[0]); i++) {
        const fg_route *r = &routes[i];
        rc = fg_buf_addf(out, "%s (%s):\n", r->name, r->applies_to);
        for (size_t k = 0; rc == 0 && k < r->n; k++)
            rc = fg_buf_addf(out, "  %zu. %-44s role %-20s at %-9s deadline %d h\n", k + 1,
                             r->steps[k].name, fg_role_name(r->steps[k].role),
                             r->steps[k].at == FG_AT_PROVINCE ? "province" : "county/city",
                             r->steps[k].deadline_hours);
    }
    return rc;
}

int fg_order_propose(fg_order *o, const fg_route *route, int32_t region, fg_measure measure,
                     int percent, int64_t starts_at, int64_t ends_at, bool emergency, int64_t now,
                     const fg_order_limits *limits, fg_err *err)
{
    memset(o, 0, sizeof(*o));
    if (fg_region_level_of(region) != FG_LEVEL_COUNTY)
        return fg_err_at(err, FG_EINVAL, "region", "order.region_county",
                         "an order names one enterprise in a county");
    if (measure == FG_MEASURE_STOP && percent != 0)
        return fg_err_at(err, FG_EINVAL, "percent", "order.stop_percent",
                         "a stop has no percentage");
    if (measure != FG_MEASURE_STOP && (percent < 1 || percent > 99))
        return fg_err_at(err, FG_EINVAL, "percent", "order.limit_percent",
                         "a limit keeps {min:%d} to {max:%d} %% of capacity or of staff arriving",
                         1, 99);
    if (emergency)
        starts_at = now;
    if (starts_at < now - HOUR_MS)
        return fg_err_at(err, FG_EINVAL, "starts_at", "order.start_past",
                         "an order cannot start in the past");
    if (ends_at <= starts_at)
        return fg_err_at(err, FG_EINVAL, "ends_at", "order.end_before_start",
                         "an order must end after it starts");
    if (ends_at - starts_at > (int64_t)limits->max_days * 24 * HOUR_MS)
        return fg_err_at(err, FG_EINVAL, "ends_at", "order.too_long",
                         "an order may run at most {max:%d} days; propose a new one to continue",
                         limits->max_days);
    o->route = route;
    o->region = region;
    o->measure = measure;
    o->percent = percent;
    o->starts_at = starts_at;
    o->ends_at = ends_at;
    o->emergency = emergency;
    o->proposed_at = now;
    wait_at(o, 0, now, limits);
    o->state = emergency ? FG_ORDER_IN_FORCE : FG_ORDER_PENDING;
    return 0;
}

fg_order_state fg_order_state_at(const fg_order *o, int64_t t, const fg_order_limits *limits)
{
    if (o->state != FG_ORDER_IN_FORCE)
        return o->state;
    if (o->emergency && !o->confirmed && t >= fg_order_lapses_at(o, limits))
        return FG_ORDER_LAPSED;
    if (t >= o->ends_at)
        return FG_ORDER_EXPIRED;
    return FG_ORDER_IN_FORCE;
}

bool fg_order_overdue(const fg_order *o, int64_t now)
{
    bool waiting = o->state == FG_ORDER_PENDING ||
                   (o->emergency && !o->confirmed && o->state == FG_ORDER_IN_FORCE);
    return waiting && o->step < o->route->n && now > o->step_due_at;
}

/* Whether p's jurisdiction takes a step `at` for the enterprise in `region`;
 * `escalated` lets the level above take it. */
static bool covers_at(const fg_principal *p, fg_step_at at, int32_t region, bool escalated)
{
    if (!fg_role_has_region(p->role) || !fg_region_contains(p->region, region))
        return false;
    fg_region_level l = fg_region_level_of(p->region);
    if (at == FG_AT_LOCAL)
        return l == FG_LEVEL_COUNTY || l == FG_LEVEL_CITY || (escalated && l == FG_LEVEL_PROVINCE);
    return l == FG_LEVEL_PROVINCE || (escalated && l == FG_LEVEL_NATION);
}

static const fg_route_step *deciding_step(const fg_order *o)
{
    return &o->route->steps[o->route->n - 1];
}

int fg_order_check(const fg_order *o, fg_order_action a, const fg_principal *p, bool is_proposer,
                   int64_t now, const fg_order_limits *limits, fg_err *err)
{
    fg_order_state s = fg_order_state_at(o, now, limits);
    bool provisional = s == FG_ORDER_IN_FORCE && o->emergency && !o->confirmed;
    switch (a) {
    case FG_ORDER_APPROVE:
    case FG_ORDER_REJECT:
    case FG_ORDER_RETURN: {
        if (s != FG_ORDER_PENDING && !provisional)
            return fg_err_at(err, FG_ECONFLICT, NULL, "order.no_step",
                             "the order is %s: no step is waiting", state_names[s]);
        if (a == FG_ORDER_RETURN && provisional)
            return fg_err_at(err, FG_ECONFLICT, NULL, "order.emergency_return",
                             "an emergency order in force cannot be returned; reject or approve "
                             "it");
        const fg_route_step *st = &o->route->steps[o->step];
        if (p->role != st->role)
            return fg_err_at(err, FG_EPERM, NULL, "order.step_role", "this step is for the %s: %s",
                             fg_role_name(st->role), st->name);
        if (covers_at(p, st->at, o->region, fg_order_overdue(o, now)))
            return 0;
        if (st->at == FG_AT_PROVINCE)
            return fg_err_at(err, FG_EPERM, NULL, "order.step_province",
                             "this step is taken at province level by a jurisdiction covering "
                             "{region:%06d}",
                             (int)o->region);
        return fg_err_at(err, FG_EPERM, NULL, "order.step_local",
                         "this step is taken at county or city level by a jurisdiction covering "
                         "{region:%06d}",
                         (int)o->region);
    }
    case FG_ORDER_WITHDRAW:
    case FG_ORDER_RESUBMIT:
        if (!is_proposer)
            return fg_err_at(err, FG_EPERM, NULL, "order.proposer_only",
                             "only the proposer may %s the order", action_names[a]);
        if (a == FG_ORDER_WITHDRAW && s != FG_ORDER_PENDING && s != FG_ORDER_RETURNED &&
            !provisional)
            return fg_err_at(err, FG_ECONFLICT, NULL, "order.withdraw_late",
                             "the order is %s: too late to withdraw it", state_names[s]);
        if (a == FG_ORDER_RESUBMIT && s != FG_ORDER_RETURNED)
            return fg_err_at(err, FG_ECONFLICT, NULL, "order.resubmit_returned",
                             "only a returned order can be re-submitted");
        return 0;
    case FG_ORDER_LIFT:
    case FG_ORDER_RESUME: {
        if (s != FG_ORDER_IN_FORCE)
            return fg_err_at(err, FG_ECONFLICT, NULL, "order.not_in_force",
                             "the order is %s, not in force", state_names[s]);
        const fg_route_step *st = deciding_step(o);
        if (p->role != st->role || !covers_at(p, st->at, o->region, false))
            return fg_err_at(err, FG_EPERM, NULL, "order.decider_only",
                             "only the body that decides (%s) may %s the order", st->name,
                             action_names[a]);
        return 0;
    }
    }
    return fg_err_at(err, FG_EINVAL, NULL, "order.action", "unknown action");
}

int fg_order_apply(fg_order *o, fg_order_action a, const char *reason, int64_t now,
                   const fg_order_limits *limits, fg_err *err)
{
    bool needs_reason = a == FG_ORDER_REJECT || a == FG_ORDER_RETURN || a == FG_ORDER_LIFT;
    if (needs_reason && (!reason || fg_text_visible(reason) < 4))
        return fg_err_at(err, FG_EINVAL, "reason", "order.reason_short",
                         "%s needs a reason of at least {min:%d} characters", action_names[a], 4);
    /* Settle expiry and lapse first, so that the stored state is the true one. */
    o->state = fg_order_state_at(o, now, limits);
    switch (a) {
    case FG_ORDER_APPROVE:
        wait_at(o, o->step + 1, now, limits);
        if (o->step == o->route->n) {
            o->confirmed = true;
            o->state = FG_ORDER_IN_FORCE;
        }
        return 0;
    case FG_ORDER_REJECT:
        o->state = FG_ORDER_REJECTED;
        o->ended_at = now;
        return 0;
    case FG_ORDER_RETURN: o->state = FG_ORDER_RETURNED; return 0;
    case FG_ORDER_WITHDRAW:
        o->state = FG_ORDER_WITHDRAWN;
        o->ended_at = now;
        return 0;
    case FG_ORDER_RESUBMIT:
        o->state = FG_ORDER_PENDING;
        wait_at(o, 0, now, limits);
        return 0;
    case FG_ORDER_LIFT:
        o->state = FG_ORDER_LIFTED;
        o->ended_at = now;
        return 0;
    case FG_ORDER_RESUME:
        o->state = FG_ORDER_RESUMED;
        o->ended_at = now;
        return 0;
    }
    return fg_err_at(err, FG_EINVAL, NULL, "order.action", "unknown action");
}

fg_status fg_orders_status(const fg_order *const *orders, size_t n, int64_t t,
                           const fg_order_limits *limits)
{
    fg_measure in_force[64];
    size_t k = 0;
    for (size_t i = 0; i < n && k < 64; i++)
        if (orders[i]->starts_at <= t &&
            fg_order_state_at(orders[i], t, limits) == FG_ORDER_IN_FORCE)
            in_force[k++] = orders[i]->measure;
    return fg_enterprise_status(in_force, k);
}

int64_t fg_resumption_due(int64_t filed_at, bool whitelist, const fg_order_limits *limits)
{
    return filed_at +
           (int64_t)(whitelist ? limits->resumption_hours_whitelist : limits->resumption_hours) *
               HOUR_MS;
}

int fg_resumption_check(const fg_order *o, const char *measures, int64_t now,
                        const fg_order_limits *limits, fg_err *err)
{
    fg_order_state s = fg_order_state_at(o, now, limits);
    if (s != FG_ORDER_IN_FORCE)
        return fg_err_at(err, FG_ECONFLICT, NULL, "resumption.not_in_force",
                         "the order is %s: resumption is applied for while an order is in force",
                         state_names[s]);
    size_t n = measures ? fg_utf8_len(measures) : 0;
    if (n < 10 || n > 4000)
        return fg_err_at(err, FG_EINVAL, "measures", "resumption.measures",
                         "describe the prevention measures now in place in {min:%d} to {max:%d} "
                         "characters (closed-loop staffing, testing, disinfection...)",
                         10, 4000);
    return 0;
}

void fg_blanket_check(size_t orders, size_t enterprises, const fg_order_limits *limits,
                      fg_blanket *out)
{
    out->orders = orders;
    out->share = enterprises ? (double)orders / (double)enterprises : 0.0;
    /* Integer comparison of orders/enterprises > pct/100, so "at" the limit
     * is exact. */
    out->flagged = orders > (size_t)limits->alarm_count ||
                   (enterprises && orders * 100 > (size_t)limits->alarm_share_pct * enterprises);
}
