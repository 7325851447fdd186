/* Problems: kinds, owners, the calendar, the problem with its pauses and
 * timeline, the list, rates, repeated problems, what the sweep must look at.
 * Reads and writes only. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/region.h"
#include "../sys/clock.h"
#include "store.h"

#define PROBLEM_COLS                                                                               \
    "p.id, p.kind, p.source, p.county, p.place, p.enterprise, COALESCE(e.name, ''), "              \
    "p.pass_number, p.plate, p.what, p.alert_key, p.raised_by, p.raised_at, p.state, "             \
    "p.departments, p.lead, p.answer, p.reason, p.pause_reason, p.paused_at, p.started_at, "       \
    "p.responded_at, p.answered_at, p.closed_at, p.closed_how, p.due_at, p.holder, "               \
    "p.escalations, p.escalated_at, p.escalate_at, p.response_ontime, p.resolve_ontime, "          \
    "p.rating, p.rating_comment, p.reopenings, p.version, p.updated_at "
#define PROBLEM_FROM "FROM problems p LEFT JOIN enterprises e ON e.uscc = p.enterprise "

static const char SQL_KINDS[] =
    "SELECT name, sort, first_response_ms, resolution_ms, escalate_every_ms, working_days, owner, "
    "truck, by_alert FROM problem_kinds ORDER BY sort, name";
static const char SQL_KIND_GET[] =
    "SELECT name, sort, first_response_ms, resolution_ms, escalate_every_ms, working_days, owner, "
    "truck, by_alert FROM problem_kinds WHERE name = ?";
static const char SQL_OWNER[] = "SELECT department FROM problem_kind_owners WHERE kind = ? AND "
                                "region IN (?, ?, ?) ORDER BY region DESC LIMIT 1";
static const char SQL_OWNER_DEL[] = "DELETE FROM problem_kind_owners WHERE kind = ? AND region = ?";
static const char SQL_OWNER_INS[] =
    "INSERT INTO problem_kind_owners (kind, region, department) VALUES (?, ?, ?)";
static const char SQL_CALENDAR[] = "SELECT day, working FROM work_calendar ORDER BY day";
static const char SQL_CALENDAR_RANGE[] =
    "SELECT day, working, name FROM work_calendar WHERE day BETWEEN ? AND ? ORDER BY day";
static const char SQL_CALENDAR_GET[] = "SELECT working, name FROM work_calendar WHERE day = ?";
static const char SQL_CALENDAR_PUT[] =
    "INSERT INTO work_calendar (day, working, name) VALUES (?, ?, ?) "
    "ON CONFLICT (day) DO UPDATE SET working = excluded.working, name = excluded.name";
static const char SQL_CALENDAR_DEL[] = "DELETE FROM work_calendar WHERE day = ?";
static const char SQL_GET[] = "SELECT " PROBLEM_COLS PROBLEM_FROM "WHERE p.id = ?";
static const char SQL_BY_ALERT[] = "SELECT id FROM problems WHERE alert_key = ?";
static const char SQL_PAUSES[] =
    "SELECT from_at, to_at, reason FROM problem_pauses WHERE problem_id = ? ORDER BY n";
static const char SQL_EVENTS[] = "SELECT at, actor, action, state, department, text FROM "
                                 "problem_events WHERE problem_id = ? ORDER BY n";
static const char SQL_INSERT[] =
    "INSERT INTO problems (id, kind, source, county, place, enterprise, pass_number, plate, what, "
    "alert_key, raised_by, raised_at, state, departments, lead, answer, reason, pause_reason, "
    "paused_at, started_at, responded_at, answered_at, closed_at, closed_how, due_at, holder, "
    "escalations, escalated_at, escalate_at, response_ontime, resolve_ontime, rating, "
    "rating_comment, reopenings, version, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "?, ?, ?, ?, '', '', '', 0, ?, 0, 0, 0, '', ?, ?, 0, 0, ?, -1, -1, 0, '', 0, 1, ?)";
static const char SQL_UPDATE[] =
    "UPDATE problems SET state = ?, departments = ?, lead = ?, answer = ?, reason = ?, "
    "pause_reason = ?, paused_at = ?, started_at = ?, responded_at = ?, answered_at = ?, "
    "closed_at = ?, closed_how = ?, due_at = ?, holder = ?, escalations = ?, escalated_at = ?, "
    "escalate_at = ?, response_ontime = ?, resolve_ontime = ?, rating = ?, rating_comment = ?, "
    "reopenings = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?";
static const char SQL_PAUSE_START[] =
    "INSERT INTO problem_pauses (problem_id, n, from_at, to_at, reason) VALUES (?, ?, ?, 0, ?)";
static const char SQL_PAUSE_END[] =
    "UPDATE problem_pauses SET to_at = ? WHERE problem_id = ? AND to_at = 0";
static const char SQL_EVENT_N[] =
    "SELECT COALESCE(MAX(n), 0) FROM problem_events WHERE problem_id = ?";
static const char SQL_EVENT[] = "INSERT INTO problem_events (problem_id, n, at, actor, action, "
                                "state, department, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
/* The list: a region range, or the enterprises (up to 8 bound), or the
 * raiser; overdue first. */
