/* Daily reports over HTTP (issue 13, part "reports"): the enterprise's form
 * (with its pre-fill, due time and history), versions of a day, batches from
 * enterprise systems, the county's CSV upload with its template, and who has
 * not reported. */
#include <stdlib.h>
#include <string.h>

#include "../core/csv.h"
#include "../core/date.h"
#include "../core/region.h"
#include "../core/uscc.h"
#include "../sys/text.h"
#include "../sys/xlsx.h"
#include "api.h"
#include "export.h"

#define BATCH_MAX 10000 /* reports in one batch or upload */
#define LINE_ERRORS_MAX 1000

/* ---- representations ---- */

static json_t *problems_json(unsigned bits)
{
    json_t *a = json_array();
    for (unsigned b = 0; b < FG_PROBLEM_KINDS; b++)
        if (bits & (1u << b))
            json_array_append_new(a, json_string(fg_report_problem_name(b)));
    return a;
}

static json_t *row_json(const fg_report_row *w)
{
    char day[11], at[25];
    fg_date_format(w->r.day, day);
    fg_time_format(w->reported_at, at);
    return json_pack("{s:s,s:s,s:s,s:i,s:b,s:s,s:i,s:i,s:I,s:o,s:s,s:s,s:b,s:s,s:s}", "id", w->id,
                     "uscc", w->r.enterprise, "day", day, "version", w->version, "current",
                     w->current, "status", fg_status_name(w->r.status), "capacity_pct",
                     w->r.capacity_pct, "staff_pct", w->r.staff_pct, "closed_loop",
                     (json_int_t)w->r.closed_loop, "problems", problems_json(w->r.problems), "note",
                     w->r.note, "source", fg_report_source_name(w->r.source), "late", w->late,
                     "reported_by", w->reported_by, "reported_at", at);
}

static json_t *time_json(int64_t ms)
{
    char at[25];
    fg_time_format(ms, at);
    return json_string(at);
}

/* ---- input ---- */

/* Reads a report from a JSON object (the form: uscc from the path, day
 * defaulting to `def_day`). Replies 422 and returns FG_EINVAL when a field is
 * of the wrong type. */
static int report_from_json(fg_req *r, json_t *o, const char *uscc, int32_t def_day, fg_report *out,
                            fg_err *err)
{
    memset(out, 0, sizeof(*out));
    json_t *v = json_object_get(o, "uscc");
    const char *u = uscc ? uscc : json_string_value(v);
    if (!u)
        return fg_err_at(err, FG_EINVAL, "uscc", "field.required", "{field:%s} is required",
                         "uscc");
    if (strlen(u) > FG_USCC_LEN)
        return fg_err_at(err, FG_EINVAL, "uscc", "uscc.length",
                         "uscc must be 18 characters, '{value:%.40s}' has {length:%zu}", u,
                         strlen(u));
    fg_strlcpy(out->enterprise, u, sizeof(out->enterprise));
    v = json_object_get(o, "day");
    if (v) {
        if (!json_is_string(v) || fg_date_parse(json_string_value(v), &out->day, NULL))
            return fg_err_at(err, FG_EINVAL, "day", "report.day",
                             "the day must be a date YYYY-MM-DD");
    } else {
        out->day = def_day;
    }
    v = json_object_get(o, "status");
    if (!json_is_string(v))
        return fg_err_at(err, FG_EINVAL, "status", "field.required", "{field:%s} is required",
                         "status");
    int rc = fg_status_parse(json_string_value(v), &out->status, err);
    if (rc)
        return rc;
    static const char *ints[] = {"capacity_pct", "staff_pct", "closed_loop"};
    for (size_t i = 0; i < 3; i++) {
        v = json_object_get(o, ints[i]);
        if (!v && i == 2)
            continue;
        if (!json_is_integer(v))
            return fg_err_at(err, FG_EINVAL, ints[i], "field.integer",
                             "{field:%s} must be a whole number", ints[i]);
        json_int_t n = json_integer_value(v);
        if (n < -1 || n > 100000000)
            n = -1;
        if (i == 0)
            out->capacity_pct = (int)n;
        else if (i == 1)
            out->staff_pct = (int)n;
        else
            out->closed_loop = n;
    }
    v = json_object_get(o, "problems");
    if (v && !json_is_array(v))
        return fg_err_at(err, FG_EINVAL, "problems", "field.list", "{field:%s} must be a list",
                         "problems");
    size_t i;
    json_t *p;
    json_array_foreach(v, i, p)
    {
        unsigned flag;
        if (!json_is_string(p))
            return fg_err_at(err, FG_EINVAL, "problems", "field.list", "{field:%s} must be a list",
                             "problems");
        if ((rc = fg_report_problem_parse_one(json_string_value(p), &flag, err)))
            return rc;
        out->problems |= flag;
    }
    v = json_object_get(o, "note");
    if (v) {
        if (!json_is_string(v))
            return fg_err_at(err, FG_EINVAL, "note", "field.string", "{field:%s} must be text",
                             "note");
        if (strlen(json_string_value(v)) >= sizeof(out->note))
            return fg_err_at(err, FG_EINVAL, "note", "report.note_long",
                             "the note is longer than {max:%d} characters", FG_REPORT_NOTE_MAX);
        fg_strlcpy(out->note, json_string_value(v), sizeof(out->note));
    }
    (void)r;
    return 0;
}

