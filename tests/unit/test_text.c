/* Visible characters: what a minimum length counts. */
#include "test.h"

#include "core/enterprise.h"
#include "core/text.h"

static void invisible_characters_alone_count_nothing(void **state)
{
    (void)state;
    assert_int_equal(fg_text_visible(""), 0);
    assert_int_equal(fg_text_visible("    "), 0);
    assert_int_equal(fg_text_visible(" \t\r\n"), 0);
    /* zero-width space, joiner and non-joiner, BOM, ideographic space */
    assert_int_equal(fg_text_visible("\u200B\u200C\u200D\uFEFF\u3000"), 0);
    /* no-break and narrow spaces, word joiner, bidi marks and isolates */
    assert_int_equal(fg_text_visible("\u00A0\u202F\u2060\u200E\u202E\u2066"), 0);
    /* Hangul filler, soft hyphen, a variation selector, a tag character */
    assert_int_equal(fg_text_visible("\u3164\u00AD\uFE0F\U000E0041"), 0);
    /* a C1 control character */
    assert_int_equal(fg_text_visible("\xC2\x85"), 0);
}

static void visible_characters_count_as_characters_not_bytes(void **state)
{
    (void)state;
    assert_int_equal(fg_text_visible("abcd"), 4);
    assert_int_equal(fg_text_visible("车间确诊"), 4);
    assert_int_equal(fg_utf8_len("车间确诊"), 4);
    assert_int_equal(strlen("车间确诊"), 12);
    assert_int_equal(fg_text_visible(" 车\u200B间 "), 2);
    assert_int_equal(fg_text_visible("\U0001F600"), 1); /* outside the BMP */
    assert_int_equal(fg_text_visible("a\u3000b"), 2);
    /* full-width letters and punctuation are visible */
    assert_int_equal(fg_text_visible("\uFF1D\uFF01"), 2);
}

static void malformed_input_is_counted_without_overrun(void **state)
{
    (void)state;
    assert_int_equal(fg_text_visible("\xE8\xBD"), 1); /* cut short */
    assert_int_equal(fg_text_visible("a\xF0"), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(invisible_characters_alone_count_nothing),
        cmocka_unit_test(visible_characters_count_as_characters_not_bytes),
        cmocka_unit_test(malformed_input_is_counted_without_overrun),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