static const char SQL_LIST[] =
    "SELECT " PROBLEM_COLS PROBLEM_FROM
    "WHERE (? = 1 OR p.county BETWEEN ? AND ? OR p.enterprise IN (?, ?, ?, ?, ?, ?, ?, ?) OR "
    "p.raised_by = ?) AND (? = '' OR p.state = ?) AND (? = 0 OR p.state <> 'closed') "
    "ORDER BY CASE WHEN p.due_at > 0 AND p.due_at <= ? AND p.paused_at = 0 THEN 0 ELSE 1 END, "
    "CASE WHEN p.due_at > 0 AND p.due_at <= ? AND p.paused_at = 0 THEN p.due_at ELSE 0 END, "
    "p.raised_at DESC, p.id LIMIT ?";
#define RATE_SUMS                                                                                  \
    "COUNT(*), "                                                                                   \
    "SUM(CASE WHEN response_ontime >= 0 OR (responded_at = 0 AND state <> 'closed' AND "           \
    "due_at > 0 AND due_at <= ? AND paused_at = 0) THEN 1 ELSE 0 END), "                           \
    "SUM(CASE WHEN response_ontime = 1 THEN 1 ELSE 0 END), "                                       \
    "SUM(CASE WHEN resolve_ontime >= 0 OR (responded_at > 0 AND answered_at = 0 AND "              \
    "state <> 'closed' AND due_at > 0 AND due_at <= ? AND paused_at = 0) THEN 1 ELSE 0 END), "     \
    "SUM(CASE WHEN resolve_ontime = 1 THEN 1 ELSE 0 END), "                                        \
    "SUM(CASE WHEN rating > 0 THEN 1 ELSE 0 END), SUM(rating), "                                   \
    "SUM(CASE WHEN rating >= 4 THEN 1 ELSE 0 END) "                                                \
    "FROM problems WHERE county BETWEEN ? AND ? AND raised_at >= ? AND raised_at < ? "
static const char SQL_RATES_REGION[] =
    "SELECT county / ? * ?, '', " RATE_SUMS "GROUP BY 1 ORDER BY 1";
static const char SQL_RATES_DEPT[] = "SELECT 0, lead, " RATE_SUMS "GROUP BY lead ORDER BY lead";
static const char SQL_REPEATED[] =
    "SELECT county, kind, COUNT(*), MIN(raised_at), MAX(raised_at) FROM problems "
    "WHERE county BETWEEN ? AND ? AND raised_at >= ? GROUP BY county, kind "
    "HAVING COUNT(*) >= ? ORDER BY COUNT(*) DESC, county, kind";
static const char SQL_DUE[] =
    "SELECT id FROM problems WHERE escalate_at > 0 AND escalate_at <= ? "
    "UNION SELECT id FROM problems WHERE state = 'answered' AND answered_at <= ? LIMIT ?";

static int department_parse(const char *s)
{
    fg_role r;
    return s && *s && fg_role_parse(s, &r, NULL) == 0 ? (int)r : -1;
}

static void kind_read(fg_db *db, fg_stmt *st, fg_problem_kind_row *k)
{
    memset(k, 0, sizeof(*k));
    fg_strlcpy(k->name, fg_db_text(db, st, 0), sizeof(k->name));
    k->sort = (int)fg_db_int(db, st, 1);
    k->first_response_ms = fg_db_int(db, st, 2);
    k->resolution_ms = fg_db_int(db, st, 3);
    k->escalate_every_ms = fg_db_int(db, st, 4);
    k->working_days = fg_db_int(db, st, 5) != 0;
    k->owner = department_parse(fg_db_text(db, st, 6));
    k->truck = fg_db_int(db, st, 7) != 0;
    k->by_alert = fg_db_int(db, st, 8) != 0;
}