static int day_param(fg_req *r, const char *name, int32_t def, int32_t *out)
{
    const char *s = fg_req_param(r, name);
    *out = def;
    if (!s)
        return 0;
    if (fg_date_parse(s, out, NULL))
        return fg_reply_problem(r, 400, name, "query.date", "{field:%s} must be a date YYYY-MM-DD",
                                name);
    return 0;
}

/* ---- the enterprise's reports ---- */

/* The form's state for a day: due time, the report in (or null), the
 * pre-fill (the last day reported before). */
static json_t *form_json(fg_req *r, const char *uscc, int32_t day, fg_err *err, int *rc)
{
    char d[11];
    fg_date_format(day, d);
    json_t *o =
        json_pack("{s:s,s:o}", "day", d, "due_at", time_json(fg_app_report_due(r->app, day)));
    fg_report_row w;
    *rc = fg_store_report_current(r->db, uscc, day, &w, err);
    if (*rc == 0)
        json_object_set_new(o, "report", row_json(&w));
    else if (*rc == FG_ENOTFOUND)
        json_object_set_new(o, "report", json_null());
    else
        goto fail;
    *rc = fg_store_report_before(r->db, uscc, day, &w, err);
    if (*rc == 0)
        json_object_set_new(o, "prefill", row_json(&w));
    else if (*rc == FG_ENOTFOUND)
        json_object_set_new(o, "prefill", json_null());
    else
        goto fail;
    *rc = 0;
    return o;
fail:
    json_decref(o);
    return NULL;
}

static int fg_h_reports_list(fg_req *r)
{
    fg_enterprise e;
    if (fg_req_enterprise(r, FG_ACT_REPORT_READ, &e, NULL))
        return fg_req_refusal(r);
    int32_t today = fg_app_report_today(r->now_ms);
    int32_t def = fg_app_report_default_day(r->app, r->now_ms);
    int32_t from, to;
    if (day_param(r, "to", today, &to) ||
        day_param(r, "from", fg_date_from_days(fg_date_days(to) - 30), &from))
        return fg_req_refusal(r);
    if (from > to || fg_date_days(to) - fg_date_days(from) > 366)
        return fg_reply_problem(r, 400, "from", "report.range",
                                "from must be on or before to, at most 366 days apart");
    fg_err err;
    fg_err_init(&err);
    fg_report_row *rows;
    size_t n;
    if (fg_store_report_history(r->db, e.uscc, from, to, 400, &rows, &n, &err))
        return fg_reply_err(r, &err);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, row_json(&rows[i]));
    free(rows);
    int rc;
    json_t *form = form_json(r, e.uscc, def, &err, &rc);
    if (!form) {
        json_decref(items);
        return fg_reply_err(r, &err);
    }
    char t[11], f[11], tt[11];
    fg_date_format(today, tt);
    fg_date_format(from, f);
    fg_date_format(to, t);
    return fg_reply_json(r, 200,
                         json_pack("{s:s,s:s,s:s,s:s,s:s,s:i,s:o,s:o}", "uscc", e.uscc, "name",
                                   e.name, "today", tt, "from", f, "to", t, "due_hour",
                                   r->app->reports.due_hour, "form", form, "items", items));
}

