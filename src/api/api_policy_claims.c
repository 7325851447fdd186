/* The delivery of policies that benefit enterprises (issue 15, part
 * "delivery"): "policies for you" (/api/v1/enterprises/:uscc/policies), the
 * pre-filled form and the application (/api/v1/policies/:id/claims), the
 * department's queue and a claim's steps (/api/v1/policy-claims), and
 * objections (/api/v1/policies/:id/objections). The enterprise acts for
 * itself (policy.apply); the economic department checks and grants
 * (policy.check) inside its jurisdiction, for policies of its region, above
 * it or below it. */
#include <stdio.h>
#include <string.h>

#include "../core/date.h"
#include "../core/region.h"
#include "../core/uscc.h"
#include "api.h"

/* The enterprise a request names (?enterprise= or the body's), or the
 * account's first. Replies 400/403 and returns non-zero otherwise. */
static int own_enterprise(fg_req *r, const char *given, const char **out)
{
    const char *uscc = given && *given              ? given
                       : r->principal.n_enterprises ? r->principal.enterprises[0]
                                                    : NULL;
    if (!uscc)
        return fg_reply_problem(r, 400, "enterprise", "policy.claim_enterprise",
                                "name the enterprise (its USCC)");
    fg_err err;
    fg_err_init(&err);
    if (fg_uscc_validate(uscc, &err))
        return fg_reply_err_as(r, 400, &err);
    *out = uscc;
    return 0;
}

static json_t *with_extra_claim(fg_req *r, const fg_claim_row *c, fg_err *err)
{
    json_t *j = fg_claim_row_json(c);
    json_t *files = NULL, *history = NULL;
    fg_policy_row *p = fg_arena_alloc(&r->arena, sizeof(*p));
    if (!j || !p || fg_store_claim_files(r->db, c->id, &files, err) ||
        fg_store_claim_history(r->db, c->id, &history, err) ||
        fg_store_policy_get(r->db, c->policy, p, err)) {
        json_decref(j);
        json_decref(files);
        json_decref(history);
        if (err->code == 0)
            fg_err_set(err, FG_ENOMEM, "out of memory");
        return NULL;
    }
    json_object_set_new(j, "files", files);
    json_object_set_new(j, "history", history);
    json_object_set_new(j, "budget",
                        json_pack("{s:I,s:I,s:o}", "budget_fen", (json_int_t)p->budget_fen,
                                  "committed_fen", (json_int_t)p->committed_fen, "remaining_fen",
                                  p->budget_fen > 0 ? json_integer(p->budget_fen - p->committed_fen)
                                                    : json_null()));
    json_t *allowed = json_array();
    fg_claim_side side =
        r->principal.role == FG_ROLE_ENTERPRISE ? FG_CLAIM_BY_ENTERPRISE : FG_CLAIM_BY_DEPARTMENT;
    for (int a = 0; a < FG_CLAIM_ACTION_COUNT; a++) {
        fg_claim_state to;
        if (fg_claim_step(c->state, (fg_claim_action)a, side, &to, NULL) == 0)
            json_array_append_new(allowed, json_string(fg_claim_action_name((fg_claim_action)a)));
    }
    json_object_set_new(j, "actions_allowed", allowed);
    return j;
}

static int reply_claim(fg_req *r, int status, const char *id)
{
    fg_err err;
    fg_err_init(&err);
    fg_claim_row c;
    if (fg_store_claim_get(r->db, id, &c, &err))
        return fg_reply_err(r, &err);
    json_t *j = fg_app_claim_visible(&r->who, &c, &err) ? NULL : with_extra_claim(r, &c, &err);
    fg_claim_row_release(&c);
    return j ? fg_reply_json(r, status, j) : fg_reply_err(r, &err);
}

/* GET /api/v1/enterprises/:uscc/policies */
static int fg_h_policies_for(fg_req *r)
{
    bool ent = r->principal.role == FG_ROLE_ENTERPRISE;
    fg_enterprise e;
    if (fg_req_enterprise(r, ent ? FG_ACT_POLICY_APPLY : FG_ACT_POLICY_READ, &e, NULL))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    if (!ent && !fg_access_sees_region(&r->principal, e.region)) /* as if there were none */
        return fg_enterprise_not_found(&err, e.uscc), fg_reply_err(r, &err);
    json_t *out;
    if (fg_app_policies_for(r->app, r->db, e.uscc, r->now_ms, &out, &err))
        return fg_reply_err(r, &err);
    json_object_set_new(out, "enterprise_name", json_string(e.name));
    return fg_reply_json(r, 200, out);
}