int fg_store_problem_kinds(fg_db *db, int (*fn)(const fg_problem_kind_row *k, void *ctx), void *ctx,
                           fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_KINDS, "");
    if (rc)
        return rc;
    while ((rc = fg_db_step(db, st, err)) == 1) {
        fg_problem_kind_row k;
        kind_read(db, st, &k);
        if ((rc = fn(&k, ctx)))
            break;
    }
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}

int fg_store_problem_kind_get(fg_db *db, const char *name, fg_problem_kind_row *out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_KIND_GET, "t", name);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_err_at(err, FG_EINVAL, "kind", "problem.kind",
                         "unknown kind of problem '{value:%.40s}'", name);
    kind_read(db, st, out);
    fg_db_done(db, st);
    return 0;
}

int fg_store_problem_owner(fg_db *db, const char *kind, int32_t county, int *out, fg_err *err)
{
    fg_stmt *st;
    *out = -1;
    int rc = fg_db_row(db, &st, err, SQL_OWNER, "tddd", kind, (int)county,
                       (int)(county / 100 * 100), (int)(county / 10000 * 10000));
    if (rc <= 0)
        return rc;
    *out = department_parse(fg_db_text(db, st, 0));
    fg_db_done(db, st);
    return 0;
}

int fg_store_problem_owner_set(fg_db *db, const char *kind, int32_t region, int department,
                               int64_t now, const char *actor, fg_err *err)
{
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now, actor, err);
    if (rc)
        return rc;
    rc = fg_db_run(db, err, SQL_OWNER_DEL, "td", kind, (int)region);
    const char *dep = department >= 0 ? fg_role_name((fg_role)department) : "";
    if (rc == 0 && department >= 0)
        rc = fg_db_run(db, err, SQL_OWNER_INS, "tdt", kind, (int)region, dep);
    if (rc == 0) {
        char reg[7];
        fg_region_format(region, reg);
        json_t *d = json_pack("{s:s,s:s,s:s}", "kind", kind, "region", reg, "department", dep);
        rc = fg_tx_audit(&tx, "problem.owner", "problem_kind", kind, region, d, err);
        json_decref(d);
    }
    return fg_tx_end(&tx, rc, err);
}

static json_t *calendar_day_json(bool working, const char *name)
{
    return json_pack("{s:s,s:s}", "kind", working ? "workday" : "holiday", "name", name);
}

static int calendar_one(fg_tx *tx, const fg_calendar_change *c, fg_err *err)
{
    fg_db *db = tx->db;
    char day[11];
    fg_date_format(c->day, day);
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_CALENDAR_GET, "d", (int)c->day);
    if (rc < 0)
        return rc;
    json_t *before = NULL;
    if (rc == 1) {
        before = calendar_day_json(fg_db_int(db, st, 0) != 0, fg_db_text(db, st, 1));
        fg_db_done(db, st);
    }
    if (c->unset && !before)
        return fg_err_at(err, FG_ENOTFOUND, "day", "calendar.not_found",
                         "{day:%s} is not in the calendar", day);
    rc = c->unset ? fg_db_run(db, err, SQL_CALENDAR_DEL, "d", (int)c->day)
                  : fg_db_run(db, err, SQL_CALENDAR_PUT, "dbt", (int)c->day, c->working, c->name);
    if (rc == 0) {
        json_t *d = json_pack("{s:s,s:o*,s:o*}", "day", day, "before", before, "after",
                              c->unset ? NULL : calendar_day_json(c->working, c->name));
        before = NULL;
        rc = d ? fg_tx_audit(tx, c->unset ? "calendar.unset" : "calendar.set", "work_calendar", day,
                             0, d, err)
               : fg_err_set(err, FG_ENOMEM, "out of memory");
        json_decref(d);
    }
    json_decref(before);
    return rc;
}

int fg_store_calendar_apply(fg_db *db, const fg_calendar_change *c, size_t n, int64_t now,
                            const char *actor, fg_err *err)
{
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now, actor, err);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = calendar_one(&tx, &c[i], err);
    return fg_tx_end(&tx, rc, err);
}

