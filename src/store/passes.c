/* Vehicle passes: applications, issuance (serial number, signature and the
 * row in one transaction with its audit entry), rejection, revocation, the
 * revoked numbers, and the checkpoint log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/idcard.h"
#include "../core/region.h"
#include "../sys/clock.h"
#include "store.h"

#define PASS_COLS                                                                                  \
    "id, number, region, state, applicant, applied_by, goods, origin, destination, route, "        \
    "plate, crew, valid_from, valid_to, applied_at, decided_by, decided_at, decision, "            \
    "credential, kid, revoked_at, revoked_by, revoke_reason, renews, version, priority, "          \
    "priority_region"

static const char SQL_PASS_INSERT[] =
    "INSERT INTO passes (" PASS_COLS ") VALUES (?, NULL, ?, 'applied', ?, ?, ?, ?, ?, ?, ?, ?, "
    "?, ?, ?, '', 0, '', '', '', 0, '', '', ?, 1, ?, ?)";
static const char SQL_PASS_BY_ID[] = "SELECT " PASS_COLS " FROM passes WHERE id = ?";
static const char SQL_PASS_BY_NUMBER[] = "SELECT " PASS_COLS " FROM passes WHERE number = ?";
static const char SQL_SERIAL_BUMP[] = "UPDATE pass_serials SET last = last + 1 WHERE region = ?";
static const char SQL_SERIAL_NEW[] = "INSERT INTO pass_serials (region, last) VALUES (?, 1)";
static const char SQL_SERIAL_GET[] = "SELECT last FROM pass_serials WHERE region = ?";
static const char SQL_PASS_ISSUE[] =
    "UPDATE passes SET number = ?, state = 'issued', credential = ?, kid = ?, decided_by = ?, "
    "decided_at = ?, decision = ?, version = version + 1 WHERE id = ? AND version = ? "
    "AND state = 'applied'";
static const char SQL_PASS_REJECT[] =
    "UPDATE passes SET state = 'rejected', decided_by = ?, decided_at = ?, decision = ?, "
    "version = version + 1 WHERE id = ? AND version = ? AND state = 'applied'";
static const char SQL_PASS_REVOKE[] =
    "UPDATE passes SET state = 'revoked', revoked_at = ?, revoked_by = ?, revoke_reason = ?, "
    "version = version + 1 WHERE id = ? AND state = 'issued'";
static const char SQL_PASS_LIST[] =
    "SELECT " PASS_COLS " FROM passes WHERE region BETWEEN ? AND ? AND (? = '' OR applicant = ?) "
    "AND (? = '' OR state = ?) AND (? = '' OR plate = ?) "
    "ORDER BY CASE WHEN state = 'applied' AND priority <> '' THEN 0 ELSE 1 END, "
    "applied_at DESC, id "
    "LIMIT ? OFFSET ?";
static const char SQL_PASS_COUNT[] =
    "SELECT COUNT(*) FROM passes WHERE region BETWEEN ? AND ? AND (? = '' OR applicant = ?) "
    "AND (? = '' OR state = ?) AND (? = '' OR plate = ?)";
static const char SQL_REVOKED[] =
    "SELECT number, revoked_at FROM passes WHERE state = 'revoked' AND number IS NOT NULL "
    "ORDER BY number";
static const char SQL_CHECK_INSERT[] =
    "INSERT INTO pass_checks (id, number, checkpoint, officer, at, result, reason, plate, "
    "offline, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";
static const char SQL_CHECKS[] =
    "SELECT id, number, checkpoint, officer, at, result, reason, plate, offline, received_at "
    "FROM pass_checks WHERE number = ? ORDER BY at DESC LIMIT ?";

void fg_pass_row_release(fg_pass_row *r)
{
    free(r->credential);
    free(r->decision);
    free(r->revoke_reason);
    r->credential = r->decision = r->revoke_reason = NULL;
}

/* Crew as stored (JSON) into the claims. */
static const char *str_or_empty(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static int crew_parse(const char *text, fg_pass_claims *c)
{
    json_t *a = json_loads(text, 0, NULL);
    size_t i;
    json_t *p;
    c->n_crew = 0;
    if (!json_is_array(a)) {
        json_decref(a);
        return FG_EINVAL;
    }
    json_array_foreach(a, i, p)
    {
        if (c->n_crew == FG_PASS_MAX_CREW)
            break;
        fg_pass_person *x = &c->crew[c->n_crew++];
        const char *t = json_string_value(json_object_get(p, "test_valid_until"));
        fg_strlcpy(x->name, str_or_empty(p, "name"), sizeof(x->name));
        fg_strlcpy(x->id_masked, str_or_empty(p, "id_masked"), sizeof(x->id_masked));
        x->test_until = 0;
        if (t)
            fg_date_parse(t, &x->test_until, NULL);
        /* The latest test's sampling and the end of its validity (applications
         * since 006_pass_rules; older rows have neither). */
        int64_t ms;
        const char *s = json_string_value(json_object_get(p, "test_sampled_at"));
        x->test_sampled = s && fg_time_parse(s, &ms, NULL) == 0 ? ms / 1000 : 0;
        s = json_string_value(json_object_get(p, "test_valid_to"));
        x->test_valid_to = s && fg_time_parse(s, &ms, NULL) == 0 ? ms / 1000 : 0;
        x->role = strcmp(str_or_empty(p, "role"), "crew") == 0;
        fg_id_type type = FG_ID_RESIDENT;
        const char *ty = json_string_value(json_object_get(p, "id_type"));
        x->id_type = ty && fg_id_type_parse(ty, &type, NULL) == 0 ? (int)type : FG_ID_RESIDENT;
    }
    json_decref(a);
    return 0;
}

static int row_read(fg_db *db, fg_stmt *st, fg_pass_row *r, fg_err *err)
{
    memset(r, 0, sizeof(*r));
    fg_strlcpy(r->id, fg_db_text(db, st, 0), sizeof(r->id));
    fg_strlcpy(r->number, fg_db_text(db, st, 1), sizeof(r->number));
    r->region = (int32_t)fg_db_int(db, st, 2);
    fg_strlcpy(r->state, fg_db_text(db, st, 3), sizeof(r->state));
    fg_pass_claims *c = &r->claims;
    fg_strlcpy(c->applicant, fg_db_text(db, st, 4), sizeof(c->applicant));
    fg_strlcpy(r->applied_by, fg_db_text(db, st, 5), sizeof(r->applied_by));
    c->goods = -1;
    fg_goods_parse(fg_db_text(db, st, 6), &c->goods, NULL);
    c->origin = (int32_t)fg_db_int(db, st, 7);
    c->destination = (int32_t)fg_db_int(db, st, 8);
    const char *route = fg_db_text(db, st, 9);
    for (const char *p = route; *p && c->n_route < FG_PASS_MAX_ROUTE;) {
        c->route[c->n_route++] = (int32_t)strtol(p, NULL, 10);
        p = strchr(p, ',');
        if (!p)
            break;
        p++;
    }
    fg_strlcpy(c->plate, fg_db_text(db, st, 10), sizeof(c->plate));
    crew_parse(fg_db_text(db, st, 11), c);
    c->nbf = fg_db_int(db, st, 12) / 1000;
    c->exp = fg_db_int(db, st, 13) / 1000;
    r->applied_at = fg_db_int(db, st, 14);
    fg_strlcpy(r->decided_by, fg_db_text(db, st, 15), sizeof(r->decided_by));
    r->decided_at = fg_db_int(db, st, 16);
    r->decision = fg_strdup(fg_db_text(db, st, 17));
    r->credential = fg_strdup(fg_db_text(db, st, 18));
    fg_strlcpy(r->kid, fg_db_text(db, st, 19), sizeof(r->kid));
    r->revoked_at = fg_db_int(db, st, 20);
    fg_strlcpy(r->revoked_by, fg_db_text(db, st, 21), sizeof(r->revoked_by));
    r->revoke_reason = fg_strdup(fg_db_text(db, st, 22));
    fg_strlcpy(r->renews, fg_db_text(db, st, 23), sizeof(r->renews));
    r->version = (int)fg_db_int(db, st, 24);
    fg_strlcpy(r->priority, fg_db_text(db, st, 25), sizeof(r->priority));
    r->priority_region = (int32_t)fg_db_int(db, st, 26);
    if (r->number[0])
        fg_pass_number_parse(r->number, &c->number, NULL);
    if (!r->decision || !r->credential || !r->revoke_reason) {
        fg_pass_row_release(r);
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    }
    return 0;
}

int fg_store_pass_get(fg_db *db, const char *id_or_number, fg_pass_row *out, fg_err *err)
{
    fg_stmt *st;
    bool by_id = strlen(id_or_number) == 36;
    int rc =
        fg_db_row(db, &st, err, by_id ? SQL_PASS_BY_ID : SQL_PASS_BY_NUMBER, "t", id_or_number);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_err_at(err, FG_ENOTFOUND, "number", "pass.not_registered",
                         "no pass registered as {number:%.40s}: a pass that is not registered here "
                         "was not issued by this system",
                         id_or_number);
    rc = row_read(db, st, out, err);
    fg_db_done(db, st);
    return rc;
}

json_t *fg_pass_row_json(const fg_pass_row *r)
{
    char region[7], o[7], d[7], t[25];
    fg_region_format(r->region, region);
    fg_region_format(r->claims.origin, o);
    fg_region_format(r->claims.destination, d);
    json_t *route = json_array();
    for (size_t i = 0; i < r->claims.n_route; i++) {
        char c[7];
        fg_region_format(r->claims.route[i], c);
        json_array_append_new(route, json_string(c));
    }
    json_t *j = json_pack("{s:s,s:s?,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:o,s:i}", "id", r->id,
                          "number", r->number[0] ? r->number : NULL, "region", region, "state",
                          r->state, "applicant", r->claims.applicant, "applied_by", r->applied_by,
                          "goods", fg_goods_name(r->claims.goods), "origin", o, "destination", d,
                          "route", route, "plate", r->claims.plate, "crew",
                          fg_pass_crew_json(&r->claims), "version", r->version);
    fg_time_format(r->claims.nbf * 1000, t);
    json_object_set_new(j, "valid_from", json_string(t));
    fg_time_format(r->claims.exp * 1000, t);
    json_object_set_new(j, "valid_to", json_string(t));
    fg_time_format(r->applied_at, t);
    json_object_set_new(j, "applied_at", json_string(t));
    if (r->decided_at) {
        fg_time_format(r->decided_at, t);
        json_object_set_new(j, "decided_at", json_string(t));
        json_object_set_new(j, "decided_by", json_string(r->decided_by));
        json_object_set_new(j, "decision", json_string(r->decision));
    }
    if (r->credential[0]) {
        json_object_set_new(j, "credential", json_string(r->credential));
        json_object_set_new(j, "kid", json_string(r->kid));
    }
    if (r->revoked_at) {
        fg_time_format(r->revoked_at, t);
        json_object_set_new(j, "revoked_at", json_string(t));
        json_object_set_new(j, "revoked_by", json_string(r->revoked_by));
        json_object_set_new(j, "revoke_reason", json_string(r->revoke_reason));
    }
    if (r->renews[0])
        json_object_set_new(j, "renews", json_string(r->renews));
    if (r->priority[0]) {
        char pr[7];
        fg_region_format(r->priority_region, pr);
        json_object_set_new(j, "priority",
                            json_pack("{s:s,s:s}", "reason", r->priority, "region", pr));
    }
    return j;
}

static void route_text(const fg_pass_claims *c, char out[FG_PASS_MAX_ROUTE * 7 + 1])
{
    out[0] = '\0';
    for (size_t i = 0; i < c->n_route; i++)
        snprintf(out + strlen(out), FG_PASS_MAX_ROUTE * 7 + 1 - strlen(out), "%s%06d", i ? "," : "",
                 (int)c->route[i]);
}

static json_t *audit_detail(const fg_pass_row *r)
{
    json_t *j = fg_pass_row_json(r);
    json_object_del(j, "credential");
    json_object_del(j, "crew"); /* personal data stays in the row, not the log */
    return j;
}

int fg_store_pass_apply(fg_db *db, const fg_pass_claims *c, int32_t region, const char *renews,
                        const char *priority, int32_t priority_region, int64_t now,
                        const char *actor, char out_id[37], fg_err *err)
{
    fg_clock_uuid(out_id);
    char route[FG_PASS_MAX_ROUTE * 7 + 1];
    route_text(c, route);
    json_t *crew = fg_pass_crew_json(c);
    char *crew_s = json_dumps(crew, JSON_COMPACT);
    json_decref(crew);
    if (!crew_s)
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now, actor, err);
    if (rc == 0)
        rc = fg_db_run(db, err, SQL_PASS_INSERT, "tdtttddtttiiittd", out_id, (int)region,
                       c->applicant, actor, fg_goods_name(c->goods), (int)c->origin,
                       (int)c->destination, route, c->plate, crew_s, c->nbf * 1000, c->exp * 1000,
                       now, renews ? renews : "", priority ? priority : "", (int)priority_region);
    free(crew_s);
    fg_pass_row r;
    if (rc == 0 && (rc = fg_store_pass_get(db, out_id, &r, err)) == 0) {
        json_t *d = audit_detail(&r);
        rc = fg_tx_audit(&tx, "pass.apply", "pass", out_id, c->origin, d, err);
        json_decref(d);
        fg_pass_row_release(&r);
    }
    return fg_tx_end(&tx, rc, err);
}

