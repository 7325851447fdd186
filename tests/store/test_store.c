/* The store contract: every driver must pass these. The driver is chosen by
 * FG_TEST_DB (a SQLite path or, with that driver, a postgresql:// URL); by
 * default a fresh SQLite file under FG_TEST_TMP. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* After the four above, which it needs and does not include itself (kept
 * apart so that sorting includes cannot move it up). */
#include <cmocka.h>

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../harness.h"
#include "app/app.h"
#include "store/store.h"
#include "sys/clock.h"

static char dsn[512];
static fg_store *store;
static const int64_t T0 = 1795730548316LL; /* 2026-11-26 */

static fg_db *conn(void)
{
    return fg_test_conn(store);
}

static int setup(void **state)
{
    (void)state;
    if (fg_test_store_open("store", dsn, sizeof(dsn), &store, T0))
        return -1;
    return fg_test_regions(conn(), T0,
                           (const int32_t[]){330000, 330100, 330106, 320000, 320500, 320505, 0});
}

static int teardown(void **state)
{
    (void)state;
    fg_test_store_close(store, dsn);
    return 0;
}

static fg_enterprise sample(const char *uscc, int32_t region)
{
    fg_enterprise e;
    memset(&e, 0, sizeof(e));
    fg_strlcpy(e.uscc, uscc, sizeof(e.uscc));
    snprintf(e.name, sizeof(e.name), "测试企业%s", uscc + 14);
    e.region = region;
    memcpy(e.industry, "36", 3);
    e.headcount = 300;
    e.categories = FG_CAT_KEY_INDUSTRIAL;
    return e;
}

static void migrations_are_idempotent(void **state)
{
    (void)state;
    int applied = -1;
    fg_err err;
    assert_int_equal(fg_store_migrate(conn(), T0, &applied, &err), 0);
    assert_int_equal(applied, 0);
    json_t *inds;
    assert_int_equal(fg_store_industries(conn(), &inds, &err), 0);
    assert_int_equal(json_array_size(inds), 97);
    json_decref(inds);
    fg_guidance_table t;
    assert_int_equal(fg_store_guidance_current(conn(), &t, &err), 0);
    assert_int_equal(t.version, 1);
    fg_guidance_table_release(&t);
}

/* Collects the codes of a {code, name} array, comma-separated, into `out`. */
static void directory_codes(int32_t parent, char *out, size_t size)
{
    json_t *items;
    fg_err err;
    assert_int_equal(fg_store_region_directory(conn(), parent, &items, &err), 0);
    size_t i, len = 0;
    json_t *it;
    out[0] = '\0';
    json_array_foreach(items, i, it)
    {
        assert_non_null(json_string_value(json_object_get(it, "name")));
        len += (size_t)snprintf(out + len, size - len, "%s%s", i ? "," : "",
                                json_string_value(json_object_get(it, "code")));
        assert_true(len < size);
    }
    json_decref(items);
}

static void region_directory_holds_the_way_down_and_everything_inside(void **state)
{
    (void)state;
    char codes[256];
    directory_codes(330106, codes, sizeof(codes));
    assert_string_equal(codes, "330000,330100,330106");
    directory_codes(330100, codes, sizeof(codes));
    assert_string_equal(codes, "330000,330100,330106");
    directory_codes(320000, codes, sizeof(codes));
    assert_string_equal(codes, "320000,320500,320505");
    /* The country is a row of its own (全国), so it heads its directory. */
    directory_codes(0, codes, sizeof(codes));
    assert_string_equal(codes, "000000,320000,320500,320505,330000,330100,330106");
}

static void enterprise_round_trip_and_versioned_update(void **state)
{
    (void)state;
    fg_err err;
    fg_enterprise e = sample("91350100M000100Y43", 330106), got;
    fg_enterprise_meta m;
    assert_int_equal(fg_store_enterprise_create(conn(), &e, T0, "test", &m, &err), 0);
    assert_int_equal(m.version, 1);
    assert_int_equal(fg_store_enterprise_get(conn(), e.uscc, fg_clock_now_ms(), &got, &m, &err), 0);
    assert_string_equal(got.name, e.name);
    assert_int_equal(got.region, 330106);
    assert_int_equal(got.categories, FG_CAT_KEY_INDUSTRIAL);
    /* A second create of the same USCC is refused and writes nothing. */
    int64_t before = fg_test_audit_count(conn());
    assert_int_equal(fg_store_enterprise_create(conn(), &e, T0, "test", &m, &err), FG_EEXIST);
    assert_string_equal(err.key, "enterprise.exists");
    assert_string_equal(fg_err_param_get(&err, "uscc"), e.uscc);
    assert_int_equal(fg_test_audit_count(conn()), before);
    got.headcount = 250;
    assert_int_equal(fg_store_enterprise_update(conn(), &got, 1, T0 + 1, "test", &m, &err), 0);
    assert_int_equal(m.version, 2);
    /* An update from a stale read loses, with a conflict. */
    got.headcount = 1;
    assert_int_equal(fg_store_enterprise_update(conn(), &got, 1, T0 + 2, "test", &m, &err),
                     FG_ECONFLICT);
    assert_int_equal(fg_store_enterprise_get(conn(), e.uscc, fg_clock_now_ms(), &got, &m, &err), 0);
    assert_int_equal(got.headcount, 250);
    assert_int_equal(fg_test_audit_count(conn()), before + 1);
}

static void unknown_references_are_refused_without_writing(void **state)
{
    (void)state;
    fg_err err;
    fg_enterprise_meta m;
    int64_t before = fg_test_audit_count(conn());
    fg_enterprise e = sample("91330106MA27XK000B", 330199);
    fg_err_init(&err);
    assert_int_equal(fg_store_enterprise_create(conn(), &e, T0, "test", &m, &err), FG_EINVAL);
    assert_string_equal(err.field, "region");
    e = sample("91330106MA27XK000B", 330106);
    memcpy(e.industry, "98", 3);
    assert_int_equal(fg_store_enterprise_create(conn(), &e, T0, "test", &m, &err), FG_EINVAL);
    assert_string_equal(err.field, "industry");
    assert_int_equal(fg_store_enterprise_get(conn(), e.uscc, fg_clock_now_ms(), &e, &m, &err),
                     FG_ENOTFOUND);
    assert_int_equal(fg_test_audit_count(conn()), before);
}

