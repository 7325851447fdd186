/* The problems store and use cases (issue 13, part "problems"), on either
 * driver (FG_TEST_DB), like tests/store/test_store.c: the seeded kinds and
 * calendar, owners by the nearest region, a problem raised and stepped with
 * its timeline, pauses and audit entries, a stale write refused, an alert's
 * problem opened once per key inside the caller's transaction, the list
 * overdue first, the rates and repeated problems against counts made by
 * hand, and the sweep's escalation and quiet closing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* After the four above, which it needs and does not include itself. */
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../harness.h"
#include "app/app.h"
#include "store/store.h"

static char dsn[512];
static fg_store *store;
static const int64_t T0 = 1795730548316LL; /* 2026-11-26 */
#define H (3600LL * 1000)

static char uscc[FG_USCC_LEN + 1];
static const char *ents[1] = {uscc};
static const int32_t ent_regions[1] = {330106};
static fg_principal ent_p = {FG_ROLE_ENTERPRISE, -1, ents, ent_regions, 1, false};
static fg_who ent = {"enterprise.test", FG_ROLE_ENTERPRISE, &ent_p};
static fg_principal jm_p = {FG_ROLE_JOINT_MECHANISM, 330100, NULL, NULL, 0, false};
static fg_who jm = {"joint.test", FG_ROLE_JOINT_MECHANISM, &jm_p};
static fg_principal ind_p = {FG_ROLE_INDUSTRY_AUTHORITY, 330000, NULL, NULL, 0, false};
static fg_who ind = {"industry.test", FG_ROLE_INDUSTRY_AUTHORITY, &ind_p};

static fg_db *conn(void)
{
    return fg_test_conn(store);
}

static int setup(void **state)
{
    (void)state;
    fg_err err;
    if (fg_test_store_open("problems", dsn, sizeof(dsn), &store, T0))
        return -1;
    int rc = fg_test_regions(conn(), T0,
                             (const int32_t[]){330000, 330100, 330106, 320000, 320500, 320505, 0});
    fg_test_uscc(uscc, 330106, "PRB", 1);
    fg_enterprise e;
    memset(&e, 0, sizeof(e));
    fg_strlcpy(e.uscc, uscc, sizeof(e.uscc));
    snprintf(e.name, sizeof(e.name), "%s", "诉求测试企业");
    e.region = 330106;
    memcpy(e.industry, "36", 3);
    e.headcount = 100;
    if (rc == 0)
        rc = fg_store_enterprise_create(conn(), &e, T0, "test", NULL, &err);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    fg_test_store_close(store, dsn);
    return 0;
}

static void raise_at(const char *kind, int64_t at, char id[37])
{
    fg_err err;
    fg_problem_new in = {kind, NULL, -1, NULL, NULL, NULL, "测试诉求内容"};
    assert_int_equal(fg_app_problem_raise(NULL, conn(), &ent, &in, at, id, &err), 0);
}

static void act(const fg_who *who, const char *id, fg_problem_action a, const char *text,
                int64_t at)
{
    fg_problem_row *r = malloc(sizeof(*r));
    fg_err err;
    assert_int_equal(fg_store_problem_get(conn(), id, r, &err), 0);
    fg_problem_act x = {a, -1, text, a == FG_PROBLEM_RATE ? 4 : 0};
    int rc = fg_app_problem_act(NULL, conn(), who, r, &x, at, &err);
    if (rc)
        fprintf(stderr, "act %s: %s\n", fg_problem_action_name(a), err.msg);
    assert_int_equal(rc, 0);
    fg_problem_row_release(r);
    free(r);
}

