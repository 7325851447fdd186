/* CSV reading: quotes, line ends, line numbers, limits. */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_plain_and_quoted_fields),
        cmocka_unit_test(empty_fields_are_kept),
        cmocka_unit_test(unterminated_quote_is_an_error_with_its_line),
        cmocka_unit_test(too_many_fields_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
