/* The deadline engine: the clocks of a kind, pauses moving a deadline, the
 * escalation ladders and when each escalation falls due. Time is injected. */
#include "test.h"

#include "core/date.h"
#include "core/deadline.h"

#define H (3600LL * 1000)
static const int64_t T0 = 1795730548316LL;

static const fg_deadline_kind STEP = {"test.step", 2 * H, 10 * H, 4 * H, FG_LADDER_STEP, false};

static void kinds_are_data_found_by_name(void **state)
{
    (void)state;
    const fg_deadline_kind *k = fg_deadline_kind_find("coordination");
    assert_non_null(k);
    assert_int_equal(k->first_answer_ms, 24 * H);
    assert_int_equal(k->closure_ms, 72 * H);
    assert_int_equal(k->ladder, FG_LADDER_PROVINCE_NATION);
    assert_null(fg_deadline_kind_find("coordinatio"));
    size_t n;
    assert_ptr_equal(fg_deadline_kinds(&n), k);
    assert_true(n >= 1);
}

static void ladders_climb_to_the_nation(void **state)
{
    (void)state;
    int32_t l[FG_DEADLINE_MAX_LADDER];
    assert_int_equal(fg_deadline_ladder(FG_LADDER_STEP, 330106, l), 4);
    assert_int_equal(l[0], 330106);
    assert_int_equal(l[1], 330100);
    assert_int_equal(l[2], 330000);
    assert_int_equal(l[3], 0);
    assert_int_equal(fg_deadline_ladder(FG_LADDER_PROVINCE_NATION, 330106, l), 3);
    assert_int_equal(l[1], 330000);
    assert_int_equal(l[2], 0);
    assert_int_equal(fg_deadline_ladder(FG_LADDER_PROVINCE_NATION, 310000, l), 2);
    assert_int_equal(l[1], 0);
    assert_int_equal(fg_deadline_ladder(FG_LADDER_STEP, 0, l), 1);
}

static void first_answer_then_closure(void **state)
{
    (void)state;
    fg_deadline_item it = {&STEP, T0, 0, 0, NULL, 0, 330106, 0, 0, NULL};
    fg_deadline_status s;
    fg_deadline_status_at(&it, T0 + H, &s);
    assert_int_equal(s.clock, FG_CLOCK_FIRST_ANSWER);
    assert_int_equal(s.due_at, T0 + 2 * H);
    assert_false(s.overdue);
    assert_false(s.escalation_due);
    assert_int_equal(s.holder, 330106);
    assert_int_equal(s.escalate_to, 330100);
    assert_int_equal(s.next_escalation_at, T0 + 2 * H);
    fg_deadline_status_at(&it, T0 + 2 * H, &s);
    assert_true(s.overdue);
    assert_true(s.escalation_due);
    /* Answered in time: the closure clock runs from the start. */
    it.answered_at = T0 + H;
    fg_deadline_status_at(&it, T0 + 3 * H, &s);
    assert_int_equal(s.clock, FG_CLOCK_CLOSURE);
    assert_int_equal(s.due_at, T0 + 10 * H);
    assert_false(s.overdue);
    it.closed_at = T0 + 11 * H;
    fg_deadline_status_at(&it, T0 + 20 * H, &s);
    assert_int_equal(s.clock, FG_CLOCK_NONE);
    assert_false(s.overdue);
    assert_false(s.escalation_due);
    assert_int_equal(s.next_escalation_at, 0);
}

static void pauses_move_the_deadline(void **state)
{
    (void)state;
    fg_deadline_pause p[2] = {{T0 + H / 2, T0 + H, "waiting for the enterprise"},
                              {T0 + 5 * H, 0, "after the deadline: does not count"}};
    fg_deadline_item it = {&STEP, T0, 0, 0, p, 1, 330106, 0, 0, NULL};
    fg_deadline_status s;
    fg_deadline_status_at(&it, T0 + 2 * H, &s);
    assert_int_equal(s.due_at, T0 + 2 * H + H / 2);
    assert_false(s.overdue);
    fg_deadline_status_at(&it, T0 + 2 * H + H / 2, &s);
    assert_true(s.overdue);
    /* A pause still running before the deadline stops the clock: never overdue. */
    fg_deadline_pause running = {T0 + H, 0, "asked the supplier"};
    it.pauses = &running;
    fg_deadline_status_at(&it, T0 + 30 * H, &s);
    assert_true(s.paused);
    assert_false(s.overdue);
    assert_false(s.escalation_due);
    assert_int_equal(s.next_escalation_at, 0);
    assert_int_equal(s.due_at, T0 + 31 * H);
    /* A pause after the deadline changes nothing. */
    it.pauses = p;
    it.n_pauses = 2;
    fg_deadline_status_at(&it, T0 + 6 * H, &s);
    assert_false(s.paused);
    assert_true(s.overdue);
    assert_int_equal(s.due_at, T0 + 2 * H + H / 2);
}

