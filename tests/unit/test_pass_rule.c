/* Provinces' negative-test rules for passes and the strictest of them for a
 * trip (core/pass_rule.c). */
#include "test.h"

#include <stdio.h>

#include "core/pass_rule.h"

#define H 3600

static fg_pass_rule rule(int32_t province, const char *name, bool drivers, bool crew, int hours)
{
    fg_pass_rule r = {province, "", drivers, crew, hours};
    snprintf(r.name, sizeof(r.name), "%s", name);
    return r;
}

static void a_rule_is_for_a_province_and_holds_together(void **state)
{
    (void)state;
    fg_err err;
    fg_pass_rule ok = rule(330000, "浙江省", true, true, 48),
                 none = rule(330000, "", false, false, 0);
    assert_int_equal(fg_pass_rule_check(&ok, &err), 0);
    assert_int_equal(fg_pass_rule_check(&none, &err), 0);
    fg_pass_rule city = rule(330100, "", true, false, 48);
    assert_int_equal(fg_pass_rule_check(&city, &err), FG_EINVAL);
    assert_string_equal(err.key, "pass_rule.province");
    fg_pass_rule crew_only = rule(330000, "", false, true, 0);
    assert_int_equal(fg_pass_rule_check(&crew_only, &err), FG_EINVAL);
    assert_string_equal(err.key, "pass_rule.crew_without_drivers");
    fg_pass_rule short_ = rule(330000, "", true, false, 11),
                 long_ = rule(330000, "", true, false, 169);
    assert_int_equal(fg_pass_rule_check(&short_, &err), FG_EINVAL);
    assert_string_equal(err.key, "pass_rule.hours");
    assert_int_equal(fg_pass_rule_check(&long_, &err), FG_EINVAL);
    fg_pass_rule stray = rule(330000, "", false, false, 48);
    assert_int_equal(fg_pass_rule_check(&stray, &err), FG_EINVAL);
    assert_string_equal(err.key, "pass_rule.hours_unused");
}

static void a_trip_touches_each_province_once_in_order(void **state)
{
    (void)state;
    fg_pass_claims c;
    memset(&c, 0, sizeof(c));
    c.origin = 330106;
    c.route[c.n_route++] = 330110;
    c.route[c.n_route++] = 320505;
    c.route[c.n_route++] = 330523;
    c.destination = 310115;
    int32_t p[FG_PASS_MAX_PROVINCES];
    assert_int_equal(fg_pass_trip_provinces(&c, p), 3);
    assert_int_equal(p[0], 330000);
    assert_int_equal(p[1], 320000);
    assert_int_equal(p[2], 310000);
    c.n_route = 0;
    c.destination = 330523;
    assert_int_equal(fg_pass_trip_provinces(&c, p), 1);
}

static void the_strictest_rule_of_the_trip_applies_per_role(void **state)
{
    (void)state;
    fg_pass_rule rules[] = {rule(330000, "浙江省", true, false, 72),
                            rule(320000, "江苏省", false, false, 0),
                            rule(310000, "上海市", true, true, 48)};
    fg_pass_trip_need need;
    fg_pass_trip_need_of(rules, 3, &need);
    assert_int_equal(need.role[0].hours, 48);
    assert_int_equal(need.role[0].by, 2);
    assert_int_equal(need.role[1].hours, 48);
    assert_int_equal(need.role[1].by, 2);
    /* Crew asked by a longer rule than the drivers' shortest: each role its own. */
    rules[0] = rule(330000, "浙江省", true, false, 24);
    rules[2] = rule(310000, "上海市", true, true, 72);
    fg_pass_trip_need_of(rules, 3, &need);
    assert_int_equal(need.role[0].hours, 24);
    assert_int_equal(need.role[0].by, 0);
    assert_int_equal(need.role[1].hours, 72);
    assert_int_equal(need.role[1].by, 2);
    /* No province asks: nothing is needed. */
    fg_pass_trip_need_of(&rules[1], 1, &need);
    assert_int_equal(need.role[0].hours, 0);
    assert_int_equal(need.role[0].by, -1);
    assert_int_equal(need.role[1].hours, 0);
}

