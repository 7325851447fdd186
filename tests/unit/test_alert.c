/* Alerts on small known runs: three days under half capacity or staff, a
 * missing day ending the run; a rate falling three days running, compared
 * as fractions, a day without a denominator ending it. */
#include "test.h"

#include "core/alert.h"

#define DAY(c, s)                                                                                  \
    {                                                                                              \
        true, (c), (s)                                                                             \
    }
#define NONE                                                                                       \
    {                                                                                              \
        false, 0, 0                                                                                \
    }

static void not_running_needs_three_days_under(void **state)
{
    (void)state;
    fg_alert_day three[] = {DAY(90, 90), DAY(40, 80), DAY(80, 45), DAY(20, 20)};
    assert_int_equal(fg_alert_under_run(three, 4, 50), 3);
    assert_true(fg_alert_not_running(three, 4, 50, 3));

    fg_alert_day two[] = {DAY(90, 90), DAY(40, 80), DAY(20, 20)};
    assert_int_equal(fg_alert_under_run(two, 3, 50), 2);
    assert_false(fg_alert_not_running(two, 3, 50, 3));

    /* Exactly half is running. */
    fg_alert_day half[] = {DAY(50, 50), DAY(50, 50), DAY(50, 50)};
    assert_int_equal(fg_alert_under_run(half, 3, 50), 0);
    fg_alert_day under[] = {DAY(49, 50), DAY(50, 49), DAY(0, 0)};
    assert_true(fg_alert_not_running(under, 3, 50, 3));
}

static void a_missing_day_ends_the_run(void **state)
{
    (void)state;
    fg_alert_day gap[] = {DAY(10, 10), DAY(10, 10), NONE, DAY(10, 10), DAY(10, 10)};
    assert_int_equal(fg_alert_under_run(gap, 5, 50), 2);
    assert_false(fg_alert_not_running(gap, 5, 50, 3));
    fg_alert_day last_missing[] = {DAY(10, 10), DAY(10, 10), DAY(10, 10), NONE};
    assert_int_equal(fg_alert_under_run(last_missing, 4, 50), 0);
    assert_int_equal(fg_alert_under_run(NULL, 0, 50), 0);
    assert_false(fg_alert_not_running(gap, 5, 50, 0));
}

static void falling_three_days_running(void **state)
{
    (void)state;
    /* 90 %, 80 %, 70 %, 60 %: three falls. */
    fg_alert_rate fall[] = {{9, 10}, {8, 10}, {7, 10}, {6, 10}};
    assert_int_equal(fg_alert_fall_run(fall, 4), 3);
    assert_true(fg_alert_falling(fall, 4, 3));
    /* Flat is not falling: 80 %, 80 %, 70 %, 60 %. */
    fg_alert_rate flat[] = {{8, 10}, {8, 10}, {7, 10}, {6, 10}};
    assert_int_equal(fg_alert_fall_run(flat, 4), 2);
    assert_false(fg_alert_falling(flat, 4, 3));
    /* Fractions, not counts: 2/3 > 3/5 > 4/7 > 5/9 although the counts rise. */
    fg_alert_rate frac[] = {{2, 3}, {3, 5}, {4, 7}, {5, 9}};
    assert_int_equal(fg_alert_fall_run(frac, 4), 3);
    /* 1/3 then 2/6 is equal: no fall. */
    fg_alert_rate equal[] = {{1, 3}, {2, 6}};
    assert_int_equal(fg_alert_fall_run(equal, 2), 0);
}

static void a_day_without_denominator_ends_the_fall(void **state)
{
    (void)state;
    fg_alert_rate gap[] = {{9, 10}, {8, 10}, {0, 0}, {7, 10}, {6, 10}};
    assert_int_equal(fg_alert_fall_run(gap, 5), 1);
    assert_false(fg_alert_falling(gap, 5, 3));
    fg_alert_rate one[] = {{9, 10}};
    assert_int_equal(fg_alert_fall_run(one, 1), 0);
    assert_int_equal(fg_alert_fall_run(NULL, 0), 0);
    /* Large national counts still compare exactly. */
    fg_alert_rate big[] = {
        {999999, 1000000}, {999998, 1000000}, {1999995, 2000000}, {999997, 1000000}};
    assert_int_equal(fg_alert_fall_run(big, 4), 3);
}

static void kinds_have_names(void **state)
{
    (void)state;
    assert_string_equal(fg_alert_kind_name(FG_ALERT_NOT_RUNNING), "not_running");
    assert_string_equal(fg_alert_kind_name(FG_ALERT_ELECTRICITY), "electricity");
    assert_string_equal(fg_alert_kind_name(FG_ALERT_KIND_COUNT), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(not_running_needs_three_days_under),
        cmocka_unit_test(a_missing_day_ends_the_run),
        cmocka_unit_test(falling_three_days_running),
        cmocka_unit_test(a_day_without_denominator_ends_the_fall),
        cmocka_unit_test(kinds_have_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
