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

int fg_guidance_for(fg_db *db, const fg_enterprise *e, const fg_enterprise_meta *m, int32_t date,
                    json_t **out, fg_err *err)
{
    fg_guidance_table t;
    fg_risk_designation *d = NULL;
    size_t n = 0;
    int rc = fg_store_guidance_current(db, &t, err);
    if (rc)
        return rc;
    if ((rc = fg_store_risk_chain(db, e->region, &d, &n, err))) {
        fg_guidance_table_release(&t);
        return rc;
    }
    fg_risk_resolution res;
    fg_risk_resolve(e->region, date, d, n, &res);
    fg_guidance_input in = {res.level, e->categories, m->whitelist, e->critical,
                            (e->plan_levels & (1u << res.level)) != 0};
    size_t idx;
    rc = fg_guidance_match(&t, &in, &idx);
    if (rc) {
        free(d);
        fg_guidance_table_release(&t);
        return fg_err_set(err, FG_EDB, "the guidance table gave no answer");
    }
    const fg_guidance_rule *rule = &t.rules[idx];
    fg_buf why;
    fg_buf_init(&why, 0);
    fg_guidance_explain(&t, idx, &in, &why);
    char day[11], src[7] = "", eff[11] = "";
    fg_date_format(date, day);
    if (res.source_region >= 0) {
        fg_region_format(res.source_region, src);
        fg_date_format(d[res.index].effective_on, eff);
    }
    json_t *cats = json_array();
    for (unsigned f = 1; f <= FG_CAT_RELATED_SERVICE; f <<= 1)
        if (e->categories & f)
            json_array_append_new(cats, json_string(fg_category_name(f)));
    *out = json_pack(
        "{s:s,s:s,s:{s:s,s:s?,s:s?},s:{s:s,s:i},s:s,s:O,s:b,s:s?,s:{s:s,s:s},"
        "s:{s:s,s:o,s:b,s:b,s:b}}",
        "uscc", e->uscc, "date", day, "risk", "level", fg_risk_name(res.level), "source_region",
        res.source_region >= 0 ? src : NULL, "effective_on", res.source_region >= 0 ? eff : NULL,
        "rule", "id", rule->id, "table_version", t.version, "mode", fg_mode_name(rule->mode),
        "measures", rule->measures, "restriction_allowed", rule->restriction_allowed, "route",
        rule->route, "explanation", "en", why.buf, "zh", rule->explanation_zh, "inputs",
        "risk_level", fg_risk_name(in.risk), "categories", cats, "whitelist", in.whitelist,
        "critical", in.critical, "plan_filed", in.plan_filed);
    fg_buf_release(&why);
    free(d);
    fg_guidance_table_release(&t);
    return *out ? 0 : fg_err_set(err, FG_ENOMEM, "out of memory");
}
