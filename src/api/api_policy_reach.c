/* Reach of policies that benefit enterprises (issue 15, part "reach"): per
 * policy and region the eligible, reached, granted and paid against budget,
 * days to payment and objections, drilled down nation → province → city →
 * county; every policy at once for the dashboard; the eligible not reached
 * with their contacts for the department to chase; the same as a
 * spreadsheet (format=xlsx, or csv). Access: policy.reach in the region. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/region.h"
#include "../sys/clock.h"
#include "export.h"

/* ?region= (the account's own region by default), checked against
 * policy.reach; replies and returns non-zero when refused. */
static int reach_region(fg_req *r, int32_t *out)
{
    const char *s = fg_req_param(r, "region");
    *out = r->principal.region >= 0 ? r->principal.region : FG_REGION_NATION;
    if (s && *s) {
        fg_err err;
        fg_err_init(&err);
        if (fg_region_parse(s, "region", out, &err))
            return fg_reply_err_as(r, 400, &err);
    }
    return fg_req_allow(r, FG_ACT_POLICY_REACH, *out, NULL);
}

/* ---- the spreadsheet ------------------------------------------------------ */

static const fg_export_col reach_cols[] = {
    {"地区代码", "Region code", 10, false},
    {"地区", "Region", 18, false},
    {"符合条件", "Eligible", 10, true},
    {"已触达", "Reached", 10, true},
    {"未触达", "Not reached", 10, true},
    {"触达率(%)", "Reached (%)", 11, false},
    {"已发放", "Granted", 10, true},
    {"已确认到账", "Received", 12, true},
    {"发放金额(元)", "Granted (yuan)", 14, false},
    {"异议", "Objections", 10, true},
    {"资格到发放中位天数", "Median days to payment", 16, false},
};
#define REACH_NCOLS (sizeof(reach_cols) / sizeof(reach_cols[0]))

static const fg_export_col policy_cols[] = {
    {"政策", "Policy", 36, false},
    {"文号", "Document", 18, false},
    {"状态", "State", 10, false},
    {"符合条件", "Eligible", 10, true},
    {"已触达", "Reached", 10, true},
    {"未触达", "Not reached", 10, true},
    {"触达率(%)", "Reached (%)", 11, false},
    {"已发放", "Granted", 10, true},
    {"发放金额(元)", "Granted (yuan)", 14, false},
    {"预算(元)", "Budget (yuan)", 14, false},
    {"已承诺(元)", "Committed (yuan)", 14, false},
    {"异议", "Objections", 10, true},
    {"资格到发放中位天数", "Median days to payment", 16, false},
};
#define POLICY_NCOLS (sizeof(policy_cols) / sizeof(policy_cols[0]))

static const fg_export_col unreached_cols[] = {
    {"统一社会信用代码", "USCC", 22, false},     {"企业", "Enterprise", 30, false},
    {"所在县区", "County", 12, false},           {"测算金额(元)", "Amount (yuan)", 14, false},
    {"符合条件起", "Eligible since", 20, false}, {"联系人", "Contacts", 30, false},
};
#define UNREACHED_NCOLS (sizeof(unreached_cols) / sizeof(unreached_cols[0]))

typedef struct cellbuf {
    char s[16][64];
} cellbuf;