static int fg_h_report_day(fg_req *r)
{
    fg_enterprise e;
    if (fg_req_enterprise(r, FG_ACT_REPORT_READ, &e, NULL))
        return fg_req_refusal(r);
    int32_t day;
    const char *ds = fg_req_param(r, "day");
    if (!ds || fg_date_parse(ds, &day, NULL))
        return fg_reply_problem(r, 400, "day", "query.date", "{field:%s} must be a date YYYY-MM-DD",
                                "day");
    fg_err err;
    fg_err_init(&err);
    int rc;
    json_t *form = form_json(r, e.uscc, day, &err, &rc);
    if (!form)
        return fg_reply_err(r, &err);
    fg_report_row *rows;
    size_t n;
    if (fg_store_report_versions(r->db, e.uscc, day, &rows, &n, &err)) {
        json_decref(form);
        return fg_reply_err(r, &err);
    }
    json_t *versions = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(versions, row_json(&rows[i]));
    free(rows);
    json_object_set_new(form, "uscc", json_string(e.uscc));
    json_object_set_new(form, "versions", versions);
    return fg_reply_json(r, 200, form);
}

static int fg_h_report_submit(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    fg_enterprise e;
    if (fg_req_enterprise(r, FG_ACT_REPORT_SUBMIT, &e, NULL))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    fg_report rep;
    if (report_from_json(r, body, e.uscc, fg_app_report_default_day(r->app, r->now_ms), &rep, &err))
        return fg_reply_err_as(r, 422, &err);
    rep.source = FG_REPORT_FORM;
    fg_report_row out, prev;
    if (fg_app_report_submit(r->app, r->db, &r->who, &rep, r->now_ms, &out, &prev, &err))
        return fg_reply_err(r, &err);
    json_t *o = row_json(&out);
    json_object_set_new(o, "corrected", json_boolean(prev.version != 0));
    json_object_set_new(o, "due_at", time_json(fg_app_report_due(r->app, rep.day)));
    return fg_reply_json(r, prev.version ? 200 : 201, o);
}

/* ---- batches and uploads ---- */

typedef struct line_errors {
    fg_line_errors le;
    const size_t *line_of; /* the file's line of each report, or NULL: index + 1 */
} line_errors;

static void bad_line(void *ctx, size_t index, const fg_err *why)
{
    line_errors *le = ctx;
    fg_line_errors_add(&le->le, le->line_of ? le->line_of[index] : index + 1, why);
}

/* Writes the reports (all or nothing) and replies with the per-line report. */
static int write_lines(fg_req *r, fg_action act, const fg_report *rows, size_t n, line_errors *le,
                       long skipped)
{
    fg_report_lines lines = {act, rows, n, bad_line, le};
    size_t n_new = 0, n_corrected = 0;
    fg_err err;
    fg_err_init(&err);
    int rc = json_array_size(le->le.errors)
                 ? FG_EINVAL
                 : fg_app_report_lines(r->app, r->db, &r->who, &lines, r->now_ms, &n_new,
                                       &n_corrected, &err);
    if (rc == FG_EINVAL && json_array_size(le->le.errors))
        fg_err_at(&err, FG_EINVAL, NULL, "report.lines_bad",
                  "{bad:%zu} of {lines:%zu} lines are wrong; nothing was written",
                  json_array_size(le->le.errors) + (size_t)le->le.dropped, n);
    json_t *out = json_pack("{s:I,s:I,s:I,s:I,s:o,s:I}", "lines", (json_int_t)n, "written",
                            (json_int_t)(n_new + n_corrected), "corrected", (json_int_t)n_corrected,
                            "skipped", (json_int_t)skipped, "errors", le->le.errors,
                            "errors_not_listed", (json_int_t)le->le.dropped);
    if (rc == FG_EINVAL || rc == FG_EPERM)
        return fg_reply_err_with(r, &err, out);
    if (rc) {
        json_decref(out);
        return fg_reply_err(r, &err);
    }
    return fg_reply_json(r, 200, out);
}

