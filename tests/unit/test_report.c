/* The daily report (issue 13, part "reports"): validation of ranges and of
 * figures against the status, the due time in a zone, lateness with an
 * injected clock, the default day, one report's contribution and the delta
 * of a correction, and reading file rows. */
#include "test.h"

#include "core/date.h"
#include "core/report.h"

#define H (3600LL * 1000)
#define TODAY 20261204

static fg_report base(void)
{
    fg_report r;
    memset(&r, 0, sizeof(r));
    memcpy(r.enterprise, "91330106MA27XK000B", 19);
    r.day = 20261203;
    r.status = FG_STATUS_OPERATING;
    r.capacity_pct = 85;
    r.staff_pct = 92;
    r.closed_loop = 10;
    return r;
}

static const char *key_of(fg_report r)
{
    static fg_err err;
    fg_err_init(&err);
    fg_report_limits l;
    fg_report_limits_default(&l);
    return fg_report_validate(&r, TODAY, &l, &err) == 0 ? "" : err.key;
}

static void validation_ranges_and_days(void **state)
{
    (void)state;
    fg_report r = base();
    assert_string_equal(key_of(r), "");
    r.capacity_pct = 101;
    assert_string_equal(key_of(r), "report.pct_range");
    r = base();
    r.staff_pct = -1;
    assert_string_equal(key_of(r), "report.pct_range");
    r = base();
    r.closed_loop = -3;
    assert_string_equal(key_of(r), "report.closed_loop");
    r = base();
    r.day = 20261205; /* tomorrow */
    assert_string_equal(key_of(r), "report.day_future");
    r.day = TODAY; /* today may be reported */
    assert_string_equal(key_of(r), "");
    r.day = 20261103; /* 31 days back: still open */
    assert_string_equal(key_of(r), "");
    r.day = 20261102; /* 32: closed */
    assert_string_equal(key_of(r), "report.day_too_old");
    r = base();
    r.day = 20261131;
    assert_string_equal(key_of(r), "report.day");
    r = base();
    r.problems = 1u << 6;
    assert_string_equal(key_of(r), "report.problem_unknown");
    r = base();
    memcpy(r.enterprise, "91330106MA27XK000C", 19);
    assert_string_equal(key_of(r), "uscc.check");
}

static void validation_status_against_figures(void **state)
{
    (void)state;
    fg_report r = base();
    r.status = FG_STATUS_STOPPED;
    r.capacity_pct = 5;
    assert_string_equal(key_of(r), "report.stopped_capacity");
    r.capacity_pct = 0;
    r.staff_pct = 8; /* upkeep staff on site */
    assert_string_equal(key_of(r), "");
    r = base();
    r.capacity_pct = 0;
    assert_string_equal(key_of(r), "report.operating_zero");
    r = base();
    r.staff_pct = 0;
    assert_string_equal(key_of(r), "report.operating_zero");
    r = base();
    r.status = FG_STATUS_LIMITED;
    r.capacity_pct = 100;
    assert_string_equal(key_of(r), "report.limited_capacity");
    r.capacity_pct = 0;
    assert_string_equal(key_of(r), "report.limited_capacity");
    r.capacity_pct = 40;
    assert_string_equal(key_of(r), "");
}

static void due_time_late_and_default_day(void **state)
{
    (void)state;
    fg_report_limits l;
    fg_report_limits_default(&l);
    /* 2026-12-03's report is due 2026-12-04 10:00 at UTC+8 = 02:00Z. */
    int64_t due = fg_report_due_ms(20261203, 8 * 60, &l);
    int64_t midnight_utc = fg_date_days(20261204) * 24 * H;
    assert_int_equal(due, midnight_utc + 2 * H);
    l.due_hour = 18;
    assert_int_equal(fg_report_due_ms(20261203, 8 * 60, &l), midnight_utc + 10 * H);
    assert_int_equal(fg_report_due_ms(20261203, 0, &l), midnight_utc + 18 * H);
    l.due_hour = 10;
    /* Late: after the due time, for a first version; corrections keep it. */
    assert_false(fg_report_late(false, false, due, due));
    assert_true(fg_report_late(false, false, due + 1, due));
    assert_false(fg_report_late(true, false, due + 5 * H, due));
    assert_true(fg_report_late(true, true, due - H, due));
    /* Before 10:00 the form is for yesterday, from 10:00 for today. */
    assert_int_equal(fg_report_default_day(20261204, 9, &l), 20261203);
    assert_int_equal(fg_report_default_day(20261204, 10, &l), 20261204);
    assert_int_equal(fg_report_default_day(20260301, 0, &l), 20260228);
    l.due_hour = 24;
    fg_err err;
    assert_int_equal(fg_report_limits_check(&l, &err), FG_EINVAL);
}