int fg_store_calendar_list(fg_db *db, int32_t from, int32_t to,
                           int (*fn)(int32_t day, bool working, const char *name, void *ctx),
                           void *ctx, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_CALENDAR_RANGE, "dd", (int)from, (int)to);
    if (rc)
        return rc;
    while ((rc = fg_db_step(db, st, err)) == 1)
        if ((rc = fn((int32_t)fg_db_int(db, st, 0), fg_db_int(db, st, 1) != 0,
                     fg_db_text(db, st, 2), ctx)))
            break;
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}

int fg_store_work_calendar(fg_db *db, int32_t *days, bool *working, size_t cap, size_t *out_n,
                           fg_err *err)
{
    fg_stmt *st;
    *out_n = 0;
    int rc = fg_db_query(db, &st, err, SQL_CALENDAR, "");
    if (rc)
        return rc;
    while (*out_n < cap && (rc = fg_db_step(db, st, err)) == 1) {
        days[*out_n] = (int32_t)fg_db_int(db, st, 0);
        working[*out_n] = fg_db_int(db, st, 1) != 0;
        (*out_n)++;
    }
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}

static unsigned departments_parse(const char *s)
{
    unsigned set = 0;
    char buf[256];
    fg_strlcpy(buf, s ? s : "", sizeof(buf));
    char *save = NULL;
    for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        int d = department_parse(t);
        if (d >= 0)
            set |= 1u << d;
    }
    return set;
}

static void departments_format(unsigned set, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = '\0';
    for (int i = 0; i < FG_ROLE_COUNT; i++)
        if ((set & (1u << i)) && n < cap) {
            int w = snprintf(out + n, cap - n, "%s%s", n ? "," : "", fg_role_name((fg_role)i));
            n += w > 0 ? (size_t)w : 0;
        }
}

static void row_read(fg_db *db, fg_stmt *st, fg_problem_row *r)
{
    int c = 0;
    fg_strlcpy(r->id, fg_db_text(db, st, c++), sizeof(r->id));
    fg_strlcpy(r->kind, fg_db_text(db, st, c++), sizeof(r->kind));
    fg_problem_source_parse(fg_db_text(db, st, c++), &r->source, NULL);
    r->county = (int32_t)fg_db_int(db, st, c++);
    fg_strlcpy(r->place, fg_db_text(db, st, c++), sizeof(r->place));
    fg_strlcpy(r->enterprise, fg_db_text(db, st, c++), sizeof(r->enterprise));
    fg_strlcpy(r->enterprise_name, fg_db_text(db, st, c++), sizeof(r->enterprise_name));
    fg_strlcpy(r->pass_number, fg_db_text(db, st, c++), sizeof(r->pass_number));
    fg_strlcpy(r->plate, fg_db_text(db, st, c++), sizeof(r->plate));
    fg_strlcpy(r->what, fg_db_text(db, st, c++), sizeof(r->what));
    fg_strlcpy(r->alert_key, fg_db_text(db, st, c++), sizeof(r->alert_key));
    fg_strlcpy(r->raised_by, fg_db_text(db, st, c++), sizeof(r->raised_by));
    r->raised_at = fg_db_int(db, st, c++);
    fg_problem_state_parse(fg_db_text(db, st, c++), &r->state, NULL);
    r->departments = departments_parse(fg_db_text(db, st, c++));
    r->lead = department_parse(fg_db_text(db, st, c++));
    fg_strlcpy(r->answer, fg_db_text(db, st, c++), sizeof(r->answer));
    fg_strlcpy(r->reason, fg_db_text(db, st, c++), sizeof(r->reason));
    fg_strlcpy(r->pause_reason, fg_db_text(db, st, c++), sizeof(r->pause_reason));
    r->paused_at = fg_db_int(db, st, c++);
    r->started_at = fg_db_int(db, st, c++);
    r->responded_at = fg_db_int(db, st, c++);
    r->answered_at = fg_db_int(db, st, c++);
    r->closed_at = fg_db_int(db, st, c++);
    fg_strlcpy(r->closed_how, fg_db_text(db, st, c++), sizeof(r->closed_how));
    r->due_at = fg_db_int(db, st, c++);
    r->holder = (int32_t)fg_db_int(db, st, c++);
    r->escalations = (int)fg_db_int(db, st, c++);
    r->escalated_at = fg_db_int(db, st, c++);
    r->escalate_at = fg_db_int(db, st, c++);
    r->response_ontime = (int)fg_db_int(db, st, c++);
    r->resolve_ontime = (int)fg_db_int(db, st, c++);
    r->rating = (int)fg_db_int(db, st, c++);
    fg_strlcpy(r->rating_comment, fg_db_text(db, st, c++), sizeof(r->rating_comment));
    r->reopenings = (int)fg_db_int(db, st, c++);
    r->version = (int)fg_db_int(db, st, c++);
    r->updated_at = fg_db_int(db, st, c++);
}