static const char *num(cellbuf *b, int i, json_t *v)
{
    if (json_is_integer(v))
        snprintf(b->s[i], sizeof(b->s[i]), "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v))
        snprintf(b->s[i], sizeof(b->s[i]), "%.1f", json_real_value(v));
    else
        b->s[i][0] = 0;
    return b->s[i];
}

static const char *yuan(cellbuf *b, int i, json_t *v)
{
    int64_t fen = json_integer_value(v);
    snprintf(b->s[i], sizeof(b->s[i]), "%s%lld.%02lld", fen < 0 ? "-" : "",
             (long long)(llabs(fen) / 100), (long long)(llabs(fen) % 100));
    return b->s[i];
}

#define F(obj, k) json_object_get(obj, k)

static int reach_row(fg_export *x, const char *code, const char *name, json_t *f)
{
    cellbuf b;
    const char *cells[REACH_NCOLS] = {code,
                                      name,
                                      num(&b, 0, F(f, "eligible")),
                                      num(&b, 1, F(f, "eligible_reached")),
                                      num(&b, 2, F(f, "unreached")),
                                      num(&b, 3, F(f, "reached_pct")),
                                      num(&b, 4, F(f, "granted")),
                                      num(&b, 5, F(f, "received")),
                                      yuan(&b, 6, F(f, "granted_fen")),
                                      num(&b, 7, F(f, "objections")),
                                      num(&b, 8, F(f, "median_days"))};
    return fg_export_row(x, cells);
}

static int unreached_rows(fg_export *x, fg_export_names *names, json_t *items)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < json_array_size(items); i++) {
        json_t *it = json_array_get(items, i);
        cellbuf b;
        char since[17], who[256] = "";
        fg_clock_local_minute(json_integer_value(F(it, "eligible_since")), since);
        json_t *cs = F(it, "contacts");
        for (size_t k = 0; k < json_array_size(cs); k++) {
            size_t used = strlen(who);
            snprintf(who + used, sizeof(who) - used, "%s%s (%s)", k ? "; " : "",
                     json_string_value(F(json_array_get(cs, k), "display_name")),
                     json_string_value(F(json_array_get(cs, k), "username")));
        }
        int32_t county = (int32_t)strtol(json_string_value(F(it, "region")), NULL, 10);
        const char *cells[UNREACHED_NCOLS] = {
            json_string_value(F(it, "uscc")),
            json_string_value(F(it, "name")),
            fg_export_region_name(names, county),
            json_is_integer(F(it, "amount_fen")) ? yuan(&b, 0, F(it, "amount_fen")) : "",
            since,
            who};
        rc = fg_export_row(x, cells);
    }
    return rc;
}

/* ---- handlers --------------------------------------------------------------- */

static int fg_h_policy_reach(fg_req *r)
{
    int32_t region;
    if (reach_region(r, &region))
        return fg_req_refusal(r);
    fg_policy_row row;
    if (fg_api_policy_load(r, &row))
        return fg_req_refusal(r);
    const char *id = row.id;
    fg_err err;
    fg_err_init(&err);
    json_t *out;
    if (fg_app_policy_reach(r->app, r->db, id, region, r->now_ms, &out, &err))
        return fg_reply_err(r, &err);
    if (!fg_req_param(r, "format"))
        return fg_reply_json(r, 200, out);
    bool xlsx, en;
    if (fg_export_query(r, &xlsx, &en)) {
        json_decref(out);
        return fg_req_refusal(r);
    }
    fg_export_names *names = fg_export_names_new(r);
    json_t *items = NULL;
    int64_t total = 0;
    fg_export x;
    memset(&x, 0, sizeof(x));
    int rc = names ? 0 : fg_err_set(&err, FG_ENOMEM, "out of memory");
    if (rc == 0)
        rc = fg_export_begin(&x, xlsx, en, en ? "Reach" : "政策兑现", reach_cols, REACH_NCOLS);
    json_t *reg = F(out, "region");
    if (rc == 0)
        rc = reach_row(&x, json_string_value(F(reg, "code")), json_string_value(F(reg, "name")),
                       F(out, "figures"));
    json_t *by = F(out, "by_region");
    for (size_t i = 0; rc == 0 && i < json_array_size(by); i++) {
        json_t *c = json_array_get(by, i);
        rc = reach_row(&x, json_string_value(F(c, "code")), json_string_value(F(c, "name")), c);
    }
    if (rc == 0)
        rc = fg_store_reach_unreached(r->db, id, region, FG_EXPORT_MAX_ROWS, 0, &items, &total,
                                      &err);
    if (rc == 0)
        rc =
            fg_export_sheet(&x, en ? "Not reached" : "未触达企业", unreached_cols, UNREACHED_NCOLS);
    if (rc == 0)
        rc = unreached_rows(&x, names, items);
    json_decref(items);
    json_decref(out);
    return fg_export_reply(r, &x, "policy-reach", rc, &err);
}

