/* Risk levels: effective dates, history, fall-back to the parent. */
#include "test.h"

#include "core/risk.h"

static const fg_risk_designation history[] = {
    {330000, FG_RISK_MEDIUM, 20261101, 1}, /* province medium from 1 Nov */
    {330106, FG_RISK_HIGH, 20261110, 2},   /* Xihu high from 10 Nov */
    {330106, FG_RISK_LOW, 20261120, 3},    /* lowered on 20 Nov */
    {330106, FG_RISK_MEDIUM, 20261120, 4}, /* corrected the same day: later record wins */
    {320505, FG_RISK_HIGH, 20261101, 5},   /* unrelated */
};
#define N (sizeof(history) / sizeof(history[0]))

static void own_designation_in_effect_wins(void **state)
{
    (void)state;
    fg_risk_resolution r;
    fg_risk_resolve(330106, 20261115, history, N, &r);
    assert_int_equal(r.level, FG_RISK_HIGH);
    assert_int_equal(r.source_region, 330106);
    assert_int_equal(r.index, 1);
}

static void later_record_on_the_same_day_supersedes(void **state)
{
    (void)state;
    fg_risk_resolution r;
    fg_risk_resolve(330106, 20261125, history, N, &r);
    assert_int_equal(r.level, FG_RISK_MEDIUM);
    assert_int_equal(r.index, 3);
}

static void before_its_own_designation_a_county_inherits(void **state)
{
    (void)state;
    fg_risk_resolution r;
    fg_risk_resolve(330106, 20261105, history, N, &r);
    assert_int_equal(r.level, FG_RISK_MEDIUM);
    assert_int_equal(r.source_region, 330000);
    fg_risk_resolve(330102, 20261125, history, N, &r);
    assert_int_equal(r.source_region, 330000);
}

static void with_no_designation_anywhere_it_is_low(void **state)
{
    (void)state;
    fg_risk_resolution r;
    fg_risk_resolve(330106, 20261031, history, N, &r);
    assert_int_equal(r.level, FG_RISK_LOW);
    assert_int_equal(r.source_region, -1);
    fg_risk_resolve(110101, 20261125, history, N, &r);
    assert_int_equal(r.level, FG_RISK_LOW);
    fg_risk_resolve(110101, 20261125, NULL, 0, &r);
    assert_int_equal(r.index, -1);
}

static void names_parse_and_print(void **state)
{
    (void)state;
    fg_risk_level l;
    fg_err err;
    assert_int_equal(fg_risk_parse("high", &l, &err), 0);
    assert_int_equal(l, FG_RISK_HIGH);
    assert_int_equal(fg_risk_parse("HIGH", &l, &err), FG_EINVAL);
    assert_string_equal(err.field, "level");
    assert_string_equal(fg_risk_name(FG_RISK_MEDIUM), "medium");
}

static void medium_and_high_are_reviewed_a_week_on(void **state)
{
    (void)state;
    assert_int_equal(fg_risk_review_on(FG_RISK_HIGH, 20221228), 20230104);   /* across a year */
    assert_int_equal(fg_risk_review_on(FG_RISK_MEDIUM, 20240225), 20240303); /* a leap February */
    assert_int_equal(fg_risk_review_on(FG_RISK_LOW, 20240225), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(own_designation_in_effect_wins),
        cmocka_unit_test(later_record_on_the_same_day_supersedes),
        cmocka_unit_test(before_its_own_designation_a_county_inherits),
        cmocka_unit_test(with_no_designation_anywhere_it_is_low),
        cmocka_unit_test(names_parse_and_print),
        cmocka_unit_test(medium_and_high_are_reviewed_a_week_on),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