void fg_problem_row_release(fg_problem_row *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_events; i++)
        free(r->events[i].text);
    free(r->events);
    r->events = NULL;
    r->n_events = 0;
}

static int read_pauses(fg_db *db, fg_problem_row *r, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_PAUSES, "t", r->id);
    if (rc)
        return rc;
    while ((rc = fg_db_step(db, st, err)) == 1 && r->n_pauses < FG_PROBLEM_MAX_PAUSES) {
        fg_problem_pause_row *p = &r->pauses[r->n_pauses++];
        p->from = fg_db_int(db, st, 0);
        p->to = fg_db_int(db, st, 1);
        fg_strlcpy(p->reason, fg_db_text(db, st, 2), sizeof(p->reason));
    }
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}

static int read_events(fg_db *db, fg_problem_row *r, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_EVENTS, "t", r->id);
    if (rc)
        return rc;
    size_t cap = 0;
    while ((rc = fg_db_step(db, st, err)) == 1) {
        if (r->n_events == cap) {
            size_t ncap = cap ? cap * 2 : 8;
            fg_problem_event *p = realloc(r->events, ncap * sizeof(*p));
            if (!p) {
                rc = fg_err_set(err, FG_ENOMEM, "out of memory");
                break;
            }
            r->events = p;
            cap = ncap;
        }
        fg_problem_event *e = &r->events[r->n_events];
        memset(e, 0, sizeof(*e));
        e->at = fg_db_int(db, st, 0);
        fg_strlcpy(e->actor, fg_db_text(db, st, 1), sizeof(e->actor));
        fg_strlcpy(e->action, fg_db_text(db, st, 2), sizeof(e->action));
        fg_strlcpy(e->state, fg_db_text(db, st, 3), sizeof(e->state));
        fg_strlcpy(e->department, fg_db_text(db, st, 4), sizeof(e->department));
        const char *t = fg_db_text(db, st, 5);
        size_t n = strlen(t ? t : "");
        e->text = malloc(n + 1);
        if (!e->text) {
            rc = fg_err_set(err, FG_ENOMEM, "out of memory");
            break;
        }
        memcpy(e->text, t ? t : "", n + 1);
        r->n_events++;
    }
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}

int fg_store_problem_get(fg_db *db, const char *id, fg_problem_row *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_GET, "t", id);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_err_at(err, FG_ENOTFOUND, "id", "problem.not_found",
                         "no problem with id {id:%.40s}", id);
    row_read(db, st, out);
    fg_db_done(db, st);
    if ((rc = read_pauses(db, out, err)) == 0)
        rc = read_events(db, out, err);
    if (rc)
        fg_problem_row_release(out);
    return rc;
}

int fg_store_problem_by_alert(fg_db *db, const char *alert_key, char out[37], fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_BY_ALERT, "t", alert_key);
    if (rc <= 0)
        return rc;
    fg_strlcpy(out, fg_db_text(db, st, 0), 37);
    fg_db_done(db, st);
    return 1;
}

static int event_add(fg_db *db, const char *id, int64_t at, const char *actor, const char *action,
                     fg_problem_state state, const char *department, const char *text, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_EVENT_N, "t", id);
    if (rc < 0)
        return rc;
    int n = rc == 1 ? (int)fg_db_int(db, st, 0) : 0;
    if (rc == 1)
        fg_db_done(db, st);
    return fg_db_run(db, err, SQL_EVENT, "tdittttt", id, n + 1, at, actor, action,
                     fg_problem_state_name(state), department ? department : "", text ? text : "");
}

/* The problem as its audit entries record it (the browser says each field in
 * words: web/src/components/AuditTable.vue). */
