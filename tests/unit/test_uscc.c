/* USCC (GB 32100-2015) validation. */
#include "test.h"

#include "core/uscc.h"

static void accepts_published_code(void **state)
{
    (void)state;
    fg_err err;
    assert_int_equal(fg_uscc_validate("91350100M000100Y43", &err), 0);
    assert_int_equal(fg_uscc_check_char("91350100M000100Y4"), '3');
}

static void refuses_wrong_length_and_says_so(void **state)
{
    (void)state;
    fg_err err;
    fg_err_init(&err);
    assert_int_equal(fg_uscc_validate("91350100M000100Y4", &err), FG_EINVAL);
    assert_non_null(strstr(err.msg, "18 characters"));
    assert_string_equal(err.field, "uscc");
    assert_int_equal(fg_uscc_validate("", &err), FG_EINVAL);
    assert_int_equal(fg_uscc_validate("91350100M000100Y431", &err), FG_EINVAL);
}

static void refuses_letters_outside_the_alphabet(void **state)
{
    (void)state;
    fg_err err;
    fg_err_init(&err);
    /* I, O, S, V, Z are never used. */
    assert_int_equal(fg_uscc_validate("91350100M0001I0Y43", &err), FG_EINVAL);
    assert_non_null(strstr(err.msg, "character 14"));
    assert_int_equal(fg_uscc_validate("91350100m000100Y43", &err), FG_EINVAL);
    assert_non_null(strstr(err.msg, "lower-case"));
    assert_int_equal(fg_uscc_validate("91350100M000100Y4\xff", &err), FG_EINVAL);
    assert_int_equal(fg_uscc_check_char("91350100M0001O0Y4"), '\0');
}

static void refuses_bad_check_character_naming_the_expected_one(void **state)
{
    (void)state;
    fg_err err;
    fg_err_init(&err);
    assert_int_equal(fg_uscc_validate("91350100M000100Y44", &err), FG_EINVAL);
    assert_non_null(strstr(err.msg, "expected '3'"));
    /* The browser says it from the key and its parameters. */
    assert_string_equal(err.key, "uscc.check");
    assert_string_equal(fg_err_param_get(&err, "want"), "3");
    assert_string_equal(fg_err_param_get(&err, "got"), "4");
}

static void every_single_character_change_is_caught(void **state)
{
    (void)state;
    static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    char code[] = "91350100M000100Y43";
    for (int pos = 0; pos < 17; pos++) {
        char orig = code[pos];
        for (const char *a = alphabet; *a; a++) {
            if (*a == orig)
                continue;
            code[pos] = *a;
            assert_int_equal(fg_uscc_validate(code, NULL), FG_EINVAL);
        }
        code[pos] = orig;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accepts_published_code),
        cmocka_unit_test(refuses_wrong_length_and_says_so),
        cmocka_unit_test(refuses_letters_outside_the_alphabet),
        cmocka_unit_test(refuses_bad_check_character_naming_the_expected_one),
        cmocka_unit_test(every_single_character_change_is_caught),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
