/* /api/v1/whitelists, /api/v1/whitelist-applications and
 * /api/v1/whitelist-recognitions: white lists by chain, tier and issuing
 * region with their batches; an enterprise's application and its way to a
 * listing (check, review, list, adjust, end: core/whitelist.c's table); one
 * province asking another to recognise its list, answered member by member. */
#include <stdio.h>
#include <string.h>

#include "../core/date.h"
#include "../core/region.h"
#include "../core/uscc.h"
#include "../sys/clock.h"
#include "../sys/keyring.h"
#include "../sys/qr.h"
#include "api.h"

static int region_field(fg_req *r, json_t *body, const char *key, int32_t *out)
{
    fg_err err;
    fg_err_init(&err);
    json_t *v = json_object_get(body, key);
    if (!json_is_string(v) || fg_region_parse(json_string_value(v), key, out, &err) ||
        (*out != FG_REGION_NATION && fg_store_region_exists(r->db, *out, &err)))
        return fg_reply_problem(r, 422, key, "field.region_code",
                                "{field:%s} must be the 6-digit code of a region (GB/T 2260)", key);
    return 0;
}

/* A count of the commitment; -1 when absent or not a count (the core then
 * names it among the missing items). */
static void int_field(json_t *obj, const char *key, int *out)
{
    json_t *v = json_object_get(obj, key);
    bool ok = json_is_integer(v) && json_integer_value(v) >= 0 && json_integer_value(v) <= 1000000;
    *out = ok ? (int)json_integer_value(v) : -1;
}

/* ---- lists and batches ---- */

static int fg_h_wl_lists(fg_req *r)
{
    int32_t lo = 0, hi = 999999;
    if (fg_role_has_region(r->account.role)) {
        if (fg_req_allow(r, FG_ACT_WHITELIST_READ, r->account.region, NULL))
            return fg_req_refusal(r);
        /* The lists of the province (or the nation) one works in. */
        int32_t prov = r->account.region / 10000 * 10000;
        if (r->account.region != FG_REGION_NATION)
            fg_region_range(prov, &lo, &hi);
    } else {
        const char *own = r->principal.n_enterprises ? r->principal.enterprises[0] : "-";
        if (fg_req_allow(r, FG_ACT_WHITELIST_READ, -1, own))
            return fg_req_refusal(r);
        int32_t county = r->principal.n_enterprises ? r->principal.enterprise_regions[0] : 0;
        fg_region_range(county / 10000 * 10000, &lo, &hi);
    }
    fg_err err;
    fg_err_init(&err);
    json_t *items;
    if (fg_store_wl_lists(r->db, lo, hi, true, &items, &err))
        return fg_reply_err(r, &err);
    /* An enterprise sees the lists it may apply to: national, and its own
     * province's, city's and county's. */
    if (!fg_role_has_region(r->account.role)) {
        int32_t county = r->principal.n_enterprises ? r->principal.enterprise_regions[0] : 0;
        size_t i = 0;
        while (i < json_array_size(items)) {
            int32_t reg;
            fg_region_parse(json_string_value(json_object_get(json_array_get(items, i), "region")),
                            "region", &reg, NULL);
            if (fg_region_contains(reg, county))
                i++;
            else
                json_array_remove(items, i);
        }
    }
    return fg_reply_json(r, 200, json_pack("{s:o}", "items", items));
}

static int fg_h_wl_list_create(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    const char *chain_s, *tier_s;
    int rc = fg_json_text(r, body, "chain", true, 1, 40, &chain_s);
    rc = rc ? rc : fg_json_text(r, body, "tier", true, 1, 20, &tier_s);
    if (rc)
        return rc;
    fg_keychain chain;
    fg_wl_tier tier;
    int32_t region;
    if (fg_chain_parse(chain_s, &chain, &err) || fg_wl_tier_parse(tier_s, &tier, &err))
        return fg_reply_err(r, &err);
    if (region_field(r, body, "region", &region))
        return fg_req_refusal(r);
    if (fg_req_allow(r, FG_ACT_WHITELIST_LIST, region, NULL))
        return fg_req_refusal(r);
    char id[37];
    if (fg_app_wl_list_create(r->app, r->db, &r->who, chain, tier, region, r->now_ms, id, &err))
        return fg_reply_err(r, &err);
    char code[7];
    fg_region_format(region, code);
    return fg_reply_json(r, 201,
                         json_pack("{s:s,s:s,s:s,s:s,s:[]}", "id", id, "chain", chain_s, "tier",
                                   tier_s, "region", code, "batches"));
}

