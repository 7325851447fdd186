/* The delivery of policies that benefit enterprises (issue 15, part
 * "delivery"): claims created by the matching for policies granted without
 * application (免申即享), applications with the form pre-filled from what
 * Fugong knows, the issuing department's check, the grant and the receipt,
 * objections as problems in the ledger, and "policies for you". Every write
 * is one transaction with its audit entry; core/policy_claim.c decides. */
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/region.h"
#include "../sys/clock.h"
#include "internal.h"

static const char *const BASES[] = {"monthly_rent", "monthly_contributions", "vat_credit"};

/* The base fact the rule's amount needs, or -1. */
static int needed_base(const fg_policy_rule *r)
{
    return r->amount == FG_AMOUNT_PER_MONTH || r->amount == FG_AMOUNT_SHARE ? (int)r->base : -1;
}

static int64_t *base_slot(fg_policy_facts *f, int base)
{
    return base == FG_BASE_MONTHLY_RENT            ? &f->monthly_rent
           : base == FG_BASE_MONTHLY_CONTRIBUTIONS ? &f->monthly_contributions
                                                   : &f->vat_credit;
}

static json_t *held(int64_t v)
{
    return v >= 0 ? json_integer(v) : json_null();
}

/* What Fugong knows about the enterprise, as the form shows it. */
static json_t *prefill_json(const fg_policy_facts *f)
{
    char county[7];
    fg_region_format(f->region, county);
    json_t *cats = json_array();
    for (unsigned bit = 0; bit < 3; bit++)
        if (f->categories & (1u << bit))
            json_array_append_new(cats, json_string(fg_category_name(1u << bit)));
    return json_pack("{s:s,s:s,s:I,s:o,s:I,s:o,s:b,s:b,s:o,s:o,s:o}", "county", county, "industry",
                     f->industry, "headcount", (json_int_t)f->headcount, "insured",
                     held(f->insured), "capacity", (json_int_t)f->capacity, "categories", cats,
                     "whitelist", f->whitelist, "critical", f->critical, "monthly_rent",
                     held(f->monthly_rent), "monthly_contributions", held(f->monthly_contributions),
                     "vat_credit", held(f->vat_credit));
}

/* ---- one enterprise against the policies that apply today ---------------- */

typedef struct one_ctx {
    fg_app_policies p;
    fg_policy_batch b;
    fg_policy_order_days *days;
    fg_policy_facts f;
    bool loaded, batched;
} one_ctx;

static void one_close(one_ctx *x)
{
    free(x->days);
    if (x->batched)
        fg_policy_batch_release(&x->b);
    if (x->loaded)
        fg_app_policies_release(&x->p);
    memset(x, 0, sizeof(*x));
}

static int one_open(fg_db *db, const char *uscc, int64_t now, one_ctx *x, fg_err *err)
{
    memset(x, 0, sizeof(*x));
    int rc = fg_app_policies_load(db, fg_clock_date(now), &x->p, err);
    if (rc)
        return rc;
    x->loaded = true;
    if ((rc = fg_store_policy_batch(db, "", uscc, 1, x->p.date, &x->b, err))) {
        one_close(x);
        return rc;
    }
    x->batched = true;
    size_t cap = x->b.s[0].n_orders ? x->b.s[0].n_orders : 1;
    x->days = malloc(cap * sizeof(*x->days));
    rc = x->days ? fg_app_policy_facts(&x->p, &x->b, &x->b.s[0], now, x->days, cap, &x->f, err)
                 : fg_err_set(err, FG_ENOMEM, "out of memory");
    if (rc)
        one_close(x);
    return rc;
}

/* The index of policy `id` among those loaded that cover the enterprise, or -1. */
static long find_policy(const one_ctx *x, const char *id)
{
    for (size_t i = 0; i < x->p.n; i++)
        if (strcmp(x->p.live[i].row.id, id) == 0)
            return fg_app_policy_covers(&x->p.live[i].row, x->f.region) ? (long)i : -1;
    return -1;
}

