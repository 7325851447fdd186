/* JSON representations shared by handlers and the command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/region.h"
#include "api.h"

int fg_write_enterprise(fg_buf *b, const fg_enterprise *e, const fg_enterprise_meta *m)
{
    char region[7], created[25], updated[25];
    fg_region_format(e->region, region);
    fg_time_format(m->created_at, created);
    fg_time_format(m->updated_at, updated);
    int rc = fg_buf_adds(b, "{\"uscc\":");
    rc = rc ? rc : fg_buf_add_json_str(b, e->uscc);
    rc = rc ? rc : fg_buf_adds(b, ",\"id\":");
    rc = rc ? rc : fg_buf_add_json_str(b, m->id);
    rc = rc ? rc : fg_buf_adds(b, ",\"name\":");
    rc = rc ? rc : fg_buf_add_json_str(b, e->name);
    rc = rc ? rc : fg_buf_adds(b, ",\"region\":\"");
    rc = rc ? rc : fg_buf_adds(b, region);
    rc = rc ? rc : fg_buf_adds(b, "\",\"industry\":");
    rc = rc ? rc : fg_buf_add_json_str(b, e->industry);
    rc = rc ? rc : fg_buf_adds(b, ",\"headcount\":");
    rc = rc ? rc : fg_buf_add_int(b, e->headcount);
    rc = rc ? rc : fg_buf_adds(b, ",\"capacity\":");
    rc = rc ? rc : fg_buf_add_int(b, e->capacity);
    rc = rc ? rc : fg_buf_adds(b, ",\"categories\":[");
    bool first = true;
    for (unsigned f = 1; rc == 0 && f <= FG_CAT_RELATED_SERVICE; f <<= 1) {
        if (!(e->categories & f))
            continue;
        rc = fg_buf_adds(b, first ? "\"" : ",\"");
        rc = rc ? rc : fg_buf_adds(b, fg_category_name(f));
        rc = rc ? rc : fg_buf_addc(b, '"');
        first = false;
    }
    rc = rc ? rc : fg_buf_adds(b, "],\"service_kind\":");
    if (e->service_kind) {
        rc = rc ? rc : fg_buf_addc(b, '"');
        rc = rc ? rc : fg_buf_adds(b, fg_service_name(e->service_kind));
        rc = rc ? rc : fg_buf_addc(b, '"');
    } else {
        rc = rc ? rc : fg_buf_adds(b, "null");
    }
    rc = rc ? rc : fg_buf_adds(b, e->critical ? ",\"critical\":true" : ",\"critical\":false");
    rc = rc ? rc : fg_buf_adds(b, m->whitelist ? ",\"whitelist\":true" : ",\"whitelist\":false");
    rc = rc ? rc : fg_buf_adds(b, ",\"plans_filed\":[");
    first = true;
    for (int l = FG_RISK_LOW; rc == 0 && l <= FG_RISK_HIGH; l++) {
        if (!(e->plan_levels & (1u << l)))
            continue;
        rc = fg_buf_adds(b, first ? "\"" : ",\"");
        rc = rc ? rc : fg_buf_adds(b, fg_risk_name((fg_risk_level)l));
        rc = rc ? rc : fg_buf_addc(b, '"');
        first = false;
    }
    /* Status is derived from the orders in force when it was read. */
    rc = rc ? rc : fg_buf_adds(b, "],\"status\":\"");
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