static int fg_h_wl_batch_publish(fg_req *r)
{
    fg_err err;
    fg_err_init(&err);
    const char *list_id = fg_req_param(r, "id");
    fg_wl_list_row l;
    if (fg_store_wl_list_get(r->db, list_id, &l, &err))
        return fg_reply_err(r, &err);
    if (fg_req_allow(r, FG_ACT_WHITELIST_LIST, l.region, NULL))
        return fg_req_refusal(r);
    char id[37];
    int number;
    if (fg_app_wl_batch_publish(r->app, r->db, &r->who, l.id, r->now_ms, id, &number, &err))
        return fg_reply_err(r, &err);
    char day[11];
    fg_date_format(fg_clock_date(r->now_ms), day);
    return fg_reply_json(r, 201,
                         json_pack("{s:s,s:s,s:i,s:s,s:s}", "id", id, "list_id", l.id, "number",
                                   number, "published_by", r->account.username, "published_on",
                                   day));
}

/* ---- applications and listings ---- */

/* Whether the account sees application `row`: the enterprise's own account,
 * or a jurisdiction over the enterprise's county or over the list's region
 * (the tier's reviewers and lister). */
static bool sees(fg_req *r, const fg_wl_row *row)
{
    fg_err err;
    if (!fg_role_has_region(r->account.role)) {
        fg_target t = {-1, row->enterprise};
        return fg_access_check(&r->principal, FG_ACT_WHITELIST_READ, &t, &err) == 0;
    }
    fg_target t = {row->w.county, NULL};
    fg_target l = {row->list.region, NULL};
    return fg_access_check(&r->principal, FG_ACT_WHITELIST_READ, &t, &err) == 0 ||
           fg_access_check(&r->principal, FG_ACT_WHITELIST_READ, &l, &err) == 0;
}

static int reply_application(fg_req *r, int status, const char *id)
{
    fg_wl_row row;
    fg_err err;
    fg_err_init(&err);
    if (fg_store_wl_get(r->db, id, &row, &err))
        return fg_reply_err(r, &err);
    if (!sees(r, &row)) {
        fg_wl_row_release(&row);
        return fg_reply_problem(r, 404, "id", "whitelist.no_application",
                                "no such white-list application or listing"); /* as none */
    }
    json_t *j = fg_wl_row_json(&row);
    json_t *allowed = json_array();
    for (int a = 0; a < FG_WL_ACTION_COUNT; a++)
        if (a != FG_WL_DUE && fg_app_wl_may(&r->who, &row, (fg_wl_action)a))
            json_array_append_new(allowed, json_string(fg_wl_action_name((fg_wl_action)a)));
    json_object_set_new(j, "actions_allowed", allowed);
    char in[256];
    json_t *rec = json_array();
    if (fg_store_wl_recognised_in(r->db, row.enterprise, in, sizeof(in), &err) == 0)
        for (const char *p = in; *p; p += *(p + 6) ? 7 : 6)
            json_array_append_new(rec, json_stringn(p, 6));
    json_object_set_new(j, "recognised_in", rec);
    fg_wl_row_release(&row);
    return fg_reply_json(r, status, j);
}

/* Reads the application body; what is missing or wrong is left for the
 * core to name, every item at once. */
static void parse_application(json_t *body, fg_wl_application *a)
{
    memset(a, 0, sizeof(*a));
    json_t *plan = json_object_get(body, "plan");
    a->plan = json_is_string(plan) ? json_string_value(plan) : NULL;
    if (a->plan && fg_utf8_check(a->plan, strlen(a->plan)))
        a->plan = NULL;
    json_t *c = json_object_get(body, "commitment");
    int_field(c, "staff", &a->c.staff);
    int_field(c, "lodging", &a->c.lodging);
    int_field(c, "testing", &a->c.testing);
    int_field(c, "stock_days", &a->c.stock_days);
    json_t *s = json_object_get(body, "suppliers"), *v;
    size_t i;
    if (s && !json_is_array(s))
        a->bad_supplier = true;
    json_array_foreach(s, i, v)
    {
        if (!json_is_string(v) || a->n_suppliers == FG_WL_MAX_SUPPLIERS) {
            a->bad_supplier = true;
            break;
        }
        a->suppliers[a->n_suppliers++] = json_string_value(v);
    }
}

