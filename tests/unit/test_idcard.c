/* Identity documents: the resident ID's check character and date of birth,
 * other documents by type, and masking that always hides the middle. */
#include "test.h"

#include "core/idcard.h"

static void resident_ids_are_checked_in_full(void **state)
{
    (void)state;
    fg_err err;
    /* GB 11643-1999's own example. */
    assert_int_equal(fg_resident_id_check_char("11010519491231002"), 'X');
    assert_int_equal(fg_id_check(FG_ID_RESIDENT, "11010519491231002X", 20261201, &err), 0);
    assert_int_equal(fg_id_check(FG_ID_RESIDENT, "330106198001011235", 20261201, &err), 0);
    /* One digit off: the check character says so. */
    assert_int_equal(fg_id_check(FG_ID_RESIDENT, "330106198001011234", 20261201, &err), FG_EINVAL);
    assert_string_equal(err.field, "id_number");
    assert_non_null(strstr(err.msg, "expected '5'"));
    /* A lower-case x, a short number, letters. */
    assert_int_equal(fg_id_check(FG_ID_RESIDENT, "11010519491231002x", 20261201, &err), FG_EINVAL);
    assert_int_equal(fg_id_check(FG_ID_RESIDENT, "33010619800101123", 20261201, &err), FG_EINVAL);
    assert_int_equal(fg_id_check(FG_ID_RESIDENT, "3301061980A1011235", 20261201, &err), FG_EINVAL);
}

static char with_check(char id[19])
{
    id[17] = fg_resident_id_check_char(id);
    id[18] = '\0';
    return id[17];
}

static void the_date_of_birth_must_be_real(void **state)
{
    (void)state;
    fg_err err;
    char id[19] = "33010619800230123"; /* 30 February */
    with_check(id);
    assert_int_equal(fg_id_check(FG_ID_RESIDENT, id, 20261201, &err), FG_EINVAL);
    assert_non_null(strstr(err.msg, "date of birth"));
    char future[19] = "33010620270101123";
    with_check(future);
    assert_int_equal(fg_id_check(FG_ID_RESIDENT, future, 20261201, &err), FG_EINVAL);
    char old[19] = "33010618991231123";
    with_check(old);
    assert_int_equal(fg_id_check(FG_ID_RESIDENT, old, 20261201, &err), FG_EINVAL);
    char leap[19] = "33010620000229123"; /* 2000 was a leap year */
    with_check(leap);
    assert_int_equal(fg_id_check(FG_ID_RESIDENT, leap, 20261201, &err), 0);
}

static void other_documents_are_accepted_by_type(void **state)
{
    (void)state;
    fg_err err;
    fg_id_type t;
    assert_int_equal(fg_id_type_parse("passport", &t, &err), 0);
    assert_int_equal(t, FG_ID_PASSPORT);
    assert_int_equal(fg_id_check(t, "E12345678", 20261201, &err), 0);
    assert_int_equal(fg_id_check(t, "E12", 20261201, &err), FG_EINVAL);
    assert_int_equal(fg_id_check(t, "E1234-567", 20261201, &err), FG_EINVAL);
    assert_int_equal(fg_id_type_parse("library_card", &t, &err), FG_EINVAL);
    assert_string_equal(err.field, "id_type");
    for (int i = 0; i < FG_ID_COUNT; i++) {
        fg_id_type back;
        assert_int_equal(fg_id_type_parse(fg_id_type_name((fg_id_type)i), &back, &err), 0);
        assert_int_equal(back, i);
    }
}

static size_t stars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '*';
    return n;
}

static void masking_hides_at_least_the_middle_eight(void **state)
{
    (void)state;
    char out[24];
    fg_id_mask("330106198001011235", out);
    assert_string_equal(out, "330106********1235");
    fg_id_mask("E12345678", out);
    assert_int_equal(strlen(out), 9);
    assert_true(stars(out) >= 8);
    assert_int_equal(out[0], 'E');
    /* the outside test's case: a 10-character number hides 8 of them */
    fg_id_mask("1234567890", out);
    assert_string_equal(out, "1********0");
    assert_int_equal(stars(out), 8);
    fg_id_mask("H1234567", out);
    assert_string_equal(out, "********");
    const char *lengths[] = {"AB12345", "C12345678901", "12345678901234567890"};
    for (size_t i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
        fg_id_mask(lengths[i], out);
        assert_int_equal(strlen(out), strlen(lengths[i]));
        assert_true(stars(out) >= 8 || stars(out) == strlen(out));
        /* The middle character is always hidden. */
        assert_int_equal(out[strlen(out) / 2], '*');
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(resident_ids_are_checked_in_full),
        cmocka_unit_test(the_date_of_birth_must_be_real),
        cmocka_unit_test(other_documents_are_accepted_by_type),
        cmocka_unit_test(masking_hides_at_least_the_middle_eight),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