static void kinds_calendar_and_owners_by_the_nearest_region(void **state)
{
    (void)state;
    fg_err err;
    fg_problem_clocks *c = malloc(sizeof(*c));
    assert_int_equal(fg_app_problem_clocks_load(conn(), c, &err), 0);
    /* eight seeded by 015, not_running by 017 (alerts), benefit by 025 (policy objections) */
    assert_int_equal(c->n_kinds, 10);
    assert_non_null(fg_app_problem_kind(c, "not_running"));
    assert_false(fg_app_problem_kind(c, "not_running")->working_days);
    const fg_problem_kind_row *k = fg_app_problem_kind(c, "blocked_truck");
    assert_non_null(k);
    assert_int_equal(k->first_response_ms, 2 * H);
    assert_true(k->truck);
    assert_int_equal(fg_app_problem_kind(c, "other")->owner, -1);
    assert_true(fg_app_problem_kind(c, "local_rule")->working_days);
    assert_true(c->calendar.n >= 30);
    assert_false(fg_deadline_working_day(&c->calendar, 20261001));
    assert_true(fg_deadline_working_day(&c->calendar, 20261010));
    free(c);
    int owner;
    assert_int_equal(fg_store_problem_owner(conn(), "cash", 330106, &owner, &err), 0);
    assert_int_equal(owner, -1);
    assert_int_equal(fg_store_problem_owner_set(conn(), "cash", 330000, FG_ROLE_INDUSTRY_AUTHORITY,
                                                T0, "test", &err),
                     0);
    assert_int_equal(fg_store_problem_owner_set(conn(), "cash", 330106, FG_ROLE_HEALTH_AUTHORITY,
                                                T0, "test", &err),
                     0);
    assert_int_equal(fg_store_problem_owner(conn(), "cash", 330106, &owner, &err), 0);
    assert_int_equal(owner, FG_ROLE_HEALTH_AUTHORITY);
    assert_int_equal(fg_store_problem_owner(conn(), "cash", 330100, &owner, &err), 0);
    assert_int_equal(owner, FG_ROLE_INDUSTRY_AUTHORITY);
    assert_int_equal(fg_store_problem_owner(conn(), "cash", 320505, &owner, &err), 0);
    assert_int_equal(owner, -1);
    /* A raise in Xihu goes to the county's owner. */
    char id[37];
    raise_at("cash", T0, id);
    fg_problem_row *r = malloc(sizeof(*r));
    assert_int_equal(fg_store_problem_get(conn(), id, r, &err), 0);
    assert_int_equal(r->departments, 1u << FG_ROLE_HEALTH_AUTHORITY);
    fg_problem_row_release(r);
    free(r);
    assert_int_equal(fg_store_problem_owner_set(conn(), "cash", 330106, -1, T0, "test", &err), 0);
    assert_int_equal(fg_store_problem_owner(conn(), "cash", 330106, &owner, &err), 0);
    assert_int_equal(owner, FG_ROLE_INDUSTRY_AUTHORITY);
}

static int count_day(int32_t day, bool working, const char *name, void *ctx)
{
    (void)day;
    (void)working;
    (void)name;
    (*(int *)ctx)++;
    return 0;
}

/* The operator's calendar: checked, all or nothing, audited; the clocks read it. */
static void the_calendar_is_changed_whole_and_read_by_the_clocks(void **state)
{
    (void)state;
    fg_err err;
    fg_calendar_change ch[3] = {{20270101, false, false, "元旦"},
                                {20270102, false, false, "元旦"},
                                {20270104, false, true, "调休"}};
    int n = 0;
    /* 2027-01-04 is a Monday: refused, and nothing of the three written. */
    assert_int_equal(fg_app_calendar_apply(conn(), ch, 3, T0, "test", &err), FG_EINVAL);
    assert_string_equal(err.key, "calendar.workday_weekday");
    assert_int_equal(fg_store_calendar_list(conn(), 20270101, 20271231, count_day, &n, &err), 0);
    assert_int_equal(n, 0);
    ch[2].day = 20270109; /* a Saturday */
    assert_int_equal(fg_app_calendar_apply(conn(), ch, 3, T0, "test", &err), 0);
    assert_int_equal(fg_store_calendar_list(conn(), 20270101, 20271231, count_day, &n, &err), 0);
    assert_int_equal(n, 3);
    fg_problem_clocks *c = malloc(sizeof(*c));
    assert_int_equal(fg_app_problem_clocks_load(conn(), c, &err), 0);
    assert_false(fg_deadline_working_day(&c->calendar, 20270101));
    assert_true(fg_deadline_working_day(&c->calendar, 20270109));
    free(c);
    /* Twice the same day, or removing a day that is not there: refused. */
    fg_calendar_change twice[2] = {{20270301, false, false, "x"}, {20270301, true, false, ""}};
    assert_int_equal(fg_app_calendar_apply(conn(), twice, 2, T0, "test", &err), FG_EINVAL);
    assert_string_equal(err.key, "calendar.twice");
    fg_calendar_change gone[2] = {{20270102, true, false, ""}, {20270303, true, false, ""}};
    assert_int_equal(fg_app_calendar_apply(conn(), gone, 2, T0, "test", &err), FG_ENOTFOUND);
    n = 0;
    assert_int_equal(fg_store_calendar_list(conn(), 20270102, 20270102, count_day, &n, &err), 0);
    assert_int_equal(n, 1); /* the first removal was rolled back with the second */
    gone[1] = (fg_calendar_change){20270109, true, false, ""};
    assert_int_equal(fg_app_calendar_apply(conn(), gone, 2, T0, "test", &err), 0);
    n = 0;
    assert_int_equal(fg_store_calendar_list(conn(), 20270101, 20271231, count_day, &n, &err), 0);
    assert_int_equal(n, 1);
}

