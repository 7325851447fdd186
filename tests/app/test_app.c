/* The use cases against a real database (SQLite by default, FG_TEST_DB for
 * PostgreSQL): the guidance cache follows the table's version, a proposal
 * follows the guidance and its route, the blanket-shutdown alarm is raised
 * once per window, the sweep table writes down what time did, and the pass
 * decider rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../harness.h"
#include "app/app.h"
#include "core/date.h"
#include "core/uscc.h"
#include "store/store.h"
#include "sys/clock.h"

static char dsn[512];
static fg_store *store;
static fg_app app;
static const int64_t T0 = 1795730548316LL; /* 2026-11-26 */
static const int64_t H = 3600 * 1000;
static int serial;

static fg_db *conn(void)
{
    return fg_test_conn(store);
}

/* A new enterprise in `region` with `categories`. */
static fg_enterprise enterprise(int32_t region, unsigned categories)
{
    fg_enterprise e;
    memset(&e, 0, sizeof(e));
    char first17[48];
    snprintf(first17, sizeof(first17), "91%06dMA%07d", (int)region % 1000000, ++serial % 10000000);
    memcpy(e.uscc, first17, 17);
    e.uscc[17] = fg_uscc_check_char(e.uscc);
    e.uscc[18] = '\0';
    snprintf(e.name, sizeof(e.name), "用例企业%d", serial);
    e.region = region;
    memcpy(e.industry, "36", 3);
    e.headcount = 200;
    e.categories = categories;
    fg_err err;
    if (fg_store_enterprise_create(conn(), &e, T0, "test", NULL, &err))
        fail_msg("enterprise %s: %s", e.uscc, err.msg);
    return e;
}

static int setup(void **state)
{
    (void)state;
    fg_err err;
    if (fg_test_store_open("app", dsn, sizeof(dsn), &store, T0))
        return -1;
    int rc = fg_test_regions(
        conn(), T0, (const int32_t[]){330000, 330100, 330106, 330102, 310000, 310100, 310115, 0});
    /* Xihu is at medium risk; Shangcheng keeps the default, low. */
    json_t *d = NULL;
    rc = rc ? rc
            : fg_store_risk_designate(conn(), 330106, FG_RISK_MEDIUM, 20261101, "a test cluster",
                                      T0 - 30 * 24 * H, "health.test", &d, &err);
    json_decref(d);
    fg_order_limits lim;
    fg_order_limits_default(&lim);
    lim.alarm_count = 3;
    lim.alarm_share_pct = 100;
    rc = rc ? rc : fg_app_init(&app, &lim, &err);
    if (rc)
        fprintf(stderr, "setup: %s\n", err.msg);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    fg_app_release(&app);
    fg_test_store_close(store, dsn);
    return 0;
}

static const fg_principal joint_city = {FG_ROLE_JOINT_MECHANISM, 330100, NULL, NULL, 0, false};
static const fg_who joint = {"joint.test", FG_ROLE_JOINT_MECHANISM, &joint_city};

static int propose(const fg_enterprise *e, bool emergency, int64_t now, fg_proposed *out,
                   fg_err *err)
{
    fg_proposal p = {e->uscc,
                     FG_MEASURE_STOP,
                     0,
                     now,
                     now + 48 * H,
                     emergency,
                     "a confirmed case in the workshop",
                     "district CDC notice 2026-1"};
    return fg_app_order_propose(&app, conn(), &joint, &p, now, out, err);
}

/* Stores table version `version` again as the newest (what a test changed
 * is undone for the tests that follow). */
static void restore_table(int version)
{
    fg_err err;
    json_t *t;
    assert_int_equal(fg_store_guidance_get(conn(), version, &t, &err), 0);
    char *text = json_dumps(t, 0);
    json_decref(t);
    int stored;
    assert_int_equal(fg_store_guidance_replace(conn(), text, strlen(text), "app test", T0, "test",
                                               &stored, &err),
                     0);
    free(text);
}

