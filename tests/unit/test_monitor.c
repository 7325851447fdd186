/* Monitoring (core/monitor.c): the rates, distribution shares and compliance
 * of small known sets of reports, the roll-up by adding sums, the lowest
 * regions, and the electricity verdict, its disagreement with the
 * self-report and the grid company's file lines. */
#include "test.h"

#include "core/monitor.h"

/* One report as an enterprise sends it. */
typedef struct rep {
    bool resumed;
    int staff, capacity;
} rep;

/* What the incremental aggregates keep for these reports (the plain sums). */
static fg_monitor_sums sums_of(const rep *r, size_t n, int64_t enterprises)
{
    fg_monitor_sums s = {0};
    s.enterprises = enterprises;
    for (size_t i = 0; i < n; i++) {
        s.reported++;
        s.resumed += r[i].resumed;
        s.staff_pct_sum += r[i].staff;
        s.capacity_pct_sum += r[i].capacity;
        s.staff_ge90 += r[i].staff >= 90;
        s.capacity_ge80 += r[i].capacity >= 80;
        s.under30 += r[i].capacity < 30 || r[i].staff < 30;
    }
    return s;
}

static void rates_of_a_known_county(void **state)
{
    (void)state;
    /* five enterprises registered, four reported */
    const rep r[] = {{true, 100, 90}, {true, 90, 80}, {true, 50, 20}, {false, 0, 0}};
    fg_monitor_sums s = sums_of(r, 4, 5);
    s.late = 1; /* one of the four came after the due time */
    fg_monitor_figures f;
    fg_err err;
    fg_err_init(&err);
    assert_int_equal(fg_monitor_figures_of(&s, &f, &err), 0);
    /* 3 resumed of 5 registered, of 4 reporters */
    assert_int_equal(f.resumption_registered.num, 3);
    assert_int_equal(f.resumption_registered.den, 5);
    assert_true(f.resumption_registered.value > 0.5999 && f.resumption_registered.value < 0.6001);
    assert_int_equal(f.resumption_reported.den, 4);
    assert_true(f.resumption_reported.value > 0.7499 && f.resumption_reported.value < 0.7501);
    /* staff (100 + 90 + 50 + 0) / 4 = 60 %; capacity (90 + 80 + 20 + 0) / 4 = 47.5 % */
    assert_int_equal(f.staff_return.num, 240);
    assert_int_equal(f.staff_return.den, 400);
    assert_true(f.staff_return.value > 0.5999 && f.staff_return.value < 0.6001);
    assert_true(f.capacity_utilisation.value > 0.4749 && f.capacity_utilisation.value < 0.4751);
    /* distribution: staff >= 90: 2 of 4; capacity >= 80: 2; capacity < 30: 2 */
    assert_int_equal(f.staff_ge90.num, 2);
    assert_int_equal(f.capacity_ge80.num, 2);
    assert_int_equal(f.under30.num, 2);
    assert_int_equal(f.under30.den, 4);
    /* compliance: 4 of 5 */
    assert_int_equal(f.compliance.num, 4);
    assert_int_equal(f.compliance.den, 5);
    assert_int_equal(f.on_time.num, 3);
    assert_int_equal(f.on_time.den, 5);
}

static void no_reports_means_no_figure_not_zero(void **state)
{
    (void)state;
    fg_monitor_sums s = {0};
    s.enterprises = 3;
    fg_monitor_figures f;
    assert_int_equal(fg_monitor_figures_of(&s, &f, NULL), 0);
    assert_true(f.resumption_registered.known);
    assert_int_equal(f.resumption_registered.num, 0);
    assert_false(f.resumption_reported.known);
    assert_false(f.staff_return.known);
    assert_false(f.capacity_ge80.known);
    assert_true(f.compliance.known);
    fg_monitor_sums none = {0};
    assert_int_equal(fg_monitor_figures_of(&none, &f, NULL), 0);
    assert_false(f.resumption_registered.known);
    assert_false(f.compliance.known);
}

static void inconsistent_sums_are_refused(void **state)
{
    (void)state;
    fg_err err;
    fg_err_init(&err);
    fg_monitor_figures f;
    fg_monitor_sums s = {.enterprises = 2, .reported = 1, .resumed = 2};
    assert_int_equal(fg_monitor_figures_of(&s, &f, &err), FG_EINVAL);
    assert_string_equal(err.key, "monitor.inconsistent");
    fg_monitor_sums t = {.enterprises = 2, .reported = 1, .staff_pct_sum = 101};
    assert_int_equal(fg_monitor_figures_of(&t, &f, &err), FG_EINVAL);
}

