/* Monitoring of work resumption over HTTP (issue 13, part "monitor"): a
 * region's figures on a day with its children for drill-down, the trends,
 * the daily bulletin (日报) as XLSX, and the electricity cross-check (the
 * grid company's upload, the disagreements). Officials and auditors read
 * inside their jurisdiction, the national coordinator everywhere;
 * enterprises never. */
#include <stdio.h>
#include <string.h>

#include "../core/date.h"
#include "../core/region.h"
#include "../sys/clock.h"
#include "../sys/text.h"
#include "api.h"
#include "export.h"

#define POWER_UPLOAD_ERRORS 100

/* region (default: the account's jurisdiction) and day `name` (default:
 * yesterday in the deployment's zone, the last day whose reports are due). */
static int query_region(fg_req *r, int32_t *out)
{
    const char *s = fg_req_param(r, "region");
    *out = r->account.region >= 0 ? r->account.region : FG_REGION_NATION;
    fg_err err;
    fg_err_init(&err);
    if (s && *s && fg_region_parse(s, "region", out, &err)) {
        fg_reply_err_as(r, 400, &err);
        return FG_EINVAL;
    }
    return 0;
}

static int query_day(fg_req *r, const char *name, int32_t def, int32_t *out)
{
    const char *s = fg_req_param(r, name);
    *out = def;
    fg_err err;
    fg_err_init(&err);
    if (s && *s && fg_date_parse(s, out, &err)) {
        fg_reply_problem(r, 400, name, "monitor.query_day", "{field:%s} must be a date YYYY-MM-DD",
                         name);
        return FG_EINVAL;
    }
    return 0;
}

static int32_t yesterday(const fg_req *r)
{
    return fg_date_from_days(fg_date_days(fg_clock_date(r->now_ms)) - 1);
}

static int fg_h_monitor_overview(fg_req *r)
{
    int32_t region, day;
    long limit, offset;
    if (query_region(r, &region) || query_day(r, "day", yesterday(r), &day) ||
        fg_req_int(r, "limit", 0, 500, 100, &limit) ||
        fg_req_int(r, "offset", 0, 10000000, 0, &offset))
        return fg_req_refusal(r);
    if (fg_req_allow(r, FG_ACT_MONITOR_READ, region, NULL))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    json_t *out;
    if (fg_app_monitor_overview(r->app, r->db, &r->who, region, day, (int)limit, (int)offset, &out,
                                &err))
        return fg_reply_err(r, &err);
    return fg_reply_json(r, 200, out);
}

static int fg_h_monitor_trend(fg_req *r)
{
    int32_t region, from, to;
    int32_t y = yesterday(r);
    if (query_region(r, &region) || query_day(r, "to", y, &to) ||
        query_day(r, "from", fg_date_from_days(fg_date_days(to) - 29), &from))
        return fg_req_refusal(r);
    const char *by = fg_req_param(r, "by");
    if (fg_req_allow(r, FG_ACT_MONITOR_READ, region, NULL))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    json_t *out;
    if (fg_app_monitor_trend(r->app, r->db, &r->who, region, from, to, by ? by : "", &out, &err))
        return fg_reply_err(r, &err);
    return fg_reply_json(r, 200, out);
}

static int fg_h_power_disagreements(fg_req *r)
{
    int32_t region, day;
    long share;
    if (query_region(r, &region) || query_day(r, "day", yesterday(r), &day) ||
        fg_req_int(r, "share", 1, 100, FG_MONITOR_POWER_SHARE_DEFAULT, &share))
        return fg_req_refusal(r);
    if (fg_req_allow(r, FG_ACT_MONITOR_READ, region, NULL))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    json_t *out;
    if (fg_app_power_disagreements(r->app, r->db, &r->who, region, day, (int)share, &out, &err))
        return fg_reply_err(r, &err);
    return fg_reply_json(r, 200, out);
}

