/* Policy rules: every kind of condition, all/any/not, amounts with caps, the
 * explanation and what an enterprise lacks, bad documents refused with their
 * keys, and the industry sections against data/industries.tsv. Documents are
 * written with ' for " to stay readable. */
#include "test.h"

#include <stdio.h>

#include "core/date.h"
#include "core/policy.h"

static char *dq(const char *s)
{
    char *t = strdup(s);
    assert_non_null(t);
    for (char *p = t; *p; p++)
        if (*p == '\'')
            *p = '"';
    return t;
}

static void load(fg_policy_rule *r, const char *doc)
{
    char *t = dq(doc);
    fg_err err;
    fg_err_init(&err);
    int rc = fg_policy_rule_load(r, t, strlen(t), &err);
    free(t);
    if (rc)
        fail_msg("refused: %s (%s)", err.msg, err.key);
}

static void refused(const char *doc, const char *key)
{
    char *t = dq(doc);
    fg_err err;
    fg_err_init(&err);
    fg_policy_rule r;
    int rc = fg_policy_rule_load(&r, t, strlen(t), &err);
    free(t);
    if (rc == 0) {
        fg_policy_rule_release(&r);
        fail_msg("accepted, expected %s: %s", key, doc);
    }
    assert_int_equal(rc, FG_EINVAL);
    if (strcmp(err.key, key))
        fail_msg("refused with %s (%s), expected %s", err.key, err.msg, key);
    assert_null(r.json);
}

/* A rule with condition `when` and a fixed amount of 100 yuan. */
static bool holds(const char *when, const fg_policy_facts *f)
{
    char doc[2048];
    snprintf(doc, sizeof(doc), "{'benefit': 'subsidy', 'when': %s, 'amount': {'fixed': 100}}",
             when);
    fg_policy_rule r;
    load(&r, doc);
    fg_policy_result res, res2;
    fg_policy_evaluate(&r, f, &res);
    json_t *x = fg_policy_explain(&r, f, &res2);
    assert_non_null(x);
    /* The fast path and the explained one agree. */
    assert_int_equal(res.eligible, res2.eligible);
    assert_int_equal(res.amount_fen, res2.amount_fen);
    assert_int_equal(json_is_true(json_object_get(x, "eligible")), res.eligible);
    json_decref(x);
    fg_policy_rule_release(&r);
    return res.eligible;
}

static fg_policy_facts facts(void)
{
    fg_policy_facts f;
    fg_policy_facts_init(&f, 20220615);
    f.region = 330102;
    memcpy(f.industry, "61", 3);
    f.categories = FG_CAT_LIVELIHOOD_SUPPLY;
    f.headcount = 40;
    f.capacity = 1000;
    return f;
}

static void categories_and_flags_as_in_guidance(void **state)
{
    (void)state;
    fg_policy_facts f = facts();
    assert_true(holds("{'category': ['livelihood_supply', 'key_industrial']}", &f));
    assert_false(holds("{'category': ['key_industrial']}", &f));
    assert_false(holds("{'category': ['none']}", &f));
    f.categories = 0;
    assert_true(holds("{'category': ['none']}", &f));
    assert_false(holds("{'whitelist': true}", &f));
    assert_true(holds("{'whitelist': false}", &f));
    f.whitelist = true;
    assert_true(holds("{'whitelist': true}", &f));
    assert_false(holds("{'critical': true}", &f));
    f.critical = true;
    assert_true(holds("{'critical': true}", &f));
}

static void industry_by_section_or_division(void **state)
{
    (void)state;
    fg_policy_facts f = facts(); /* 61: accommodation, section H */
    assert_true(holds("{'industry': ['H']}", &f));
    assert_true(holds("{'industry': ['C', '61']}", &f));
    assert_false(holds("{'industry': ['62', 'G']}", &f));
    memcpy(f.industry, "54", 3); /* road transport, section G */
    assert_true(holds("{'industry': ['G']}", &f));
    assert_false(holds("{'industry': ['H']}", &f));
}

static void thresholds_are_inclusive(void **state)
{
    (void)state;
    fg_policy_facts f = facts();
    assert_true(holds("{'headcount': {'min': 40}}", &f));
    assert_true(holds("{'headcount': {'max': 40}}", &f));
    assert_false(holds("{'headcount': {'min': 41}}", &f));
    assert_false(holds("{'headcount': {'min': 1, 'max': 39}}", &f));
    assert_true(holds("{'capacity': {'min': 1000, 'max': 1000}}", &f));
    assert_false(holds("{'capacity': {'max': 999}}", &f));
    /* The insured number where held, else the headcount. */
    assert_true(holds("{'insured_headcount': {'min': 40}}", &f));
    f.insured = 12;
    assert_false(holds("{'insured_headcount': {'min': 40}}", &f));
    assert_true(holds("{'insured_headcount': {'min': 1, 'max': 12}}", &f));
    f.insured = 0;
    assert_false(holds("{'insured_headcount': {'min': 1}}", &f));
}