static json_t *needs_json(const fg_policy_row *pol, const fg_policy_rule *rule,
                          const fg_policy_facts *f)
{
    int base = needed_base(rule);
    json_t *st = json_array();
    const char *keys[4];
    size_t n = fg_claim_statements((int)pol->benefit, keys);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(st, json_string(keys[i]));
    fg_policy_facts g = *f;
    bool missing = base >= 0 && *base_slot(&g, base) < 0;
    return json_pack("{s:o,s:o,s:I,s:I}", "base", missing ? json_string(BASES[base]) : json_null(),
                     "statements", st, "max_files", (json_int_t)FG_CLAIM_MAX_FILES,
                     "max_file_bytes", (json_int_t)FG_CLAIM_FILE_MAX);
}

static json_t *form_json(const fg_policy_row *pol, const fg_policy_rule *rule,
                         const fg_policy_facts *f, json_t *why)
{
    return json_pack("{s:o,s:O,s:o,s:o}", "prefilled", prefill_json(f), "checks",
                     json_object_get(why, "checks") ? json_object_get(why, "checks") : json_null(),
                     "needs", needs_json(pol, rule, f), "given", json_object());
}

int fg_app_claim_form(fg_app *app, fg_db *db, const char *policy, const char *uscc, int64_t now,
                      json_t **out, fg_err *err)
{
    (void)app;
    one_ctx x;
    int rc = one_open(db, uscc, now, &x, err);
    if (rc)
        return rc;
    long i = find_policy(&x, policy);
    if (i < 0) {
        one_close(&x);
        return fg_err_at(err, FG_ENOTFOUND, "policy", "policy.claim_no_policy",
                         "no policy in force by that id covers the enterprise");
    }
    fg_policy_result res;
    json_t *why = fg_policy_explain(&x.p.rules[i], &x.f, &res);
    const fg_policy_row *pol = &x.p.live[i].row;
    json_t *form = why ? form_json(pol, &x.p.rules[i], &x.f, why) : NULL;
    *out = form ? json_pack("{s:o,s:b,s:b,s:o,s:o,s:O,s:o}", "policy", fg_policy_row_json(pol),
                            "eligible", res.eligible, "automatic", pol->automatic, "amount_fen",
                            res.eligible && res.amount_known ? json_integer(res.amount_fen)
                                                             : json_null(),
                            "form", form, "lacks", json_object_get(why, "lacks"), "match", why)
                : NULL;
    one_close(&x);
    return *out ? 0 : fg_err_set(err, FG_ENOMEM, "out of memory");
}

/* When the enterprise became eligible for the policy (its entitlement), or 0. */
static int eligible_since(fg_db *db, const char *policy, const char *uscc, int64_t *out,
                          fg_err *err)
{
    fg_entitlement_row *rows = NULL;
    size_t n = 0;
    *out = 0;
    int rc = fg_store_entitlements_range(db, uscc, uscc, &rows, &n, err);
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (strcmp(rows[i].policy, policy) == 0 && rows[i].eligible)
            *out = rows[i].eligible_since;
    free(rows);
    return rc;
}

/* Checks the attachments; *out_n how many. */
static int files_check(json_t *files, size_t first, size_t *out_n, fg_err *err)
{
    *out_n = 0;
    if (!files || json_is_null(files))
        return 0;
    if (!json_is_array(files))
        return fg_err_at(err, FG_EINVAL, "files", "policy.claim_files",
                         "files is a list of {name, mime, body}");
    if (first + json_array_size(files) > FG_CLAIM_MAX_FILES)
        return fg_err_at(err, FG_ETOOBIG, "files", "policy.claim_files_many",
                         "a claim carries at most {max:%d} attachments", FG_CLAIM_MAX_FILES);
    size_t i;
    json_t *f;
    json_array_foreach(files, i, f)
    {
        char field[32];
        snprintf(field, sizeof(field), "files[%zu]", i);
        size_t bytes;
        int rc =
            fg_claim_file_check(json_string_value(json_object_get(f, "name")),
                                json_string_value(json_object_get(f, "mime")),
                                json_string_value(json_object_get(f, "body")), &bytes, field, err);
        if (rc)
            return rc;
    }
    *out_n = json_array_size(files);
    return 0;
}

static int files_add(fg_tx *tx, const char *claim, json_t *files, int first, fg_err *err)
{
    size_t i;
    json_t *f;
    json_array_foreach(files, i, f)
    {
        int rc = fg_store_claim_file_add(tx, claim, first + (int)i,
                                         json_string_value(json_object_get(f, "name")),
                                         json_string_value(json_object_get(f, "mime")),
                                         json_string_value(json_object_get(f, "body")), err);
        if (rc)
            return rc;
    }
    return 0;
}

