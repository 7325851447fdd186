/* fg_buf and fg_arena invariants. */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(buffer_stays_terminated_and_capped),
        cmocka_unit_test(arena_frees_everything_and_runs_cleanups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
