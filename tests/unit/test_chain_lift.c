/* Lift together on small graphs with known answers: a customer needing inputs
 * from two stopped regions is restored only by lifting both; alternatives
 * (any supplier will do) are no reason; the thresholds hold. */
#include "test.h"

#include "core/chain_lift.h"

#define NONE FG_CHAIN_NONE

typedef struct spec {
    uint32_t n;
    fg_chain_node nodes[16];
    size_t m;
    fg_chain_arc edges[32];
    uint32_t group[16];
} spec;

static void spec_init(spec *s, uint32_t n)
{
    memset(s, 0, sizeof *s);
    s->n = n;
    for (uint32_t i = 0; i < n; i++) {
        s->nodes[i].capacity = 10;
        s->nodes[i].province = 330000;
        s->group[i] = NONE;
    }
}

static void edge(spec *s, uint32_t sup, uint32_t cust, uint32_t input)
{
    s->edges[s->m++] = (fg_chain_arc){sup, cust, input, 0.5f, 2};
}

static void lift_of(const spec *s, uint32_t ngroups, int64_t min_gain, fg_chain_lift *l)
{
    fg_chain g;
    fg_err err;
    assert_int_equal(fg_chain_build(&g, s->n, s->nodes, s->m, s->edges, &err), 0);
    assert_int_equal(fg_chain_lift_of(&g, s->group, ngroups, 14, 1.2, min_gain, l, &err), 0);
    fg_chain_release(&g);
}

/* 0 (region 0) and 1 (region 1), both stopped, supply different inputs to 2,
 * which supplies 3: lifting either alone restores nothing downstream; both
 * restore 2 and 3 (20 > 1.2 x 0). Region 0 also has a big stopped enterprise
 * (4) that supplies nobody: its own capacity is not the chain's answer and
 * does not hide the pair. */
static void two_inputs_from_two_stopped_regions_pair_up(void **state)
{
    (void)state;
    spec s;
    spec_init(&s, 5);
    s.nodes[0].stop_until = s.nodes[1].stop_until = FG_CHAIN_NEVER;
    s.nodes[4].stop_until = FG_CHAIN_NEVER;
    s.nodes[4].capacity = 100000;
    s.group[0] = s.group[4] = 0;
    s.group[1] = 1;
    s.group[2] = s.group[3] = 2;
    edge(&s, 0, 2, 1);
    edge(&s, 1, 2, 2);
    edge(&s, 2, 3, 1);
    fg_chain_lift l;
    lift_of(&s, 3, 5, &l);
    assert_int_equal(l.npairs, 1);
    assert_int_equal(l.pairs[0].a, 0);
    assert_int_equal(l.pairs[0].b, 1);
    assert_int_equal(l.pairs[0].restored_a, 0);
    assert_int_equal(l.pairs[0].restored_b, 0);
    assert_int_equal(l.pairs[0].restored_both, 20);
    assert_int_equal(l.pairs[0].held_both, 2);
    assert_int_equal(l.pairs[0].nheld, 2);
    assert_int_equal(l.held[l.pairs[0].first], 2);
    assert_int_equal(l.held[l.pairs[0].first + 1], 3);
    assert_int_equal(l.truncated, 0);
    fg_chain_lift_release(&l);
    /* A white-list customer counts three times: 30 + 10. */
    s.nodes[2].flags = FG_CHAIN_WHITELIST;
    lift_of(&s, 3, 5, &l);
    assert_int_equal(l.npairs, 1);
    assert_int_equal(l.pairs[0].restored_both, 40);
    fg_chain_lift_release(&l);
}

/* 0 and 1 are alternative suppliers of the same input: lifting either alone
 * restores 2, so together they add nothing: no pair. */
static void alternative_suppliers_are_no_pair(void **state)
{
    (void)state;
    spec s;
    spec_init(&s, 3);
    s.nodes[0].stop_until = s.nodes[1].stop_until = FG_CHAIN_NEVER;
    s.group[0] = 0;
    s.group[1] = 1;
    edge(&s, 0, 2, 1);
    edge(&s, 1, 2, 1);
    fg_chain_lift l;
    lift_of(&s, 2, 0, &l);
    assert_int_equal(l.npairs, 0);
    fg_chain_lift_release(&l);
}

/* Regions whose stops hold up nothing in common are not even tried, and the
 * minimum gain holds: the same pair as above with min_gain above its 20. */
static void unrelated_regions_and_small_gains_are_left_out(void **state)
{
    (void)state;
    spec s;
    spec_init(&s, 4);
    s.nodes[0].stop_until = s.nodes[1].stop_until = FG_CHAIN_NEVER;
    s.group[0] = 0;
    s.group[1] = 1;
    edge(&s, 0, 2, 1); /* 0 holds 2 only, 1 holds 3 only */
    edge(&s, 1, 3, 1);
    fg_chain_lift l;
    lift_of(&s, 2, 0, &l);
    assert_int_equal(l.npairs, 0);
    fg_chain_lift_release(&l);

    spec t;
    spec_init(&t, 4);
    t.nodes[0].stop_until = t.nodes[1].stop_until = FG_CHAIN_NEVER;
    t.group[0] = 0;
    t.group[1] = 1;
    edge(&t, 0, 2, 1);
    edge(&t, 1, 2, 2);
    edge(&t, 2, 3, 1);
    lift_of(&t, 2, 21, &l);
    assert_int_equal(l.npairs, 0);
    fg_chain_lift_release(&l);
    lift_of(&t, 2, 20, &l);
    assert_int_equal(l.npairs, 1);
    fg_chain_lift_release(&l);
}

/* Stops outside the view (group NONE) stay in force: with 4 (outside) also
 * feeding 2 a third input, lifting 0 and 1 restores only themselves. */
static void stops_outside_the_view_stay(void **state)
{
    (void)state;
    spec s;
    spec_init(&s, 5);
    s.nodes[0].stop_until = s.nodes[1].stop_until = s.nodes[4].stop_until = FG_CHAIN_NEVER;
    s.group[0] = 0;
    s.group[1] = 1;
    edge(&s, 0, 2, 1);
    edge(&s, 1, 2, 2);
    edge(&s, 4, 2, 3);
    edge(&s, 2, 3, 1);
    fg_chain_lift l;
    lift_of(&s, 2, 0, &l);
    assert_int_equal(l.npairs, 0);
    fg_chain_lift_release(&l);
}

static void no_stops_no_pairs(void **state)
{
    (void)state;
    spec s;
    spec_init(&s, 3);
    s.group[0] = 0;
    s.group[1] = 1;
    edge(&s, 0, 2, 1);
    edge(&s, 1, 2, 2);
    fg_chain_lift l;
    lift_of(&s, 2, 0, &l);
    assert_int_equal(l.npairs, 0);
    assert_int_equal(l.nheld, 0);
    fg_chain_lift_release(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(two_inputs_from_two_stopped_regions_pair_up),
        cmocka_unit_test(alternative_suppliers_are_no_pair),
        cmocka_unit_test(unrelated_regions_and_small_gains_are_left_out),
        cmocka_unit_test(stops_outside_the_view_stay),
        cmocka_unit_test(no_stops_no_pairs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