int fg_app_claim_apply(fg_app *app, fg_db *db, const fg_who *who, const fg_claim_apply_in *in,
                       int64_t now, char out_id[37], json_t **out_match, fg_err *err)
{
    (void)app;
    *out_match = NULL;
    one_ctx x;
    int rc = fg_access_check_role(who->principal, FG_ACT_POLICY_APPLY, err);
    if (rc || (rc = one_open(db, in->enterprise, now, &x, err)))
        return rc;
    fg_target t = {x.f.region, in->enterprise};
    if ((rc = fg_access_check_enterprise(who->principal, FG_ACT_POLICY_APPLY, &t, err))) {
        one_close(&x);
        return rc;
    }
    long i = find_policy(&x, in->policy);
    if (i < 0) {
        one_close(&x);
        return fg_err_at(err, FG_ENOTFOUND, "policy", "policy.claim_no_policy",
                         "no policy in force by that id covers the enterprise");
    }
    const fg_policy_row *pol = &x.p.live[i].row;
    const fg_policy_rule *rule = &x.p.rules[i];
    fg_claim_row c;
    memset(&c, 0, sizeof(c));
    if (pol->automatic)
        rc = fg_err_at(err, FG_EINVAL, "policy", "policy.claim_automatic",
                       "this policy is granted without application: the claim is made for you "
                       "when your data show you qualify");
    /* The base: held facts stand; a given one fills what is not held. */
    int base = needed_base(rule);
    if (rc == 0 && base >= 0 && *base_slot(&x.f, base) < 0 && in->base_fen >= 0 &&
        (rc = fg_claim_base_check(in->base_fen, BASES[base], err)) == 0)
        *base_slot(&x.f, base) = in->base_fen;
    fg_policy_result res;
    json_t *why = rc == 0 ? fg_policy_explain(rule, &x.f, &res) : NULL;
    if (rc == 0 && !why)
        rc = fg_err_set(err, FG_ENOMEM, "out of memory");
    if (rc == 0 && !res.eligible) {
        rc = fg_err_at(err, FG_EINVAL, "policy", "policy.claim_not_eligible",
                       "the enterprise does not qualify for this policy by the facts held; if "
                       "you believe it does, raise an objection");
        *out_match = json_incref(why);
    }
    if (rc == 0 && !res.amount_known)
        rc = fg_err_at(err, FG_EINVAL, base >= 0 ? BASES[base] : "base_fen",
                       "policy.claim_base_needed", "the amount needs {base:%s}",
                       base >= 0 ? BASES[base] : "?");
    /* The statements the rule cannot check. */
    const char *keys[4];
    size_t n_keys = rc == 0 ? fg_claim_statements((int)pol->benefit, keys) : 0;
    for (size_t k = 0; rc == 0 && k < n_keys; k++)
        if (!json_is_true(json_object_get(in->statements, keys[k])))
            rc = fg_err_at(err, FG_EINVAL, keys[k], "policy.claim_statement_needed",
                           "confirm the statement {statement:%s}", keys[k]);
    if (rc == 0 && in->note && *in->note)
        rc = fg_claim_statement_check(in->note, "note", err);
    size_t n_files = 0;
    if (rc == 0)
        rc = files_check(in->files, 0, &n_files, err);
    int64_t since = 0;
    if (rc == 0)
        rc = eligible_since(db, pol->id, in->enterprise, &since, err);
    if (rc == 0) {
        memcpy(c.policy, pol->id, sizeof(c.policy));
        fg_strlcpy(c.enterprise, in->enterprise, sizeof(c.enterprise));
        c.region = x.f.region;
        c.automatic = false;
        c.state = FG_CLAIM_PENDING;
        c.rule_version = pol->rule_version;
        c.amount_fen = res.amount_fen;
        c.eligible_since = since ? since : now;
        fg_strlcpy(c.created_by, who->username, sizeof(c.created_by));
        c.form = form_json(pol, rule, &x.f, why);
        json_t *given = json_object_get(c.form, "given");
        if (base >= 0 && in->base_fen >= 0)
            json_object_set_new(given, BASES[base], json_integer(*base_slot(&x.f, base)));
        json_t *sts = json_object();
        for (size_t k = 0; k < n_keys; k++)
            json_object_set_new(sts, keys[k], json_true());
        json_object_set_new(c.form, "statements", sts);
        json_object_set_new(c.form, "note", json_string(in->note ? in->note : ""));
        json_object_set_new(c.form, "answers", json_array());
    }
    json_decref(why);
    one_close(&x);
    if (rc)
        return rc;
    fg_tx tx;
    if ((rc = fg_tx_begin(&tx, db, now, who->username, err)) == 0) {
        fg_claim_row live;
        int has = fg_store_claim_live(db, c.policy, c.enterprise, &live, err);
        fg_claim_row_release(&live);
        if (has > 0)
            rc = fg_err_at(err, FG_EEXIST, "policy", "policy.claim_exists",
                           "the enterprise already has a claim under this policy in progress");
        else if (has < 0)
            rc = has;
        if (rc == 0)
            rc = fg_store_claim_insert(&tx, &c, "policy_claim.apply", err);
        if (rc == 0 && n_files)
            rc = files_add(&tx, c.id, in->files, 1, err);
        rc = fg_tx_end(&tx, rc, err);
    }
    if (rc == 0)
        memcpy(out_id, c.id, 37);
    fg_claim_row_release(&c);
    return rc;
}

