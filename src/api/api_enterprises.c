/* The enterprise registry: list, create, read, update, guidance, history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/region.h"
#include "../core/uscc.h"
#include "../sys/clock.h"
#include "../sys/text.h"
#include "api.h"
#include "export.h"

/* Applies the fields present in `body` to `e`. `creating` requires the
 * identifying fields. A field the server derives (whitelist, plans_filed,
 * critical) is refused with the way it is set; an unknown one is ignored.
 * Replies and returns FG_EINVAL on a bad field. */
static int apply_fields(fg_req *r, json_t *body, fg_enterprise *e, bool creating,
                        bool *out_classified)
{
    static const char *known[] = {"uscc",     "name",       "region",       "industry", "headcount",
                                  "capacity", "categories", "service_kind", "version",  NULL};
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v)
    {
        int k = 0;
        while (known[k] && strcmp(known[k], key) != 0)
            k++;
        /* white lists (issue 12): membership follows from listings only */
        if (!known[k] && strcmp(key, "whitelist") == 0) {
            fg_reply_problem(
                r, 422, key, "enterprise.whitelist_derived",
                "white-list membership is not typed in: it follows from a listing in "
                "force; the enterprise applies through /api/v1/whitelist-applications");
            return FG_EINVAL;
        }
        /* production and contingency plans (issue 14, part "plans"): a plan
         * counts once the county industry authority approves it */
        if (!known[k] && strcmp(key, "plans_filed") == 0) {
            fg_reply_problem(r, 422, key, "enterprise.plans_filed_derived",
                             "plans filed are not typed in: a plan counts for a level once the "
                             "county industry authority approves it; the enterprise files it "
                             "through /api/v1/enterprises/:uscc/plans/:level");
            return FG_EINVAL;
        }
        /* critical-link marks (issue 12): the mark follows from the analysis
         * or a provincial industry authority's mark */
        if (!known[k] && strcmp(key, "critical") == 0) {
            fg_reply_problem(r, 422, key, "enterprise.critical_derived",
                             "the critical-link mark is not typed in: it follows from the chain "
                             "analysis, or the provincial industry authority marks it through "
                             "/api/v1/enterprises/:uscc/critical-mark with a reason");
            return FG_EINVAL;
        }
        /* Any other field is ignored, as on every endpoint (docs/operations.md,
         * "Request limits"). */
    }
    bool bad = false;
    fg_err err;
    fg_err_init(&err);
    *out_classified = false;
    const char *s;
    if (creating) {
        s = fg_json_str(r, body, "uscc", true, &bad);
        if (bad)
            return FG_EINVAL;
        if (fg_uscc_validate(s, &err)) {
            fg_reply_err(r, &err);
            return FG_EINVAL;
        }
        memcpy(e->uscc, s, FG_USCC_LEN + 1);
    }
    if ((s = fg_json_str(r, body, "name", creating, &bad))) {
        if (strlen(s) >= sizeof(e->name)) {
            fg_reply_problem(r, 422, "name", "field.too_long", "{field:%s} is too long", "name");
            return FG_EINVAL;
        }
        snprintf(e->name, sizeof(e->name), "%s", s);
    }
    if (bad)
        return FG_EINVAL;
    if ((s = fg_json_str(r, body, "region", creating, &bad))) {
        if (fg_region_parse(s, "region", &e->region, &err)) {
            fg_reply_err(r, &err);
            return FG_EINVAL;
        }
        *out_classified = true;
    }
    if (bad)
        return FG_EINVAL;
    if ((s = fg_json_str(r, body, "industry", creating, &bad))) {
        if (strlen(s) != 2) {
            fg_reply_problem(r, 422, "industry", "enterprise.industry_code",
                             "industry must be a two-digit GB/T 4754-2017 division code");
            return FG_EINVAL;
        }
        memcpy(e->industry, s, 3);
    }
    if (bad)
        return FG_EINVAL;
    static const char *ints[] = {"headcount", "capacity"};
    int64_t *dst[] = {&e->headcount, &e->capacity};
    for (int i = 0; i < 2; i++) {
        v = json_object_get(body, ints[i]);
        if (!v)
            continue;
        if (!json_is_integer(v)) {
            fg_reply_problem(r, 422, ints[i], "field.integer", "{field:%s} must be a whole number",
                             ints[i]);
            return FG_EINVAL;
        }
        *dst[i] = json_integer_value(v);
    }
    if ((v = json_object_get(body, "categories"))) {
        if (!json_is_array(v)) {
            fg_reply_problem(r, 422, "categories", "field.list",
                             "{field:%s} must be a list of names", "categories");
            return FG_EINVAL;
        }
        unsigned flags = 0;
        size_t i;
        json_t *c;
        json_array_foreach(v, i, c)
        {
            unsigned f;
            if (!json_is_string(c) || fg_category_parse(json_string_value(c), &f, &err) || !f) {
                if (!err.msg[0])
                    fg_err_at(&err, FG_EINVAL, "categories", "enterprise.categories",
                              "categories must be names: key_industrial, livelihood_supply, "
                              "related_service");
                fg_reply_err(r, &err);
                return FG_EINVAL;
            }
            flags |= f;
        }
        e->categories = flags;
        *out_classified = true;
    }
    if ((v = json_object_get(body, "service_kind"))) {
        if (json_is_null(v)) {
            e->service_kind = FG_SERVICE_NONE;
        } else if (!json_is_string(v) ||
                   fg_service_parse(json_string_value(v), &e->service_kind, &err) ||
                   e->service_kind == FG_SERVICE_NONE) {
            if (!err.msg[0])
                fg_err_at(&err, FG_EINVAL, "service_kind", "enterprise.service_kind_name",
                          "service_kind must be a name");
            fg_reply_err(r, &err);
            return FG_EINVAL;
        }
        *out_classified = true;
    }
    if (fg_enterprise_validate(e, &err)) {
        fg_reply_err(r, &err);
        return FG_EINVAL;
    }
    return 0;
}