static void a_test_is_required_not_in_the_future_and_valid_when_the_pass_starts(void **state)
{
    (void)state;
    fg_pass_rule rules[] = {rule(330000, "浙江省", true, false, 48)};
    fg_pass_trip_need need;
    fg_pass_trip_need_of(rules, 1, &need);
    const int64_t now = 1796000000; /* seconds */
    int64_t to;
    fg_err err;
    /* Missing: refused, naming the province and the hours. */
    assert_int_equal(fg_pass_test_check(&need, rules, 0, 0, now, now, &to, &err), FG_EINVAL);
    assert_string_equal(err.key, "pass.test_required");
    assert_string_equal(fg_err_param_get(&err, "province"), "浙江省");
    assert_string_equal(fg_err_param_get(&err, "hours"), "48");
    /* Sampled a day ago, the pass starting now: valid for another day. */
    assert_int_equal(fg_pass_test_check(&need, rules, 0, now - 24 * H, now, now, &to, &err), 0);
    assert_int_equal(to, now + 24 * H);
    /* Exactly at the end of its validity when the pass starts: still counts. */
    assert_int_equal(
        fg_pass_test_check(&need, rules, 0, now - 24 * H, now + 24 * H, now, &to, &err), 0);
    /* One second later: too old for the start. */
    assert_int_equal(
        fg_pass_test_check(&need, rules, 0, now - 24 * H, now + 24 * H + 1, now, &to, &err),
        FG_EINVAL);
    assert_string_equal(err.key, "pass.test_too_old");
    assert_int_equal(to, 0);
    /* A start in the past does not make an old test count now. */
    assert_int_equal(fg_pass_test_check(&need, rules, 0, now - 49 * H, now - 2 * H, now, &to, &err),
                     FG_EINVAL);
    assert_string_equal(err.key, "pass.test_too_old");
    /* In the future beyond the clock's skew: refused; within it: accepted. */
    assert_int_equal(
        fg_pass_test_check(&need, rules, 0, now + FG_PASS_TEST_SKEW + 1, now, now, &to, &err),
        FG_EINVAL);
    assert_string_equal(err.key, "pass.test_future");
    assert_int_equal(
        fg_pass_test_check(&need, rules, 0, now + FG_PASS_TEST_SKEW, now, now, &to, &err), 0);
    /* The crew are not asked by this rule: no test is fine, and no validity is set. */
    assert_int_equal(fg_pass_test_check(&need, rules, 1, 0, now, now, &to, &err), 0);
    assert_int_equal(to, 0);
    assert_int_equal(fg_pass_test_check(&need, rules, 1, now - 100 * H, now, now, &to, &err), 0);
    assert_int_equal(to, 0);
    /* ... but a future sampling time is wrong whoever gives it. */
    assert_int_equal(fg_pass_test_check(&need, rules, 1, now + 2 * H, now, now, &to, &err),
                     FG_EINVAL);
}

static void the_crew_check_names_the_person_refused(void **state)
{
    (void)state;
    fg_pass_rule rules[] = {rule(310000, "上海市", true, true, 48)};
    fg_pass_trip_need need;
    fg_pass_trip_need_of(rules, 1, &need);
    const int64_t now = 1796000000;
    fg_pass_claims c;
    memset(&c, 0, sizeof(c));
    c.nbf = now;
    c.n_crew = 2;
    c.crew[0] = (fg_pass_person){.role = 0, .test_sampled = now - 10 * H};
    c.crew[1] = (fg_pass_person){.role = 1};
    fg_err err;
    assert_int_equal(fg_pass_tests_check(&need, rules, &c, now, &err), FG_EINVAL);
    assert_string_equal(err.key, "pass.test_required_crew");
    assert_string_equal(fg_err_param_get(&err, "person"), "2");
    assert_string_equal(err.field, "crew");
    assert_non_null(strstr(err.msg, "crew 2: "));
    c.crew[1].test_sampled = now - 47 * H;
    assert_int_equal(fg_pass_tests_check(&need, rules, &c, now, &err), 0);
    assert_int_equal(c.crew[0].test_valid_to, now + 38 * H);
    assert_int_equal(c.crew[1].test_valid_to, now + 1 * H);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_rule_is_for_a_province_and_holds_together),
        cmocka_unit_test(a_trip_touches_each_province_once_in_order),
        cmocka_unit_test(the_strictest_rule_of_the_trip_applies_per_role),
        cmocka_unit_test(a_test_is_required_not_in_the_future_and_valid_when_the_pass_starts),
        cmocka_unit_test(the_crew_check_names_the_person_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
