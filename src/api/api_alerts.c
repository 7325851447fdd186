/* The alerts of daily monitoring over HTTP (issue 13): what an official of a
 * region must see now — white-list enterprises listed but not running (the
 * problems the sweep opened), regions whose resumption rate is falling,
 * reports missing past their deadline, electricity disagreeing with
 * self-reports. For the dashboard and the home to-dos. */
#include "../core/region.h"
#include "api.h"

static int fg_h_alerts(fg_req *r)
{
    int32_t region = r->account.region >= 0 ? r->account.region : FG_REGION_NATION;
    const char *s = fg_req_param(r, "region");
    fg_err err;
    fg_err_init(&err);
    if (s && *s && fg_region_parse(s, "region", &region, &err))
        return fg_reply_err_as(r, 400, &err);
    if (fg_req_allow(r, FG_ACT_MONITOR_READ, region, NULL))
        return fg_req_refusal(r);
    json_t *out;
    if (fg_app_alerts(r->app, r->db, &r->who, region, r->now_ms, &out, &err))
        return fg_reply_err(r, &err);
    return fg_reply_json(r, 200, out);
}

const fg_api_route fg_api_alerts_routes[] = {
    {"GET", "/api/v1/monitoring/alerts", fg_h_alerts, FG_ACT_MONITOR_READ, 0},
};
const size_t fg_api_alerts_nroutes = sizeof(fg_api_alerts_routes) / sizeof(fg_api_alerts_routes[0]);