static void the_guidance_cache_follows_the_table_version(void **state)
{
    (void)state;
    fg_enterprise e = enterprise(330106, 0);
    fg_enterprise_meta m = {0};
    fg_err err;
    fg_app_guidance g;
    assert_int_equal(fg_app_guidance_get(&app, conn(), &e, &m, 20261126, &g, &err), 0);
    int before = g.table->version;
    assert_string_equal(g.table->rules[g.rule].id, "medium-other");
    assert_string_equal(g.route->name, "general");
    /* The holder keeps its table while a new one is stored. */
    json_t *t;
    assert_int_equal(fg_store_guidance_get(conn(), before, &t, &err), 0);
    json_t *rules = json_object_get(t, "rules");
    size_t i;
    json_t *rule;
    json_array_foreach(rules, i, rule)
    {
        if (strcmp(json_string_value(json_object_get(rule, "id")), "medium-other") == 0)
            json_object_set_new(rule, "route", json_string("key_or_livelihood"));
    }
    char *text = json_dumps(t, 0);
    json_decref(t);
    int version;
    assert_int_equal(fg_store_guidance_replace(conn(), text, strlen(text), "app test", T0, "test",
                                               &version, &err),
                     0);
    free(text);
    assert_int_equal(version, before + 1);
    assert_string_equal(g.route->name, "general");
    fg_app_guidance g2;
    assert_int_equal(fg_app_guidance_get(&app, conn(), &e, &m, 20261126, &g2, &err), 0);
    assert_int_equal(g2.table->version, version);
    assert_string_equal(g2.route->name, "key_or_livelihood");
    fg_app_guidance_release(&g);
    fg_app_guidance_release(&g2);
    /* Back to the default route for the tests that follow. */
    restore_table(before);
}

/* A table that allows no restriction anywhere: guidance still answers, and
 * an emergency order goes ahead on the shortest route. */
static void a_table_that_allows_nothing_still_lets_an_emergency_through(void **state)
{
    (void)state;
    fg_err err;
    int before, version;
    assert_int_equal(fg_store_guidance_version(conn(), &before, &err), 0);
    static const char never[] =
        "{\"rules\": [{\"id\": \"never\", \"when\": {}, \"mode\": \"normal\", \"measures\": [],"
        " \"restriction_allowed\": false, \"route\": null,"
        " \"explanation\": {\"en\": \"no restriction\", \"zh\": \"不得限制\"}}]}";
    assert_int_equal(fg_store_guidance_replace(conn(), never, sizeof(never) - 1, "app test", T0,
                                               "test", &version, &err),
                     0);
    fg_enterprise e = enterprise(330106, FG_CAT_KEY_INDUSTRIAL);
    fg_enterprise_meta m = {0};
    json_t *answer;
    assert_int_equal(fg_app_guidance_answer(&app, conn(), &e, &m, 20261126, &answer, &err), 0);
    assert_false(json_is_true(json_object_get(answer, "restriction_allowed")));
    json_decref(answer);
    fg_proposed out;
    assert_int_equal(propose(&e, false, T0, &out, &err), FG_EINVAL);
    json_decref(out.guidance);
    assert_int_equal(propose(&e, true, T0, &out, &err), 0);
    fg_order_row row;
    assert_int_equal(fg_store_order_get(conn(), out.id, &row, &err), 0);
    assert_string_equal(row.o.route->name, "general");
    fg_order_row_release(&row);
    restore_table(before);
}

static void a_proposal_follows_the_guidance(void **state)
{
    (void)state;
    fg_err err;
    fg_proposed out;
    /* Low risk: no stop may be proposed, and the refusal carries the guidance. */
    fg_enterprise low = enterprise(330102, FG_CAT_KEY_INDUSTRIAL);
    assert_int_equal(propose(&low, false, T0, &out, &err), FG_EINVAL);
    assert_string_equal(err.field, "measure");
    assert_non_null(out.guidance);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(out.guidance, "rule"), "id")), "low-any");
    json_decref(out.guidance);
    /* An emergency goes ahead, on the route of the next level up. */
    assert_int_equal(propose(&low, true, T0, &out, &err), 0);
    fg_order_row row;
    assert_int_equal(fg_store_order_get(conn(), out.id, &row, &err), 0);
    assert_string_equal(row.o.route->name, "key_or_livelihood");
    assert_int_equal(row.o.state, FG_ORDER_IN_FORCE);
    fg_order_row_release(&row);
    /* Outside the account's jurisdiction: refused before anything is written, as
     * for an enterprise nobody registered (issue 16). */
    static const fg_principal other = {FG_ROLE_JOINT_MECHANISM, 320500, NULL, NULL, 0, false};
    fg_who outsider = {"joint.suzhou", FG_ROLE_JOINT_MECHANISM, &other};
    fg_proposal p = {low.uscc, FG_MEASURE_STOP,       0,       T0, T0 + H,
                     true,     "a case on site here", "notice"};
    assert_int_equal(fg_app_order_propose(&app, conn(), &outsider, &p, T0, &out, &err),
                     FG_ENOTFOUND);
    assert_string_equal(err.key, "enterprise.not_found");
}