static int fg_h_power_upload(fg_req *r)
{
    const char *ct = u_map_get_case(r->http->map_header, "Content-Type");
    if (!ct || strncmp(ct, "text/csv", 8) != 0)
        return fg_reply_problem(r, 415, NULL, "import.content_type",
                                "send the file as the body with Content-Type: text/csv");
    if (fg_req_allow(r, FG_ACT_ELECTRICITY_UPLOAD,
                     r->account.region >= 0 ? r->account.region : FG_REGION_NATION, NULL))
        return fg_req_refusal(r);
    const char *csv = r->http->binary_body;
    size_t len = r->http->binary_body_length;
    fg_buf utf8;
    fg_buf_init(&utf8, 0);
    bool converted;
    fg_err err;
    fg_err_init(&err);
    if (fg_text_to_utf8(csv, len, &utf8, &converted, &err)) {
        fg_buf_release(&utf8);
        return fg_reply_err_as(r, 400, &err);
    }
    if (converted) {
        csv = utf8.buf;
        len = utf8.len;
    }
    fg_line_errors ur = {json_array(), POWER_UPLOAD_ERRORS, 0};
    fg_power_upload_report rep;
    int rc = fg_app_power_upload(r->app, r->db, &r->who, csv, len, r->now_ms, fg_line_errors_cb,
                                 &ur, &rep, &err);
    fg_buf_release(&utf8);
    if (rc && rc != FG_EINVAL) {
        json_decref(ur.errors);
        return fg_reply_err(r, &err);
    }
    json_t *out = json_pack("{s:I,s:I,s:I,s:o,s:I}", "rows", (json_int_t)rep.rows, "rejected",
                            (json_int_t)rep.rejected, "baselines", (json_int_t)rep.baselines,
                            "errors", ur.errors, "errors_not_listed", (json_int_t)ur.dropped);
    if (rc)
        return fg_reply_err_with(r, &err, out);
    json_object_set_new(out, "upload", json_string(rep.id));
    return fg_reply_json(r, 201, out);
}

/* ---- the bulletin (日报) as XLSX ---- */

static const fg_export_col head_cols[] = {
    {"指标", "Figure", 28, false},
    {"数值", "Value", 12, false},
    {"分子", "Numerator", 12, true},
    {"分母", "Denominator", 12, true},
    {"分母说明", "Denominator is", 30, false},
};
static const fg_export_col child_cols[] = {
    {"地区代码", "Region code", 12, false},
    {"地区", "Region", 20, false},
    {"企业数", "Enterprises", 10, true},
    {"已报送", "Reported", 10, true},
    {"复工数", "Resumed", 10, true},
    {"复工率(按企业数)", "Resumption (registered)", 18, false},
    {"复工率(按报送数)", "Resumption (reported)", 18, false},
    {"到岗率", "Staff return", 12, false},
    {"产能利用率", "Capacity utilisation", 14, false},
    {"到岗≥90%占比", "Staff ≥ 90 %", 14, false},
    {"产能≥80%占比", "Capacity ≥ 80 %", 14, false},
    {"低于30%占比", "Under 30 %", 14, false},
    {"报送率", "Reporting", 12, false},
};
#define CHILD_NCOLS (sizeof(child_cols) / sizeof(child_cols[0]))
static const fg_export_col power_cols[] = {
    {"统一社会信用代码", "USCC", 22, false},     {"企业名称", "Enterprise", 30, false},
    {"地区代码", "Region code", 12, false},      {"用电量(千瓦时)", "kWh", 14, false},
    {"基准(千瓦时)", "Baseline kWh", 14, false}, {"自报状态", "Reported status", 14, false},
    {"不一致", "Disagreement", 30, false},
};
#define POWER_NCOLS (sizeof(power_cols) / sizeof(power_cols[0]))

/* A rate as "96.3%", "" when there is none. */
static void pct(json_t *rate, char out[16])
{
    out[0] = '\0';
    if (json_is_object(rate))
        snprintf(out, 16, "%.1f%%", json_real_value(json_object_get(rate, "value")) * 100.0);
}

static void count(json_t *v, char out[24])
{
    snprintf(out, 24, "%lld", (long long)json_integer_value(v));
}