static void steps_write_the_timeline_pauses_and_refuse_a_stale_write(void **state)
{
    (void)state;
    fg_err err;
    char id[37];
    raise_at("supply", T0, id);
    act(&ind, id, FG_PROBLEM_TAKE, NULL, T0 + H);
    act(&ind, id, FG_PROBLEM_PAUSE, "请补充材料", T0 + 2 * H);
    act(&ent, id, FG_PROBLEM_RESUME, "已补充", T0 + 5 * H);
    act(&ind, id, FG_PROBLEM_ANSWER, "已协调", T0 + 6 * H);
    fg_problem_row *r = malloc(sizeof(*r));
    assert_int_equal(fg_store_problem_get(conn(), id, r, &err), 0);
    assert_int_equal(r->state, FG_PROBLEM_ANSWERED);
    assert_int_equal(r->lead, FG_ROLE_INDUSTRY_AUTHORITY);
    assert_int_equal(r->response_ontime, 1);
    assert_int_equal(r->resolve_ontime, 1);
    assert_int_equal(r->responded_at, T0 + H);
    assert_int_equal(r->n_pauses, 1);
    assert_int_equal(r->pauses[0].from, T0 + 2 * H);
    assert_int_equal(r->pauses[0].to, T0 + 5 * H);
    assert_string_equal(r->pauses[0].reason, "请补充材料");
    assert_int_equal(r->n_events, 5);
    assert_string_equal(r->events[0].action, "raise");
    assert_string_equal(r->events[4].action, "answer");
    assert_string_equal(r->events[4].text, "已协调");
    assert_int_equal(r->version, 5);
    /* A write from the version before is refused. */
    fg_problem_row *old = malloc(sizeof(*old));
    *old = *r;
    old->events = NULL;
    old->n_events = 0;
    old->version = 4;
    assert_int_equal(fg_store_problem_update(conn(), old, old, FG_PAUSE_KEEP, "answer", NULL, NULL,
                                             T0 + 7 * H, "test", &err),
                     FG_ECONFLICT);
    free(old);
    fg_problem_row_release(r);
    free(r);
}

static void an_alert_opens_one_problem_per_key_inside_the_callers_transaction(void **state)
{
    (void)state;
    fg_err err;
    fg_problem_alert_in in = {"listed-not-running:"
                              "91330106MA2PRB001",
                              "supply", uscc, 330106, "白名单企业连续3天产能利用率低于50%"};
    char id1[37], id2[37];
    bool opened;
    for (int i = 0; i < 2; i++) {
        fg_tx tx;
        assert_int_equal(fg_tx_begin(&tx, conn(), T0 + i * H, "system", &err), 0);
        int rc = fg_app_problem_open_by_alert(NULL, &tx, &in, i ? id2 : id1, &opened, &err);
        assert_int_equal(rc, 0);
        assert_int_equal(opened, i == 0);
        /* The caller's own write and audit entry (the alert) in the same transaction. */
        assert_int_equal(fg_tx_audit(&tx, "test.alert", "alert", in.alert_key, 330106, NULL, &err),
                         0);
        assert_int_equal(fg_tx_end(&tx, 0, &err), 0);
    }
    assert_string_equal(id1, id2);
    fg_problem_row *r = malloc(sizeof(*r));
    assert_int_equal(fg_store_problem_get(conn(), id1, r, &err), 0);
    assert_int_equal(r->source, FG_PSOURCE_ALERT);
    assert_string_equal(r->raised_by, "system");
    assert_string_equal(r->enterprise, uscc);
    fg_problem_row_release(r);
    free(r);
    /* A rolled-back transaction leaves nothing. */
    fg_problem_alert_in other = in;
    other.alert_key = "rolled-back";
    fg_tx tx;
    assert_int_equal(fg_tx_begin(&tx, conn(), T0, "system", &err), 0);
    assert_int_equal(fg_app_problem_open_by_alert(NULL, &tx, &other, id2, &opened, &err), 0);
    fg_tx_rollback(&tx);
    assert_int_equal(fg_store_problem_by_alert(conn(), "rolled-back", id2, &err), 0);
}

typedef struct rates_seen {
    fg_problem_rate total;
    int rows;
} rates_seen;

static int rate_row(const fg_problem_rate *x, void *ctx)
{
    rates_seen *s = ctx;
    s->rows++;
    s->total.total += x->total;
    s->total.response_due += x->response_due;
    s->total.response_ontime += x->response_ontime;
    s->total.resolve_due += x->resolve_due;
    s->total.resolve_ontime += x->resolve_ontime;
    s->total.rated += x->rated;
    s->total.rating_sum += x->rating_sum;
    s->total.rated_good += x->rated_good;
    return 0;
}