int fg__app_claim_automatic(fg_tx *tx, const fg_policy_row *pol, const fg_policy_rule *rule,
                            const fg_policy_facts *f, const char *uscc, int64_t since, fg_err *err)
{
    fg_claim_row c;
    int has = fg_store_claim_live(tx->db, pol->id, uscc, &c, err);
    fg_claim_row_release(&c);
    if (has)
        return has < 0 ? has : 0;
    fg_policy_result res;
    json_t *why = fg_policy_explain(rule, f, &res);
    if (!why)
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    memset(&c, 0, sizeof(c));
    memcpy(c.policy, pol->id, sizeof(c.policy));
    fg_strlcpy(c.enterprise, uscc, sizeof(c.enterprise));
    c.region = f->region;
    c.automatic = true;
    c.state = FG_CLAIM_PENDING;
    c.rule_version = pol->rule_version;
    c.amount_fen = res.amount_known ? res.amount_fen : -1;
    c.eligible_since = since;
    fg_strlcpy(c.created_by, tx->actor, sizeof(c.created_by));
    c.form = form_json(pol, rule, f, why);
    json_decref(why);
    int rc = c.form ? fg_store_claim_insert(tx, &c, "policy_claim.automatic", err)
                    : fg_err_set(err, FG_ENOMEM, "out of memory");
    fg_claim_row_release(&c);
    return rc;
}

/* ---- the check, the grant, the receipt --------------------------------- */

/* Whether regions a and b are related: one contains the other. */
static bool related(int32_t a, int32_t b)
{
    return a >= 0 && b >= 0 && (fg_region_contains(a, b) || fg_region_contains(b, a));
}

int fg_app_claim_visible(const fg_who *who, const fg_claim_row *c, fg_err *err)
{
    fg_target t = {c->region, c->enterprise};
    fg_action act = who->role == FG_ROLE_ENTERPRISE ? FG_ACT_POLICY_APPLY : FG_ACT_POLICY_CHECK;
    int rc = fg_access_check_role(who->principal, act, err);
    if (rc)
        return rc;
    /* A claim outside the account's reach (another enterprise's; outside the
     * jurisdiction, or under a policy of an unrelated region) is answered as
     * one that does not exist, as fg_store_claim_get (issue 16). */
    if (fg_access_check(who->principal, act, &t, NULL) ||
        (act == FG_ACT_POLICY_CHECK && !related(who->principal->region, c->policy_region)))
        return fg_err_at(err, FG_ENOTFOUND, "id", "policy.claim_not_found", "no such claim");
    return 0;
}

