/* The white-list pool on small graphs with known answers: which unlisted
 * suppliers are suggested, for which reasons, within how many tiers, ranked. */
#include "test.h"

#include "core/chain_pool.h"

#define WL FG_CHAIN_WHITELIST

typedef struct spec {
    uint32_t n;
    fg_chain_node nodes[32];
    size_t m;
    fg_chain_arc edges[64];
} spec;

static void spec_init(spec *s, uint32_t n)
{
    memset(s, 0, sizeof *s);
    s->n = n;
    for (uint32_t i = 0; i < n; i++) {
        s->nodes[i].capacity = 10;
        s->nodes[i].province = 330000;
    }
}

static void edge(spec *s, uint32_t sup, uint32_t cust, uint32_t input, float share)
{
    s->edges[s->m++] = (fg_chain_arc){sup, cust, input, share, 3};
}

/* Builds the graph and its pool. */
static void pool_of(const spec *s, fg_chain *g, fg_chain_pool *p)
{
    fg_err err;
    assert_int_equal(fg_chain_build(g, s->n, s->nodes, s->m, s->edges, &err), 0);
    uint32_t *idom;
    assert_int_equal(fg_chain_dominators(g, &idom, &err), 0);
    assert_int_equal(fg_chain_pool_of(g, idom, FG_CHAIN_POOL_SHARE, p, &err), 0);
    free(idom);
}

static const fg_chain_pool_item *find(const fg_chain_pool *p, uint32_t node)
{
    for (size_t i = 0; i < p->nitems; i++)
        if (p->items[i].node == node)
            return &p->items[i];
    return NULL;
}

static uint32_t bits_for(const fg_chain_pool *p, const fg_chain_pool_item *it, uint32_t listed)
{
    uint32_t bits = 0;
    for (size_t k = it->first; k < it->first + it->nwhy; k++)
        if (p->why[k].listed == listed)
            bits |= p->why[k].reasons;
    return bits;
}

static void sole_sources_and_large_shares_are_suggested(void **state)
{
    (void)state;
    spec s;
    spec_init(&s, 6);
    s.nodes[0].flags = WL;
    edge(&s, 1, 0, 1, 0.2f); /* the only supplier of input 1 */
    edge(&s, 2, 0, 2, 0.7f); /* 70 % of input 2 */
    edge(&s, 3, 0, 2, 0.3f); /* 30 %: no reason */
    edge(&s, 4, 1, 1, 1.0f); /* upstream of 1, but no reason of its own to 0 */
    s.nodes[5].flags = WL;
    edge(&s, 5, 0, 3, 1.0f); /* listed already: not suggested */
    fg_chain g;
    fg_chain_pool p;
    pool_of(&s, &g, &p);
    assert_int_equal(p.nitems, 2);
    const fg_chain_pool_item *one = find(&p, 1), *two = find(&p, 2);
    assert_non_null(one);
    assert_non_null(two);
    assert_null(find(&p, 3));
    assert_null(find(&p, 4));
    assert_null(find(&p, 5));
    assert_int_equal(bits_for(&p, one, 0), FG_CHAIN_POOL_SOLE);
    assert_int_equal(bits_for(&p, two, 0), FG_CHAIN_POOL_SHARE_OF);
    assert_int_equal(one->sole, 1);
    assert_int_equal(one->tier, 1);
    assert_int_equal(p.why[one->first].input, 1);
    assert_int_equal(two->share, 1);
    assert_int_equal(two->sole, 0);
    /* Sole outranks share for the same number of listed customers. */
    assert_int_equal(p.items[0].node, 1);
    fg_chain_pool_release(&p);
    fg_chain_release(&g);
}

