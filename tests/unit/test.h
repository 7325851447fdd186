/* Shared includes of the unit tests (cmocka). */
#ifndef FG_TEST_H
#define FG_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* After setjmp.h, stdarg.h, stddef.h and stdint.h, which it needs and does not
 * include itself (kept apart so that sorting includes cannot move it up). */
#include <cmocka.h>

#endif