int fg_app_claim_filter(const fg_who *who, fg_claim_filter *f, fg_err *err)
{
    fg_claim_filter_init(f);
    const fg_principal *p = who->principal;
    if (who->role == FG_ROLE_ENTERPRISE) {
        if (p->n_enterprises == 0)
            return fg_err_at(err, FG_EPERM, NULL, "policy.claim_not_yours",
                             "the account speaks for no enterprise");
        f->enterprise = p->enterprises[0];
        return 0;
    }
    fg_target t = {p->region, NULL};
    int rc = fg_access_check(p, FG_ACT_POLICY_CHECK, &t, err);
    if (rc)
        return rc;
    fg_region_range(p->region, &f->lo, &f->hi);
    f->policy_lo = f->lo;
    f->policy_hi = f->hi;
    for (int32_t r = fg_region_parent(p->region); r >= 0 && f->n_anc < 4; r = fg_region_parent(r))
        f->anc[f->n_anc++] = r;
    return 0;
}

int fg_app_claim_act(fg_app *app, fg_db *db, const fg_who *who, const char *id,
                     const fg_claim_act_in *in, int64_t now, fg_claim_row *out, fg_err *err)
{
    (void)app;
    memset(out, 0, sizeof(*out));
    fg_claim_row c;
    int rc = fg_store_claim_get(db, id, &c, err);
    if (rc)
        return rc;
    if ((rc = fg_app_claim_visible(who, &c, err))) {
        fg_claim_row_release(&c);
        return rc;
    }
    fg_claim_side side =
        who->role == FG_ROLE_ENTERPRISE ? FG_CLAIM_BY_ENTERPRISE : FG_CLAIM_BY_DEPARTMENT;
    fg_claim_state to = c.state;
    if (in->version > 0 && in->version != c.version)
        rc = fg_err_at(err, FG_ECONFLICT, "version", "policy.claim_changed",
                       "the claim was changed meanwhile; reload it");
    if (rc == 0)
        rc = fg_claim_step(c.state, in->action, side, &to, err);
    fg_claim_row a = c;
    a.form = json_deep_copy(c.form);
    a.state = to;
    int first_file = 1;
    size_t n_files = 0;
    json_t *extra = json_object();
    if (rc == 0 && (!a.form || !extra))
        rc = fg_err_set(err, FG_ENOMEM, "out of memory");
    if (rc == 0) {
        switch (in->action) {
        case FG_CLAIM_APPROVE: {
            int64_t amount = in->amount_fen >= 0 ? in->amount_fen : c.amount_fen;
            if (amount < 0)
                rc = fg_err_at(err, FG_EINVAL, "amount_fen", "policy.claim_amount",
                               "the amount approved must be more than 0");
            else
                rc = fg_claim_approve_check(amount, c.amount_fen, err);
            a.approved_fen = amount;
            a.decided_at = now;
            break;
        }
        case FG_CLAIM_REJECT:
        case FG_CLAIM_ASK:
            rc = fg_claim_reason_check(in->reason, "reason", err);
            if (rc == 0)
                fg_strlcpy(a.reason, in->reason, sizeof(a.reason));
            if (in->action == FG_CLAIM_REJECT)
                a.decided_at = now;
            break;
        case FG_CLAIM_ANSWER: {
            rc = fg_claim_reason_check(in->reason, "reason", err);
            if (rc == 0)
                rc = fg_store_claim_file_next(db, c.id, &first_file, err);
            if (rc == 0)
                rc = files_check(in->files, (size_t)first_file - 1, &n_files, err);
            if (rc == 0 && in->base_fen >= 0) {
                json_t *needs = json_object_get(json_object_get(a.form, "needs"), "base");
                const char *b = json_string_value(needs);
                if (!b)
                    rc = fg_err_at(err, FG_EINVAL, "base_fen", "policy.claim_base_unneeded",
                                   "the amount of this claim needs no base fact");
                else if ((rc = fg_claim_base_check(in->base_fen, b, err)) == 0)
                    json_object_set_new(json_object_get(a.form, "given"), b,
                                        json_integer(in->base_fen));
            }
            if (rc == 0) {
                json_t *answers = json_object_get(a.form, "answers");
                if (!json_is_array(answers)) {
                    answers = json_array();
                    json_object_set_new(a.form, "answers", answers);
                }
                char at[25];
                fg_time_format(now, at);
                json_array_append_new(answers, json_pack("{s:s,s:s,s:s}", "at", at, "text",
                                                         in->reason, "asked", c.reason));
            }
            break;
        }
        case FG_CLAIM_GRANT:
            rc = fg_claim_grant_check(in->amount_fen, c.approved_fen, in->date, fg_clock_date(now),
                                      in->reference, err);
            if (rc == 0) {
                a.granted_fen = in->amount_fen;
                a.grant_date = in->date;
                fg_strlcpy(a.grant_reference, in->reference, sizeof(a.grant_reference));
                a.granted_at = now;
            }
            break;
        case FG_CLAIM_RECEIPT: a.received_at = now; break;
        case FG_CLAIM_WITHDRAW:
        default: break;
        }
    }
    if (rc == 0) {
        fg_tx tx;
        if ((rc = fg_tx_begin(&tx, db, now, who->username, err)) == 0) {
            if (in->action == FG_CLAIM_APPROVE)
                rc = fg_store_policy_commit(&tx, c.policy, a.approved_fen, err);
            if (rc == 0 && in->action == FG_CLAIM_GRANT)
                rc = fg_store_policy_release(&tx, c.policy, c.approved_fen - a.granted_fen, err);
            if (rc == 0 && n_files)
                rc = files_add(&tx, c.id, in->files, first_file, err);
            char action[48];
            snprintf(action, sizeof(action), "policy_claim.%s", fg_claim_action_name(in->action));
            if (rc == 0)
                rc = fg_store_claim_update(&tx, &c, &a, action, extra, err);
            rc = fg_tx_end(&tx, rc, err);
        }
    }
    json_decref(extra);
    fg_claim_row_release(&c);
    if (rc) {
        fg_claim_row_release(&a);
        return rc;
    }
    *out = a;
    return 0;
}

