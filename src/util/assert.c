/* The failure path of FG_ASSERT, FG_ALWAYS and FG_NEVER. */
#include "assert.h"

#include <stdio.h>
#include <stdlib.h>

_Noreturn void fg__assert_fail(const char *expr, const char *file, int line)
{
    fprintf(stderr, "%s:%d: assertion failed: %s\n", file, line, expr);
    fflush(stderr);
    abort();
}