/* GET /api/v1/policies/:id/claims/form?enterprise= */
static int fg_h_claim_form(fg_req *r)
{
    const char *uscc = NULL;
    if (own_enterprise(r, fg_req_param(r, "enterprise"), &uscc))
        return fg_req_refusal(r);
    fg_enterprise e;
    if (fg_req_enterprise_at(r, uscc, FG_ACT_POLICY_APPLY, &e, NULL))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    json_t *out;
    if (fg_app_claim_form(r->app, r->db, fg_req_param(r, "id"), uscc, r->now_ms, &out, &err))
        return fg_reply_err(r, &err);
    return fg_reply_json(r, 200, out);
}

/* POST /api/v1/policies/:id/claims */
static int fg_h_claim_apply(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    bool bad = false;
    const char *given = fg_json_str(r, body, "enterprise", false, &bad);
    const char *note = bad ? NULL : fg_json_str(r, body, "note", false, &bad);
    const char *uscc = NULL;
    if (bad || own_enterprise(r, given, &uscc))
        return fg_req_refusal(r);
    json_t *base = json_object_get(body, "base_fen");
    if (base && !json_is_null(base) && !json_is_integer(base))
        return fg_reply_problem(r, 422, "base_fen", "policy.claim_base",
                                "{field:%s} must be an amount in fen more than 0", "base_fen");
    fg_claim_apply_in in = {fg_req_param(r, "id"),
                            uscc,
                            json_is_integer(base) ? json_integer_value(base) : -1,
                            json_object_get(body, "statements"),
                            note,
                            json_object_get(body, "files")};
    if (json_is_integer(base) && in.base_fen < 0)
        in.base_fen = 0; /* refused by the check as "more than 0" */
    fg_err err;
    fg_err_init(&err);
    char id[37];
    json_t *match = NULL;
    if (fg_app_claim_apply(r->app, r->db, &r->who, &in, r->now_ms, id, &match, &err))
        return match ? fg_reply_err_with(r, &err,
                                         json_pack("{s:o,s:O}", "match", match, "lacks",
                                                   json_object_get(match, "lacks")))
                     : fg_reply_err(r, &err);
    return reply_claim(r, 201, id);
}

typedef struct list_ctx {
    json_t *items;
    json_t *budgets;
    fg_req *r;
} list_ctx;

static int list_row(const fg_claim_row *c, void *vctx)
{
    list_ctx *x = vctx;
    json_t *j = fg_claim_row_json(c);
    if (!j || json_array_append_new(x->items, j))
        return FG_ENOMEM;
    if (!json_object_get(x->budgets, c->policy)) {
        fg_policy_row *p = fg_arena_alloc(&x->r->arena, sizeof(*p));
        fg_err err;
        fg_err_init(&err);
        if (p && fg_store_policy_get(x->r->db, c->policy, p, &err) == 0)
            json_object_set_new(x->budgets, c->policy,
                                json_pack("{s:s,s:I,s:I}", "title", p->title, "budget_fen",
                                          (json_int_t)p->budget_fen, "committed_fen",
                                          (json_int_t)p->committed_fen));
    }
    return 0;
}

/* GET /api/v1/policy-claims?state&policy&region&enterprise&open&limit&offset */
static int fg_h_claims_list(fg_req *r)
{
    fg_err err;
    fg_err_init(&err);
    fg_claim_filter f;
    if (fg_app_claim_filter(&r->who, &f, &err))
        return fg_reply_err(r, &err);
    const char *state = fg_req_param(r, "state");
    if (state && *state) {
        if (strcmp(state, "open") == 0)
            f.open_only = true;
        else {
            fg_claim_state s;
            if (fg_claim_state_parse(state, &s, &err))
                return fg_reply_err_as(r, 400, &err);
            f.state = (int)s;
        }
    }
    const char *policy = fg_req_param(r, "policy");
    if (policy && *policy)
        f.policy = policy;
    const char *ent = fg_req_param(r, "enterprise");
    if (ent && *ent) {
        bool mine = r->principal.role != FG_ROLE_ENTERPRISE;
        for (size_t i = 0; !mine && i < r->principal.n_enterprises; i++)
            mine = strcmp(r->principal.enterprises[i], ent) == 0;
        if (!mine)
            return fg_reply_problem(r, 403, "enterprise", "policy.claim_not_yours",
                                    "an enterprise sees its own claims");
        f.enterprise = ent;
    }
    const char *region = fg_req_param(r, "region");
    if (region && *region) {
        int32_t code, lo, hi;
        if (fg_region_parse(region, "region", &code, &err))
            return fg_reply_err_as(r, 400, &err);
        fg_region_range(code, &lo, &hi);
        if (lo > f.lo)
            f.lo = lo;
        if (hi < f.hi)
            f.hi = hi;
    }
    int rc;
    if ((rc = fg_req_int(r, "limit", 1, 500, 50, &f.limit)) ||
        (rc = fg_req_int(r, "offset", 0, 1000000, 0, &f.offset)))
        return rc;
    list_ctx x = {json_array(), json_object(), r};
    long total;
    if (fg_store_claims_list(r->db, &f, list_row, &x, &total, &err)) {
        json_decref(x.items);
        json_decref(x.budgets);
        return fg_reply_err(r, &err);
    }
    return fg_reply_json(r, 200,
                         json_pack("{s:o,s:o,s:I,s:I,s:I}", "items", x.items, "policies", x.budgets,
                                   "total", (json_int_t)total, "limit", (json_int_t)f.limit,
                                   "offset", (json_int_t)f.offset));
}