static int fg_h_reports_batch(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    json_t *list = json_object_get(body, "reports");
    if (!json_is_array(list))
        return fg_reply_problem(r, 422, "reports", "field.list", "{field:%s} must be a list",
                                "reports");
    size_t n = json_array_size(list);
    if (n > BATCH_MAX)
        return fg_reply_problem(r, 413, "reports", "report.batch_too_big",
                                "at most {max:%d} reports in one batch", BATCH_MAX);
    fg_report *rows = calloc(n ? n : 1, sizeof(*rows));
    if (!rows)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    line_errors le = {{json_array(), LINE_ERRORS_MAX, 0}, NULL};
    int32_t def = fg_app_report_default_day(r->app, r->now_ms);
    for (size_t i = 0; i < n; i++) {
        fg_err why;
        fg_err_init(&why);
        json_t *o = json_array_get(list, i);
        if (!json_is_object(o))
            fg_err_at(&why, FG_EINVAL, NULL, "report.line_object", "a report is a JSON object");
        else if (report_from_json(r, o, NULL, def, &rows[i], &why) == 0)
            rows[i].source = FG_REPORT_BATCH;
        if (why.code)
            fg_line_errors_add(&le.le, i + 1, &why);
    }
    int rc = write_lines(r, FG_ACT_REPORT_SUBMIT, rows, n, &le, 0);
    free(rows);
    return rc;
}

static bool blank_row(const fg_csv *c, const int map[FG_RCOL_COUNT])
{
    static const int figures[] = {FG_RCOL_STATUS, FG_RCOL_CAPACITY, FG_RCOL_STAFF};
    for (size_t k = 0; k < 3; k++) {
        int i = map[figures[k]];
        if (i >= 0 && (size_t)i < c->n_fields && c->fields[i][0])
            return false;
    }
    return true;
}

static int fg_h_reports_upload(fg_req *r)
{
    if (fg_req_allow(r, FG_ACT_REPORT_UPLOAD, r->account.region, NULL))
        return fg_req_refusal(r);
    const char *ct = u_map_get_case(r->http->map_header, "Content-Type");
    static const char XLSX_TYPE[] =
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    bool xlsx = ct && strncmp(ct, XLSX_TYPE, sizeof(XLSX_TYPE) - 1) == 0;
    if (!ct || (!xlsx && strncmp(ct, "text/csv", 8) != 0))
        return fg_reply_problem(r, 415, NULL, "report.upload_type",
                                "send the file as the body with Content-Type: text/csv, or "
                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet "
                                "for an Excel workbook");
    if (r->http->binary_body_length > FG_API_MAX_UPLOAD)
        return fg_reply_problem(r, 413, NULL, "import.too_big",
                                "the file is larger than the limit of {max:%u} bytes; split it",
                                FG_API_MAX_UPLOAD);
    const char *data = r->http->binary_body;
    size_t len = r->http->binary_body_length;
    fg_buf utf8;
    fg_buf_init(&utf8, 0);
    bool converted = false;
    fg_err err;
    fg_err_init(&err);
    if (xlsx) {
        /* The workbook's first sheet as CSV: the same reader and line numbers after. */
        if (!fg_xlsx_is_zip(data, len) || fg_xlsx_to_csv(data, len, &utf8, &err)) {
            fg_buf_release(&utf8);
            if (!err.code)
                fg_err_at(&err, FG_EINVAL, NULL, "xlsx.unreadable",
                          "the file is not an Excel workbook this can read ({why:%s}); save it "
                          "again as .xlsx or as CSV",
                          "not a zip file");
            return fg_reply_err_as(r, err.code == FG_ETOOBIG ? 413 : 422, &err);
        }
        data = utf8.buf ? utf8.buf : "";
        len = utf8.len;
    } else if (fg_text_to_utf8(data, len, &utf8, &converted, &err)) {
        fg_buf_release(&utf8);
        return fg_reply_err_as(r, 400, &err);
    }
    if (converted) {
        data = utf8.buf;
        len = utf8.len;
    }
    fg_csv c;
    fg_csv_init(&c, data, len);
    size_t line;
    int map[FG_RCOL_COUNT];
    int rc = fg_csv_next(&c, &line, &err);
    if (rc == 0)
        fg_err_at(&err, FG_EINVAL, NULL, "report.upload_empty", "the file is empty");
    if (rc == 1)
        rc = fg_report_header(c.fields, c.n_fields, map, &err) ? FG_EINVAL : 1;
    if (rc != 1) {
        fg_csv_release(&c);
        fg_buf_release(&utf8);
        return fg_reply_err_as(r, 422, &err);
    }
    size_t cap = 256, n = 0;
    fg_report *rows = malloc(cap * sizeof(*rows));
    size_t *lines = malloc(cap * sizeof(*lines));
    line_errors le = {{json_array(), LINE_ERRORS_MAX, 0}, NULL};
    long skipped = 0;
    while (rows && lines && (rc = fg_csv_next(&c, &line, &err)) == 1) {
        if (blank_row(&c, map)) {
            skipped++; /* the template's rows nobody filled in */
            continue;
        }
        if (n == BATCH_MAX) {
            rc = fg_err_at(&err, FG_ETOOBIG, NULL, "report.batch_too_big",
                           "at most {max:%d} reports in one batch", BATCH_MAX);
            break;
        }
        if (n == cap) {
            cap *= 2;
            fg_report *nr = realloc(rows, cap * sizeof(*rows));
            if (nr)
                rows = nr;
            size_t *nl = realloc(lines, cap * sizeof(*lines));
            if (nl)
                lines = nl;
            if (!nr || !nl)
                break;
        }
        fg_err why;
        fg_err_init(&why);
        lines[n] = line;
        if (fg_report_row_parse(c.fields, c.n_fields, map, &rows[n], &why))
            fg_line_errors_add(&le.le, line, &why);
        n++;
    }
    fg_csv_release(&c);
    fg_buf_release(&utf8);
    if (!rows || !lines || rc < 0) {
        free(rows);
        free(lines);
        json_decref(le.le.errors);
        if (rc < 0)
            return fg_reply_err_as(r, rc == FG_ETOOBIG ? 413 : 422, &err);
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    }
    le.line_of = lines;
    rc = write_lines(r, FG_ACT_REPORT_UPLOAD, rows, n, &le, skipped);
    free(rows);
    free(lines);
    return rc;
}

