/* Reply helpers and request input parsing for handlers. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/enterprise.h"
#include "api.h"

static void set_body(fg_req *r, int status, const char *type, char *text, size_t len)
{
    ulfius_set_binary_body_response(r->resp, (unsigned int)status, text, len);
    u_map_put(r->resp->map_header, "Content-Type", type);
    u_map_put(r->resp->map_header, "Cache-Control", "no-store");
}

int fg_reply_json(fg_req *r, int status, json_t *body)
{
    char *text = json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(body);
    if (!text)
        return fg_reply_problem(r, 500, "Internal error", "out of memory writing the answer", NULL);
    set_body(r, status, "application/json; charset=utf-8", text, strlen(text));
    free(text);
    return 0;
}

int fg_reply_buf(fg_req *r, int status, const fg_buf *b)
{
    ulfius_set_binary_body_response(r->resp, (unsigned int)status, b->buf, b->len);
    u_map_put(r->resp->map_header, "Content-Type", "application/json; charset=utf-8");
    u_map_put(r->resp->map_header, "Cache-Control", "no-store");
    return 0;
}

int fg_reply_empty(fg_req *r, int status)
{
    r->resp->status = (long)status;
    return 0;
}

/* The error code a refusal with `status` stands for (what the handler that
 * replied returns). */
static int status_code(int status)
{
    switch (status) {
    case 401: return FG_EAUTH;
    case 403: return FG_EPERM;
    case 404:
    case 405: return FG_ENOTFOUND;
    case 409: return FG_ECONFLICT;
    case 413: return FG_ETOOBIG;
    case 429: return FG_ERATE;
    case 503: return FG_EUNAVAIL;
    default: return status >= 500 ? FG_EIO : FG_EINVAL;
    }
}

int fg_reply_problem(fg_req *r, int status, const char *title, const char *detail,
                     const char *field)
{
    return fg_reply_problem_with(r, status, title, detail, field, NULL);
}

int fg_reply_problem_with(fg_req *r, int status, const char *title, const char *detail,
                          const char *field, json_t *extra)
{
    json_t *p = json_pack("{s:s,s:s,s:i,s:s}", "type", "about:blank", "title", title, "status",
                          status, "detail", detail);
    if (field && *field)
        json_object_set_new(p, "field", json_string(field));
    if (extra) {
        json_object_update(p, extra);
        json_decref(extra);
    }
    char *text = json_dumps(p, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(p);
    if (text) {
        set_body(r, status, "application/problem+json", text, strlen(text));
        free(text);
    } else {
        r->resp->status = status;
    }
    r->refusal = status_code(status);
    return r->refusal;
}

int fg_req_refusal(const fg_req *r)
{
    return r->refusal ? r->refusal : FG_EIO;
}

int fg_reply_err(fg_req *r, const fg_err *err)
{
    int status = 500;
    const char *title = "Internal error";
    switch (err->code) {
    case FG_EINVAL:
        status = 422;
        title = "Invalid input";
        break;
    case FG_ENOTFOUND:
        status = 404;
        title = "Not found";
        break;
    case FG_EEXIST:
        status = 409;
        title = "Already exists";
        break;
    case FG_ECONFLICT:
        status = 409;
        title = "Conflict";
        break;
    case FG_EPERM:
        status = 403;
        title = "Forbidden";
        break;
    case FG_EAUTH:
        status = 401;
        title = "Unauthenticated";
        break;
    case FG_ETOOBIG:
        status = 413;
        title = "Too large";
        break;
    case FG_ERATE:
        status = 429;
        title = "Too many attempts";
        break;
    case FG_EUNAVAIL:
        status = 503;
        title = "Unavailable";
        u_map_put(r->resp->map_header, "Retry-After", "2");
        break;
    default: break;
    }
    fg_reply_problem(r, status, title, err->msg[0] ? err->msg : fg_err_name(err->code), err->field);
    return err->code < 0 ? err->code : FG_EIO;
}

static void json_free(void *p)
{
    json_decref(p);
}

json_t *fg_req_body(fg_req *r)
{
    const char *ct = u_map_get_case(r->http->map_header, "Content-Type");
    if (!ct || strncmp(ct, "application/json", 16) != 0) {
        fg_reply_problem(r, 415, "Unsupported media type",
                         "send the body as JSON with Content-Type: application/json", NULL);
        return NULL;
    }
    if (r->http->binary_body_length > FG_API_MAX_BODY) {
        char d[120];
        snprintf(d, sizeof(d), "the body is larger than the limit of %u bytes", FG_API_MAX_BODY);
        fg_reply_problem(r, 413, "Body too large", d, NULL);
        return NULL;
    }
    if (r->http->binary_body_length == 0) {
        fg_reply_problem(r, 400, "Malformed body", "the body is empty; send a JSON object", NULL);
        return NULL;
    }
    json_error_t jerr;
    json_t *j = json_loadb(r->http->binary_body, r->http->binary_body_length,
                           JSON_REJECT_DUPLICATES, &jerr);
    if (!j) {
        char d[300];
        snprintf(d, sizeof(d), "the body is not valid JSON (UTF-8): %s at line %d, column %d",
                 jerr.text, jerr.line, jerr.column);
        fg_reply_problem(r, 400, "Malformed body", d, NULL);
        return NULL;
    }
    if (fg_arena_defer(&r->arena, json_free, j)) { /* j is freed already */
        fg_reply_problem(r, 500, "Internal error", "out of memory", NULL);
        return NULL;
    }
    if (!json_is_object(j)) {
        fg_reply_problem(r, 400, "Malformed body", "the body must be a JSON object", NULL);
        return NULL;
    }
    return j;
}

const char *fg_req_param(fg_req *r, const char *name)
{
    for (size_t i = 0; i < r->n_params; i++)
        if (strcmp(r->params[i].name, name) == 0)
            return r->params[i].value;
    return u_map_get(r->http->map_url, name);
}

int fg_req_int(fg_req *r, const char *name, long lo, long hi, long def, long *out)
{
    const char *s = fg_req_param(r, name);
    if (!s || !*s) {
        *out = def;
        return 0;
    }
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < lo || v > hi) {
        char d[160];
        snprintf(d, sizeof(d), "query parameter %s must be a whole number from %ld to %ld", name,
                 lo, hi);
        fg_reply_problem(r, 400, "Bad query parameter", d, name);
        return FG_EINVAL;
    }
    *out = v;
    return 0;
}

