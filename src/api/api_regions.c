/* Regions, their risk levels and designations; industries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/region.h"
#include "../core/text.h"
#include "../sys/clock.h"
#include "../sys/log.h"
#include "api.h"

static int parse_region(fg_req *r, const char *s, const char *field, int32_t *out)
{
    fg_err err;
    fg_err_init(&err);
    if (fg_region_parse(s ? s : "", field, out, &err)) {
        fg_reply_err_as(r, 400, &err);
        return FG_EINVAL;
    }
    return 0;
}

/* The level of `code` today and the highest level inside it among the
 * regions `p` may see (issue 16): all of them for a region within p's
 * jurisdiction; for one above it (a province read by a city, the nation read
 * by anyone below), only p's jurisdiction and the regions between, so that
 * the answer says nothing of the province's other cities. */
static void region_levels(const fg_principal *p, int32_t code, int32_t today,
                          const fg_risk_designation *d, size_t n, fg_risk_resolution *own,
                          fg_risk_level *highest)
{
    fg_risk_resolve(code, today, d, n, own);
    *highest = own->level;
    for (size_t i = 0; i < n; i++) {
        if (!fg_region_contains(code, d[i].region) || d[i].region == code ||
            !fg_access_sees_region(p, d[i].region))
            continue;
        fg_risk_resolution inner;
        fg_risk_resolve(d[i].region, today, d, n, &inner);
        if (inner.level > *highest)
            *highest = inner.level;
    }
}

/* ?all=true: the names of the regions above `parent`, `parent` and every
 * region inside it, for the region pickers. GB/T 2260 is a published
 * standard, so the names are read by every role whatever its jurisdiction
 * (a pass route crosses the country); no risk levels come with them. */
static int regions_directory(fg_req *r, int32_t parent)
{
    json_t *items;
    fg_err err;
    fg_err_init(&err);
    if (fg_store_region_directory(r->db, parent, &items, &err))
        return fg_reply_err(r, &err);
    char pc[7];
    fg_region_format(parent, pc);
    return fg_reply_json(r, 200, json_pack("{s:s,s:o}", "parent", pc, "items", items));
}

static int fg_h_regions(fg_req *r)
{
    int32_t parent = r->account.region >= 0 ? r->account.region : FG_REGION_NATION;
    const char *ps = fg_req_param(r, "parent");
    const char *q = fg_req_param(r, "q");
    const char *all = fg_req_param(r, "all");
    if (ps && parse_region(r, ps, "parent", &parent))
        return fg_req_refusal(r);
    if (all && *all && strcmp(all, "true") && strcmp(all, "false"))
        return fg_reply_problem(r, 400, "all", "query.boolean", "{field:%s} must be true or false",
                                "all");
    if (all && strcmp(all, "true") == 0)
        return regions_directory(r, parent);
    if (fg_req_allow(r, FG_ACT_REGION_READ, parent, NULL))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    json_t *list = NULL;
    int rc;
    if (q && *q) {
        if (strlen(q) > 50 || fg_utf8_check(q, strlen(q)))
            return fg_reply_problem(r, 400, "q", "query.text_long",
                                    "{field:%s} must be text of at most {max:%d} bytes", "q", 50);
        int32_t lo, hi;
        fg_region_range(parent, &lo, &hi);
        rc = fg_store_region_search(r->db, q, lo, hi, 100, &list, &err);
    } else {
        rc = fg_store_region_children(r->db, parent, &list, &err);
    }
    if (rc)
        return fg_reply_err(r, &err);
    fg_risk_designation *d = NULL;
    size_t n = 0;
    if ((rc = fg_store_risk_all(r->db, &d, &n, &err))) {
        json_decref(list);
        return fg_reply_err(r, &err);
    }
    int32_t today = fg_clock_date(r->now_ms);
    json_t *items = json_array();
    size_t i;
    json_t *it;
    json_array_foreach(list, i, it)
    {
        int32_t code;
        fg_region_parse(json_string_value(json_object_get(it, "code")), "code", &code, NULL);
        if (!fg_access_sees_region(&r->principal, code))
            continue;
        fg_risk_resolution own;
        fg_risk_level highest;
        region_levels(&r->principal, code, today, d, n, &own, &highest);
        json_object_set_new(it, "risk_level", json_string(fg_risk_name(own.level)));
        json_object_set_new(it, "highest_level_inside", json_string(fg_risk_name(highest)));
        json_array_append(items, it);
    }
    free(d);
    json_decref(list);
    char pc[7];
    fg_region_format(parent, pc);
    return fg_reply_json(r, 200, json_pack("{s:s,s:o}", "parent", pc, "items", items));
}