static void the_blanket_alarm_is_raised_once_per_window(void **state)
{
    (void)state;
    fg_err err;
    fg_proposed out;
    int raised = 0;
    /* Fresh enterprises in Xihu; the limit is "more than 3 orders". */
    int64_t at = T0 + 100 * H;
    for (int i = 0; i < 6; i++) {
        fg_enterprise e = enterprise(330106, 0);
        assert_int_equal(propose(&e, false, at + i * 1000, &out, &err), 0);
        raised += out.alarm_raised;
        if (i < 3)
            assert_false(out.alarm_raised);
    }
    assert_int_equal(raised, 1);
    json_t *alarms;
    assert_int_equal(fg_store_alarm_list(conn(), 330106, 330106, "open", 10, &alarms, &err), 0);
    assert_int_equal(json_array_size(alarms), 1);
    json_decref(alarms);
}

static void the_sweep_table_writes_down_what_time_did(void **state)
{
    (void)state;
    fg_err err;
    fg_proposed out;
    fg_enterprise e = enterprise(330102, 0);
    int64_t at = T0 + 200 * H;
    fg_sweep_report rep;
    /* What earlier tests left is written down first. */
    assert_int_equal(fg_app_sweep(&app, conn(), at, &rep, &err), 0);
    assert_int_equal(propose(&e, true, at, &out, &err), 0);
    assert_int_equal(fg_app_sweep(&app, conn(), at + 23 * H, &rep, &err), 0);
    assert_int_equal(fg_sweep_count(&rep, "lapsed"), 0);
    /* Past the 24 h window unconfirmed: lapsed, written once by "system". */
    assert_int_equal(fg_app_sweep(&app, conn(), at + 25 * H, &rep, &err), 0);
    assert_int_equal(fg_sweep_count(&rep, "lapsed"), 1);
    assert_int_equal(fg_app_sweep(&app, conn(), at + 26 * H, &rep, &err), 0);
    assert_int_equal(fg_sweep_count(&rep, "lapsed"), 0);
    fg_order_row row;
    assert_int_equal(fg_store_order_get(conn(), out.id, &row, &err), 0);
    assert_int_equal(row.o.state, FG_ORDER_LAPSED);
    fg_order_row_release(&row);
    fg_buf b;
    fg_buf_init(&b, 0);
    assert_int_equal(fg_app_sweepers_print(&b), 0);
    assert_non_null(strstr(b.buf, "orders"));
    fg_buf_release(&b);
    fg_audit_verdict v;
    assert_int_equal(fg_audit_verify(conn(), &v, &err), 0);
    assert_int_equal(v.first_bad, 0);
}

static void passes_are_decided_by_the_goods_owner_at_province_level(void **state)
{
    (void)state;
    fg_err err;
    fg_pass_row row;
    memset(&row, 0, sizeof(row));
    row.region = 330000;
    row.claims.goods = 1; /* medical_supplies */
    static const fg_principal province = {FG_ROLE_JOINT_MECHANISM, 330000, NULL, NULL, 0, false};
    static const fg_principal city = {FG_ROLE_JOINT_MECHANISM, 330100, NULL, NULL, 0, false};
    static const fg_principal health = {FG_ROLE_HEALTH_AUTHORITY, 330000, NULL, NULL, 0, false};
    fg_who p = {"joint.zhejiang", FG_ROLE_JOINT_MECHANISM, &province};
    fg_who c = {"joint.hangzhou", FG_ROLE_JOINT_MECHANISM, &city};
    fg_who h = {"health.zhejiang", FG_ROLE_HEALTH_AUTHORITY, &health};
    assert_int_equal(fg_app_pass_may_decide(&app, &p, &row, &err), 0);
    assert_int_equal(fg_app_pass_may_decide(&app, &c, &row, &err), FG_EPERM);
    assert_int_equal(fg_app_pass_may_decide(&app, &h, &row, &err), FG_EPERM);
    app.pass_deciders[1] = FG_ROLE_HEALTH_AUTHORITY;
    assert_int_equal(fg_app_pass_may_decide(&app, &h, &row, &err), 0);
    assert_int_equal(fg_app_pass_may_decide(&app, &p, &row, &err), FG_EPERM);
    assert_non_null(strstr(err.msg, "health_authority"));
    app.pass_deciders[1] = FG_ROLE_JOINT_MECHANISM;
    /* Without the province's key nothing is issued. */
    char number[13];
    assert_int_equal(fg_app_pass_issue(&app, conn(), &p, &row, "", T0, number, &err), FG_EUNAVAIL);
}

