/* UUIDv7 layout and ordering. */
#include "test.h"

#include "core/uuid.h"

static void layout_has_version_and_variant(void **state)
{
    (void)state;
    unsigned char rnd[10];
    memset(rnd, 0xff, sizeof(rnd));
    char out[37];
    fg_uuid_v7(0x0123456789abLL, rnd, out);
    assert_string_equal(out, "01234567-89ab-7fff-bfff-ffffffffffff");
    assert_int_equal(fg_uuid_check(out), 0);
    memset(rnd, 0, sizeof(rnd));
    fg_uuid_v7(1, rnd, out);
    assert_string_equal(out, "00000000-0001-7000-8000-000000000000");
    assert_int_equal(fg_uuid_check("00000000-0001-4000-8000-000000000000"), FG_EINVAL);
    assert_int_equal(fg_uuid_check("not-a-uuid"), FG_EINVAL);
}

static void later_ids_sort_after_earlier_ones(void **state)
{
    (void)state;
    unsigned char hi[10], lo[10];
    memset(hi, 0xff, sizeof(hi));
    memset(lo, 0, sizeof(lo));
    char a[37], b[37];
    fg_uuid_v7(1795730548316LL, hi, a);
    fg_uuid_v7(1795730548317LL, lo, b);
    assert_true(strcmp(a, b) < 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(layout_has_version_and_variant),
        cmocka_unit_test(later_ids_sort_after_earlier_ones),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