static void risk_on_a_date_and_during_a_period(void **state)
{
    (void)state;
    /* The city (330100) medium from April 10; the county high from May 1,
     * low again from May 20. */
    fg_risk_designation d[] = {{330100, FG_RISK_MEDIUM, 20220410, 1},
                               {330102, FG_RISK_HIGH, 20220501, 2},
                               {330102, FG_RISK_LOW, 20220520, 3}};
    fg_policy_facts f = facts(); /* evaluated on 2022-06-15: low */
    f.risk = d;
    f.n_risk = 3;
    assert_true(holds("{'risk_level': ['low']}", &f));
    assert_false(holds("{'risk_level': ['medium', 'high']}", &f));
    assert_true(holds("{'risk_level': ['high'], 'on': '2022-05-10'}", &f));
    assert_true(holds("{'risk_level': ['medium'], 'on': '2022-04-10'}", &f));
    assert_false(holds("{'risk_level': ['medium'], 'on': '2022-04-09'}", &f));
    assert_true(holds("{'risk_level': ['high'], 'during': {'from': '2022-01-01', 'to': "
                      "'2022-12-31'}}",
                      &f));
    assert_true(holds("{'risk_level': ['medium', 'high'], 'during': {'from': '2022-04-30', "
                      "'to': '2022-04-30'}}",
                      &f));
    assert_false(holds("{'risk_level': ['high'], 'during': {'from': '2022-05-20', 'to': "
                       "'2022-12-31'}}",
                       &f));
    assert_false(holds("{'risk_level': ['medium', 'high'], 'during': {'from': '2022-01-01', "
                       "'to': '2022-04-09'}}",
                       &f));
    /* The last 50 days before 2022-06-15 start on 2022-04-27: medium then. */
    assert_true(holds("{'risk_level': ['medium'], 'during': {'last_days': 50}}", &f));
    assert_false(holds("{'risk_level': ['high', 'medium'], 'during': {'last_days': 26}}", &f));
    /* What is designated for after the evaluation date is not yet a fact. */
    f.date = 20220430;
    assert_false(holds("{'risk_level': ['high'], 'during': {'from': '2022-01-01', 'to': "
                       "'2022-12-31'}}",
                       &f));
    assert_false(holds("{'risk_level': ['high'], 'on': '2022-05-10'}", &f));
    assert_false(holds("{'risk_level': ['medium'], 'during': {'from': '2022-05-01', 'to': "
                       "'2022-12-31'}}",
                       &f));
    f.date = 20220615;
    /* No designation at all: low. */
    f.n_risk = 0;
    assert_true(holds("{'risk_level': ['low'], 'during': {'last_days': 365}}", &f));
}

static void days_under_orders_in_a_period(void **state)
{
    (void)state;
    fg_policy_order_days o[] = {
        {20220501, 20220510, FG_MEASURE_STOP},           /* 10 days */
        {20220508, 20220512, FG_MEASURE_STOP},           /* overlaps: +2 */
        {20220513, 20220513, FG_MEASURE_LIMIT_CAPACITY}, /* touches: +1 limited */
        {20220601, 20220605, FG_MEASURE_LIMIT_ARRIVAL},  /* 5 days */
    };
    fg_policy_facts f = facts();
    f.orders = o;
    f.n_orders = 4;
    const char *y2022 = "'during': {'from': '2022-01-01', 'to': '2022-12-31'}";
    char c[256];
    snprintf(c, sizeof(c), "{'order_days': {'min': 12, 'max': 12}, 'measures': ['stop'], %s}",
             y2022);
    assert_true(holds(c, &f));
    snprintf(c, sizeof(c),
             "{'order_days': {'min': 13, 'max': 13}, 'measures': ['stop', 'limit_capacity'], %s}",
             y2022);
    assert_true(holds(c, &f));
    snprintf(c, sizeof(c), "{'order_days': {'min': 18, 'max': 18}, %s}", y2022);
    assert_true(holds(c, &f));
    snprintf(c, sizeof(c), "{'order_days': {'min': 19}, %s}", y2022);
    assert_false(holds(c, &f));
    /* Clipped to the period: May 9 to May 11 is 3 days. */
    assert_true(holds("{'order_days': {'min': 3, 'max': 3}, 'measures': ['stop'], 'during': "
                      "{'from': '2022-05-09', 'to': '2022-05-11'}}",
                      &f));
    /* The last 15 days up to June 15: June 1 to 5. */
    assert_true(holds("{'order_days': {'min': 5, 'max': 5}, 'during': {'last_days': 15}}", &f));
    assert_true(holds("{'order_days': {'max': 0}, 'measures': ['stop'], 'during': {'last_days': "
                      "15}}",
                      &f));
    /* Days after the evaluation date do not count yet. */
    f.date = 20220505;
    assert_true(holds("{'order_days': {'min': 5, 'max': 5}, 'measures': ['stop'], 'during': "
                      "{'from': '2022-01-01', 'to': '2022-12-31'}}",
                      &f));
}

static void daily_report_facts(void **state)
{
    (void)state;
    fg_policy_facts f = facts();
    /* No report: a condition on one is not met, whatever its bounds. */
    assert_false(holds("{'staff_return_rate': {'min': 0}}", &f));
    f.report_day = 20220614;
    f.staff_pct = 85;
    f.capacity_pct = 40;
    assert_true(holds("{'staff_return_rate': {'min': 80}}", &f));
    assert_false(holds("{'staff_return_rate': {'min': 90}}", &f));
    assert_true(holds("{'capacity_utilisation': {'max': 50}}", &f));
    assert_false(holds("{'capacity_utilisation': {'min': 41}}", &f));
    /* A report after the evaluation date is not yet known. */
    f.report_day = 20220616;
    assert_false(holds("{'staff_return_rate': {'min': 80}}", &f));
}

