/* Assertions: FG_ASSERT states what must hold (checked unless NDEBUG);
 * FG_ALWAYS / FG_NEVER mark defensive branches (SQLite's ALWAYS / NEVER):
 * asserted in debug builds, the condition itself in release builds. */
#ifndef FG_UTIL_ASSERT_H
#define FG_UTIL_ASSERT_H

#include <assert.h>

#ifdef NDEBUG
#define FG_ASSERT(x) ((void)0)
#define FG_ALWAYS(x) (x)
#define FG_NEVER(x) (x)
#else
#define FG_ASSERT(x) assert(x)
#define FG_ALWAYS(x) ((x) ? 1 : (assert(0 && "FG_ALWAYS: " #x), 0))
#define FG_NEVER(x) ((x) ? (assert(0 && "FG_NEVER: " #x), 1) : 0)
#endif

#endif
