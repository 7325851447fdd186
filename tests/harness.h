/* What the database-backed suites (tests/store, tests/app) share: the
 * database they run on and the thread's connection to it. The driver is
 * chosen by FG_TEST_DB (a SQLite path or a postgresql:// URL); by default a
 * fresh SQLite file under FG_TEST_TMP named after the suite. */
#ifndef FG_TESTS_HARNESS_H
#define FG_TESTS_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "core/uscc.h"
#include "store/audit.h"
#include "store/regions.h"
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

/* Opens the suite's store (fg_test_dsn) and migrates it at `now`; 0, or -1
 * with the reason on stderr. */
static inline int fg_test_store_open(const char *suite, char *dsn, size_t n, fg_store **store,
                                     int64_t now)
{
    fg_test_dsn(suite, dsn, n);
    fg_err err;
    int applied;
    if (fg_store_open(dsn, store, &err)) {
        fprintf(stderr, "open %s: %s\n", dsn, err.msg);
        return -1;
    }
    if (fg_store_migrate(fg_test_conn(*store), now, &applied, &err)) {
        fprintf(stderr, "migrate %s: %s\n", dsn, err.msg);
        return -1;
    }
    return 0;
}

/* Frees the store and removes the suite's SQLite file. */
static inline void fg_test_store_close(fg_store *store, const char *dsn)
{
    fg_store_free(store);
    fg_test_dsn_remove(dsn);
}

/* The regions the suites draw from: parents before children. */
static const struct {
    int32_t code;
    const char *name;
    int32_t parent;
} FG_TEST_REGIONS[] = {
    {330000, "浙江省", 0},      {330100, "杭州市", 330000}, {330102, "上城区", 330100},
    {330106, "西湖区", 330100}, {330108, "滨江区", 330100}, {330200, "宁波市", 330000},
    {330203, "海曙区", 330200}, {330400, "嘉兴市", 330000}, {330402, "南湖区", 330400},
    {320000, "江苏省", 0},      {320500, "苏州市", 320000}, {320505, "虎丘区", 320500},
    {310000, "上海市", 0},      {310100, "市辖区", 310000}, {310115, "浦东新区", 310100},
};

/* Imports those of FG_TEST_REGIONS whose codes are listed (0-terminated);
 * 0, or -1 with the reason on stderr. */
static inline int fg_test_regions(fg_db *db, int64_t now, const int32_t *codes)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < sizeof(FG_TEST_REGIONS) / sizeof(FG_TEST_REGIONS[0]); i++)
        for (const int32_t *c = codes; *c; c++)
            if (*c == FG_TEST_REGIONS[i].code)
                json_array_append_new(rows, json_pack("{s:i,s:s,s:i}", "code", (int)*c, "name",
                                                      FG_TEST_REGIONS[i].name, "parent",
                                                      (int)FG_TEST_REGIONS[i].parent));
    fg_err err;
    int n;
    int rc = fg_store_region_import(db, rows, now, "test", &n, &err);
    json_decref(rows);
    if (rc)
        fprintf(stderr, "regions: %s\n", err.msg);
    return rc ? -1 : 0;
}

/* A valid USCC of an enterprise in `region`: 91, the region, MA2, a
 * three-letter tag, the number i (000-999) and the check character. */
static inline void fg_test_uscc(char out[FG_USCC_LEN + 1], int32_t region, const char *tag, int i)
{
    char first[40]; /* room for any int: the compiler cannot know region has six digits */
    snprintf(first, sizeof(first), "91%06dMA2%.3s%03d", (int)region, tag, i % 1000);
    first[17] = '\0';
    memcpy(out, first, 17);
    out[17] = fg_uscc_check_char(first);
    out[18] = '\0';
}

/* How many audit entries the chain holds (it must verify). */
static inline int64_t fg_test_audit_count(fg_db *db)
{
    fg_audit_verdict v;
    fg_err err;
    if (fg_audit_verify(db, &v, &err))
        fail_msg("audit: %s", err.msg);
    return v.checked;
}

#endif