static void list_filters_by_region_and_text(void **state)
{
    (void)state;
    fg_err err;
    fg_enterprise e = sample("91330106MA27XK001E", 320505);
    fg_enterprise_meta m;
    assert_int_equal(fg_store_enterprise_create(conn(), &e, T0, "test", &m, &err), 0);
    fg_enterprise_filter f = {
        330000, 339999, "", 0, -1, "", NULL, 0, 10, 0, 0, false, FG_STATUS_OPERATING};
    fg_enterprise_page p;
    assert_int_equal(fg_store_enterprise_list(conn(), &f, &p, &err), 0);
    assert_int_equal(p.total, 1);
    assert_string_equal(p.items[0].uscc, "91350100M000100Y43");
    fg_enterprise_page_release(&p);
    f.region_lo = 0;
    f.region_hi = 999999;
    f.q = "001E";
    assert_int_equal(fg_store_enterprise_list(conn(), &f, &p, &err), 0);
    assert_int_equal(p.total, 1);
    fg_enterprise_page_release(&p);
    f.q = "";
    f.category = FG_CAT_LIVELIHOOD_SUPPLY;
    assert_int_equal(fg_store_enterprise_list(conn(), &f, &p, &err), 0);
    assert_int_equal(p.total, 0);
    fg_enterprise_page_release(&p);
    f.category = 0;
    /* White-list membership is a listing in force (migration 008's view). */
    f.whitelist = 1;
    assert_int_equal(fg_store_enterprise_list(conn(), &f, &p, &err), 0);
    assert_int_equal(p.total, 0);
    fg_enterprise_page_release(&p);
    char list[37], id[37];
    fg_tx tx;
    assert_int_equal(fg_tx_begin(&tx, conn(), T0, "test", &err), 0);
    assert_int_equal(
        fg_store_wl_list_create(&tx, FG_CHAIN_AUTOMOTIVE, FG_WL_NATIONAL, 0, list, &err), 0);
    assert_int_equal(fg_tx_end(&tx, 0, &err), 0);
    fg_wl_list_row l;
    assert_int_equal(fg_store_wl_list_get(conn(), list, &l, &err), 0);
    fg_wl_application a = {
        "a plan long enough to pass", {10, 10, 10, 7}, {"91330106MA27XK000B"}, 1, false};
    assert_int_equal(fg_tx_begin(&tx, conn(), T0, "test", &err), 0);
    assert_int_equal(fg_store_wl_apply(&tx, &l, "91330106MA27XK001E", 330106, &a, id, &err), 0);
    assert_int_equal(fg_tx_end(&tx, 0, &err), 0);
    fg_wl_row row;
    assert_int_equal(fg_store_wl_get(conn(), id, &row, &err), 0);
    assert_int_equal(row.w.state, FG_WL_APPLIED);
    fg_wl after = row.w;
    after.state = FG_WL_LISTED;
    after.review_on = 20270101;
    fg_wl_step step = {"adjust", "test", NULL, 20261101};
    assert_int_equal(fg_tx_begin(&tx, conn(), T0, "test", &err), 0);
    assert_int_equal(fg_tx_end(&tx, fg_store_wl_update(&tx, &row, &after, &step, &err), &err), 0);
    /* The same version again is a conflict: somebody acted meanwhile. */
    assert_int_equal(fg_tx_begin(&tx, conn(), T0, "test", &err), 0);
    assert_int_equal(fg_tx_end(&tx, fg_store_wl_update(&tx, &row, &after, &step, &err), &err),
                     FG_ECONFLICT);
    fg_wl_row_release(&row);
    assert_int_equal(fg_store_enterprise_list(conn(), &f, &p, &err), 0);
    assert_int_equal(p.total, 1);
    assert_true(p.meta[0].whitelist);
    fg_enterprise_page_release(&p);
    char ids[4][37];
    size_t n;
    assert_int_equal(fg_store_wl_due(conn(), 20261231, ids, 4, &n, &err), 0);
    assert_int_equal(n, 0);
    assert_int_equal(fg_store_wl_due(conn(), 20270101, ids, 4, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(ids[0], id);
    /* A listing ended after it was listed goes on the white-list revocation
     * list (issue 12, part "cred"), as its number. */
    fg_revocations rev;
    assert_int_equal(fg_store_wl_ended(conn(), &rev, &err), 0);
    assert_int_equal(rev.n, 0);
    fg_revocations_release(&rev);
    char batch[37];
    int number;
    assert_int_equal(fg_tx_begin(&tx, conn(), T0, "test", &err), 0);
    assert_int_equal(
        fg_tx_end(&tx, fg_store_wl_batch_publish(&tx, &l, 20261102, batch, &number, &err), &err),
        0);
    const char *steps[2] = {"list", "end"};
    for (int i = 0; i < 2; i++) {
        assert_int_equal(fg_store_wl_get(conn(), id, &row, &err), 0);
        after = row.w;
        after.state = i ? FG_WL_ENDED : FG_WL_LISTED;
        fg_wl_step st = {steps[i], i ? "转产" : NULL, batch, 20261102};
        assert_int_equal(fg_tx_begin(&tx, conn(), T0 + 1000 * (i + 1), "test", &err), 0);
        assert_int_equal(fg_tx_end(&tx, fg_store_wl_update(&tx, &row, &after, &st, &err), &err), 0);
        fg_wl_row_release(&row);
    }
    assert_int_equal(fg_store_wl_ended(conn(), &rev, &err), 0);
    assert_int_equal(rev.n, 1);
    uint8_t bytes[16];
    assert_int_equal(fg_wlcred_id_parse(id, bytes, &err), 0);
    assert_true(rev.numbers[0] == fg_wlcred_number(bytes));
    assert_true(rev.issued_at == (T0 + 2000) / 1000);
    fg_revocations_release(&rev);
}

static void risk_history_is_kept_and_resolved(void **state)
{
    (void)state;
    fg_err err;
    json_t *out;
    assert_int_equal(fg_store_risk_designate(conn(), 330000, FG_RISK_MEDIUM, 20261101, "省内散发",
                                             T0, "test", &out, &err),
                     0);
    json_decref(out);
    assert_int_equal(fg_store_risk_designate(conn(), 330106, FG_RISK_HIGH, 20261120, "聚集性疫情",
                                             T0, "test", &out, &err),
                     0);
    json_decref(out);
    assert_int_equal(fg_store_risk_designate(conn(), 330199, FG_RISK_HIGH, 20261120, "x", T0,
                                             "test", &out, &err),
                     FG_ENOTFOUND);
    fg_risk_designation *d;
    size_t n;
    assert_int_equal(fg_store_risk_chain(conn(), 330106, &d, &n, &err), 0);
    assert_int_equal(n, 2);
    fg_risk_resolution r;
    fg_risk_resolve(330106, 20261110, d, n, &r);
    assert_int_equal(r.level, FG_RISK_MEDIUM);
    fg_risk_resolve(330106, 20261121, d, n, &r);
    assert_int_equal(r.level, FG_RISK_HIGH);
    free(d);
    json_t *hist;
    assert_int_equal(fg_store_risk_history(conn(), 330106, &hist, &err), 0);
    assert_int_equal(json_array_size(hist), 1);
    json_decref(hist);
}

static void accounts_sessions_and_disabling(void **state)
{
    (void)state;
    fg_err err;
    fg_account a, b;
    const char *ents[] = {"91350100M000100Y43"};
    assert_int_equal(fg_store_account_add(conn(), "clerk", "Clerk", FG_ROLE_ENTERPRISE, -1, ents, 1,
                                          false, "correct horse", T0, "test", &a, &err),
                     0);
    assert_int_equal(a.n_enterprises, 1);
    assert_int_equal(a.enterprise_regions[0], 330106);
    assert_int_equal(fg_store_account_add(conn(), "clerk", "Clerk", FG_ROLE_ENTERPRISE, -1, ents, 1,
                                          false, "correct horse", T0, "test", &a, &err),
                     FG_EEXIST);
    assert_string_equal(err.key, "account.exists");
    assert_string_equal(fg_err_param_get(&err, "username"), "clerk");
    assert_int_equal(fg_store_account_add(conn(), "short", NULL, FG_ROLE_AUDITOR, 330000, NULL, 0,
                                          false, "short", T0, "test", &a, &err),
                     FG_EINVAL);
    assert_string_equal(err.field, "password");
    assert_string_equal(err.key, "account.password_short");
    assert_string_equal(fg_err_param_get(&err, "min"), "8");
    assert_string_equal(err.msg, "password must be at least 8 characters");

    assert_int_equal(fg_store_account_login(conn(), "clerk", "wrong horse", &a, &err), FG_EAUTH);
    assert_int_equal(fg_store_account_login(conn(), "nobody", "wrong horse", &a, &err), FG_EAUTH);
    assert_int_equal(fg_store_account_login(conn(), "clerk", "correct horse", &a, &err), 0);
    char token[FG_SESSION_TOKEN_LEN + 1];
    assert_int_equal(fg_store_session_create(conn(), &a, "127.0.0.1", T0, 1000, token, &err), 0);
    assert_int_equal(strlen(token), FG_SESSION_TOKEN_LEN);
    assert_int_equal(fg_store_session_lookup(conn(), token, T0 + 10, &b, NULL, &err), 0);
    assert_string_equal(b.username, "clerk");
    assert_int_equal(fg_store_session_lookup(conn(), token, T0 + 5000, &b, NULL, &err), FG_EAUTH);
    assert_int_equal(fg_store_session_create(conn(), &a, "127.0.0.1", T0, 100000, token, &err), 0);
    assert_int_equal(fg_store_account_disable(conn(), "clerk", T0, "test", &err), 0);
    assert_int_equal(fg_store_session_lookup(conn(), token, T0 + 10, &b, NULL, &err), FG_EAUTH);
    assert_int_equal(fg_store_account_login(conn(), "clerk", "correct horse", &a, &err), FG_EAUTH);
}

static void guidance_tables_are_versioned(void **state)
{
    (void)state;
    fg_err err;
    const char *table = "{\"rules\":[{\"id\":\"all\",\"mode\":\"normal\",\"measures\":[],"
                        "\"restriction_allowed\":false,\"route\":null,\"explanation\":{\"en\":"
                        "\"x\",\"zh\":\"x\"}}]}";
    int v;
    assert_int_equal(
        fg_store_guidance_replace(conn(), table, strlen(table), "test table", T0, "test", &v, &err),
        0);
    assert_int_equal(v, 2);
    assert_int_equal(fg_store_guidance_replace(conn(), "{}", 2, "bad", T0, "test", &v, &err),
                     FG_EINVAL);
    json_t *versions;
    assert_int_equal(fg_store_guidance_versions(conn(), &versions, &err), 0);
    assert_int_equal(json_array_size(versions), 2);
    json_decref(versions);
    fg_guidance_table t;
    assert_int_equal(fg_store_guidance_current(conn(), &t, &err), 0);
    assert_int_equal(t.version, 2);
    fg_guidance_table_release(&t);
}

static void bulk_import_writes_every_row_and_its_county_entry(void **state)
{
    (void)state;
    fg_err err;
    fg_import imp;
    int64_t before = fg_test_audit_count(conn());
    /* Two full chunks of FG_AUDIT_CHUNK and a remainder. */
    enum { ROWS = 2 * FG_AUDIT_CHUNK + 44 };
    static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static char codes[ROWS][FG_USCC_LEN + 1];
    assert_int_equal(fg_import_begin(conn(), &imp, T0, "test", &err), 0);
    for (int i = 0; i < ROWS; i++) {
        snprintf(codes[i], sizeof(codes[i]), "91320505BULK00%c%c0", alphabet[i / 31],
                 alphabet[i % 31]);
        codes[i][17] = fg_uscc_check_char(codes[i]);
        codes[i][18] = '\0';
        fg_enterprise e = sample(codes[i], 320505);
        assert_int_equal(fg_import_add(&imp, &e, &err), 0);
    }
    assert_int_equal(fg_import_commit(&imp, &err), 0);
    /* One entry for the county, naming every enterprise it created. */
    assert_int_equal(fg_test_audit_count(conn()), before + 1);
    json_t *hist;
    fg_audit_filter all = {0, 999999, "import", "320505", "", "", 0, 10};
    assert_int_equal(fg_audit_list(conn(), &all, &hist, &err), 0);
    assert_int_equal(json_array_size(hist), 1);
    json_t *detail = json_object_get(json_array_get(hist, 0), "detail");
    assert_int_equal(json_integer_value(json_object_get(detail, "imported")), ROWS);
    json_t *named = json_object_get(detail, "enterprises");
    assert_int_equal(json_array_size(named), ROWS);
    for (int i = 1; i < ROWS; i++) /* in USCC order */
        assert_true(strcmp(json_string_value(json_array_get(named, (size_t)i - 1)),
                           json_string_value(json_array_get(named, (size_t)i))) < 0);
    json_decref(hist);
    for (int i = 0; i < ROWS; i += 23) {
        fg_enterprise got;
        fg_enterprise_meta m;
        assert_int_equal(
            fg_store_enterprise_get(conn(), codes[i], fg_clock_now_ms(), &got, &m, &err), 0);
        assert_int_equal(got.region, 320505);
    }
    /* An enterprise's history shows the import's entry (found by its USCC in
     * the entry of its county), and no other county's. */
    fg_audit_filter f = {0, 999999, "enterprise", codes[40], "", "", 0, 10};
    assert_int_equal(fg_audit_list(conn(), &f, &hist, &err), 0);
    assert_int_equal(json_array_size(hist), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(hist, 0), "action")),
                        "enterprise.import");
    json_decref(hist);
    fg_audit_filter elsewhere = {330000, 339999, "enterprise", codes[40], "", "", 0, 10};
    assert_int_equal(fg_audit_list(conn(), &elsewhere, &hist, &err), 0);
    assert_int_equal(json_array_size(hist), 0);
    json_decref(hist);
    fg_audit_filter never = {0, 999999, "enterprise", "91320505NOTIMP0001", "", "", 0, 10};
    assert_int_equal(fg_audit_list(conn(), &never, &hist, &err), 0);
    assert_int_equal(json_array_size(hist), 0);
    json_decref(hist);
    /* A taken USCC fails the whole import; nothing of it stays. */
    before = fg_test_audit_count(conn());
    assert_int_equal(fg_import_begin(conn(), &imp, T0, "test", &err), 0);
    fg_enterprise dup = sample(codes[5], 320505);
    assert_int_equal(fg_import_add(&imp, &dup, &err), 0);
    assert_int_equal(fg_import_commit(&imp, &err), FG_EEXIST);
    assert_non_null(strstr(err.msg, codes[5]));
    assert_int_equal(fg_test_audit_count(conn()), before);
}

