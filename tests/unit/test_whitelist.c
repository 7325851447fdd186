/* White lists: the transition table walked end to end, who may take each step
 * and where, both reviews before listing, the review date, the application
 * check naming every missing item, lists and tiers, recognition. */
#include "test.h"

#include "core/whitelist.h"

static fg_principal who(fg_role role, int32_t region)
{
    fg_principal p = {role, region, NULL, NULL, 0, false};
    return p;
}

static const char *const OWN[] = {"91330106MA27XK000B"};
static const int32_t OWN_REGION[] = {330106};
static const fg_principal ENT = {FG_ROLE_ENTERPRISE, -1, OWN, OWN_REGION, 1, false};

static fg_wl provincial(void)
{
    fg_wl w = {FG_WL_APPLIED, FG_WL_PROVINCIAL, 330000, 330106, false, false, 0};
    return w;
}

/* Checks and applies `a` for p; returns the check's code. */
static int step(fg_wl *w, fg_wl_action a, fg_principal p, fg_wl_dept d, const char *reason,
                int32_t review_on)
{
    fg_err err;
    fg_err_init(&err);
    int rc = fg_wl_check(w, a, &p, "91330106MA27XK000B", d, &err);
    if (rc == 0)
        assert_int_equal(fg_wl_apply(w, a, d, reason, review_on, 20261201, &err), 0);
    return rc;
}

static void applied_to_listed_to_ended(void **state)
{
    (void)state;
    fg_wl w = provincial();
    /* The check is the county's or the city's, not the province's. */
    assert_int_equal(
        step(&w, FG_WL_CHECK_PASS, who(FG_ROLE_INDUSTRY_AUTHORITY, 330000), 0, NULL, 0), FG_EPERM);
    assert_int_equal(
        step(&w, FG_WL_CHECK_PASS, who(FG_ROLE_INDUSTRY_AUTHORITY, 330110), 0, NULL, 0), FG_EPERM);
    assert_int_equal(step(&w, FG_WL_CHECK_PASS, who(FG_ROLE_JOINT_MECHANISM, 330100), 0, NULL, 0),
                     FG_EPERM);
    assert_int_equal(
        step(&w, FG_WL_CHECK_PASS, who(FG_ROLE_INDUSTRY_AUTHORITY, 330100), 0, NULL, 0), 0);
    assert_int_equal(w.state, FG_WL_CHECKED);
    /* Listing waits for both reviews. */
    assert_int_equal(step(&w, FG_WL_LIST, who(FG_ROLE_JOINT_MECHANISM, 330000), 0, NULL, 20270101),
                     FG_ECONFLICT);
    assert_int_equal(step(&w, FG_WL_REVIEW_AGREE, who(FG_ROLE_HEALTH_AUTHORITY, 330100),
                          FG_WL_DEPT_HEALTH, NULL, 0),
                     FG_EPERM);
    assert_int_equal(step(&w, FG_WL_REVIEW_AGREE, who(FG_ROLE_HEALTH_AUTHORITY, 330000),
                          FG_WL_DEPT_HEALTH, NULL, 0),
                     0);
    assert_int_equal(w.state, FG_WL_CHECKED);
    assert_int_equal(step(&w, FG_WL_REVIEW_AGREE, who(FG_ROLE_HEALTH_AUTHORITY, 330000),
                          FG_WL_DEPT_HEALTH, NULL, 0),
                     FG_ECONFLICT);
    assert_int_equal(step(&w, FG_WL_REVIEW_AGREE, who(FG_ROLE_INDUSTRY_AUTHORITY, 330000),
                          FG_WL_DEPT_INDUSTRY, NULL, 0),
                     0);
    assert_int_equal(w.state, FG_WL_REVIEWED);
    assert_int_equal(step(&w, FG_WL_LIST, who(FG_ROLE_JOINT_MECHANISM, 330100), 0, NULL, 20270101),
                     FG_EPERM);
    /* The review date must be after today. */
    fg_err err;
    fg_wl copy = w;
    assert_int_equal(fg_wl_apply(&copy, FG_WL_LIST, 0, NULL, 20261201, 20261201, &err), FG_EINVAL);
    assert_int_equal(step(&w, FG_WL_LIST, who(FG_ROLE_JOINT_MECHANISM, 330000), 0, NULL, 20270101),
                     0);
    assert_int_equal(w.state, FG_WL_LISTED);
    assert_true(fg_wl_in_force(w.state));
    assert_false(fg_wl_review_due(&w, 20261231));
    assert_true(fg_wl_review_due(&w, 20270101));
    assert_int_equal(fg_wl_apply(&w, FG_WL_DUE, 0, NULL, 0, 20270101, &err), 0);
    assert_int_equal(w.state, FG_WL_DUE_REVIEW);
    assert_true(fg_wl_in_force(w.state));
    assert_false(fg_wl_review_due(&w, 20270102)); /* once due, not again */
    /* Adjust and end need a reason. */
    copy = w;
    assert_int_equal(fg_wl_apply(&copy, FG_WL_END, 0, NULL, 0, 20270101, &err), FG_EINVAL);
    assert_int_equal(
        step(&w, FG_WL_ADJUST, who(FG_ROLE_JOINT_MECHANISM, 330000), 0, "复核通过", 20270401), 0);
    assert_int_equal(w.state, FG_WL_LISTED);
    assert_int_equal(w.review_on, 20270401);
    assert_int_equal(step(&w, FG_WL_END, who(FG_ROLE_JOINT_MECHANISM, 330000), 0, "企业转产", 0),
                     0);
    assert_int_equal(w.state, FG_WL_ENDED);
    assert_false(fg_wl_in_force(w.state));
    assert_int_equal(
        step(&w, FG_WL_ADJUST, who(FG_ROLE_JOINT_MECHANISM, 330000), 0, "再议", 20270501),
        FG_ECONFLICT);
}