static int fg_h_wl_apply(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    const char *list_id, *uscc = NULL;
    int rc = fg_json_text(r, body, "list_id", true, 36, 36, &list_id);
    rc = rc ? rc : fg_json_text(r, body, "enterprise", false, 18, 18, &uscc);
    if (rc)
        return rc;
    if (!uscc)
        uscc = r->principal.n_enterprises ? r->principal.enterprises[0] : "";
    if (fg_req_allow(r, FG_ACT_WHITELIST_APPLY, -1, uscc))
        return fg_req_refusal(r);
    fg_wl_application a;
    parse_application(body, &a);
    fg_err err;
    fg_err_init(&err);
    char id[37];
    if (fg_app_wl_apply(r->app, r->db, &r->who, list_id, uscc, &a, r->now_ms, id, &err))
        return fg_reply_err(r, &err);
    return reply_application(r, 201, id);
}

static int fg_h_wl_applications(fg_req *r)
{
    long limit, offset;
    if (fg_req_int(r, "limit", 1, 500, 50, &limit) ||
        fg_req_int(r, "offset", 0, 100000000, 0, &offset))
        return fg_req_refusal(r);
    fg_wl_filter f = {0, 999999, NULL, NULL, NULL, (int)limit, (int)offset};
    const char *s;
    if ((s = fg_req_param(r, "state")) && *s) {
        fg_wl_state st;
        if (fg_wl_state_parse(s, &st))
            return fg_reply_problem(r, 400, "state", "whitelist.state_filter",
                                    "state must be applied, returned, rejected, checked, "
                                    "reviewed, listed, due_review or ended");
        f.state = s;
    }
    if ((s = fg_req_param(r, "list_id")) && *s)
        f.list_id = s;
    if (fg_role_has_region(r->account.role)) {
        if (fg_req_allow(r, FG_ACT_WHITELIST_READ, r->account.region, NULL))
            return fg_req_refusal(r);
        /* A province's reviewers and lister see its lists' applications:
         * those of enterprises in the province. */
        fg_region_range(r->account.region, &f.lo, &f.hi);
    } else {
        f.enterprise = r->principal.n_enterprises ? r->principal.enterprises[0] : "-";
        if (fg_req_allow(r, FG_ACT_WHITELIST_READ, -1, f.enterprise))
            return fg_req_refusal(r);
    }
    fg_err err;
    fg_err_init(&err);
    json_t *items;
    int64_t total;
    if (fg_store_wl_query(r->db, &f, &items, &total, &err))
        return fg_reply_err(r, &err);
    return fg_reply_json(r, 200,
                         json_pack("{s:o,s:I,s:i,s:i}", "items", items, "total", (json_int_t)total,
                                   "limit", (int)limit, "offset", (int)offset));
}

static int fg_h_wl_application(fg_req *r)
{
    const char *id = fg_req_param(r, "id");
    if (!id || strlen(id) != 36)
        return fg_reply_problem(r, 404, "id", "whitelist.no_application",
                                "no such white-list application or listing");
    return reply_application(r, 200, id);
}