/* Rows come in any order; an import abandoned half-way (its COPY open, on
 * PostgreSQL) leaves nothing, and the connection serves what comes next. */
static void an_abandoned_import_leaves_nothing(void **state)
{
    (void)state;
    fg_err err;
    fg_import imp;
    int64_t before = fg_test_audit_count(conn());
    char codes[3][FG_USCC_LEN + 1];
    assert_int_equal(fg_import_begin(conn(), &imp, T0, "test", &err), 0);
    for (int i = 0; i < 3; i++) {
        snprintf(codes[i], sizeof(codes[i]), "91320505GONE0000%c0", "CBA"[i]);
        codes[i][17] = fg_uscc_check_char(codes[i]);
        fg_enterprise e = sample(codes[i], 320505);
        assert_int_equal(fg_import_add(&imp, &e, &err), 0);
    }
    if (fg_import_streams(conn())) /* nothing else runs while the rows stream */
        assert_int_equal(fg_db_run(conn(), &err, "SELECT 1", ""), FG_EDB);
    fg_import_abort(&imp);
    assert_int_equal(fg_test_audit_count(conn()), before);
    fg_enterprise got;
    fg_enterprise_meta m;
    for (int i = 0; i < 3; i++)
        assert_int_equal(
            fg_store_enterprise_get(conn(), codes[i], fg_clock_now_ms(), &got, &m, &err),
            FG_ENOTFOUND);
    /* The same rows, in the same descending order, then go in. */
    assert_int_equal(fg_import_begin(conn(), &imp, T0, "test", &err), 0);
    for (int i = 0; i < 3; i++) {
        fg_enterprise e = sample(codes[i], 320505);
        assert_int_equal(fg_import_add(&imp, &e, &err), 0);
    }
    assert_int_equal(fg_import_commit(&imp, &err), 0);
    assert_int_equal(fg_test_audit_count(conn()), before + 1);
    for (int i = 0; i < 3; i++)
        assert_int_equal(
            fg_store_enterprise_get(conn(), codes[i], fg_clock_now_ms(), &got, &m, &err), 0);
}

typedef struct racer {
    int rc;
} racer;

static void *race_update(void *p)
{
    racer *r = p;
    fg_db *db;
    fg_err err;
    fg_enterprise e;
    fg_enterprise_meta m;
    if (fg_store_conn(store, &db, &err) ||
        fg_store_enterprise_get(db, "91350100M000100Y43", fg_clock_now_ms(), &e, &m, &err)) {
        r->rc = -100;
        return NULL;
    }
    e.headcount += 1;
    r->rc = fg_store_enterprise_update(db, &e, 2, T0 + 50, "racer", NULL, &err);
    return NULL;
}

static void concurrent_updates_never_lose_a_write(void **state)
{
    (void)state;
    pthread_t t[4];
    racer r[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, race_update, &r[i]);
    int ok = 0, conflict = 0;
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        ok += r[i].rc == 0;
        conflict += r[i].rc == FG_ECONFLICT;
    }
    assert_int_equal(ok, 1);
    assert_int_equal(conflict, 3);
}

