/* The supply-chain analyses on small graphs with known answers, and on
 * random small graphs against brute force (dominators) and against two full
 * analyses (the impact report). */
#include "test.h"

#include "core/chain.h"

#define NONE FG_CHAIN_NONE
#define NEVER FG_CHAIN_NEVER

typedef struct spec {
    uint32_t n;
    fg_chain_node nodes[64];
    size_t m;
    fg_chain_arc edges[256];
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

static void edge(spec *s, uint32_t sup, uint32_t cust, uint32_t input, int32_t stock)
{
    s->edges[s->m++] = (fg_chain_arc){sup, cust, input, 0.5f, stock};
}

static void build(const spec *s, fg_chain *g)
{
    fg_err err;
    assert_int_equal(fg_chain_build(g, s->n, s->nodes, s->m, s->edges, &err), 0);
}

/* The stall days with the stops given in `s`, and `extra` stopped too. */
static void stalls(const spec *s, const uint32_t *extra, size_t nextra, int32_t *out)
{
    fg_chain g;
    build(s, &g);
    int32_t *st;
    uint32_t *cause, *cgrp;
    fg_err err;
    assert_int_equal(fg_chain_survive(&g, extra, nextra, &st, &cause, &cgrp, &err), 0);
    memcpy(out, st, s->n * sizeof *st);
    free(st);
    free(cause);
    free(cgrp);
    fg_chain_release(&g);
}

static void a_customer_needs_every_input(void **state)
{
    (void)state;
    spec s;
    spec_init(&s, 3); /* 0 and 1 supply 2 with different inputs */
    edge(&s, 0, 2, 1, 3);
    edge(&s, 1, 2, 2, 5);
    int32_t t[3];
    uint32_t a = 0, b = 1, ab[] = {0, 1};
    stalls(&s, &a, 1, t);
    assert_int_equal(t[0], 0);
    assert_int_equal(t[1], NEVER);
    assert_int_equal(t[2], 3);
    stalls(&s, &b, 1, t);
    assert_int_equal(t[2], 5);
    stalls(&s, ab, 2, t);
    assert_int_equal(t[2], 3);
    stalls(&s, NULL, 0, t);
    assert_int_equal(t[0], NEVER);
    assert_int_equal(t[2], NEVER);
}

static void any_supplier_of_an_input_will_do(void **state)
{
    (void)state;
    spec s;
    spec_init(&s, 3);
    edge(&s, 0, 2, 1, 2);
    edge(&s, 1, 2, 1, 2);
    int32_t t[3];
    uint32_t a = 0, ab[] = {0, 1};
    stalls(&s, &a, 1, t);
    assert_int_equal(t[2], NEVER);
    stalls(&s, ab, 2, t);
    assert_int_equal(t[2], 2);
}

static void an_input_is_cut_when_its_last_supplier_stalls(void **state)
{
    (void)state;
    spec s;
    spec_init(&s, 4); /* 3 stalls at 4 (from 2), 1 is stopped; both supply 0 */
    edge(&s, 2, 3, 7, 4);
    edge(&s, 1, 0, 1, 2);
    edge(&s, 3, 0, 1, 2);
    s.nodes[1].stop_until = 10;
    s.nodes[2].stop_until = FG_CHAIN_NEVER;
    int32_t t[4];
    stalls(&s, NULL, 0, t);
    assert_int_equal(t[1], 0);
    assert_int_equal(t[2], 0);
    assert_int_equal(t[3], 4);
    assert_int_equal(t[0], 6); /* max(0, 4) + 2 days of stock */
}

static void three_tiers_add_their_stocks(void **state)
{
    (void)state;
    spec s;
    spec_init(&s, 4); /* tier 3 -> tier 2 -> tier 1 -> OEM */
    edge(&s, 0, 1, 1, 2);
    edge(&s, 1, 2, 2, 3);
    edge(&s, 2, 3, 3, 4);
    s.nodes[0].stop_until = 30;
    fg_chain g;
    build(&s, &g);
    int32_t *t;
    uint32_t *cause, *cgrp;
    fg_err err;
    assert_int_equal(fg_chain_survive(&g, NULL, 0, &t, &cause, &cgrp, &err), 0);
    assert_int_equal(t[1], 2);
    assert_int_equal(t[2], 5);
    assert_int_equal(t[3], 9);
    assert_int_equal(cause[0], NONE);
    assert_int_equal(cause[3], 2);
    assert_int_equal(g.grp_input[cgrp[3]], 3);
    free(t);
    free(cause);
    free(cgrp);
    fg_chain_release(&g);
}

static void cycles_stall_only_with_a_stop_behind_them(void **state)
{
    (void)state;
    spec s;
    spec_init(&s, 3); /* 1 <-> 2 feed each other; 0 feeds 1 */
    edge(&s, 0, 1, 1, 1);
    edge(&s, 2, 1, 2, 2);
    edge(&s, 1, 2, 3, 3);
    int32_t t[3];
    stalls(&s, NULL, 0, t);
    assert_int_equal(t[1], NEVER);
    assert_int_equal(t[2], NEVER);
    uint32_t a = 0;
    stalls(&s, &a, 1, t);
    assert_int_equal(t[1], 1);
    assert_int_equal(t[2], 4);
    /* 0 and 2 as alternative suppliers of one input of 1: stopping 0 leaves
     * the loop running, as nothing in it is stopped. */
    spec_init(&s, 3);
    edge(&s, 0, 1, 1, 1);
    edge(&s, 2, 1, 1, 1);
    edge(&s, 1, 2, 3, 3);
    stalls(&s, &a, 1, t);
    assert_int_equal(t[1], NEVER);
    uint32_t b = 2;
    stalls(&s, &b, 1, t);
    assert_int_equal(t[1], NEVER);
}

static void building_refuses_bad_edges_by_key(void **state)
{
    (void)state;
    spec s;
    fg_chain g;
    fg_err err;
    spec_init(&s, 2);
    edge(&s, 0, 2, 1, 1);
    assert_int_equal(fg_chain_build(&g, s.n, s.nodes, s.m, s.edges, &err), FG_EINVAL);
    assert_string_equal(err.key, "chain.edge_range");
    spec_init(&s, 2);
    edge(&s, 1, 1, 1, 1);
    assert_int_equal(fg_chain_build(&g, s.n, s.nodes, s.m, s.edges, &err), FG_EINVAL);
    assert_string_equal(err.key, "chain.self_edge");
    spec_init(&s, 2);
    edge(&s, 0, 1, 1, -1);
    assert_int_equal(fg_chain_build(&g, s.n, s.nodes, s.m, s.edges, &err), FG_EINVAL);
    assert_string_equal(err.key, "chain.stock");
    spec_init(&s, 2);
    edge(&s, 0, 1, 1, 1);
    s.edges[0].share = 1.5f;
    assert_int_equal(fg_chain_build(&g, s.n, s.nodes, s.m, s.edges, &err), FG_EINVAL);
    assert_string_equal(err.key, "chain.share");
    spec_init(&s, 2);
    s.nodes[1].capacity = -1;
    assert_int_equal(fg_chain_build(&g, s.n, s.nodes, 0, s.edges, &err), FG_EINVAL);
    assert_string_equal(err.key, "chain.capacity");
}

static void duplicate_edges_merge_and_the_largest_stock_counts(void **state)
{
    (void)state;
    spec s;
    spec_init(&s, 3);
    edge(&s, 0, 2, 1, 2);
    edge(&s, 0, 2, 1, 6);
    edge(&s, 1, 2, 1, 4);
    fg_chain g;
    build(&s, &g);
    assert_int_equal(g.ngrp, 1);
    assert_int_equal(g.nsup, 2);
    assert_int_equal(g.grp_stock[0], 6);
    assert_int_equal(g.out_off[1] - g.out_off[0], 1);
    fg_chain_release(&g);
}

static void dominators_of_a_diamond_and_an_unreachable_loop(void **state)
{
    (void)state;
    spec s;
    spec_init(&s, 7); /* 0 -> 1, 2 -> 3 -> 4; 5 <-> 6 with no way in; */
    edge(&s, 0, 1, 1, 1);
    edge(&s, 0, 2, 1, 1);
    edge(&s, 1, 3, 1, 1);
    edge(&s, 2, 3, 1, 1);
    edge(&s, 3, 4, 1, 1);
    edge(&s, 5, 6, 1, 1);
    edge(&s, 6, 5, 1, 1);
    fg_chain g;
    build(&s, &g);
    uint32_t *idom;
    fg_err err;
    assert_int_equal(fg_chain_dominators(&g, &idom, &err), 0);
    assert_int_equal(idom[0], NONE);
    assert_int_equal(idom[1], 0);
    assert_int_equal(idom[2], 0);
    assert_int_equal(idom[3], 0);
    assert_int_equal(idom[4], 3);
    assert_int_equal(idom[5], NONE);
    assert_int_equal(idom[6], NONE);
    free(idom);
    fg_chain_release(&g);
}

/* Reachability from the virtual source with `cut` removed (NONE: none). */
static void reach(const fg_chain *g, uint32_t cut, int *seen)
{
    uint32_t stk[64], sp = 0;
    memset(seen, 0, g->n * sizeof *seen);
    for (uint32_t v = 0; v < g->n; v++)
        if (g->node_grp[v] == g->node_grp[v + 1] && v != cut) {
            seen[v] = 1;
            stk[sp++] = v;
        }
    while (sp) {
        uint32_t u = stk[--sp];
        for (uint32_t k = g->out_off[u]; k < g->out_off[u + 1]; k++) {
            uint32_t c = g->grp_cust[g->out_grp[k]];
            if (c != cut && !seen[c]) {
                seen[c] = 1;
                stk[sp++] = c;
            }
        }
    }
}

static uint32_t rnd(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return (uint32_t)(*x >> 11);
}

static void random_spec(spec *s, uint64_t *seed)
{
    uint32_t n = 3 + rnd(seed) % 20;
    spec_init(s, n);
    size_t m = rnd(seed) % (3 * n);
    for (size_t i = 0; i < m; i++) {
        uint32_t a = rnd(seed) % n, b = rnd(seed) % n;
        if (a == b)
            continue;
        /* Mostly forward (tiers), sometimes back (cycles). */
        if (a > b && rnd(seed) % 4)
            continue;
        edge(s, a, b, rnd(seed) % 3, (int32_t)(rnd(seed) % 6));
    }
    for (uint32_t v = 0; v < n; v++) {
        s->nodes[v].capacity = rnd(seed) % 100;
        s->nodes[v].province = 110000 + 10000 * (int32_t)(rnd(seed) % 3);
        s->nodes[v].flags = rnd(seed) % 4;
        if (rnd(seed) % 8 == 0)
            s->nodes[v].stop_until = 1 + (int32_t)(rnd(seed) % 20);
    }
}

static void dominators_agree_with_brute_force(void **state)
{
    (void)state;
    uint64_t seed = 0x9e3779b97f4a7c15u;
    for (int round = 0; round < 300; round++) {
        spec s;
        random_spec(&s, &seed);
        fg_chain g;
        build(&s, &g);
        uint32_t *idom;
        fg_err err;
        assert_int_equal(fg_chain_dominators(&g, &idom, &err), 0);
        int all[64], without[64][64];
        reach(&g, NONE, all);
        for (uint32_t d = 0; d < g.n; d++)
            reach(&g, d, without[d]);
        for (uint32_t v = 0; v < g.n; v++) {
            if (!all[v]) {
                assert_int_equal(idom[v], NONE);
                continue;
            }
            /* The dominators of v: those whose removal cuts v off. The
             * immediate one is the dominator every other one dominates. */
            uint32_t want = NONE;
            for (uint32_t d = 0; d < g.n; d++) {
                if (d == v || without[d][v])
                    continue;
                if (want == NONE || !without[want][d])
                    want = d; /* d is dominated by want: d is closer to v */
            }
            assert_int_equal(idom[v], want);
        }
        free(idom);
        fg_chain_release(&g);
    }
}

static void sole_sources_count_inputs_and_white_list_customers(void **state)
{
    (void)state;
    spec s;
    spec_init(&s, 4); /* 0 alone supplies inputs 1 and 2 to 2 (listed), and 3 */
    edge(&s, 0, 2, 1, 1);
    edge(&s, 0, 2, 2, 1);
    edge(&s, 0, 3, 1, 1);
    edge(&s, 1, 3, 1, 1);
    edge(&s, 1, 3, 4, 1);
    s.nodes[2].flags = FG_CHAIN_WHITELIST;
    s.nodes[3].flags = FG_CHAIN_WHITELIST;
    fg_chain g;
    build(&s, &g);
    fg_chain_analysis a;
    fg_err err;
    assert_int_equal(fg_chain_analyse(&g, 10, &a, &err), 0);
    assert_int_equal(a.sole[0], 2);
    assert_int_equal(a.sole_whitelist[0], 1);
    assert_int_equal(a.sole[1], 1);
    assert_int_equal(a.sole_whitelist[1], 1);
    uint32_t in[4];
    assert_int_equal(fg_chain_sole_inputs(&g, 0, in, 4), 2); /* 1 (to 2 only) and 2 */
    assert_int_equal(in[0], 1);
    assert_int_equal(in[1], 2);
    assert_int_equal(fg_chain_sole_inputs(&g, 1, in, 4), 1);
    assert_int_equal(in[0], 4);
    assert_int_equal(fg_chain_sole_inputs(&g, 0, NULL, 0), 2);
    fg_chain_analysis_release(&a);
    fg_chain_release(&g);
}

static void block_points_rank_by_weighted_capacity_held_up(void **state)
{
    (void)state;
    spec s;
    spec_init(&s, 6);
    /* 0 (stopped) holds up 1 and 2 (capacity 10 each, plain); 3 (stopped)
     * holds up 4 (capacity 10, white-list, another province): 30 vs 20. */
    edge(&s, 0, 1, 1, 1);
    edge(&s, 1, 2, 1, 1);
    edge(&s, 3, 4, 1, 1);
    s.nodes[0].stop_until = 5;
    s.nodes[3].stop_until = 5;
    s.nodes[4].flags = FG_CHAIN_WHITELIST;
    s.nodes[4].province = 320000;
    fg_chain g;
    build(&s, &g);
    fg_chain_analysis a;
    fg_err err;
    assert_int_equal(fg_chain_analyse(&g, 10, &a, &err), 0);
    assert_int_equal(a.nblocks, 3);
    assert_int_equal(a.blocks[0].node, 3);
    assert_int_equal(a.blocks[0].score, 30);
    assert_int_equal(a.blocks[0].held, 1);
    assert_int_equal(a.blocks[0].held_whitelist, 1);
    assert_int_equal(a.blocks[0].held_provinces, 1);
    assert_int_equal(a.blocks[0].sole_inputs, 1);
    assert_int_equal(a.blocks[0].sole_whitelist_customers, 1);
    assert_int_equal(a.blocks[0].sole_provinces, 1);
    assert_int_equal(a.blocks[1].node, 0);
    assert_int_equal(a.blocks[1].score, 20);
    assert_int_equal(a.blocks[1].held_capacity, 20);
    assert_int_equal(a.blocks[1].dominated, 2);
    assert_int_equal(a.blocks[2].node, 1); /* at risk, holding up 2 */
    assert_int_equal(a.blocks[2].stall, 1);
    assert_int_equal(a.nresume, 2);
    assert_int_equal(a.resume[0], 3);
    assert_int_equal(a.resume[1], 0);
    fg_chain_analysis_release(&a);
    fg_chain_release(&g);
}

static void the_critical_mark_names_its_reason(void **state)
{
    (void)state;
    spec s;
    spec_init(&s, 6);
    /* 0 -> 1 -> 2 (listed); 3 and 4 both supply 2 too; 5 alone. */
    edge(&s, 0, 1, 1, 1);
    edge(&s, 1, 2, 1, 1);
    edge(&s, 3, 2, 2, 1);
    edge(&s, 4, 2, 2, 1);
    s.nodes[2].flags = FG_CHAIN_WHITELIST;
    s.nodes[5].capacity = 1000;
    s.nodes[0].capacity = 1;
    fg_chain g;
    build(&s, &g);
    fg_chain_analysis a;
    fg_err err;
    assert_int_equal(fg_chain_analyse(&g, 0, &a, &err), 0);
    fg_chain_mark mk;
    /* 0 dominates 1 but not 2 (3 and 4 reach it too); it is no sole source
     * to 2, and holds 10 of 1041. */
    fg_chain_mark_of(&g, &a, 0, 0.05, &mk);
    assert_false(mk.critical);
    assert_int_equal(mk.reason, FG_CHAIN_CRIT_NONE);
    assert_int_equal(mk.dominated_capacity, 10);
    fg_chain_mark_of(&g, &a, 0, 0.005, &mk);
    assert_int_equal(mk.reason, FG_CHAIN_CRIT_PROVINCE_SHARE);
    assert_string_equal(fg_chain_crit_name(mk.reason), "province_share");
    fg_chain_mark_of(&g, &a, 1, 0.05, &mk);
    assert_true(mk.critical);
    assert_int_equal(mk.reason, FG_CHAIN_CRIT_SOLE_SOURCE);
    assert_int_equal(mk.sole_whitelist, 1);
    fg_chain_mark_of(&g, &a, 3, 0.05, &mk);
    assert_false(mk.critical);
    fg_chain_analysis_release(&a);
    /* Alone under one supplier, 2 is dominated by it. */
    spec_init(&s, 3);
    edge(&s, 0, 1, 1, 1);
    edge(&s, 1, 2, 1, 1);
    s.nodes[2].flags = FG_CHAIN_WHITELIST;
    fg_chain_release(&g);
    build(&s, &g);
    assert_int_equal(fg_chain_analyse(&g, 0, &a, &err), 0);
    fg_chain_mark_of(&g, &a, 0, 0.99, &mk);
    assert_int_equal(mk.reason, FG_CHAIN_CRIT_DOMINATOR);
    assert_int_equal(mk.dominated_whitelist, 1);
    assert_string_equal(fg_chain_crit_name(mk.reason), "dominator");
    fg_chain_analysis_release(&a);
    fg_chain_release(&g);
}

static void the_impact_report_of_a_sole_supplier(void **state)
{
    (void)state;
    spec s;
    spec_init(&s, 4); /* 0 -> 1 (2 days) -> 2 (listed, 3 days) -> 3 (20 days) */
    edge(&s, 0, 1, 1, 2);
    edge(&s, 1, 2, 1, 3);
    edge(&s, 2, 3, 1, 20);
    s.nodes[2].flags = FG_CHAIN_WHITELIST;
    s.nodes[2].province = 320000;
    fg_chain g;
    build(&s, &g);
    fg_chain_analysis a;
    fg_err err;
    assert_int_equal(fg_chain_analyse(&g, 0, &a, &err), 0);
    fg_chain_impact r;
    assert_int_equal(fg_chain_impact_of(&g, &a, 0, &r, &err), 0);
    assert_int_equal(r.stall[0], 2); /* 0 and 1 within 3 days */
    assert_int_equal(r.stall[1], 3);
    assert_int_equal(r.stall[2], 3);
    assert_int_equal(r.whitelist[0], 0);
    assert_int_equal(r.whitelist[1], 1);
    assert_int_equal(r.provinces, 2);
    assert_int_equal(r.capacity, 30);
    assert_int_equal(r.nhits, 3);
    assert_int_equal(r.hits[2].node, 2);
    assert_int_equal(r.hits[2].day, 5);
    fg_chain_impact_release(&r);
    assert_int_equal(fg_chain_impact_of(&g, &a, 9, &r, &err), FG_EINVAL);
    assert_string_equal(err.key, "chain.node_range");
    fg_chain_analysis_release(&a);
    fg_chain_release(&g);
}

static void the_impact_report_is_the_difference_of_two_analyses(void **state)
{
    (void)state;
    uint64_t seed = 0x243f6a8885a308d3u;
    for (int round = 0; round < 500; round++) {
        spec s;
        random_spec(&s, &seed);
        fg_chain g;
        build(&s, &g);
        fg_chain_analysis a;
        fg_err err;
        assert_int_equal(fg_chain_analyse(&g, 0, &a, &err), 0);
        uint32_t x = rnd(&seed) % g.n;
        int32_t after[64];
        stalls(&s, &x, 1, after);
        fg_chain_impact r;
        assert_int_equal(fg_chain_impact_of(&g, &a, x, &r, &err), 0);
        for (int k = 0; k < FG_CHAIN_HORIZONS; k++) {
            int32_t h = fg_chain_horizon_days[k];
            uint32_t want = 0, wl = 0, lv = 0;
            for (uint32_t v = 0; v < g.n; v++)
                if (after[v] <= h && a.stall[v] > h) {
                    want++;
                    wl += (s.nodes[v].flags & FG_CHAIN_WHITELIST) != 0;
                    lv += (s.nodes[v].flags & FG_CHAIN_LIVELIHOOD) != 0;
                }
            assert_int_equal(r.stall[k], want);
            assert_int_equal(r.whitelist[k], wl);
            assert_int_equal(r.livelihood[k], lv);
        }
        size_t nh = 0;
        int64_t cap = 0;
        for (uint32_t v = 0; v < g.n; v++)
            if (after[v] <= 14 && a.stall[v] > 14) {
                assert_true(nh < r.nhits);
                nh++;
                cap += s.nodes[v].capacity;
            }
        assert_int_equal(r.nhits, nh);
        assert_int_equal(r.capacity, cap);
        for (size_t i = 0; i < r.nhits; i++)
            assert_int_equal(r.hits[i].day, after[r.hits[i].node]);
        fg_chain_impact_release(&r);
        fg_chain_analysis_release(&a);
        fg_chain_release(&g);
    }
}

static void an_empty_chain_analyses_to_nothing(void **state)
{
    (void)state;
    fg_chain g;
    fg_chain_analysis a;
    fg_err err;
    assert_int_equal(fg_chain_build(&g, 0, NULL, 0, NULL, &err), 0);
    assert_int_equal(fg_chain_analyse(&g, 10, &a, &err), 0);
    assert_int_equal(a.nblocks, 0);
    assert_int_equal(a.nresume, 0);
    fg_chain_analysis_release(&a);
    fg_chain_release(&g);
}

/* The scenario "if these stop for N days": those stalling before day N. */
static void a_scenario_of_n_days_stalls_those_short_of_stock(void **state)
{
    (void)state;
    spec s;
    spec_init(&s, 4); /* 0 feeds 1 (2 days), 2 (9 days); 1 feeds 3 (3 days) */
    edge(&s, 0, 1, 1, 2);
    edge(&s, 0, 2, 1, 9);
    edge(&s, 1, 3, 1, 3);
    int32_t t[4];
    uint32_t x = 0;
    stalls(&s, &x, 1, t);
    const int32_t N = 7;
    assert_true(t[1] < N);
    assert_true(t[3] < N); /* 2 + 3 = 5 */
    assert_false(t[2] < N);
    assert_int_equal(t[2], 9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_customer_needs_every_input),
        cmocka_unit_test(any_supplier_of_an_input_will_do),
        cmocka_unit_test(an_input_is_cut_when_its_last_supplier_stalls),
        cmocka_unit_test(three_tiers_add_their_stocks),
        cmocka_unit_test(cycles_stall_only_with_a_stop_behind_them),
        cmocka_unit_test(building_refuses_bad_edges_by_key),
        cmocka_unit_test(duplicate_edges_merge_and_the_largest_stock_counts),
        cmocka_unit_test(dominators_of_a_diamond_and_an_unreachable_loop),
        cmocka_unit_test(dominators_agree_with_brute_force),
        cmocka_unit_test(sole_sources_count_inputs_and_white_list_customers),
        cmocka_unit_test(block_points_rank_by_weighted_capacity_held_up),
        cmocka_unit_test(the_critical_mark_names_its_reason),
        cmocka_unit_test(the_impact_report_of_a_sole_supplier),
        cmocka_unit_test(the_impact_report_is_the_difference_of_two_analyses),
        cmocka_unit_test(an_empty_chain_analyses_to_nothing),
        cmocka_unit_test(a_scenario_of_n_days_stalls_those_short_of_stock),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