static void dominators_count_within_three_tiers_only(void **state)
{
    (void)state;
    spec s;
    spec_init(&s, 5); /* 4 -> 3 -> 2 -> 1 -> 0 (listed) */
    s.nodes[0].flags = WL;
    edge(&s, 1, 0, 1, 1.0f);
    edge(&s, 2, 1, 1, 1.0f);
    edge(&s, 3, 2, 1, 1.0f);
    edge(&s, 4, 3, 1, 1.0f);
    fg_chain g;
    fg_chain_pool p;
    pool_of(&s, &g, &p);
    assert_int_equal(p.nitems, 3);
    assert_int_equal(bits_for(&p, find(&p, 1), 0),
                     FG_CHAIN_POOL_SOLE | FG_CHAIN_POOL_SHARE_OF | FG_CHAIN_POOL_DOMINATOR);
    assert_int_equal(bits_for(&p, find(&p, 2), 0), FG_CHAIN_POOL_DOMINATOR);
    assert_int_equal(find(&p, 2)->tier, 2);
    assert_int_equal(find(&p, 3)->tier, 3);
    assert_null(find(&p, 4)); /* tier 4 */
    fg_chain_pool_release(&p);
    fg_chain_release(&g);
}

static void a_diamond_has_no_dominator_but_its_apex(void **state)
{
    (void)state;
    spec s;
    spec_init(&s, 4); /* 3 -> {1, 2} -> 0: 1 and 2 are alternatives for input 1 */
    s.nodes[0].flags = WL;
    edge(&s, 1, 0, 1, 0.4f);
    edge(&s, 2, 0, 1, 0.4f);
    edge(&s, 3, 1, 1, 1.0f);
    edge(&s, 3, 2, 1, 1.0f);
    fg_chain g;
    fg_chain_pool p;
    pool_of(&s, &g, &p);
    assert_int_equal(p.nitems, 1);
    assert_int_equal(p.items[0].node, 3);
    assert_int_equal(p.items[0].tier, 2);
    assert_int_equal(bits_for(&p, &p.items[0], 0), FG_CHAIN_POOL_DOMINATOR);
    fg_chain_pool_release(&p);
    fg_chain_release(&g);
}

static void a_supplier_of_many_listed_in_two_provinces_ranks_first(void **state)
{
    (void)state;
    spec s;
    spec_init(&s, 6);
    s.nodes[0].flags = s.nodes[1].flags = s.nodes[2].flags = WL;
    s.nodes[2].province = 310000;
    edge(&s, 3, 0, 1, 1.0f); /* 3: sole to 0 */
    s.nodes[3].capacity = 1000;
    edge(&s, 4, 1, 1, 1.0f); /* 4: sole to 1 and 2 (two provinces) */
    edge(&s, 4, 2, 2, 1.0f);
    edge(&s, 5, 2, 1, 1.0f);
    fg_chain g;
    fg_chain_pool p;
    pool_of(&s, &g, &p);
    assert_int_equal(p.nitems, 3);
    assert_int_equal(p.items[0].node, 4);
    assert_int_equal(p.items[0].listed, 2);
    assert_int_equal(p.items[0].provinces, 2);
    assert_int_equal(p.items[1].node, 3); /* larger capacity than 5 */
    assert_int_equal(p.items[2].node, 5);
    /* The rows are grouped by item in rank order. */
    for (size_t i = 0; i < p.nitems; i++)
        for (size_t k = p.items[i].first; k < p.items[i].first + p.items[i].nwhy; k++)
            assert_int_equal(p.why[k].supplier, p.items[i].node);
    fg_chain_pool_release(&p);
    fg_chain_release(&g);
}

static void no_listed_enterprise_no_pool(void **state)
{
    (void)state;
    spec s;
    spec_init(&s, 2);
    edge(&s, 1, 0, 1, 1.0f);
    fg_chain g;
    fg_chain_pool p;
    pool_of(&s, &g, &p);
    assert_int_equal(p.nitems, 0);
    assert_int_equal(p.nwhy, 0);
    fg_chain_pool_release(&p);
    fg_chain_release(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sole_sources_and_large_shares_are_suggested),
        cmocka_unit_test(dominators_count_within_three_tiers_only),
        cmocka_unit_test(a_diamond_has_no_dominator_but_its_apex),
        cmocka_unit_test(a_supplier_of_many_listed_in_two_provinces_ranks_first),
        cmocka_unit_test(no_listed_enterprise_no_pool),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