static void orders_state_status_and_versions(void **state)
{
    (void)state;
    const int64_t H = 3600 * 1000;
    fg_err err;
    fg_order_limits lim;
    fg_order_limits_default(&lim);
    fg_enterprise e;
    fg_enterprise_meta m;
    assert_int_equal(fg_store_enterprise_get(conn(), "91350100M000100Y43", T0, &e, &m, &err), 0);
    const fg_route *route = fg_route_find("general");
    fg_order_row row;
    memset(&row, 0, sizeof(row));
    assert_int_equal(fg_order_propose(&row.o, route, e.region, FG_MEASURE_STOP, 0, T0, T0 + 48 * H,
                                      false, T0, &lim, &err),
                     0);
    fg_strlcpy(row.enterprise, e.uscc, sizeof(row.enterprise));
    fg_tx tx;
    assert_int_equal(fg_tx_begin(&tx, conn(), T0, "joint.test", &err), 0);
    assert_int_equal(
        fg_tx_end(&tx,
                  fg_store_order_insert(&tx, &row, "store test reason", "store test evidence", 0,
                                        "joint_mechanism", &err),
                  &err),
        0);
    /* Pending: still operating. */
    assert_int_equal(fg_store_enterprise_get(conn(), e.uscc, T0 + H, &e, &m, &err), 0);
    assert_int_equal(m.status, FG_STATUS_OPERATING);
    fg_order_row cur;
    assert_int_equal(fg_store_order_get(conn(), row.id, &cur, &err), 0);
    assert_int_equal(cur.version, 1);
    fg_order after = cur.o;
    assert_int_equal(fg_order_apply(&after, FG_ORDER_APPROVE, NULL, T0 + H, &lim, &err), 0);
    fg_order_change c = {0};
    c.name = "approve";
    c.actor = "joint.test";
    c.role = "joint_mechanism";
    assert_int_equal(fg_store_order_update(conn(), &cur, &after, &c, T0 + H, &err), 0);
    /* The same version again: another official already acted. */
    assert_int_equal(fg_store_order_update(conn(), &cur, &after, &c, T0 + H, &err), FG_ECONFLICT);
    fg_order_row_release(&cur);
    assert_int_equal(fg_store_enterprise_get(conn(), e.uscc, T0 + 2 * H, &e, &m, &err), 0);
    assert_int_equal(m.status, FG_STATUS_STOPPED);
    assert_int_equal(fg_store_enterprise_get(conn(), e.uscc, T0 + 48 * H, &e, &m, &err), 0);
    assert_int_equal(m.status, FG_STATUS_OPERATING);
    /* The list sees the state at the time asked for. */
    fg_order_filter f = {330000, 339999, e.uscc,     "in_force", -1, false,
                         false,  "",     T0 + 2 * H, 10,         0};
    fg_order_row *rows;
    size_t n;
    int64_t total;
    assert_int_equal(fg_store_order_list(conn(), &f, &rows, &n, &total, &err), 0);
    assert_int_equal(total, 1);
    fg_order_rows_free(rows, n);
    f.now_ms = T0 + 49 * H;
    assert_int_equal(fg_store_order_list(conn(), &f, &rows, &n, &total, &err), 0);
    assert_int_equal(total, 0);
    fg_order_rows_free(rows, n);
    f.state = "expired";
    assert_int_equal(fg_store_order_list(conn(), &f, &rows, &n, &total, &err), 0);
    assert_int_equal(total, 1);
    fg_order_rows_free(rows, n);
    /* The order is a candidate for the sweep once it has ended, and the
     * sweep writes the expiry down once. */
    char ids[4][37];
    assert_int_equal(fg_store_orders_to_settle(conn(), T0 + 47 * H, ids, 4, &n, &err), 0);
    assert_int_equal(n, 0);
    assert_int_equal(fg_store_orders_to_settle(conn(), T0 + 49 * H, ids, 4, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(ids[0], row.id);
    fg_app app;
    assert_int_equal(fg_app_init(&app, &lim, &err), 0);
    fg_sweep_report out;
    assert_int_equal(fg_app_sweep(&app, conn(), T0 + 49 * H, &out, &err), 0);
    assert_int_equal(fg_sweep_count(&out, "expired"), 1);
    assert_int_equal(fg_app_sweep(&app, conn(), T0 + 50 * H, &out, &err), 0);
    assert_int_equal(fg_sweep_count(&out, "expired"), 0);
    fg_app_release(&app);
    assert_int_equal(fg_store_order_get(conn(), row.id, &cur, &err), 0);
    assert_int_equal(cur.o.state, FG_ORDER_EXPIRED);
    assert_int_equal(cur.version, 3);
    fg_order_row_release(&cur);
    json_t *acts, *evals, *res;
    assert_int_equal(fg_store_order_timeline(conn(), row.id, &acts, &evals, &res, &err), 0);
    assert_int_equal(json_array_size(acts), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(acts, 2), "action")),
                        "expire");
    json_decref(acts);
    json_decref(evals);
    json_decref(res);
    fg_audit_verdict v;
    assert_int_equal(fg_audit_verify(conn(), &v, &err), 0);
    assert_int_equal(v.first_bad, 0);
}

/* A write that would commit without its audit entry is refused and rolled
 * back: an assertion in debug builds (checked in a child process), FG_EDB in
 * release builds. */
static void a_commit_without_an_audit_entry_is_refused(void **state)
{
    (void)state;
    fg_err err;
    fg_audit_verdict before, after;
    assert_int_equal(fg_audit_verify(conn(), &before, &err), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* The child's own connection (the parent's is not shared across fork). */
        fg_db *db;
        if (fg_db_open(dsn, &db, &err))
            _exit(3);
        fg_tx tx;
        if (fg_tx_begin(&tx, db, T0, "tester", &err))
            _exit(3);
        fg_db_run(db, &err, "UPDATE enterprises SET headcount = headcount + 1", "");
        int rc = fg_tx_end(&tx, 0, &err);
        fg_db_close(db);
        _exit(rc == FG_EDB && strstr(err.msg, "audit entry") ? 0 : 4);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
#ifdef NDEBUG
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
#else
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
#endif
    /* Nothing was written: the headcounts are as they were. */
    fg_stmt *st;
    assert_int_equal(fg_db_row(conn(), &st, &err, "SELECT COUNT(*) FROM audit_log", ""), 1);
    assert_int_equal(fg_db_int(conn(), st, 0), before.checked);
    fg_db_done(conn(), st);
    assert_int_equal(fg_audit_verify(conn(), &after, &err), 0);
    assert_int_equal(after.first_bad, 0);
    /* A log-only write says so and commits without an entry. */
    fg_tx tx;
    assert_int_equal(fg_tx_begin(&tx, conn(), T0, "tester", &err), 0);
    fg_tx_log_only(&tx, "a test of the log-only path");
    assert_int_equal(fg_tx_end(&tx, 0, &err), 0);
    /* A failed write rolls back whatever it did, entries included. */
    assert_int_equal(fg_tx_begin(&tx, conn(), T0, "tester", &err), 0);
    assert_int_equal(fg_tx_audit(&tx, "test.write", "test", "1", 0, NULL, &err), 0);
    assert_int_equal(fg_tx_end(&tx, FG_EINVAL, &err), FG_EINVAL);
    assert_int_equal(fg_audit_verify(conn(), &after, &err), 0);
    assert_int_equal(after.checked, before.checked);
}

/* The first value of the first row of `sql` (a query on `db`), copied. */
static void first_text(fg_db *db, const char *sql, char *out, size_t n)
{
    fg_err err;
    fg_stmt *st;
    assert_int_equal(fg_db_row(db, &st, &err, sql, ""), 1);
    snprintf(out, n, "%s", fg_db_text(db, st, 0));
    fg_db_done(db, st);
}

/* Whether the deep verification found `code` for `table` and `key`. */
static bool found(const fg_audit_deep *d, const char *table, const char *key, const char *code)
{
    for (size_t i = 0; i < d->n_findings; i++)
        if (!strcmp(d->findings[i].table, table) && !strcmp(d->findings[i].key, key) &&
            !strcmp(d->findings[i].code, code))
            return true;
    return false;
}

/* The audit log proves the data (issue 16): everything written so far went
 * through the store and is explained by the log; rows changed, added or
 * removed by another program (a connection of its own, as psql or the
 * sqlite3 shell would be) are each found with their table and key, and so
 * is an edit of the sealed rows themselves. */
