/* The coordination item workflow: each action's side, the states it is
 * taken in, the department rule; the region checks of a new request. */
#include "test.h"

#include "core/coordination.h"

static fg_coord_state step(fg_coord_state s, int dep, fg_coord_action a, fg_coord_side side,
                           fg_role role, int expect)
{
    fg_coord_state out = FG_ITEM_STATE_COUNT;
    fg_err err;
    assert_int_equal(fg_coord_step(s, dep, a, side, role, &out, &err), expect);
    return out;
}

static void raise_assign_answer_close_confirm(void **state)
{
    (void)state;
    fg_coord_state s = FG_ITEM_OPEN;
    step(s, -1, FG_COORD_CLOSE, FG_SIDE_RECEIVER, FG_ROLE_JOINT_MECHANISM, FG_ECONFLICT);
    s = step(s, -1, FG_COORD_ASSIGN, FG_SIDE_RECEIVER, FG_ROLE_JOINT_MECHANISM, 0);
    assert_int_equal(s, FG_ITEM_ASSIGNED);
    int dep = FG_ROLE_INDUSTRY_AUTHORITY;
    /* Once given to the industry authority, the health authority may not answer. */
    step(s, dep, FG_COORD_ANSWER, FG_SIDE_RECEIVER, FG_ROLE_HEALTH_AUTHORITY, FG_EPERM);
    s = step(s, dep, FG_COORD_ANSWER, FG_SIDE_RECEIVER, FG_ROLE_INDUSTRY_AUTHORITY, 0);
    assert_int_equal(s, FG_ITEM_ANSWERED);
    /* The requester cannot close; the receiver cannot confirm. */
    step(s, dep, FG_COORD_CLOSE, FG_SIDE_REQUESTER, FG_ROLE_JOINT_MECHANISM, FG_EPERM);
    s = step(s, dep, FG_COORD_CLOSE, FG_SIDE_RECEIVER, FG_ROLE_JOINT_MECHANISM, 0);
    assert_int_equal(s, FG_ITEM_CLOSED);
    step(s, dep, FG_COORD_CONFIRM, FG_SIDE_RECEIVER, FG_ROLE_JOINT_MECHANISM, FG_EPERM);
    s = step(s, dep, FG_COORD_CONFIRM, FG_SIDE_REQUESTER, FG_ROLE_INDUSTRY_AUTHORITY, 0);
    assert_int_equal(s, FG_ITEM_CONFIRMED);
    assert_false(fg_coord_state_open(s));
    step(s, dep, FG_COORD_REOPEN, FG_SIDE_REQUESTER, FG_ROLE_JOINT_MECHANISM, FG_ECONFLICT);
}

static void decline_and_reopen(void **state)
{
    (void)state;
    fg_coord_state s =
        step(FG_ITEM_OPEN, -1, FG_COORD_DECLINE, FG_SIDE_RECEIVER, FG_ROLE_JOINT_MECHANISM, 0);
    assert_int_equal(s, FG_ITEM_DECLINED);
    assert_false(fg_coord_state_open(s));
    step(s, -1, FG_COORD_ANSWER, FG_SIDE_RECEIVER, FG_ROLE_JOINT_MECHANISM, FG_ECONFLICT);
    s = step(s, -1, FG_COORD_REOPEN, FG_SIDE_REQUESTER, FG_ROLE_JOINT_MECHANISM, 0);
    assert_int_equal(s, FG_ITEM_OPEN);
    assert_true(fg_coord_state_open(s));
}

static void names_parse_back(void **state)
{
    (void)state;
    fg_err err;
    for (int i = 0; i < FG_NEED_COUNT; i++) {
        fg_coord_need n;
        assert_int_equal(fg_coord_need_parse(fg_coord_need_name((fg_coord_need)i), &n, &err), 0);
        assert_int_equal(n, i);
    }
    for (int i = 0; i < FG_COORD_ACTION_COUNT; i++) {
        fg_coord_action a;
        assert_int_equal(fg_coord_action_parse(fg_coord_action_name((fg_coord_action)i), &a, &err),
                         0);
        assert_int_equal(a, i);
    }
    fg_coord_need n;
    assert_int_equal(fg_coord_need_parse("pray", &n, &err), FG_EINVAL);
    assert_string_equal(err.field, "need");
}

static void regions_of_a_request(void **state)
{
    (void)state;
    fg_err err;
    assert_int_equal(fg_coord_check_regions(330100, 310000, 330106, &err), 0);
    assert_int_equal(fg_coord_check_regions(330100, 330106, 330106, &err), FG_EINVAL);
    assert_int_equal(fg_coord_check_regions(330100, 330000, 330106, &err), FG_EINVAL);
    assert_int_equal(fg_coord_check_regions(330100, 0, 330106, &err), FG_EINVAL);
    assert_int_equal(fg_coord_check_regions(330100, 310000, 320505, &err), FG_EINVAL);
    assert_string_equal(err.field, "customer");
    assert_int_equal(fg_coord_check_department(FG_ROLE_HEALTH_AUTHORITY, &err), 0);
    assert_int_equal(fg_coord_check_department(FG_ROLE_AUDITOR, &err), FG_EINVAL);
    assert_int_equal(fg_coord_check_department(FG_ROLE_ENTERPRISE, &err), FG_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(raise_assign_answer_close_confirm),
        cmocka_unit_test(decline_and_reopen),
        cmocka_unit_test(names_parse_back),
        cmocka_unit_test(regions_of_a_request),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