static void all_any_not_combine(void **state)
{
    (void)state;
    fg_policy_facts f = facts();
    assert_true(
        holds("{'all': [{'headcount': {'min': 1}}, {'category': ['livelihood_supply']}]}", &f));
    assert_false(holds("{'all': [{'headcount': {'min': 1}}, {'whitelist': true}]}", &f));
    assert_true(holds("{'any': [{'headcount': {'min': 1000}}, {'industry': ['H']}]}", &f));
    assert_false(holds("{'any': [{'headcount': {'min': 1000}}, {'industry': ['C']}]}", &f));
    assert_true(holds("{'not': {'whitelist': true}}", &f));
    assert_false(holds("{'not': {'industry': ['H']}}", &f));
    assert_true(holds("{'all': [{'not': {'any': [{'critical': true}, {'whitelist': true}]}},"
                      " {'any': [{'industry': ['61']}, {'headcount': {'max': 0}}]}]}",
                      &f));
}

static fg_policy_result amount(const char *amount_doc, const fg_policy_facts *f)
{
    char doc[1024];
    snprintf(doc, sizeof(doc),
             "{'benefit': 'rent_relief', 'when': {'headcount': {'min': 1}}, 'amount': %s}",
             amount_doc);
    fg_policy_rule r;
    load(&r, doc);
    fg_policy_result res;
    fg_policy_evaluate(&r, f, &res);
    fg_policy_rule_release(&r);
    assert_true(res.eligible);
    return res;
}

static void amounts_in_fen_with_caps(void **state)
{
    (void)state;
    fg_policy_facts f = facts();
    fg_policy_result r = amount("{'fixed': 3000}", &f);
    assert_int_equal(r.amount_fen, 300000);
    assert_false(r.capped);
    /* 500 yuan for each of 40 (headcount: no insured number held). */
    r = amount("{'per_insured_employee': 500}", &f);
    assert_int_equal(r.amount_fen, 40 * 50000);
    f.insured = 30;
    r = amount("{'per_insured_employee': 500}", &f);
    assert_int_equal(r.amount_fen, 30 * 50000);
    r = amount("{'per_insured_employee': 500, 'cap': 10000}", &f);
    assert_int_equal(r.amount_fen, 1000000);
    assert_true(r.capped);
    r = amount("{'per_insured_employee': 500, 'cap': 15000}", &f);
    assert_int_equal(r.amount_fen, 1500000);
    assert_false(r.capped);
    /* Months of rent: unknown until the rent is held. */
    r = amount("{'per_month': {'of': 'monthly_rent', 'months': 3}}", &f);
    assert_false(r.amount_known);
    assert_int_equal(r.amount_fen, 0);
    assert_int_equal(r.months, 3);
    f.monthly_rent = 1234567; /* 12,345.67 yuan */
    r = amount("{'per_month': {'of': 'monthly_rent', 'months': 3}}", &f);
    assert_true(r.amount_known);
    assert_int_equal(r.amount_fen, 3703701);
    r = amount("{'per_month': {'of': 'monthly_rent', 'months': 3}, 'cap': 20000}", &f);
    assert_int_equal(r.amount_fen, 2000000);
    assert_true(r.capped);
    /* A share rounds down to the fen, without overflow on large bases. */
    f.vat_credit = 999;
    r = amount("{'share': {'of': 'vat_credit', 'percent': 60}}", &f);
    assert_int_equal(r.amount_fen, 599);
    f.vat_credit = INT64_C(4000000000000000000);
    r = amount("{'share': {'of': 'vat_credit', 'percent': 100}}", &f);
    assert_int_equal(r.amount_fen, INT64_C(4000000000000000000));
    /* Absurd facts saturate instead of wrapping, and a cap still holds. */
    f.insured = INT64_C(1000000000000);
    r = amount("{'per_insured_employee': 1000000000}", &f);
    assert_int_equal(r.amount_fen, INT64_MAX);
    r = amount("{'per_insured_employee': 1000000000, 'cap': 5}", &f);
    assert_int_equal(r.amount_fen, 500);
    f.monthly_contributions = 800000;
    r = amount("{'share': {'of': 'monthly_contributions', 'percent': 50}}", &f);
    assert_int_equal(r.amount_fen, 400000);
}