static int fg_h_wl_act(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    const char *id = fg_req_param(r, "id");
    fg_err err;
    fg_err_init(&err);
    fg_wl_row row;
    if (fg_store_wl_get(r->db, id, &row, &err))
        return fg_reply_err(r, &err);
    bool visible = sees(r, &row);
    fg_wl_row_release(&row);
    if (!visible)
        return fg_reply_problem(r, 404, "id", "whitelist.no_application",
                                "no such white-list application or listing"); /* as none */
    const char *action_s, *reason = NULL, *dept = NULL, *batch = NULL, *review = NULL;
    int rc = fg_json_text(r, body, "action", true, 1, 30, &action_s);
    rc = rc ? rc : fg_json_text(r, body, "reason", false, 2, 2000, &reason);
    rc = rc ? rc : fg_json_text(r, body, "department", false, 1, 20, &dept);
    rc = rc ? rc : fg_json_text(r, body, "batch_id", false, 36, 36, &batch);
    rc = rc ? rc : fg_json_text(r, body, "review_on", false, 10, 10, &review);
    if (rc)
        return rc;
    fg_wl_act a = {0, -1, dept, reason, batch, 0};
    if (fg_wl_action_parse(action_s, &a.action, &err))
        return fg_reply_err(r, &err);
    json_t *ver = json_object_get(body, "version");
    if (ver && !json_is_integer(ver))
        return fg_reply_problem(r, 422, "version", "field.integer", "{field:%s} must be a number",
                                "version");
    if (ver && fg_json_int32(r, body, "version", false, 0, INT_MAX, &a.version))
        return fg_req_refusal(r);
    if (review && fg_date_parse(review, &a.review_on, &err))
        return fg_reply_err(r, &err);
    /* The role may act on white lists at all: the step's own check follows. */
    static const fg_action need[FG_WL_ACTION_COUNT] = {
        FG_ACT_WHITELIST_CHECK, FG_ACT_WHITELIST_CHECK,  FG_ACT_WHITELIST_CHECK,
        FG_ACT_WHITELIST_APPLY, FG_ACT_WHITELIST_REVIEW, FG_ACT_WHITELIST_REVIEW,
        FG_ACT_WHITELIST_LIST,  FG_ACT_WHITELIST_LIST,   FG_ACT_WHITELIST_LIST,
        FG_ACT_WHITELIST_LIST};
    const fg_access_rule *rule = &fg_access_rules()[need[a.action]];
    if (!(rule->roles & (1u << r->account.role)))
        return fg_reply_problem(r, 403, NULL, "access.role", "a %s account may not {action:%s}",
                                fg_role_name(r->account.role), rule->name);
    if (fg_app_wl_act(r->app, r->db, &r->who, id, &a, r->now_ms, &err))
        return fg_reply_err(r, &err);
    return reply_application(r, 200, id);
}

/* ---- the listing credential (issue 12, part "cred") ---- */

/* The credential of listing `id` for the enterprise itself and officials
 * whose jurisdiction holds its county or the list's region; its claims with
 * it. 0 with *out filled, or after replying. */
static int listing_credential(fg_req *r, fg_buf *out, json_t **out_claims)
{
    const char *id = fg_req_param(r, "id");
    fg_err err;
    fg_err_init(&err);
    fg_wl_row row;
    if (!id || strlen(id) != 36)
        return fg_reply_problem(r, 404, "id", "whitelist.no_application",
                                "no such white-list application or listing");
    if (fg_store_wl_get(r->db, id, &row, &err))
        return fg_reply_err(r, &err);
    if (!sees(r, &row)) {
        fg_wl_row_release(&row);
        return fg_reply_problem(r, 404, "id", "whitelist.no_application",
                                "no such white-list application or listing"); /* as none */
    }
    fg_wlcred c;
    int rc = fg_app_wl_credential(r->app, &row, r->now_ms, &c, out, &err);
    fg_wl_row_release(&row);
    if (rc)
        return fg_reply_err(r, &err);
    if (out_claims)
        *out_claims = fg_wlcred_json(&c);
    return 0;
}

static int fg_h_wl_credential(fg_req *r)
{
    fg_buf b;
    fg_buf_init(&b, 0);
    json_t *claims = NULL;
    int rc = listing_credential(r, &b, &claims);
    if (rc == 0)
        rc = fg_reply_json(r, 200, json_pack("{s:s,s:o}", "credential", b.buf, "claims", claims));
    fg_buf_release(&b);
    return rc;
}

static int fg_h_wl_credential_qr(fg_req *r)
{
    fg_buf cred, img;
    fg_buf_init(&cred, 0);
    fg_buf_init(&img, 0);
    int rc = listing_credential(r, &cred, NULL);
    if (rc) {
        fg_buf_release(&cred);
        return rc;
    }
    const char *fmt = fg_req_param(r, "format");
    size_t plen = strlen(r->http->url_path);
    bool svg = (fmt && strcmp(fmt, "svg") == 0) ||
               (plen > 7 && strcmp(r->http->url_path + plen - 7, "/qr.svg") == 0);
    fg_err err;
    fg_err_init(&err);
    rc = svg ? fg_qr_svg(cred.buf, &img, &err) : fg_qr_png(cred.buf, 6, &img, &err);
    fg_buf_release(&cred);
    if (rc) {
        fg_buf_release(&img);
        return fg_reply_err(r, &err);
    }
    ulfius_set_binary_body_response(r->resp, 200, img.buf, img.len);
    u_map_put(r->resp->map_header, "Content-Type", svg ? "image/svg+xml" : "image/png");
    u_map_put(r->resp->map_header, "Cache-Control", "private, max-age=300");
    fg_buf_release(&img);
    return 0;
}

