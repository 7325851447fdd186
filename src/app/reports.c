/* Daily reports (issue 13, part "reports"): the form, batches and uploads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../sys/clock.h"
#include "app.h"

#define DAY_MS (86400LL * 1000)

int32_t fg_app_report_today(int64_t now)
{
    return fg_clock_date(now);
}

int32_t fg_app_report_default_day(const fg_app *app, int64_t now)
{
    char local[17];
    fg_clock_local_minute(now, local); /* "YYYY-MM-DD HH:MM" */
    int hour = (local[11] - '0') * 10 + (local[12] - '0');
    return fg_report_default_day(fg_clock_date(now), hour, &app->reports);
}

int64_t fg_app_report_due(const fg_app *app, int32_t day)
{
    /* The zone's offset on the next day: its first instant, found by
     * stepping quarter hours across ±14 h, against UTC midnight. */
    int32_t next = fg_date_from_days(fg_date_days(day) + 1);
    int64_t utc = fg_date_days(next) * DAY_MS;
    int64_t t = utc - 14 * 3600 * 1000LL;
    for (int i = 0; i < 28 * 4 && fg_clock_date(t) < next; i++)
        t += 15 * 60 * 1000LL;
    return fg_report_due_ms(day, (int)((utc - t) / 60000), &app->reports);
}

static json_t *figures_json(const fg_report *r)
{
    return json_pack("{s:s,s:i,s:i,s:I,s:i}", "status", fg_status_name(r->status), "capacity_pct",
                     r->capacity_pct, "staff_pct", r->staff_pct, "closed_loop",
                     (json_int_t)r->closed_loop, "problems", (int)r->problems);
}

static int check_line(const fg_app *app, fg_db *db, const fg_who *who, fg_action act,
                      const fg_report *r, int32_t today, int64_t now, fg_err *err)
{
    int rc = fg_report_validate(r, today, &app->reports, err);
    if (rc)
        return rc;
    fg_enterprise e;
    if ((rc = fg_access_check_role(who->principal, act, err)) ||
        (rc = fg_store_enterprise_get(db, r->enterprise, now, &e, NULL, err)))
        return rc;
    fg_target t = {e.region, e.uscc};
    return fg_access_check_enterprise(who->principal, act, &t, err);
}

int fg_app_report_submit(fg_app *app, fg_db *db, const fg_who *who, const fg_report *r, int64_t now,
                         fg_report_row *out, fg_report_row *prev, fg_err *err)
{
    int rc = check_line(app, db, who, FG_ACT_REPORT_SUBMIT, r, fg_app_report_today(now), now, err);
    if (rc)
        return rc;
    fg_tx tx;
    if ((rc = fg_tx_begin(&tx, db, now, who->username, err)))
        return rc;
    rc = fg_store_report_put(&tx, r, fg_app_report_due(app, r->day), out, prev, err);
    /* The rules read the latest report: the sweep re-matches the enterprise. */
    if (rc == 0)
        rc = fg_store_policy_rematch_enqueue(&tx, r->enterprise, err);
    if (rc == 0) {
        char day[11];
        fg_date_format(r->day, day);
        json_t *d = json_pack("{s:s,s:i,s:s,s:b}", "day", day, "version", out->version, "source",
                              fg_report_source_name(r->source), "late", out->late);
        if (prev->version)
            json_object_set_new(d, "before", figures_json(&prev->r));
        json_object_set_new(d, "after", figures_json(r));
        rc = fg_tx_audit(&tx, prev->version ? "report.correct" : "report.submit", "enterprise",
                         r->enterprise, out->county, d, err);
        json_decref(d);
    }
    return fg_tx_end(&tx, rc, err);
}

/* One audit entry per county a batch touched. */
typedef struct county_note {
    int32_t county;
    json_t *detail; /* {count, days: [...], corrections: [...]} */
} county_note;

static county_note *note_for(county_note *notes, size_t *n, int32_t county)
{
    for (size_t i = 0; i < *n; i++)
        if (notes[i].county == county)
            return &notes[i];
    county_note *c = &notes[(*n)++];
    c->county = county;
    c->detail = json_pack("{s:i,s:i,s:[],s:[]}", "count", 0, "corrected", 0, "days", "corrections");
    return c;
}

