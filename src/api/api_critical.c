/* The critical-link mark of an enterprise over HTTP (issue 12, part
 * "critical"): whether it is critical and why (the chain analysis's reason
 * with its figures, the provincial industry authority's manual mark with
 * who, when and why), and the manual mark set or removed with a reason. */
#include <string.h>

#include "../core/uscc.h"
#include "api.h"

static int load(fg_req *r, fg_action act, fg_enterprise *e)
{
    return fg_req_enterprise(r, act, e, NULL);
}

static int reply_marks(fg_req *r, const char *uscc)
{
    fg_err err;
    fg_err_init(&err);
    json_t *marks;
    if (fg_store_critical_marks(r->db, uscc, &marks, &err))
        return fg_reply_err(r, &err);
    return fg_reply_json(r, 200,
                         json_pack("{s:s,s:b,s:o}", "uscc", uscc, "critical",
                                   json_array_size(marks) > 0, "marks", marks));
}

static int fg_h_critical_get(fg_req *r)
{
    fg_enterprise e;
    if (load(r, FG_ACT_ENTERPRISE_READ, &e))
        return fg_req_refusal(r);
    return reply_marks(r, e.uscc);
}

static int fg_h_critical_set(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    fg_enterprise e;
    if (load(r, FG_ACT_CRITICAL_MARK, &e))
        return fg_req_refusal(r);
    json_t *marked = json_object_get(body, "marked");
    if (!json_is_boolean(marked))
        return fg_reply_problem(r, 422, "marked", "field.boolean",
                                "{field:%s} must be true or false", "marked");
    const char *reason;
    if (fg_json_text(r, body, "reason", true, 1, 2000, &reason))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    if (fg_app_critical_manual(r->app, r->db, &r->who, e.uscc, json_is_true(marked), reason,
                               r->now_ms, &err))
        return fg_reply_err(r, &err);
    return reply_marks(r, e.uscc);
}

const fg_api_route fg_api_critical_routes[] = {
    {"GET", "/api/v1/enterprises/:uscc/critical-mark", fg_h_critical_get, FG_ACT_ENTERPRISE_READ,
     0},
    {"POST", "/api/v1/enterprises/:uscc/critical-mark", fg_h_critical_set, FG_ACT_CRITICAL_MARK,
     FG_API_MAX_BODY},
};
const size_t fg_api_critical_nroutes =
    sizeof(fg_api_critical_routes) / sizeof(fg_api_critical_routes[0]);