int fg_store_pass_serial_next(fg_tx *tx, int32_t region, int64_t *out, fg_err *err)
{
    fg_db *db = tx->db;
    fg_stmt *st;
    int rc = fg_db_run(db, err, SQL_SERIAL_BUMP, "d", (int)region);
    if (rc == 0 && db->ops->changes(db) == 0)
        rc = fg_db_run(db, err, SQL_SERIAL_NEW, "d", (int)region);
    if (rc || (rc = fg_db_row(db, &st, err, SQL_SERIAL_GET, "d", (int)region)) < 0)
        return rc;
    *out = fg_db_int(db, st, 0);
    fg_db_done(db, st);
    return 0;
}

int fg_store_pass_record_issue(fg_tx *tx, const fg_pass_row *r, const char *number,
                               const char *credential, const char *kid, const char *decision,
                               fg_err *err)
{
    fg_db *db = tx->db;
    int rc = fg_db_run(db, err, SQL_PASS_ISSUE, "ttttittd", number, credential, kid, tx->actor,
                       tx->now_ms, decision ? decision : "", r->id, r->version);
    if (rc)
        return rc;
    if (db->ops->changes(db) != 1)
        return fg_err_at(err, FG_ECONFLICT, NULL, "pass.decided",
                         "the application was decided meanwhile; reload it");
    fg_pass_row after;
    if ((rc = fg_store_pass_get(db, r->id, &after, err)))
        return rc;
    json_t *d = audit_detail(&after);
    rc = fg_tx_audit(tx, "pass.issue", "pass", number, r->claims.origin, d, err);
    json_decref(d);
    fg_pass_row_release(&after);
    return rc;
}

