/* Stop/limit orders: routes, every end of the state machine, roles,
 * jurisdictions, steps, deadlines and escalation, emergency lapse, derived
 * status, the blanket-shutdown alarm. Time is injected. */
#include "test.h"

#include "core/order.h"

#define H (3600LL * 1000)
static const int64_t T0 = 1795730548316LL;
static fg_order_limits lim;

static fg_principal who(fg_role role, int32_t region)
{
    fg_principal p = {role, region, NULL, NULL, 0, false};
    return p;
}

static const fg_principal IND_COUNTY = {FG_ROLE_INDUSTRY_AUTHORITY, 330106, NULL, NULL, 0, false};
static const fg_principal JOINT_CITY = {FG_ROLE_JOINT_MECHANISM, 330100, NULL, NULL, 0, false};

static const fg_route *route_named(const char *route)
{
    size_t n;
    const fg_route *r = fg_routes(&n), *pick = NULL;
    for (size_t i = 0; i < n; i++)
        if (strcmp(r[i].name, route) == 0)
            pick = &r[i];
    assert_non_null(pick);
    return pick;
}

static fg_order proposed(const char *route, bool emergency)
{
    const fg_route *pick = route_named(route);
    fg_order o;
    fg_err err;
    assert_int_equal(fg_order_propose(&o, pick, 330106, FG_MEASURE_LIMIT_CAPACITY, 50, T0,
                                      T0 + 72 * H, emergency, T0, &lim, &err),
                     0);
    return o;
}

static void act(fg_order *o, fg_order_action a, const fg_principal *p, bool proposer, int64_t now)
{
    fg_err err;
    fg_err_init(&err);
    if (fg_order_check(o, a, p, proposer, now, &lim, &err))
        fail_msg("%s refused: %s", fg_order_action_name(a), err.msg);
    assert_int_equal(fg_order_apply(o, a, "reason given here", now, &lim, &err), 0);
}

static void routes_are_found_by_name(void **state)
{
    (void)state;
    /* Which enterprise takes which route is the guidance table's (test_guidance). */
    assert_null(fg_route_find("no_such_route"));
    assert_string_equal(fg_route_find("key_or_livelihood")->name, "key_or_livelihood");
    assert_int_equal(fg_route_find("general")->n, 1);
    const fg_route *c = fg_route_find("critical_link");
    assert_int_equal(c->n, 3);
    assert_int_equal(c->steps[1].role, FG_ROLE_ECONOMIC_DEPARTMENT);
    assert_int_equal(c->steps[2].kind, FG_STEP_DECIDE);
    fg_buf b;
    fg_buf_init(&b, 0);
    assert_int_equal(fg_routes_print(&b), 0);
    assert_non_null(strstr(b.buf, "provincial joint mechanism decides"));
    fg_buf_release(&b);
}

static void proposals_are_bounded(void **state)
{
    (void)state;
    fg_order o;
    fg_err err;
    const fg_route *r = fg_route_find("general");
    assert_int_equal(fg_order_propose(&o, r, 330106, FG_MEASURE_STOP, 0, T0, T0 + 15 * 24 * H,
                                      false, T0, &lim, &err),
                     FG_EINVAL);
    assert_string_equal(err.field, "ends_at");
    assert_int_equal(
        fg_order_propose(&o, r, 330106, FG_MEASURE_STOP, 0, T0, T0, false, T0, &lim, &err),
        FG_EINVAL);
    assert_int_equal(fg_order_propose(&o, r, 330106, FG_MEASURE_LIMIT_ARRIVAL, 0, T0, T0 + H, false,
                                      T0, &lim, &err),
                     FG_EINVAL);
    assert_string_equal(err.field, "percent");
    assert_int_equal(
        fg_order_propose(&o, r, 330106, FG_MEASURE_STOP, 30, T0, T0 + H, false, T0, &lim, &err),
        FG_EINVAL);
    assert_int_equal(
        fg_order_propose(&o, r, 330100, FG_MEASURE_STOP, 0, T0, T0 + H, false, T0, &lim, &err),
        FG_EINVAL);
    assert_string_equal(err.field, "region");
    assert_int_equal(fg_order_propose(&o, r, 330106, FG_MEASURE_STOP, 0, T0 - 3 * H, T0 + H, false,
                                      T0, &lim, &err),
                     FG_EINVAL);
    assert_int_equal(fg_order_propose(&o, r, 330106, FG_MEASURE_STOP, 0, T0, T0 + 14 * 24 * H,
                                      false, T0, &lim, &err),
                     0);
}

