/* Vocabulary words in files: matching, lists, yes/no, and the words of the
 * enterprise vocabularies, risk levels, order states, measures and columns. */
#include "test.h"

#include "core/access.h"
#include "core/enterprise.h"
#include "core/order.h"
#include "core/risk.h"
#include "core/words.h"

static const fg_word colours[] = {{"red", "红色", "Red"}, {"dark_blue", "深蓝", "Dark blue"}};

static void a_word_is_its_name_or_either_word(void **state)
{
    (void)state;
    assert_true(fg_word_is(&colours[0], "red", 3));
    assert_true(fg_word_is(&colours[0], "RED", 3));
    assert_true(fg_word_is(&colours[0], "红色", strlen("红色")));
    assert_false(fg_word_is(&colours[0], "红", strlen("红")));
    assert_false(fg_word_is(&colours[0], "reds", 4));
    assert_int_equal(fg_word_find(colours, 2, "  dark blue ", 12), 1);
    assert_int_equal(fg_word_find(colours, 2, "green", 5), -1);
    assert_string_equal(fg_word_text(&colours[1], true), "Dark blue");
    assert_string_equal(fg_word_text(&colours[1], false), "深蓝");
}

static void a_list_takes_every_separator_and_names_its_bad_item(void **state)
{
    (void)state;
    unsigned bits = 99;
    const char *bad = NULL;
    size_t n = 0;
    assert_int_equal(fg_word_list(colours, 2, "", &bits, &bad, &n), 0);
    assert_int_equal(bits, 0);
    assert_int_equal(fg_word_list(colours, 2, "红色、深蓝", &bits, &bad, &n), 0);
    assert_int_equal(bits, 3);
    assert_int_equal(fg_word_list(colours, 2, "Dark blue; red", &bits, &bad, &n), 0);
    assert_int_equal(bits, 3);
    assert_int_equal(fg_word_list(colours, 2, "red|dark_blue", &bits, &bad, &n), 0);
    assert_int_equal(bits, 3);
    assert_int_equal(fg_word_list(colours, 2, "深蓝，红色", &bits, &bad, &n), 0);
    assert_int_equal(bits, 3);
    assert_int_equal(fg_word_list(colours, 2, "red dark_blue", &bits, &bad, &n), 0);
    assert_int_equal(bits, 3);
    assert_int_equal(fg_word_list(colours, 2, "red、绿色,dark_blue", &bits, &bad, &n), FG_EINVAL);
    assert_int_equal(n, strlen("绿色"));
    assert_memory_equal(bad, "绿色", n);
    /* English words separated by spaces alone are not names: refused. */
    assert_int_equal(fg_word_list(colours, 2, "Dark blue Red", &bits, &bad, &n), FG_EINVAL);
}

static void yes_and_no_in_every_spelling(void **state)
{
    (void)state;
    static const char *yes[] = {"是", "true", "TRUE", "yes", "Yes", "1"};
    static const char *no[] = {"否", "false", "No", "0"};
    bool v;
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
        v = false;
        assert_int_equal(fg_word_yes_no(yes[i], &v), 0);
        assert_true(v);
    }
    for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
        v = true;
        assert_int_equal(fg_word_yes_no(no[i], &v), 0);
        assert_false(v);
    }
    assert_int_equal(fg_word_yes_no("也许", &v), FG_EINVAL);
    assert_int_equal(fg_word_yes_no("2", &v), FG_EINVAL);
    assert_string_equal(fg_word_bool(true)->zh, "是");
    assert_string_equal(fg_word_bool(false)->en, "No");
}

static void enterprise_words_read_back(void **state)
{
    (void)state;
    fg_err err;
    fg_err_init(&err);
    unsigned cats;
    char out[128];
    assert_int_equal(fg_category_parse_words("民生保障企业、重点工业企业", &cats, &err), 0);
    assert_int_equal(cats, FG_CAT_KEY_INDUSTRIAL | FG_CAT_LIVELIHOOD_SUPPLY);
    fg_category_format_words(cats, false, out);
    assert_string_equal(out, "重点工业企业、民生保障企业");
    fg_category_format_words(cats, true, out);
    assert_string_equal(out, "Key industrial; Livelihood supply");
    assert_int_equal(fg_category_parse_words(out, &cats, &err), 0);
    assert_int_equal(cats, FG_CAT_KEY_INDUSTRIAL | FG_CAT_LIVELIHOOD_SUPPLY);
    assert_int_equal(fg_category_parse_words("key_industrial related_service", &cats, &err), 0);
    assert_int_equal(cats, FG_CAT_KEY_INDUSTRIAL | FG_CAT_RELATED_SERVICE);
    assert_int_equal(fg_category_parse_words("重点企业", &cats, &err), FG_EINVAL);
    assert_string_equal(err.key, "category.unknown");
    fg_service_kind k;
    assert_int_equal(fg_service_parse_words("货代", &k, &err), 0);
    assert_int_equal(k, FG_SERVICE_FREIGHT_FORWARDER);
    assert_int_equal(fg_service_parse_words("Express delivery", &k, &err), 0);
    assert_int_equal(k, FG_SERVICE_EXPRESS_DELIVERY);
    assert_int_equal(fg_service_parse_words("", &k, &err), 0);
    assert_int_equal(k, FG_SERVICE_NONE);
    fg_err_init(&err);
    assert_int_equal(fg_service_parse_words("邮局", &k, &err), FG_EINVAL);
    assert_string_equal(err.key, "service_kind.unknown");
    assert_string_equal(fg_status_word(FG_STATUS_LIMITED)->zh, "限产");
    for (int s = FG_STATUS_OPERATING; s <= FG_STATUS_STOPPED; s++)
        assert_string_equal(fg_status_word((fg_status)s)->name, fg_status_name((fg_status)s));
    for (int s = FG_SERVICE_BANK; s < FG_SERVICE_COUNT; s++)
        assert_string_equal(fg_service_word((fg_service_kind)s)->name,
                            fg_service_name((fg_service_kind)s));
}

