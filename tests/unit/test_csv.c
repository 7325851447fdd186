/* CSV reading (quotes, line ends, line numbers, limits) and writing cells
 * that open safely in a spreadsheet. */
#include "test.h"

#include "core/csv.h"

static void reads_plain_and_quoted_fields(void **state)
{
    (void)state;
    const char *in = "\xEF\xBB\xBFuscc,name\r\n1,\"a, \"\"b\"\"\"\n\n2,\"two\nlines\"\n3,last";
    fg_csv c;
    size_t line;
    fg_csv_init(&c, in, strlen(in));
    assert_int_equal(fg_csv_next(&c, &line, NULL), 1);
    assert_int_equal(line, 1);
    assert_int_equal(c.n_fields, 2);
    assert_string_equal(c.fields[0], "uscc");
    assert_int_equal(fg_csv_next(&c, &line, NULL), 1);
    assert_int_equal(line, 2);
    assert_string_equal(c.fields[1], "a, \"b\"");
    assert_int_equal(fg_csv_next(&c, &line, NULL), 1);
    assert_int_equal(line, 4);
    assert_string_equal(c.fields[1], "two\nlines");
    assert_int_equal(fg_csv_next(&c, &line, NULL), 1);
    assert_int_equal(line, 6);
    assert_string_equal(c.fields[0], "3");
    assert_string_equal(c.fields[1], "last");
    assert_int_equal(fg_csv_next(&c, &line, NULL), 0);
    fg_csv_release(&c);
}

static void empty_fields_are_kept(void **state)
{
    (void)state;
    const char *in = ",,x,\n";
    fg_csv c;
    size_t line;
    fg_csv_init(&c, in, strlen(in));
    assert_int_equal(fg_csv_next(&c, &line, NULL), 1);
    assert_int_equal(c.n_fields, 4);
    assert_string_equal(c.fields[0], "");
    assert_string_equal(c.fields[2], "x");
    assert_string_equal(c.fields[3], "");
    fg_csv_release(&c);
}

static void unterminated_quote_is_an_error_with_its_line(void **state)
{
    (void)state;
    const char *in = "a,b\n1,\"open\n";
    fg_csv c;
    size_t line;
    fg_err err;
    fg_csv_init(&c, in, strlen(in));
    assert_int_equal(fg_csv_next(&c, &line, &err), 1);
    assert_int_equal(fg_csv_next(&c, &line, &err), FG_EINVAL);
    assert_non_null(strstr(err.msg, "line 2"));
    assert_string_equal(err.key, "csv.unclosed_quote");
    assert_string_equal(fg_err_param_get(&err, "line"), "2");
    assert_int_equal(fg_csv_next(&c, &line, &err), 0);
    fg_csv_release(&c);
}

static void too_many_fields_are_refused(void **state)
{
    (void)state;
    char in[400];
    memset(in, ',', 100);
    in[100] = '\n';
    in[101] = '\0';
    fg_csv c;
    size_t line;
    fg_err err;
    fg_csv_init(&c, in, strlen(in));
    assert_int_equal(fg_csv_next(&c, &line, &err), FG_EINVAL);
    fg_csv_release(&c);
}

/* The cell as fg_csv_put_cell writes it. */
static const char *cell(fg_buf *b, const char *s, bool number)
{
    fg_buf_reset(b);
    assert_int_equal(fg_csv_put_cell(b, s, number), 0);
    return b->buf ? b->buf : "";
}

static void formula_cells_are_written_as_text(void **state)
{
    (void)state;
    fg_buf b;
    fg_buf_init(&b, 0);
    assert_string_equal(cell(&b, "=HYPERLINK(\"x\")", false), "\"'=HYPERLINK(\"\"x\"\")\"");
    assert_string_equal(cell(&b, "+1", false), "\"'+1\"");
    assert_string_equal(cell(&b, "-2+3", false), "\"'-2+3\"");
    assert_string_equal(cell(&b, "@SUM(A1)", false), "\"'@SUM(A1)\"");
    assert_string_equal(cell(&b, "\tx", false), "\"'\tx\"");
    assert_string_equal(cell(&b, "\rx", false), "\"'\rx\"");
    /* full-width = + - @, which spreadsheets in Chinese locales evaluate */
    assert_string_equal(cell(&b, "\uFF1DHYPERLINK(1)", false), "\"'\uFF1DHYPERLINK(1)\"");
    assert_string_equal(cell(&b, "\uFF0B1", false), "\"'\uFF0B1\"");
    assert_string_equal(cell(&b, "\uFF0D1", false), "\"'\uFF0D1\"");
    assert_string_equal(cell(&b, "\uFF20x", false), "\"'\uFF20x\"");
    /* text that is not a formula: as it is, quoted only when it must be */
    assert_string_equal(cell(&b, "杭州西湖食品有限公司", false), "杭州西湖食品有限公司");
    assert_string_equal(cell(&b, "a, \"b\"", false), "\"a, \"\"b\"\"\"");
    assert_string_equal(cell(&b, "x=1", false), "x=1");
    assert_string_equal(cell(&b, "", false), "");
    /* a negative figure in a text column is text too */
    assert_string_equal(cell(&b, "-5", false), "\"'-5\"");
    fg_buf_release(&b);
}

static void numbers_of_number_columns_stay_numbers(void **state)
{
    (void)state;
    fg_buf b;
    fg_buf_init(&b, 0);
    assert_string_equal(cell(&b, "-12", true), "-12");
    assert_string_equal(cell(&b, "96.3", true), "96.3");
    assert_string_equal(cell(&b, "0", true), "0");
    assert_string_equal(cell(&b, "", true), "");
    /* what is not a number in a number column is escaped as text */
    assert_string_equal(cell(&b, "-1+cmd|' /C calc'!A0", true), "\"'-1+cmd|' /C calc'!A0\"");
    assert_string_equal(cell(&b, "=1+2", true), "\"'=1+2\"");
    assert_true(fg_csv_is_number("-0.5"));
    assert_false(fg_csv_is_number("-"));
    assert_false(fg_csv_is_number("1."));
    assert_false(fg_csv_is_number("1e5"));
    assert_false(fg_csv_is_number("+1"));
    fg_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_plain_and_quoted_fields),
        cmocka_unit_test(empty_fields_are_kept),
        cmocka_unit_test(unterminated_quote_is_an_error_with_its_line),
        cmocka_unit_test(too_many_fields_are_refused),
        cmocka_unit_test(formula_cells_are_written_as_text),
        cmocka_unit_test(numbers_of_number_columns_stay_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