static void deep_verify_finds_rows_written_outside(void **state)
{
    (void)state;
    fg_err err;
    fg_audit_verdict v;
    static fg_audit_deep d;
    assert_int_equal(fg_audit_verify_deep(conn(), NULL, &v, &d, &err), 0);
    assert_int_equal(v.first_bad, 0);
    assert_int_equal(d.bad_rows, 0);
    assert_true(d.rows_checked > 10);
    assert_true(d.entries_sealing > 5);

    /* A write that is a log of its own, touching an audited row, is sealed
     * by a system entry that says why. */
    char uscc[32], other[32], desig[64];
    first_text(conn(), "SELECT uscc FROM enterprises ORDER BY uscc", uscc, sizeof(uscc));
    first_text(conn(), "SELECT uscc FROM enterprises ORDER BY uscc DESC", other, sizeof(other));
    first_text(conn(), "SELECT id FROM risk_designations ORDER BY id", desig, sizeof(desig));
    fg_tx tx;
    assert_int_equal(fg_tx_begin(&tx, conn(), T0, "tester", &err), 0);
    fg_tx_log_only(&tx, "a test of sealing");
    assert_int_equal(fg_db_run(conn(), &err,
                               "UPDATE enterprises SET headcount = 301 WHERE uscc = ?", "t", other),
                     0);
    assert_int_equal(fg_tx_end(&tx, 0, &err), 0);
    char action[64];
    first_text(conn(), "SELECT action FROM audit_log ORDER BY seq DESC", action, sizeof(action));
    assert_string_equal(action, "audit.seal");
    assert_int_equal(fg_audit_verify_deep(conn(), NULL, &v, &d, &err), 0);
    assert_int_equal(v.first_bad, 0);
    assert_int_equal(d.bad_rows, 0);

    fg_db *raw;
    assert_int_equal(fg_db_open(dsn, &raw, &err), 0);
    char sql[512];
    snprintf(sql, sizeof(sql), "UPDATE enterprises SET name = 'renamed' WHERE uscc = '%s'", uscc);
    assert_int_equal(raw->ops->exec(raw, sql, &err), 0);
    snprintf(sql, sizeof(sql), "UPDATE risk_designations SET level = 'low' WHERE id = '%s'", desig);
    assert_int_equal(raw->ops->exec(raw, sql, &err), 0);
    assert_int_equal(raw->ops->exec(raw,
                                    "INSERT INTO accounts (id, username, display_name, role, "
                                    "region, password_hash, disabled, created_at) VALUES "
                                    "('forged-id', 'forged', 'x', 'national', 0, 'x', 0, 0)",
                                    &err),
                     0);
    assert_int_equal(raw->ops->exec(raw,
                                    "DELETE FROM guidance_tables WHERE version = (SELECT "
                                    "MAX(version) FROM guidance_tables)",
                                    &err),
                     0);
    assert_int_equal(fg_audit_verify_deep(conn(), NULL, &v, &d, &err), 0);
    assert_int_equal(v.first_bad, 0); /* the chain itself is whole */
    assert_int_equal(d.bad_rows, 4);
    assert_true(found(&d, "enterprises", uscc, "audit.row_changed"));
    assert_true(found(&d, "risk_designations", desig, "audit.row_changed"));
    assert_true(found(&d, "accounts", "forged-id", "audit.row_added"));
    bool gone = false;
    for (size_t i = 0; i < d.n_findings; i++)
        gone = gone || (!strcmp(d.findings[i].table, "guidance_tables") &&
                        !strcmp(d.findings[i].code, "audit.row_removed"));
    assert_true(gone);
    /* What another program wrote is never sealed by the store's next write. */
    assert_int_equal(fg_tx_begin(&tx, conn(), T0, "tester", &err), 0);
    assert_int_equal(fg_tx_audit(&tx, "test.write", "test", "2", 0, NULL, &err), 0);
    assert_int_equal(fg_tx_end(&tx, 0, &err), 0);
    assert_int_equal(fg_audit_verify_deep(conn(), NULL, &v, &d, &err), 0);
    assert_true(found(&d, "accounts", "forged-id", "audit.row_added"));
    /* Covering the tracks in the sealed rows breaks the entry that sealed
     * them. */
    snprintf(sql, sizeof(sql),
             "UPDATE audit_log SET rows = rows || 'forged' WHERE rows LIKE '%%%s%%'", uscc);
    assert_int_equal(raw->ops->exec(raw, sql, &err), 0);
    assert_int_equal(fg_audit_verify_deep(conn(), NULL, &v, &d, &err), 0);
    bool seal = false;
    for (size_t i = 0; i < d.n_findings; i++)
        seal = seal || !strcmp(d.findings[i].code, "audit.seal_changed");
    assert_true(seal);
    fg_db_close(raw);
}

/* The head of chain `chain` as stored. */
static int64_t head_of(int32_t chain)
{
    int64_t seq;
    char hash[FG_AUDIT_HASH_HEX];
    fg_err err;
    assert_int_equal(fg_audit_head_read(conn(), chain, &seq, hash, &err), 0);
    return seq;
}

/* One audited write of region `region` in a transaction of its own. */
static int write_in(fg_db *db, int32_t region, int64_t at, fg_err *err)
{
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, at, "tester", err);
    if (rc)
        return rc;
    char id[8];
    snprintf(id, sizeof(id), "%06d", (int)region);
    rc = fg_tx_audit(&tx, "test.write", "test", id, region, NULL, err);
    return fg_tx_end(&tx, rc, err);
}

static void tampering_is_found_by_verify(void **state)
{
    (void)state;
    fg_err err;
    fg_audit_verdict v;
    assert_int_equal(fg_audit_verify(conn(), &v, &err), 0);
    assert_int_equal(v.first_bad, 0);
    fg_db *db = conn();
    /* Entries of the nation's chain (0) and of Jiangsu's (320000). */
    assert_int_equal(write_in(db, 320505, T0 + 70, &err), 0);
    assert_int_equal(write_in(db, 0, T0 + 71, &err), 0);
    int64_t total = head_of(0);
    assert_true(head_of(320000) > 0);
    /* A changed head hash, and a missing head, are said so (issue 16). */
    assert_int_equal(
        db->ops->exec(db,
                      "UPDATE audit_chains SET hash = "
                      "'abababababababababababababababababababababababababababababababab' "
                      "WHERE chain = 0",
                      &err),
        0);
    assert_int_equal(fg_audit_verify(conn(), &v, &err), 0);
    assert_int_equal(v.first_bad, total);
    assert_int_equal(v.chain, 0);
    assert_non_null(strstr(v.reason, "the head was changed"));
    assert_int_equal(db->ops->exec(db, "DELETE FROM audit_chains WHERE chain = 0", &err), 0);
    assert_int_equal(fg_audit_verify(conn(), &v, &err), 0);
    assert_non_null(strstr(v.reason, "head of the national chain is missing"));
    assert_int_equal(db->ops->exec(db,
                                   "INSERT INTO audit_chains (chain, seq, hash) SELECT 0, "
                                   "chain_seq, hash FROM audit_log WHERE chain = 0 AND chain_seq = "
                                   "(SELECT MAX(chain_seq) FROM audit_log WHERE chain = 0)",
                                   &err),
                     0);
    assert_int_equal(fg_audit_verify(conn(), &v, &err), 0);
    assert_int_equal(v.first_bad, 0);
    /* A province's head gone: its entries are in no chain. */
    assert_int_equal(db->ops->exec(db, "DELETE FROM audit_chains WHERE chain = 320000", &err), 0);
    assert_int_equal(fg_audit_verify(conn(), &v, &err), 0);
    assert_int_equal(v.chain, 320000);
    assert_non_null(strstr(v.reason, "head of chain 320000 is missing"));
    assert_int_equal(db->ops->exec(db,
                                   "INSERT INTO audit_chains (chain, seq, hash) SELECT 320000, "
                                   "chain_seq, hash FROM audit_log WHERE chain = 320000 AND "
                                   "chain_seq = (SELECT MAX(chain_seq) FROM audit_log WHERE "
                                   "chain = 320000)",
                                   &err),
                     0);
    assert_int_equal(fg_audit_verify(conn(), &v, &err), 0);
    assert_int_equal(v.first_bad, 0);
    /* An entry outside every chain's order (chain_seq 0). */
    assert_int_equal(db->ops->exec(db,
                                   "UPDATE audit_log SET chain_seq = 0 WHERE chain = 320000 AND "
                                   "chain_seq = 1",
                                   &err),
                     0);
    assert_int_equal(fg_audit_verify(conn(), &v, &err), 0);
    assert_int_equal(v.chain, 320000);
    assert_non_null(strstr(v.reason, "missing"));
    assert_int_equal(db->ops->exec(db,
                                   "UPDATE audit_log SET chain_seq = 1 WHERE chain = 320000 AND "
                                   "chain_seq = 0",
                                   &err),
                     0);
    assert_int_equal(fg_audit_verify(conn(), &v, &err), 0);
    assert_int_equal(v.first_bad, 0);
    /* Removing the newest entry is found through the chain head. */
    assert_int_equal(db->ops->exec(db,
                                   "DELETE FROM audit_log WHERE chain = 0 AND chain_seq = "
                                   "(SELECT MAX(chain_seq) FROM audit_log WHERE chain = 0)",
                                   &err),
                     0);
    assert_int_equal(fg_audit_verify(conn(), &v, &err), 0);
    assert_int_equal(v.first_bad, total);
    assert_non_null(strstr(v.reason, "removed"));
    /* Changing an entry breaks its own hash. */
    assert_int_equal(db->ops->exec(db,
                                   "UPDATE audit_log SET detail = '{}' WHERE chain = 0 AND "
                                   "chain_seq = 3",
                                   &err),
                     0);
    assert_int_equal(fg_audit_verify(conn(), &v, &err), 0);
    assert_int_equal(v.first_bad, 3);
    assert_non_null(strstr(v.reason, "changed"));
    /* Removing one in the middle leaves a gap. */
    assert_int_equal(
        db->ops->exec(db, "DELETE FROM audit_log WHERE chain = 0 AND chain_seq = 2", &err), 0);
    assert_int_equal(fg_audit_verify(conn(), &v, &err), 0);
    assert_int_equal(v.first_bad, 3);
    assert_non_null(strstr(v.reason, "missing"));
}