static void key_route_to_in_force_then_expired(void **state)
{
    (void)state;
    fg_order o = proposed("key_or_livelihood", false);
    assert_int_equal(fg_order_state_at(&o, T0, &lim), FG_ORDER_PENDING);
    act(&o, FG_ORDER_APPROVE, &IND_COUNTY, false, T0 + H);
    act(&o, FG_ORDER_APPROVE, &JOINT_CITY, false, T0 + 2 * H);
    assert_int_equal(o.state, FG_ORDER_IN_FORCE);
    assert_true(o.confirmed);
    assert_int_equal(fg_order_state_at(&o, T0 + 71 * H, &lim), FG_ORDER_IN_FORCE);
    assert_int_equal(fg_order_state_at(&o, T0 + 72 * H, &lim), FG_ORDER_EXPIRED);
}

static void critical_route_needs_the_province(void **state)
{
    (void)state;
    fg_order o = proposed("critical_link", false);
    fg_err err;
    /* A county industry authority may not take a provincial step. */
    assert_int_equal(fg_order_check(&o, FG_ORDER_APPROVE, &IND_COUNTY, false, T0, &lim, &err),
                     FG_EPERM);
    assert_non_null(strstr(err.msg, "province"));
    fg_principal ind_prov = who(FG_ROLE_INDUSTRY_AUTHORITY, 330000);
    fg_principal eco_prov = who(FG_ROLE_ECONOMIC_DEPARTMENT, 330000);
    fg_principal joint_prov = who(FG_ROLE_JOINT_MECHANISM, 330000);
    /* The economic department cannot go first: wrong step. */
    assert_int_equal(fg_order_check(&o, FG_ORDER_APPROVE, &eco_prov, false, T0, &lim, &err),
                     FG_EPERM);
    act(&o, FG_ORDER_APPROVE, &ind_prov, false, T0 + H);
    act(&o, FG_ORDER_APPROVE, &eco_prov, false, T0 + 2 * H);
    /* Another province's joint mechanism: wrong jurisdiction. */
    fg_principal joint_js = who(FG_ROLE_JOINT_MECHANISM, 320000);
    assert_int_equal(fg_order_check(&o, FG_ORDER_APPROVE, &joint_js, false, T0 + 3 * H, &lim, &err),
                     FG_EPERM);
    act(&o, FG_ORDER_APPROVE, &joint_prov, false, T0 + 3 * H);
    assert_int_equal(o.state, FG_ORDER_IN_FORCE);
    /* Lifted by the deciding body only, with a reason. */
    assert_int_equal(fg_order_check(&o, FG_ORDER_LIFT, &JOINT_CITY, false, T0 + 4 * H, &lim, &err),
                     FG_EPERM);
    assert_int_equal(fg_order_apply(&o, FG_ORDER_LIFT, "", T0 + 4 * H, &lim, &err), FG_EINVAL);
    act(&o, FG_ORDER_LIFT, &joint_prov, false, T0 + 4 * H);
    assert_int_equal(o.state, FG_ORDER_LIFTED);
}

