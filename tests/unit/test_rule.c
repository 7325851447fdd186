/* The shared leaves of the rule language (src/core/rule.c) that the guidance
 * table and the policies both read: risk levels, categories with "none",
 * yes/no flags, texts in both languages, and category matching. */
#include "test.h"

#include "core/enterprise.h"
#include "core/risk.h"
#include "core/rule.h"

static json_t *j(const char *text)
{
    json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);
    assert_non_null(v);
    return v;
}

static void risk_levels_read_into_bits(void **state)
{
    (void)state;
    unsigned mask = 0;
    const char *bad = NULL;
    json_t *v = j("[\"medium\", \"high\"]");
    assert_int_equal(fg_rule_risk_levels(v, &mask, &bad), FG_RULE_OK);
    assert_int_equal(mask, (1u << FG_RISK_MEDIUM) | (1u << FG_RISK_HIGH));
    json_decref(v);
    v = j("[]");
    assert_int_equal(fg_rule_risk_levels(v, &mask, &bad), FG_RULE_NOT_LIST);
    json_decref(v);
    v = j("\"high\"");
    assert_int_equal(fg_rule_risk_levels(v, &mask, &bad), FG_RULE_NOT_LIST);
    json_decref(v);
    v = j("[\"low\", \"severe\"]");
    assert_int_equal(fg_rule_risk_levels(v, &mask, &bad), FG_RULE_BAD_ITEM);
    assert_string_equal(bad, "severe");
    json_decref(v);
    v = j("[3]");
    assert_int_equal(fg_rule_risk_levels(v, &mask, &bad), FG_RULE_BAD_ITEM);
    assert_string_equal(bad, "(not a text)");
    json_decref(v);
}

static void categories_and_none(void **state)
{
    (void)state;
    unsigned mask = 0;
    const char *bad = NULL;
    json_t *v = j("[\"key_industrial\", \"none\"]");
    assert_int_equal(fg_rule_categories(v, &mask, &bad), FG_RULE_OK);
    assert_int_equal(mask, FG_CAT_KEY_INDUSTRIAL | FG_RULE_CAT_NONE);
    assert_true(fg_rule_categories_match(mask, FG_CAT_KEY_INDUSTRIAL));
    assert_true(fg_rule_categories_match(mask, 0));
    assert_true(fg_rule_categories_match(mask, FG_CAT_KEY_INDUSTRIAL | FG_CAT_RELATED_SERVICE));
    assert_false(fg_rule_categories_match(mask, FG_CAT_LIVELIHOOD_SUPPLY));
    json_decref(v);
    /* No condition: anything. */
    assert_true(fg_rule_categories_match(0, 0));
    assert_true(fg_rule_categories_match(0, FG_CAT_ALL));
    /* One category per item. */
    v = j("[\"key_industrial|livelihood_supply\"]");
    assert_int_equal(fg_rule_categories(v, &mask, &bad), FG_RULE_BAD_ITEM);
    json_decref(v);
    v = j("[\"bank\"]");
    assert_int_equal(fg_rule_categories(v, &mask, &bad), FG_RULE_BAD_ITEM);
    assert_string_equal(bad, "bank");
    json_decref(v);
    v = j("{}");
    assert_int_equal(fg_rule_categories(v, &mask, &bad), FG_RULE_NOT_LIST);
    json_decref(v);
}

static void flags_and_texts(void **state)
{
    (void)state;
    json_t *o = j("{\"whitelist\": true, \"critical\": false, \"plan\": 1,"
                  " \"why\": {\"en\": \"because\", \"zh\": \"因为\"}, \"half\": {\"en\": \"x\"}}");
    int f = 7;
    assert_int_equal(fg_rule_flag(o, "whitelist", &f), FG_RULE_OK);
    assert_int_equal(f, 1);
    assert_int_equal(fg_rule_flag(o, "critical", &f), FG_RULE_OK);
    assert_int_equal(f, 0);
    assert_int_equal(fg_rule_flag(o, "absent", &f), FG_RULE_OK);
    assert_int_equal(f, -1);
    assert_int_equal(fg_rule_flag(o, "plan", &f), FG_RULE_NOT_BOOL);
    const char *en = NULL, *zh = NULL;
    assert_int_equal(fg_rule_text(o, "why", &en, &zh), FG_RULE_OK);
    assert_string_equal(en, "because");
    assert_string_equal(zh, "因为");
    assert_int_equal(fg_rule_text(o, "half", &en, &zh), FG_RULE_NOT_TEXT);
    assert_int_equal(fg_rule_text(o, "absent", &en, &zh), FG_RULE_NOT_TEXT);
    json_decref(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(risk_levels_read_into_bits),
        cmocka_unit_test(categories_and_none),
        cmocka_unit_test(flags_and_texts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
