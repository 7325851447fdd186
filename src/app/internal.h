/* What the files of app/ share among themselves (not for api/ or cli/). */
#ifndef FG_APP_INTERNAL_H
#define FG_APP_INTERNAL_H

#include "app.h"

int fg__app_guidance_cache_new(struct fg_guidance_cache **out, fg_err *err);
void fg__app_guidance_cache_free(struct fg_guidance_cache *c);

/* The delivery of policies (policy_claims.c): inside the matching's `tx`,
 * when an automatic policy's entitlement is newly eligible (or eligible
 * again), a claim (origin automatic, pending, its form pre-filled from `f`,
 * its amount from `res`) unless the enterprise has a live one, audited as
 * policy_claim.automatic. */
int fg__app_claim_automatic(fg_tx *tx, const fg_policy_row *pol, const fg_policy_rule *rule,
                            const fg_policy_facts *f, const char *uscc, int64_t eligible_since,
                            fg_err *err);

#endif