static void rejected_returned_resubmitted_withdrawn(void **state)
{
    (void)state;
    fg_order o = proposed("general", false);
    fg_err err;
    assert_int_equal(fg_order_apply(&o, FG_ORDER_REJECT, NULL, T0, &lim, &err), FG_EINVAL);
    assert_string_equal(err.field, "reason");
    act(&o, FG_ORDER_RETURN, &JOINT_CITY, false, T0 + H);
    assert_int_equal(o.state, FG_ORDER_RETURNED);
    assert_int_equal(fg_order_check(&o, FG_ORDER_RESUBMIT, &JOINT_CITY, false, T0, &lim, &err),
                     FG_EPERM);
    act(&o, FG_ORDER_RESUBMIT, &JOINT_CITY, true, T0 + 2 * H);
    assert_int_equal(o.state, FG_ORDER_PENDING);
    act(&o, FG_ORDER_REJECT, &JOINT_CITY, false, T0 + 3 * H);
    assert_int_equal(o.state, FG_ORDER_REJECTED);
    assert_int_equal(fg_order_check(&o, FG_ORDER_APPROVE, &JOINT_CITY, false, T0, &lim, &err),
                     FG_ECONFLICT);
    fg_order w = proposed("general", false);
    act(&w, FG_ORDER_WITHDRAW, &JOINT_CITY, true, T0 + H);
    assert_int_equal(w.state, FG_ORDER_WITHDRAWN);
    fg_order late = proposed("general", false);
    act(&late, FG_ORDER_APPROVE, &JOINT_CITY, false, T0 + H);
    assert_int_equal(
        fg_order_check(&late, FG_ORDER_WITHDRAW, &JOINT_CITY, true, T0 + 2 * H, &lim, &err),
        FG_ECONFLICT);
}

static void overdue_steps_escalate_one_level(void **state)
{
    (void)state;
    fg_order o = proposed("key_or_livelihood", false);
    fg_principal ind_prov = who(FG_ROLE_INDUSTRY_AUTHORITY, 330000);
    fg_err err;
    assert_false(fg_order_overdue(&o, T0 + 23 * H));
    assert_int_equal(
        fg_order_check(&o, FG_ORDER_APPROVE, &ind_prov, false, T0 + 23 * H, &lim, &err), FG_EPERM);
    assert_true(fg_order_overdue(&o, T0 + 25 * H));
    act(&o, FG_ORDER_APPROVE, &ind_prov, false, T0 + 25 * H);
    /* The next step's clock starts anew. */
    assert_false(fg_order_overdue(&o, T0 + 26 * H));
}

static void emergency_orders_lapse_unless_confirmed(void **state)
{
    (void)state;
    fg_order e = proposed("key_or_livelihood", true);
    assert_int_equal(fg_order_state_at(&e, T0, &lim), FG_ORDER_IN_FORCE);
    assert_int_equal(fg_order_state_at(&e, T0 + 24 * H - 1, &lim), FG_ORDER_IN_FORCE);
    assert_int_equal(fg_order_state_at(&e, T0 + 24 * H, &lim), FG_ORDER_LAPSED);
    fg_order c = proposed("key_or_livelihood", true);
    act(&c, FG_ORDER_APPROVE, &IND_COUNTY, false, T0 + H);
    act(&c, FG_ORDER_APPROVE, &JOINT_CITY, false, T0 + 2 * H);
    assert_int_equal(fg_order_state_at(&c, T0 + 30 * H, &lim), FG_ORDER_IN_FORCE);
    fg_err err;
    assert_int_equal(
        fg_order_check(&e, FG_ORDER_APPROVE, &IND_COUNTY, false, T0 + 25 * H, &lim, &err),
        FG_ECONFLICT);
}

static void resumption_ends_the_order_and_status_follows(void **state)
{
    (void)state;
    fg_order stop = proposed("general", false);
    stop.measure = FG_MEASURE_STOP;
    stop.percent = 0;
    fg_order limit = proposed("general", false);
    act(&stop, FG_ORDER_APPROVE, &JOINT_CITY, false, T0 + H);
    act(&limit, FG_ORDER_APPROVE, &JOINT_CITY, false, T0 + H);
    const fg_order *both[] = {&stop, &limit};
    assert_int_equal(fg_orders_status(both, 2, T0 + 2 * H, &lim), FG_STATUS_STOPPED);
    act(&stop, FG_ORDER_RESUME, &JOINT_CITY, false, T0 + 3 * H);
    assert_int_equal(stop.state, FG_ORDER_RESUMED);
    assert_int_equal(fg_orders_status(both, 2, T0 + 4 * H, &lim), FG_STATUS_LIMITED);
    assert_int_equal(fg_orders_status(both, 2, T0 + 100 * H, &lim), FG_STATUS_OPERATING);
    fg_order pending = proposed("general", false);
    const fg_order *one[] = {&pending};
    assert_int_equal(fg_orders_status(one, 1, T0 + H, &lim), FG_STATUS_OPERATING);
}

