/* JSON representations shared by handlers and the command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/region.h"
#include "api.h"

int fg_write_enterprise(fg_buf *b, const fg_enterprise *e, const fg_enterprise_meta *m)
{
    char created[25], updated[25];
    fg_time_format(m->created_at, created);
    fg_time_format(m->updated_at, updated);
    int rc = fg_buf_adds(b, "{\"id\":");
    rc = rc ? rc : fg_buf_add_json_str(b, m->id);
    rc = rc ? rc : fg_buf_addc(b, ',');
    rc = rc ? rc : fg_enterprise_write_json(b, e);
    rc = rc ? rc : fg_buf_adds(b, m->whitelist ? ",\"whitelist\":true" : ",\"whitelist\":false");
    /* Status is derived from the orders in force when it was read. */
    rc = rc ? rc : fg_buf_adds(b, ",\"status\":\"");
    rc = rc ? rc : fg_buf_adds(b, fg_status_name(m->status));
    rc = rc ? rc : fg_buf_adds(b, "\",\"version\":");
    rc = rc ? rc : fg_buf_add_int(b, m->version);
    rc = rc ? rc : fg_buf_adds(b, ",\"created_at\":\"");
    rc = rc ? rc : fg_buf_adds(b, created);
    rc = rc ? rc : fg_buf_adds(b, "\",\"updated_at\":\"");
    rc = rc ? rc : fg_buf_adds(b, updated);
    return rc ? rc : fg_buf_adds(b, "\"}");
}

json_t *fg_json_account(const fg_account *a)
{
    char region[7] = "";
    json_t *ents = json_array();
    for (size_t i = 0; i < a->n_enterprises; i++)
        json_array_append_new(ents, json_string(a->enterprises[i]));
    if (a->region >= 0)
        fg_region_format(a->region, region);
    return json_pack("{s:s,s:s,s:s,s:s,s:s?,s:o,s:b}", "id", a->id, "username", a->username,
                     "display_name", a->display_name, "role", fg_role_name(a->role), "region",
                     a->region >= 0 ? region : NULL, "enterprises", ents, "admin", a->admin);
}

void fg_line_errors_add(fg_line_errors *le, size_t line, const fg_err *why)
{
    if (json_array_size(le->errors) >= le->max) {
        le->dropped++;
        return;
    }
    json_t *e = json_pack("{s:I,s:s,s:s}", "line", (json_int_t)line, "code",
                          why->key && *why->key ? why->key : "error.invalid", "message", why->msg);
    if (!e)
        return;
    if (why->field[0])
        json_object_set_new(e, "field", json_string(why->field));
    if (why->nparams) {
        json_t *params = json_object();
        for (int i = 0; i < why->nparams; i++)
            json_object_set_new(params, why->params[i].name, json_string(why->params[i].value));
        json_object_set_new(e, "params", params);
    }
    json_array_append_new(le->errors, e);
}

void fg_line_errors_cb(void *le, size_t line, const fg_err *why)
{
    fg_line_errors_add(le, line, why);
}