static int fg_h_wl_trust_list(fg_req *r)
{
    const fg_buf *doc = fg_server_wl_trust_doc(r->srv);
    if (!doc)
        return fg_reply_problem(r, 503, NULL, "pass.no_keys",
                                "this server has no signing keys (fugong keys init)");
    return fg_reply_signed(r, doc);
}

static int fg_h_wl_revocations(fg_req *r)
{
    return fg_reply_revocations(r, fg_store_wl_ended);
}

/* ---- recognition ---- */

static int fg_h_wl_recognitions(fg_req *r)
{
    if (fg_req_allow(r, FG_ACT_WHITELIST_READ, r->account.region, NULL))
        return fg_req_refusal(r);
    if (fg_region_level_of(r->account.region) != FG_LEVEL_NATION &&
        fg_region_level_of(r->account.region) != FG_LEVEL_PROVINCE)
        return fg_reply_problem(r, 403, NULL, "recognition.province_only",
                                "recognition requests are between provinces: a provincial or "
                                "national account reads them");
    fg_err err;
    fg_err_init(&err);
    json_t *items;
    if (fg_store_wl_recognitions(r->db, r->account.region, r->now_ms, &items, &err))
        return fg_reply_err(r, &err);
    return fg_reply_json(r, 200, json_pack("{s:o}", "items", items));
}

static int reply_recognition(fg_req *r, int status, const char *id)
{
    fg_err err;
    fg_err_init(&err);
    fg_wl_recognition_row q;
    if (fg_store_wl_recognition_get(r->db, id, &q, &err))
        return fg_reply_err(r, &err);
    if (r->account.region != FG_REGION_NATION && r->account.region != q.from &&
        r->account.region != q.to) /* answered as one that does not exist (issue 16) */
        return fg_reply_problem(r, 404, "id", "recognition.none", "no such recognition request");
    json_t *j;
    if (fg_store_wl_recognition_json(r->db, id, r->now_ms, &j, &err))
        return fg_reply_err(r, &err);
    return fg_reply_json(r, status, j);
}

static int fg_h_wl_recognition(fg_req *r)
{
    if (fg_req_allow(r, FG_ACT_WHITELIST_READ, r->account.region, NULL))
        return fg_req_refusal(r);
    const char *id = fg_req_param(r, "id");
    if (!id || strlen(id) != 36)
        return fg_reply_problem(r, 404, "id", "recognition.none", "no such recognition request");
    return reply_recognition(r, 200, id);
}

static int fg_h_wl_recognition_ask(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    const char *list_id;
    int32_t to;
    int rc = fg_json_text(r, body, "list_id", true, 36, 36, &list_id);
    if (rc || (rc = region_field(r, body, "to", &to)))
        return rc;
    if (fg_req_allow(r, FG_ACT_WHITELIST_RECOGNISE, r->account.region, NULL))
        return fg_req_refusal(r);
    const char *members[64];
    size_t n = 0;
    json_t *m = json_object_get(body, "members"), *v;
    size_t i;
    if (m && (!json_is_array(m) || json_array_size(m) > 64))
        return fg_reply_problem(r, 422, "members", "recognition.members",
                                "members must be a list of at most {max:%d} USCCs", 64);
    json_array_foreach(m, i, v)
    {
        if (!json_is_string(v) || fg_uscc_validate(json_string_value(v), NULL))
            return fg_reply_problem(r, 422, "members", "recognition.members",
                                    "members must be a list of at most {max:%d} USCCs", 64);
        members[n++] = json_string_value(v);
    }
    json_t *d = json_object_get(body, "days");
    if (d && !json_is_integer(d))
        return fg_reply_problem(r, 422, "days", "field.integer", "{field:%s} must be a number",
                                "days");
    int days = FG_WL_RECOGNITION_DAYS;
    if (d && fg_json_int32(r, body, "days", false, 1, 3660, &days))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    char id[37];
    if (fg_app_wl_recognition_ask(r->app, r->db, &r->who, list_id, to, members, n, days, r->now_ms,
                                  id, &err))
        return fg_reply_err(r, &err);
    return reply_recognition(r, 201, id);
}