int fg_req_allow(fg_req *r, fg_action act, int32_t region, const char *uscc)
{
    fg_err err;
    fg_err_init(&err);
    fg_target t = {region, uscc};
    int rc = fg_access_check(&r->principal, act, &t, &err);
    if (rc)
        fg_reply_err(r, &err);
    return rc;
}

const char *fg_json_str(fg_req *r, json_t *obj, const char *key, bool required, bool *bad)
{
    json_t *v = json_object_get(obj, key);
    char d[160];
    if (!v || json_is_null(v)) {
        if (required) {
            snprintf(d, sizeof(d), "field %s is required", key);
            fg_reply_problem(r, 422, "Invalid input", d, key);
            *bad = true;
        }
        return NULL;
    }
    if (!json_is_string(v)) {
        snprintf(d, sizeof(d), "field %s must be a string", key);
        fg_reply_problem(r, 422, "Invalid input", d, key);
        *bad = true;
        return NULL;
    }
    const char *s = json_string_value(v);
    if (fg_utf8_check(s, json_string_length(v))) {
        snprintf(d, sizeof(d), "field %s must be text without control characters", key);
        fg_reply_problem(r, 422, "Invalid input", d, key);
        *bad = true;
        return NULL;
    }
    return s;
}

int fg_json_text(fg_req *r, json_t *obj, const char *key, bool required, size_t lo, size_t hi,
                 const char **out)
{
    bool bad = false;
    *out = fg_json_str(r, obj, key, required, &bad);
    if (bad)
        return FG_EINVAL;
    if (!*out)
        return 0;
    size_t n = fg_utf8_len(*out);
    if (fg_utf8_check(*out, strlen(*out)) || n < lo || n > hi) {
        char d[160];
        snprintf(d, sizeof(d), "%s must be %zu to %zu characters of text", key, lo, hi);
        fg_reply_problem(r, 422, "Invalid input", d, key);
        return FG_EINVAL;
    }
    return 0;
}