/* The provinces' negative-test rules: set by the province's own joint
 * mechanism only; an application is held to the strictest rule of the
 * provinces it touches, and what it records says until when each test counts. */
static void applications_are_held_to_the_strictest_test_rule_of_the_trip(void **state)
{
    (void)state;
    fg_err err;
    static const fg_principal zj = {FG_ROLE_JOINT_MECHANISM, 330000, NULL, NULL, 0, false};
    static const fg_principal sh = {FG_ROLE_JOINT_MECHANISM, 310000, NULL, NULL, 0, false};
    static const fg_principal hz = {FG_ROLE_JOINT_MECHANISM, 330100, NULL, NULL, 0, false};
    static const fg_principal health = {FG_ROLE_HEALTH_AUTHORITY, 330000, NULL, NULL, 0, false};
    fg_who zhejiang = {"joint.zhejiang", FG_ROLE_JOINT_MECHANISM, &zj};
    fg_who shanghai = {"joint.shanghai", FG_ROLE_JOINT_MECHANISM, &sh};
    fg_who hangzhou = {"joint.hangzhou", FG_ROLE_JOINT_MECHANISM, &hz};
    fg_who h = {"health.zhejiang", FG_ROLE_HEALTH_AUTHORITY, &health};
    fg_pass_rule_row out;
    fg_pass_rule zr = {330000, "", true, false, 72}, sr = {310000, "", true, true, 48};
    assert_int_equal(fg_app_pass_rule_set(&app, conn(), &hangzhou, &zr, -1, T0, &out, &err),
                     FG_EPERM);
    assert_int_equal(fg_app_pass_rule_set(&app, conn(), &h, &zr, -1, T0, &out, &err), FG_EPERM);
    assert_int_equal(fg_app_pass_rule_set(&app, conn(), &zhejiang, &sr, -1, T0, &out, &err),
                     FG_EPERM);
    fg_pass_rule bad = {330000, "", true, false, 6};
    assert_int_equal(fg_app_pass_rule_set(&app, conn(), &zhejiang, &bad, -1, T0, &out, &err),
                     FG_EINVAL);
    assert_int_equal(fg_app_pass_rule_set(&app, conn(), &zhejiang, &zr, -1, T0, &out, &err), 0);
    assert_int_equal(fg_app_pass_rule_set(&app, conn(), &shanghai, &sr, -1, T0, &out, &err), 0);

    fg_enterprise e = enterprise(330106, FG_CAT_KEY_INDUSTRIAL);
    fg_pass_claims c;
    memset(&c, 0, sizeof(c));
    c.goods = 1;
    c.origin = 330106;
    c.destination = 330102;
    snprintf(c.plate, sizeof(c.plate), "浙A12345");
    snprintf(c.applicant, sizeof(c.applicant), "%s", e.uscc);
    snprintf(c.crew[0].name, sizeof(c.crew[0].name), "王建国");
    snprintf(c.crew[0].id_masked, sizeof(c.crew[0].id_masked), "330106********1235");
    snprintf(c.crew[1].name, sizeof(c.crew[1].name), "李明");
    snprintf(c.crew[1].id_masked, sizeof(c.crew[1].id_masked), "330102********5670");
    c.crew[1].role = 1;
    c.n_crew = 2;
    c.nbf = T0 / 1000;
    c.exp = T0 / 1000 + 86400;
    fg_who op = {"operator.test", FG_ROLE_TRANSPORT_OPERATOR, NULL};
    char id[37];
    /* Inside Zhejiang: the drivers need a test of 72 hours, the crew none. */
    assert_int_equal(fg_app_pass_apply(&app, conn(), &op, &c, 330000, NULL, T0, id, &err),
                     FG_EINVAL);
    assert_string_equal(err.key, "pass.test_required");
    assert_string_equal(fg_err_param_get(&err, "province"), "浙江省");
    assert_string_equal(fg_err_param_get(&err, "person"), "1");
    c.crew[0].test_sampled = T0 / 1000 - 60 * 3600;
    assert_int_equal(fg_app_pass_apply(&app, conn(), &op, &c, 330000, NULL, T0, id, &err), 0);
    fg_pass_row row;
    assert_int_equal(fg_store_pass_get(conn(), id, &row, &err), 0);
    assert_int_equal(row.claims.crew[0].test_sampled, T0 / 1000 - 60 * 3600);
    assert_int_equal(row.claims.crew[0].test_valid_to, T0 / 1000 + 12 * 3600);
    /* 2026-11-26 21:02 +08:00 + 12 h: the 27th in the deployment's zone. */
    assert_int_equal(row.claims.crew[0].test_until, 20261127);
    assert_int_equal(row.claims.crew[1].test_valid_to, 0);
    fg_pass_row_release(&row);
    /* To Shanghai: 48 hours, and the crew too. The driver's 60-hour-old test
     * no longer counts; then the crew member is asked. */
    c.destination = 310115;
    assert_int_equal(fg_app_pass_apply(&app, conn(), &op, &c, 330000, NULL, T0, id, &err),
                     FG_EINVAL);
    assert_string_equal(err.key, "pass.test_too_old");
    assert_string_equal(fg_err_param_get(&err, "province"), "上海市");
    assert_string_equal(fg_err_param_get(&err, "hours"), "48");
    c.crew[0].test_sampled = T0 / 1000 - 20 * 3600;
    assert_int_equal(fg_app_pass_apply(&app, conn(), &op, &c, 330000, NULL, T0, id, &err),
                     FG_EINVAL);
    assert_string_equal(err.key, "pass.test_required_crew");
    assert_string_equal(fg_err_param_get(&err, "person"), "2");
    c.crew[1].test_sampled = T0 / 1000 - 3600;
    assert_int_equal(fg_app_pass_apply(&app, conn(), &op, &c, 330000, NULL, T0, id, &err), 0);
    /* Back to none in both: nothing is asked again. */
    zr = (fg_pass_rule){330000, "", false, false, 0};
    sr = (fg_pass_rule){310000, "", false, false, 0};
    assert_int_equal(fg_app_pass_rule_set(&app, conn(), &zhejiang, &zr, -1, T0, &out, &err), 0);
    assert_int_equal(fg_app_pass_rule_set(&app, conn(), &shanghai, &sr, -1, T0, &out, &err), 0);
    c.crew[0].test_sampled = c.crew[1].test_sampled = 0;
    assert_int_equal(fg_app_pass_apply(&app, conn(), &op, &c, 330000, NULL, T0, id, &err), 0);
}

