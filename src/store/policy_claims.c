/* Claims, attachments, objections and the budget's commitment (issue 15,
 * part "delivery"). Reads and writes only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/region.h"
#include "../sys/clock.h"
#include "store.h"

#define CLAIM_COLS                                                                                 \
    "c.id, c.policy_id, p.title, p.region, c.enterprise, e.name, c.region, c.origin, c.state, "    \
    "c.rule_version, c.amount_fen, c.approved_fen, c.granted_fen, c.grant_date, "                  \
    "c.grant_reference, c.reason, c.eligible_since, c.created_by, c.created_at, c.decided_at, "    \
    "c.granted_at, c.received_at, c.updated_at, c.version"
#define CLAIM_FROM                                                                                 \
    " FROM policy_claims c JOIN policies p ON p.id = c.policy_id JOIN enterprises e ON e.uscc = "  \
    "c.enterprise"

static const char SQL_GET[] = "SELECT " CLAIM_COLS ", c.form" CLAIM_FROM " WHERE c.id = ?";
static const char SQL_LIVE[] =
    "SELECT " CLAIM_COLS ", c.form" CLAIM_FROM " WHERE c.policy_id = ? AND c.enterprise = ? AND "
    "c.state NOT IN ('rejected', 'withdrawn')";
static const char SQL_INSERT[] =
    "INSERT INTO policy_claims (id, policy_id, enterprise, region, origin, state, rule_version, "
    "form, amount_fen, approved_fen, granted_fen, grant_date, grant_reference, reason, "
    "eligible_since, created_by, created_at, decided_at, granted_at, received_at, updated_at, "
    "version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, '', '', ?, ?, ?, 0, 0, 0, ?, 1)";
static const char SQL_UPDATE[] =
    "UPDATE policy_claims SET state = ?, form = ?, amount_fen = ?, approved_fen = ?, "
    "granted_fen = ?, grant_date = ?, grant_reference = ?, reason = ?, decided_at = ?, "
    "granted_at = ?, received_at = ?, updated_at = ?, version = version + 1 WHERE id = ? AND "
    "version = ?";
/* The filter: state (-1 any), open only, policy, enterprise, county range,
 * the policy's region inside a range or one of four codes. */
#define LIST_WHERE                                                                                 \
    " WHERE (? < 0 OR c.state = ?) AND (? = 0 OR c.state IN ('pending', 'more_info', "             \
    "'approved')) AND (? = '' OR c.policy_id = ?) AND (? = '' OR c.enterprise = ?) AND c.region "  \
    "BETWEEN ? AND ? AND (p.region BETWEEN ? AND ? OR p.region IN (?, ?, ?, ?))"
static const char SQL_LIST[] =
    "SELECT " CLAIM_COLS CLAIM_FROM LIST_WHERE " ORDER BY c.updated_at DESC, c.id LIMIT ? OFFSET ?";
static const char SQL_COUNT[] = "SELECT COUNT(*)" CLAIM_FROM LIST_WHERE;
static const char SQL_COMMIT[] =
    "UPDATE policies SET committed_fen = committed_fen + ? WHERE id = ? AND (budget_fen = 0 OR "
    "committed_fen + ? <= budget_fen)";
static const char SQL_RELEASE[] =
    "UPDATE policies SET committed_fen = committed_fen - ? WHERE id = ? AND committed_fen >= ?";
static const char SQL_BUDGET[] =
    "SELECT region, budget_fen, committed_fen FROM policies WHERE id = ?";
static const char SQL_FILE_ADD[] =
    "INSERT INTO policy_claim_files (claim_id, seq, name, mime, body, created_at) VALUES (?, ?, "
    "?, ?, ?, ?)";
static const char SQL_FILES[] =
    "SELECT seq, name, mime, LENGTH(body), created_at FROM policy_claim_files WHERE claim_id = ? "
    "ORDER BY seq";
static const char SQL_FILE_GET[] =
    "SELECT seq, name, mime, body FROM policy_claim_files WHERE claim_id = ? AND seq = ?";
static const char SQL_FILE_NEXT[] =
    "SELECT COALESCE(MAX(seq), 0) + 1 FROM policy_claim_files WHERE claim_id = ?";
