/* Shared includes of the unit tests (cmocka). */
#ifndef FG_TEST_H
#define FG_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#endif