static int fg_h_region_get(fg_req *r)
{
    int32_t code, on = fg_clock_date(r->now_ms);
    if (parse_region(r, fg_req_param(r, "code"), "code", &code))
        return fg_req_refusal(r);
    const char *ons = fg_req_param(r, "on");
    fg_err err;
    fg_err_init(&err);
    if (ons && fg_date_parse(ons, &on, &err))
        return fg_reply_err_as(r, 400, &err);
    if (fg_req_allow(r, FG_ACT_REGION_READ, code, NULL))
        return fg_req_refusal(r);
    fg_region_row row = {0, -1, 0, "全国"};
    if (code != FG_REGION_NATION && fg_store_region_get(r->db, code, &row, &err))
        return fg_reply_err(r, &err);
    fg_risk_designation *d = NULL;
    size_t n = 0;
    json_t *history = NULL;
    if (fg_store_risk_all(r->db, &d, &n, &err) ||
        fg_store_risk_history(r->db, code, &history, &err)) {
        free(d);
        return fg_reply_err(r, &err);
    }
    fg_risk_resolution own;
    fg_risk_level highest;
    region_levels(&r->principal, code, on, d, n, &own, &highest);
    char c[7], parent[7] = "", src[7] = "", day[11], eff[11] = "";
    fg_region_format(code, c);
    if (code != FG_REGION_NATION)
        fg_region_format(fg_region_parent(code), parent);
    fg_date_format(on, day);
    if (own.source_region >= 0) {
        fg_region_format(own.source_region, src);
        fg_date_format(d[own.index].effective_on, eff);
    }
    free(d);
    json_t *out =
        json_pack("{s:s,s:s,s:s,s:s?,s:{s:s,s:s,s:s?,s:s?,s:b},s:s,s:o}", "code", c, "name",
                  row.name, "level", fg_region_level_name(fg_region_level_of(code)), "parent",
                  code != FG_REGION_NATION ? parent : NULL, "risk", "on", day, "level",
                  fg_risk_name(own.level), "source_region", own.source_region >= 0 ? src : NULL,
                  "effective_on", own.source_region >= 0 ? eff : NULL, "inherited",
                  own.source_region >= 0 && own.source_region != code, "highest_level_inside",
                  fg_risk_name(highest), "history", history);
    return fg_reply_json(r, 200, out);
}

static int fg_h_region_designate(fg_req *r)
{
    int32_t code;
    if (parse_region(r, fg_req_param(r, "code"), "code", &code))
        return fg_req_refusal(r);
    if (fg_req_allow(r, FG_ACT_RISK_DESIGNATE, code, NULL))
        return fg_req_refusal(r);
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    bool bad = false;
    const char *level_s = fg_json_str(r, body, "level", true, &bad);
    const char *reason = bad ? NULL : fg_json_str(r, body, "reason", true, &bad);
    const char *eff_s = bad ? NULL : fg_json_str(r, body, "effective_on", false, &bad);
    if (bad)
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    fg_risk_level level;
    int32_t eff = fg_clock_date(r->now_ms);
    if (fg_risk_parse(level_s, &level, &err))
        return fg_reply_err(r, &err);
    if (eff_s && fg_date_parse(eff_s, &eff, &err)) {
        snprintf(err.field, sizeof(err.field), "effective_on");
        return fg_reply_err(r, &err);
    }
    if (fg_text_visible(reason) < 4 || fg_utf8_len(reason) > 2000)
        return fg_reply_problem(r, 422, "reason", "region.reason",
                                "reason must say why, in 4 to 2000 characters");
    if (code == FG_REGION_NATION)
        return fg_reply_problem(r, 422, "code", "region.nation",
                                "risk levels are designated for a province, city or county, not "
                                "the whole country");
    json_t *out;
    if (fg_store_risk_designate(r->db, code, level, eff, reason, r->now_ms, r->account.username,
                                &out, &err))
        return fg_reply_err(r, &err);
    /* policies (issue 15, part "reach"): 免申即享 follows the designation at
     * once: the enterprises of the region are matched again; a failure is
     * logged (the designation stands, the sweep's daily matching repairs). */
    fg_app_match_stats st;
    fg_err merr;
    fg_err_init(&merr);
    if (fg_app_policy_rematch_region(r->app, r->db, code, r->now_ms, 0, &st, &merr) == 0)
        json_object_set_new(out, "policy_matching",
                            json_pack("{s:I,s:I,s:I}", "enterprises", (json_int_t)st.enterprises,
                                      "created", (json_int_t)st.created, "lapsed",
                                      (json_int_t)st.lapsed));
    else
        fg_error("policy.rematch_region", "region=%06d error=\"%s\"", (int)code, merr.msg);
    return fg_reply_json(r, 201, out);
}