static void contribution_and_correction_delta(void **state)
{
    (void)state;
    fg_report a = base(); /* operating 85 / 92 */
    fg_report_totals ta;
    fg_report_contribution(&a, false, &ta);
    assert_int_equal(ta.n_reported, 1);
    assert_int_equal(ta.n_resumed, 1);
    assert_int_equal(ta.n_staff90, 1);
    assert_int_equal(ta.n_cap80, 1);
    assert_int_equal(ta.n_under30, 0);
    assert_int_equal(ta.sum_capacity, 85);
    assert_int_equal(ta.sum_closed_loop, 10);
    fg_report b = base();
    b.status = FG_STATUS_LIMITED;
    b.capacity_pct = 25; /* under 30 by capacity alone */
    b.staff_pct = 90;    /* exactly 90 counts */
    b.problems = FG_PROBLEM_PARTS | FG_PROBLEM_LOCAL_RULES;
    fg_report_totals tb;
    fg_report_contribution(&b, true, &tb);
    assert_int_equal(tb.n_resumed, 1);
    assert_int_equal(tb.n_staff90, 1);
    assert_int_equal(tb.n_cap80, 0);
    assert_int_equal(tb.n_under30, 1);
    assert_int_equal(tb.n_late, 1);
    assert_int_equal(tb.problems[0], 1);
    assert_int_equal(tb.problems[5], 1);
    assert_int_equal(tb.problems[1], 0);
    fg_report c = base();
    c.status = FG_STATUS_STOPPED;
    c.capacity_pct = 0;
    c.staff_pct = 40;
    fg_report_totals tc;
    fg_report_contribution(&c, false, &tc);
    assert_int_equal(tc.n_resumed, 0);
    assert_int_equal(tc.n_under30, 1);
    /* A correction a -> b is −a + b; taking it back again gives zero. */
    fg_report_totals acc;
    memset(&acc, 0, sizeof(acc));
    fg_report_totals_add(&acc, &ta, +1);
    fg_report_totals_add(&acc, &ta, -1);
    fg_report_totals_add(&acc, &tb, +1);
    assert_int_equal(acc.sum_capacity, 25);
    assert_int_equal(acc.n_cap80, 0);
    assert_int_equal(acc.n_late, 1);
    fg_report_totals_add(&acc, &tb, -1);
    assert_true(fg_report_totals_zero(&acc));
}

static void file_rows(void **state)
{
    (void)state;
    const char *head[] = {"统一社会信用代码", "日期",     "生产状态", "Capacity (%)",
                          "staff_pct",        "存在问题", "备注"};
    int map[FG_RCOL_COUNT];
    fg_err err;
    assert_int_equal(fg_report_header(head, 7, map, &err), 0);
    assert_int_equal(map[FG_RCOL_CAPACITY], 3);
    assert_int_equal(map[FG_RCOL_NAME], -1);
    const char *row[] = {"91330106MA27XK000B", "2026/12/03", "限产", "45%", " 60 ",
                         "物流运输、cash",     "等待原料"};
    fg_report r;
    assert_int_equal(fg_report_row_parse(row, 7, map, &r, &err), 0);
    assert_int_equal(r.day, 20261203);
    assert_int_equal(r.status, FG_STATUS_LIMITED);
    assert_int_equal(r.capacity_pct, 45);
    assert_int_equal(r.staff_pct, 60);
    assert_int_equal(r.problems, FG_PROBLEM_LOGISTICS | FG_PROBLEM_CASH);
    assert_string_equal(r.note, "等待原料");
    const char *bad[] = {"91330106MA27XK000B", "2026-12-03", "开工", "45", "60", "", ""};
    assert_int_equal(fg_report_row_parse(bad, 7, map, &r, &err), FG_EINVAL);
    assert_string_equal(err.key, "report.status_word");
    const char *pct[] = {"91330106MA27XK000B", "2026-12-03", "正常", "4五", "60", "", ""};
    assert_int_equal(fg_report_row_parse(pct, 7, map, &r, &err), FG_EINVAL);
    assert_string_equal(err.key, "report.pct_number");
    const char *missing[] = {"统一社会信用代码", "日期", "生产状态", "产能利用率(%)"};
    assert_int_equal(fg_report_header(missing, 4, map, &err), FG_EINVAL);
    assert_string_equal(err.key, "report.header_missing");
    const char *twice[] = {"uscc", "USCC"};
    assert_int_equal(fg_report_header(twice, 2, map, &err), FG_EINVAL);
    assert_string_equal(err.key, "report.header_twice");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(validation_ranges_and_days),
        cmocka_unit_test(validation_status_against_figures),
        cmocka_unit_test(due_time_late_and_default_day),
        cmocka_unit_test(contribution_and_correction_delta),
        cmocka_unit_test(file_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