static void risk_levels_in_words_and_lists(void **state)
{
    (void)state;
    fg_err err;
    fg_err_init(&err);
    fg_risk_level l;
    assert_int_equal(fg_risk_parse_words("中风险", &l, &err), 0);
    assert_int_equal(l, FG_RISK_MEDIUM);
    assert_int_equal(fg_risk_parse_words("高", &l, &err), 0);
    assert_int_equal(l, FG_RISK_HIGH);
    assert_int_equal(fg_risk_parse_words("Low risk", &l, &err), 0);
    assert_int_equal(l, FG_RISK_LOW);
    unsigned bits;
    assert_int_equal(fg_risk_parse_list("低风险、高", &bits, &err), 0);
    assert_int_equal(bits, (1u << FG_RISK_LOW) | (1u << FG_RISK_HIGH));
    assert_int_equal(fg_risk_parse_list("low|medium|high", &bits, &err), 0);
    assert_int_equal(bits, 7u);
    assert_int_equal(fg_risk_parse_list("Medium risk; High risk", &bits, &err), 0);
    assert_int_equal(bits, (1u << FG_RISK_MEDIUM) | (1u << FG_RISK_HIGH));
    assert_int_equal(fg_risk_parse_list("极高风险", &bits, &err), FG_EINVAL);
    assert_string_equal(err.key, "risk.level_list");
    for (int i = FG_RISK_LOW; i <= FG_RISK_HIGH; i++)
        assert_string_equal(fg_risk_word((fg_risk_level)i)->name, fg_risk_name((fg_risk_level)i));
}

static void order_and_role_words_match_their_names(void **state)
{
    (void)state;
    for (int s = FG_ORDER_PENDING; s <= FG_ORDER_RESUMED; s++) {
        const fg_word *w = fg_order_state_word((fg_order_state)s);
        assert_string_equal(w->name, fg_order_state_name((fg_order_state)s));
        assert_true(w->zh[0] && w->en[0]);
    }
    assert_string_equal(fg_order_state_word(FG_ORDER_IN_FORCE)->zh, "生效中");
    for (int m = 0; m < FG_MEASURE_COUNT; m++)
        assert_string_equal(fg_measure_word((fg_measure)m)->name, fg_measure_name((fg_measure)m));
    assert_string_equal(fg_measure_word(FG_MEASURE_LIMIT_CAPACITY)->zh, "限制产能");
    for (int r = 0; r < FG_ROLE_COUNT; r++)
        assert_string_equal(fg_role_word((fg_role)r)->name, fg_role_name((fg_role)r));
    assert_string_equal(fg_role_word(FG_ROLE_JOINT_MECHANISM)->zh, "联防联控机制");
}

static void columns_are_found_by_any_spelling(void **state)
{
    (void)state;
    assert_int_equal(fg_enterprise_column_find("统一社会信用代码", strlen("统一社会信用代码")),
                     FG_ECOL_USCC);
    assert_int_equal(fg_enterprise_column_find("uscc", 4), FG_ECOL_USCC);
    assert_int_equal(fg_enterprise_column_find("USCC", 4), FG_ECOL_USCC);
    assert_int_equal(fg_enterprise_column_find(" 区县代码 *", strlen(" 区县代码 *")),
                     FG_ECOL_REGION);
    assert_int_equal(fg_enterprise_column_find("企业名称＊", strlen("企业名称＊")), FG_ECOL_NAME);
    assert_int_equal(fg_enterprise_column_find("industry", 8), FG_ECOL_INDUSTRY);
    assert_int_equal(fg_enterprise_column_find("Industry name", 13), FG_ECOL_INDUSTRY_NAME);
    assert_int_equal(fg_enterprise_column_find("行业", strlen("行业")), FG_ECOL_INDUSTRY_NAME);
    assert_int_equal(fg_enterprise_column_find("county code", 11), FG_ECOL_REGION);
    assert_int_equal(fg_enterprise_column_find("planet", 6), -1);
    for (int i = 0; i < FG_ECOL_COUNT; i++) {
        const fg_word *c = &fg_enterprise_columns[i];
        assert_int_equal(fg_enterprise_column_find(c->zh, strlen(c->zh)), i);
        assert_int_equal(fg_enterprise_column_find(c->en, strlen(c->en)), i);
        assert_int_equal(fg_enterprise_column_find(c->name, strlen(c->name)), i);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_word_is_its_name_or_either_word),
        cmocka_unit_test(a_list_takes_every_separator_and_names_its_bad_item),
        cmocka_unit_test(yes_and_no_in_every_spelling),
        cmocka_unit_test(enterprise_words_read_back),
        cmocka_unit_test(risk_levels_in_words_and_lists),
        cmocka_unit_test(order_and_role_words_match_their_names),
        cmocka_unit_test(columns_are_found_by_any_spelling),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