/* The chain of chains (issue 17): a province's chain cut back together with
 * its head reads intact alone, and broken once the nation's chain recorded
 * its head; the head recorded must be the entry there, not a rewritten one. */
static void the_nations_chain_vouches_for_the_provinces(void **state)
{
    (void)state;
    fg_err err;
    fg_audit_verdict v;
    fg_db *db = conn();
    /* A store of its own: the one above was broken on purpose. */
    assert_int_equal(db->ops->exec(db, "DELETE FROM audit_log WHERE chain = 0", &err), 0);
    assert_int_equal(db->ops->exec(db,
                                   "UPDATE audit_chains SET seq = 0, hash = '" FG_AUDIT_GENESIS
                                   "' WHERE chain = 0",
                                   &err),
                     0);
    for (int i = 0; i < 3; i++)
        assert_int_equal(write_in(db, 330106, T0 + 80 + i, &err), 0);
    int64_t zj = head_of(330000);
    bool wrote;
    assert_int_equal(fg_audit_checkpoint(db, T0 + 90, &wrote, &err), 0);
    assert_true(wrote);
    assert_int_equal(fg_audit_checkpoint(db, T0 + 91, &wrote, &err), 0);
    assert_false(wrote); /* nothing moved since */
    assert_int_equal(fg_audit_verify_chain(db, 330000, NULL, &v, &err), 0);
    assert_int_equal(v.first_bad, 0);
    assert_int_equal(v.chains, 2); /* Zhejiang's, and the nation's that vouches for it */
    /* Zhejiang's newest entry removed and its head moved back. */
    assert_int_equal(db->ops->exec(db,
                                   "DELETE FROM audit_log WHERE chain = 330000 AND chain_seq = "
                                   "(SELECT MAX(chain_seq) FROM audit_log WHERE chain = 330000)",
                                   &err),
                     0);
    assert_int_equal(db->ops->exec(db,
                                   "UPDATE audit_chains SET (seq, hash) = (SELECT chain_seq, hash "
                                   "FROM audit_log WHERE chain = 330000 ORDER BY chain_seq DESC "
                                   "LIMIT 1) WHERE chain = 330000",
                                   &err),
                     0);
    assert_int_equal(head_of(330000), zj - 1);
    assert_int_equal(fg_audit_verify(db, &v, &err), 0);
    assert_int_equal(v.chain, 330000);
    assert_int_equal(v.first_bad, zj);
    assert_string_equal(v.code, "audit.chain_cut");
    assert_int_equal(fg_audit_verify_chain(db, 330000, NULL, &v, &err), 0);
    assert_string_equal(v.code, "audit.chain_cut");
    /* Jiangsu's chain alone is not concerned. */
    assert_int_equal(fg_audit_verify_chain(db, 320000, NULL, &v, &err), 0);
    assert_int_equal(v.first_bad, 0);
}

typedef struct chain_writer {
    int32_t region;
    int rc;
    bool done;
    pthread_mutex_t *mu;
    pthread_cond_t *cv;
} chain_writer;

static void *write_chain(void *p)
{
    chain_writer *w = p;
    fg_db *db;
    fg_err err;
    int rc = fg_store_conn(store, &db, &err);
    rc = rc ? rc : write_in(db, w->region, T0 + 100, &err);
    pthread_mutex_lock(w->mu);
    w->rc = rc;
    w->done = true;
    pthread_cond_signal(w->cv);
    pthread_mutex_unlock(w->mu);
    return NULL;
}

/* Sessions of this database waiting for a lock (PostgreSQL). */
static int64_t lock_waiters(fg_db *db)
{
    fg_stmt *st;
    fg_err err;
    assert_int_equal(fg_db_row(db, &st, &err,
                               "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = "
                               "current_database() AND wait_event_type = 'Lock'",
                               ""),
                     1);
    int64_t n = fg_db_int(db, st, 0);
    fg_db_done(db, st);
    return n;
}

/* Writes that do not queue behind one row (issue 17): while a transaction
 * holds Zhejiang's chain, a write in Jiangsu commits; a second write in
 * Zhejiang waits for the first and follows it in the chain. SQLite has one
 * writer for the whole database, so this is PostgreSQL's. */
static void writers_of_other_provinces_do_not_wait(void **state)
{
    (void)state;
    if (strcmp(conn()->ops->name, "postgresql") != 0)
        skip();
    fg_err err;
    pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
    fg_db *a = conn();
    int64_t zj = head_of(330000), js = head_of(320000);
    fg_tx tx;
    assert_int_equal(fg_tx_begin(&tx, a, T0 + 99, "tester-a", &err), 0);
    assert_int_equal(fg_tx_lock(&tx, 330106, &err), 0);
    /* Jiangsu: commits while Zhejiang's chain is held (were it to wait, it
     * would wait for ever: the holder does not move until it is done). */
    chain_writer b = {320505, -1, false, &mu, &cv};
    pthread_t tb;
    pthread_create(&tb, NULL, write_chain, &b);
    pthread_join(tb, NULL);
    assert_true(b.done);
    assert_int_equal(b.rc, 0);
    fg_db *probe;
    fg_store *other;
    assert_int_equal(fg_store_open(dsn, &other, &err), 0);
    assert_int_equal(fg_store_conn(other, &probe, &err), 0);
    assert_int_equal(head_of(320000), js + 1);
    /* Zhejiang: waits on the chain's head until the holder commits. */
    chain_writer c = {330100, -1, false, &mu, &cv};
    pthread_t tc;
    pthread_create(&tc, NULL, write_chain, &c);
    while (lock_waiters(probe) == 0) {
        pthread_mutex_lock(&mu);
        bool done = c.done;
        pthread_mutex_unlock(&mu);
        assert_false(done); /* it went through the held chain */
        usleep(2000);
    }
    pthread_mutex_lock(&mu);
    assert_false(c.done);
    pthread_mutex_unlock(&mu);
    assert_int_equal(fg_tx_audit(&tx, "test.write", "test", "330106", 330106, NULL, &err), 0);
    assert_int_equal(fg_tx_end(&tx, 0, &err), 0);
    pthread_join(tc, NULL);
    assert_int_equal(c.rc, 0);
    assert_int_equal(head_of(330000), zj + 2);
    /* In the order they committed: the holder's entry, then the waiter's. */
    fg_stmt *st;
    assert_int_equal(fg_db_row(conn(), &st, &err,
                               "SELECT entity_id FROM audit_log WHERE chain = 330000 AND "
                               "chain_seq = ?",
                               "i", zj + 1),
                     1);
    assert_string_equal(fg_db_text(conn(), st, 0), "330106");
    fg_db_done(conn(), st);
    assert_int_equal(fg_db_row(conn(), &st, &err,
                               "SELECT entity_id FROM audit_log WHERE chain = 330000 AND "
                               "chain_seq = ?",
                               "i", zj + 2),
                     1);
    assert_string_equal(fg_db_text(conn(), st, 0), "330100");
    fg_db_done(conn(), st);
    fg_store_free(other);
    fg_audit_verdict v;
    assert_int_equal(fg_audit_verify(conn(), &v, &err), 0);
    assert_int_equal(v.first_bad, 0);
}

/* The caches' marks (watch.h): what `topic`'s epoch is now, as every
 * server's watcher reads it. */