static const char SQL_OBJECTION[] =
    "INSERT INTO policy_objections (problem_id, policy_id, enterprise, region, claim_id, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_OBJECTIONS_OF[] =
    "SELECT o.problem_id, o.policy_id, COALESCE(o.claim_id, ''), o.created_at, x.state FROM "
    "policy_objections o JOIN problems x ON x.id = o.problem_id WHERE o.enterprise = ? ORDER BY "
    "o.created_at DESC, o.problem_id";
static const char SQL_HISTORY[] =
    "SELECT action, actor, at, detail FROM audit_log WHERE entity = 'policy_claim' AND entity_id "
    "= ? ORDER BY seq";

void fg_claim_row_release(fg_claim_row *r)
{
    if (!r)
        return;
    json_decref(r->form);
    r->form = NULL;
}

static json_t *time_json(int64_t ms)
{
    if (!ms)
        return json_null();
    char t[25];
    fg_time_format(ms, t);
    return json_string(t);
}

static json_t *day_json(int32_t ymd)
{
    if (!ymd)
        return json_null();
    char s[11];
    fg_date_format(ymd, s);
    return json_string(s);
}

json_t *fg_claim_row_json(const fg_claim_row *r)
{
    char region[7], pregion[7];
    fg_region_format(r->region, region);
    fg_region_format(r->policy_region, pregion);
    return json_pack(
        "{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:i,s:O,s:o,s:I,s:I,s:o,s:s,s:s,s:o,"
        "s:s,s:o,s:o,s:o,s:o,s:o,s:i}",
        "id", r->id, "policy", r->policy, "policy_title", r->policy_title, "policy_region", pregion,
        "enterprise", r->enterprise, "enterprise_name", r->enterprise_name, "region", region,
        "origin", r->automatic ? "automatic" : "application", "state",
        fg_claim_state_name(r->state), "rule_version", r->rule_version, "form",
        r->form ? r->form : json_null(), "amount_fen",
        r->amount_fen >= 0 ? json_integer(r->amount_fen) : json_null(), "approved_fen",
        (json_int_t)r->approved_fen, "granted_fen", (json_int_t)r->granted_fen, "grant_date",
        day_json(r->grant_date), "grant_reference", r->grant_reference, "reason", r->reason,
        "eligible_since", time_json(r->eligible_since), "created_by", r->created_by, "created_at",
        time_json(r->created_at), "decided_at", time_json(r->decided_at), "granted_at",
        time_json(r->granted_at), "received_at", time_json(r->received_at), "updated_at",
        time_json(r->updated_at), "version", r->version);
}

static void read_row(fg_db *db, fg_stmt *st, fg_claim_row *r, bool with_form)
{
    memset(r, 0, sizeof(*r));
    fg_strlcpy(r->id, fg_db_text(db, st, 0), sizeof(r->id));
    fg_strlcpy(r->policy, fg_db_text(db, st, 1), sizeof(r->policy));
    fg_strlcpy(r->policy_title, fg_db_text(db, st, 2), sizeof(r->policy_title));
    r->policy_region = (int32_t)fg_db_int(db, st, 3);
    fg_strlcpy(r->enterprise, fg_db_text(db, st, 4), sizeof(r->enterprise));
    fg_strlcpy(r->enterprise_name, fg_db_text(db, st, 5), sizeof(r->enterprise_name));
    r->region = (int32_t)fg_db_int(db, st, 6);
    r->automatic = strcmp(fg_db_text(db, st, 7), "automatic") == 0;
    fg_claim_state_parse(fg_db_text(db, st, 8), &r->state, NULL);
    r->rule_version = (int)fg_db_int(db, st, 9);
    const char *amount = fg_db_text(db, st, 10);
    r->amount_fen = amount && *amount ? fg_db_int(db, st, 10) : -1;
    r->approved_fen = fg_db_int(db, st, 11);
    r->granted_fen = fg_db_int(db, st, 12);
    r->grant_date = (int32_t)fg_db_int(db, st, 13);
    fg_strlcpy(r->grant_reference, fg_db_text(db, st, 14), sizeof(r->grant_reference));
    fg_strlcpy(r->reason, fg_db_text(db, st, 15), sizeof(r->reason));
    r->eligible_since = fg_db_int(db, st, 16);
    fg_strlcpy(r->created_by, fg_db_text(db, st, 17), sizeof(r->created_by));
    r->created_at = fg_db_int(db, st, 18);
    r->decided_at = fg_db_int(db, st, 19);
    r->granted_at = fg_db_int(db, st, 20);
    r->received_at = fg_db_int(db, st, 21);
    r->updated_at = fg_db_int(db, st, 22);
    r->version = (int)fg_db_int(db, st, 23);
    if (with_form)
        r->form = json_loads(fg_db_text(db, st, 24), 0, NULL);
}

