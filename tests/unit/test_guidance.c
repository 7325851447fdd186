/* The guidance engine: loading, gap check, first match, explanation, and the
 * default table from the seed (read from the source tree, FG_SOURCE_DIR, the
 * same file the binary embeds). */
#include "test.h"

#include <stdio.h>

#include "core/enterprise.h"
#include "core/guidance.h"

static fg_guidance_table default_table(void)
{
    static const char path[] = FG_SOURCE_DIR "/data/guidance-default.json";
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    fg_buf text;
    fg_buf_init(&text, 0);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        assert_int_equal(fg_buf_add(&text, chunk, n), 0);
    assert_false(ferror(f));
    fclose(f);
    fg_guidance_table t;
    fg_err err;
    fg_err_init(&err);
    int rc = fg_guidance_table_load(&t, text.buf, text.len, 1, &err);
    fg_buf_release(&text);
    if (rc)
        fail_msg("default table refused: %s", err.msg);
    return t;
}

static const char *answer(const fg_guidance_table *t, fg_risk_level risk, unsigned cats, bool wl,
                          bool crit, bool plan)
{
    fg_guidance_input in = {risk, cats, wl, crit, plan};
    size_t idx;
    assert_int_equal(fg_guidance_match(t, &in, &idx), 0);
    return t->rules[idx].id;
}

static const char *route(const fg_guidance_table *t, fg_risk_level risk, unsigned cats, bool wl,
                         bool crit, bool plan)
{
    fg_guidance_input in = {risk, cats, wl, crit, plan};
    const char *name;
    assert_int_equal(fg_guidance_route(t, &in, &name), 0);
    return name;
}

static void the_route_comes_from_the_rule(void **state)
{
    (void)state;
    fg_guidance_table t = default_table();
    for (int level = FG_RISK_MEDIUM; level <= FG_RISK_HIGH; level++) {
        fg_risk_level l = (fg_risk_level)level;
        assert_string_equal(route(&t, l, 0, true, false, false), "critical_link");
        assert_string_equal(route(&t, l, FG_CAT_KEY_INDUSTRIAL, false, true, true),
                            "critical_link");
        assert_string_equal(route(&t, l, FG_CAT_LIVELIHOOD_SUPPLY, false, false, false),
                            "key_or_livelihood");
        assert_string_equal(route(&t, l, FG_CAT_RELATED_SERVICE, false, false, false), "general");
        assert_string_equal(route(&t, l, 0, false, false, false), "general");
    }
    /* At low risk no restriction is allowed; an emergency order is confirmed
     * by the route the same enterprise has at the next level up. */
    assert_string_equal(route(&t, FG_RISK_LOW, FG_CAT_KEY_INDUSTRIAL, false, false, false),
                        "key_or_livelihood");
    assert_string_equal(route(&t, FG_RISK_LOW, 0, true, false, false), "critical_link");
    assert_string_equal(route(&t, FG_RISK_LOW, 0, false, false, false), "general");
    fg_guidance_table_release(&t);
    /* A table that allows nothing anywhere gives no route. */
    static const char none[] =
        "{\"rules\": [{\"id\": \"never\", \"when\": {}, \"mode\": \"normal\", \"measures\": [],"
        " \"restriction_allowed\": false, \"route\": null,"
        " \"explanation\": {\"en\": \"e\", \"zh\": \"z\"}}]}";
    fg_err err;
    assert_int_equal(fg_guidance_table_load(&t, none, sizeof(none) - 1, 2, &err), 0);
    fg_guidance_input in = {FG_RISK_LOW, 0, false, false, false};
    const char *name;
    assert_int_equal(fg_guidance_route(&t, &in, &name), FG_ENOTFOUND);
    fg_guidance_table_release(&t);
}

static void default_table_follows_the_seed(void **state)
{
    (void)state;
    fg_guidance_table t = default_table();
    /* Low risk: normal operation, no restriction may be proposed at all. */
    assert_string_equal(answer(&t, FG_RISK_LOW, FG_CAT_KEY_INDUSTRIAL, true, true, true),
                        "low-any");
    size_t idx;
    fg_guidance_input low = {FG_RISK_LOW, 0, false, false, false};
    fg_guidance_match(&t, &low, &idx);
    assert_false(t.rules[idx].restriction_allowed);
    assert_null(t.rules[idx].route);
    /* White-list members take the critical-link route. */
    assert_string_equal(answer(&t, FG_RISK_HIGH, FG_CAT_KEY_INDUSTRIAL, true, false, false),
                        "critical-whitelist");
    assert_string_equal(answer(&t, FG_RISK_MEDIUM, 0, false, true, false), "critical-marked");
    /* Key enterprises: plan filed or not, closed loop in high risk, never a stop for lack of it. */
    assert_string_equal(answer(&t, FG_RISK_HIGH, FG_CAT_LIVELIHOOD_SUPPLY, false, false, true),
                        "high-key-plan");
    assert_string_equal(answer(&t, FG_RISK_HIGH, FG_CAT_KEY_INDUSTRIAL, false, false, false),
                        "high-key-no-plan");
    assert_string_equal(answer(&t, FG_RISK_MEDIUM, FG_CAT_RELATED_SERVICE, false, false, false),
                        "service-in-step");
    assert_string_equal(answer(&t, FG_RISK_HIGH, 0, false, false, false), "high-other");
    fg_guidance_input other = {FG_RISK_HIGH, 0, false, false, false};
    fg_guidance_match(&t, &other, &idx);
    assert_string_equal(t.rules[idx].route, "general");
    assert_int_equal(t.rules[idx].mode, FG_MODE_STRENGTHENED);
    fg_guidance_table_release(&t);
}

