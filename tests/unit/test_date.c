/* Dates and times. */
#include "test.h"

#include "core/date.h"

static void parses_valid_dates_and_refuses_others(void **state)
{
    (void)state;
    int32_t d;
    fg_err err;
    assert_int_equal(fg_date_parse("2022-06-02", &d, &err), 0);
    assert_int_equal(d, 20220602);
    assert_int_equal(fg_date_parse("2024-02-29", &d, &err), 0);
    assert_int_equal(fg_date_parse("2023-02-29", &d, &err), FG_EINVAL);
    assert_int_equal(fg_date_parse("2022-13-01", &d, &err), FG_EINVAL);
    assert_int_equal(fg_date_parse("2022-6-2", &d, &err), FG_EINVAL);
    assert_int_equal(fg_date_parse("2022-06-02T00", &d, &err), FG_EINVAL);
    assert_int_equal(fg_date_parse("", &d, &err), FG_EINVAL);
    assert_non_null(strstr(err.msg, "YYYY-MM-DD"));
}

static void days_round_trip(void **state)
{
    (void)state;
    assert_int_equal(fg_date_days(19700101), 0);
    assert_int_equal(fg_date_days(20000301), 11017);
    for (int64_t day = -1000; day < 40000; day += 37)
        assert_int_equal(fg_date_days(fg_date_from_days(day)), day);
    assert_int_equal(fg_date_from_ms(1654128000000LL), 20220602);
}

static void formats_rfc3339(void **state)
{
    (void)state;
    char t[25], d[11];
    fg_time_format(1654170123456LL, t);
    assert_string_equal(t, "2022-06-02T11:42:03.456Z");
    fg_date_format(20221126, d);
    assert_string_equal(d, "2022-11-26");
}

static void parses_rfc3339_times(void **state)
{
    (void)state;
    int64_t t;
    fg_err err;
    char out[25];
    assert_int_equal(fg_time_parse("2026-11-27T08:00:00Z", &t, &err), 0);
    fg_time_format(t, out);
    assert_string_equal(out, "2026-11-27T08:00:00.000Z");
    assert_int_equal(fg_time_parse("2026-11-27T16:00+08:00", &t, &err), 0);
    fg_time_format(t, out);
    assert_string_equal(out, "2026-11-27T08:00:00.000Z");
    assert_int_equal(fg_time_parse("2026-11-27T08:00:00.5-01:30", &t, &err), 0);
    fg_time_format(t, out);
    assert_string_equal(out, "2026-11-27T09:30:00.500Z");
    assert_int_equal(fg_time_parse("2026-11-27T08:00:00", &t, &err), FG_EINVAL);
    assert_int_equal(fg_time_parse("2026-11-27T24:00:00Z", &t, &err), FG_EINVAL);
    assert_int_equal(fg_time_parse("2026-02-30T08:00:00Z", &t, &err), FG_EINVAL);
    assert_int_equal(fg_time_parse("tomorrow", &t, &err), FG_EINVAL);
    assert_int_equal(fg_time_parse("2026-11-27T08:00:00Zjunk", &t, &err), FG_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_valid_dates_and_refuses_others),
        cmocka_unit_test(days_round_trip),
        cmocka_unit_test(formats_rfc3339),
        cmocka_unit_test(parses_rfc3339_times),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