/* The row's audit form: what changes over a claim's life. */
static json_t *audit_json(const fg_claim_row *r)
{
    return json_pack("{s:s,s:s,s:o,s:I,s:I,s:o,s:s,s:s,s:i}", "claim_state",
                     fg_claim_state_name(r->state), "origin",
                     r->automatic ? "automatic" : "application", "amount_fen",
                     r->amount_fen >= 0 ? json_integer(r->amount_fen) : json_null(), "approved_fen",
                     (json_int_t)r->approved_fen, "granted_fen", (json_int_t)r->granted_fen,
                     "grant_date", day_json(r->grant_date), "grant_reference", r->grant_reference,
                     "reason", r->reason, "version", r->version);
}

int fg_store_claim_insert(fg_tx *tx, fg_claim_row *r, const char *action, fg_err *err)
{
    fg_clock_uuid(r->id);
    r->version = 1;
    r->created_at = r->updated_at = tx->now_ms;
    char *form = json_dumps(r->form ? r->form : json_object(), JSON_COMPACT | JSON_SORT_KEYS);
    if (!form)
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    int rc = fg_db_run(tx->db, err, SQL_INSERT, "tttdttdtnitii", r->id, r->policy, r->enterprise,
                       (int)r->region, r->automatic ? "automatic" : "application",
                       fg_claim_state_name(r->state), r->rule_version, form, r->amount_fen,
                       r->eligible_since, r->created_by, r->created_at, r->updated_at);
    free(form);
    if (rc == FG_EEXIST)
        return fg_err_at(err, FG_EEXIST, "policy", "policy.claim_exists",
                         "the enterprise already has a claim under this policy in progress");
    if (rc)
        return rc;
    json_t *d = json_pack("{s:s,s:s,s:n,s:o}", "policy", r->policy, "enterprise", r->enterprise,
                          "before", "after", audit_json(r));
    rc = fg_tx_audit(tx, action, "policy_claim", r->id, r->region, d, err);
    json_decref(d);
    return rc;
}

int fg_store_claim_get(fg_db *db, const char *id, fg_claim_row *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_GET, "t", id);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_err_at(err, FG_ENOTFOUND, "id", "policy.claim_not_found", "no such claim");
    read_row(db, st, out, true);
    fg_db_done(db, st);
    if (!out->form)
        return fg_err_set(err, FG_EDB, "claim %s: stored form unreadable", id);
    return 0;
}

int fg_store_claim_live(fg_db *db, const char *policy, const char *enterprise, fg_claim_row *out,
                        fg_err *err)
{
    memset(out, 0, sizeof(*out));
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_LIVE, "tt", policy, enterprise);
    if (rc <= 0)
        return rc;
    read_row(db, st, out, true);
    fg_db_done(db, st);
    if (!out->form)
        return fg_err_set(err, FG_EDB, "claim %s: stored form unreadable", out->id);
    return 1;
}

int fg_store_claim_update(fg_tx *tx, const fg_claim_row *before, fg_claim_row *after,
                          const char *action, json_t *extra, fg_err *err)
{
    char *form =
        json_dumps(after->form ? after->form : json_object(), JSON_COMPACT | JSON_SORT_KEYS);
    if (!form)
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    after->updated_at = tx->now_ms;
    int rc = fg_db_run(tx->db, err, SQL_UPDATE, "ttniidttiiiitd", fg_claim_state_name(after->state),
                       form, after->amount_fen, after->approved_fen, after->granted_fen,
                       (int)after->grant_date, after->grant_reference, after->reason,
                       after->decided_at, after->granted_at, after->received_at, after->updated_at,
                       before->id, before->version);
    free(form);
    if (rc)
        return rc;
    if (tx->db->ops->changes(tx->db) != 1)
        return fg_err_at(err, FG_ECONFLICT, "version", "policy.claim_changed",
                         "the claim was changed meanwhile; reload it");
    after->version = before->version + 1;
    json_t *d = extra ? json_deep_copy(extra) : json_object();
    if (!d)
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    json_object_set_new(d, "policy", json_string(before->policy));
    json_object_set_new(d, "enterprise", json_string(before->enterprise));
    json_object_set_new(d, "before", audit_json(before));
    json_object_set_new(d, "after", audit_json(after));
    rc = fg_tx_audit(tx, action, "policy_claim", before->id, before->region, d, err);
    json_decref(d);
    return rc;
}

