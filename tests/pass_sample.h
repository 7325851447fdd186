/* The sample pass the pass tests and the pass benchmark share: as large as the
 * QR budget allows (two crew members, a three-county route), valid from `now`
 * (seconds) for seven days. */
#ifndef FG_TESTS_PASS_SAMPLE_H
#define FG_TESTS_PASS_SAMPLE_H

#include <stdio.h>
#include <string.h>

#include "core/pass.h"

static inline fg_pass_claims fg_test_pass_sample(int64_t now)
{
    fg_pass_claims c;
    memset(&c, 0, sizeof(c));
    snprintf(c.issuer, sizeof(c.issuer), "CN-330000");
    c.iat = now;
    c.nbf = now;
    c.exp = now + 7 * 86400;
    c.number = 330000000123LL;
    c.goods = 1;
    c.origin = 330106;
    c.destination = 310115;
    c.route[0] = 330110;
    c.route[1] = 330523;
    c.route[2] = 320505;
    c.n_route = 3;
    snprintf(c.plate, sizeof(c.plate), "浙A12345");
    snprintf(c.crew[0].name, sizeof(c.crew[0].name), "王建国");
    snprintf(c.crew[0].id_masked, sizeof(c.crew[0].id_masked), "330106********1235");
    c.crew[0].test_until = 20261128;
    snprintf(c.crew[1].name, sizeof(c.crew[1].name), "李明");
    snprintf(c.crew[1].id_masked, sizeof(c.crew[1].id_masked), "330102********5670");
    c.crew[1].test_until = 20261128;
    c.crew[1].role = 1;
    c.n_crew = 2;
    snprintf(c.applicant, sizeof(c.applicant), "91330106MA27XK001E");
    return c;
}

#endif
