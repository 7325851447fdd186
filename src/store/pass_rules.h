/* Provinces' negative-test rules for vehicle passes as stored: read one
 * (a province that never set one asks for nothing), set one with its audit
 * entry. Whether a rule is sound and who may set it is decided above
 * (core/pass_rule.h, app/). */
#ifndef FG_STORE_PASS_RULES_H
#define FG_STORE_PASS_RULES_H

#include <jansson.h>
#include <stdint.h>

#include "../core/pass_rule.h"
#include "../util/err.h"
#include "db.h"

typedef struct fg_pass_rule_row {
    fg_pass_rule rule;   /* with the province's name */
    int version;         /* 0 when never set (the default: no test asked) */
    char updated_by[65]; /* "" when never set */
    int64_t updated_at;  /* ms, 0 when never set */
} fg_pass_rule_row;

/* The rule of `province` (a province's code). FG_ENOTFOUND when the region
 * table has no such province. */
int fg_store_pass_rule_get(fg_db *db, int32_t province, fg_pass_rule_row *out, fg_err *err);
/* The rule as the API shows it (new): {province, name, drivers, crew, hours,
 * version, updated_by?, updated_at?}. */
json_t *fg_pass_rule_row_json(const fg_pass_rule_row *r);
/* Replaces the rule of r->province, in one transaction with its audit entry
 * (pass_rule.set: before and after), if its version is still `expect_version`
 * (-1: whatever it is; FG_ECONFLICT otherwise). *out: the rule as stored. */
int fg_store_pass_rule_set(fg_db *db, const fg_pass_rule *r, int expect_version, int64_t now,
                           const char *actor, fg_pass_rule_row *out, fg_err *err);

#endif