static void explanation_names_rule_and_situation(void **state)
{
    (void)state;
    fg_guidance_table t = default_table();
    fg_guidance_input in = {FG_RISK_HIGH, FG_CAT_KEY_INDUSTRIAL, false, false, false};
    size_t idx;
    fg_guidance_match(&t, &in, &idx);
    fg_buf b;
    fg_buf_init(&b, 0);
    assert_int_equal(fg_guidance_explain(&t, idx, &in, &b), 0);
    assert_non_null(strstr(b.buf, "Rule high-key-no-plan of table version 1"));
    assert_non_null(strstr(b.buf, "risk level high"));
    assert_non_null(strstr(b.buf, "key_industrial"));
    assert_non_null(strstr(b.buf, "no production plan"));
    fg_buf_release(&b);
    fg_guidance_table_release(&t);
}

static void a_table_with_a_gap_is_refused_naming_the_gap(void **state)
{
    (void)state;
    const char *text =
        "{\"rules\":[{\"id\":\"only-low\",\"when\":{\"risk_level\":[\"low\"]},\"mode\":\"normal\","
        "\"measures\":[],\"restriction_allowed\":false,\"route\":null,"
        "\"explanation\":{\"en\":\"x\",\"zh\":\"x\"}}]}";
    fg_guidance_table t;
    fg_err err;
    fg_err_init(&err);
    assert_int_equal(fg_guidance_table_load(&t, text, strlen(text), 2, &err), FG_EINVAL);
    assert_non_null(strstr(err.msg, "no answer for risk medium"));
    assert_null(t.json);
}

static void malformed_rules_are_refused(void **state)
{
    (void)state;
    static const char *bad[] = {
        "not json",
        "{\"rules\":[]}",
        "{\"rules\":[{\"id\":\"a\",\"mode\":\"sideways\",\"measures\":[],\"restriction_allowed\":"
        "false,"
        "\"explanation\":{\"en\":\"x\",\"zh\":\"x\"}}]}",
        "{\"rules\":[{\"id\":\"a\",\"mode\":\"normal\",\"measures\":[],\"restriction_allowed\":"
        "true,"
        "\"explanation\":{\"en\":\"x\",\"zh\":\"x\"}}]}",
        "{\"rules\":[{\"id\":\"a\",\"when\":{\"colour\":\"red\"},\"mode\":\"normal\",\"measures\":["
        "],"
        "\"restriction_allowed\":false,\"explanation\":{\"en\":\"x\",\"zh\":\"x\"}}]}",
        "{\"rules\":[{\"id\":\"a\",\"mode\":\"normal\",\"measures\":[],\"restriction_allowed\":"
        "false,"
        "\"explanation\":{\"en\":\"x\",\"zh\":\"x\"}},{\"id\":\"a\",\"mode\":\"normal\","
        "\"measures\":[],\"restriction_allowed\":false,\"explanation\":{\"en\":\"x\",\"zh\":\"x\"}}"
        "]}",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        fg_guidance_table t;
        fg_err err;
        fg_err_init(&err);
        assert_int_equal(fg_guidance_table_load(&t, bad[i], strlen(bad[i]), 1, &err), FG_EINVAL);
        assert_true(err.msg[0] != '\0');
    }
}

static void a_catch_all_table_loads(void **state)
{
    (void)state;
    const char *text = "{\"rules\":[{\"id\":\"all\",\"mode\":\"normal\",\"measures\":[{\"en\":"
                       "\"m\",\"zh\":\"m\"}],"
                       "\"restriction_allowed\":true,\"route\":\"general\","
                       "\"explanation\":{\"en\":\"x\",\"zh\":\"x\"}}]}";
    fg_guidance_table t;
    assert_int_equal(fg_guidance_table_load(&t, text, strlen(text), 7, NULL), 0);
    assert_int_equal(t.version, 7);
    assert_int_equal(t.n, 1);
    fg_guidance_table_release(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(default_table_follows_the_seed),
        cmocka_unit_test(the_route_comes_from_the_rule),
        cmocka_unit_test(explanation_names_rule_and_situation),
        cmocka_unit_test(a_table_with_a_gap_is_refused_naming_the_gap),
        cmocka_unit_test(malformed_rules_are_refused),
        cmocka_unit_test(a_catch_all_table_loads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
