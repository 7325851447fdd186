/* The supply edge as data (core/supply.c) and who sees and edits an edge
 * (core/access.c's fg_access_sees_edge, fg_access_check_edge). */
#include "test.h"

#include "core/access.h"
#include "core/supply.h"

static void inputs_are_read_from_names_and_words(void **state)
{
    (void)state;
    fg_input in;
    fg_err err;
    assert_int_equal(fg_input_parse("castings", &in, &err), 0);
    assert_int_equal(in, FG_INPUT_CASTINGS);
    assert_int_equal(fg_input_parse("光刻胶", &in, &err), 0);
    assert_int_equal(in, FG_INPUT_PHOTORESIST);
    assert_int_equal(fg_input_parse("Specialty gases", &in, &err), 0);
    assert_int_equal(in, FG_INPUT_SPECIALTY_GASES);
    assert_string_equal(fg_input_name(FG_INPUT_WAFERS), "wafers");
    assert_string_equal(fg_input_word(FG_INPUT_WIRE_HARNESSES)->zh, "线束");
    assert_int_equal(fg_input_parse("unobtainium", &in, &err), FG_EINVAL);
    assert_string_equal(err.key, "chain.input_unknown");
    assert_string_equal(err.field, "input");
}

static void figures_are_bounded(void **state)
{
    (void)state;
    fg_err err;
    assert_int_equal(fg_supply_check(1, 0, &err), 0);
    assert_int_equal(fg_supply_check(100, 365, &err), 0);
    assert_int_equal(fg_supply_check(0, 3, &err), FG_EINVAL);
    assert_string_equal(err.field, "share");
    assert_int_equal(fg_supply_check(101, 3, &err), FG_EINVAL);
    assert_int_equal(fg_supply_check(50, -1, &err), FG_EINVAL);
    assert_string_equal(err.field, "stock_days");
    assert_int_equal(fg_supply_check(50, 366, &err), FG_EINVAL);
}

#define SUP "91310115MA1K000001"
#define OEM "91330106MA27XK000B"
#define OTHER "91320505MA1X000002"

static void an_enterprise_sees_only_edges_it_is_an_end_of(void **state)
{
    (void)state;
    const char *mine[] = {OEM};
    const int32_t regions[] = {330106};
    fg_principal oem = {FG_ROLE_ENTERPRISE, -1, mine, regions, 1, false};
    assert_true(fg_access_sees_edge(&oem, SUP, 310115, OEM, 330106));
    /* Its supplier's other customer: in no case, even in the same county. */
    assert_false(fg_access_sees_edge(&oem, SUP, 310115, OTHER, 320505));
    assert_false(fg_access_sees_edge(&oem, SUP, 310115, OTHER, 330106));
    fg_err err;
    assert_int_equal(fg_access_check_edge(&oem, FG_ACT_CHAIN_EDIT, SUP, 310115, OEM, 330106, &err),
                     0);
    assert_int_equal(
        fg_access_check_edge(&oem, FG_ACT_CHAIN_EDIT, SUP, 310115, OTHER, 320505, &err), FG_EPERM);
}

static void officials_see_their_jurisdiction_and_edges_crossing_it(void **state)
{
    (void)state;
    fg_principal zj = {FG_ROLE_INDUSTRY_AUTHORITY, 330000, NULL, NULL, 0, false};
    fg_principal sh = {FG_ROLE_INDUSTRY_AUTHORITY, 310000, NULL, NULL, 0, false};
    fg_principal nation = {FG_ROLE_NATIONAL_COORDINATOR, 0, NULL, NULL, 0, false};
    fg_principal checkpoint = {FG_ROLE_CHECKPOINT_OFFICER, 330106, NULL, NULL, 0, false};
    fg_principal auditor = {FG_ROLE_AUDITOR, 330000, NULL, NULL, 0, false};
    assert_true(fg_access_sees_edge(&zj, SUP, 310115, OEM, 330106));
    assert_true(fg_access_sees_edge(&sh, SUP, 310115, OEM, 330106));
    assert_false(fg_access_sees_edge(&zj, SUP, 310115, OTHER, 320505));
    assert_true(fg_access_sees_edge(&nation, SUP, 310115, OTHER, 320505));
    assert_false(fg_access_sees_edge(&checkpoint, SUP, 310115, OEM, 330106));
    /* The auditor reads but does not edit. */
    assert_true(fg_access_sees_edge(&auditor, SUP, 310115, OEM, 330106));
    fg_err err;
    assert_int_equal(
        fg_access_check_edge(&auditor, FG_ACT_CHAIN_EDIT, SUP, 310115, OEM, 330106, &err),
        FG_EPERM);
    assert_int_equal(fg_access_check_edge(&zj, FG_ACT_CHAIN_EDIT, SUP, 310115, OEM, 330106, &err),
                     0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(inputs_are_read_from_names_and_words),
        cmocka_unit_test(figures_are_bounded),
        cmocka_unit_test(an_enterprise_sees_only_edges_it_is_an_end_of),
        cmocka_unit_test(officials_see_their_jurisdiction_and_edges_crossing_it),
    };
    return cmocka_run_group_tests_name("supply", tests, NULL, NULL);
}
