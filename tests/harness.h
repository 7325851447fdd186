/* What the database-backed suites (tests/store, tests/app) share: the
 * database they run on and the thread's connection to it. The driver is
 * chosen by FG_TEST_DB (a SQLite path or a postgresql:// URL); by default a
 * fresh SQLite file under FG_TEST_TMP named after the suite. */
#ifndef FG_TESTS_HARNESS_H
#define FG_TESTS_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store.h"

/* Writes the suite's DSN into out (a fresh SQLite file unless FG_TEST_DB). */
static inline void fg_test_dsn(const char *suite, char *out, size_t n)
{
    const char *env = getenv("FG_TEST_DB");
    if (env && *env) {
        snprintf(out, n, "%s", env);
        return;
    }
    const char *tmp = getenv("FG_TEST_TMP");
    tmp = tmp ? tmp : "/tmp";
    mkdir(tmp, 0700);
    snprintf(out, n, "%s/%s-%d.db", tmp, suite, (int)getpid());
    unlink(out);
}

/* Removes the suite's SQLite file (nothing for FG_TEST_DB). */
static inline void fg_test_dsn_remove(const char *dsn)
{
    if (!getenv("FG_TEST_DB"))
        unlink(dsn);
}

/* The calling thread's connection to `s`, or the test fails. */
static inline fg_db *fg_test_conn(fg_store *s)
{
    fg_db *db;
    fg_err err;
    if (fg_store_conn(s, &db, &err))
        fail_msg("connection: %s", err.msg);
    return db;
}

#endif