static void escalations_climb_one_rung_each_period(void **state)
{
    (void)state;
    fg_deadline_item it = {&STEP, T0, 0, 0, NULL, 0, 330106, 1, T0 + 2 * H, NULL};
    fg_deadline_status s;
    fg_deadline_status_at(&it, T0 + 3 * H, &s);
    assert_int_equal(s.holder, 330100);
    assert_int_equal(s.escalate_to, 330000);
    assert_true(s.overdue);
    assert_false(s.escalation_due);
    assert_int_equal(s.next_escalation_at, T0 + 6 * H);
    fg_deadline_status_at(&it, T0 + 6 * H, &s);
    assert_true(s.escalation_due);
    it.escalations = 3;
    it.escalated_at = T0 + 14 * H;
    fg_deadline_status_at(&it, T0 + 40 * H, &s);
    assert_int_equal(s.holder, 0);
    assert_int_equal(s.escalate_to, -1);
    assert_true(s.overdue);
    assert_false(s.escalation_due);
    assert_int_equal(s.next_escalation_at, 0);
}

static void coordination_goes_to_the_province_then_the_nation(void **state)
{
    (void)state;
    const fg_deadline_kind *k = fg_deadline_kind_find("coordination");
    fg_deadline_item it = {k, T0, 0, 0, NULL, 0, 310115, 0, 0, NULL};
    fg_deadline_status s;
    fg_deadline_status_at(&it, T0 + 24 * H, &s);
    assert_true(s.escalation_due);
    assert_int_equal(s.escalate_to, 310000);
    it.escalations = 1;
    it.escalated_at = T0 + 24 * H;
    fg_deadline_status_at(&it, T0 + 47 * H, &s);
    assert_false(s.escalation_due);
    fg_deadline_status_at(&it, T0 + 48 * H, &s);
    assert_true(s.escalation_due);
    assert_int_equal(s.holder, 310000);
    assert_int_equal(s.escalate_to, 0);
}

/* ---- working-day clocks (issue 13, part "problems") ---- */

static const fg_deadline_kind WORKING = {"test.working", 24 * H,         72 * H,
                                         24 * H,         FG_LADDER_STEP, true};
/* National Day 2026: 1–7 October off, Saturday 10 October worked. */
static const int32_t DAYS[] = {20261001, 20261002, 20261003, 20261004,
                               20261005, 20261006, 20261007, 20261010};
static const bool WORKS[] = {false, false, false, false, false, false, false, true};
static const fg_deadline_calendar CAL = {8 * H, DAYS, WORKS, 8};

/* Unix ms of a local (UTC+8) time on a day. */
static int64_t local(int32_t date, int hour)
{
    return fg_date_days(date) * 24 * H - 8 * H + hour * H;
}

static void working_days_are_weekdays_but_holidays_plus_working_weekends(void **state)
{
    (void)state;
    assert_true(fg_deadline_working_day(&CAL, 20261207));  /* Monday */
    assert_false(fg_deadline_working_day(&CAL, 20261205)); /* Saturday */
    assert_false(fg_deadline_working_day(&CAL, 20261206)); /* Sunday */
    assert_false(fg_deadline_working_day(&CAL, 20261001)); /* Thursday, a holiday */
    assert_true(fg_deadline_working_day(&CAL, 20261010));  /* Saturday, worked */
    assert_false(fg_deadline_working_day(NULL, 20261010)); /* no calendar: weekends only */
    assert_true(fg_deadline_working_day(NULL, 20261001));
}

