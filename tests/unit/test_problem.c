/* The problem ledger's transitions: who may take which step in which state,
 * pauses and ratings, the lead; names parse both ways. */
#include "test.h"

#include "core/problem.h"

#define D(x) (1u << FG_ROLE_##x)

static fg_problem_facts raised(unsigned deps)
{
    return (fg_problem_facts){FG_PROBLEM_RAISED, false, false, deps, -1};
}

static void names_parse_both_ways(void **state)
{
    (void)state;
    for (int i = 0; i < FG_PROBLEM_ACTION_COUNT; i++) {
        fg_problem_action a;
        assert_int_equal(fg_problem_action_parse(fg_problem_action_name(i), &a, NULL), 0);
        assert_int_equal(a, i);
    }
    for (int i = 0; i < FG_PROBLEM_STATE_COUNT; i++) {
        fg_problem_state s;
        assert_int_equal(fg_problem_state_parse(fg_problem_state_name(i), &s, NULL), 0);
        assert_int_equal(s, i);
    }
    fg_err err;
    fg_problem_source src;
    assert_int_equal(fg_problem_source_parse("operator", &src, NULL), 0);
    assert_int_equal(src, FG_PSOURCE_OPERATOR);
    assert_int_equal(fg_problem_source_parse("driver", &src, &err), FG_EINVAL);
    fg_problem_action a;
    assert_int_equal(fg_problem_action_parse("销号", &a, &err), FG_EINVAL);
    assert_string_equal(err.key, "problem.action");
}

static void departments_take_and_lead(void **state)
{
    (void)state;
    fg_err err;
    fg_problem_state next;
    fg_problem_facts f = raised(D(INDUSTRY_AUTHORITY));
    /* A department the problem is not with may not take it; the joint
     * mechanism may. */
    assert_int_equal(fg_problem_step(&f, FG_PROBLEM_TAKE, FG_PSIDE_HANDLER,
                                     FG_ROLE_HEALTH_AUTHORITY, &next, &err),
                     FG_EPERM);
    assert_string_equal(err.key, "problem.not_with_department");
    assert_int_equal(fg_problem_step(&f, FG_PROBLEM_TAKE, FG_PSIDE_HANDLER, FG_ROLE_JOINT_MECHANISM,
                                     &next, &err),
                     0);
    assert_int_equal(fg_problem_step(&f, FG_PROBLEM_TAKE, FG_PSIDE_HANDLER,
                                     FG_ROLE_INDUSTRY_AUTHORITY, &next, &err),
                     0);
    assert_int_equal(next, FG_PROBLEM_ASSIGNED);
    /* Assigning is the joint mechanism's. */
    assert_int_equal(fg_problem_step(&f, FG_PROBLEM_ASSIGN, FG_PSIDE_HANDLER,
                                     FG_ROLE_INDUSTRY_AUTHORITY, &next, &err),
                     FG_EPERM);
    assert_string_equal(err.key, "problem.coordinator_only");
    /* Once there is a lead, another department with the problem may not answer. */
    f = (fg_problem_facts){FG_PROBLEM_ASSIGNED, false, false,
                           D(INDUSTRY_AUTHORITY) | D(ECONOMIC_DEPARTMENT),
                           FG_ROLE_INDUSTRY_AUTHORITY};
    assert_int_equal(fg_problem_step(&f, FG_PROBLEM_ANSWER, FG_PSIDE_HANDLER,
                                     FG_ROLE_ECONOMIC_DEPARTMENT, &next, &err),
                     FG_EPERM);
    assert_string_equal(err.key, "problem.lead_only");
    assert_int_equal(fg_problem_step(&f, FG_PROBLEM_ANSWER, FG_PSIDE_HANDLER,
                                     FG_ROLE_INDUSTRY_AUTHORITY, &next, &err),
                     0);
    assert_int_equal(next, FG_PROBLEM_ANSWERED);
    /* Taking is for a problem nobody has yet. */
    assert_int_equal(fg_problem_step(&f, FG_PROBLEM_TAKE, FG_PSIDE_HANDLER,
                                     FG_ROLE_INDUSTRY_AUTHORITY, &next, &err),
                     FG_ECONFLICT);
    /* The raiser's steps are not the department's, and the other way round. */
    assert_int_equal(fg_problem_step(&f, FG_PROBLEM_CLOSE, FG_PSIDE_HANDLER,
                                     FG_ROLE_INDUSTRY_AUTHORITY, &next, &err),
                     FG_EPERM);
    assert_string_equal(err.key, "problem.side");
    assert_int_equal(
        fg_problem_step(&f, FG_PROBLEM_ANSWER, FG_PSIDE_RAISER, FG_ROLE_ENTERPRISE, &next, &err),
        FG_EPERM);
}

