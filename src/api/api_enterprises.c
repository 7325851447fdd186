/* The enterprise registry: list, create, read, update, guidance, history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/region.h"
#include "../core/uscc.h"
#include "api.h"

/* Applies the fields present in `body` to `e`. `creating` requires the
 * identifying fields. Replies and returns FG_EINVAL on a bad field. */
static int apply_fields(fg_req *r, json_t *body, fg_enterprise *e, bool creating,
                        bool *out_classified)
{
    static const char *known[] = {"uscc", "name", "region", "industry", "headcount",
                                  "capacity", "categories", "service_kind", "critical",
                                  "plans_filed", "version", NULL};
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v) {
        int k = 0;
        while (known[k] && strcmp(known[k], key) != 0)
            k++;
        if (!known[k]) {
            char d[200];
            snprintf(d, sizeof(d), "unknown field '%.60s'", key);
            fg_reply_problem(r, 422, "Invalid input", d, key);
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
            fg_reply_problem(r, 422, "Invalid input", "name is too long", "name");
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
            fg_reply_problem(r, 422, "Invalid input",
                             "industry must be a two-digit GB/T 4754-2017 division code",
                             "industry");
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
            char d[120];
            snprintf(d, sizeof(d), "%s must be a whole number", ints[i]);
            fg_reply_problem(r, 422, "Invalid input", d, ints[i]);
            return FG_EINVAL;
        }
        *dst[i] = json_integer_value(v);
    }
    if ((v = json_object_get(body, "categories"))) {
        if (!json_is_array(v)) {
            fg_reply_problem(r, 422, "Invalid input", "categories must be a list of names",
                             "categories");
            return FG_EINVAL;
        }
        unsigned flags = 0;
        size_t i;
        json_t *c;
        json_array_foreach(v, i, c) {
            unsigned f;
            if (!json_is_string(c) || fg_category_parse(json_string_value(c), &f, &err) || !f) {
                if (!err.msg[0])
                    fg_err_field(&err, FG_EINVAL, "categories",
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
                fg_err_field(&err, FG_EINVAL, "service_kind", "service_kind must be a name");
            fg_reply_err(r, &err);
            return FG_EINVAL;
        }
        *out_classified = true;
    }
    if ((v = json_object_get(body, "critical"))) {
        if (!json_is_boolean(v)) {
            fg_reply_problem(r, 422, "Invalid input", "critical must be true or false",
                             "critical");
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
            fg_reply_problem(r, 422, "Invalid input", "plans_filed must be a list of risk levels",
                             "plans_filed");
            return FG_EINVAL;
        }
        json_array_foreach(v, i, c) {
            fg_risk_level l;
            if (!json_is_string(c) || fg_risk_parse(json_string_value(c), &l, &err)) {
                fg_reply_problem(r, 422, "Invalid input",
                                 "plans_filed lists risk levels: low, medium, high", "plans_filed");
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

int fg_h_enterprises_list(fg_req *r)
{
    fg_enterprise_filter f = {0, 999999, "", 0, -1, "", NULL, 0, 50, 0};
    long limit, offset;
    if (fg_req_int(r, "limit", 1, 500, 50, &limit) || fg_req_int(r, "offset", 0, 100000000, 0, &offset))
        return 0;
    f.limit = (int)limit;
    f.offset = (int)offset;
    fg_err err;
    fg_err_init(&err);
    const char *s;
    int32_t region = r->account.region >= 0 ? r->account.region : FG_REGION_NATION;
    if ((s = fg_req_param(r, "region")) && *s) {
        if (fg_region_parse(s, "region", &region, &err))
            return fg_reply_problem(r, 400, "Bad query parameter", err.msg, "region");
    }
    if (fg_role_has_region(r->account.role)) {
        if (fg_req_allow(r, FG_ACT_ENTERPRISE_READ, region, NULL))
            return 0;
    } else {
        /* Enterprise-bound accounts list only their own enterprises. */
        f.only = r->principal.enterprises;
        f.n_only = r->principal.n_enterprises;
        if (fg_req_allow(r, FG_ACT_ENTERPRISE_READ, -1, f.n_only ? f.only[0] : ""))
            return 0;
    }
    fg_region_range(region, &f.region_lo, &f.region_hi);
    if ((s = fg_req_param(r, "industry")) && *s) {
        if (strlen(s) != 2 || s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
            return fg_reply_problem(r, 400, "Bad query parameter",
                                    "industry must be a two-digit GB/T 4754-2017 division code",
                                    "industry");
        f.industry = s;
    }
    if ((s = fg_req_param(r, "category")) && *s) {
        if (fg_category_parse(s, &f.category, &err) || f.category == 0 ||
            (f.category & (f.category - 1)))
            return fg_reply_problem(r, 400, "Bad query parameter",
                                    "category must be one of key_industrial, livelihood_supply, "
                                    "related_service", "category");
    }
    if ((s = fg_req_param(r, "whitelist")) && *s) {
        if (strcmp(s, "true") && strcmp(s, "false"))
            return fg_reply_problem(r, 400, "Bad query parameter", "whitelist must be true or false",
                                    "whitelist");
        f.whitelist = strcmp(s, "true") == 0;
    }
    fg_status status = FG_STATUS_OPERATING;
    bool by_status = false;
    if ((s = fg_req_param(r, "status")) && *s) {
        if (fg_status_parse(s, &status, &err))
            return fg_reply_problem(r, 400, "Bad query parameter", err.msg, "status");
        by_status = true;
    }
    if ((s = fg_req_param(r, "q")) && *s) {
        if (strlen(s) > 100 || fg_utf8_check(s, strlen(s)))
            return fg_reply_problem(r, 400, "Bad query parameter",
                                    "q must be text of at most 100 bytes", "q");
        f.q = s;
    }
    fg_enterprise_page page;
    fg_buf b;
    fg_buf_init(&b, 0);
    int64_t total = 0;
    size_t shown = 0;
    int rc = fg_buf_adds(&b, "{\"items\":[");
    /* Enterprise-bound accounts: filter their own list in memory (a handful). */
    if (f.only) {
        for (size_t i = 0; i < f.n_only; i++) {
            fg_enterprise e;
            fg_enterprise_meta m;
            if (fg_store_enterprise_get(r->db, f.only[i], &e, &m, &err))
                continue;
            if ((f.industry[0] && strcmp(f.industry, e.industry)) ||
                (f.category && !(e.categories & f.category)) ||
                (f.whitelist >= 0 && f.whitelist != (int)m.whitelist) ||
                (f.q[0] && !strstr(e.name, f.q) && strncmp(e.uscc, f.q, strlen(f.q))) ||
                !fg_region_contains(region, e.region) ||
                (by_status && status != fg_enterprise_status(NULL, 0)))
                continue;
            if (total++ >= f.offset && shown < (size_t)f.limit) {
                rc = rc ? rc : fg_buf_adds(&b, shown++ ? "," : "");
                rc = rc ? rc : fg_write_enterprise(&b, &e, &m);
            }
        }
    } else if (!by_status || status == fg_enterprise_status(NULL, 0)) {
        /* Every enterprise is operating until the order procedure puts one
         * under an order in force; a filter on limited or stopped then
         * matches none. */
        if (fg_store_enterprise_list(r->db, &f, &page, &err)) {
            fg_buf_release(&b);
            return fg_reply_err(r, &err);
        }
        for (size_t i = 0; i < page.n; i++) {
            rc = rc ? rc : fg_buf_adds(&b, i ? "," : "");
            rc = rc ? rc : fg_write_enterprise(&b, &page.items[i], &page.meta[i]);
        }
        total = page.total;
        fg_enterprise_page_release(&page);
    }
    rc = rc ? rc : fg_buf_adds(&b, "],\"total\":");
    rc = rc ? rc : fg_buf_add_int(&b, total);
    rc = rc ? rc : fg_buf_adds(&b, ",\"limit\":");
    rc = rc ? rc : fg_buf_add_int(&b, f.limit);
    rc = rc ? rc : fg_buf_adds(&b, ",\"offset\":");
    rc = rc ? rc : fg_buf_add_int(&b, f.offset);
    rc = rc ? rc : fg_buf_addc(&b, '}');
    rc = rc ? fg_reply_problem(r, 500, "Internal error", "out of memory", NULL)
            : fg_reply_buf(r, 200, &b);
    fg_buf_release(&b);
    return rc;
}

static int reply_enterprise(fg_req *r, int status, const fg_enterprise *e,
                            const fg_enterprise_meta *m)
{
    fg_buf b;
    fg_buf_init(&b, 0);
    int rc = fg_write_enterprise(&b, e, m);
    rc = rc ? fg_reply_problem(r, 500, "Internal error", "out of memory", NULL)
            : fg_reply_buf(r, status, &b);
    fg_buf_release(&b);
    return rc;
}

static int load_enterprise(fg_req *r, fg_action act, fg_enterprise *e, fg_enterprise_meta *m)
{
    const char *uscc = fg_req_param(r, "uscc");
    fg_err err;
    fg_err_init(&err);
    if (fg_uscc_validate(uscc ? uscc : "", &err)) {
        fg_reply_problem(r, 400, "Bad USCC", err.msg, "uscc");
        return FG_EINVAL;
    }
    /* A missing enterprise is 404 for everyone: registration under a USCC is
     * public record, so 404 against 403 tells an outsider nothing secret. */
    int rc = fg_store_enterprise_get(r->db, uscc, e, m, &err);
    if (rc) {
        fg_reply_err(r, &err);
        return rc;
    }
    return fg_req_allow(r, act, e->region, e->uscc);
}

int fg_h_enterprise_get(fg_req *r)
{
    fg_enterprise e;
    fg_enterprise_meta m;
    if (load_enterprise(r, FG_ACT_ENTERPRISE_READ, &e, &m))
        return 0;
    return reply_enterprise(r, 200, &e, &m);
}

int fg_h_enterprise_create(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return 0;
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
        return 0;
    if (region < 0 && fg_req_allow(r, FG_ACT_ENTERPRISE_CREATE, r->account.region, NULL))
        return 0;
    if (apply_fields(r, body, &e, true, &classified))
        return 0;
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

int fg_h_enterprise_update(fg_req *r)
{
    fg_enterprise e;
    fg_enterprise_meta m;
    if (load_enterprise(r, FG_ACT_ENTERPRISE_UPDATE, &e, &m))
        return 0;
    json_t *body = fg_req_body(r);
    if (!body)
        return 0;
    json_t *ver = json_object_get(body, "version");
    if (!json_is_integer(ver))
        return fg_reply_problem(r, 422, "Invalid input",
                                "version is required: send the version you read, so that "
                                "concurrent changes are not lost", "version");
    if (json_object_get(body, "uscc"))
        return fg_reply_problem(r, 422, "Invalid input",
                                "uscc cannot be changed; it identifies the enterprise", "uscc");
    bool classified;
    if (apply_fields(r, body, &e, false, &classified))
        return 0;
    if (classified && fg_req_allow(r, FG_ACT_ENTERPRISE_CLASSIFY, e.region, e.uscc))
        return 0;
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
        json_t *p = json_pack("{s:s,s:s,s:i,s:s,s:s}", "type", "about:blank", "title",
                              "Conflict", "status", 409, "detail", err.msg, "field", "version");
        if (fg_store_enterprise_get(r->db, e.uscc, &cur, &cm, &ignored) == 0)
            json_object_set_new(p, "current_version", json_integer(cm.version));
        char *text = json_dumps(p, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(p);
        if (!text)
            return fg_reply_problem(r, 500, "Internal error", "out of memory", NULL);
        ulfius_set_string_body_response(r->resp, 409, text);
        u_map_put(r->resp->map_header, "Content-Type", "application/problem+json");
        free(text);
        return 409;
    }
    if (rc)
        return fg_reply_err(r, &err);
    return reply_enterprise(r, 200, &e, &out);
}

int fg_h_enterprise_guidance(fg_req *r)
{
    fg_enterprise e;
    fg_enterprise_meta m;
    if (load_enterprise(r, FG_ACT_ENTERPRISE_READ, &e, &m))
        return 0;
    int32_t on = fg_date_from_ms(r->now_ms);
    const char *ons = fg_req_param(r, "on");
    fg_err err;
    fg_err_init(&err);
    if (ons && fg_date_parse(ons, &on, &err))
        return fg_reply_problem(r, 400, "Bad query parameter", err.msg, "on");
    json_t *out;
    if (fg_guidance_for(r->db, &e, &m, on, &out, &err))
        return fg_reply_err(r, &err);
    return fg_reply_json(r, 200, out);
}

int fg_h_enterprise_history(fg_req *r)
{
    fg_enterprise e;
    fg_enterprise_meta m;
    if (load_enterprise(r, FG_ACT_ENTERPRISE_READ, &e, &m))
        return 0;
    long limit;
    if (fg_req_int(r, "limit", 1, 500, 100, &limit))
        return 0;
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
    return fg_err_field(err, FG_EPERM, "region", "region %06d is outside your jurisdiction",
                        (int)e->region);
}

static void import_bad_line(void *ctx, size_t line, const fg_err *why)
{
    api_import *ai = ctx;
    if (json_array_size(ai->errors) >= IMPORT_MAX_ERRORS) {
        ai->dropped++;
        return;
    }
    json_t *e = json_pack("{s:I,s:s}", "line", (json_int_t)line, "message", why->msg);
    if (why->field[0])
        json_object_set_new(e, "field", json_string(why->field));
    json_array_append_new(ai->errors, e);
}

int fg_h_enterprise_import(fg_req *r)
{
    if (fg_req_allow(r, FG_ACT_ENTERPRISE_CREATE, r->account.region, NULL))
        return 0;
    const char *ct = u_map_get_case(r->http->map_header, "Content-Type");
    if (!ct || strncmp(ct, "text/csv", 8) != 0)
        return fg_reply_problem(r, 415, "Unsupported media type",
                                "send the file as the body with Content-Type: text/csv", NULL);
    if (r->http->binary_body_length > FG_API_MAX_UPLOAD) {
        char d[120];
        snprintf(d, sizeof(d), "the file is larger than the limit of %u bytes; split it",
                 FG_API_MAX_UPLOAD);
        return fg_reply_problem(r, 413, "Body too large", d, NULL);
    }
    const char *skip = fg_req_param(r, "skip_invalid");
    if (skip && strcmp(skip, "true") && strcmp(skip, "false"))
        return fg_reply_problem(r, 400, "Bad query parameter", "skip_invalid must be true or false",
                                "skip_invalid");
    if (fg_utf8_check(r->http->binary_body, r->http->binary_body_length))
        return fg_reply_problem(r, 400, "Malformed body",
                                "the file is not UTF-8 text; save it as CSV UTF-8", NULL);
    api_import ai = {r, json_array(), 0};
    fg_csv_import opt = {skip && strcmp(skip, "true") == 0, r->account.username, r->now_ms,
                         import_row_allowed, import_bad_line, NULL, &ai};
    fg_csv_report rep;
    fg_err err;
    fg_err_init(&err);
    int rc = fg_store_import_csv(r->db, r->http->binary_body, r->http->binary_body_length, &opt,
                                 &rep, &err);
    if (rc && rc != FG_EINVAL) {
        json_decref(ai.errors);
        return fg_reply_err(r, &err);
    }
    json_t *out = json_pack("{s:I,s:I,s:I,s:o,s:I}", "rows", (json_int_t)rep.rows, "imported",
                            (json_int_t)rep.imported, "rejected", (json_int_t)rep.rejected,
                            "errors", ai.errors, "errors_not_listed", (json_int_t)ai.dropped);
    if (rc) {
        /* Nothing was written: a problem that carries the per-line report. */
        json_object_set_new(out, "type", json_string("about:blank"));
        json_object_set_new(out, "title", json_string("Invalid rows"));
        json_object_set_new(out, "status", json_integer(422));
        json_object_set_new(out, "detail", json_string(err.msg));
        char *text = json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(out);
        if (!text)
            return fg_reply_problem(r, 500, "Internal error", "out of memory", NULL);
        ulfius_set_string_body_response(r->resp, 422, text);
        u_map_put(r->resp->map_header, "Content-Type", "application/problem+json");
        free(text);
        return 422;
    }
    return fg_reply_json(r, 200, out);
}