int fg_store_pass_reject(fg_db *db, const fg_pass_row *r, const char *reason, int64_t now,
                         const char *actor, fg_err *err)
{
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now, actor, err);
    if (rc)
        return rc;
    rc = fg_db_run(db, err, SQL_PASS_REJECT, "tittd", actor, now, reason, r->id, r->version);
    if (rc == 0 && db->ops->changes(db) != 1)
        rc = fg_err_at(err, FG_ECONFLICT, NULL, "pass.decided",
                       "the application was decided meanwhile; reload it");
    if (rc == 0) {
        json_t *d = json_pack("{s:s,s:s}", "applicant", r->claims.applicant, "reason", reason);
        rc = fg_tx_audit(&tx, "pass.reject", "pass", r->id, r->claims.origin, d, err);
        json_decref(d);
    }
    return fg_tx_end(&tx, rc, err);
}

int fg_store_pass_revoke(fg_db *db, const fg_pass_row *r, const char *reason, int64_t now,
                         const char *actor, fg_err *err)
{
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now, actor, err);
    if (rc)
        return rc;
    rc = fg_db_run(db, err, SQL_PASS_REVOKE, "ittt", now, actor, reason, r->id);
    if (rc == 0 && db->ops->changes(db) != 1)
        rc = fg_err_at(err, FG_ECONFLICT, NULL, "pass.revoke_state",
                       "only an issued pass can be revoked; this one is {state:%s}", r->state);
    if (rc == 0) {
        json_t *d = json_pack("{s:s,s:s}", "plate", r->claims.plate, "reason", reason);
        rc = fg_tx_audit(&tx, "pass.revoke", "pass", r->number, r->claims.origin, d, err);
        json_decref(d);
    }
    return fg_tx_end(&tx, rc, err);
}

