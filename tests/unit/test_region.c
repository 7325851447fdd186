/* Region codes: parsing, levels, parents, containment. */
#include "test.h"

#include "core/region.h"

static void parses_six_digits_only(void **state)
{
    (void)state;
    int32_t c;
    fg_err err;
    assert_int_equal(fg_region_parse("330106", "region", &c, &err), 0);
    assert_int_equal(c, 330106);
    assert_int_equal(fg_region_parse("000000", "region", &c, &err), 0);
    assert_int_equal(c, 0);
    assert_int_equal(fg_region_parse("33010", "region", &c, &err), FG_EINVAL);
    assert_int_equal(fg_region_parse("3301066", "region", &c, &err), FG_EINVAL);
    assert_int_equal(fg_region_parse("33010a", "region", &c, &err), FG_EINVAL);
    assert_int_equal(fg_region_parse("-33010", "region", &c, &err), FG_EINVAL);
    assert_string_equal(err.field, "region");
}

static void levels_follow_the_code(void **state)
{
    (void)state;
    assert_int_equal(fg_region_level_of(0), FG_LEVEL_NATION);
    assert_int_equal(fg_region_level_of(330000), FG_LEVEL_PROVINCE);
    assert_int_equal(fg_region_level_of(330100), FG_LEVEL_CITY);
    assert_int_equal(fg_region_level_of(330106), FG_LEVEL_COUNTY);
    assert_int_equal(fg_region_level_of(429004), FG_LEVEL_COUNTY);
    assert_string_equal(fg_region_level_name(FG_LEVEL_CITY), "city");
}

static void parents_walk_up_to_the_nation(void **state)
{
    (void)state;
    assert_int_equal(fg_region_parent(330106), 330100);
    assert_int_equal(fg_region_parent(330100), 330000);
    assert_int_equal(fg_region_parent(330000), 0);
    assert_int_equal(fg_region_parent(0), -1);
    /* County-level city directly under a province: its "city" is 429000. */
    assert_int_equal(fg_region_parent(429004), 429000);
}

static void containment_is_inclusive_and_strict_across_provinces(void **state)
{
    (void)state;
    assert_true(fg_region_contains(330000, 330106));
    assert_true(fg_region_contains(330100, 330106));
    assert_true(fg_region_contains(330106, 330106));
    assert_true(fg_region_contains(0, 330106));
    assert_false(fg_region_contains(330106, 330100));
    assert_false(fg_region_contains(320000, 330106));
    assert_false(fg_region_contains(330200, 330106));
    assert_false(fg_region_contains(-1, 330106));
    int32_t lo, hi;
    fg_region_range(330100, &lo, &hi);
    assert_int_equal(lo, 330100);
    assert_int_equal(hi, 330199);
    fg_region_range(0, &lo, &hi);
    assert_int_equal(hi, 999999);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_six_digits_only),
        cmocka_unit_test(levels_follow_the_code),
        cmocka_unit_test(parents_walk_up_to_the_nation),
        cmocka_unit_test(containment_is_inclusive_and_strict_across_provinces),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