static int fg_h_wl_recognition_answer(fg_req *r)
{
    const char *uscc, *reason = NULL, *id = fg_req_param(r, "id");
    if (!id || strlen(id) != 36)
        return fg_reply_problem(r, 404, "id", "recognition.none", "no such recognition request");
    if (fg_req_allow(r, FG_ACT_WHITELIST_RECOGNISE, r->account.region, NULL))
        return fg_req_refusal(r);
    fg_err cerr;
    fg_err_init(&cerr);
    /* The request first: one outside is not told its body is wrong. */
    if (fg_app_wl_recognition_answer_check(r->db, &r->who, id, &cerr))
        return fg_reply_err(r, &cerr);
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    int rc = fg_json_text(r, body, "enterprise", true, 18, 18, &uscc);
    rc = rc ? rc : fg_json_text(r, body, "reason", false, 2, 2000, &reason);
    if (rc)
        return rc;
    json_t *acc = json_object_get(body, "accept");
    if (!json_is_boolean(acc))
        return fg_reply_problem(r, 422, "accept", "field.boolean",
                                "{field:%s} must be true or false", "accept");
    fg_err err;
    fg_err_init(&err);
    if (fg_app_wl_recognition_answer(r->app, r->db, &r->who, id, uscc, json_is_true(acc), reason,
                                     r->now_ms, &err))
        return fg_reply_err(r, &err);
    return reply_recognition(r, 200, id);
}

const fg_api_route fg_api_whitelists_routes[] = {
    {"GET", "/api/v1/whitelists", fg_h_wl_lists, FG_ACT_WHITELIST_READ, 0},
    {"POST", "/api/v1/whitelists", fg_h_wl_list_create, FG_ACT_WHITELIST_LIST, FG_API_MAX_BODY},
    {"POST", "/api/v1/whitelists/:id/batches", fg_h_wl_batch_publish, FG_ACT_WHITELIST_LIST,
     FG_API_MAX_BODY},
    {"GET", "/api/v1/whitelist-applications", fg_h_wl_applications, FG_ACT_WHITELIST_READ, 0},
    {"POST", "/api/v1/whitelist-applications", fg_h_wl_apply, FG_ACT_WHITELIST_APPLY,
     FG_API_MAX_BODY},
    {"GET", "/api/v1/whitelist-applications/:id", fg_h_wl_application, FG_ACT_WHITELIST_READ, 0},
    {"POST", "/api/v1/whitelist-applications/:id/actions", fg_h_wl_act, FG_ROUTE_ANY_ROLE,
     FG_API_MAX_BODY},
    /* the listing credential (issue 12, part "cred") */
    {"GET", "/api/v1/whitelists/trust-list", fg_h_wl_trust_list, FG_ROUTE_PUBLIC, 0},
    {"GET", "/api/v1/whitelists/revocations", fg_h_wl_revocations, FG_ROUTE_PUBLIC, 0},
    {"GET", "/api/v1/whitelist-applications/:id/credential", fg_h_wl_credential,
     FG_ACT_WHITELIST_READ, 0},
    {"GET", "/api/v1/whitelist-applications/:id/qr", fg_h_wl_credential_qr, FG_ACT_WHITELIST_READ,
     0},
    {"GET", "/api/v1/whitelist-applications/:id/qr.png", fg_h_wl_credential_qr,
     FG_ACT_WHITELIST_READ, 0},
    {"GET", "/api/v1/whitelist-applications/:id/qr.svg", fg_h_wl_credential_qr,
     FG_ACT_WHITELIST_READ, 0},
    {"GET", "/api/v1/whitelist-recognitions", fg_h_wl_recognitions, FG_ACT_WHITELIST_READ, 0},
    {"POST", "/api/v1/whitelist-recognitions", fg_h_wl_recognition_ask, FG_ACT_WHITELIST_RECOGNISE,
     FG_API_MAX_BODY},
    {"GET", "/api/v1/whitelist-recognitions/:id", fg_h_wl_recognition, FG_ACT_WHITELIST_READ, 0},
    {"POST", "/api/v1/whitelist-recognitions/:id/answers", fg_h_wl_recognition_answer,
     FG_ACT_WHITELIST_RECOGNISE, FG_API_MAX_BODY},
};
const size_t fg_api_whitelists_nroutes =
    sizeof(fg_api_whitelists_routes) / sizeof(fg_api_whitelists_routes[0]);