/* Regions inside `code` whose own designation in effect today is above low,
 * highest first: what the dashboard lists beside the map. */
static int fg_h_region_designated(fg_req *r)
{
    int32_t code, today = fg_clock_date(r->now_ms);
    if (parse_region(r, fg_req_param(r, "code"), "code", &code))
        return fg_req_refusal(r);
    if (fg_req_allow(r, FG_ACT_REGION_READ, code, NULL))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    fg_risk_designation *d = NULL;
    size_t n = 0;
    if (fg_store_risk_all(r->db, &d, &n, &err))
        return fg_reply_err(r, &err);
    json_t *items = json_array();
    for (int level = FG_RISK_HIGH; level > FG_RISK_LOW; level--) {
        for (size_t i = 0; i < n; i++) {
            int32_t rc = d[i].region;
            if (!fg_region_contains(code, rc) || !fg_access_sees_region(&r->principal, rc))
                continue;
            fg_risk_resolution res;
            fg_risk_resolve(rc, today, d, n, &res);
            /* Once per region: only at the designation that is in effect. */
            if (res.index != (int)i || res.source_region != rc || (int)res.level != level)
                continue;
            fg_region_row row;
            if (fg_store_region_get(r->db, rc, &row, &err))
                continue;
            char c[7], eff[11], review[11];
            fg_region_format(rc, c);
            fg_date_format(d[i].effective_on, eff);
            int32_t review_on = fg_risk_review_on(res.level, d[i].effective_on);
            fg_date_format(review_on, review);
            json_array_append_new(
                items, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:b}", "code", c, "name", row.name,
                                 "level_of_region", fg_region_level_name(fg_region_level_of(rc)),
                                 "risk_level", fg_risk_name(res.level), "effective_on", eff,
                                 "review_on", review, "review_due", review_on <= today));
        }
    }
    free(d);
    return fg_reply_json(r, 200, json_pack("{s:o}", "items", items));
}

static int fg_h_industries(fg_req *r)
{
    json_t *list;
    fg_err err;
    fg_err_init(&err);
    if (fg_store_industries(r->db, &list, &err))
        return fg_reply_err(r, &err);
    return fg_reply_json(r, 200, json_pack("{s:o}", "items", list));
}

const fg_api_route fg_api_regions_routes[] = {
    {"GET", "/api/v1/regions", fg_h_regions, FG_ACT_REGION_READ, 0},
    {"GET", "/api/v1/regions/:code", fg_h_region_get, FG_ACT_REGION_READ, 0},
    {"POST", "/api/v1/regions/:code/risk", fg_h_region_designate, FG_ACT_RISK_DESIGNATE,
     FG_API_MAX_BODY},
    {"GET", "/api/v1/regions/:code/designated", fg_h_region_designated, FG_ACT_REGION_READ, 0},
    {"GET", "/api/v1/industries", fg_h_industries, FG_ROUTE_ANY_ROLE, 0},
};
const size_t fg_api_regions_nroutes =
    sizeof(fg_api_regions_routes) / sizeof(fg_api_regions_routes[0]);