static void pauses_stop_answers_until_resumed(void **state)
{
    (void)state;
    fg_err err;
    fg_problem_state next;
    fg_problem_facts f = {FG_PROBLEM_ASSIGNED, false, false, D(JOINT_MECHANISM),
                          FG_ROLE_JOINT_MECHANISM};
    assert_int_equal(fg_problem_step(&f, FG_PROBLEM_RESUME, FG_PSIDE_HANDLER,
                                     FG_ROLE_JOINT_MECHANISM, &next, &err),
                     FG_ECONFLICT);
    assert_string_equal(err.key, "problem.not_paused");
    assert_int_equal(fg_problem_step(&f, FG_PROBLEM_PAUSE, FG_PSIDE_HANDLER,
                                     FG_ROLE_JOINT_MECHANISM, &next, &err),
                     0);
    assert_int_equal(next, FG_PROBLEM_ASSIGNED);
    f.paused = true;
    assert_int_equal(fg_problem_step(&f, FG_PROBLEM_ANSWER, FG_PSIDE_HANDLER,
                                     FG_ROLE_JOINT_MECHANISM, &next, &err),
                     FG_ECONFLICT);
    assert_string_equal(err.key, "problem.paused");
    assert_int_equal(fg_problem_step(&f, FG_PROBLEM_PAUSE, FG_PSIDE_HANDLER,
                                     FG_ROLE_JOINT_MECHANISM, &next, &err),
                     FG_ECONFLICT);
    /* The raiser resumes by bringing what was asked for. */
    assert_int_equal(
        fg_problem_step(&f, FG_PROBLEM_RESUME, FG_PSIDE_RAISER, FG_ROLE_ENTERPRISE, &next, &err),
        0);
    assert_int_equal(next, FG_PROBLEM_ASSIGNED);
}

static void the_raiser_confirms_reopens_and_rates_once(void **state)
{
    (void)state;
    fg_err err;
    fg_problem_state next;
    fg_problem_facts f = {FG_PROBLEM_ASSIGNED, false, false, D(JOINT_MECHANISM),
                          FG_ROLE_JOINT_MECHANISM};
    assert_int_equal(
        fg_problem_step(&f, FG_PROBLEM_CONFIRM, FG_PSIDE_RAISER, FG_ROLE_ENTERPRISE, &next, &err),
        FG_ECONFLICT);
    assert_string_equal(err.key, "problem.not_now");
    assert_int_equal(fg_problem_step(&f, FG_PROBLEM_CLOSE, FG_PSIDE_RAISER,
                                     FG_ROLE_TRANSPORT_OPERATOR, &next, &err),
                     0);
    assert_int_equal(next, FG_PROBLEM_CLOSED);
    f.state = FG_PROBLEM_ANSWERED;
    assert_int_equal(
        fg_problem_step(&f, FG_PROBLEM_REOPEN, FG_PSIDE_RAISER, FG_ROLE_ENTERPRISE, &next, &err),
        0);
    assert_int_equal(next, FG_PROBLEM_REOPENED);
    assert_int_equal(
        fg_problem_step(&f, FG_PROBLEM_CONFIRM, FG_PSIDE_RAISER, FG_ROLE_ENTERPRISE, &next, &err),
        0);
    assert_int_equal(next, FG_PROBLEM_CLOSED);
    /* Rated only when closed, once; a rated problem is settled. */
    assert_int_equal(
        fg_problem_step(&f, FG_PROBLEM_RATE, FG_PSIDE_RAISER, FG_ROLE_ENTERPRISE, &next, &err),
        FG_ECONFLICT);
    f.state = FG_PROBLEM_CLOSED;
    assert_int_equal(
        fg_problem_step(&f, FG_PROBLEM_RATE, FG_PSIDE_RAISER, FG_ROLE_ENTERPRISE, &next, &err), 0);
    assert_int_equal(next, FG_PROBLEM_CLOSED);
    f.rated = true;
    assert_int_equal(
        fg_problem_step(&f, FG_PROBLEM_RATE, FG_PSIDE_RAISER, FG_ROLE_ENTERPRISE, &next, &err),
        FG_ECONFLICT);
    assert_int_equal(
        fg_problem_step(&f, FG_PROBLEM_REOPEN, FG_PSIDE_RAISER, FG_ROLE_ENTERPRISE, &next, &err),
        FG_ECONFLICT);
    assert_string_equal(err.key, "problem.rated");
    /* A reopened problem is taken again. */
    f = (fg_problem_facts){FG_PROBLEM_REOPENED, false, false, D(INDUSTRY_AUTHORITY),
                           FG_ROLE_INDUSTRY_AUTHORITY};
    assert_int_equal(fg_problem_step(&f, FG_PROBLEM_TAKE, FG_PSIDE_HANDLER,
                                     FG_ROLE_INDUSTRY_AUTHORITY, &next, &err),
                     0);
    assert_int_equal(next, FG_PROBLEM_ASSIGNED);
}

static void departments_and_ratings_are_checked(void **state)
{
    (void)state;
    fg_err err;
    assert_int_equal(fg_problem_check_department(FG_ROLE_HEALTH_AUTHORITY, &err), 0);
    assert_int_equal(fg_problem_check_department(FG_ROLE_AUDITOR, &err), FG_EINVAL);
    assert_int_equal(fg_problem_check_department(FG_ROLE_NATIONAL_COORDINATOR, &err), FG_EINVAL);
    assert_int_equal(fg_problem_check_rating(0, &err), FG_EINVAL);
    assert_int_equal(fg_problem_check_rating(1, &err), 0);
    assert_int_equal(fg_problem_check_rating(5, &err), 0);
    assert_int_equal(fg_problem_check_rating(6, &err), FG_EINVAL);
    assert_true(fg_problem_state_open(FG_PROBLEM_REOPENED));
    assert_false(fg_problem_state_open(FG_PROBLEM_ANSWERED));
    assert_int_equal(fg_problem_action_side(FG_PROBLEM_RATE), FG_PSIDE_RAISER);
    assert_int_equal(fg_problem_action_side(FG_PROBLEM_ADD_DEPT), FG_PSIDE_HANDLER);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_parse_both_ways),
        cmocka_unit_test(departments_take_and_lead),
        cmocka_unit_test(pauses_stop_answers_until_resumed),
        cmocka_unit_test(the_raiser_confirms_reopens_and_rates_once),
        cmocka_unit_test(departments_and_ratings_are_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
