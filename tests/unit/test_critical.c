/* The critical-link mark (core/critical.c) and its effect on the order route:
 * the chain analysis marks a sole caster and a dominator, the mark (not a
 * typed flag) turns the guidance's route to critical_link, a manual mark
 * does the same, and only the provincial industry authority marks by hand. */
#include "test.h"

#include <stdio.h>

#include "core/access.h"
#include "core/chain.h"
#include "core/critical.h"
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

/* The demo's shape, small: 0 ore mine -> 1 caster (sole supplier of castings)
 * -> 2 OEM (white list); 3 and 4 both supply 2 with glass (either will do),
 * so no single supplier dominates the OEM; 5 a white-listed parts maker whose
 * only supply path runs through 6 (its dominator), itself supplied by the
 * mine; 7 an enterprise alone. One enterprise holds most of the province's
 * capacity, so the province share marks nothing here. */
enum { MINE, CASTER, OEM, GLASS_A, GLASS_B, PARTS, HUB, ALONE, N };

static void build(fg_chain *g, fg_chain_analysis *a)
{
    fg_chain_node nodes[N];
    for (int i = 0; i < N; i++)
        nodes[i] = (fg_chain_node){10, 330000, 0, 0};
    nodes[OEM].flags = FG_CHAIN_WHITELIST;
    nodes[PARTS].flags = FG_CHAIN_WHITELIST;
    nodes[ALONE].capacity = 100000;
    fg_chain_arc edges[] = {
        {MINE, CASTER, 1, 1.0f, 5}, {CASTER, OEM, 2, 1.0f, 5}, {GLASS_A, OEM, 3, 0.5f, 3},
        {GLASS_B, OEM, 3, 0.5f, 3}, {MINE, HUB, 1, 1.0f, 2},   {HUB, PARTS, 4, 1.0f, 2},
    };
    fg_err err;
    fg_err_init(&err);
    fg_chain_init(g);
    assert_int_equal(fg_chain_build(g, N, nodes, sizeof(edges) / sizeof(edges[0]), edges, &err), 0);
    fg_chain_analysis_init(a);
    assert_int_equal(fg_chain_analyse(g, 0, a, &err), 0);
}

static fg_critical_state state_of(const fg_chain *g, const fg_chain_analysis *a, uint32_t v,
                                  bool whitelist, bool manual)
{
    fg_chain_mark m;
    fg_chain_mark_of(g, a, v, FG_CRITICAL_PROVINCE_SHARE, &m);
    fg_critical_state s = {whitelist, m.critical ? m.reason : FG_CHAIN_CRIT_NONE, manual};
    return s;
}

/* The route a key industrial enterprise's order takes at medium risk. */
static const char *route_of(const fg_guidance_table *t, const fg_critical_state *s)
{
    fg_guidance_input in = {FG_RISK_MEDIUM, FG_CAT_KEY_INDUSTRIAL, false, false, true};
    fg_critical_guidance_input(s, &in);
    const char *r = NULL;
    assert_int_equal(fg_guidance_route(t, &in, &r), 0);
    return r;
}

static void the_analysis_marks_the_sole_caster_and_the_route_follows(void **state)
{
    (void)state;
    fg_chain g;
    fg_chain_analysis a;
    build(&g, &a);
    fg_guidance_table t = default_table();
    /* The caster is the white-list OEM's only source of castings: marked,
     * with the reason, and its orders take the critical-link route. */
    fg_critical_state caster = state_of(&g, &a, CASTER, false, false);
    assert_true(fg_critical_marked(&caster));
    assert_int_equal(caster.analysis, FG_CHAIN_CRIT_SOLE_SOURCE);
    assert_string_equal(fg_critical_basis_name(caster.analysis, false), "sole_source");
    assert_string_equal(route_of(&t, &caster), "critical_link");
    /* Either glass maker will do: neither is marked; the key-enterprise route. */
    fg_critical_state glass = state_of(&g, &a, GLASS_A, false, false);
    assert_false(fg_critical_marked(&glass));
    assert_string_equal(route_of(&t, &glass), "key_or_livelihood");
    /* Every supply path of the white-listed parts maker runs through the hub. */
    fg_critical_state hub = state_of(&g, &a, HUB, false, false);
    assert_int_equal(hub.analysis, FG_CHAIN_CRIT_DOMINATOR);
    assert_string_equal(route_of(&t, &hub), "critical_link");
    /* The mine dominates the hub and so the parts maker too. */
    fg_critical_state mine = state_of(&g, &a, MINE, false, false);
    assert_int_equal(mine.analysis, FG_CHAIN_CRIT_DOMINATOR);
    assert_string_equal(route_of(&t, &mine), "critical_link");
    /* The same caster with the typed flag gone and no chain: no mark. */
    fg_critical_state alone = state_of(&g, &a, ALONE, false, false);
    assert_false(fg_critical_marked(&alone));
    assert_string_equal(route_of(&t, &alone), "key_or_livelihood");
    fg_guidance_table_release(&t);
    fg_chain_analysis_release(&a);
    fg_chain_release(&g);
}