static json_t *row_json(const fg_problem_row *r)
{
    char holder[7];
    fg_region_format(r->holder, holder);
    json_t *deps = json_array();
    for (int i = 0; i < FG_ROLE_COUNT; i++)
        if (r->departments & (1u << i))
            json_array_append_new(deps, json_string(fg_role_name((fg_role)i)));
    return json_pack("{s:s,s:o,s:s,s:s,s:i,s:b}", "problem_state", fg_problem_state_name(r->state),
                     "departments", deps, "lead",
                     r->lead >= 0 ? fg_role_name((fg_role)r->lead) : "", "holder", holder,
                     "escalations", r->escalations, "paused", r->paused_at > 0);
}

int fg_store_problem_insert_tx(fg_tx *tx, fg_problem_row *r, fg_err *err)
{
    fg_db *db = tx->db;
    int64_t now = tx->now_ms;
    fg_clock_uuid(r->id);
    r->raised_at = now;
    r->version = 1;
    char deps[256];
    departments_format(r->departments, deps, sizeof(deps));
    int rc = fg_db_run(db, err, SQL_INSERT, "tttdtttttttitttiidii", r->id, r->kind,
                       fg_problem_source_name(r->source), (int)r->county, r->place, r->enterprise,
                       r->pass_number, r->plate, r->what, r->alert_key, r->raised_by, now,
                       fg_problem_state_name(r->state), deps,
                       r->lead >= 0 ? fg_role_name((fg_role)r->lead) : "", r->started_at, r->due_at,
                       (int)r->holder, r->escalate_at, now);
    if (rc == 0)
        rc = event_add(db, r->id, now, tx->actor, "raise", r->state, deps, r->what, err);
    if (rc == 0) {
        char county[7];
        fg_region_format(r->county, county);
        json_t *d = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o}", "kind", r->kind, "source",
                              fg_problem_source_name(r->source), "region", county, "enterprise",
                              r->enterprise, "plate", r->plate, "what", r->what, "alert_key",
                              r->alert_key, "after", row_json(r));
        rc = fg_tx_audit(tx, "problem.raise", "problem", r->id, r->county, d, err);
        json_decref(d);
    }
    return rc;
}

int fg_store_problem_insert(fg_db *db, fg_problem_row *r, int64_t now, const char *actor,
                            fg_err *err)
{
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now, actor, err);
    if (rc)
        return rc;
    rc = fg_store_problem_insert_tx(&tx, r, err);
    return fg_tx_end(&tx, rc, err);
}

int fg_store_problem_update(fg_db *db, const fg_problem_row *before, const fg_problem_row *after,
                            fg_pause_op pause, const char *event, const char *department,
                            const char *text, int64_t now, const char *actor, fg_err *err)
{
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now, actor, err);
    if (rc)
        return rc;
    char deps[256];
    departments_format(after->departments, deps, sizeof(deps));
    rc = fg_db_run(
        db, err, SQL_UPDATE, "ttttttiiiiitiddiiiiitditd", fg_problem_state_name(after->state), deps,
        after->lead >= 0 ? fg_role_name((fg_role)after->lead) : "", after->answer, after->reason,
        after->pause_reason, after->paused_at, after->started_at, after->responded_at,
        after->answered_at, after->closed_at, after->closed_how, after->due_at, (int)after->holder,
        after->escalations, after->escalated_at, after->escalate_at,
        (int64_t)after->response_ontime, (int64_t)after->resolve_ontime, (int64_t)after->rating,
        after->rating_comment, after->reopenings, now, before->id, before->version);
    if (rc == 0 && db->ops->changes(db) != 1)
        rc = fg_err_at(err, FG_ECONFLICT, "version", "problem.changed",
                       "the problem was changed meanwhile; reload it");
    if (rc == 0 && pause == FG_PAUSE_START)
        rc = fg_db_run(db, err, SQL_PAUSE_START, "tdit", before->id, (int)before->n_pauses + 1, now,
                       after->pause_reason);
    else if (rc == 0 && pause == FG_PAUSE_END)
        rc = fg_db_run(db, err, SQL_PAUSE_END, "it", now, before->id);
    if (rc == 0)
        rc = event_add(db, before->id, now, actor, event, after->state, department, text, err);
    if (rc == 0) {
        char action[40];
        snprintf(action, sizeof(action), "problem.%s", event);
        json_t *d = json_pack("{s:o,s:o,s:s,s:s?,s:s?}", "before", row_json(before), "after",
                              row_json(after), "kind", after->kind, "department", department,
                              "comment", text);
        rc = fg_tx_audit(&tx, action, "problem", before->id, before->county, d, err);
        json_decref(d);
    }
    return fg_tx_end(&tx, rc, err);
}