int fg_store_pass_list(fg_db *db, const fg_pass_filter *f, json_t **out, int64_t *total,
                       fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_begin_snapshot(db, err);
    if (rc)
        return rc;
    if ((rc = fg_db_row(db, &st, err, SQL_PASS_COUNT, "ddtttttt", (int)f->region_lo,
                        (int)f->region_hi, f->applicant, f->applicant, f->state, f->state, f->plate,
                        f->plate)) < 0)
        goto done;
    *total = fg_db_int(db, st, 0);
    fg_db_done(db, st);
    *out = json_array();
    if ((rc = fg_db_query(db, &st, err, SQL_PASS_LIST, "ddttttttdd", (int)f->region_lo,
                          (int)f->region_hi, f->applicant, f->applicant, f->state, f->state,
                          f->plate, f->plate, f->limit, f->offset)))
        goto done;
    while ((rc = fg_db_step(db, st, err)) == 1) {
        fg_pass_row r;
        if ((rc = row_read(db, st, &r, err)))
            break;
        json_t *j = fg_pass_row_json(&r);
        json_object_del(j, "credential");
        json_array_append_new(*out, j);
        fg_pass_row_release(&r);
    }
    fg_db_done(db, st);
done:
    fg_db_rollback(db);
    if (rc < 0) {
        json_decref(*out);
        *out = NULL;
        return rc;
    }
    return 0;
}