void fg_claim_filter_init(fg_claim_filter *f)
{
    memset(f, 0, sizeof(*f));
    f->state = -1;
    f->lo = 0;
    f->hi = 999999;
    f->policy_lo = 0;
    f->policy_hi = 999999;
    f->limit = 50;
}

int fg_store_claims_list(fg_db *db, const fg_claim_filter *f,
                         int (*fn)(const fg_claim_row *r, void *ctx), void *ctx, long *out_total,
                         fg_err *err)
{
    int32_t anc[4] = {-1, -1, -1, -1};
    for (size_t i = 0; i < f->n_anc && i < 4; i++)
        anc[i] = f->anc[i];
    const char *state = f->state >= 0 ? fg_claim_state_name((fg_claim_state)f->state) : "";
    const char *policy = f->policy ? f->policy : "";
    const char *ent = f->enterprise ? f->enterprise : "";
    fg_stmt *st;
    int rc =
        fg_db_row(db, &st, err, SQL_COUNT, "dtdttttdddddddd", f->state, state, f->open_only ? 1 : 0,
                  policy, policy, ent, ent, (int)f->lo, (int)f->hi, (int)f->policy_lo,
                  (int)f->policy_hi, (int)anc[0], (int)anc[1], (int)anc[2], (int)anc[3]);
    if (rc < 0)
        return rc;
    *out_total = rc ? (long)fg_db_int(db, st, 0) : 0;
    if (rc)
        fg_db_done(db, st);
    rc = fg_db_query(db, &st, err, SQL_LIST, "dtdttttddddddddii", f->state, state,
                     f->open_only ? 1 : 0, policy, policy, ent, ent, (int)f->lo, (int)f->hi,
                     (int)f->policy_lo, (int)f->policy_hi, (int)anc[0], (int)anc[1], (int)anc[2],
                     (int)anc[3], (int64_t)f->limit, (int64_t)f->offset);
    if (rc)
        return rc;
    while ((rc = fg_db_step(db, st, err)) == 1) {
        fg_claim_row r;
        read_row(db, st, &r, false);
        if ((rc = fn(&r, ctx)))
            break;
    }
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}

/* ---- the budget ---------------------------------------------------------- */

int fg_store_policy_commit(fg_tx *tx, const char *policy, int64_t amount, fg_err *err)
{
    int rc = fg_db_run(tx->db, err, SQL_COMMIT, "iti", amount, policy, amount);
    if (rc)
        return rc;
    if (tx->db->ops->changes(tx->db) == 1)
        return 0;
    fg_stmt *st;
    int64_t budget = 0, committed = 0;
    if ((rc = fg_db_row(tx->db, &st, err, SQL_BUDGET, "t", policy)) < 0)
        return rc;
    if (rc == 0)
        return fg_err_at(err, FG_ENOTFOUND, "policy", "policy.not_found", "no such policy");
    budget = fg_db_int(tx->db, st, 1);
    committed = fg_db_int(tx->db, st, 2);
    fg_db_done(tx->db, st);
    return fg_err_at(err, FG_ECONFLICT, "amount_fen", "policy.budget_exhausted",
                     "the policy's budget is exhausted: {remaining:%lld} fen remain of "
                     "{budget:%lld}",
                     (long long)(budget - committed > 0 ? budget - committed : 0),
                     (long long)budget);
}

int fg_store_policy_release(fg_tx *tx, const char *policy, int64_t amount, fg_err *err)
{
    if (amount <= 0)
        return 0;
    int rc = fg_db_run(tx->db, err, SQL_RELEASE, "iti", amount, policy, amount);
    if (rc == 0 && tx->db->ops->changes(tx->db) != 1)
        rc = fg_err_set(err, FG_EDB, "policy %s: committed budget below %lld fen to release",
                        policy, (long long)amount);
    return rc;
}

/* ---- attachments ----------------------------------------------------------- */

int fg_store_claim_file_add(fg_tx *tx, const char *claim, int seq, const char *name,
                            const char *mime, const char *body, fg_err *err)
{
    return fg_db_run(tx->db, err, SQL_FILE_ADD, "tdttti", claim, seq, name, mime, body, tx->now_ms);
}