static void months_depend_on_a_condition(void **state)
{
    (void)state;
    static const char doc[] =
        "{'benefit': 'rent_relief', 'when': {'industry': ['F', 'H', 'O']},"
        " 'amount': {'per_month': {'of': 'monthly_rent', 'months': 3, 'instead': {"
        "   'when': {'risk_level': ['medium', 'high'], 'during': {'from': '2022-01-01', 'to': "
        "'2022-12-31'}},"
        "   'months': 6}}}}";
    fg_policy_rule r;
    load(&r, doc);
    fg_policy_facts f = facts();
    f.monthly_rent = 200000;
    fg_policy_result res;
    fg_policy_evaluate(&r, &f, &res);
    assert_true(res.eligible);
    assert_int_equal(res.months, 3);
    assert_int_equal(res.amount_fen, 600000);
    fg_risk_designation d[] = {{330102, FG_RISK_MEDIUM, 20220301, 1},
                               {330102, FG_RISK_LOW, 20220315, 2}};
    f.risk = d;
    f.n_risk = 2;
    fg_policy_evaluate(&r, &f, &res);
    assert_int_equal(res.months, 6);
    assert_int_equal(res.amount_fen, 1200000);
    json_t *x = fg_policy_explain(&r, &f, &res);
    json_t *a = json_object_get(x, "amount");
    assert_int_equal(json_integer_value(json_object_get(a, "months")), 6);
    assert_int_equal(json_integer_value(json_object_get(a, "base_fen")), 200000);
    assert_int_equal(json_integer_value(json_object_get(x, "amount_fen")), 1200000);
    /* The condition that chose the months is explained too. */
    json_t *checks = json_object_get(x, "checks");
    assert_int_equal(json_array_size(checks), 2);
    json_t *c1 = json_array_get(checks, 1);
    assert_string_equal(json_string_value(json_object_get(c1, "path")), "amount.instead.when");
    assert_true(json_is_true(json_object_get(c1, "met")));
    assert_string_equal(json_string_value(json_object_get(json_object_get(c1, "fact"), "on")),
                        "2022-03-01");
    json_decref(x);
    /* Not eligible: no amount. */
    memcpy(f.industry, "13", 3);
    fg_policy_evaluate(&r, &f, &res);
    assert_false(res.eligible);
    assert_int_equal(res.amount_fen, 0);
    fg_policy_rule_release(&r);
}

static json_t *check_at(json_t *x, const char *path)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(x, "checks"), i, c)
    {
        if (strcmp(json_string_value(json_object_get(c, "path")), path) == 0)
            return c;
    }
    fail_msg("no check at %s", path);
    return NULL;
}

static void explanation_names_the_deciding_facts(void **state)
{
    (void)state;
    static const char doc[] =
        "{'benefit': 'subsidy', 'when': {'all': ["
        "  {'insured_headcount': {'min': 1}},"
        "  {'risk_level': ['medium', 'high'], 'during': {'from': '2022-01-01', 'to': "
        "'2022-12-31'}},"
        "  {'order_days': {'min': 1}, 'measures': ['stop', 'limit_capacity'], 'during': "
        "{'from': '2022-01-01', 'to': '2022-12-31'}}]},"
        " 'amount': {'per_insured_employee': 500, 'cap': 300000}}";
    fg_policy_rule r;
    load(&r, doc);
    fg_risk_designation d[] = {{330102, FG_RISK_HIGH, 20220420, 1}};
    fg_policy_order_days o[] = {{20220421, 20220430, FG_MEASURE_STOP}};
    fg_policy_facts f = facts();
    f.insured = 25;
    f.risk = d;
    f.n_risk = 1;
    f.orders = o;
    f.n_orders = 1;
    fg_policy_result res;
    json_t *x = fg_policy_explain(&r, &f, &res);
    assert_true(res.eligible);
    assert_int_equal(res.amount_fen, 25 * 50000);
    assert_int_equal(json_array_size(json_object_get(x, "checks")), 3);
    assert_int_equal(json_array_size(json_object_get(x, "lacks")), 0);
    json_t *c = check_at(x, "when.all[0]");
    assert_true(json_is_true(json_object_get(c, "met")));
    assert_string_equal(json_string_value(json_object_get(json_object_get(c, "fact"), "counted")),
                        "insured");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(c, "fact"), "value")), 25);
    c = check_at(x, "when.all[1]");
    json_t *fact = json_object_get(c, "fact");
    assert_string_equal(json_string_value(json_object_get(fact, "level")), "high");
    assert_string_equal(json_string_value(json_object_get(fact, "on")), "2022-04-20");
    assert_string_equal(json_string_value(json_object_get(fact, "source_region")), "330102");
    assert_non_null(strstr(json_string_value(json_object_get(c, "text")), "risk level high on "
                                                                          "2022-04-20"));
    c = check_at(x, "when.all[2]");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(c, "fact"), "days")), 10);
    /* The condition as written comes back for the page to say in words. */
    assert_non_null(json_object_get(json_object_get(c, "condition"), "order_days"));
    json_t *a = json_object_get(x, "amount");
    assert_string_equal(json_string_value(json_object_get(a, "formula")), "per_insured_employee");
    assert_int_equal(json_integer_value(json_object_get(a, "count")), 25);
    json_decref(x);

    /* Without orders it lacks exactly that condition. */
    f.n_orders = 0;
    x = fg_policy_explain(&r, &f, &res);
    assert_false(res.eligible);
    assert_true(json_is_null(json_object_get(x, "amount_fen")));
    json_t *lacks = json_object_get(x, "lacks");
    assert_int_equal(json_array_size(lacks), 1);
    assert_string_equal(json_string_value(json_array_get(lacks, 0)), "when.all[2]");
    c = check_at(x, "when.all[2]");
    assert_false(json_is_true(json_object_get(c, "met")));
    assert_true(json_is_true(json_object_get(c, "lacking")));
    assert_false(json_is_true(json_object_get(check_at(x, "when.all[1]"), "lacking")));
    json_decref(x);
    fg_policy_rule_release(&r);
}