static int repeat_row(const fg_problem_repeat *x, void *ctx)
{
    if (strcmp(x->kind, "energy") == 0)
        *(int *)ctx = x->count;
    return 0;
}

static void rates_repeated_and_the_sweep(void **state)
{
    (void)state;
    fg_err err;
    /* A week later, in a fresh window: three energy problems. One answered
     * in time and rated 4, one left overdue (2 h... 12 h for energy), one
     * answered late. */
    const int64_t W = T0 + 7 * 24 * H;
    char a[37], b[37], c[37];
    raise_at("energy", W, a);
    raise_at("energy", W + H, b);
    raise_at("energy", W + 2 * H, c);
    act(&jm, a, FG_PROBLEM_ANSWER, "已恢复供电", W + 2 * H);
    act(&ent, a, FG_PROBLEM_CONFIRM, NULL, W + 3 * H);
    act(&ent, a, FG_PROBLEM_RATE, "好", W + 3 * H);
    act(&jm, c, FG_PROBLEM_ANSWER, "已恢复供电", W + 60 * H);
    rates_seen s = {{0}, 0};
    const int64_t now = W + 61 * H;
    assert_int_equal(
        fg_store_problem_rates(conn(), 330000, 339999, W, now, 100, false, now, rate_row, &s, &err),
        0);
    assert_int_equal(s.rows, 1); /* by city: Hangzhou */
    assert_int_equal(s.total.total, 3);
    /* Responses due: a (in time), c (late), b (never, overdue now). */
    assert_int_equal(s.total.response_due, 3);
    assert_int_equal(s.total.response_ontime, 1);
    assert_int_equal(s.total.resolve_due, 2);
    assert_int_equal(s.total.resolve_ontime, 1);
    assert_int_equal(s.total.rated, 1);
    assert_int_equal(s.total.rating_sum, 4);
    assert_int_equal(s.total.rated_good, 1);
    rates_seen d = {{0}, 0};
    assert_int_equal(
        fg_store_problem_rates(conn(), 330000, 339999, W, now, 1, true, now, rate_row, &d, &err),
        0);
    assert_int_equal(d.rows, 2); /* the joint mechanism (a, c) and nobody (b) */
    assert_int_equal(d.total.total, 3);
    int energy = 0;
    assert_int_equal(
        fg_store_problem_repeated(conn(), 330000, 339999, W, 3, repeat_row, &energy, &err), 0);
    assert_int_equal(energy, 3);
    energy = 0;
    assert_int_equal(
        fg_store_problem_repeated(conn(), 320000, 329999, W, 3, repeat_row, &energy, &err), 0);
    assert_int_equal(energy, 0);
    /* The sweep: b escalates to the city (first response 12 h), once;
     * c, answered, closes after 3 quiet days. */
    size_t escalated, closed;
    assert_int_equal(fg_app_problem_sweep(NULL, conn(), W + 14 * H, &escalated, &closed, &err), 0);
    assert_true(escalated >= 1);
    fg_problem_row *r = malloc(sizeof(*r));
    assert_int_equal(fg_store_problem_get(conn(), b, r, &err), 0);
    assert_int_equal(r->escalations, 1);
    assert_int_equal(r->holder, 330100);
    fg_problem_row_release(r);
    assert_int_equal(fg_app_problem_sweep(NULL, conn(), W + 14 * H, &escalated, &closed, &err), 0);
    assert_int_equal(fg_store_problem_get(conn(), b, r, &err), 0);
    assert_int_equal(r->escalations, 1);
    fg_problem_row_release(r);
    assert_int_equal(
        fg_app_problem_sweep(NULL, conn(), W + 60 * H + 73 * H, &escalated, &closed, &err), 0);
    assert_true(closed >= 1);
    assert_int_equal(fg_store_problem_get(conn(), c, r, &err), 0);
    assert_int_equal(r->state, FG_PROBLEM_CLOSED);
    assert_string_equal(r->closed_how, "quiet");
    assert_string_equal(r->events[r->n_events - 1].actor, "system");
    fg_problem_row_release(r);
    free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kinds_calendar_and_owners_by_the_nearest_region),
        cmocka_unit_test(steps_write_the_timeline_pauses_and_refuse_a_stale_write),
        cmocka_unit_test(an_alert_opens_one_problem_per_key_inside_the_callers_transaction),
        cmocka_unit_test(rates_repeated_and_the_sweep),
        cmocka_unit_test(the_calendar_is_changed_whole_and_read_by_the_clocks),
    };
    return cmocka_run_group_tests_name("problems store contract", tests, setup, teardown);
}