static int64_t watch_epoch(fg_db *db, const char *topic)
{
    fg_stmt *st;
    fg_err err;
    assert_int_equal(
        fg_db_row(db, &st, &err,
                  "SELECT COALESCE(SUM(epoch), 0) FROM fg_watch_epochs WHERE topic = ?", "t",
                  topic),
        1);
    int64_t n = fg_db_int(db, st, 0);
    fg_db_done(db, st);
    return n;
}

static int64_t watch_slot(fg_db *db)
{
    fg_stmt *st;
    fg_err err;
    assert_int_equal(fg_db_row(db, &st, &err, "SELECT pg_backend_pid() % 256", ""), 1);
    int64_t n = fg_db_int(db, st, 0);
    fg_db_done(db, st);
    return n;
}

/* A change to a watched table marks its topic in the writer's own slot:
 * another writer of the same topic commits while the first is still open
 * (one row for the topic would make it wait), other servers see the mark
 * only once the change is committed (so none reads the old data after
 * letting go of it), and a rolled back change marks nothing. PostgreSQL's:
 * SQLite's process marks its own caches. */
/* A connection's list of the rows it wrote (fg_dirty) does not grow with
 * its writes on PostgreSQL: the rows a DELETE left dead in a temporary
 * table were never vacuumed, so every write of a long-lived connection read
 * all that its writes before had recorded (gen's white lists: 115 s at
 * 80,000 enterprises, a 28 MB fg_dirty). Writes that empty five times
 * FG_DIRTY_VACUUM_ROWS rows from it (1,024; about 7 pages) leave it at a
 * few pages, not 33. */
static void seal_list_does_not_grow_with_a_connections_writes(void **state)
{
    (void)state;
    if (strcmp(conn()->ops->name, "postgresql") != 0)
        skip();
    fg_err err;
    fg_stmt *st;
    assert_int_equal(fg_db_row(conn(), &st, &err, "SELECT COUNT(*) FROM regions", ""), 1);
    int64_t per = fg_db_int(conn(), st, 0);
    fg_db_done(conn(), st);
    assert_true(per > 0);
    for (int64_t emptied = 0; emptied < 5 * 1024; emptied += per) {
        fg_tx tx;
        assert_int_equal(fg_tx_begin(&tx, conn(), T0, "test", &err), 0);
        assert_int_equal(fg_db_run(conn(), &err, "UPDATE regions SET name = name", ""), 0);
        assert_int_equal(
            fg_tx_audit_text(&tx, "test.touch", "region", "330106", 330106, "{}", &err), 0);
        assert_int_equal(fg_tx_end(&tx, 0, &err), 0);
    }
    assert_int_equal(
        fg_db_row(conn(), &st, &err, "SELECT pg_relation_size('pg_temp.fg_dirty')", ""), 1);
    int64_t bytes = fg_db_int(conn(), st, 0);
    fg_db_done(conn(), st);
    assert_in_range(bytes, 0, 16 * 8192);
}

static void cache_marks_do_not_queue_and_show_when_committed(void **state)
{
    (void)state;
    if (strcmp(conn()->ops->name, "postgresql") != 0)
        skip();
    fg_err err;
    fg_db *a = conn(), *probe, *b = NULL;
    fg_store *ps, *bs[8] = {0};
    assert_int_equal(fg_store_open(dsn, &ps, &err), 0);
    assert_int_equal(fg_store_conn(ps, &probe, &err), 0);
    /* A second writer on another slot (pids sharing one are rare). */
    for (int i = 0; i < 8 && !b; i++) {
        assert_int_equal(fg_store_open(dsn, &bs[i], &err), 0);
        fg_db *c;
        assert_int_equal(fg_store_conn(bs[i], &c, &err), 0);
        if (watch_slot(c) != watch_slot(a))
            b = c;
    }
    assert_non_null(b);
    int64_t before = watch_epoch(probe, "risk");
    assert_int_equal(fg_db_begin(a, true, &err), 0);
    assert_int_equal(fg_db_run(a, &err, "UPDATE regions SET name = name WHERE code = 330106", ""),
                     0);
    assert_int_equal(fg_db_run(a, &err, "UPDATE regions SET name = name WHERE code = 330108", ""),
                     0);
    assert_int_equal(watch_epoch(probe, "risk"), before); /* not yet committed */
    /* Were the mark one row, this would wait for `a` and time out. */
    assert_int_equal(fg_db_run(b, &err, "SET lock_timeout = '3s'", ""), 0);
    assert_int_equal(fg_db_begin(b, true, &err), 0);
    int rc = fg_db_run(b, &err, "UPDATE regions SET name = name WHERE code = 320505", "");
    assert_int_equal(rc, 0);
    assert_int_equal(fg_db_commit(b, &err), 0);
    assert_int_equal(watch_epoch(probe, "risk"), before + 1);
    assert_int_equal(fg_db_commit(a, &err), 0);
    /* Two statements of one transaction: one mark. */
    assert_int_equal(watch_epoch(probe, "risk"), before + 2);
    assert_int_equal(fg_db_begin(a, true, &err), 0);
    assert_int_equal(fg_db_run(a, &err, "UPDATE regions SET name = name WHERE code = 330106", ""),
                     0);
    fg_db_rollback(a);
    assert_int_equal(watch_epoch(probe, "risk"), before + 2);
    /* Each topic has its own. */
    int64_t sessions = watch_epoch(probe, "sessions");
    assert_int_equal(fg_db_run(a, &err, "DELETE FROM sessions WHERE token_hash = 'none'", ""), 0);
    assert_int_equal(watch_epoch(probe, "sessions"), sessions + 1);
    assert_int_equal(watch_epoch(probe, "risk"), before + 2);
    for (int i = 0; i < 8; i++)
        if (bs[i])
            fg_store_free(bs[i]);
    fg_store_free(ps);
}

static void pass_rules_default_to_none_and_every_change_is_audited(void **state)
{
    (void)state;
    fg_err err;
    fg_pass_rule_row row;
    /* Never set: no test asked, version 0. */
    assert_int_equal(fg_store_pass_rule_get(conn(), 320000, &row, &err), 0);
    assert_false(row.rule.drivers);
    assert_int_equal(row.rule.hours, 0);
    assert_int_equal(row.version, 0);
    assert_string_equal(row.rule.name, "江苏省");
    /* Not a province in the table (a city, an unknown code). */
    assert_int_equal(fg_store_pass_rule_get(conn(), 330100, &row, &err), FG_ENOTFOUND);
    assert_int_equal(fg_store_pass_rule_get(conn(), 990000, &row, &err), FG_ENOTFOUND);
    assert_string_equal(err.key, "pass_rule.no_province");
    int64_t before = fg_test_audit_count(conn());
    fg_pass_rule r = {320000, "", true, false, 48};
    assert_int_equal(fg_store_pass_rule_set(conn(), &r, 0, T0, "joint.jiangsu", &row, &err), 0);
    assert_int_equal(row.version, 1);
    assert_int_equal(row.rule.hours, 48);
    assert_string_equal(row.updated_by, "joint.jiangsu");
    assert_int_equal(fg_test_audit_count(conn()), before + 1);
    /* A change against a stale version is refused and writes nothing. */
    r.hours = 24;
    assert_int_equal(fg_store_pass_rule_set(conn(), &r, 0, T0 + 1, "joint.jiangsu", &row, &err),
                     FG_ECONFLICT);
    assert_int_equal(fg_test_audit_count(conn()), before + 1);
    assert_int_equal(fg_store_pass_rule_set(conn(), &r, 1, T0 + 2, "joint.jiangsu", &row, &err), 0);
    r = (fg_pass_rule){320000, "", true, true, 72};
    assert_int_equal(fg_store_pass_rule_set(conn(), &r, -1, T0 + 3, "joint.jiangsu", &row, &err),
                     0);
    assert_int_equal(fg_store_pass_rule_get(conn(), 320000, &row, &err), 0);
    assert_true(row.rule.crew);
    assert_int_equal(row.rule.hours, 72);
    assert_int_equal(row.version, 3);
    assert_int_equal(fg_test_audit_count(conn()), before + 3);
    /* The database holds the rule's invariant even if a caller did not. */
    r = (fg_pass_rule){320000, "", false, true, 0};
    assert_true(fg_store_pass_rule_set(conn(), &r, -1, T0 + 4, "joint.jiangsu", &row, &err) < 0);
    assert_int_equal(fg_test_audit_count(conn()), before + 3);
    /* Back to none. */
    r = (fg_pass_rule){320000, "", false, false, 0};
    assert_int_equal(fg_store_pass_rule_set(conn(), &r, 3, T0 + 5, "joint.jiangsu", &row, &err), 0);
    assert_false(row.rule.drivers);
}