/* coordination requests */
static void coordination_items_escalate_to_the_province_then_the_nation(void **state)
{
    (void)state;
    fg_err err;
    fg_enterprise cust = enterprise(330106, FG_CAT_KEY_INDUSTRIAL);
    fg_enterprise sup = enterprise(310115, 0), near = enterprise(330102, 0);
    int64_t at = T0 + 400 * H;
    fg_coord_new req = {310115,
                        cust.uscc,
                        "请协调供应",
                        2,
                        {{sup.uscc, FG_NEED_KEEP_RUNNING, "唯一铸件供应商"},
                         {sup.uscc, FG_NEED_LET_STAFF_THROUGH, "技术人员需进厂"}}};
    char id[37];
    /* A supplier outside the receiving region is refused, naming it. */
    fg_coord_new bad = req;
    bad.items[1].supplier = near.uscc;
    assert_int_equal(fg_app_coord_raise(&app, conn(), &joint, &bad, at, id, &err), FG_EINVAL);
    assert_string_equal(err.key, "coordination.supplier_outside");
    /* The receiving region cannot raise about a customer it does not hold. */
    static const fg_principal sh = {FG_ROLE_JOINT_MECHANISM, 310000, NULL, NULL, 0, false};
    fg_who shanghai = {"joint.shanghai", FG_ROLE_JOINT_MECHANISM, &sh};
    assert_int_equal(fg_app_coord_raise(&app, conn(), &shanghai, &req, at, id, &err),
                     FG_ENOTFOUND); /* as if there were none (issue 16) */
    assert_int_equal(fg_app_coord_raise(&app, conn(), &joint, &req, at, id, &err), 0);
    fg_sweep_report rep;
    assert_int_equal(fg_app_sweep(&app, conn(), at + 23 * H, &rep, &err), 0);
    assert_int_equal(fg_sweep_count(&rep, "coordination_escalated"), 0);
    /* Item 2 answered in time: only item 1 climbs, to Shanghai's province. */
    fg_coord_row r;
    assert_int_equal(fg_store_coord_get(conn(), id, &r, &err), 0);
    assert_int_equal(fg_app_coord_act(&app, conn(), &shanghai, &r, 2, FG_COORD_ANSWER, -1, "已放行",
                                      at + 23 * H, &err),
                     0);
    /* The requester may not answer its own request. */
    assert_int_equal(fg_app_coord_act(&app, conn(), &joint, &r, 1, FG_COORD_ANSWER, -1, "自答",
                                      at + 23 * H, &err),
                     FG_EPERM);
    fg_coord_row_release(&r);
    assert_int_equal(fg_app_sweep(&app, conn(), at + 24 * H, &rep, &err), 0);
    assert_int_equal(fg_sweep_count(&rep, "coordination_escalated"), 1);
    assert_int_equal(fg_store_coord_get(conn(), id, &r, &err), 0);
    assert_int_equal(r.items[0].holder, 310000);
    assert_int_equal(r.items[0].escalations, 1);
    assert_int_equal(r.items[1].holder, 310115);
    fg_coord_row_release(&r);
    assert_int_equal(fg_app_sweep(&app, conn(), at + 47 * H, &rep, &err), 0);
    assert_int_equal(fg_sweep_count(&rep, "coordination_escalated"), 0);
    assert_int_equal(fg_app_sweep(&app, conn(), at + 48 * H, &rep, &err), 0);
    assert_int_equal(fg_sweep_count(&rep, "coordination_escalated"), 1);
    /* Item 2, answered but not closed within 3 days, climbs on the closure clock;
     * item 1 at the top climbs no more, however late. */
    assert_int_equal(fg_app_sweep(&app, conn(), at + 300 * H, &rep, &err), 0);
    assert_int_equal(fg_sweep_count(&rep, "coordination_escalated"), 1);
    assert_int_equal(fg_app_sweep(&app, conn(), at + 301 * H, &rep, &err), 0);
    assert_int_equal(fg_sweep_count(&rep, "coordination_escalated"), 0);
    assert_int_equal(fg_store_coord_get(conn(), id, &r, &err), 0);
    assert_int_equal(r.items[1].holder, 310000);
    assert_int_equal(r.items[0].holder, 0);
    assert_int_equal(r.items[0].escalate_at, 0);
    fg_deadline_status st;
    fg_app_coord_status(&r, &r.items[0], at + 300 * H, &st);
    assert_true(st.overdue);
    fg_coord_row_release(&r);
    fg_audit_verdict v;
    assert_int_equal(fg_audit_verify(conn(), &v, &err), 0);
    assert_int_equal(v.first_bad, 0);
}
/* end of coordination requests */

