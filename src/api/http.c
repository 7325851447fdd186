/* Reply helpers and request input parsing for handlers. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/enterprise.h"
#include "../core/text.h"
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
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory writing the answer");
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

/* The status an error code is refused with. */
static int code_status(int code)
{
    switch (code) {
    case FG_EINVAL: return 422;
    case FG_ENOTFOUND: return 404;
    case FG_EEXIST:
    case FG_ECONFLICT: return 409;
    case FG_EPERM: return 403;
    case FG_EAUTH: return 401;
    case FG_ETOOBIG: return 413;
    case FG_ERATE: return 429;
    case FG_EUNAVAIL: return 503;
    default: return 500;
    }
}

static const char *status_title(int status)
{
    switch (status) {
    case 400: return "Bad request";
    case 401: return "Unauthenticated";
    case 403: return "Forbidden";
    case 404: return "Not found";
    case 405: return "Method not allowed";
    case 409: return "Conflict";
    case 413: return "Too large";
    case 415: return "Unsupported media type";
    case 422: return "Invalid input";
    case 429: return "Too many attempts";
    case 503: return "Unavailable";
    default: return status >= 500 ? "Internal error" : "Refused";
    }
}

/* The key of an error sent without one of its own: what the browser says
 * for the kind of refusal. */
static const char *generic_key(int code)
{
    switch (code) {
    case FG_EINVAL: return "error.invalid";
    case FG_ENOTFOUND: return "error.not_found";
    case FG_EEXIST: return "error.exists";
    case FG_ECONFLICT: return "error.conflict";
    case FG_EPERM: return "error.forbidden";
    case FG_EAUTH: return "error.unauthenticated";
    case FG_ETOOBIG: return "error.too_big";
    case FG_ERATE: return "error.rate";
    case FG_EUNAVAIL: return "error.unavailable";
    default: return "internal";
    }
}