static void returned_resubmitted_and_rejected(void **state)
{
    (void)state;
    fg_wl w = provincial();
    fg_principal county = who(FG_ROLE_INDUSTRY_AUTHORITY, 330106);
    fg_err err;
    fg_wl copy = w;
    assert_int_equal(fg_wl_apply(&copy, FG_WL_CHECK_RETURN, 0, NULL, 0, 20261201, &err), FG_EINVAL);
    assert_int_equal(step(&w, FG_WL_CHECK_RETURN, county, 0, "补充材料", 0), 0);
    assert_int_equal(w.state, FG_WL_RETURNED);
    /* Only the enterprise's own account resubmits. */
    fg_principal other = ENT;
    const char *const another[] = {"91330106MA27XK001E"};
    other.enterprises = another;
    fg_err_init(&err);
    assert_int_equal(fg_wl_check(&w, FG_WL_RESUBMIT, &other, "91330106MA27XK000B", 0, &err),
                     FG_EPERM);
    assert_int_equal(step(&w, FG_WL_RESUBMIT, ENT, 0, NULL, 0), 0);
    assert_int_equal(w.state, FG_WL_APPLIED);
    assert_int_equal(step(&w, FG_WL_CHECK_PASS, county, 0, NULL, 0), 0);
    assert_int_equal(step(&w, FG_WL_REVIEW_REJECT, who(FG_ROLE_INDUSTRY_AUTHORITY, 330000),
                          FG_WL_DEPT_INDUSTRY, "不属于重点产业链", 0),
                     0);
    assert_int_equal(w.state, FG_WL_REJECTED);
    assert_int_equal(step(&w, FG_WL_RESUBMIT, ENT, 0, NULL, 0), FG_ECONFLICT);
    /* The sweep's own step is not for accounts. */
    assert_int_equal(fg_wl_check(&w, FG_WL_DUE, &county, NULL, 0, &err), FG_EINVAL);
}

static void a_national_list_is_kept_by_the_coordinator(void **state)
{
    (void)state;
    fg_wl w = {FG_WL_CHECKED, FG_WL_NATIONAL, 0, 330106, false, false, 0};
    fg_principal nc = who(FG_ROLE_NATIONAL_COORDINATOR, 0);
    assert_int_equal(step(&w, FG_WL_REVIEW_AGREE, who(FG_ROLE_INDUSTRY_AUTHORITY, 330000),
                          FG_WL_DEPT_INDUSTRY, NULL, 0),
                     FG_EPERM);
    fg_wl_dept d;
    fg_err err;
    assert_int_equal(fg_wl_dept_of(FG_ROLE_NATIONAL_COORDINATOR, NULL, &d, &err), FG_EINVAL);
    assert_int_equal(fg_wl_dept_of(FG_ROLE_NATIONAL_COORDINATOR, "health", &d, &err), 0);
    assert_int_equal(d, FG_WL_DEPT_HEALTH);
    assert_int_equal(fg_wl_dept_of(FG_ROLE_JOINT_MECHANISM, "health", &d, &err), FG_EPERM);
    assert_int_equal(step(&w, FG_WL_REVIEW_AGREE, nc, FG_WL_DEPT_HEALTH, NULL, 0), 0);
    assert_int_equal(step(&w, FG_WL_REVIEW_AGREE, nc, FG_WL_DEPT_INDUSTRY, NULL, 0), 0);
    assert_int_equal(step(&w, FG_WL_LIST, who(FG_ROLE_JOINT_MECHANISM, 330000), 0, NULL, 20270101),
                     FG_EPERM);
    assert_int_equal(step(&w, FG_WL_LIST, nc, 0, NULL, 20270101), 0);
    assert_int_equal(w.state, FG_WL_LISTED);
}