/* ---- objections ---------------------------------------------------------------- */

int fg_app_claim_object(fg_app *app, fg_db *db, const fg_who *who, const char *policy,
                        const char *uscc, const char *claim, const char *what, int64_t now,
                        char out_problem[37], fg_err *err)
{
    fg_policy_row *pol = malloc(sizeof(*pol));
    if (!pol)
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    fg_enterprise e;
    int rc = fg_store_policy_get(db, policy, pol, err);
    if (rc == 0)
        rc = fg_store_enterprise_get(db, uscc, now, &e, NULL, err);
    if (rc == 0) {
        fg_target t = {e.region, uscc};
        rc = fg_access_check_enterprise(who->principal, FG_ACT_POLICY_APPLY, &t, err);
    }
    if (rc == 0 && (pol->state != FG_POLICY_PUBLISHED || !fg_app_policy_covers(pol, e.region)))
        rc = fg_err_at(err, FG_ENOTFOUND, "policy", "policy.claim_no_policy",
                       "no policy in force by that id covers the enterprise");
    if (rc == 0)
        rc = fg_claim_reason_check(what, "what", err);
    if (rc == 0 && claim && *claim) {
        fg_claim_row c;
        rc = fg_store_claim_get(db, claim, &c, err);
        if (rc == 0 && (strcmp(c.policy, policy) != 0 || strcmp(c.enterprise, uscc) != 0))
            rc = fg_err_at(err, FG_EINVAL, "claim", "policy.objection_claim",
                           "the claim objected to is the enterprise's under this policy");
        fg_claim_row_release(&c);
    }
    char text[FG_PROBLEM_TEXT_BYTES];
    if (rc == 0) {
        /* The problem says which policy it is about, in the ledger's words. */
        int n = snprintf(text, sizeof(text), "【%s】%s", pol->title, what);
        if (n < 0 || (size_t)n >= sizeof(text) || fg_utf8_len(text) > FG_PROBLEM_TEXT_MAX)
            snprintf(text, sizeof(text), "%s", what);
    }
    if (rc == 0) {
        fg_tx tx;
        if ((rc = fg_tx_begin(&tx, db, now, who->username, err)) == 0) {
            fg_problem_new in = {"benefit", uscc, -1, NULL, NULL, NULL, text};
            rc = fg_app_problem_raise_tx(app, &tx, who, &in, out_problem, err);
            fg_objection_row o;
            memset(&o, 0, sizeof(o));
            if (rc == 0) {
                memcpy(o.problem, out_problem, sizeof(o.problem));
                memcpy(o.policy, pol->id, sizeof(o.policy));
                fg_strlcpy(o.enterprise, uscc, sizeof(o.enterprise));
                o.region = e.region;
                fg_strlcpy(o.claim, claim ? claim : "", sizeof(o.claim));
                rc = fg_store_objection_insert(&tx, &o, err);
            }
            rc = fg_tx_end(&tx, rc, err);
        }
    }
    free(pol);
    return rc;
}