/* coordination requests */
static int count_summary(const fg_coord_summary *s, void *ctx)
{
    fg_coord_summary *last = ctx;
    *last = *s;
    last->items += 1000; /* marks that a row came */
    return 0;
}

static int keep_count(const fg_coord_count *c, void *ctx)
{
    *(fg_coord_count *)ctx = *c;
    return 0;
}

static void coordination_requests_round_trip_list_and_escalate(void **state)
{
    (void)state;
    fg_err err;
    fg_enterprise cust = sample("91330106MA27XC900U", 330106);
    fg_enterprise sup = sample("91320505MA27XC9011", 320505);
    assert_int_equal(fg_store_enterprise_create(conn(), &cust, T0, "test", NULL, &err), 0);
    assert_int_equal(fg_store_enterprise_create(conn(), &sup, T0, "test", NULL, &err), 0);
    fg_coord_item_row it;
    memset(&it, 0, sizeof(it));
    it.n = 1;
    snprintf(it.supplier, sizeof(it.supplier), "%s", sup.uscc);
    it.supplier_region = 320505;
    it.need = FG_NEED_RESTART;
    it.why = "停工后断供";
    it.answer = it.reason = "";
    it.state = FG_ITEM_OPEN;
    it.department = -1;
    it.started_at = T0;
    it.due_at = T0 + 1000;
    it.escalate_at = T0 + 1000;
    it.holder = 320000;
    fg_coord_row r;
    memset(&r, 0, sizeof(r));
    r.from_region = 330100;
    r.to_region = 320000;
    snprintf(r.customer, sizeof(r.customer), "%s", cust.uscc);
    r.customer_region = 330106;
    r.subject = "请协调复工";
    r.items = &it;
    r.n_items = 1;
    int64_t before = fg_test_audit_count(conn());
    assert_int_equal(fg_store_coord_insert(conn(), &r, T0, "joint.hangzhou", &err), 0);
    assert_int_equal(fg_test_audit_count(conn()), before + 1);
    fg_coord_row got;
    assert_int_equal(fg_store_coord_get(conn(), r.id, &got, &err), 0);
    assert_int_equal(got.n_items, 1);
    assert_string_equal(got.subject, "请协调复工");
    assert_string_equal(got.raised_by, "joint.hangzhou");
    assert_string_equal(got.items[0].why, "停工后断供");
    assert_int_equal(got.items[0].department, -1);
    assert_int_equal(got.items[0].version, 1);
    assert_string_equal(got.items[0].supplier_name, sup.name);
    /* Lists: from inside Hangzhou, to inside Jiangsu, about the supplier; not Zhejiang's to. */
    fg_coord_filter f = {330100, 330199, -1, -1, NULL, false, 10};
    fg_coord_summary s = {0};
    assert_int_equal(fg_store_coord_list(conn(), &f, T0 + 2000, count_summary, &s, &err), 0);
    assert_int_equal(s.items, 1001);
    assert_int_equal(s.overdue, 1);
    assert_int_equal(s.open, 1);
    f = (fg_coord_filter){-1, -1, 320000, 329999, NULL, false, 10};
    memset(&s, 0, sizeof(s));
    assert_int_equal(fg_store_coord_list(conn(), &f, T0, count_summary, &s, &err), 0);
    assert_int_equal(s.items, 1001);
    assert_int_equal(s.overdue, 0);
    f = (fg_coord_filter){-1, -1, -1, -1, sup.uscc, false, 10};
    memset(&s, 0, sizeof(s));
    assert_int_equal(fg_store_coord_list(conn(), &f, T0, count_summary, &s, &err), 0);
    assert_int_equal(s.items, 1001);
    f = (fg_coord_filter){-1, -1, 330000, 339999, NULL, false, 10};
    memset(&s, 0, sizeof(s));
    assert_int_equal(fg_store_coord_list(conn(), &f, T0, count_summary, &s, &err), 0);
    assert_int_equal(s.items, 0);
    /* The ledger by receiving region. */
    f = (fg_coord_filter){330100, 330199, -1, -1, NULL, false, 0};
    fg_coord_count c = {0};
    assert_int_equal(fg_store_coord_ledger(conn(), &f, true, T0 + 2000, keep_count, &c, &err), 0);
    assert_int_equal(c.region, 320000);
    assert_int_equal(c.total, 1);
    assert_int_equal(c.overdue, 1);
    /* Due for escalation once its time has come. */
    char ids[4][37];
    int ns[4];
    size_t n;
    assert_int_equal(fg_store_coord_to_escalate(conn(), T0 + 999, ids, ns, 4, &n, &err), 0);
    assert_int_equal(n, 0);
    assert_int_equal(fg_store_coord_to_escalate(conn(), T0 + 1000, ids, ns, 4, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(ids[0], r.id);
    assert_int_equal(ns[0], 1);
    /* An update against the version read; a second one from the same read conflicts. */
    fg_coord_item_row after = got.items[0];
    after.state = FG_ITEM_ANSWERED;
    after.answer = "已复工";
    after.answered_at = T0 + 10;
    after.escalate_at = 0;
    assert_int_equal(fg_store_coord_item_update(conn(), &got, &got.items[0], &after,
                                                "coordination.answer", NULL, T0 + 10,
                                                "joint.jiangsu", &err),
                     0);
    assert_int_equal(fg_test_audit_count(conn()), before + 2);
    assert_int_equal(fg_store_coord_item_update(conn(), &got, &got.items[0], &after,
                                                "coordination.answer", NULL, T0 + 11,
                                                "joint.jiangsu", &err),
                     FG_ECONFLICT);
    assert_int_equal(fg_test_audit_count(conn()), before + 2);
    fg_coord_row_release(&got);
    assert_int_equal(fg_store_coord_get(conn(), r.id, &got, &err), 0);
    assert_int_equal(got.items[0].state, FG_ITEM_ANSWERED);
    assert_string_equal(got.items[0].answer, "已复工");
    assert_int_equal(got.items[0].version, 2);
    fg_coord_row_release(&got);
    assert_int_equal(fg_store_coord_to_escalate(conn(), T0 + 5000, ids, ns, 4, &n, &err), 0);
    assert_int_equal(n, 0);
    assert_int_equal(fg_store_coord_get(conn(), "01a21a54-8f21-721f-a2ca-fc2c64169585", &got, &err),
                     FG_ENOTFOUND);
}
/* end of coordination requests */

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(migrations_are_idempotent),
        cmocka_unit_test(enterprise_round_trip_and_versioned_update),
        cmocka_unit_test(unknown_references_are_refused_without_writing),
        cmocka_unit_test(region_directory_holds_the_way_down_and_everything_inside),
        cmocka_unit_test(list_filters_by_region_and_text),
        cmocka_unit_test(risk_history_is_kept_and_resolved),
        cmocka_unit_test(accounts_sessions_and_disabling),
        cmocka_unit_test(guidance_tables_are_versioned),
        cmocka_unit_test(bulk_import_writes_every_row_and_its_county_entry),
        cmocka_unit_test(an_abandoned_import_leaves_nothing),
        cmocka_unit_test(concurrent_updates_never_lose_a_write),
        cmocka_unit_test(orders_state_status_and_versions),
        cmocka_unit_test(a_commit_without_an_audit_entry_is_refused),
        cmocka_unit_test(deep_verify_finds_rows_written_outside),
        cmocka_unit_test(writers_of_other_provinces_do_not_wait),
        cmocka_unit_test(cache_marks_do_not_queue_and_show_when_committed),
        cmocka_unit_test(seal_list_does_not_grow_with_a_connections_writes),
        cmocka_unit_test(tampering_is_found_by_verify),
        cmocka_unit_test(the_nations_chain_vouches_for_the_provinces),
        cmocka_unit_test(pass_rules_default_to_none_and_every_change_is_audited),
        cmocka_unit_test(coordination_requests_round_trip_list_and_escalate),
    };
    return cmocka_run_group_tests_name("store contract", tests, setup, teardown);
}