int fg_store_problem_list(fg_db *db, const fg_problem_filter *f, int64_t now,
                          int (*fn)(const fg_problem_row *r, void *ctx), void *ctx, fg_err *err)
{
    const char *u[8];
    for (size_t i = 0; i < 8; i++)
        u[i] = i < f->n_enterprises ? f->enterprises[i] : "-";
    fg_stmt *st;
    const char *state = f->state >= 0 ? fg_problem_state_name((fg_problem_state)f->state) : "";
    int rc = fg_db_query(db, &st, err, SQL_LIST, "bddtttttttttttbiid", f->all, (int)f->county_lo,
                         (int)f->county_hi, u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7],
                         f->raised_by ? f->raised_by : "-", state, state, f->open_only, now, now,
                         f->limit > 0 ? f->limit : INT32_MAX);
    if (rc)
        return rc;
    fg_problem_row *r = malloc(sizeof(*r));
    if (!r) {
        fg_db_done(db, st);
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    }
    while ((rc = fg_db_step(db, st, err)) == 1) {
        memset(r, 0, sizeof(*r));
        row_read(db, st, r);
        if ((rc = fn(r, ctx)))
            break;
    }
    free(r);
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}

int fg_store_problem_rates(fg_db *db, int32_t lo, int32_t hi, int64_t from, int64_t to, int divisor,
                           bool by_department, int64_t now,
                           int (*fn)(const fg_problem_rate *r, void *ctx), void *ctx, fg_err *err)
{
    fg_stmt *st;
    int rc = by_department ? fg_db_query(db, &st, err, SQL_RATES_DEPT, "iiddii", now, now, (int)lo,
                                         (int)hi, from, to)
                           : fg_db_query(db, &st, err, SQL_RATES_REGION, "ddiiddii", divisor,
                                         divisor, now, now, (int)lo, (int)hi, from, to);
    if (rc)
        return rc;
    while ((rc = fg_db_step(db, st, err)) == 1) {
        fg_problem_rate x;
        memset(&x, 0, sizeof(x));
        x.region = (int32_t)fg_db_int(db, st, 0);
        fg_strlcpy(x.department, fg_db_text(db, st, 1), sizeof(x.department));
        x.total = (int)fg_db_int(db, st, 2);
        x.response_due = (int)fg_db_int(db, st, 3);
        x.response_ontime = (int)fg_db_int(db, st, 4);
        x.resolve_due = (int)fg_db_int(db, st, 5);
        x.resolve_ontime = (int)fg_db_int(db, st, 6);
        x.rated = (int)fg_db_int(db, st, 7);
        x.rating_sum = (int)fg_db_int(db, st, 8);
        x.rated_good = (int)fg_db_int(db, st, 9);
        if ((rc = fn(&x, ctx)))
            break;
    }
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}

int fg_store_problem_repeated(fg_db *db, int32_t lo, int32_t hi, int64_t since, int min,
                              int (*fn)(const fg_problem_repeat *r, void *ctx), void *ctx,
                              fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_REPEATED, "ddid", (int)lo, (int)hi, since, min);
    if (rc)
        return rc;
    while ((rc = fg_db_step(db, st, err)) == 1) {
        fg_problem_repeat x;
        memset(&x, 0, sizeof(x));
        x.county = (int32_t)fg_db_int(db, st, 0);
        fg_strlcpy(x.kind, fg_db_text(db, st, 1), sizeof(x.kind));
        x.count = (int)fg_db_int(db, st, 2);
        x.first_at = fg_db_int(db, st, 3);
        x.last_at = fg_db_int(db, st, 4);
        if ((rc = fn(&x, ctx)))
            break;
    }
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}

int fg_store_problem_due(fg_db *db, int64_t now, int64_t quiet_before, char (*ids)[37], size_t cap,
                         size_t *out_n, fg_err *err)
{
    fg_stmt *st;
    *out_n = 0;
    int rc = fg_db_query(db, &st, err, SQL_DUE, "iid", now, quiet_before, (int)cap);
    if (rc)
        return rc;
    while (*out_n < cap && (rc = fg_db_step(db, st, err)) == 1) {
        fg_strlcpy(ids[*out_n], fg_db_text(db, st, 0), 37);
        (*out_n)++;
    }
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}