static void a_manual_mark_or_the_white_list_switch_the_route_too(void **state)
{
    (void)state;
    fg_chain g;
    fg_chain_analysis a;
    build(&g, &a);
    fg_guidance_table t = default_table();
    fg_critical_state glass = state_of(&g, &a, GLASS_B, false, true);
    assert_true(fg_critical_marked(&glass));
    assert_string_equal(fg_critical_basis_name(glass.analysis, glass.manual), "manual");
    assert_string_equal(route_of(&t, &glass), "critical_link");
    fg_critical_state listed = state_of(&g, &a, ALONE, true, false);
    assert_false(fg_critical_marked(&listed));
    assert_string_equal(route_of(&t, &listed), "critical_link");
    fg_critical_state plain = state_of(&g, &a, ALONE, false, false);
    assert_string_equal(route_of(&t, &plain), "key_or_livelihood");
    fg_guidance_table_release(&t);
    fg_chain_analysis_release(&a);
    fg_chain_release(&g);
}

static void the_province_share_marks_a_large_dominator(void **state)
{
    (void)state;
    /* 0 -> 1 -> 2, nothing listed; 2 holds most of the province's capacity. */
    fg_chain_node nodes[3] = {{10, 330000, 0, 0}, {10, 330000, 0, 0}, {1000, 330000, 0, 0}};
    fg_chain_arc edges[] = {{0, 1, 1, 1.0f, 1}, {1, 2, 2, 1.0f, 1}};
    fg_chain g;
    fg_chain_analysis a;
    fg_err err;
    fg_err_init(&err);
    fg_chain_init(&g);
    assert_int_equal(fg_chain_build(&g, 3, nodes, 2, edges, &err), 0);
    fg_chain_analysis_init(&a);
    assert_int_equal(fg_chain_analyse(&g, 0, &a, &err), 0);
    fg_critical_state s = state_of(&g, &a, 1, false, false);
    assert_int_equal(s.analysis, FG_CHAIN_CRIT_PROVINCE_SHARE);
    fg_chain_analysis_release(&a);
    fg_chain_release(&g);
}

static void only_the_provincial_industry_authority_marks_by_hand(void **state)
{
    (void)state;
    fg_err err;
    fg_principal prov = {FG_ROLE_INDUSTRY_AUTHORITY, 330000, NULL, NULL, 0, false};
    fg_principal city = {FG_ROLE_INDUSTRY_AUTHORITY, 330100, NULL, NULL, 0, false};
    fg_principal joint = {FG_ROLE_JOINT_MECHANISM, 330000, NULL, NULL, 0, false};
    fg_principal other = {FG_ROLE_INDUSTRY_AUTHORITY, 320000, NULL, NULL, 0, false};
    const char *why = "全省唯一的车用芯片封装企业";
    fg_err_init(&err);
    assert_int_equal(fg_critical_manual_check(&prov, 330106, why, &err), 0);
    fg_err_init(&err);
    assert_int_equal(fg_critical_manual_check(&city, 330106, why, &err), FG_EPERM);
    assert_string_equal(err.key, "critical.province_only");
    fg_err_init(&err);
    assert_int_equal(fg_critical_manual_check(&joint, 330106, why, &err), FG_EPERM);
    fg_err_init(&err);
    assert_int_equal(fg_critical_manual_check(&other, 330106, why, &err), FG_EPERM);
    assert_string_equal(err.key, "critical.outside");
    fg_err_init(&err);
    assert_int_equal(fg_critical_manual_check(&prov, 330106, "唯一", &err), FG_EINVAL);
    assert_string_equal(err.key, "critical.reason");
    fg_err_init(&err);
    assert_int_equal(fg_critical_manual_check(&prov, 330106, "关键环节", &err), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_analysis_marks_the_sole_caster_and_the_route_follows),
        cmocka_unit_test(a_manual_mark_or_the_white_list_switch_the_route_too),
        cmocka_unit_test(the_province_share_marks_a_large_dominator),
        cmocka_unit_test(only_the_provincial_industry_authority_marks_by_hand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