/* The filters of the enterprise list, parsed from the query. */
typedef struct list_query {
    fg_enterprise_filter f;
    int32_t region;
    bool by_status;
    fg_status status;
} list_query;

/* Parses filters and pagination, and authorises reading inside `region`.
 * Replies and returns non-zero on bad input or a refusal. */
static int parse_list_query(fg_req *r, list_query *lq, long max_limit)
{
    fg_enterprise_filter f = {
        0, 999999, "", 0, -1, "", NULL, 0, 50, 0, r->now_ms, false, FG_STATUS_OPERATING};
    lq->f = f;
    lq->by_status = false;
    lq->status = FG_STATUS_OPERATING;
    long limit, offset;
    if (fg_req_int(r, "limit", 1, max_limit, max_limit < 50 ? max_limit : 50, &limit) ||
        fg_req_int(r, "offset", 0, 100000000, 0, &offset))
        return FG_EINVAL;
    lq->f.limit = (int)limit;
    lq->f.offset = (int)offset;
    fg_err err;
    fg_err_init(&err);
    const char *s;
    lq->region = r->account.region >= 0 ? r->account.region : FG_REGION_NATION;
    if ((s = fg_req_param(r, "region")) && *s) {
        if (fg_region_parse(s, "region", &lq->region, &err))
            return fg_reply_err_as(r, 400, &err);
    }
    if (fg_role_has_region(r->account.role)) {
        if (fg_req_allow(r, FG_ACT_ENTERPRISE_READ, lq->region, NULL))
            return FG_EPERM;
    } else {
        /* Enterprise-bound accounts list only their own enterprises. */
        lq->f.only = r->principal.enterprises;
        lq->f.n_only = r->principal.n_enterprises;
        if (fg_req_allow(r, FG_ACT_ENTERPRISE_READ, -1, lq->f.n_only ? lq->f.only[0] : ""))
            return FG_EPERM;
    }
    fg_region_range(lq->region, &lq->f.region_lo, &lq->f.region_hi);
    if ((s = fg_req_param(r, "industry")) && *s) {
        if (strlen(s) != 2 || s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
            return fg_reply_problem(r, 400, "industry", "enterprise.industry_code",
                                    "industry must be a two-digit GB/T 4754-2017 division code");
        lq->f.industry = s;
    }
    if ((s = fg_req_param(r, "category")) && *s) {
        if (fg_category_parse(s, &lq->f.category, &err) || lq->f.category == 0 ||
            (lq->f.category & (lq->f.category - 1)))
            return fg_reply_problem(r, 400, "category", "enterprise.category_filter",
                                    "category must be one of key_industrial, livelihood_supply, "
                                    "related_service");
    }
    if ((s = fg_req_param(r, "whitelist")) && *s) {
        if (strcmp(s, "true") && strcmp(s, "false"))
            return fg_reply_problem(r, 400, "whitelist", "query.boolean",
                                    "{field:%s} must be true or false", "whitelist");
        lq->f.whitelist = strcmp(s, "true") == 0;
    }
    if ((s = fg_req_param(r, "status")) && *s) {
        if (fg_status_parse(s, &lq->status, &err))
            return fg_reply_err_as(r, 400, &err);
        lq->by_status = true;
    }
    if ((s = fg_req_param(r, "q")) && *s) {
        if (strlen(s) > 100 || fg_utf8_check(s, strlen(s)))
            return fg_reply_problem(r, 400, "q", "query.text_long",
                                    "{field:%s} must be text of at most {max:%d} bytes", "q", 100);
        lq->f.q = s;
    }
    return 0;
}

typedef int (*visit_fn)(void *ctx, const fg_enterprise *e, const fg_enterprise_meta *m);

/* Calls fn for the page of enterprises the query selects (reading the store
 * in chunks), and sets *out_total to the number matching. */
static int visit(fg_req *r, const list_query *lq, visit_fn fn, void *ctx, int64_t *out_total,
                 fg_err *err)
{
    const fg_enterprise_filter *f = &lq->f;
    int64_t total = 0;
    int rc = 0;
    if (f->only) {
        /* Enterprise-bound accounts: their own few, filtered here. */
        for (size_t i = 0; rc == 0 && i < f->n_only; i++) {
            fg_enterprise e;
            fg_enterprise_meta m;
            if (fg_store_enterprise_get(r->db, f->only[i], r->now_ms, &e, &m, err))
                continue;
            if ((f->industry[0] && strcmp(f->industry, e.industry)) ||
                (f->category && !(e.categories & f->category)) ||
                (f->whitelist >= 0 && f->whitelist != (int)m.whitelist) ||
                (f->q[0] && !strstr(e.name, f->q) && strncmp(e.uscc, f->q, strlen(f->q))) ||
                !fg_region_contains(lq->region, e.region) ||
                (lq->by_status && lq->status != m.status))
                continue;
            if (total++ >= f->offset && total - f->offset <= f->limit)
                rc = fn(ctx, &e, &m);
        }
        *out_total = total;
        return rc;
    }
    fg_enterprise_filter chunk = *f;
    chunk.at_ms = r->now_ms;
    chunk.by_status = lq->by_status;
    chunk.status = lq->status;
    int left = f->limit;
    for (;;) {
        chunk.limit = left < 2000 ? left : 2000;
        fg_enterprise_page page;
        if ((rc = fg_store_enterprise_list(r->db, &chunk, &page, err)))
            return rc;
        for (size_t i = 0; rc == 0 && i < page.n; i++)
            rc = fn(ctx, &page.items[i], &page.meta[i]);
        total = page.total;
        size_t got = page.n;
        fg_enterprise_page_release(&page);
        left -= (int)got;
        chunk.offset += (int)got;
        if (rc || got < (size_t)chunk.limit || left <= 0)
            break;
    }
    *out_total = total;
    return rc;
}

typedef struct list_out {
    fg_buf *b;
    size_t shown;
} list_out;

static int list_item(void *ctx, const fg_enterprise *e, const fg_enterprise_meta *m)
{
    list_out *lo = ctx;
    int rc = lo->shown++ ? fg_buf_addc(lo->b, ',') : 0;
    return rc ? rc : fg_write_enterprise(lo->b, e, m);
}

static int fg_h_enterprises_list(fg_req *r)
{
    list_query lq;
    if (parse_list_query(r, &lq, 500))
        return fg_req_refusal(r);
    fg_buf b;
    fg_buf_init(&b, 0);
    list_out lo = {&b, 0};
    fg_err err;
    fg_err_init(&err);
    int64_t total = 0;
    int rc = fg_buf_adds(&b, "{\"items\":[");
    if (rc == 0 && (rc = visit(r, &lq, list_item, &lo, &total, &err)) && err.code) {
        fg_buf_release(&b);
        return fg_reply_err(r, &err);
    }
    rc = rc ? rc : fg_buf_adds(&b, "],\"total\":");
    rc = rc ? rc : fg_buf_add_int(&b, total);
    rc = rc ? rc : fg_buf_adds(&b, ",\"limit\":");
    rc = rc ? rc : fg_buf_add_int(&b, lq.f.limit);
    rc = rc ? rc : fg_buf_adds(&b, ",\"offset\":");
    rc = rc ? rc : fg_buf_add_int(&b, lq.f.offset);
    rc = rc ? rc : fg_buf_addc(&b, '}');
    rc = rc ? fg_reply_problem(r, 500, NULL, NULL, "out of memory") : fg_reply_buf(r, 200, &b);
    fg_buf_release(&b);
    return rc;
}

static int reply_enterprise(fg_req *r, int status, const fg_enterprise *e,
                            const fg_enterprise_meta *m)
{
    fg_buf b;
    fg_buf_init(&b, 0);
    int rc = fg_buf_reserve(&b, 1024); /* one allocation for the usual answer */
    rc = rc ? rc : fg_write_enterprise(&b, e, m);
    rc = rc ? fg_reply_problem(r, 500, NULL, NULL, "out of memory") : fg_reply_buf(r, status, &b);
    fg_buf_release(&b);
    return rc;
}

int fg_req_enterprise_at(fg_req *r, const char *uscc, fg_action act, fg_enterprise *e,
                         fg_enterprise_meta *m)
{
    fg_err err;
    fg_err_init(&err);
    if (fg_uscc_validate(uscc ? uscc : "", &err)) {
        fg_reply_err_as(r, 400, &err);
        return FG_EINVAL;
    }
    int rc = fg_access_check_role(&r->principal, act, &err);
    /* A GET reads through the cache of enterprises (issue 17: PostgreSQL
     * only, let go on every change anywhere); a write reads the database. */
    bool reading = strcmp(r->http->http_verb, "GET") == 0;
    if (rc == 0)
        rc = (reading ? fg_store_enterprise_get_cached
                      : fg_store_enterprise_get)(r->db, uscc, r->now_ms, e, m, &err);
    if (rc == 0) {
        fg_target t = {e->region, e->uscc};
        rc = fg_access_check_enterprise(&r->principal, act, &t, &err);
    }
    if (rc)
        fg_reply_err(r, &err);
    return rc;
}

int fg_req_enterprise(fg_req *r, fg_action act, fg_enterprise *e, fg_enterprise_meta *m)
{
    return fg_req_enterprise_at(r, fg_req_param(r, "uscc"), act, e, m);
}

static int fg_h_enterprise_get(fg_req *r)
{
    fg_enterprise e;
    fg_enterprise_meta m;
    if (fg_req_enterprise(r, FG_ACT_ENTERPRISE_READ, &e, &m))
        return fg_req_refusal(r);
    return reply_enterprise(r, 200, &e, &m);
}

static int fg_h_enterprise_create(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    fg_enterprise e;
    memset(&e, 0, sizeof(e));
    bool classified;
    /* Authorise on the region named in the body before validating the rest,
     * so that outsiders learn nothing from validation messages. */
    json_t *reg = json_object_get(body, "region");
    int32_t region = -1;
    if (json_is_string(reg))
        fg_region_parse(json_string_value(reg), "region", &region, NULL);
    /* Without a well-formed region there is nothing to authorise against;
     * apply_fields below refuses the body then. */
    if (region >= 0 && fg_req_allow(r, FG_ACT_ENTERPRISE_CREATE, region, NULL))
        return fg_req_refusal(r);
    if (region < 0 && fg_req_allow(r, FG_ACT_ENTERPRISE_CREATE, r->account.region, NULL))
        return fg_req_refusal(r);
    if (apply_fields(r, body, &e, true, &classified))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    fg_enterprise_meta m;
    if (fg_store_enterprise_create(r->db, &e, r->now_ms, r->account.username, &m, &err))
        return fg_reply_err(r, &err);
    char loc[64];
    snprintf(loc, sizeof(loc), "/api/v1/enterprises/%s", e.uscc);
    u_map_put(r->resp->map_header, "Location", loc);
    m.whitelist = false;
    /* policies (issue 15, part "reach"): its record is facts the rules read */
    fg_app_policy_rematch_after(r->app, r->db, e.uscc, r->now_ms, "enterprise.create");
    return reply_enterprise(r, 201, &e, &m);
}

static int fg_h_enterprise_update(fg_req *r)
{
    fg_enterprise e;
    fg_enterprise_meta m;
    if (fg_req_enterprise(r, FG_ACT_ENTERPRISE_UPDATE, &e, &m))
        return fg_req_refusal(r);
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    json_t *ver = json_object_get(body, "version");
    if (!json_is_integer(ver))
        return fg_reply_problem(r, 422, "version", "field.version",
                                "version is required: send the version you read, so that "
                                "concurrent changes are not lost");
    if (json_object_get(body, "uscc"))
        return fg_reply_problem(r, 422, "uscc", "enterprise.uscc_fixed",
                                "uscc cannot be changed; it identifies the enterprise");
    bool classified;
    if (apply_fields(r, body, &e, false, &classified))
        return fg_req_refusal(r);
    if (classified && fg_req_allow(r, FG_ACT_ENTERPRISE_CLASSIFY, e.region, e.uscc))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    fg_enterprise_meta out;
    int version = 0;
    if (fg_json_int32(r, body, "version", true, 0, INT_MAX, &version))
        return fg_req_refusal(r);
    int rc =
        fg_store_enterprise_update(r->db, &e, version, r->now_ms, r->account.username, &out, &err);
    if (rc == FG_ECONFLICT) {
        /* The loser learns the version to reload from. */
        fg_enterprise cur;
        fg_enterprise_meta cm;
        fg_err ignored;
        json_t *x = NULL;
        if (fg_store_enterprise_get(r->db, e.uscc, r->now_ms, &cur, &cm, &ignored) == 0)
            x = json_pack("{s:i}", "current_version", cm.version);
        return fg_reply_err_with(r, &err, x);
    }
    if (rc)
        return fg_reply_err(r, &err);
    /* policies (issue 15, part "reach"): industry, headcount, capacity,
     * categories are facts the rules read */
    fg_app_policy_rematch_after(r->app, r->db, e.uscc, r->now_ms, "enterprise.update");
    return reply_enterprise(r, 200, &e, &out);
}

static int fg_h_enterprise_guidance(fg_req *r)
{
    fg_enterprise e;
    fg_enterprise_meta m;
    if (fg_req_enterprise(r, FG_ACT_ENTERPRISE_READ, &e, &m))
        return fg_req_refusal(r);
    int32_t on = fg_clock_date(r->now_ms);
    const char *ons = fg_req_param(r, "on");
    fg_err err;
    fg_err_init(&err);
    if (ons && fg_date_parse(ons, &on, &err))
        return fg_reply_err_as(r, 400, &err);
    json_t *out;
    if (fg_app_guidance_answer(r->app, r->db, &e, &m, on, &out, &err))
        return fg_reply_err(r, &err);
    return fg_reply_json(r, 200, out);
}

static int fg_h_enterprise_history(fg_req *r)
{
    fg_enterprise e;
    fg_enterprise_meta m;
    if (fg_req_enterprise(r, FG_ACT_ENTERPRISE_READ, &e, &m))
        return fg_req_refusal(r);
    long limit;
    if (fg_req_int(r, "limit", 1, 500, 100, &limit))
        return fg_req_refusal(r);
    fg_audit_filter f = {0, 999999, "enterprise", e.uscc, "", "", 0, (int)limit};
    json_t *list;
    fg_err err;
    fg_err_init(&err);
    if (fg_audit_list(r->db, &f, &list, &err))
        return fg_reply_err(r, &err);
    return fg_reply_json(r, 200, json_pack("{s:o}", "items", list));
}

/* ---- CSV import ---- */

#define IMPORT_MAX_ERRORS 1000

typedef struct api_import {
    fg_req *r;
    fg_line_errors le;
} api_import;

static void import_bad_line(void *ctx, size_t line, const fg_err *why)
{
    fg_line_errors_add(&((api_import *)ctx)->le, line, why);
}

static int import_row_allowed(void *ctx, const fg_enterprise *e, fg_err *err)
{
    api_import *ai = ctx;
    fg_target t = {e->region, NULL};
    if (fg_access_check(&ai->r->principal, FG_ACT_ENTERPRISE_CREATE, &t, NULL) == 0)
        return 0;
    return fg_err_at(err, FG_EPERM, "region", "access.import_outside",
                     "region {region:%06d} is outside your jurisdiction", (int)e->region);
}

static int fg_h_enterprise_import(fg_req *r)
{
    if (fg_req_allow(r, FG_ACT_ENTERPRISE_CREATE, r->account.region, NULL))
        return fg_req_refusal(r);
    const char *ct = u_map_get_case(r->http->map_header, "Content-Type");
    if (!ct || strncmp(ct, "text/csv", 8) != 0)
        return fg_reply_problem(r, 415, NULL, "import.content_type",
                                "send the file as the body with Content-Type: text/csv");
    if (r->http->binary_body_length > FG_API_MAX_UPLOAD) {
        return fg_reply_problem(r, 413, NULL, "import.too_big",
                                "the file is larger than the limit of {max:%u} bytes; split it",
                                FG_API_MAX_UPLOAD);
    }
    const char *skip = fg_req_param(r, "skip_invalid");
    if (skip && strcmp(skip, "true") && strcmp(skip, "false"))
        return fg_reply_problem(r, 400, "skip_invalid", "query.boolean",
                                "{field:%s} must be true or false", "skip_invalid");
    /* UTF-8 (with or without a BOM), or GB 18030/GBK as Excel saves it in China. */
    const char *csv = r->http->binary_body;
    size_t csv_len = r->http->binary_body_length;
    fg_buf utf8;
    fg_buf_init(&utf8, 0);
    bool converted;
    fg_err cerr;
    fg_err_init(&cerr);
    if (fg_text_to_utf8(csv, csv_len, &utf8, &converted, &cerr)) {
        fg_buf_release(&utf8);
        return fg_reply_err_as(r, 400, &cerr);
    }
    if (converted) {
        csv = utf8.buf;
        csv_len = utf8.len;
    }
    api_import ai = {r, {json_array(), IMPORT_MAX_ERRORS, 0}};
    fg_csv_import opt = {skip && strcmp(skip, "true") == 0,
                         r->account.username,
                         r->now_ms,
                         import_row_allowed,
                         import_bad_line,
                         NULL,
                         &ai};
    fg_csv_report rep;
    fg_err err;
    fg_err_init(&err);
    int rc = fg_store_import_csv(r->db, csv, csv_len, &opt, &rep, &err);
    fg_buf_release(&utf8);
    if (rc && rc != FG_EINVAL) {
        json_decref(ai.le.errors);
        return fg_reply_err(r, &err);
    }
    json_t *out = json_pack("{s:I,s:I,s:I,s:o,s:I}", "rows", (json_int_t)rep.rows, "imported",
                            (json_int_t)rep.imported, "rejected", (json_int_t)rep.rejected,
                            "errors", ai.le.errors, "errors_not_listed", (json_int_t)ai.le.dropped);
    if (rc) /* Nothing was written: a problem that carries the per-line report. */
        return fg_reply_err_with(r, &err, out);
    return fg_reply_json(r, 200, out);
}

/* ---- export and import template ---- */

/* The columns of enterprise files (core/enterprise.h's table) with their
 * widths; `cols` gets FG_ECOL_COUNT entries borrowing the table's headers. */
static void enterprise_cols(fg_export_col cols[FG_ECOL_COUNT])
{
    static const double widths[FG_ECOL_COUNT] = {22, 36, 14, 10, 24, 10, 10,
                                                 10, 28, 14, 14, 22, 8,  10};
    for (int i = 0; i < FG_ECOL_COUNT; i++) {
        cols[i].zh = fg_enterprise_columns[i].zh;
        cols[i].en = fg_enterprise_columns[i].en;
        cols[i].width = widths[i];
        cols[i].number = i == FG_ECOL_HEADCOUNT || i == FG_ECOL_CAPACITY;
    }
}

typedef struct export_ctx {
    fg_export x;
    fg_export_names *names;
    char store[FG_ECOL_COUNT][FG_NAME_MAX * 4 + 8];
} export_ctx;

/* The row's cells in words, in fg_enterprise_columns order. `m` may be NULL
 * (the template's example: no derived columns). */
static void export_cells(export_ctx *c, const fg_enterprise *e, const fg_enterprise_meta *m,
                         const char *cells[FG_ECOL_COUNT])
{
    bool en = c->x.en;
    char(*st)[FG_NAME_MAX * 4 + 8] = c->store;
    size_t cap = sizeof(c->store[0]);
    snprintf(st[FG_ECOL_USCC], cap, "%s", e->uscc);
    snprintf(st[FG_ECOL_NAME], cap, "%s", e->name);
    snprintf(st[FG_ECOL_REGION_NAME], cap, "%s",
             c->names ? fg_export_region_name(c->names, e->region) : "");
    snprintf(st[FG_ECOL_REGION], cap, "%06d", (int)e->region);
    snprintf(st[FG_ECOL_INDUSTRY_NAME], cap, "%s",
             c->names ? fg_export_industry_name(c->names, e->industry, en) : "");
    snprintf(st[FG_ECOL_INDUSTRY], cap, "%s", e->industry);
    snprintf(st[FG_ECOL_HEADCOUNT], cap, "%lld", (long long)e->headcount);
    snprintf(st[FG_ECOL_CAPACITY], cap, "%lld", (long long)e->capacity);
    char cats[128];
    fg_category_format_words(e->categories, en, cats);
    snprintf(st[FG_ECOL_CATEGORIES], cap, "%s", cats);
    snprintf(st[FG_ECOL_SERVICE], cap, "%s",
             fg_export_word(&c->x, fg_service_word(e->service_kind)));
    snprintf(st[FG_ECOL_CRITICAL], cap, "%s", fg_export_word(&c->x, fg_word_bool(e->critical)));
    char *plans = st[FG_ECOL_PLANS];
    plans[0] = '\0';
    for (int l = FG_RISK_LOW; l <= FG_RISK_HIGH; l++)
        if (e->plan_levels & (1u << l))
            snprintf(plans + strlen(plans), cap - strlen(plans), "%s%s",
                     plans[0] ? (en ? "; " : "、") : "",
                     fg_export_word(&c->x, fg_risk_word((fg_risk_level)l)));
    snprintf(st[FG_ECOL_WHITELIST], cap, "%s",
             m ? fg_export_word(&c->x, fg_word_bool(m->whitelist)) : "");
    snprintf(st[FG_ECOL_STATUS], cap, "%s",
             m ? fg_export_word(&c->x, fg_status_word(m->status)) : "");
    for (int i = 0; i < FG_ECOL_COUNT; i++)
        cells[i] = st[i];
}

static int export_row(void *ctx, const fg_enterprise *e, const fg_enterprise_meta *m)
{
    export_ctx *c = ctx;
    const char *cells[FG_ECOL_COUNT];
    export_cells(c, e, m, cells);
    return fg_export_row(&c->x, cells);
}

static int fg_h_enterprise_export(fg_req *r)
{
    list_query lq;
    if (parse_list_query(r, &lq, FG_EXPORT_MAX_ROWS))
        return fg_req_refusal(r);
    if (!fg_req_param(r, "limit"))
        lq.f.limit = FG_EXPORT_MAX_ROWS;
    bool xlsx, en;
    if (fg_export_query(r, &xlsx, &en))
        return fg_req_refusal(r);
    export_ctx *c = fg_arena_alloc(&r->arena, sizeof(*c));
    if (!c || !(c->names = fg_export_names_new(r)))
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    fg_export_col cols[FG_ECOL_COUNT];
    enterprise_cols(cols);
    fg_err err;
    fg_err_init(&err);
    int64_t total;
    int rc = fg_export_begin(&c->x, xlsx, en, en ? "Enterprises" : "企业名录", cols, FG_ECOL_COUNT);
    if (rc == 0)
        rc = visit(r, &lq, export_row, c, &total, &err);
    return fg_export_reply(r, &c->x, "enterprises", rc, &err);
}

/* A county inside the account's jurisdiction for the template's example
 * (the first by code), so that the example reads as the user's own. */
static int32_t example_county(fg_req *r)
{
    int32_t region = r->account.region >= 0 ? r->account.region : 330106;
    for (int depth = 0; depth < 3 && fg_region_level_of(region) != FG_LEVEL_COUNTY; depth++) {
        json_t *kids;
        fg_err err;
        fg_err_init(&err);
        if (fg_store_region_children(r->db, region, &kids, &err))
            break;
        json_t *first = json_array_get(kids, 0);
        int32_t code = -1;
        if (first)
            fg_region_parse(json_string_value(json_object_get(first, "code")), "region", &code,
                            NULL);
        json_decref(kids);
        if (code < 0)
            break;
        region = code;
    }
    return region;
}

/* The notes sheet: per column its header, whether it is required, how to
 * fill it in and the values it takes. */
typedef struct template_note {
    int col;
    bool required;
    const char *how_zh, *how_en;
} template_note;

static int template_notes(export_ctx *c, int32_t county)
{
    static const template_note notes[] = {
        {FG_ECOL_USCC, true,
         "18位统一社会信用代码（GB 32100-2015），末位为校验码；已登记的企业不能重复导入。",
         "The 18-character unified social credit code (GB 32100-2015), the last a check "
         "character; an enterprise already registered cannot be imported again."},
        {FG_ECOL_NAME, true, "企业的登记名称，最多200个字。",
         "The registered name, at most 200 characters."},
        {FG_ECOL_REGION, true, "企业所在县级行政区划的六位代码（GB/T 2260），须在本账号辖区内。",
         "The six-digit code (GB/T 2260) of the county the enterprise is in, inside your "
         "jurisdiction."},
        {FG_ECOL_INDUSTRY, true, "国民经济行业分类（GB/T 4754-2017）两位数字的大类代码。",
         "The two-digit division of GB/T 4754-2017."},
        {FG_ECOL_HEADCOUNT, false, "职工人数，不小于0的整数，可留空。",
         "Staff, a whole number of at least 0; may be empty."},
        {FG_ECOL_CAPACITY, false, "每日产能（按企业自报的单位），不小于0的整数，可留空。",
         "Output per day in the enterprise's own unit, a whole number of at least 0; may be "
         "empty."},
        {FG_ECOL_CATEGORIES, false, "可填多项，用“、”分隔；都不是则留空。",
         "One or more, separated by ';'; empty when none applies."},
        {FG_ECOL_SERVICE, false, "仅相关服务业填写，且必须填写。",
         "Only for a related service, and then required."},
        {FG_ECOL_CRITICAL, false, "是否处于产业链供应链关键环节，留空为否。",
         "Whether it is at a critical link of a chain; empty means no."},
        {FG_ECOL_PLANS, false, "已备案稳定生产预案的风险等级，可填多项，用“、”分隔。",
         "The risk levels for which a production plan is filed, separated by ';'."},
    };
    static const fg_export_col cols[] = {
        {"列名", "Column", 18, false},
        {"是否必填", "Required", 10, false},
        {"填写说明", "How to fill it in", 60, false},
        {"可填写的值", "Allowed values", 60, false},
    };
    int rc = fg_export_sheet(&c->x, c->x.en ? "How to fill" : "填写说明", cols, 4);
    bool en = c->x.en;
    for (size_t i = 0; rc == 0 && i < sizeof(notes) / sizeof(notes[0]); i++) {
        const template_note *n = &notes[i];
        char values[512] = "";
        size_t len = 0;
        const char *sep = en ? "; " : "、";
#define ADD_WORD(w)                                                                                \
    len += (size_t)snprintf(values + len, len < sizeof(values) ? sizeof(values) - len : 0, "%s%s", \
                            len ? sep : "", fg_word_text((w), en))
        if (n->col == FG_ECOL_CATEGORIES)
            for (unsigned b = 0; b < 3; b++)
                ADD_WORD(fg_category_word(b));
        else if (n->col == FG_ECOL_SERVICE)
            for (int k = FG_SERVICE_BANK; k < FG_SERVICE_COUNT; k++)
                ADD_WORD(fg_service_word((fg_service_kind)k));
        else if (n->col == FG_ECOL_CRITICAL)
            for (int k = 1; k >= 0; k--)
                ADD_WORD(fg_word_bool(k));
        else if (n->col == FG_ECOL_PLANS)
            for (int l = FG_RISK_LOW; l <= FG_RISK_HIGH; l++)
                ADD_WORD(fg_risk_word((fg_risk_level)l));
        else if (n->col == FG_ECOL_REGION)
            snprintf(values, sizeof(values), en ? "for example %06d (%s)" : "例如 %06d（%s）",
                     (int)county, fg_export_region_name(c->names, county));
        else if (n->col == FG_ECOL_INDUSTRY)
            snprintf(values, sizeof(values), en ? "for example 34 (%s)" : "例如 34（%s）",
                     fg_export_industry_name(c->names, "34", en));
#undef ADD_WORD
        const char *cells[4] = {fg_word_text(&fg_enterprise_columns[n->col], en),
                                fg_export_word(&c->x, fg_word_bool(n->required)),
                                en ? n->how_en : n->how_zh, values};
        rc = fg_export_row(&c->x, cells);
    }
    if (rc == 0) {
        const char *cells[4] = {
            en ? "(other columns)" : "（其他列）", fg_export_word(&c->x, fg_word_bool(false)),
            en ? "A file exported from Fugong imports as it is: County and Industry, when filled, "
                 "must name the codes beside them; White list and Status are ignored. Headers "
                 "may be in Chinese or English; delete the example row before importing."
               : "从本平台导出的企业名录可直接导入：“所在区县”“行业”两列如填写，须与其旁的代码一致"
                 "；"
                 "“白名单”“经营状态”两列不导入。列名可用中文或英文。导入前请删除示例行。",
            ""};
        rc = fg_export_row(&c->x, cells);
    }
    return rc;
}

static int fg_h_enterprise_import_template(fg_req *r)
{
    if (fg_req_allow(r, FG_ACT_ENTERPRISE_CREATE, r->account.region, NULL))
        return fg_req_refusal(r);
    bool xlsx, en;
    if (fg_export_query(r, &xlsx, &en))
        return fg_req_refusal(r);
    export_ctx *c = fg_arena_alloc(&r->arena, sizeof(*c));
    if (!c || !(c->names = fg_export_names_new(r)))
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    /* The importable columns without the two names (which only check). */
    static const int picked[] = {FG_ECOL_USCC,       FG_ECOL_NAME,      FG_ECOL_REGION,
                                 FG_ECOL_INDUSTRY,   FG_ECOL_HEADCOUNT, FG_ECOL_CAPACITY,
                                 FG_ECOL_CATEGORIES, FG_ECOL_SERVICE,   FG_ECOL_CRITICAL};
    enum { NPICK = sizeof(picked) / sizeof(picked[0]) };
    fg_export_col all[FG_ECOL_COUNT], cols[NPICK];
    enterprise_cols(all);
    for (int i = 0; i < NPICK; i++)
        cols[i] = all[picked[i]];
    int32_t county = example_county(r);
    fg_enterprise e;
    memset(&e, 0, sizeof(e));
    char first17[32]; /* "91", the six-digit county, the example organisation code */
    snprintf(first17, sizeof(first17), "91%06d" FG_IMPORT_EXAMPLE_ORG, (int)county);
    memcpy(e.uscc, first17, 17);
    e.uscc[17] = fg_uscc_check_char(e.uscc);
    e.uscc[18] = '\0';
    snprintf(e.name, sizeof(e.name), "%s",
             en ? "Example Manufacturing Co., Ltd." : "示例制造有限公司");
    e.region = county;
    memcpy(e.industry, "34", 3);
    e.headcount = 120;
    e.capacity = 500;
    e.categories = FG_CAT_KEY_INDUSTRIAL;
    fg_err err;
    fg_err_init(&err);
    int rc = fg_export_begin(&c->x, xlsx, en, en ? "Enterprises" : "企业信息", cols, NPICK);
    if (rc == 0) {
        const char *full[FG_ECOL_COUNT], *row[NPICK];
        export_cells(c, &e, NULL, full);
        for (int i = 0; i < NPICK; i++)
            row[i] = full[picked[i]];
        rc = fg_export_row(&c->x, row);
    }
    if (rc == 0)
        rc = template_notes(c, county);
    return fg_export_reply(r, &c->x, "enterprise-import-template", rc, &err);
}

const fg_api_route fg_api_enterprises_routes[] = {
    {"GET", "/api/v1/enterprises", fg_h_enterprises_list, FG_ACT_ENTERPRISE_READ, 0},
    {"POST", "/api/v1/enterprises", fg_h_enterprise_create, FG_ACT_ENTERPRISE_CREATE,
     FG_API_MAX_BODY},
    {"POST", "/api/v1/enterprises/import", fg_h_enterprise_import, FG_ACT_ENTERPRISE_CREATE,
     FG_API_MAX_UPLOAD},
    {"GET", "/api/v1/enterprises/export", fg_h_enterprise_export, FG_ACT_ENTERPRISE_READ, 0},
    {"GET", "/api/v1/enterprises/import-template", fg_h_enterprise_import_template,
     FG_ACT_ENTERPRISE_CREATE, 0},
    {"GET", "/api/v1/enterprises/:uscc", fg_h_enterprise_get, FG_ACT_ENTERPRISE_READ, 0},
    {"PATCH", "/api/v1/enterprises/:uscc", fg_h_enterprise_update, FG_ACT_ENTERPRISE_UPDATE,
     FG_API_MAX_BODY},
    {"GET", "/api/v1/enterprises/:uscc/guidance", fg_h_enterprise_guidance, FG_ACT_ENTERPRISE_READ,
     0},
    {"GET", "/api/v1/enterprises/:uscc/history", fg_h_enterprise_history, FG_ACT_ENTERPRISE_READ,
     0},
};
const size_t fg_api_enterprises_nroutes =
    sizeof(fg_api_enterprises_routes) / sizeof(fg_api_enterprises_routes[0]);
