/* Provinces' negative-test rules and the strictest of them for a trip. */
#include "pass_rule.h"

#include <stdio.h>
#include <string.h>

#include "../util/assert.h"
#include "region.h"

int fg_pass_rule_check(const fg_pass_rule *r, fg_err *err)
{
    if (r->province <= 0 || r->province > 999999 ||
        fg_region_level_of(r->province) != FG_LEVEL_PROVINCE)
        return fg_err_at(err, FG_EINVAL, "code", "pass_rule.province",
                         "a pass rule is set for a province: a code ending in 0000");
    if (r->crew && !r->drivers)
        return fg_err_at(err, FG_EINVAL, "crew", "pass_rule.crew_without_drivers",
                         "a rule that asks the crew for a test asks the drivers too");
    if (!r->drivers && r->hours != 0)
        return fg_err_at(err, FG_EINVAL, "hours", "pass_rule.hours_unused",
                         "hours are given only when drivers need a test");
    if (r->drivers && (r->hours < FG_PASS_RULE_MIN_HOURS || r->hours > FG_PASS_RULE_MAX_HOURS))
        return fg_err_at(err, FG_EINVAL, "hours", "pass_rule.hours",
                         "a test counts for {min:%d} to {max:%d} hours after sampling",
                         FG_PASS_RULE_MIN_HOURS, FG_PASS_RULE_MAX_HOURS);
    return 0;
}

static size_t add_province(int32_t county, int32_t *out, size_t n)
{
    int32_t p = county / 10000 * 10000;
    for (size_t i = 0; i < n; i++)
        if (out[i] == p)
            return n;
    out[n] = p;
    return n + 1;
}

size_t fg_pass_trip_provinces(const fg_pass_claims *c, int32_t out[FG_PASS_MAX_PROVINCES])
{
    size_t n = add_province(c->origin, out, 0);
    for (size_t i = 0; i < c->n_route && i < FG_PASS_MAX_ROUTE; i++)
        n = add_province(c->route[i], out, n);
    return add_province(c->destination, out, n);
}

static void tighten(fg_pass_test_need *need, int hours, int by)
{
    if (need->hours == 0 || hours < need->hours) {
        need->hours = hours;
        need->by = by;
    }
}

void fg_pass_trip_need_of(const fg_pass_rule *rules, size_t n, fg_pass_trip_need *out)
{
    for (int k = 0; k < 2; k++)
        out->role[k] = (fg_pass_test_need){0, -1};
    for (size_t i = 0; i < n; i++) {
        const fg_pass_rule *r = &rules[i];
        if (!r->drivers || r->hours <= 0)
            continue;
        tighten(&out->role[0], r->hours, (int)i);
        if (r->crew)
            tighten(&out->role[1], r->hours, (int)i);
    }
}

int fg_pass_test_check(const fg_pass_trip_need *need, const fg_pass_rule *rules, int role,
                       int64_t sampled, int64_t starts, int64_t now, int64_t *out_valid_to,
                       fg_err *err)
{
    FG_ASSERT(role == 0 || role == 1);
    const fg_pass_test_need *w = &need->role[role];
    *out_valid_to = 0;
    if (sampled > now + FG_PASS_TEST_SKEW)
        return fg_err_at(err, FG_EINVAL, "crew", "pass.test_future",
                         "the latest negative test's sampling time lies in the future");
    if (w->hours == 0)
        return 0;
    const char *province = rules[w->by].name;
    if (sampled <= 0 && role)
        return fg_err_at(err, FG_EINVAL, "crew", "pass.test_required_crew",
                         "{province:%s} requires drivers and crew to show a negative test sampled "
                         "within {hours:%d} hours: give the time of the latest sampling",
                         province, w->hours);
    if (sampled <= 0)
        return fg_err_at(err, FG_EINVAL, "crew", "pass.test_required",
                         "{province:%s} requires drivers to show a negative test sampled within "
                         "{hours:%d} hours: give the time of the latest sampling",
                         province, w->hours);
    int64_t valid_to = sampled + (int64_t)w->hours * 3600;
    if (valid_to < (starts > now ? starts : now))
        return fg_err_at(err, FG_EINVAL, "crew", "pass.test_too_old",
                         "{province:%s} counts a negative test for {hours:%d} hours after "
                         "sampling: this one no longer counts when the pass starts; give a later "
                         "test or a later start",
                         province, w->hours);
    *out_valid_to = valid_to;
    return 0;
}

int fg_pass_tests_check(const fg_pass_trip_need *need, const fg_pass_rule *rules, fg_pass_claims *c,
                        int64_t now, fg_err *err)
{
    for (size_t i = 0; i < c->n_crew; i++) {
        fg_pass_person *p = &c->crew[i];
        int rc = fg_pass_test_check(need, rules, p->role ? 1 : 0, p->test_sampled, c->nbf, now,
                                    &p->test_valid_to, err);
        if (rc) {
            if (err) {
                char n[24], prefix[32];
                snprintf(n, sizeof(n), "%zu", i + 1);
                snprintf(prefix, sizeof(prefix), "crew %zu: ", i + 1);
                fg_err_wrap(err, "person", n, prefix);
            }
            return rc;
        }
    }
    return 0;
}