/* White lists (issue 12): the use cases from a list to a listing, each step
 * refused to the wrong account, and the sweep putting a listing whose review
 * date passed back before its lister, written once by "system". */
static void a_listing_comes_due_for_review_when_its_date_passes(void **state)
{
    (void)state;
    fg_err err;
    fg_enterprise e = enterprise(330102, FG_CAT_KEY_INDUSTRIAL);
    static const fg_principal nation = {FG_ROLE_NATIONAL_COORDINATOR, 0, NULL, NULL, 0, false};
    static const fg_principal city = {FG_ROLE_INDUSTRY_AUTHORITY, 330100, NULL, NULL, 0, false};
    const char *own[1] = {e.uscc};
    const int32_t own_region[1] = {330102};
    fg_principal ent = {FG_ROLE_ENTERPRISE, -1, own, own_region, 1, false};
    fg_who nc = {"coordinator", FG_ROLE_NATIONAL_COORDINATOR, &nation};
    fg_who checker = {"industry.hangzhou", FG_ROLE_INDUSTRY_AUTHORITY, &city};
    fg_who applicant = {"enterprise.test", FG_ROLE_ENTERPRISE, &ent};
    int64_t at = T0 + 400 * H;
    char list[37], batch[37], id[37];
    int number;
    assert_int_equal(fg_app_wl_list_create(&app, conn(), &joint, FG_CHAIN_ENERGY, FG_WL_NATIONAL, 0,
                                           at, list, &err),
                     FG_EPERM);
    assert_int_equal(fg_app_wl_list_create(&app, conn(), &nc, FG_CHAIN_ENERGY, FG_WL_NATIONAL, 0,
                                           at, list, &err),
                     0);
    assert_int_equal(fg_app_wl_batch_publish(&app, conn(), &nc, list, at, batch, &number, &err), 0);
    assert_int_equal(number, 1);
    fg_wl_application a = {"闭环生产，点对点通勤，每日检测，储备十五天原料，保障订单交付。",
                           {10, 10, 10, 15},
                           {"91330106MA27XK001E"},
                           1,
                           false};
    assert_int_equal(fg_app_wl_apply(&app, conn(), &checker, list, e.uscc, &a, at, id, &err),
                     FG_EPERM);
    assert_int_equal(fg_app_wl_apply(&app, conn(), &applicant, list, e.uscc, &a, at, id, &err), 0);
    fg_wl_act act = {FG_WL_CHECK_PASS, -1, NULL, NULL, NULL, 0};
    assert_int_equal(fg_app_wl_act(&app, conn(), &joint, id, &act, at, &err), FG_EPERM);
    assert_int_equal(fg_app_wl_act(&app, conn(), &checker, id, &act, at, &err), 0);
    act = (fg_wl_act){FG_WL_REVIEW_AGREE, -1, "industry", NULL, NULL, 0};
    assert_int_equal(fg_app_wl_act(&app, conn(), &checker, id, &act, at, &err), FG_EPERM);
    assert_int_equal(fg_app_wl_act(&app, conn(), &nc, id, &act, at, &err), 0);
    act.department = "health";
    assert_int_equal(fg_app_wl_act(&app, conn(), &nc, id, &act, at, &err), 0);
    int32_t review = fg_date_from_days(fg_date_days(fg_clock_date(at)) + 10);
    act = (fg_wl_act){FG_WL_LIST, -1, NULL, NULL, NULL, review};
    assert_int_equal(fg_app_wl_act(&app, conn(), &nc, id, &act, at, &err), FG_EINVAL);
    act.batch_id = batch;
    assert_int_equal(fg_app_wl_act(&app, conn(), &nc, id, &act, at, &err), 0);
    fg_sweep_report rep;
    assert_int_equal(fg_app_sweep(&app, conn(), at + 9 * 24 * H, &rep, &err), 0);
    assert_int_equal(fg_sweep_count(&rep, "whitelist_due"), 0);
    assert_int_equal(fg_app_sweep(&app, conn(), at + 11 * 24 * H, &rep, &err), 0);
    assert_int_equal(fg_sweep_count(&rep, "whitelist_due"), 1);
    assert_int_equal(fg_app_sweep(&app, conn(), at + 12 * 24 * H, &rep, &err), 0);
    assert_int_equal(fg_sweep_count(&rep, "whitelist_due"), 0);
    fg_wl_row row;
    assert_int_equal(fg_store_wl_get(conn(), id, &row, &err), 0);
    assert_int_equal(row.w.state, FG_WL_DUE_REVIEW);
    assert_int_equal(row.batch_number, 1);
    fg_wl_row_release(&row);
    fg_buf b;
    fg_buf_init(&b, 0);
    assert_int_equal(fg_app_sweepers_print(&b), 0);
    assert_non_null(strstr(b.buf, "whitelists"));
    fg_buf_release(&b);
    fg_audit_verdict v;
    assert_int_equal(fg_audit_verify(conn(), &v, &err), 0);
    assert_int_equal(v.first_bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_guidance_cache_follows_the_table_version),
        cmocka_unit_test(a_table_that_allows_nothing_still_lets_an_emergency_through),
        cmocka_unit_test(a_proposal_follows_the_guidance),
        cmocka_unit_test(the_blanket_alarm_is_raised_once_per_window),
        cmocka_unit_test(the_sweep_table_writes_down_what_time_did),
        cmocka_unit_test(passes_are_decided_by_the_goods_owner_at_province_level),
        cmocka_unit_test(applications_are_held_to_the_strictest_test_rule_of_the_trip),
        cmocka_unit_test(coordination_items_escalate_to_the_province_then_the_nation),
        cmocka_unit_test(a_listing_comes_due_for_review_when_its_date_passes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