static void what_it_lacks_through_any_and_not(void **state)
{
    (void)state;
    static const char doc[] = "{'benefit': 'logistics', 'when': {'all': ["
                              "  {'any': [{'industry': ['G']}, {'whitelist': true}]},"
                              "  {'not': {'critical': true}},"
                              "  {'headcount': {'min': 1}}]},"
                              " 'amount': {'fixed': 1}}";
    fg_policy_rule r;
    load(&r, doc);
    fg_policy_facts f = facts();
    f.critical = true;
    fg_policy_result res;
    json_t *x = fg_policy_explain(&r, &f, &res);
    assert_false(res.eligible);
    /* Either branch of any would do; the critical mark must go; the
     * headcount is fine. */
    json_t *lacks = json_object_get(x, "lacks");
    assert_int_equal(json_array_size(lacks), 3);
    assert_true(json_is_true(json_object_get(check_at(x, "when.all[0].any[0]"), "lacking")));
    assert_true(json_is_true(json_object_get(check_at(x, "when.all[0].any[1]"), "lacking")));
    json_t *c = check_at(x, "when.all[1].not");
    assert_true(json_is_true(json_object_get(c, "met")));
    assert_true(json_is_true(json_object_get(c, "lacking")));
    assert_false(json_is_true(json_object_get(check_at(x, "when.all[2]"), "lacking")));
    json_decref(x);
    fg_policy_rule_release(&r);
}

static void bad_documents_are_refused_with_their_keys(void **state)
{
    (void)state;
    const char *ok_amount = "'amount': {'fixed': 1}";
    char d[512];
#define WHEN(w) (snprintf(d, sizeof(d), "{'benefit': 'subsidy', 'when': %s, %s}", w, ok_amount), d)
    refused("[1", "policy.json");
    refused("[]", "policy.object");
    refused("{'benefit': 'gift', 'when': {'whitelist': true}, 'amount': {'fixed': 1}}",
            "policy.benefit");
    refused("{'benefit': 'subsidy', 'amount': {'fixed': 1}}", "policy.when");
    refused("{'benefit': 'subsidy', 'when': {'whitelist': true}, 'amount': {'fixed': 1}, 'x': 1}",
            "policy.member");
    refused(WHEN("[]"), "policy.condition_object");
    refused(WHEN("{}"), "policy.condition_missing");
    refused(WHEN("{'size': 3}"), "policy.condition_missing");
    refused(WHEN("{'whitelist': true, 'critical': true}"), "policy.two_conditions");
    refused(WHEN("{'whitelist': true, 'during': {'last_days': 3}}"), "policy.condition_member");
    refused(WHEN("{'all': []}"), "policy.combine_list");
    refused(WHEN("{'any': {'whitelist': true}}"), "policy.combine_list");
    refused(WHEN("{'not': 3}"), "policy.condition_object");
    refused(WHEN("{'category': []}"), "policy.category_list");
    refused(WHEN("{'category': ['bank']}"), "policy.category");
    refused(WHEN("{'industry': 'H'}"), "policy.industry_list");
    refused(WHEN("{'industry': ['Z']}"), "policy.industry");
    refused(WHEN("{'industry': ['98']}"), "policy.industry");
    refused(WHEN("{'industry': ['6']}"), "policy.industry");
    refused(WHEN("{'headcount': 3}"), "policy.range");
    refused(WHEN("{'headcount': {}}"), "policy.range");
    refused(WHEN("{'headcount': {'min': 1.5}}"), "policy.range");
    refused(WHEN("{'headcount': {'min': 1, 'most': 3}}"), "policy.range");
    refused(WHEN("{'headcount': {'min': 5, 'max': 3}}"), "policy.range_bounds");
    refused(WHEN("{'capacity': {'min': -1}}"), "policy.range_bounds");
    refused(WHEN("{'staff_return_rate': {'min': 101}}"), "policy.range_bounds");
    refused(WHEN("{'risk_level': []}"), "policy.risk_list");
    refused(WHEN("{'risk_level': ['severe']}"), "policy.risk_level");
    refused(WHEN("{'risk_level': ['high'], 'on': '2022-02-30'}"), "policy.period_date");
    refused(WHEN("{'risk_level': ['high'], 'on': '2022-02-01', 'during': {'last_days': 3}}"),
            "policy.on_or_during");
    refused(WHEN("{'risk_level': ['high'], 'during': {'from': '2022-02-01'}}"), "policy.period");
    refused(WHEN("{'risk_level': ['high'], 'during': {'from': '2022-03-01', 'to': "
                 "'2022-02-01'}}"),
            "policy.period_order");
    refused(WHEN("{'risk_level': ['high'], 'during': {'last_days': 0}}"), "policy.last_days");
    refused(WHEN("{'order_days': {'min': 1}}"), "policy.period_needed");
    refused(WHEN("{'order_days': {'min': 1}, 'measures': ['close'], 'during': {'last_days': "
                 "3}}"),
            "policy.measure");
    refused(WHEN("{'order_days': {'min': 1}, 'measures': [], 'during': {'last_days': 3}}"),
            "policy.measures");
    refused(WHEN("{'whitelist': 'yes'}"), "policy.flag");
    refused(WHEN("{'not': {'not': {'not': {'not': {'not': {'not': {'not': {'not': {'not': "
                 "{'whitelist': true}}}}}}}}}}"),
            "policy.depth");
#undef WHEN
    /* More than FG_POLICY_MAX_NODES conditions. */
    fg_buf b;
    fg_buf_init(&b, 0);
    fg_buf_adds(&b, "{'benefit': 'subsidy', 'when': {'any': [");
    for (int i = 0; i < FG_POLICY_MAX_NODES; i++)
        fg_buf_adds(&b, i ? ", {'whitelist': true}" : "{'whitelist': true}");
    fg_buf_adds(&b, "]}, 'amount': {'fixed': 1}}");
    refused(b.buf, "policy.too_many");
    fg_buf_release(&b);

    const char *w = "{'benefit': 'subsidy', 'when': {'whitelist': true}, 'amount': ";
    char a[512];
#define AMOUNT(x) (snprintf(a, sizeof(a), "%s%s}", w, x), a)
    refused(AMOUNT("3"), "policy.amount");
    refused(AMOUNT("{}"), "policy.amount");
    refused(AMOUNT("{'cap': 5}"), "policy.amount");
    refused(AMOUNT("{'fixed': 1, 'per_insured_employee': 2}"), "policy.amount");
    refused(AMOUNT("{'fixed': 1, 'ceiling': 2}"), "policy.amount_member");
    refused(AMOUNT("{'fixed': 0}"), "policy.yuan");
    refused(AMOUNT("{'fixed': 1.5}"), "policy.yuan");
    refused(AMOUNT("{'per_insured_employee': 1000000001}"), "policy.yuan");
    refused(AMOUNT("{'fixed': 5, 'cap': -1}"), "policy.yuan");
    refused(AMOUNT("{'per_month': {'of': 'monthly_rent'}}"), "policy.per_month");
    refused(AMOUNT("{'per_month': {'of': 'rent', 'months': 3}}"), "policy.amount_base");
    refused(AMOUNT("{'per_month': {'of': 'monthly_rent', 'months': 0}}"), "policy.months");
    refused(AMOUNT("{'per_month': {'of': 'monthly_rent', 'months': 3, 'instead': {'months': "
                   "6}}}"),
            "policy.per_month");
    refused(AMOUNT("{'per_month': {'of': 'monthly_rent', 'months': 3, 'instead': {'when': "
                   "{'whitelist': 1}, 'months': 6}}}"),
            "policy.flag");
    refused(AMOUNT("{'share': {'of': 'vat_credit', 'percent': 0}}"), "policy.share");
    refused(AMOUNT("{'share': {'of': 'vat_credit'}}"), "policy.share");
#undef AMOUNT
}

