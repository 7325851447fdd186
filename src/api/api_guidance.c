/* Guidance rule tables: read, versions, replace. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/text.h"
#include "api.h"

static int fg_h_rules_get(fg_req *r)
{
    if (fg_req_allow(r, FG_ACT_RULES_READ, -1, NULL))
        return fg_req_refusal(r);
    long version;
    if (fg_req_int(r, "version", 0, 1000000, 0, &version))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    json_t *table;
    if (version == 0) {
        fg_guidance_table t;
        if (fg_store_guidance_current(r->db, &t, &err))
            return fg_reply_err(r, &err);
        version = t.version;
        table = json_incref(t.json);
        fg_guidance_table_release(&t);
    } else if (fg_store_guidance_get(r->db, (int)version, &table, &err)) {
        return fg_reply_err(r, &err);
    }
    return fg_reply_json(r, 200, json_pack("{s:i,s:o}", "version", (int)version, "table", table));
}

static int fg_h_rules_versions(fg_req *r)
{
    if (fg_req_allow(r, FG_ACT_RULES_READ, -1, NULL))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    json_t *list;
    if (fg_store_guidance_versions(r->db, &list, &err))
        return fg_reply_err(r, &err);
    return fg_reply_json(r, 200, json_pack("{s:o}", "items", list));
}

static int fg_h_rules_replace(fg_req *r)
{
    if (fg_req_allow(r, FG_ACT_RULES_REPLACE, -1, NULL))
        return fg_req_refusal(r);
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    bool bad = false;
    const char *note = fg_json_str(r, body, "note", true, &bad);
    if (bad)
        return fg_req_refusal(r);
    if (fg_text_visible(note) < 4 || fg_utf8_len(note) > 500)
        return fg_reply_problem(r, 422, "note", "guidance.note",
                                "note must say what changed and why, in 4 to 500 characters");
    json_t *table = json_object_get(body, "table");
    if (!json_is_object(table))
        return fg_reply_problem(r, 422, "table", "guidance.table_required",
                                "table is required: an object with \"rules\"");
    char *text = json_dumps(table, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (!text)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    fg_err err;
    fg_err_init(&err);
    int version;
    int rc = fg_store_guidance_replace(r->db, text, strlen(text), note, r->now_ms,
                                       r->account.username, &version, &err);
    free(text);
    if (rc) {
        if (rc == FG_EINVAL && !err.field[0])
            snprintf(err.field, sizeof(err.field), "table");
        return fg_reply_err(r, &err);
    }
    return fg_reply_json(r, 201, json_pack("{s:i,s:s}", "version", version, "note", note));
}

const fg_api_route fg_api_guidance_routes[] = {
    {"GET", "/api/v1/guidance/rules", fg_h_rules_get, FG_ACT_RULES_READ, 0},
    {"PUT", "/api/v1/guidance/rules", fg_h_rules_replace, FG_ACT_RULES_REPLACE, FG_API_MAX_BODY},
    {"GET", "/api/v1/guidance/versions", fg_h_rules_versions, FG_ACT_RULES_READ, 0},
};
const size_t fg_api_guidance_nroutes =
    sizeof(fg_api_guidance_routes) / sizeof(fg_api_guidance_routes[0]);