static void applications_name_every_missing_item(void **state)
{
    (void)state;
    fg_err err;
    fg_err_init(&err);
    fg_wl_application a = {0};
    assert_int_equal(fg_wl_application_check(&a, OWN[0], &err), FG_EINVAL);
    assert_string_equal(err.key, "whitelist.application_incomplete");
    assert_non_null(strstr(err.msg, "plan, staff, lodging, testing, stock_days, suppliers"));
    a = (fg_wl_application){"闭环生产，点对点通勤，每日检测，储备十五天原料，保障订单交付。",
                            {10, 10, 12, 15},
                            {"91330106MA27XK001E"},
                            1,
                            false};
    assert_int_equal(fg_wl_application_check(&a, OWN[0], &err), 0);
    a.c.lodging = 9; /* fewer places than staff */
    a.suppliers[1] = "91330106MA27XK001E";
    a.n_suppliers = 2; /* twice the same */
    fg_err_init(&err);
    assert_int_equal(fg_wl_application_check(&a, OWN[0], &err), FG_EINVAL);
    assert_non_null(strstr(err.msg, "lodging, suppliers"));
    a.c.lodging = 10;
    a.suppliers[1] = OWN[0]; /* itself */
    assert_int_equal(fg_wl_application_check(&a, OWN[0], &err), FG_EINVAL);
    a.suppliers[1] = "91330106MA27XK001F"; /* check character wrong */
    assert_int_equal(fg_wl_application_check(&a, OWN[0], &err), FG_EINVAL);
    a.n_suppliers = 1;
    assert_int_equal(fg_wl_application_check(&a, OWN[0], &err), 0);
}

static void lists_tiers_and_recognition(void **state)
{
    (void)state;
    fg_err err;
    fg_keychain c;
    assert_int_equal(fg_chain_parse("integrated_circuits", &c, &err), 0);
    assert_int_equal(c, FG_CHAIN_INTEGRATED_CIRCUITS);
    assert_string_equal(fg_chain_word(c)->zh, "集成电路");
    assert_int_equal(fg_chain_parse("steel", &c, &err), FG_EINVAL);
    assert_int_equal(fg_wl_list_check(FG_WL_NATIONAL, 0, &err), 0);
    assert_int_equal(fg_wl_list_check(FG_WL_NATIONAL, 330000, &err), FG_EINVAL);
    assert_int_equal(fg_wl_list_check(FG_WL_PROVINCIAL, 330000, &err), 0);
    assert_int_equal(fg_wl_list_check(FG_WL_CITY, 330000, &err), FG_EINVAL);
    assert_int_equal(fg_wl_list_check(FG_WL_COUNTY, 330106, &err), 0);
    assert_int_equal(fg_wl_list_covers(0, 330106, &err), 0);
    assert_int_equal(fg_wl_list_covers(320000, 330106, &err), FG_EINVAL);
    fg_principal zj = who(FG_ROLE_JOINT_MECHANISM, 330000);
    fg_principal hz = who(FG_ROLE_JOINT_MECHANISM, 330100);
    assert_int_equal(fg_wl_lister_check(&zj, FG_WL_PROVINCIAL, 330000, &err), 0);
    assert_int_equal(fg_wl_lister_check(&hz, FG_WL_PROVINCIAL, 330000, &err), FG_EPERM);
    assert_int_equal(fg_wl_recognition_ask_check(&zj, 330000, FG_WL_PROVINCIAL, 320000, &err), 0);
    assert_int_equal(fg_wl_recognition_ask_check(&zj, 330100, FG_WL_CITY, 320000, &err), 0);
    assert_int_equal(fg_wl_recognition_ask_check(&hz, 330100, FG_WL_CITY, 320000, &err), FG_EPERM);
    assert_int_equal(fg_wl_recognition_ask_check(&zj, 0, FG_WL_NATIONAL, 320000, &err), FG_EINVAL);
    assert_int_equal(fg_wl_recognition_ask_check(&zj, 320000, FG_WL_PROVINCIAL, 310000, &err),
                     FG_EPERM);
    assert_int_equal(fg_wl_recognition_ask_check(&zj, 330000, FG_WL_PROVINCIAL, 330000, &err),
                     FG_EINVAL);
    assert_int_equal(fg_wl_recognition_ask_check(&zj, 330000, FG_WL_PROVINCIAL, 320100, &err),
                     FG_EINVAL);
    fg_principal js = who(FG_ROLE_JOINT_MECHANISM, 320000);
    assert_int_equal(fg_wl_recognition_answer_check(&js, 320000, "pending", true, NULL, &err), 0);
    assert_int_equal(fg_wl_recognition_answer_check(&zj, 320000, "pending", true, NULL, &err),
                     FG_EPERM);
    assert_int_equal(fg_wl_recognition_answer_check(&js, 320000, "pending", false, NULL, &err),
                     FG_EINVAL);
    assert_int_equal(fg_wl_recognition_answer_check(&js, 320000, "accepted", true, NULL, &err),
                     FG_ECONFLICT);
    assert_false(fg_wl_recognition_overdue("pending", 1000, 1000));
    assert_true(fg_wl_recognition_overdue("pending", 1000, 1001));
    assert_false(fg_wl_recognition_overdue("declined", 1000, 1001));
}