static void note_add(county_note *c, const fg_report_row *w, const fg_report_row *prev,
                     fg_report_source source)
{
    json_t *d = c->detail;
    json_object_set_new(d, "count",
                        json_integer(json_integer_value(json_object_get(d, "count")) + 1));
    json_object_set_new(d, "source", json_string(fg_report_source_name(source)));
    char day[11];
    fg_date_format(w->r.day, day);
    json_t *days = json_object_get(d, "days");
    bool seen = false;
    size_t i;
    json_t *v;
    json_array_foreach(days, i, v) seen |= strcmp(json_string_value(v), day) == 0;
    if (!seen && json_array_size(days) < 31)
        json_array_append_new(days, json_string(day));
    if (prev->version) {
        json_object_set_new(d, "corrected",
                            json_integer(json_integer_value(json_object_get(d, "corrected")) + 1));
        json_t *cs = json_object_get(d, "corrections");
        if (json_array_size(cs) < 200) /* the versions themselves keep every figure */
            json_array_append_new(cs,
                                  json_pack("{s:s,s:s,s:i,s:o,s:o}", "uscc", w->r.enterprise, "day",
                                            day, "version", w->version, "before",
                                            figures_json(&prev->r), "after", figures_json(&w->r)));
    }
}

int fg_app_report_lines(fg_app *app, fg_db *db, const fg_who *who, const fg_report_lines *lines,
                        int64_t now, size_t *out_new, size_t *out_corrected, fg_err *err)
{
    *out_new = *out_corrected = 0;
    int32_t today = fg_app_report_today(now);
    size_t bad = 0;
    fg_err first;
    fg_err_init(&first);
    for (size_t i = 0; i < lines->n; i++) {
        fg_err why;
        fg_err_init(&why);
        int rc = check_line(app, db, who, lines->act, &lines->rows[i], today, now, &why);
        if (rc == FG_EDB || rc == FG_ENOMEM || rc == FG_EUNAVAIL) {
            *err = why;
            return rc;
        }
        if (rc) {
            if (!bad++)
                first = why;
            if (lines->bad_line)
                lines->bad_line(lines->ctx, i, &why);
        }
    }
    if (bad)
        return fg_err_at(err, FG_EINVAL, NULL, "report.lines_bad",
                         "{bad:%zu} of {lines:%zu} lines are wrong; nothing was written", bad,
                         lines->n);
    if (lines->n == 0)
        return fg_err_at(err, FG_EINVAL, NULL, "report.lines_none", "there are no reports in it");
    size_t cap_notes = 16;
    county_note *notes = calloc(cap_notes, sizeof(*notes));
    if (!notes)
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    size_t n_notes = 0;
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now, who->username, err);
    if (rc) {
        free(notes);
        return rc;
    }
    db->ops->bulk(db, true);
    fg_report_ingest *g;
    rc = fg_report_ingest_begin(&tx, &g, err);
    if (rc == 0) {
        for (size_t i = 0; rc == 0 && i < lines->n; i++) {
            const fg_report *r = &lines->rows[i];
            fg_report_row w, prev;
            rc = fg_report_ingest_add(g, r, fg_app_report_due(app, r->day), &w, &prev, err);
            if (rc == 0)
                rc = fg_store_policy_rematch_enqueue(&tx, r->enterprise, err);
            if (rc)
                break;
            if (prev.version)
                (*out_corrected)++;
            else
                (*out_new)++;
            county_note *c = NULL;
            for (size_t k = 0; k < n_notes; k++)
                if (notes[k].county == w.county)
                    c = &notes[k];
            if (!c && n_notes == cap_notes) {
                county_note *more = realloc(notes, 2 * cap_notes * sizeof(*notes));
                if (!more) {
                    rc = fg_err_set(err, FG_ENOMEM, "out of memory");
                    break;
                }
                notes = more;
                cap_notes *= 2;
            }
            if (!c)
                c = note_for(notes, &n_notes, w.county);
            if (c)
                note_add(c, &w, &prev, r->source);
        }
        rc = fg_report_ingest_end(g, rc, err);
    }
    const char *action = lines->act == FG_ACT_REPORT_UPLOAD ? "report.upload" : "report.batch";
    for (size_t k = 0; rc == 0 && k < n_notes; k++) {
        char code[12];
        snprintf(code, sizeof(code), "%06d", (int)notes[k].county);
        rc = fg_tx_audit(&tx, action, "region", code, notes[k].county, notes[k].detail, err);
    }
    for (size_t k = 0; k < n_notes; k++)
        json_decref(notes[k].detail);
    free(notes);
    rc = fg_tx_end(&tx, rc, err);
    db->ops->bulk(db, false);
    return rc;
}
