/* Assertions in the manner of <assert.h> and SQLite's ALWAYS/NEVER.
 *
 * FG_ASSERT(x) aborts with file, line and the expression when x is false, in
 * debug builds (NDEBUG not defined); with NDEBUG it evaluates nothing.
 *
 * FG_ALWAYS(x) and FG_NEVER(x) mark a defensive branch that should never be
 * taken: `if (FG_NEVER(i >= n)) return FG_EINVAL;`. In debug builds they abort
 * when the condition is the unexpected one; with NDEBUG they are the condition
 * itself, so the defensive branch stays in release builds. Either way they
 * evaluate x exactly once and yield 1 or 0 (ALWAYS: x != 0, NEVER: x != 0).
 *
 * Like <assert.h>, this header may be included again after NDEBUG changes; the
 * macros then follow the new setting. FG_COUNTOF(a) is the number of elements
 * of the array a (not of a pointer). */
#ifndef FG_UTIL_ASSERT_H
#define FG_UTIL_ASSERT_H

/* Writes "<file>:<line>: assertion failed: <expr>" to stderr and aborts. */
_Noreturn void fg__assert_fail(const char *expr, const char *file, int line);

#define FG_COUNTOF(a) (sizeof(a) / sizeof((a)[0]))

#endif

#undef FG_ASSERT
#undef FG_ALWAYS
#undef FG_NEVER
#ifdef NDEBUG
#define FG_ASSERT(x) ((void)sizeof(!(x)))
#define FG_ALWAYS(x) ((x) ? 1 : 0)
#define FG_NEVER(x) ((x) ? 1 : 0)
#else
#define FG_ASSERT(x) ((x) ? (void)0 : fg__assert_fail(#x, __FILE__, __LINE__))
#define FG_ALWAYS(x) ((x) ? 1 : (fg__assert_fail(#x, __FILE__, __LINE__), 0))
#define FG_NEVER(x) ((x) ? (fg__assert_fail("!(" #x ")", __FILE__, __LINE__), 1) : 0)
#endif