int fg_store_revoked(fg_db *db, fg_revocations *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_REVOKED, "");
    if (rc)
        return rc;
    size_t cap = 0;
    while ((rc = fg_db_step(db, st, err)) == 1) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 64;
            int64_t *more = realloc(out->numbers, cap * sizeof(int64_t));
            if (!more) {
                rc = fg_err_set(err, FG_ENOMEM, "out of memory");
                break;
            }
            out->numbers = more;
        }
        int64_t n;
        if (fg_pass_number_parse(fg_db_text(db, st, 0), &n, NULL) == 0)
            out->numbers[out->n++] = n;
        int64_t at = fg_db_int(db, st, 1) / 1000;
        if (at > out->issued_at)
            out->issued_at = at;
    }
    fg_db_done(db, st);
    if (rc < 0) {
        fg_revocations_release(out);
        return rc;
    }
    return 0;
}

int fg_store_pass_checks_add(fg_db *db, const fg_pass_check *checks, size_t n, size_t *out_inserted,
                             fg_err *err)
{
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, n ? checks[0].received_at : 0, n ? checks[0].officer : "", err);
    if (rc)
        return rc;
    /* Checks are a log of their own, far too many for the chain; issuing,
     * rejecting and revoking passes are audited. */
    fg_tx_log_only(&tx, "the checkpoint log of pass checks");
    *out_inserted = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const fg_pass_check *c = &checks[i];
        rc = fg_db_run(db, err, SQL_CHECK_INSERT, "ttdtitttbi", c->id, c->number,
                       (int)c->checkpoint, c->officer, c->at, c->result, c->reason, c->plate,
                       c->offline, c->received_at);
        *out_inserted += rc == 0 && db->ops->changes(db) == 1;
    }
    return fg_tx_end(&tx, rc, err);
}

