/* fg_buf and fg_arena invariants; fg_err formatting with named parameters. */
#include "test.h"

#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"

static void buffer_stays_terminated_and_capped(void **state)
{
    (void)state;
    fg_buf b;
    fg_buf_init(&b, 16);
    assert_string_equal(b.buf, "");
    assert_int_equal(fg_buf_adds(&b, "hello"), 0);
    assert_int_equal(fg_buf_addf(&b, " %d", 42), 0);
    assert_string_equal(b.buf, "hello 42");
    assert_int_equal(b.len, 8);
    assert_int_equal(fg_buf_adds(&b, "0123456789"), FG_ETOOBIG);
    assert_string_equal(b.buf, "hello 42");
    fg_buf_reset(&b);
    assert_int_equal(fg_buf_add_json_str(&b, "a\"\n\x01"), 0);
    assert_string_equal(b.buf, "\"a\\\"\\n\\u0001\"");
    size_t n;
    char *s = fg_buf_detach(&b, &n);
    assert_int_equal(n, strlen(s));
    assert_string_equal(b.buf, "");
    free(s);
    fg_buf_release(&b);
}

static int cleaned;
static void cleanup(void *p)
{
    cleaned += *(int *)p;
}

static void arena_frees_everything_and_runs_cleanups(void **state)
{
    (void)state;
    fg_arena a;
    fg_arena_init(&a);
    int one = 1;
    for (int i = 0; i < 1000; i++)
        assert_non_null(fg_arena_alloc(&a, (size_t)i * 7));
    assert_non_null(fg_arena_alloc(&a, 100000));
    assert_string_equal(fg_arena_printf(&a, "%s-%d", "x", 7), "x-7");
    assert_string_equal(fg_arena_strndup(&a, "abcdef", 3), "abc");
    fg_arena_defer(&a, cleanup, &one);
    fg_arena_defer(&a, cleanup, &one);
    fg_arena_release(&a);
    assert_int_equal(cleaned, 2);
}

static void error_names_its_parameters(void **state)
{
    (void)state;
    fg_err err;
    fg_err_init(&err);
    assert_int_equal(fg_err_at(&err, FG_EINVAL, "id_number", "idcard.check",
                               "check character is '{got:%c}', expected '{want:%c}' (%d%%, "
                               "{n:%05ld}, {s:%.*s}) {\"en\": x}",
                               'X', '7', 42, 12L, 3, "abcdef"),
                     FG_EINVAL);
    assert_string_equal(err.msg, "check character is 'X', expected '7' (42%, 00012, abc) "
                                 "{\"en\": x}");
    assert_string_equal(err.key, "idcard.check");
    assert_string_equal(err.field, "id_number");
    assert_int_equal(err.nparams, 4);
    assert_string_equal(fg_err_param_get(&err, "got"), "X");
    assert_string_equal(fg_err_param_get(&err, "want"), "7");
    assert_string_equal(fg_err_param_get(&err, "n"), "00012");
    assert_string_equal(fg_err_param_get(&err, "s"), "abc");
    assert_null(fg_err_param_get(&err, "none"));
    /* sizes, text around a conversion inside a parameter, a width from '*' */
    fg_err_at(&err, FG_EINVAL, NULL, "x.y", "{a:line %zu} of {b:%*d}|{c:%llu}", (size_t)7, 4, 9,
              18446744073709551615ULL);
    assert_string_equal(err.msg, "line 7 of    9|18446744073709551615");
    assert_string_equal(fg_err_param_get(&err, "a"), "line 7");
    assert_string_equal(fg_err_param_get(&err, "b"), "   9");
    assert_string_equal(err.field, "");
    /* a caller says where; the key stays */
    assert_int_equal(fg_err_wrap(&err, "line", "12", "line 12: "), FG_EINVAL);
    assert_string_equal(err.msg, "line 12: line 7 of    9|18446744073709551615");
    assert_string_equal(fg_err_param_get(&err, "line"), "12");
    assert_string_equal(err.key, "x.y");
    /* no key, no parameters */
    fg_err_set(&err, FG_ENOMEM, "out of %s", "memory");
    assert_string_equal(err.key, "");
    assert_int_equal(err.nparams, 0);
    assert_string_equal(err.msg, "out of memory");
    /* a message longer than the record is cut, still terminated */
    char big[600];
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    fg_err_at(&err, FG_EINVAL, NULL, "x.y", "{v:%s}", big);
    assert_int_equal(strlen(err.msg), sizeof(err.msg) - 1);
    assert_int_equal(strlen(fg_err_param_get(&err, "v")), sizeof(err.params[0].value) - 1);
    assert_int_equal(fg_err_at(NULL, FG_EPERM, NULL, "x.y", "no record"), FG_EPERM);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(buffer_stays_terminated_and_capped),
        cmocka_unit_test(arena_frees_everything_and_runs_cleanups),
        cmocka_unit_test(error_names_its_parameters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
