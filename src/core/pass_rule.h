/* Provinces' negative-test rules for vehicle passes, and what they ask of a
 * trip. A province's joint mechanism says whether the drivers (and the crew)
 * of a vehicle on a pass must show a negative nucleic-acid test, and for how
 * many hours after sampling a test counts. A trip is held to the rules of
 * every province it touches (origin, each county on the way, destination),
 * the strictest of them: a person's role needs a test when any of those
 * provinces asks it, for the shortest of their periods. Pure: the rules and
 * the times are arguments. */
#ifndef FG_CORE_PASS_RULE_H
#define FG_CORE_PASS_RULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"
#include "pass.h"

#define FG_PASS_RULE_MIN_HOURS 12
#define FG_PASS_RULE_MAX_HOURS 168
/* A sampling time may lie this far ahead of the server's clock (a phone's
 * clock a little fast) before it counts as in the future. */
#define FG_PASS_TEST_SKEW 300
/* The provinces a trip touches: origin, route, destination. */
#define FG_PASS_MAX_PROVINCES (FG_PASS_MAX_ROUTE + 2)

/* One province's rule. Invariant (fg_pass_rule_check): crew implies drivers;
 * hours is 0 when drivers is false, else FG_PASS_RULE_MIN_HOURS..MAX. A
 * province that never set a rule has {drivers: false, crew: false, hours: 0}. */
typedef struct fg_pass_rule {
    int32_t province;
    char name[64]; /* the province's name, for messages ("浙江省") */
    bool drivers;  /* drivers need a negative test */
    bool crew;     /* crew members too */
    int hours;     /* how long after sampling a test counts */
} fg_pass_rule;

/* What a trip asks of one role: hours 0 when nothing. `by` is the index into
 * the rules of the province whose rule set the hours (-1 when none). */
typedef struct fg_pass_test_need {
    int hours;
    int by;
} fg_pass_test_need;

/* What a trip asks: [0] of drivers, [1] of crew (indexed by fg_pass_person.role). */
typedef struct fg_pass_trip_need {
    fg_pass_test_need role[2];
} fg_pass_trip_need;

/* Checks a rule as a joint mechanism sets it: a province's code, the
 * invariant above. FG_EINVAL naming the field otherwise. */
int fg_pass_rule_check(const fg_pass_rule *r, fg_err *err);

/* The distinct provinces of the trip's counties (origin, route, destination),
 * in that order, into out; returns how many. */
size_t fg_pass_trip_provinces(const fg_pass_claims *c, int32_t out[FG_PASS_MAX_PROVINCES]);

/* The strictest of `rules` (borrowed, n of them) per role. */
void fg_pass_trip_need_of(const fg_pass_rule *rules, size_t n, fg_pass_trip_need *out);

/* Checks one person's test against the need of their role, for a pass whose
 * validity starts at `starts` (seconds), at `now` (seconds). `sampled`:
 * seconds, 0 when not given. A role with no need passes (a given sampling
 * time still must not lie in the future). FG_EINVAL with the key
 * pass.test_required, pass.test_future or pass.test_too_old, naming the
 * province whose rule refused; *out_valid_to is the end of the test's
 * validity under the need (0 when the role has none). */
int fg_pass_test_check(const fg_pass_trip_need *need, const fg_pass_rule *rules, int role,
                       int64_t sampled, int64_t starts, int64_t now, int64_t *out_valid_to,
                       fg_err *err);

/* Checks every person of `c` (crew[i].test_sampled) and sets each one's
 * test_valid_to; the first refusal is wrapped with the person's place in the
 * list ("person" parameter, "crew 2: ..."), field "crew". Starts at c->nbf. */
int fg_pass_tests_check(const fg_pass_trip_need *need, const fg_pass_rule *rules, fg_pass_claims *c,
                        int64_t now, fg_err *err);

#endif
