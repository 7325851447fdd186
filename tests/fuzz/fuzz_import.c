/* libFuzzer target for the enterprise CSV import (src/store/importer.c, the
 * reader behind POST /api/v1/enterprises/import and `fugong import`): the
 * input is a whole file, read by fg_store_import_csv against a SQLite
 * database holding the migrations' reference data (industries) and a few
 * regions, with the same header spellings, words and checks. Every row that
 * passes them is then refused by the caller's row check (as an account's
 * jurisdiction refuses it), so nothing is ever written and each run sees the
 * same database. The database lives in $TMPDIR (or /tmp) for the run.
 * Built by CMake with FG_FUZZ=ON and run by scripts/fuzz.sh. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "store/enterprises.h"
#include "store/regions.h"
#include "store/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NOW_MS 1795730548316LL /* 2026-11-26 */

static fg_store *store;
static fg_db *db;
static char path[512];

static void remove_db(void)
{
    fg_store_free(store);
    unlink(path);
    char side[600];
    snprintf(side, sizeof(side), "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof(side), "%s-shm", path);
    unlink(side);
}

static void setup(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(path, sizeof(path), "%s/fuzz_import-%d.db", tmp && *tmp ? tmp : "/tmp", (int)getpid());
    unlink(path);
    fg_err err;
    int applied;
    if (fg_store_open(path, &store, &err) || fg_store_conn(store, &db, &err) ||
        fg_store_migrate(db, NOW_MS, &applied, &err)) {
        fprintf(stderr, "fuzz_import: %s: %s\n", path, err.msg);
        abort();
    }
    atexit(remove_db);
    json_t *rows = json_pack("[{s:i,s:s,s:i},{s:i,s:s,s:i},{s:i,s:s,s:i},{s:i,s:s,s:i}]", "code",
                             330000, "name", "浙江省", "parent", 0, "code", 330100, "name",
                             "杭州市", "parent", 330000, "code", 330106, "name", "西湖区", "parent",
                             330100, "code", 330102, "name", "上城区", "parent", 330100);
    int n;
    if (fg_store_region_import(db, rows, NOW_MS, "fuzz", &n, &err)) {
        fprintf(stderr, "fuzz_import: regions: %s\n", err.msg);
        abort();
    }
    json_decref(rows);
}

/* Every row that passed the importer's checks: refused, so nothing is written. */
static int refuse_row(void *ctx, const fg_enterprise *e, fg_err *err)
{
    (*(long *)ctx)++;
    if (e->uscc[FG_USCC_LEN] != '\0' || e->region < 0 || e->region > 999999)
        abort(); /* a row that passed holds what it may not */
    return fg_err_at(err, FG_EPERM, "region", "access.jurisdiction", "outside the jurisdiction");
}

static void bad_line(void *ctx, size_t line, const fg_err *why)
{
    (void)ctx;
    if (line == 0 || !why->msg[0])
        abort(); /* a refused line without its number or reason */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!store)
        setup();
    long passed = 0;
    fg_csv_import opt = {false, "fuzz", NOW_MS, refuse_row, bad_line, NULL, &passed};
    fg_csv_report rep;
    fg_err err;
    int rc = fg_store_import_csv(db, (const char *)data, size, &opt, &rep, &err);
    if (rc == 0 && rep.imported > 0)
        abort(); /* every row was refused, yet some were imported */
    return 0;
}