static int head_row(fg_export *x, json_t *rates, const char *key, const char *zh, const char *en,
                    const char *den_zh, const char *den_en)
{
    json_t *rate = json_object_get(rates, key);
    char v[16], n[24] = "", d[24] = "";
    pct(rate, v);
    if (json_is_object(rate)) {
        count(json_object_get(rate, "num"), n);
        count(json_object_get(rate, "den"), d);
    }
    const char *cells[] = {x->en ? en : zh, v, n, d, x->en ? den_en : den_zh};
    return fg_export_row(x, cells);
}

static int child_row(fg_export *x, json_t *c)
{
    json_t *f = json_object_get(c, "figures"), *rates = json_object_get(f, "rates");
    char code[16], ents[24], rep[24], res[24], p[8][16];
    json_t *cv = json_object_get(c, "code");
    if (json_is_string(cv))
        snprintf(code, sizeof(code), "%s", json_string_value(cv));
    else
        fg_region_format((int32_t)json_integer_value(cv), code);
    count(json_object_get(f, "enterprises"), ents);
    count(json_object_get(f, "reported"), rep);
    count(json_object_get(f, "resumed"), res);
    static const char *const keys[] = {"resumption_registered",
                                       "resumption_reported",
                                       "staff_return",
                                       "capacity_utilisation",
                                       "staff_ge90",
                                       "capacity_ge80",
                                       "under30",
                                       "compliance"};
    for (int i = 0; i < 8; i++)
        pct(json_object_get(rates, keys[i]), p[i]);
    const char *name = json_string_value(json_object_get(c, "name"));
    const char *cells[CHILD_NCOLS] = {
        code, name ? name : "", ents, rep, res, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]};
    return fg_export_row(x, cells);
}

static int bulletin_write(fg_export *x, json_t *ov)
{
    json_t *f = json_object_get(ov, "figures"), *rates = json_object_get(f, "rates");
    json_t *region = json_object_get(ov, "region");
    char title[200];
    snprintf(title, sizeof(title), "%s %s", json_string_value(json_object_get(region, "name")),
             json_string_value(json_object_get(ov, "day")));
    const char *t[] = {x->en ? "Bulletin" : "日报", title, "", "", ""};
    int rc = fg_export_row(x, t);
    static const struct {
        const char *key, *zh, *en, *dzh, *den;
    } heads[] = {
        {"resumption_registered", "复工率", "Work-resumption rate", "登记企业数",
         "registered enterprises"},
        {"resumption_reported", "复工率(按报送)", "Work-resumption rate (reporters)",
         "已报送企业数", "enterprises that reported"},
        {"staff_return", "到岗率", "Staff return rate", "已报送企业数 × 100%", "reporters × 100 %"},
        {"capacity_utilisation", "产能利用率", "Capacity utilisation", "已报送企业数 × 100%",
         "reporters × 100 %"},
        {"staff_ge90", "到岗率≥90%的企业占比", "Share with staff ≥ 90 %", "已报送企业数",
         "enterprises that reported"},
        {"capacity_ge80", "产能≥80%的企业占比", "Share with capacity ≥ 80 %", "已报送企业数",
         "enterprises that reported"},
        {"under30", "产能或到岗<30%的企业占比", "Share under 30 %", "已报送企业数",
         "enterprises that reported"},
        {"compliance", "报送率", "Reporting compliance", "登记企业数", "registered enterprises"},
        {"on_time", "按时报送率", "Reported on time", "登记企业数", "registered enterprises"},
    };
    for (size_t i = 0; rc == 0 && i < sizeof(heads) / sizeof(heads[0]); i++)
        rc = head_row(x, rates, heads[i].key, heads[i].zh, heads[i].en, heads[i].dzh, heads[i].den);
    json_t *children = json_object_get(ov, "children");
    if (rc == 0)
        rc = fg_export_sheet(x, x->en ? "Regions" : "下级地区", child_cols, CHILD_NCOLS);
    size_t i;
    json_t *c;
    json_array_foreach(children, i, c)
    {
        if (rc == 0)
            rc = child_row(x, c);
    }
    if (rc == 0)
        rc = fg_export_sheet(x, x->en ? "Lowest" : "复工率最低地区", child_cols, CHILD_NCOLS);
    json_t *low;
    json_array_foreach(json_object_get(ov, "lowest"), i, low)
    {
        json_t *cc;
        size_t j;
        json_array_foreach(children, j, cc)
        {
            if (rc == 0 && json_equal(json_object_get(cc, "code"), low))
                rc = child_row(x, cc);
        }
    }
    if (rc == 0)
        rc = fg_export_sheet(x, x->en ? "Electricity" : "用电核验", power_cols, POWER_NCOLS);
    json_t *dis = json_object_get(json_object_get(ov, "electricity"), "disagreements");
    json_array_foreach(dis, i, c)
    {
        char kwh[32], base[32] = "";
        snprintf(kwh, sizeof(kwh), "%.3f", json_real_value(json_object_get(c, "kwh")));
        if (json_is_real(json_object_get(c, "baseline_kwh")))
            snprintf(base, sizeof(base), "%.3f",
                     json_real_value(json_object_get(c, "baseline_kwh")));
        const char *d = json_string_value(json_object_get(c, "disagreement"));
        bool claims = d && strcmp(d, "claims_resumed") == 0;
        const char *dtext = x->en ? (claims ? "reported working, consumption low"
                                            : "reported stopped, consumption high")
                                  : (claims ? "自报复工，用电偏低" : "自报停工，用电偏高");
        const char *st = json_string_value(json_object_get(c, "status"));
        fg_status s;
        const char *stext =
            st && fg_status_parse(st, &s, NULL) == 0 ? fg_word_text(fg_status_word(s), x->en) : "";
        const char *cells[POWER_NCOLS] = {json_string_value(json_object_get(c, "uscc")),
                                          json_string_value(json_object_get(c, "name")),
                                          json_string_value(json_object_get(c, "region")),
                                          kwh,
                                          base,
                                          stext,
                                          dtext};
        if (rc == 0)
            rc = fg_export_row(x, cells);
    }
    return rc;
}