int fg_store_claim_files(fg_db *db, const char *claim, json_t **out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_FILES, "t", claim);
    if (rc)
        return rc;
    json_t *arr = json_array();
    while ((rc = fg_db_step(db, st, err)) == 1) {
        int64_t b64 = fg_db_int(db, st, 3);
        json_array_append_new(arr, json_pack("{s:I,s:s,s:s,s:I,s:o}", "seq",
                                             (json_int_t)fg_db_int(db, st, 0), "name",
                                             fg_db_text(db, st, 1), "mime", fg_db_text(db, st, 2),
                                             "size", (json_int_t)(b64 / 4 * 3), "created_at",
                                             time_json(fg_db_int(db, st, 4))));
    }
    fg_db_done(db, st);
    if (rc < 0) {
        json_decref(arr);
        return rc;
    }
    *out = arr;
    return 0;
}

int fg_store_claim_file_get(fg_db *db, const char *claim, int seq, json_t **out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_FILE_GET, "td", claim, seq);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_err_at(err, FG_ENOTFOUND, "seq", "policy.claim_file_not_found",
                         "the claim has no attachment {seq:%d}", seq);
    *out = json_pack("{s:I,s:s,s:s,s:s}", "seq", (json_int_t)fg_db_int(db, st, 0), "name",
                     fg_db_text(db, st, 1), "mime", fg_db_text(db, st, 2), "body",
                     fg_db_text(db, st, 3));
    fg_db_done(db, st);
    return *out ? 0 : fg_err_set(err, FG_ENOMEM, "out of memory");
}

int fg_store_claim_file_next(fg_db *db, const char *claim, int *out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_FILE_NEXT, "t", claim);
    if (rc < 0)
        return rc;
    *out = rc ? (int)fg_db_int(db, st, 0) : 1;
    if (rc)
        fg_db_done(db, st);
    return 0;
}

/* ---- objections ------------------------------------------------------------ */

int fg_store_objection_insert(fg_tx *tx, const fg_objection_row *r, fg_err *err)
{
    int rc = fg_db_run(tx->db, err, SQL_OBJECTION, "tttdti", r->problem, r->policy, r->enterprise,
                       (int)r->region, r->claim[0] ? r->claim : NULL, tx->now_ms);
    if (rc)
        return rc;
    json_t *d =
        json_pack("{s:s,s:s,s:s,s:o}", "problem", r->problem, "policy", r->policy, "enterprise",
                  r->enterprise, "claim", r->claim[0] ? json_string(r->claim) : json_null());
    rc = fg_tx_audit(tx, "policy.objection", "policy_objection", r->problem, r->region, d, err);
    json_decref(d);
    return rc;
}

int fg_store_objections_of(fg_db *db, const char *enterprise, json_t **out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_OBJECTIONS_OF, "t", enterprise);
    if (rc)
        return rc;
    json_t *arr = json_array();
    while ((rc = fg_db_step(db, st, err)) == 1) {
        const char *claim = fg_db_text(db, st, 2);
        json_array_append_new(arr,
                              json_pack("{s:s,s:s,s:o,s:o,s:s}", "problem", fg_db_text(db, st, 0),
                                        "policy", fg_db_text(db, st, 1), "claim",
                                        claim && *claim ? json_string(claim) : json_null(),
                                        "created_at", time_json(fg_db_int(db, st, 3)),
                                        "problem_state", fg_db_text(db, st, 4)));
    }
    fg_db_done(db, st);
    if (rc < 0) {
        json_decref(arr);
        return rc;
    }
    *out = arr;
    return 0;
}

int fg_store_claim_history(fg_db *db, const char *id, json_t **out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_HISTORY, "t", id);
    if (rc)
        return rc;
    json_t *arr = json_array();
    while ((rc = fg_db_step(db, st, err)) == 1) {
        json_t *d = json_loads(fg_db_text(db, st, 3), 0, NULL);
        json_t *after = json_object_get(d, "after");
        json_array_append_new(arr, json_pack("{s:s,s:s,s:o,s:o}", "action", fg_db_text(db, st, 0),
                                             "actor", fg_db_text(db, st, 1), "at",
                                             time_json(fg_db_int(db, st, 2)), "after",
                                             after ? json_deep_copy(after) : json_null()));
        json_decref(d);
    }
    fg_db_done(db, st);
    if (rc < 0) {
        json_decref(arr);
        return rc;
    }
    *out = arr;
    return 0;
}