/* GET /api/v1/policy-claims/:id */
static int fg_h_claim_get(fg_req *r)
{
    return reply_claim(r, 200, fg_req_param(r, "id"));
}

/* GET /api/v1/policy-claims/:id/files/:seq */
static int fg_h_claim_file(fg_req *r)
{
    fg_err err;
    fg_err_init(&err);
    fg_claim_row c;
    long seq;
    int rc = fg_req_int(r, "seq", 1, 1000, 1, &seq);
    if (rc)
        return rc;
    if (fg_store_claim_get(r->db, fg_req_param(r, "id"), &c, &err))
        return fg_reply_err(r, &err);
    rc = fg_app_claim_visible(&r->who, &c, &err);
    json_t *f = NULL;
    if (rc == 0)
        rc = fg_store_claim_file_get(r->db, c.id, (int)seq, &f, &err);
    fg_claim_row_release(&c);
    return rc ? fg_reply_err(r, &err) : fg_reply_json(r, 200, f);
}

/* POST /api/v1/policy-claims/:id/<action> */
static int claim_act(fg_req *r, fg_claim_action action)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    fg_claim_act_in in = {action, 0, -1, 0, NULL, NULL, -1, json_object_get(body, "files")};
    bool bad = false;
    in.reason = fg_json_str(r, body, "reason", false, &bad);
    if (!bad)
        in.reference = fg_json_str(r, body, "reference", false, &bad);
    const char *date = bad ? NULL : fg_json_str(r, body, "date", false, &bad);
    if (bad)
        return fg_req_refusal(r);
    json_t *v = json_object_get(body, "version");
    if (v && !json_is_integer(v))
        return fg_reply_problem(r, 422, "version", "policy.claim_version",
                                "version is the number of the claim's version you acted on");
    in.version = 0;
    if (v && fg_json_int32(r, body, "version", false, 0, INT_MAX, &in.version))
        return fg_req_refusal(r);
    json_t *amount = json_object_get(body, "amount_fen");
    if (amount && !json_is_null(amount)) {
        if (!json_is_integer(amount) || json_integer_value(amount) <= 0)
            return fg_reply_problem(r, 422, "amount_fen", "policy.claim_amount",
                                    "the amount approved must be more than 0");
        in.amount_fen = json_integer_value(amount);
    }
    json_t *base = json_object_get(body, "base_fen");
    if (base && !json_is_null(base)) {
        if (!json_is_integer(base) || json_integer_value(base) <= 0)
            return fg_reply_problem(r, 422, "base_fen", "policy.claim_base",
                                    "{field:%s} must be an amount in fen more than 0", "base_fen");
        in.base_fen = json_integer_value(base);
    }
    fg_err err;
    fg_err_init(&err);
    if (action == FG_CLAIM_GRANT) {
        if (in.amount_fen < 0)
            in.amount_fen = 0; /* refused by the grant's check */
        if (!date || fg_date_parse(date, &in.date, NULL))
            return fg_reply_problem(r, 422, "date", "policy.grant_date",
                                    "the date of payment must be a date YYYY-MM-DD");
    }
    fg_claim_row c;
    if (fg_app_claim_act(r->app, r->db, &r->who, fg_req_param(r, "id"), &in, r->now_ms, &c, &err))
        return fg_reply_err(r, &err);
    char id[37];
    memcpy(id, c.id, sizeof(id));
    fg_claim_row_release(&c);
    return reply_claim(r, 200, id);
}