static int fg_h_monitor_bulletin(fg_req *r)
{
    int32_t region, day;
    bool xlsx, en;
    if (query_region(r, &region) || query_day(r, "day", yesterday(r), &day) ||
        fg_export_query(r, &xlsx, &en))
        return fg_req_refusal(r);
    if (!xlsx)
        return fg_reply_problem(r, 400, "format", "monitor.bulletin_format",
                                "the bulletin is a spreadsheet: ask for format=xlsx");
    if (fg_req_allow(r, FG_ACT_MONITOR_READ, region, NULL))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    json_t *ov;
    if (fg_app_monitor_overview(r->app, r->db, &r->who, region, day, 0, 0, &ov, &err))
        return fg_reply_err(r, &err);
    fg_export x;
    int rc = fg_export_begin(&x, true, en, en ? "Bulletin" : "日报", head_cols,
                             sizeof(head_cols) / sizeof(head_cols[0]));
    if (rc == 0)
        rc = bulletin_write(&x, ov);
    json_decref(ov);
    return fg_export_reply(r, &x, "bulletin", rc, NULL);
}

const fg_api_route fg_api_monitor_routes[] = {
    {"GET", "/api/v1/monitoring/overview", fg_h_monitor_overview, FG_ACT_MONITOR_READ, 0},
    {"GET", "/api/v1/monitoring/trend", fg_h_monitor_trend, FG_ACT_MONITOR_READ, 0},
    {"GET", "/api/v1/monitoring/bulletin", fg_h_monitor_bulletin, FG_ACT_MONITOR_READ, 0},
    {"GET", "/api/v1/monitoring/electricity/disagreements", fg_h_power_disagreements,
     FG_ACT_MONITOR_READ, 0},
    {"POST", "/api/v1/monitoring/electricity", fg_h_power_upload, FG_ACT_ELECTRICITY_UPLOAD,
     FG_API_MAX_UPLOAD},
};
const size_t fg_api_monitor_nroutes =
    sizeof(fg_api_monitor_routes) / sizeof(fg_api_monitor_routes[0]);
