/* FG_ASSERT, FG_ALWAYS and FG_NEVER: in debug builds a broken condition aborts
 * naming the file, line and expression; in release builds (NDEBUG) FG_ALWAYS
 * and FG_NEVER are the condition itself, so the defensive branch stays. The
 * header is included twice, once per setting, as <assert.h> allows. */
#include "test.h"

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#undef NDEBUG
#include "util/assert.h"

/* The line of the last macro each of these ran (set in the same statement). */
static int where;

static int debug_always(int x)
{
    return where = __LINE__, FG_ALWAYS(x);
}
static int debug_never(int x)
{
    return where = __LINE__, FG_NEVER(x);
}
static void debug_assert(int x)
{
    where = __LINE__, FG_ASSERT(x > 0);
}

#define NDEBUG 1
#include "util/assert.h"

static int release_always(int x)
{
    return FG_ALWAYS(x);
}
static int release_never(int x)
{
    return FG_NEVER(x);
}
static int release_assert_evaluates_nothing(void)
{
    int calls = 0;
    FG_ASSERT(++calls > 0);
    return calls;
}

/* Runs fn(good) here, which passes and tells the line of fn's macro, then
 * fn(bad) in a child; true when the child died of SIGABRT after writing to
 * stderr "<this file>:<that line>: assertion failed: <expr>". */
static bool aborts_saying(void (*fn)(int), int good, int bad, const char *expr)
{
    fn(good);
    char want[256];
    snprintf(want, sizeof(want), "%s:%d: assertion failed: %s\n", __FILE__, where, expr);
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        dup2(fds[1], 2);
        fn(bad);
        _exit(0);
    }
    close(fds[1]);
    char text[512];
    size_t len = 0;
    ssize_t n;
    while (len < sizeof(text) - 1 && (n = read(fds[0], text + len, sizeof(text) - 1 - len)) > 0)
        len += (size_t)n;
    text[len] = '\0';
    close(fds[0]);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT && strstr(text, want) != NULL;
}

static void call_always(int x)
{
    (void)debug_always(x);
}
static void call_never(int x)
{
    (void)debug_never(x);
}

static void debug_always_and_never_return_the_condition_when_it_holds(void **state)
{
    (void)state;
    assert_int_equal(debug_always(1), 1);
    assert_int_equal(debug_always(42), 1);
    assert_int_equal(debug_never(0), 0);
    debug_assert(1);
}

static void debug_failures_abort_naming_file_line_and_expression(void **state)
{
    (void)state;
    assert_true(aborts_saying(debug_assert, 1, 0, "x > 0"));
    assert_true(aborts_saying(call_always, 1, 0, "x"));
    assert_true(aborts_saying(call_never, 0, 7, "!(x)"));
}

static void release_always_and_never_are_the_condition(void **state)
{
    (void)state;
    assert_int_equal(release_always(1), 1);
    assert_int_equal(release_always(42), 1);
    assert_int_equal(release_always(0), 0);
    assert_int_equal(release_never(0), 0);
    assert_int_equal(release_never(-3), 1);
}

static void release_assert_does_not_evaluate_its_expression(void **state)
{
    (void)state;
    assert_int_equal(release_assert_evaluates_nothing(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(debug_always_and_never_return_the_condition_when_it_holds),
        cmocka_unit_test(debug_failures_abort_naming_file_line_and_expression),
        cmocka_unit_test(release_always_and_never_are_the_condition),
        cmocka_unit_test(release_assert_does_not_evaluate_its_expression),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