static int fg_h_policies_reach(fg_req *r)
{
    int32_t region;
    if (reach_region(r, &region))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    json_t *out;
    if (fg_app_policies_reach(r->app, r->db, &r->principal, region, r->now_ms, &out, &err))
        return fg_reply_err(r, &err);
    if (!fg_req_param(r, "format"))
        return fg_reply_json(r, 200, out);
    bool xlsx, en;
    if (fg_export_query(r, &xlsx, &en)) {
        json_decref(out);
        return fg_req_refusal(r);
    }
    fg_export x;
    int rc = fg_export_begin(&x, xlsx, en, en ? "Policies" : "政策兑现", policy_cols, POLICY_NCOLS);
    json_t *ps = F(out, "policies");
    for (size_t i = 0; rc == 0 && i < json_array_size(ps); i++) {
        json_t *p = F(json_array_get(ps, i), "policy"), *f = F(json_array_get(ps, i), "figures");
        cellbuf b;
        const char *state = json_string_value(F(p, "state"));
        const char *state_text = !state                            ? ""
                                 : strcmp(state, "published") == 0 ? (en ? "published" : "已发布")
                                 : strcmp(state, "withdrawn") == 0 ? (en ? "withdrawn" : "已废止")
                                                                   : (en ? "draft" : "草稿");
        const char *cells[POLICY_NCOLS] = {json_string_value(F(p, "title")),
                                           json_string_value(F(p, "doc_number")),
                                           state_text,
                                           num(&b, 0, F(f, "eligible")),
                                           num(&b, 1, F(f, "eligible_reached")),
                                           num(&b, 2, F(f, "unreached")),
                                           num(&b, 3, F(f, "reached_pct")),
                                           num(&b, 4, F(f, "granted")),
                                           yuan(&b, 5, F(f, "granted_fen")),
                                           yuan(&b, 6, F(f, "budget_fen")),
                                           yuan(&b, 7, F(f, "committed_fen")),
                                           num(&b, 8, F(f, "objections")),
                                           num(&b, 9, F(f, "median_days"))};
        rc = fg_export_row(&x, cells);
    }
    json_decref(out);
    return fg_export_reply(r, &x, "policies-reach", rc, &err);
}

static int fg_h_policy_unreached(fg_req *r)
{
    int32_t region;
    long limit, offset;
    if (reach_region(r, &region) || fg_req_int(r, "limit", 1, 500, 50, &limit) ||
        fg_req_int(r, "offset", 0, 100000000, 0, &offset))
        return fg_req_refusal(r);
    fg_policy_row row;
    if (fg_api_policy_load(r, &row))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    json_t *out;
    if (fg_app_policy_unreached(r->app, r->db, row.id, region, limit, offset, &out, &err))
        return fg_reply_err(r, &err);
    return fg_reply_json(r, 200, out);
}

/* Before the catalogue's /api/v1/policies/:id (routes.c): "reach" is not an id. */
const fg_api_route fg_api_policy_reach_routes[] = {
    {"GET", "/api/v1/policies/reach", fg_h_policies_reach, FG_ACT_POLICY_REACH, 0},
    {"GET", "/api/v1/policies/:id/reach", fg_h_policy_reach, FG_ACT_POLICY_REACH, 0},
    {"GET", "/api/v1/policies/:id/unreached", fg_h_policy_unreached, FG_ACT_POLICY_REACH, 0},
};
const size_t fg_api_policy_reach_nroutes =
    sizeof(fg_api_policy_reach_routes) / sizeof(fg_api_policy_reach_routes[0]);
