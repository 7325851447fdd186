/* The enterprise registry: list, create, read, update, guidance, history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "../core/date.h"
#include "../core/region.h"
#include "../core/uscc.h"
#include "../sys/clock.h"
#include "../sys/text.h"
#include "api.h"

/* Applies the fields present in `body` to `e`. `creating` requires the
 * identifying fields. Replies and returns FG_EINVAL on a bad field. */
static int apply_fields(fg_req *r, json_t *body, fg_enterprise *e, bool creating,
                        bool *out_classified)
{
    static const char *known[] = {"uscc",      "name",        "region",     "industry",
                                  "headcount", "capacity",    "categories", "service_kind",
                                  "critical",  "plans_filed", "version",    NULL};
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v)
    {
        int k = 0;
        while (known[k] && strcmp(known[k], key) != 0)
            k++;
        if (!known[k]) {
            fg_reply_problem(r, 422, key, "field.unknown", "unknown field '{name:%.60s}'", key);
            return FG_EINVAL;
        }
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
    if ((v = json_object_get(body, "critical"))) {
        if (!json_is_boolean(v)) {
            fg_reply_problem(r, 422, "critical", "field.boolean",
                             "{field:%s} must be true or false", "critical");
            return FG_EINVAL;
        }
        e->critical = json_is_true(v);
        *out_classified = true;
    }
    if ((v = json_object_get(body, "plans_filed"))) {
        unsigned levels = 0;
        size_t i;
        json_t *c;
        if (!json_is_array(v)) {
            fg_reply_problem(r, 422, "plans_filed", "enterprise.plans_filed",
                             "plans_filed must be a list of risk levels");
            return FG_EINVAL;
        }
        json_array_foreach(v, i, c)
        {
            fg_risk_level l;
            if (!json_is_string(c) || fg_risk_parse(json_string_value(c), &l, &err)) {
                fg_reply_problem(r, 422, "plans_filed", "enterprise.plans_filed",
                                 "plans_filed lists risk levels: low, medium, high");
                return FG_EINVAL;
            }
            levels |= 1u << l;
        }
        e->plan_levels = levels;
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

static int load_enterprise(fg_req *r, fg_action act, fg_enterprise *e, fg_enterprise_meta *m)
{
    const char *uscc = fg_req_param(r, "uscc");
    fg_err err;
    fg_err_init(&err);
    if (fg_uscc_validate(uscc ? uscc : "", &err)) {
        fg_reply_err_as(r, 400, &err);
        return FG_EINVAL;
    }
    /* A missing enterprise is 404 for everyone: registration under a USCC is
     * public record, so 404 against 403 tells an outsider nothing secret. */
    int rc = fg_store_enterprise_get(r->db, uscc, r->now_ms, e, m, &err);
    if (rc) {
        fg_reply_err(r, &err);
        return rc;
    }
    return fg_req_allow(r, act, e->region, e->uscc);
}

static int fg_h_enterprise_get(fg_req *r)
{
    fg_enterprise e;
    fg_enterprise_meta m;
    if (load_enterprise(r, FG_ACT_ENTERPRISE_READ, &e, &m))
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
    return reply_enterprise(r, 201, &e, &m);
}

static int fg_h_enterprise_update(fg_req *r)
{
    fg_enterprise e;
    fg_enterprise_meta m;
    if (load_enterprise(r, FG_ACT_ENTERPRISE_UPDATE, &e, &m))
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
    int rc = fg_store_enterprise_update(r->db, &e, (int)json_integer_value(ver), r->now_ms,
                                        r->account.username, &out, &err);
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
    return reply_enterprise(r, 200, &e, &out);
}

static int fg_h_enterprise_guidance(fg_req *r)
{
    fg_enterprise e;
    fg_enterprise_meta m;
    if (load_enterprise(r, FG_ACT_ENTERPRISE_READ, &e, &m))
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
    if (load_enterprise(r, FG_ACT_ENTERPRISE_READ, &e, &m))
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
    json_t *errors;
    long dropped;
} api_import;

static int import_row_allowed(void *ctx, const fg_enterprise *e, fg_err *err)
{
    api_import *ai = ctx;
    fg_target t = {e->region, NULL};
    if (fg_access_check(&ai->r->principal, FG_ACT_ENTERPRISE_CREATE, &t, NULL) == 0)
        return 0;
    return fg_err_at(err, FG_EPERM, "region", "access.import_outside",
                     "region {region:%06d} is outside your jurisdiction", (int)e->region);
}

static void import_bad_line(void *ctx, size_t line, const fg_err *why)
{
    api_import *ai = ctx;
    if (json_array_size(ai->errors) >= IMPORT_MAX_ERRORS) {
        ai->dropped++;
        return;
    }
    json_t *e = json_pack("{s:I,s:s,s:s}", "line", (json_int_t)line, "code",
                          why->key && *why->key ? why->key : "error.invalid", "message", why->msg);
    if (why->field[0])
        json_object_set_new(e, "field", json_string(why->field));
    if (why->nparams) {
        json_t *params = json_object();
        for (int i = 0; i < why->nparams; i++)
            json_object_set_new(params, why->params[i].name, json_string(why->params[i].value));
        json_object_set_new(e, "params", params);
    }
    json_array_append_new(ai->errors, e);
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
    api_import ai = {r, json_array(), 0};
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
        json_decref(ai.errors);
        return fg_reply_err(r, &err);
    }
    json_t *out = json_pack("{s:I,s:I,s:I,s:o,s:I}", "rows", (json_int_t)rep.rows, "imported",
                            (json_int_t)rep.imported, "rejected", (json_int_t)rep.rejected,
                            "errors", ai.errors, "errors_not_listed", (json_int_t)ai.dropped);
    if (rc) /* Nothing was written: a problem that carries the per-line report. */
        return fg_reply_err_with(r, &err, out);
    return fg_reply_json(r, 200, out);
}

/* ---- export ---- */

static const char *export_columns[] = {
    "uscc",         "name",     "region",      "industry",  "headcount", "capacity", "categories",
    "service_kind", "critical", "plans_filed", "whitelist", "status",    NULL};

/* The row's cells as text, in export_columns order (into `cells`, 12 strings
 * pointing into `store`). */
static void export_cells(const fg_enterprise *e, const fg_enterprise_meta *m,
                         char store[12][FG_NAME_MAX * 4 + 8], const char *cells[12])
{
    char cats[64];
    fg_category_format(e->categories, cats);
    snprintf(store[0], sizeof(store[0]), "%s", e->uscc);
    snprintf(store[1], sizeof(store[1]), "%s", e->name);
    snprintf(store[2], sizeof(store[2]), "%06d", (int)e->region);
    snprintf(store[3], sizeof(store[3]), "%s", e->industry);
    snprintf(store[4], sizeof(store[4]), "%lld", (long long)e->headcount);
    snprintf(store[5], sizeof(store[5]), "%lld", (long long)e->capacity);
    snprintf(store[6], sizeof(store[6]), "%s", cats);
    snprintf(store[7], sizeof(store[7]), "%s", fg_service_name(e->service_kind));
    snprintf(store[8], sizeof(store[8]), "%s", e->critical ? "true" : "false");
    store[9][0] = '\0';
    for (int l = FG_RISK_LOW; l <= FG_RISK_HIGH; l++)
        if (e->plan_levels & (1u << l))
            snprintf(store[9] + strlen(store[9]), sizeof(store[9]) - strlen(store[9]), "%s%s",
                     store[9][0] ? "|" : "", fg_risk_name((fg_risk_level)l));
    snprintf(store[10], sizeof(store[10]), "%s", m->whitelist ? "true" : "false");
    snprintf(store[11], sizeof(store[11]), "%s", fg_status_name(m->status));
    for (int i = 0; i < 12; i++)
        cells[i] = store[i];
}

/* One CSV cell. A cell that a spreadsheet would take for a formula (it begins
 * with =, +, -, @, a tab or a carriage return) is written as text with a
 * leading apostrophe, so that a name such as "=HYPERLINK(...)" opens as the
 * name it is. */
static int csv_cell(fg_buf *b, const char *s)
{
    bool formula = s[0] && strchr("=+-@\t\r", s[0]);
    if (!formula && !strpbrk(s, ",\"\r\n"))
        return fg_buf_adds(b, s);
    int rc = fg_buf_addc(b, '"');
    rc = rc || !formula ? rc : fg_buf_addc(b, '\'');
    for (; rc == 0 && *s; s++)
        rc = *s == '"' ? fg_buf_adds(b, "\"\"") : fg_buf_addc(b, *s);
    return rc ? rc : fg_buf_addc(b, '"');
}

static int export_csv_row(void *ctx, const fg_enterprise *e, const fg_enterprise_meta *m)
{
    fg_buf *b = ctx;
    static _Thread_local char store[12][FG_NAME_MAX * 4 + 8];
    const char *cells[12];
    export_cells(e, m, store, cells);
    int rc = 0;
    for (int i = 0; rc == 0 && i < 12; i++) {
        rc = i ? fg_buf_addc(b, ',') : 0;
        rc = rc ? rc : csv_cell(b, cells[i]);
    }
    return rc ? rc : fg_buf_adds(b, "\r\n");
}

typedef struct xlsx_out {
    lxw_worksheet *ws;
    lxw_row_t row;
} xlsx_out;

static int export_xlsx_row(void *ctx, const fg_enterprise *e, const fg_enterprise_meta *m)
{
    xlsx_out *x = ctx;
    static _Thread_local char store[12][FG_NAME_MAX * 4 + 8];
    const char *cells[12];
    export_cells(e, m, store, cells);
    x->row++;
    for (lxw_col_t c = 0; c < 12; c++) {
        lxw_error rc =
            c == 4 || c == 5
                ? worksheet_write_number(x->ws, x->row, c,
                                         (double)(c == 4 ? e->headcount : e->capacity), NULL)
                : worksheet_write_string(x->ws, x->row, c, cells[c], NULL);
        if (rc != LXW_NO_ERROR)
            return FG_EIO;
    }
    return 0;
}

static int fg_h_enterprise_export(fg_req *r)
{
    list_query lq;
    if (parse_list_query(r, &lq, FG_EXPORT_MAX_ROWS))
        return fg_req_refusal(r);
    if (!fg_req_param(r, "limit"))
        lq.f.limit = FG_EXPORT_MAX_ROWS;
    const char *format = fg_req_param(r, "format");
    bool xlsx = format && strcmp(format, "xlsx") == 0;
    if (format && !xlsx && strcmp(format, "csv"))
        return fg_reply_problem(r, 400, "format", "export.format", "format must be csv or xlsx");
    char day[11], disposition[96];
    fg_date_format(fg_clock_date(r->now_ms), day);
    snprintf(disposition, sizeof(disposition), "attachment; filename=\"enterprises-%s.%s\"", day,
             xlsx ? "xlsx" : "csv");
    fg_err err;
    fg_err_init(&err);
    int64_t total;
    fg_buf b;
    fg_buf_init(&b, (size_t)256 << 20);
    int rc;
    if (!xlsx) {
        rc = fg_buf_adds(&b, "\xEF\xBB\xBF"); /* BOM: spreadsheets then read UTF-8 */
        for (int i = 0; rc == 0 && export_columns[i]; i++) {
            rc = i ? fg_buf_addc(&b, ',') : 0;
            rc = rc ? rc : fg_buf_adds(&b, export_columns[i]);
        }
        rc = rc ? rc : fg_buf_adds(&b, "\r\n");
        if (rc == 0)
            rc = visit(r, &lq, export_csv_row, &b, &total, &err);
    } else {
        char path[] = "/tmp/fugong-export-XXXXXX";
        int fd = mkstemp(path);
        if (fd < 0) {
            fg_buf_release(&b);
            return fg_reply_problem(r, 500, NULL, NULL, "cannot create a temporary file");
        }
        close(fd);
        lxw_workbook *wb = workbook_new(path);
        lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, "enterprises") : NULL;
        lxw_format *bold = wb ? workbook_add_format(wb) : NULL;
        rc = ws && bold ? 0 : FG_ENOMEM;
        if (rc == 0) {
            format_set_bold(bold);
            for (lxw_col_t c = 0; export_columns[c]; c++)
                worksheet_write_string(ws, 0, c, export_columns[c], bold);
            worksheet_set_column(ws, 0, 0, 22, NULL);
            worksheet_set_column(ws, 1, 1, 36, NULL);
            xlsx_out x = {ws, 0};
            rc = visit(r, &lq, export_xlsx_row, &x, &total, &err);
        }
        if (wb && workbook_close(wb) != LXW_NO_ERROR && rc == 0)
            rc = FG_EIO;
        if (rc == 0) {
            FILE *fp = fopen(path, "rb");
            char chunk[65536];
            size_t n;
            rc = fp ? 0 : FG_EIO;
            while (fp && rc == 0 && (n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
                rc = fg_buf_add(&b, chunk, n);
            if (fp)
                fclose(fp);
        }
        unlink(path);
    }
    if (rc) {
        fg_buf_release(&b);
        if (err.code)
            return fg_reply_err(r, &err);
        return fg_reply_problem(r, 500, NULL, NULL, "the export could not be written");
    }
    ulfius_set_binary_body_response(r->resp, 200, b.buf, b.len);
    u_map_put(r->resp->map_header, "Content-Type",
              xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                   : "text/csv; charset=utf-8");
    u_map_put(r->resp->map_header, "Content-Disposition", disposition);
    u_map_put(r->resp->map_header, "Cache-Control", "no-store");
    fg_buf_release(&b);
    return 0;
}

const fg_api_route fg_api_enterprises_routes[] = {
    {"GET", "/api/v1/enterprises", fg_h_enterprises_list, FG_ACT_ENTERPRISE_READ, 0},
    {"POST", "/api/v1/enterprises", fg_h_enterprise_create, FG_ACT_ENTERPRISE_CREATE,
     FG_API_MAX_BODY},
    {"POST", "/api/v1/enterprises/import", fg_h_enterprise_import, FG_ACT_ENTERPRISE_CREATE,
     FG_API_MAX_UPLOAD},
    {"GET", "/api/v1/enterprises/export", fg_h_enterprise_export, FG_ACT_ENTERPRISE_READ, 0},
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