static void working_day_clocks_skip_weekends_and_holidays(void **state)
{
    (void)state;
    /* Friday 15:00: 9 hours on Friday, the weekend skipped, 15 on Monday. */
    fg_deadline_item it = {&WORKING, local(20261204, 15), 0, 0, NULL, 0, 330106, 0, 0, &CAL};
    fg_deadline_status s;
    fg_deadline_status_at(&it, local(20261204, 16), &s);
    assert_int_equal(s.clock, FG_CLOCK_FIRST_ANSWER);
    assert_int_equal(s.due_at, local(20261207, 15));
    fg_deadline_status_at(&it, local(20261206, 23), &s);
    assert_false(s.overdue);
    fg_deadline_status_at(&it, local(20261207, 15), &s);
    assert_true(s.overdue);
    assert_true(s.escalation_due);
    /* Wednesday 30 September 10:00: 14 hours, the holiday, then Thursday 8
     * October to 10:00; three working days run into the worked Saturday. */
    it.started_at = local(20260930, 10);
    fg_deadline_status_at(&it, local(20260930, 11), &s);
    assert_int_equal(s.due_at, local(20261008, 10));
    it.answered_at = local(20260930, 12);
    fg_deadline_status_at(&it, local(20260930, 13), &s);
    assert_int_equal(s.clock, FG_CLOCK_CLOSURE);
    assert_int_equal(s.due_at, local(20261010, 10));
    /* Around the clock the same start is due a day later. */
    it.kind = &STEP;
    it.answered_at = 0;
    fg_deadline_status_at(&it, local(20260930, 11), &s);
    assert_int_equal(s.due_at, local(20260930, 12));
}

static void pauses_on_working_days_and_before_the_start(void **state)
{
    (void)state;
    /* Monday from midnight; paused Monday noon to Tuesday noon: 12 hours
     * Monday, 12 Tuesday afternoon: due at Wednesday midnight. */
    fg_deadline_pause p[2] = {{local(20261130, 9), local(20261130, 10), "before a reopening"},
                              {local(20261207, 12), local(20261208, 12), "asked the raiser"}};
    fg_deadline_item it = {&WORKING, local(20261207, 0), 0, 0, p, 2, 330106, 0, 0, &CAL};
    fg_deadline_status s;
    fg_deadline_status_at(&it, local(20261208, 13), &s);
    assert_false(s.paused);
    assert_int_equal(s.due_at, local(20261209, 0));
    /* While the pause runs the deadline moves on with the clock. */
    fg_deadline_pause running = {local(20261207, 12), 0, "asked the raiser"};
    it.pauses = &running;
    it.n_pauses = 1;
    fg_deadline_status_at(&it, local(20261208, 12), &s);
    assert_true(s.paused);
    assert_false(s.overdue);
    assert_int_equal(s.next_escalation_at, 0);
    assert_int_equal(s.due_at, local(20261209, 0));
    /* Paused to Friday 20:00: 4 of the 12 hours left fall on Friday, the
     * weekend is skipped, 8 on Monday. */
    fg_deadline_status_at(&it, local(20261211, 20), &s);
    assert_int_equal(s.due_at, local(20261214, 8));
}

static void calendar_days_are_checked(void **state)
{
    (void)state;
    fg_err err;
    assert_int_equal(fg_deadline_calendar_check(20270101, false, "元旦", &err), 0);
    assert_int_equal(fg_deadline_calendar_check(20270109, true, "调休", &err), 0); /* Saturday */
    assert_int_equal(fg_deadline_calendar_check(20270110, true, "调休", &err), 0); /* Sunday */
    assert_int_equal(fg_deadline_calendar_check(20270104, true, "调休", &err), FG_EINVAL);
    assert_string_equal(err.key, "calendar.workday_weekday");
    assert_int_equal(fg_deadline_calendar_check(20270230, false, "x", &err), FG_EINVAL);
    assert_string_equal(err.key, "calendar.day");
    assert_int_equal(fg_deadline_calendar_check(20270101, false, "", &err), FG_EINVAL);
    assert_string_equal(err.key, "calendar.name");
    assert_int_equal(fg_deadline_calendar_check(20270101, false,
                                                "一二三四五六七八九十一二三四五六七八九十"
                                                "一二三四五六七八九十一二三四五六七八九十一",
                                                &err),
                     FG_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kinds_are_data_found_by_name),
        cmocka_unit_test(ladders_climb_to_the_nation),
        cmocka_unit_test(first_answer_then_closure),
        cmocka_unit_test(pauses_move_the_deadline),
        cmocka_unit_test(escalations_climb_one_rung_each_period),
        cmocka_unit_test(coordination_goes_to_the_province_then_the_nation),
        cmocka_unit_test(working_days_are_weekdays_but_holidays_plus_working_weekends),
        cmocka_unit_test(working_day_clocks_skip_weekends_and_holidays),
        cmocka_unit_test(pauses_on_working_days_and_before_the_start),
        cmocka_unit_test(calendar_days_are_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