/* ---- policies for you ------------------------------------------------------ */

typedef struct claims_ctx {
    json_t *by_policy; /* policy id -> the newest claim */
} claims_ctx;

static int claim_row(const fg_claim_row *r, void *vctx)
{
    claims_ctx *x = vctx;
    if (json_object_get(x->by_policy, r->policy))
        return 0;
    return json_object_set_new(x->by_policy, r->policy, fg_claim_row_json(r)) ? FG_ENOMEM : 0;
}

int fg_app_policies_for(fg_app *app, fg_db *db, const char *uscc, int64_t now, json_t **out,
                        fg_err *err)
{
    (void)app;
    one_ctx x;
    int rc = one_open(db, uscc, now, &x, err);
    if (rc)
        return rc;
    fg_entitlement_row *ents = NULL;
    size_t n_ents = 0;
    claims_ctx cx = {json_object()};
    json_t *objections = NULL, *items = json_array();
    fg_claim_filter f;
    fg_claim_filter_init(&f);
    f.enterprise = uscc;
    f.limit = 1000;
    long total;
    rc = fg_store_entitlements_range(db, uscc, uscc, &ents, &n_ents, err);
    if (rc == 0)
        rc = fg_store_claims_list(db, &f, claim_row, &cx, &total, err);
    if (rc == 0)
        rc = fg_store_objections_of(db, uscc, &objections, err);
    for (size_t i = 0; rc == 0 && i < x.p.n; i++) {
        const fg_policy_row *pol = &x.p.live[i].row;
        if (!fg_app_policy_covers(pol, x.f.region))
            continue;
        fg_policy_result res;
        json_t *why = fg_policy_explain(&x.p.rules[i], &x.f, &res);
        json_t *ent = json_null();
        for (size_t k = 0; k < n_ents; k++)
            if (strcmp(ents[k].policy, pol->id) == 0) {
                char since[25], lapsed[25];
                fg_time_format(ents[k].eligible_since, since);
                fg_time_format(ents[k].lapsed_at, lapsed);
                ent = json_pack(
                    "{s:s,s:s,s:o,s:o}", "state", ents[k].eligible ? "eligible" : "lapsed",
                    "eligible_since", since, "lapsed_at",
                    ents[k].lapsed_at ? json_string(lapsed) : json_null(), "amount_fen",
                    ents[k].amount_fen >= 0 ? json_integer(ents[k].amount_fen) : json_null());
            }
        json_t *mine = json_array();
        size_t oi;
        json_t *o;
        json_array_foreach(objections, oi, o)
        {
            if (strcmp(json_string_value(json_object_get(o, "policy")), pol->id) == 0)
                json_array_append(mine, o);
        }
        json_t *claim = json_object_get(cx.by_policy, pol->id);
        json_t *item =
            why ? json_pack("{s:o,s:o,s:o,s:O,s:o,s:o}", "policy", fg_policy_row_json(pol), "match",
                            why, "entitlement", ent, "claim", claim ? claim : json_null(), "needs",
                            needs_json(pol, &x.p.rules[i], &x.f), "objections", mine)
                : NULL;
        if (!item) {
            rc = fg_err_set(err, FG_ENOMEM, "out of memory");
            break;
        }
        json_array_append_new(items, item);
    }
    free(ents);
    char county[7];
    fg_region_format(x.f.region, county);
    json_t *facts = rc == 0 ? prefill_json(&x.f) : NULL;
    one_close(&x);
    json_decref(cx.by_policy);
    json_decref(objections);
    if (rc) {
        json_decref(items);
        json_decref(facts);
        return rc;
    }
    *out = json_pack("{s:s,s:s,s:o,s:o}", "enterprise", uscc, "region", county, "facts", facts,
                     "items", items);
    return *out ? 0 : fg_err_set(err, FG_ENOMEM, "out of memory");
}