/* The template: the columns, and a row for every enterprise of the
 * account's jurisdiction that has not reported the default day (up to the
 * export limit), USCC, name and day filled in. */
static int fg_h_reports_template(fg_req *r)
{
    if (fg_req_allow(r, FG_ACT_REPORT_UPLOAD, r->account.region, NULL))
        return fg_req_refusal(r);
    bool xlsx, en;
    if (fg_export_query(r, &xlsx, &en))
        return fg_req_refusal(r);
    int32_t day;
    if (day_param(r, "day", fg_app_report_default_day(r->app, r->now_ms), &day))
        return fg_req_refusal(r);
    static const double widths[FG_RCOL_COUNT] = {22, 36, 12, 10, 14, 14, 14, 30, 30};
    fg_export_col cols[FG_RCOL_COUNT];
    for (int i = 0; i < FG_RCOL_COUNT; i++)
        cols[i] =
            (fg_export_col){fg_report_columns[i].zh, fg_report_columns[i].en, widths[i], false};
    fg_export *x = fg_arena_alloc(&r->arena, sizeof(*x));
    if (!x)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    fg_err err;
    fg_err_init(&err);
    int32_t lo, hi;
    fg_region_range(r->account.region, &lo, &hi);
    json_t *items = NULL;
    int64_t total;
    int rc = fg_export_begin(x, xlsx, en, en ? "Daily reports" : "企业日报", cols, FG_RCOL_COUNT);
    if (rc == 0)
        rc = fg_store_reports_missing(r->db, lo, hi, day, FG_EXPORT_MAX_ROWS, 0, &items, &total,
                                      &err);
    char d[11];
    fg_date_format(day, d);
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        if (rc)
            break;
        const char *cells[FG_RCOL_COUNT] = {json_string_value(json_object_get(it, "uscc")),
                                            json_string_value(json_object_get(it, "name")),
                                            d,
                                            "",
                                            "",
                                            "",
                                            "",
                                            "",
                                            ""};
        rc = fg_export_row(x, cells);
    }
    json_decref(items);
    return fg_export_reply(r, x, "daily-reports", rc, &err);
}

/* ---- missing reports ---- */