/* Sends `err` as problem+json with `status`; `extra` stolen. */
static int send_problem(fg_req *r, int status, const fg_err *err, json_t *extra)
{
    const char *key = err->key && *err->key ? err->key : generic_key(err->code);
    json_t *p = json_pack("{s:s,s:s,s:i,s:s,s:s}", "type", "about:blank", "title",
                          status_title(status), "status", status, "code", key, "detail",
                          err->msg[0] ? err->msg : fg_err_name(err->code));
    if (p && err->field[0])
        json_object_set_new(p, "field", json_string(err->field));
    if (p && err->nparams) {
        json_t *params = json_object();
        for (int i = 0; i < err->nparams; i++)
            json_object_set_new(params, err->params[i].name, json_string(err->params[i].value));
        json_object_set_new(p, "params", params);
    }
    if (p && extra)
        json_object_update(p, extra);
    json_decref(extra);
    char *text = p ? json_dumps(p, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(p);
    if (text) {
        set_body(r, status, "application/problem+json", text, strlen(text));
        free(text);
    } else {
        r->resp->status = status;
    }
    if (status == 503)
        u_map_put(r->resp->map_header, "Retry-After", "2");
    r->refusal = status_code(status);
    return r->refusal;
}

/* A problem from a format: its key, parameters and message (util/err.h). */
static int vproblem(fg_req *r, int status, json_t *extra, const char *field, const char *key,
                    const char *fmt, va_list ap)
{
    fg_err err;
    fg_err_init(&err);
    fg_err_vat(&err, status_code(status), field, key, fmt, ap);
    return send_problem(r, status, &err, extra);
}

int fg_reply_problem(fg_req *r, int status, const char *field, const char *key, const char *fmt,
                     ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = vproblem(r, status, NULL, field, key, fmt, ap);
    va_end(ap);
    return rc;
}

int fg_reply_problem_with(fg_req *r, int status, json_t *extra, const char *field, const char *key,
                          const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = vproblem(r, status, extra, field, key, fmt, ap);
    va_end(ap);
    return rc;
}

int fg_req_refusal(const fg_req *r)
{
    return r->refusal ? r->refusal : FG_EIO;
}

int fg_reply_err_with(fg_req *r, const fg_err *err, json_t *extra)
{
    send_problem(r, code_status(err->code), err, extra);
    return err->code < 0 ? err->code : FG_EIO;
}

int fg_reply_err_as(fg_req *r, int status, const fg_err *err)
{
    send_problem(r, status, err, NULL);
    return err->code < 0 ? err->code : FG_EIO;
}

int fg_reply_err(fg_req *r, const fg_err *err)
{
    return fg_reply_err_with(r, err, NULL);
}

static void json_free(void *p)
{
    json_decref(p);
}

json_t *fg_req_body(fg_req *r)
{
    const char *ct = u_map_get_case(r->http->map_header, "Content-Type");
    if (!ct || strncmp(ct, "application/json", 16) != 0) {
        fg_reply_problem(r, 415, NULL, "body.json_type",
                         "send the body as JSON with Content-Type: application/json");
        return NULL;
    }
    if (r->http->binary_body_length > FG_API_MAX_BODY) {
        fg_reply_problem(r, 413, NULL, "body.too_big",
                         "the body is larger than the limit of {max:%u} bytes", FG_API_MAX_BODY);
        return NULL;
    }
    if (r->http->binary_body_length == 0) {
        fg_reply_problem(r, 400, NULL, "body.empty", "the body is empty; send a JSON object");
        return NULL;
    }
    json_error_t jerr;
    json_t *j = json_loadb(r->http->binary_body, r->http->binary_body_length,
                           JSON_REJECT_DUPLICATES, &jerr);
    if (!j && json_error_code(&jerr) == json_error_numeric_overflow) {
        fg_reply_problem(r, 422, NULL, "body.number_range",
                         "a number at line {line:%d}, column {column:%d} is larger than any field "
                         "takes",
                         jerr.line, jerr.column);
        return NULL;
    }
    if (!j) {
        fg_reply_problem(r, 400, NULL, "body.json",
                         "the body is not valid JSON (UTF-8): %s at line {line:%d}, column "
                         "{column:%d}",
                         jerr.text, jerr.line, jerr.column);
        return NULL;
    }
    if (fg_arena_defer(&r->arena, json_free, j)) { /* j is freed already */
        fg_reply_problem(r, 500, NULL, NULL, "out of memory");
        return NULL;
    }
    if (!json_is_object(j)) {
        fg_reply_problem(r, 400, NULL, "body.object", "the body must be a JSON object");
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
        fg_reply_problem(r, 400, name, "query.int",
                         "query parameter {field:%s} must be a whole number from {min:%ld} to "
                         "{max:%ld}",
                         name, lo, hi);
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
    if (!v || json_is_null(v)) {
        if (required) {
            fg_reply_problem(r, 422, key, "field.required", "field {field:%s} is required", key);
            *bad = true;
        }
        return NULL;
    }
    if (!json_is_string(v)) {
        fg_reply_problem(r, 422, key, "field.string", "field {field:%s} must be a string", key);
        *bad = true;
        return NULL;
    }
    const char *s = json_string_value(v);
    if (fg_utf8_check(s, json_string_length(v))) {
        fg_reply_problem(r, 422, key, "field.text",
                         "field {field:%s} must be text without control characters", key);
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
    if (lo && fg_text_visible(*out) == 0) {
        fg_reply_problem(r, 422, key, "field.blank",
                         "{field:%s} has nothing that can be seen: spaces and invisible "
                         "characters do not make a text",
                         key);
        return FG_EINVAL;
    }
    size_t n = fg_utf8_len(*out);
    if (fg_utf8_check(*out, strlen(*out)) || fg_text_visible(*out) < lo || n > hi) {
        fg_reply_problem(r, 422, key, "field.length",
                         "{field:%s} must be {min:%zu} to {max:%zu} characters of text", key, lo,
                         hi);
        return FG_EINVAL;
    }
    return 0;
}

int fg_json_int(fg_req *r, json_t *obj, const char *key, bool required, int64_t lo, int64_t hi,
                int64_t *out)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v)) {
        if (required)
            return fg_reply_problem(r, 422, key, "field.required", "field {field:%s} is required",
                                    key),
                   FG_EINVAL;
        return 0;
    }
    if (!json_is_integer(v))
        return fg_reply_problem(r, 422, key, "field.integer", "{field:%s} must be a whole number",
                                key),
               FG_EINVAL;
    json_int_t x = json_integer_value(v);
    if (x < lo || x > hi)
        return fg_reply_problem(r, 422, key, "field.range",
                                "{field:%s} must be a whole number from {min:%lld} to {max:%lld}",
                                key, (long long)lo, (long long)hi),
               FG_EINVAL;
    *out = x;
    return 0;
}

int fg_json_int32(fg_req *r, json_t *obj, const char *key, bool required, int lo, int hi, int *out)
{
    int64_t v = *out;
    int rc = fg_json_int(r, obj, key, required, lo, hi, &v);
    if (rc == 0)
        *out = (int)v;
    return rc;
}