static int fg_h_claim_approve(fg_req *r)
{
    return claim_act(r, FG_CLAIM_APPROVE);
}
static int fg_h_claim_reject(fg_req *r)
{
    return claim_act(r, FG_CLAIM_REJECT);
}
static int fg_h_claim_ask(fg_req *r)
{
    return claim_act(r, FG_CLAIM_ASK);
}
static int fg_h_claim_answer(fg_req *r)
{
    return claim_act(r, FG_CLAIM_ANSWER);
}
static int fg_h_claim_grant(fg_req *r)
{
    return claim_act(r, FG_CLAIM_GRANT);
}
static int fg_h_claim_receipt(fg_req *r)
{
    return claim_act(r, FG_CLAIM_RECEIPT);
}
static int fg_h_claim_withdraw(fg_req *r)
{
    return claim_act(r, FG_CLAIM_WITHDRAW);
}

/* POST /api/v1/policies/:id/objections {enterprise?, claim?, what} */
static int fg_h_objection(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    bool bad = false;
    const char *given = fg_json_str(r, body, "enterprise", false, &bad);
    const char *claim = bad ? NULL : fg_json_str(r, body, "claim", false, &bad);
    const char *what = bad ? NULL : fg_json_str(r, body, "what", false, &bad);
    const char *uscc = NULL;
    if (bad || own_enterprise(r, given, &uscc))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    char problem[37];
    if (fg_app_claim_object(r->app, r->db, &r->who, fg_req_param(r, "id"), uscc, claim, what,
                            r->now_ms, problem, &err))
        return fg_reply_err(r, &err);
    return fg_reply_json(r, 201,
                         json_pack("{s:s,s:s,s:s,s:o}", "problem", problem, "policy",
                                   fg_req_param(r, "id"), "enterprise", uscc, "claim",
                                   claim && *claim ? json_string(claim) : json_null()));
}

#define CLAIM_BODY (FG_CLAIM_MAX_FILES * (FG_CLAIM_FILE_MAX / 3 * 4 + 4096) + 65536)

const fg_api_route fg_api_policy_claims_routes[] = {
    {"GET", "/api/v1/enterprises/:uscc/policies", fg_h_policies_for, FG_ROUTE_ANY_ROLE, 0},
    {"GET", "/api/v1/policies/:id/claims/form", fg_h_claim_form, FG_ACT_POLICY_APPLY, 0},
    {"POST", "/api/v1/policies/:id/claims", fg_h_claim_apply, FG_ACT_POLICY_APPLY, CLAIM_BODY},
    {"POST", "/api/v1/policies/:id/objections", fg_h_objection, FG_ACT_POLICY_APPLY,
     FG_API_MAX_BODY},
    {"GET", "/api/v1/policy-claims", fg_h_claims_list, FG_ROUTE_ANY_ROLE, 0},
    {"GET", "/api/v1/policy-claims/:id", fg_h_claim_get, FG_ROUTE_ANY_ROLE, 0},
    {"GET", "/api/v1/policy-claims/:id/files/:seq", fg_h_claim_file, FG_ROUTE_ANY_ROLE, 0},
    {"POST", "/api/v1/policy-claims/:id/approve", fg_h_claim_approve, FG_ACT_POLICY_CHECK,
     FG_API_MAX_BODY},
    {"POST", "/api/v1/policy-claims/:id/reject", fg_h_claim_reject, FG_ACT_POLICY_CHECK,
     FG_API_MAX_BODY},
    {"POST", "/api/v1/policy-claims/:id/more-info", fg_h_claim_ask, FG_ACT_POLICY_CHECK,
     FG_API_MAX_BODY},
    {"POST", "/api/v1/policy-claims/:id/grant", fg_h_claim_grant, FG_ACT_POLICY_CHECK,
     FG_API_MAX_BODY},
    {"POST", "/api/v1/policy-claims/:id/answer", fg_h_claim_answer, FG_ACT_POLICY_APPLY,
     CLAIM_BODY},
    {"POST", "/api/v1/policy-claims/:id/receipt", fg_h_claim_receipt, FG_ACT_POLICY_APPLY,
     FG_API_MAX_BODY},
    {"POST", "/api/v1/policy-claims/:id/withdraw", fg_h_claim_withdraw, FG_ACT_POLICY_APPLY,
     FG_API_MAX_BODY},
};
const size_t fg_api_policy_claims_nroutes =
    sizeof(fg_api_policy_claims_routes) / sizeof(fg_api_policy_claims_routes[0]);