static int fg_h_reports_missing(fg_req *r)
{
    int32_t region = r->account.region;
    const char *rs = fg_req_param(r, "region");
    fg_err err;
    fg_err_init(&err);
    if (rs && fg_region_parse(rs, "region", &region, &err))
        return fg_reply_err_as(r, 400, &err);
    if (region < 0)
        return fg_reply_problem(r, 400, "region", "field.required", "{field:%s} is required",
                                "region");
    if (fg_req_allow(r, FG_ACT_REPORT_MISSING, region, NULL))
        return fg_req_refusal(r);
    int32_t day;
    if (day_param(r, "day", fg_app_report_default_day(r->app, r->now_ms), &day))
        return fg_req_refusal(r);
    long limit, offset;
    if (fg_req_int(r, "limit", 1, 500, 50, &limit) ||
        fg_req_int(r, "offset", 0, 10000000, 0, &offset))
        return fg_req_refusal(r);
    int32_t lo, hi;
    fg_region_range(region, &lo, &hi);
    json_t *items, *counties, *children;
    int64_t total;
    if (fg_store_reports_missing(r->db, lo, hi, day, (int)limit, (int)offset, &items, &total, &err))
        return fg_reply_err(r, &err);
    if (fg_store_reports_missing_by_county(r->db, lo, hi, day, &counties, &err)) {
        json_decref(items);
        return fg_reply_err(r, &err);
    }
    if (fg_store_region_children(r->db, region, &children, &err)) {
        json_decref(items);
        json_decref(counties);
        return fg_reply_err(r, &err);
    }
    /* Per child region: the counties inside it summed. A county's own list
     * has no children: its one row is itself. */
    json_t *by_child = json_array();
    size_t i, k;
    json_t *ch, *co;
    int64_t enterprises = 0;
    json_array_foreach(counties, k, co) enterprises +=
        json_integer_value(json_object_get(co, "enterprises"));
    json_array_foreach(children, i, ch)
    {
        int32_t code;
        if (fg_region_parse(json_string_value(json_object_get(ch, "code")), "region", &code, NULL))
            continue;
        int32_t clo, chi;
        fg_region_range(code, &clo, &chi);
        json_int_t n_ent = 0, n_missing = 0;
        json_array_foreach(counties, k, co)
        {
            json_int_t c = json_integer_value(json_object_get(co, "county"));
            if (c >= clo && c <= chi) {
                n_ent += json_integer_value(json_object_get(co, "enterprises"));
                n_missing += json_integer_value(json_object_get(co, "missing"));
            }
        }
        json_array_append_new(by_child,
                              json_pack("{s:O,s:O,s:I,s:I}", "code", json_object_get(ch, "code"),
                                        "name", json_object_get(ch, "name"), "enterprises", n_ent,
                                        "missing", n_missing));
    }
    json_decref(children);
    json_decref(counties);
    char code[7], d[11];
    fg_region_format(region, code);
    fg_date_format(day, d);
    return fg_reply_json(r, 200,
                         json_pack("{s:s,s:s,s:o,s:I,s:I,s:I,s:o,s:o}", "region", code, "day", d,
                                   "due_at", time_json(fg_app_report_due(r->app, day)),
                                   "enterprises", (json_int_t)enterprises, "total",
                                   (json_int_t)total, "offset", (json_int_t)offset, "children",
                                   by_child, "items", items));
}

const fg_api_route fg_api_reports_routes[] = {
    {"GET", "/api/v1/enterprises/:uscc/reports", fg_h_reports_list, FG_ACT_REPORT_READ, 0},
    {"POST", "/api/v1/enterprises/:uscc/reports", fg_h_report_submit, FG_ACT_REPORT_SUBMIT,
     FG_API_MAX_BODY},
    {"GET", "/api/v1/enterprises/:uscc/reports/:day", fg_h_report_day, FG_ACT_REPORT_READ, 0},
    {"POST", "/api/v1/reports/batch", fg_h_reports_batch, FG_ACT_REPORT_SUBMIT, 8u << 20},
    {"POST", "/api/v1/reports/upload", fg_h_reports_upload, FG_ACT_REPORT_UPLOAD,
     FG_API_MAX_UPLOAD},
    {"GET", "/api/v1/reports/template", fg_h_reports_template, FG_ACT_REPORT_UPLOAD, 0},
    {"GET", "/api/v1/reports/missing", fg_h_reports_missing, FG_ACT_REPORT_MISSING, 0},
};
const size_t fg_api_reports_nroutes =
    sizeof(fg_api_reports_routes) / sizeof(fg_api_reports_routes[0]);