static void rolling_up_is_adding_sums(void **state)
{
    (void)state;
    /* two counties; the city's figures are those of all their reports together */
    const rep a[] = {{true, 100, 100}, {false, 10, 0}};
    const rep b[] = {{true, 80, 85}, {true, 95, 60}, {true, 40, 25}};
    const rep all[] = {
        {true, 100, 100}, {false, 10, 0}, {true, 80, 85}, {true, 95, 60}, {true, 40, 25}};
    fg_monitor_sums city = sums_of(a, 2, 4);
    fg_monitor_sums sb = sums_of(b, 3, 3);
    fg_monitor_sums_add(&city, &sb);
    fg_monitor_sums plain = sums_of(all, 5, 7);
    assert_memory_equal(&city, &plain, sizeof(city));
    fg_monitor_figures f;
    assert_int_equal(fg_monitor_figures_of(&city, &f, NULL), 0);
    assert_int_equal(f.resumption_registered.num, 4);
    assert_int_equal(f.resumption_registered.den, 7);
    assert_int_equal(f.staff_return.num, 325);
    /* the mean of the counties' means would be (55 + 71.67) / 2, not 65 */
    assert_true(f.staff_return.value > 0.6499 && f.staff_return.value < 0.6501);
}

static void lowest_regions_first(void **state)
{
    (void)state;
    fg_monitor_sums g[5] = {
        {.enterprises = 10, .reported = 10, .resumed = 9}, /* 90 % */
        {.enterprises = 4, .reported = 4, .resumed = 1},   /* 25 % */
        {.enterprises = 0},                                /* no figure: last */
        {.enterprises = 8, .reported = 8, .resumed = 2},   /* 25 %, larger: first of the ties */
        {.enterprises = 3, .reported = 1, .resumed = 1},   /* 33 % */
    };
    size_t idx[5];
    fg_monitor_rank_lowest(g, idx, 5);
    assert_int_equal(idx[0], 3);
    assert_int_equal(idx[1], 1);
    assert_int_equal(idx[2], 4);
    assert_int_equal(idx[3], 0);
    assert_int_equal(idx[4], 2);
}

static void electricity_verdict_at_the_share(void **state)
{
    (void)state;
    /* baseline 1000 kWh, share 30 %: 300 kWh is not above, 300.001 is */
    assert_int_equal(fg_monitor_power_verdict(300000, 1000000, 30), FG_POWER_NOT_RESUMED);
    assert_int_equal(fg_monitor_power_verdict(300001, 1000000, 30), FG_POWER_RESUMED);
    assert_int_equal(fg_monitor_power_verdict(0, 1000000, 30), FG_POWER_NOT_RESUMED);
    assert_int_equal(fg_monitor_power_verdict(500000, 0, 30), FG_POWER_NO_BASELINE);
    assert_int_equal(fg_monitor_power_verdict(500000, 1000000, 50), FG_POWER_NOT_RESUMED);
    /* the inflated report: "resumed" at low consumption */
    assert_int_equal(fg_monitor_power_compare(true, FG_POWER_NOT_RESUMED), FG_POWER_CLAIMS_RESUMED);
    assert_int_equal(fg_monitor_power_compare(false, FG_POWER_RESUMED), FG_POWER_CLAIMS_STOPPED);
    assert_int_equal(fg_monitor_power_compare(true, FG_POWER_RESUMED), FG_POWER_AGREE);
    assert_int_equal(fg_monitor_power_compare(false, FG_POWER_NOT_RESUMED), FG_POWER_AGREE);
    assert_int_equal(fg_monitor_power_compare(true, FG_POWER_NO_BASELINE), FG_POWER_AGREE);
    assert_string_equal(fg_power_disagreement_name(FG_POWER_CLAIMS_RESUMED), "claims_resumed");
}