static void blanket_alarm_at_below_and_above_the_limits(void **state)
{
    (void)state;
    fg_blanket b;
    /* 24 orders against 120 enterprises: share 0.20 exactly, not above. */
    fg_blanket_check(24, 120, &lim, &b);
    assert_int_equal(b.orders, 24);
    assert_false(b.flagged);
    fg_blanket_check(24, 119, &lim, &b);
    assert_true(b.flagged);
    fg_blanket_check(23, 120, &lim, &b);
    assert_false(b.flagged);
    /* The count limit on its own: 50 is at it, 51 above. */
    fg_blanket_check(50, 100000, &lim, &b);
    assert_false(b.flagged);
    fg_blanket_check(51, 100000, &lim, &b);
    assert_true(b.flagged);
    /* Configured limits are used. */
    fg_order_limits tight = lim;
    tight.alarm_share_pct = 5;
    tight.alarm_count = 3;
    fg_blanket_check(4, 1000, &tight, &b);
    assert_true(b.flagged);
    fg_blanket_check(3, 60, &tight, &b);
    assert_false(b.flagged);
    fg_blanket_check(0, 0, &lim, &b);
    assert_false(b.flagged);
}

static void configured_step_deadlines(void **state)
{
    (void)state;
    fg_order_limits quick = lim;
    quick.step_hours = 2;
    const fg_route *r = route_named("key_or_livelihood");
    fg_order o;
    fg_err err;
    assert_int_equal(fg_order_propose(&o, r, 330106, FG_MEASURE_STOP, 0, T0, T0 + 48 * H, false, T0,
                                      &quick, &err),
                     0);
    assert_int_equal(o.step_due_at, T0 + 2 * H);
    assert_false(fg_order_overdue(&o, T0 + 2 * H));
    assert_true(fg_order_overdue(&o, T0 + 2 * H + 1));
    assert_int_equal(fg_order_step_hours(&o, 1, &lim), 24);
    assert_int_equal(fg_order_step_hours(&o, 1, &quick), 2);
}

static void resumption_applications(void **state)
{
    (void)state;
    fg_order o = proposed("general", false);
    fg_err err;
    /* Not yet in force. */
    assert_int_equal(fg_resumption_check(&o, "closed-loop staffing, daily tests", T0, &lim, &err),
                     FG_ECONFLICT);
    act(&o, FG_ORDER_APPROVE, &JOINT_CITY, false, T0 + H);
    assert_int_equal(fg_resumption_check(&o, "short", T0 + 2 * H, &lim, &err), FG_EINVAL);
    assert_string_equal(err.field, "measures");
    assert_int_equal(
        fg_resumption_check(&o, "closed-loop staffing, daily tests", T0 + 2 * H, &lim, &err), 0);
    assert_int_equal(fg_resumption_due(T0, false, &lim), T0 + 72 * H);
    assert_int_equal(fg_resumption_due(T0, true, &lim), T0 + 24 * H);
    /* The enterprise cannot decide its own application. */
    fg_principal ent = who(FG_ROLE_INDUSTRY_AUTHORITY, 330106);
    assert_int_equal(fg_order_check(&o, FG_ORDER_RESUME, &ent, false, T0 + 3 * H, &lim, &err),
                     FG_EPERM);
    act(&o, FG_ORDER_RESUME, &JOINT_CITY, false, T0 + 3 * H);
    assert_int_equal(
        fg_resumption_check(&o, "closed-loop staffing, daily tests", T0 + 4 * H, &lim, &err),
        FG_ECONFLICT);
}

static int setup(void **state)
{
    (void)state;
    fg_order_limits_default(&lim);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(routes_are_found_by_name),
        cmocka_unit_test(proposals_are_bounded),
        cmocka_unit_test(key_route_to_in_force_then_expired),
        cmocka_unit_test(critical_route_needs_the_province),
        cmocka_unit_test(rejected_returned_resubmitted_withdrawn),
        cmocka_unit_test(overdue_steps_escalate_one_level),
        cmocka_unit_test(emergency_orders_lapse_unless_confirmed),
        cmocka_unit_test(resumption_ends_the_order_and_status_follows),
        cmocka_unit_test(blanket_alarm_at_below_and_above_the_limits),
        cmocka_unit_test(configured_step_deadlines),
        cmocka_unit_test(resumption_applications),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