int fg_store_pass_checks(fg_db *db, const char *number, int limit, json_t **out, fg_err *err)
{
    fg_stmt *st;
    *out = json_array();
    int rc = fg_db_query(db, &st, err, SQL_CHECKS, "td", number, limit);
    if (rc == 0) {
        while ((rc = fg_db_step(db, st, err)) == 1) {
            char cp[7], at[25], rec[25];
            fg_region_format((int32_t)fg_db_int(db, st, 2), cp);
            fg_time_format(fg_db_int(db, st, 4), at);
            fg_time_format(fg_db_int(db, st, 9), rec);
            json_array_append_new(
                *out,
                json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:s}", "id", fg_db_text(db, st, 0),
                          "number", fg_db_text(db, st, 1), "checkpoint", cp, "officer",
                          fg_db_text(db, st, 3), "at", at, "result", fg_db_text(db, st, 5),
                          "reason", fg_db_text(db, st, 6), "plate", fg_db_text(db, st, 7),
                          "offline", fg_db_int(db, st, 8) != 0, "received_at", rec));
        }
        fg_db_done(db, st);
    }
    if (rc < 0) {
        json_decref(*out);
        *out = NULL;
        return rc;
    }
    return 0;
}

/* ---- the crew updated (issue 14, part "stations": the drivers' closed loop) ---- */

int fg_store_pass_recrew(fg_tx *tx, const fg_pass_row *old, const fg_pass_claims *c,
                         const char *number, const char *credential, const char *kid,
                         char out_id[37], fg_err *err)
{
    fg_db *db = tx->db;
    fg_clock_uuid(out_id);
    char route[FG_PASS_MAX_ROUTE * 7 + 1];
    route_text(c, route);
    json_t *crew = fg_pass_crew_json(c);
    char *crew_s = json_dumps(crew, JSON_COMPACT);
    json_decref(crew);
    if (!crew_s)
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    int rc = fg_db_run(db, err, SQL_PASS_INSERT, "tdtttddtttiiittd", out_id, (int)old->region,
                       c->applicant, tx->actor, fg_goods_name(c->goods), (int)c->origin,
                       (int)c->destination, route, c->plate, crew_s, c->nbf * 1000, c->exp * 1000,
                       tx->now_ms, old->number, old->priority, (int)old->priority_region);
    free(crew_s);
    fg_pass_row fresh;
    if (rc || (rc = fg_store_pass_get(db, out_id, &fresh, err)))
        return rc;
    rc = fg_store_pass_record_issue(tx, &fresh, number, credential, kid, "crew updated", err);
    fg_pass_row_release(&fresh);
    if (rc)
        return rc;
    char reason[80];
    snprintf(reason, sizeof(reason), "随车人员更新，由通行证%s替换", number);
    if ((rc = fg_db_run(db, err, SQL_PASS_REVOKE, "ittt", tx->now_ms, tx->actor, reason, old->id)))
        return rc;
    if (db->ops->changes(db) != 1)
        return fg_err_at(err, FG_ECONFLICT, NULL, "pass.revoke_state",
                         "only an issued pass can be revoked; this one is {state:%s}", old->state);
    json_t *d = json_pack("{s:s,s:s}", "replaced_by", number, "reason", reason);
    rc = fg_tx_audit(tx, "pass.crew", "pass", old->number, old->claims.origin, d, err);
    json_decref(d);
    return rc;
}