static void names_round_trip(void **state)
{
    (void)state;
    for (int b = 0; b < FG_BENEFIT_COUNT; b++) {
        fg_benefit out;
        assert_int_equal(fg_benefit_parse(fg_benefit_name((fg_benefit)b), &out, NULL), 0);
        assert_int_equal(out, b);
    }
    fg_benefit out;
    assert_int_equal(fg_benefit_parse("bribe", &out, NULL), FG_EINVAL);
    assert_string_equal(fg_policy_cond_name(FG_PC_RISK), "risk_level");
}

static void sections_follow_the_industry_table(void **state)
{
    (void)state;
    static const char path[] = FG_SOURCE_DIR "/data/industries.tsv";
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s", path);
    char line[512];
    int rows = 0;
    while (fgets(line, sizeof(line), f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        int d = (line[0] - '0') * 10 + (line[1] - '0');
        assert_int_equal(line[2], '\t');
        assert_int_equal(fg_industry_section(d), line[3]);
        rows++;
    }
    fclose(f);
    assert_int_equal(rows, 97);
    assert_int_equal(fg_industry_section(0), 0);
    assert_int_equal(fg_industry_section(98), 0);
}

static void records_and_states(void **state)
{
    (void)state;
    fg_policy_record p = {330000,
                          "浙江省人力资源和社会保障厅",
                          "一次性留工培训补助",
                          "演示〔2022〕1号",
                          20220601,
                          20220601,
                          20221231,
                          100000000,
                          true};
    fg_err err;
    assert_int_equal(fg_policy_record_check(&p, &err), 0);
    fg_policy_record bad = p;
    bad.title = "";
    assert_int_equal(fg_policy_record_check(&bad, &err), FG_EINVAL);
    assert_string_equal(err.key, "policy.text");
    bad = p;
    bad.department = "a\nb";
    assert_int_equal(fg_policy_record_check(&bad, &err), FG_EINVAL);
    bad = p;
    bad.valid_to = 20220531;
    assert_int_equal(fg_policy_record_check(&bad, &err), FG_EINVAL);
    assert_string_equal(err.key, "policy.validity");
    bad = p;
    bad.valid_from = 20220231;
    assert_int_equal(fg_policy_record_check(&bad, &err), FG_EINVAL);
    assert_string_equal(err.key, "policy.record_date");
    bad = p;
    bad.doc_date = 20230101;
    assert_int_equal(fg_policy_record_check(&bad, &err), FG_EINVAL);
    assert_string_equal(err.key, "policy.doc_date");
    bad = p;
    bad.budget_fen = -1;
    assert_int_equal(fg_policy_record_check(&bad, &err), FG_EINVAL);
    assert_string_equal(err.key, "policy.budget");

    assert_int_equal(fg_policy_state_check(FG_POLICY_DRAFT, FG_POLICY_PUBLISHED, &err), 0);
    assert_int_equal(fg_policy_state_check(FG_POLICY_DRAFT, FG_POLICY_WITHDRAWN, &err), 0);
    assert_int_equal(fg_policy_state_check(FG_POLICY_PUBLISHED, FG_POLICY_WITHDRAWN, &err), 0);
    assert_int_equal(fg_policy_state_check(FG_POLICY_PUBLISHED, FG_POLICY_DRAFT, &err),
                     FG_ECONFLICT);
    assert_string_equal(err.key, "policy.state");
    assert_int_equal(fg_policy_state_check(FG_POLICY_WITHDRAWN, FG_POLICY_PUBLISHED, &err),
                     FG_ECONFLICT);
    assert_int_equal(fg_policy_state_check(FG_POLICY_PUBLISHED, FG_POLICY_PUBLISHED, &err),
                     FG_ECONFLICT);
    assert_int_equal(fg_policy_revise_check(FG_POLICY_PUBLISHED, &err), 0);
    assert_int_equal(fg_policy_revise_check(FG_POLICY_WITHDRAWN, &err), FG_ECONFLICT);
    for (int s = 0; s < 3; s++) {
        fg_policy_state out;
        assert_int_equal(
            fg_policy_state_parse(fg_policy_state_name((fg_policy_state)s), &out, NULL), 0);
        assert_int_equal(out, s);
    }
    assert_true(fg_policy_applies(FG_POLICY_PUBLISHED, 20220601, 20221231, 20220601));
    assert_true(fg_policy_applies(FG_POLICY_PUBLISHED, 20220601, 20221231, 20221231));
    assert_false(fg_policy_applies(FG_POLICY_PUBLISHED, 20220601, 20221231, 20230101));
    assert_false(fg_policy_applies(FG_POLICY_DRAFT, 20220601, 20221231, 20220701));
    assert_false(fg_policy_applies(FG_POLICY_WITHDRAWN, 20220601, 20221231, 20220701));
}

static void when_orders_were_in_force(void **state)
{
    (void)state;
    const int64_t D = 86400000, S = 100 * D, E = 110 * D, NOW = 200 * D;
    int64_t f, t;
    assert_true(fg_policy_order_span(FG_ORDER_IN_FORCE, false, true, S, E, 0, 0, NOW, &f, &t));
    assert_int_equal(f, S);
    assert_int_equal(t, E);
    /* Still running: up to now. */
    assert_true(fg_policy_order_span(FG_ORDER_IN_FORCE, false, true, S, E, 0, 0, S + D, &f, &t));
    assert_int_equal(t, S + D);
    /* Not started yet. */
    assert_false(fg_policy_order_span(FG_ORDER_IN_FORCE, false, true, S, E, 0, 0, S, &f, &t));
    /* An emergency order unconfirmed: until it lapses. */
    assert_true(fg_policy_order_span(FG_ORDER_IN_FORCE, true, false, S, E, 0, S + D, NOW, &f, &t));
    assert_int_equal(t, S + D);
    assert_true(
        fg_policy_order_span(FG_ORDER_LAPSED, true, false, S, E, 0, S + 2 * D, NOW, &f, &t));
    assert_int_equal(t, S + 2 * D);
    assert_true(
        fg_policy_order_span(FG_ORDER_LIFTED, false, true, S, E, S + 3 * D, 0, NOW, &f, &t));
    assert_int_equal(t, S + 3 * D);
    assert_true(
        fg_policy_order_span(FG_ORDER_RESUMED, false, true, S, E, S + 4 * D, 0, NOW, &f, &t));
    assert_int_equal(t, S + 4 * D);
    assert_true(fg_policy_order_span(FG_ORDER_EXPIRED, false, true, S, E, 0, 0, NOW, &f, &t));
    assert_int_equal(t, E);
    assert_true(
        fg_policy_order_span(FG_ORDER_REJECTED, true, false, S, E, S + 5, S + D, NOW, &f, &t));
    assert_int_equal(t, S + 5);
    assert_false(
        fg_policy_order_span(FG_ORDER_REJECTED, false, false, S, E, S + 5, 0, NOW, &f, &t));
    assert_false(
        fg_policy_order_span(FG_ORDER_WITHDRAWN, false, false, S, E, S + 5, 0, NOW, &f, &t));
    assert_false(fg_policy_order_span(FG_ORDER_PENDING, false, false, S, E, 0, 0, NOW, &f, &t));
    assert_false(fg_policy_order_span(FG_ORDER_RETURNED, true, false, S, E, 0, 0, NOW, &f, &t));
}

/* The demo's 2022 catalogue (data/policies-2022.json): every rule loads, and
 * each answers as the 2022 measures did for a few enterprises. */
static void the_2022_catalogue_answers_as_the_measures_did(void **state)
{
    (void)state;
    json_error_t jerr;
    json_t *doc = json_load_file(FG_SOURCE_DIR "/data/policies-2022.json", 0, &jerr);
    if (!doc)
        fail_msg("catalogue: %s", jerr.text);
    json_t *list = json_object_get(doc, "policies");
    assert_true(json_array_size(list) >= 4);
    fg_policy_rule rules[16];
    const char *titles[16];
    size_t n = json_array_size(list);
    assert_true(n <= 16);
    for (size_t i = 0; i < n; i++) {
        json_t *p = json_array_get(list, i);
        fg_err err;
        if (fg_policy_rule_load_json(&rules[i], json_object_get(p, "rule"), &err))
            fail_msg("policy %zu: %s", i + 1, err.msg);
        titles[i] = json_string_value(json_object_get(p, "title"));
    }
    /* Zhejiang's four come first: training, rent, deferral, freight. */
    fg_risk_designation medium[] = {{330102, FG_RISK_MEDIUM, 20220420, 1},
                                    {330102, FG_RISK_LOW, 20220510, 2}};
    fg_policy_order_days stop[] = {{20220421, 20220430, FG_MEASURE_STOP}};
    fg_policy_facts f = facts(); /* catering, 40 employees, 2022-06-15 */
    fg_policy_result r;
    /* Training subsidy: needs the county medium/high in 2022 and trouble operating. */
    f.insured = 30;
    fg_policy_evaluate(&rules[0], &f, &r);
    assert_false(r.eligible);
    f.risk = medium;
    f.n_risk = 2;
    fg_policy_evaluate(&rules[0], &f, &r);
    assert_false(r.eligible); /* operating normally: no order, no report */
    f.orders = stop;
    f.n_orders = 1;
    fg_policy_evaluate(&rules[0], &f, &r);
    assert_true(r.eligible);
    assert_int_equal(r.amount_fen, 30 * 50000);
    f.orders = NULL;
    f.n_orders = 0;
    f.report_day = 20220614;
    f.capacity_pct = 40;
    fg_policy_evaluate(&rules[0], &f, &r);
    assert_true(r.eligible);
    /* Rent relief: catering is a service; 6 months after a medium-risk spell. */
    f.monthly_rent = 500000;
    fg_policy_evaluate(&rules[1], &f, &r);
    assert_true(r.eligible);
    assert_int_equal(r.months, 6);
    assert_int_equal(r.amount_fen, 3000000);
    f.n_risk = 0;
    fg_policy_evaluate(&rules[1], &f, &r);
    assert_int_equal(r.months, 3);
    f.headcount = 101;
    fg_policy_evaluate(&rules[1], &f, &r);
    assert_false(r.eligible);
    f.headcount = 40;
    memcpy(f.industry, "36", 3); /* car making: not a service */
    fg_policy_evaluate(&rules[1], &f, &r);
    assert_false(r.eligible);
    /* Deferral: car making is one of the 22; so is catering; mining is not. */
    f.monthly_contributions = 120000;
    fg_policy_evaluate(&rules[2], &f, &r);
    assert_true(r.eligible);
    assert_int_equal(r.amount_fen, 6 * 120000);
    memcpy(f.industry, "62", 3);
    fg_policy_evaluate(&rules[2], &f, &r);
    assert_true(r.eligible);
    memcpy(f.industry, "06", 3);
    fg_policy_evaluate(&rules[2], &f, &r);
    assert_false(r.eligible);
    /* Freight: road transport stopped 10 days in April. */
    memcpy(f.industry, "54", 3);
    fg_policy_evaluate(&rules[3], &f, &r);
    assert_false(r.eligible);
    f.orders = stop;
    f.n_orders = 1;
    fg_policy_evaluate(&rules[3], &f, &r);
    assert_true(r.eligible);
    assert_int_equal(r.amount_fen, 1000000);
    assert_string_equal(titles[3], "中小微货运物流企业运输补贴");
    for (size_t i = 0; i < n; i++)
        fg_policy_rule_release(&rules[i]);
    json_decref(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(categories_and_flags_as_in_guidance),
        cmocka_unit_test(industry_by_section_or_division),
        cmocka_unit_test(thresholds_are_inclusive),
        cmocka_unit_test(risk_on_a_date_and_during_a_period),
        cmocka_unit_test(days_under_orders_in_a_period),
        cmocka_unit_test(daily_report_facts),
        cmocka_unit_test(all_any_not_combine),
        cmocka_unit_test(amounts_in_fen_with_caps),
        cmocka_unit_test(months_depend_on_a_condition),
        cmocka_unit_test(explanation_names_the_deciding_facts),
        cmocka_unit_test(what_it_lacks_through_any_and_not),
        cmocka_unit_test(bad_documents_are_refused_with_their_keys),
        cmocka_unit_test(names_round_trip),
        cmocka_unit_test(sections_follow_the_industry_table),
        cmocka_unit_test(records_and_states),
        cmocka_unit_test(when_orders_were_in_force),
        cmocka_unit_test(the_2022_catalogue_answers_as_the_measures_did),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