static void kwh_decimals(void **state)
{
    (void)state;
    int64_t wh;
    assert_int_equal(fg_monitor_kwh_parse("1234.5", &wh), 0);
    assert_int_equal(wh, 1234500);
    assert_int_equal(fg_monitor_kwh_parse("0", &wh), 0);
    assert_int_equal(wh, 0);
    assert_int_equal(fg_monitor_kwh_parse("7.125", &wh), 0);
    assert_int_equal(wh, 7125);
    assert_int_equal(fg_monitor_kwh_parse("1000000000", &wh), 0);
    assert_int_equal(fg_monitor_kwh_parse("1000000000.1", &wh), FG_EINVAL);
    assert_int_equal(fg_monitor_kwh_parse("1.2345", &wh), FG_EINVAL);
    assert_int_equal(fg_monitor_kwh_parse("-1", &wh), FG_EINVAL);
    assert_int_equal(fg_monitor_kwh_parse("1.", &wh), FG_EINVAL);
    assert_int_equal(fg_monitor_kwh_parse(".5", &wh), FG_EINVAL);
    assert_int_equal(fg_monitor_kwh_parse("", &wh), FG_EINVAL);
    assert_int_equal(fg_monitor_kwh_parse("1e3", &wh), FG_EINVAL);
}

static void grid_file_lines(void **state)
{
    (void)state;
    fg_err err;
    fg_err_init(&err);
    int map[FG_POWER_COL_COUNT];
    const char *head[] = {"日期", "统一社会信用代码", "用电量"};
    assert_int_equal(fg_monitor_power_header(head, 3, map, &err), 0);
    assert_int_equal(map[FG_POWER_COL_USCC], 1);
    assert_int_equal(map[FG_POWER_COL_BASELINE], -1);
    const char *line[] = {"2026-11-20", "91350100M000100Y43", "812.5"};
    fg_power_row row;
    assert_int_equal(fg_monitor_power_row_parse(line, 3, map, &row, &err), 0);
    assert_string_equal(row.uscc, "91350100M000100Y43");
    assert_int_equal(row.day, 20261120);
    assert_int_equal(row.wh, 812500);
    assert_int_equal(row.baseline_wh, -1);

    const char *bad_head[] = {"uscc", "kwh"};
    assert_int_equal(fg_monitor_power_header(bad_head, 2, map, &err), FG_EINVAL);
    assert_string_equal(err.key, "monitor.power_column");

    const char *head4[] = {"uscc", "day", "kwh", "baseline_kwh"};
    assert_int_equal(fg_monitor_power_header(head4, 4, map, &err), 0);
    const char *with_base[] = {"91350100M000100Y43", "2026-11-20", "10", "2000"};
    assert_int_equal(fg_monitor_power_row_parse(with_base, 4, map, &row, &err), 0);
    assert_int_equal(row.baseline_wh, 2000000);
    const char *empty_base[] = {"91350100M000100Y43", "2026-11-20", "10", ""};
    assert_int_equal(fg_monitor_power_row_parse(empty_base, 4, map, &row, &err), 0);
    assert_int_equal(row.baseline_wh, -1);
    const char *zero_base[] = {"91350100M000100Y43", "2026-11-20", "10", "0"};
    assert_int_equal(fg_monitor_power_row_parse(zero_base, 4, map, &row, &err), FG_EINVAL);
    assert_string_equal(err.key, "monitor.power_baseline");
    const char *bad_uscc[] = {"91350100M000100Y44", "2026-11-20", "10", ""};
    assert_int_equal(fg_monitor_power_row_parse(bad_uscc, 4, map, &row, &err), FG_EINVAL);
    assert_string_equal(err.field, "uscc");
    const char *bad_day[] = {"91350100M000100Y43", "2026-02-30", "10", ""};
    assert_int_equal(fg_monitor_power_row_parse(bad_day, 4, map, &row, &err), FG_EINVAL);
    assert_string_equal(err.key, "monitor.power_day");
    const char *bad_kwh[] = {"91350100M000100Y43", "2026-11-20", "ten", ""};
    assert_int_equal(fg_monitor_power_row_parse(bad_kwh, 4, map, &row, &err), FG_EINVAL);
    assert_string_equal(err.key, "monitor.power_kwh");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rates_of_a_known_county),
        cmocka_unit_test(no_reports_means_no_figure_not_zero),
        cmocka_unit_test(inconsistent_sums_are_refused),
        cmocka_unit_test(rolling_up_is_adding_sums),
        cmocka_unit_test(lowest_regions_first),
        cmocka_unit_test(electricity_verdict_at_the_share),
        cmocka_unit_test(kwh_decimals),
        cmocka_unit_test(grid_file_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