static void the_table_prints_every_transition(void **state)
{
    (void)state;
    fg_buf b;
    fg_buf_init(&b, 0);
    assert_int_equal(fg_wl_transitions_print(&b), 0);
    for (int a = 0; a < FG_WL_ACTION_COUNT; a++) {
        assert_int_equal(fg_wl_transitions()[a].action, a);
        assert_non_null(strstr(b.buf, fg_wl_action_name((fg_wl_action)a)));
    }
    fg_buf_release(&b);
}

/* A listing counts in the province that issued its list (or everywhere for a
 * national list); elsewhere only where a province recognised it. */
static void pass_priority_follows_lists_and_recognition(void **state)
{
    (void)state;
    int32_t where;
    const int32_t hangzhou[] = {330100}, national[] = {0}, jiangsu[] = {320000};
    const int32_t recognised_by_zj[] = {310000, 330000};
    assert_int_equal(fg_wl_pass_priority(330000, hangzhou, 1, NULL, 0, &where), FG_WL_PRIO_LISTED);
    assert_int_equal(where, 330100);
    assert_int_equal(fg_wl_pass_priority(440000, national, 1, NULL, 0, &where), FG_WL_PRIO_LISTED);
    assert_int_equal(where, 0);
    assert_int_equal(fg_wl_pass_priority(330000, jiangsu, 1, NULL, 0, &where), FG_WL_PRIO_NONE);
    assert_int_equal(where, 0);
    assert_int_equal(fg_wl_pass_priority(330000, jiangsu, 1, recognised_by_zj, 2, &where),
                     FG_WL_PRIO_RECOGNISED);
    assert_int_equal(where, 330000);
    /* Its own list wins over a recognition of it. */
    assert_int_equal(fg_wl_pass_priority(320000, jiangsu, 1, recognised_by_zj, 2, &where),
                     FG_WL_PRIO_LISTED);
    assert_int_equal(fg_wl_pass_priority(440000, NULL, 0, recognised_by_zj, 2, &where),
                     FG_WL_PRIO_NONE);
    fg_wl_prio p;
    assert_int_equal(fg_wl_prio_parse(fg_wl_prio_name(FG_WL_PRIO_RECOGNISED), &p), 0);
    assert_int_equal(p, FG_WL_PRIO_RECOGNISED);
    assert_int_equal(fg_wl_prio_parse("first", &p), FG_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(applied_to_listed_to_ended),
        cmocka_unit_test(returned_resubmitted_and_rejected),
        cmocka_unit_test(a_national_list_is_kept_by_the_coordinator),
        cmocka_unit_test(applications_name_every_missing_item),
        cmocka_unit_test(lists_tiers_and_recognition),
        cmocka_unit_test(the_table_prints_every_transition),
        cmocka_unit_test(pass_priority_follows_lists_and_recognition),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
