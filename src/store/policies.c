/* Policies: the catalogue, rule versions, benefit facts, entitlements. */
#include "policies.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/region.h"
#include "../sys/clock.h"
#include "../util/assert.h"
#include "enterprises.h"

#define POLICY_COLS                                                                                \
    "id, region, department, title, doc_number, doc_date, valid_from, valid_to, benefit, "         \
    "rule_version, budget_fen, committed_fen, automatic, state, created_by, created_at, "          \
    "published_at, withdrawn_at, updated_at, version"

static const char SQL_POLICY_INSERT[] =
    "INSERT INTO policies (" POLICY_COLS ") "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, 0, ?, 'draft', ?, ?, 0, 0, ?, 1)";
static const char SQL_POLICY_GET[] = "SELECT " POLICY_COLS " FROM policies WHERE id = ?";
static const char SQL_POLICIES_ALL[] =
    "SELECT " POLICY_COLS " FROM policies ORDER BY created_at DESC, id";
static const char SQL_POLICIES_APPLYING[] =
    "SELECT p.id, p.region, p.department, p.title, p.doc_number, p.doc_date, p.valid_from, "
    "p.valid_to, p.benefit, p.rule_version, p.budget_fen, p.committed_fen, p.automatic, "
    "p.state, p.created_by, p.created_at, p.published_at, p.withdrawn_at, p.updated_at, "
    "p.version, r.rule FROM policies p "
    "JOIN policy_rules r ON r.policy_id = p.id AND r.version = p.rule_version "
    "WHERE p.state = 'published' AND p.valid_from <= ? AND p.valid_to >= ? "
    "ORDER BY p.published_at, p.id";
static const char SQL_POLICY_UPDATE[] =
    "UPDATE policies SET region = ?, department = ?, title = ?, doc_number = ?, doc_date = ?, "
    "valid_from = ?, valid_to = ?, budget_fen = ?, automatic = ?, updated_at = ?, "
    "version = version + 1 WHERE id = ? AND version = ? AND (? = 0 OR committed_fen <= ?)";
static const char SQL_POLICY_COMMITTED[] =
    "SELECT committed_fen FROM policies WHERE id = ? AND version = ?";
static const char SQL_POLICY_RULE_VERSION[] =
    "UPDATE policies SET rule_version = ?, updated_at = ?, version = version + 1 "
    "WHERE id = ? AND version = ?";
static const char SQL_POLICY_STATE[] =
    "UPDATE policies SET state = ?, published_at = ?, withdrawn_at = ?, updated_at = ?, "
    "version = version + 1 WHERE id = ? AND version = ?";
static const char SQL_RULE_INSERT[] =
    "INSERT INTO policy_rules (policy_id, version, rule, note, created_by, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_RULE_GET[] =
    "SELECT rule FROM policy_rules WHERE policy_id = ? AND version = ?";
static const char SQL_RULE_VERSIONS[] =
    "SELECT version, note, created_by, created_at FROM policy_rules WHERE policy_id = ? "
    "ORDER BY version DESC";
static const char SQL_RULE_MAX[] = "SELECT MAX(version) FROM policy_rules WHERE policy_id = ?";

static const char SQL_FACTS_GET[] =
    "SELECT insured, monthly_rent, monthly_contributions, vat_credit "
    "FROM enterprise_benefit_facts WHERE enterprise = ?";
static const char SQL_FACTS_PUT[] =
    "INSERT INTO enterprise_benefit_facts (enterprise, insured, monthly_rent, "
    "monthly_contributions, vat_credit, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (enterprise) DO UPDATE SET insured = excluded.insured, "
    "monthly_rent = excluded.monthly_rent, monthly_contributions = "
    "excluded.monthly_contributions, vat_credit = excluded.vat_credit, "
    "updated_by = excluded.updated_by, updated_at = excluded.updated_at";

#define ENT_COLS                                                                                   \
    "policy_id, enterprise, region, state, rule_version, amount_fen, eligible_since, "             \
    "lapsed_at, matched_at"
static const char SQL_ENT_RANGE[] = "SELECT " ENT_COLS " FROM policy_entitlements "
                                    "WHERE enterprise >= ? AND enterprise <= ? "
                                    "ORDER BY enterprise, policy_id";
/* The same restricted to the enterprises of the counties lo..hi. */
static const char SQL_ENT_RANGE_REGION[] =
    "SELECT p.policy_id, p.enterprise, p.region, p.state, p.rule_version, p.amount_fen, "
    "p.eligible_since, p.lapsed_at, p.matched_at FROM policy_entitlements p "
    "JOIN enterprises e ON e.uscc = p.enterprise WHERE e.region >= ? AND e.region <= ? "
    "AND p.enterprise >= ? AND p.enterprise <= ? ORDER BY p.enterprise, p.policy_id";
static const char SQL_ENT_INSERT[] =
    "INSERT INTO policy_entitlements (" ENT_COLS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_ENT_UPDATE[] =
    "UPDATE policy_entitlements SET region = ?, state = ?, rule_version = ?, amount_fen = ?, "
    "eligible_since = ?, lapsed_at = ?, matched_at = ? WHERE policy_id = ? AND enterprise = ?";
static const char SQL_ENT_COUNTS[] =
    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN state = 'eligible' THEN 1 ELSE 0 END), 0) "
    "FROM policy_entitlements WHERE policy_id = ?";

void fg_policy_row_record(const fg_policy_row *r, fg_policy_record *out)
{
    *out =
        (fg_policy_record){r->region,     r->department, r->title,      r->doc_number, r->doc_date,
                           r->valid_from, r->valid_to,   r->budget_fen, r->automatic};
}

static void copy(char *dst, size_t cap, const char *s)
{
    snprintf(dst, cap, "%s", s ? s : "");
}

static int row_read(fg_db *db, fg_stmt *st, fg_policy_row *r, fg_err *err)
{
    memset(r, 0, sizeof(*r));
    copy(r->id, sizeof(r->id), fg_db_text(db, st, 0));
    r->region = (int32_t)fg_db_int(db, st, 1);
    copy(r->department, sizeof(r->department), fg_db_text(db, st, 2));
    copy(r->title, sizeof(r->title), fg_db_text(db, st, 3));
    copy(r->doc_number, sizeof(r->doc_number), fg_db_text(db, st, 4));
    r->doc_date = (int32_t)fg_db_int(db, st, 5);
    r->valid_from = (int32_t)fg_db_int(db, st, 6);
    r->valid_to = (int32_t)fg_db_int(db, st, 7);
    if (fg_benefit_parse(fg_db_text(db, st, 8), &r->benefit, NULL))
        return fg_err_set(err, FG_EDB, "policy %s: stored benefit is unknown", r->id);
    r->rule_version = (int)fg_db_int(db, st, 9);
    r->budget_fen = fg_db_int(db, st, 10);
    r->committed_fen = fg_db_int(db, st, 11);
    r->automatic = fg_db_int(db, st, 12) != 0;
    if (fg_policy_state_parse(fg_db_text(db, st, 13), &r->state, NULL))
        return fg_err_set(err, FG_EDB, "policy %s: stored state is unknown", r->id);
    copy(r->created_by, sizeof(r->created_by), fg_db_text(db, st, 14));
    r->created_at = fg_db_int(db, st, 15);
    r->published_at = fg_db_int(db, st, 16);
    r->withdrawn_at = fg_db_int(db, st, 17);
    r->updated_at = fg_db_int(db, st, 18);
    r->version = (int)fg_db_int(db, st, 19);
    return 0;
}

static json_t *day_json(int32_t d)
{
    char s[11];
    fg_date_format(d, s);
    return json_string(s);
}

static json_t *time_json(int64_t ms)
{
    char s[25];
    if (!ms)
        return json_null();
    fg_time_format(ms, s);
    return json_string(s);
}

json_t *fg_policy_row_json(const fg_policy_row *r)
{
    char region[7];
    snprintf(region, sizeof(region), "%06d", (int)r->region);
    json_t *j = json_pack(
        "{s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:s,s:i,s:I,s:I,s:b,s:s,s:s,s:o,"
        "s:o,s:o,s:o,s:i}",
        "id", r->id, "region", region, "department", r->department, "title", r->title, "doc_number",
        r->doc_number, "doc_date", day_json(r->doc_date), "valid_from", day_json(r->valid_from),
        "valid_to", day_json(r->valid_to), "benefit", fg_benefit_name(r->benefit), "rule_version",
        r->rule_version, "budget_fen", (json_int_t)r->budget_fen, "committed_fen",
        (json_int_t)r->committed_fen, "automatic", r->automatic, "state",
        fg_policy_state_name(r->state), "created_by", r->created_by, "created_at",
        time_json(r->created_at), "published_at", time_json(r->published_at), "withdrawn_at",
        time_json(r->withdrawn_at), "updated_at", time_json(r->updated_at), "version", r->version);
    return j;
}

static int region_known(fg_db *db, int32_t region, fg_err *err)
{
    int rc = fg_store_region_exists(db, region, err);
    if (rc == FG_ENOTFOUND)
        return fg_err_at(err, FG_EINVAL, "region", "region.unknown", "unknown region {region:%06d}",
                         (int)region);
    return rc;
}

/* Checks a rule and writes its canonical text (new, free()). */
static int rule_canon(const char *rule, size_t len, char **out, fg_err *err)
{
    fg_policy_rule r;
    int rc = fg_policy_rule_load(&r, rule, len, err);
    if (rc)
        return rc;
    *out = json_dumps(r.json, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fg_policy_rule_release(&r);
    return *out ? 0 : fg_err_set(err, FG_ENOMEM, "out of memory");
}

static json_t *record_json(const fg_policy_record *p)
{
    char region[7];
    snprintf(region, sizeof(region), "%06d", (int)p->region);
    return json_pack("{s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:I,s:b}", "region", region, "department",
                     p->department, "title", p->title, "doc_number", p->doc_number, "doc_date",
                     day_json(p->doc_date), "valid_from", day_json(p->valid_from), "valid_to",
                     day_json(p->valid_to), "budget_fen", (json_int_t)p->budget_fen, "automatic",
                     p->automatic);
}

int fg_store_policy_create(fg_tx *tx, const fg_policy_record *rec, const char *rule, size_t len,
                           const char *note, char out_id[37], fg_err *err)
{
    int rc = fg_policy_record_check(rec, err);
    if (rc || (rc = region_known(tx->db, rec->region, err)))
        return rc;
    char *canon;
    fg_benefit benefit;
    {
        fg_policy_rule r;
        if ((rc = fg_policy_rule_load(&r, rule, len, err)))
            return rc;
        benefit = r.benefit;
        canon = json_dumps(r.json, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fg_policy_rule_release(&r);
        if (!canon)
            return fg_err_set(err, FG_ENOMEM, "out of memory");
    }
    fg_clock_uuid(out_id);
    rc = fg_db_run(tx->db, err, SQL_POLICY_INSERT, "tdtttdddtibtii", out_id, (int)rec->region,
                   rec->department, rec->title, rec->doc_number, (int)rec->doc_date,
                   (int)rec->valid_from, (int)rec->valid_to, fg_benefit_name(benefit),
                   rec->budget_fen, rec->automatic, tx->actor, tx->now_ms, tx->now_ms);
    if (rc == 0)
        rc = fg_db_run(tx->db, err, SQL_RULE_INSERT, "tdttti", out_id, 1, canon, note ? note : "",
                       tx->actor, tx->now_ms);
    free(canon);
    if (rc)
        return rc;
    json_t *d = json_pack("{s:o,s:s,s:i}", "after", record_json(rec), "benefit",
                          fg_benefit_name(benefit), "rule_version", 1);
    rc = fg_tx_audit(tx, "policy.create", "policy", out_id, rec->region, d, err);
    json_decref(d);
    return rc;
}

int fg_store_policy_get(fg_db *db, const char *id, fg_policy_row *out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_POLICY_GET, "t", id);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_err_at(err, FG_ENOTFOUND, "id", "policy.not_found", "no policy {id:%.40s}", id);
    rc = row_read(db, st, out, err);
    fg_db_done(db, st);
    return rc;
}

static int stale_err(const fg_policy_row *before, fg_err *err)
{
    return fg_err_at(err, FG_ECONFLICT, NULL, "policy.stale",
                     "policy {id:%s} changed since it was read; reload it and try again",
                     before->id);
}

static int stale(fg_tx *tx, const fg_policy_row *before, fg_err *err)
{
    return tx->db->ops->changes(tx->db) == 1 ? 0 : stale_err(before, err);
}

int fg_store_policy_update(fg_tx *tx, const fg_policy_row *before, const fg_policy_record *rec,
                           fg_err *err)
{
    int rc = fg_policy_record_check(rec, err);
    if (rc || (rc = region_known(tx->db, rec->region, err)))
        return rc;
    if ((rc = fg_db_run(tx->db, err, SQL_POLICY_UPDATE, "dtttdddibitdii", (int)rec->region,
                        rec->department, rec->title, rec->doc_number, (int)rec->doc_date,
                        (int)rec->valid_from, (int)rec->valid_to, rec->budget_fen, rec->automatic,
                        tx->now_ms, before->id, before->version, rec->budget_fen, rec->budget_fen)))
        return rc;
    if (tx->db->ops->changes(tx->db) != 1) {
        /* Still at the version read: the claims committed since hold more
         * than the new budget (the claims commit without a new version). */
        fg_stmt *st;
        if ((rc = fg_db_row(tx->db, &st, err, SQL_POLICY_COMMITTED, "td", before->id,
                            before->version)) < 0)
            return rc;
        if (rc == 0)
            return stale_err(before, err);
        int64_t committed = fg_db_int(tx->db, st, 0);
        fg_db_done(tx->db, st);
        char yuan[32];
        snprintf(yuan, sizeof(yuan), "%lld.%02lld", (long long)(committed / 100),
                 (long long)(committed % 100));
        return fg_err_at(err, FG_ECONFLICT, "budget_fen", "policy.budget_below_committed",
                         "the claims approved so far commit {committed:%s} yuan, more than the "
                         "new budget; the budget may not be set below that",
                         yuan);
    }
    fg_policy_record b;
    fg_policy_row_record(before, &b);
    json_t *d = json_pack("{s:o,s:o}", "before", record_json(&b), "after", record_json(rec));
    rc = fg_tx_audit(tx, "policy.update", "policy", before->id, rec->region, d, err);
    json_decref(d);
    return rc;
}

int fg_store_policy_rule_add(fg_tx *tx, const fg_policy_row *before, const char *rule, size_t len,
                             const char *note, int *out_version, fg_err *err)
{
    char *canon;
    int rc = rule_canon(rule, len, &canon, err);
    if (rc)
        return rc;
    fg_policy_rule r;
    /* The benefit kind is the policy's: a new rule may not change it. */
    if ((rc = fg_policy_rule_load(&r, canon, strlen(canon), err))) {
        free(canon);
        return rc;
    }
    fg_benefit benefit = r.benefit;
    fg_policy_rule_release(&r);
    if (benefit != before->benefit) {
        free(canon);
        return fg_err_at(err, FG_EINVAL, "rule", "policy.benefit_changed",
                         "the rule's benefit must stay {benefit:%s}",
                         fg_benefit_name(before->benefit));
    }
    fg_stmt *st;
    int version = 1;
    if ((rc = fg_db_row(tx->db, &st, err, SQL_RULE_MAX, "t", before->id)) < 0) {
        free(canon);
        return rc;
    }
    if (rc == 1) {
        version = (int)fg_db_int(tx->db, st, 0) + 1;
        fg_db_done(tx->db, st);
    }
    rc = fg_db_run(tx->db, err, SQL_POLICY_RULE_VERSION, "ditd", version, tx->now_ms, before->id,
                   before->version);
    if (rc == 0)
        rc = stale(tx, before, err);
    if (rc == 0)
        rc = fg_db_run(tx->db, err, SQL_RULE_INSERT, "tdttti", before->id, version, canon,
                       note ? note : "", tx->actor, tx->now_ms);
    free(canon);
    if (rc)
        return rc;
    json_t *d = json_pack("{s:i,s:i,s:s}", "before", before->rule_version, "after", version, "note",
                          note ? note : "");
    rc = fg_tx_audit(tx, "policy.rule", "policy", before->id, before->region, d, err);
    json_decref(d);
    if (rc == 0)
        *out_version = version;
    return rc;
}

int fg_store_policy_rule_get(fg_db *db, const char *id, int version, char **out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_RULE_GET, "td", id, version);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_err_at(err, FG_ENOTFOUND, "version", "policy.rule_not_found",
                         "policy {id:%.40s} has no rule version {version:%d}", id, version);
    *out = strdup(fg_db_text(db, st, 0));
    fg_db_done(db, st);
    return *out ? 0 : fg_err_set(err, FG_ENOMEM, "out of memory");
}

int fg_store_policy_rule_versions(fg_db *db, const char *id, json_t **out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_RULE_VERSIONS, "t", id);
    if (rc)
        return rc;
    json_t *arr = json_array();
    while ((rc = fg_db_step(db, st, err)) == 1)
        json_array_append_new(
            arr, json_pack("{s:I,s:s,s:s,s:o}", "version", (json_int_t)fg_db_int(db, st, 0), "note",
                           fg_db_text(db, st, 1), "created_by", fg_db_text(db, st, 2), "created_at",
                           time_json(fg_db_int(db, st, 3))));
    fg_db_done(db, st);
    if (rc < 0) {
        json_decref(arr);
        return rc;
    }
    *out = arr;
    return 0;
}

int fg_store_policy_set_state(fg_tx *tx, const fg_policy_row *before, fg_policy_state to,
                              fg_err *err)
{
    return fg_store_policy_set_state_why(tx, before, to, NULL, err);
}

int fg_store_policy_set_state_why(fg_tx *tx, const fg_policy_row *before, fg_policy_state to,
                                  const char *reason, fg_err *err)
{
    int64_t published = to == FG_POLICY_PUBLISHED ? tx->now_ms : before->published_at;
    int64_t withdrawn = to == FG_POLICY_WITHDRAWN ? tx->now_ms : before->withdrawn_at;
    int rc = fg_db_run(tx->db, err, SQL_POLICY_STATE, "tiiitd", fg_policy_state_name(to), published,
                       withdrawn, tx->now_ms, before->id, before->version);
    if (rc || (rc = stale(tx, before, err)))
        return rc;
    json_t *d = json_pack("{s:s,s:s}", "before", fg_policy_state_name(before->state), "after",
                          fg_policy_state_name(to));
    if (reason)
        json_object_set_new(d, "reason", json_string(reason));
    rc = fg_tx_audit(tx, to == FG_POLICY_PUBLISHED ? "policy.publish" : "policy.withdraw", "policy",
                     before->id, before->region, d, err);
    json_decref(d);
    return rc;
}

void fg_policy_live_free(fg_policy_live *p, size_t n)
{
    for (size_t i = 0; p && i < n; i++)
        free(p[i].rule);
    free(p);
}

int fg_store_policies_applying(fg_db *db, int32_t date, fg_policy_live **out, size_t *out_n,
                               fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_POLICIES_APPLYING, "dd", (int)date, (int)date);
    if (rc)
        return rc;
    fg_policy_live *arr = NULL;
    size_t n = 0, cap = 0;
    while ((rc = fg_db_step(db, st, err)) == 1) {
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 8;
            fg_policy_live *grown = realloc(arr, nc * sizeof(*arr));
            if (!grown) {
                rc = fg_err_set(err, FG_ENOMEM, "out of memory");
                break;
            }
            arr = grown;
            cap = nc;
        }
        arr[n].rule = NULL;
        if ((rc = row_read(db, st, &arr[n].row, err)))
            break;
        arr[n].rule = strdup(fg_db_text(db, st, 20));
        n++;
        if (!arr[n - 1].rule) {
            rc = fg_err_set(err, FG_ENOMEM, "out of memory");
            break;
        }
    }
    fg_db_done(db, st);
    if (rc < 0) {
        fg_policy_live_free(arr, n);
        return rc;
    }
    *out = arr;
    *out_n = n;
    return 0;
}

int fg_store_policies_json(fg_db *db, json_t **out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_POLICIES_ALL, "");
    if (rc)
        return rc;
    json_t *arr = json_array();
    fg_policy_row *r = malloc(sizeof(*r));
    if (!r) {
        fg_db_done(db, st);
        json_decref(arr);
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    }
    while ((rc = fg_db_step(db, st, err)) == 1) {
        if ((rc = row_read(db, st, r, err)))
            break;
        json_array_append_new(arr, fg_policy_row_json(r));
    }
    free(r);
    fg_db_done(db, st);
    if (rc < 0) {
        json_decref(arr);
        return rc;
    }
    *out = arr;
    return 0;
}

/* ---- benefit facts -------------------------------------------------------- */

static int64_t int_or_unknown(fg_db *db, fg_stmt *st, int col)
{
    return fg_db_text(db, st, col) ? fg_db_int(db, st, col) : -1;
}

int fg_store_benefit_facts_get(fg_db *db, const char *uscc, fg_benefit_facts *out, fg_err *err)
{
    *out = (fg_benefit_facts){-1, -1, -1, -1};
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_FACTS_GET, "t", uscc);
    if (rc <= 0)
        return rc;
    out->insured = int_or_unknown(db, st, 0);
    out->monthly_rent = int_or_unknown(db, st, 1);
    out->monthly_contributions = int_or_unknown(db, st, 2);
    out->vat_credit = int_or_unknown(db, st, 3);
    fg_db_done(db, st);
    return 0;
}

static json_t *facts_json(const fg_benefit_facts *f)
{
#define FACT(x) ((x) >= 0 ? json_integer(x) : json_null())
    return json_pack("{s:o,s:o,s:o,s:o}", "insured", FACT(f->insured), "monthly_rent_fen",
                     FACT(f->monthly_rent), "monthly_contributions_fen",
                     FACT(f->monthly_contributions), "vat_credit_fen", FACT(f->vat_credit));
#undef FACT
}

int fg_store_benefit_facts_set(fg_tx *tx, const char *uscc, int32_t region,
                               const fg_benefit_facts *f, fg_err *err)
{
    fg_benefit_facts before;
    int rc = fg_store_benefit_facts_get(tx->db, uscc, &before, err);
    if (rc)
        return rc;
    if ((rc = fg_db_run(tx->db, err, SQL_FACTS_PUT, "tnnnnti", uscc, f->insured, f->monthly_rent,
                        f->monthly_contributions, f->vat_credit, tx->actor, tx->now_ms)))
        return rc;
    json_t *d = json_pack("{s:o,s:o}", "before", facts_json(&before), "after", facts_json(f));
    rc = fg_tx_audit(tx, "enterprise.benefit_facts", "enterprise", uscc, region, d, err);
    json_decref(d);
    return rc;
}

/* ---- what the matching reads -------------------------------------------- */

/* "critical" is derived from critical_marks (issue 12), as enterprises.c
 * reads it; the column enterprises.critical is no longer kept. */

static const char SQL_SUBJECTS[] =
    "SELECT e.uscc, e.region, e.industry, e.headcount, e.capacity, e.categories, "
    "CASE WHEN EXISTS (SELECT 1 FROM critical_marks c WHERE c.enterprise = e.uscc) THEN 1 "
    "ELSE 0 END, "
    "CASE WHEN EXISTS (SELECT 1 FROM whitelist_members w WHERE w.enterprise = e.uscc) THEN 1 "
    "ELSE 0 END, f.insured, f.monthly_rent, f.monthly_contributions, f.vat_credit "
    "FROM enterprises e LEFT JOIN enterprise_benefit_facts f ON f.enterprise = e.uscc "
    "WHERE e.uscc > ? ORDER BY e.uscc LIMIT ?";
static const char SQL_SUBJECT_ONE[] =
    "SELECT e.uscc, e.region, e.industry, e.headcount, e.capacity, e.categories, "
    "CASE WHEN EXISTS (SELECT 1 FROM critical_marks c WHERE c.enterprise = e.uscc) THEN 1 "
    "ELSE 0 END, "
    "CASE WHEN EXISTS (SELECT 1 FROM whitelist_members w WHERE w.enterprise = e.uscc) THEN 1 "
    "ELSE 0 END, f.insured, f.monthly_rent, f.monthly_contributions, f.vat_credit "
    "FROM enterprises e LEFT JOIN enterprise_benefit_facts f ON f.enterprise = e.uscc "
    "WHERE e.uscc = ?";
static const char SQL_SUBJECTS_REGION[] =
    "SELECT e.uscc, e.region, e.industry, e.headcount, e.capacity, e.categories, "
    "CASE WHEN EXISTS (SELECT 1 FROM critical_marks c WHERE c.enterprise = e.uscc) THEN 1 "
    "ELSE 0 END, "
    "CASE WHEN EXISTS (SELECT 1 FROM whitelist_members w WHERE w.enterprise = e.uscc) THEN 1 "
    "ELSE 0 END, f.insured, f.monthly_rent, f.monthly_contributions, f.vat_credit "
    "FROM enterprises e LEFT JOIN enterprise_benefit_facts f ON f.enterprise = e.uscc "
    "WHERE e.region >= ? AND e.region <= ? AND e.uscc > ? ORDER BY e.uscc LIMIT ?";
static const char SQL_SUBJECT_REPORTS_REGION[] =
    "SELECT r.enterprise, r.day, r.staff_pct, r.capacity_pct FROM daily_reports r "
    "JOIN enterprises e ON e.uscc = r.enterprise WHERE e.region >= ? AND e.region <= ? "
    "AND r.enterprise >= ? AND r.enterprise <= ? AND r.is_current = 1 AND r.day = "
    "(SELECT MAX(x.day) FROM daily_reports x WHERE x.enterprise = r.enterprise "
    "AND x.is_current = 1 AND x.day <= ?) ORDER BY r.enterprise";
static const char SQL_SUBJECT_ORDERS_REGION[] =
    "SELECT o.enterprise, o.state, o.emergency, o.confirmed, o.measure, o.starts_at, o.ends_at, "
    "o.ended_at, o.lapses_at FROM orders o JOIN enterprises e ON e.uscc = o.enterprise "
    "WHERE e.region >= ? AND e.region <= ? AND o.enterprise >= ? AND o.enterprise <= ? "
    "AND o.state NOT IN ('pending', 'returned') ORDER BY o.enterprise";
static const char SQL_SUBJECT_REPORTS[] =
    "SELECT r.enterprise, r.day, r.staff_pct, r.capacity_pct FROM daily_reports r "
    "WHERE r.enterprise >= ? AND r.enterprise <= ? AND r.is_current = 1 AND r.day = "
    "(SELECT MAX(x.day) FROM daily_reports x WHERE x.enterprise = r.enterprise "
    "AND x.is_current = 1 AND x.day <= ?) ORDER BY r.enterprise";
static const char SQL_SUBJECT_ORDERS[] =
    "SELECT enterprise, state, emergency, confirmed, measure, starts_at, ends_at, ended_at, "
    "lapses_at FROM orders WHERE enterprise >= ? AND enterprise <= ? "
    "AND state NOT IN ('pending', 'returned') ORDER BY enterprise";

void fg_policy_batch_release(fg_policy_batch *b)
{
    free(b->s);
    free(b->orders);
    memset(b, 0, sizeof(*b));
}

/* The subject with USCC `uscc` at or after index *k (rows come in USCC
 * order), or NULL. */
static fg_policy_subject *subject_find(fg_policy_batch *b, size_t *k, const char *uscc)
{
    while (*k < b->n && strcmp(b->s[*k].e.uscc, uscc) < 0)
        (*k)++;
    return *k < b->n && strcmp(b->s[*k].e.uscc, uscc) == 0 ? &b->s[*k] : NULL;
}

static const char *order_states[] = {"pending", "returned", "in_force", "rejected", "withdrawn",
                                     "lapsed",  "lifted",   "expired",  "resumed"};

/* by_region: only the enterprises of the counties lo..hi. */
static int batch_load(fg_db *db, const char *after, const char *only, size_t limit, int32_t date,
                      bool by_region, int32_t rlo, int32_t rhi, fg_policy_batch *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    out->by_region = by_region;
    out->region_lo = rlo;
    out->region_hi = rhi;
    fg_stmt *st;
    int rc = only        ? fg_db_query(db, &st, err, SQL_SUBJECT_ONE, "t", only)
             : by_region ? fg_db_query(db, &st, err, SQL_SUBJECTS_REGION, "iiti", (int64_t)rlo,
                                       (int64_t)rhi, after, (int64_t)limit)
                         : fg_db_query(db, &st, err, SQL_SUBJECTS, "ti", after, (int64_t)limit);
    if (rc)
        return rc;
    size_t cap = only ? 1 : limit;
    out->s = calloc(cap ? cap : 1, sizeof(*out->s));
    if (!out->s) {
        fg_db_done(db, st);
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    }
    while (out->n < cap && (rc = fg_db_step(db, st, err)) == 1) {
        fg_policy_subject *x = &out->s[out->n++];
        copy(x->e.uscc, sizeof(x->e.uscc), fg_db_text(db, st, 0));
        x->e.region = (int32_t)fg_db_int(db, st, 1);
        copy(x->e.industry, sizeof(x->e.industry), fg_db_text(db, st, 2));
        x->e.headcount = fg_db_int(db, st, 3);
        x->e.capacity = fg_db_int(db, st, 4);
        x->e.categories = (unsigned)fg_db_int(db, st, 5);
        x->e.critical = fg_db_int(db, st, 6) != 0;
        x->whitelist = fg_db_int(db, st, 7) != 0;
        x->facts.insured = int_or_unknown(db, st, 8);
        x->facts.monthly_rent = int_or_unknown(db, st, 9);
        x->facts.monthly_contributions = int_or_unknown(db, st, 10);
        x->facts.vat_credit = int_or_unknown(db, st, 11);
    }
    fg_db_done(db, st);
    if (rc < 0)
        goto fail;
    if (out->n == 0) {
        if (only) {
            rc = fg_enterprise_not_found(err, only);
            goto fail;
        }
        return 0;
    }
    const char *lo = out->s[0].e.uscc, *hi = out->s[out->n - 1].e.uscc;
    char day[11];
    fg_date_format(date, day);
    if ((rc = by_region ? fg_db_query(db, &st, err, SQL_SUBJECT_REPORTS_REGION, "iittt",
                                      (int64_t)rlo, (int64_t)rhi, lo, hi, day)
                        : fg_db_query(db, &st, err, SQL_SUBJECT_REPORTS, "ttt", lo, hi, day)))
        goto fail;
    size_t k = 0;
    while ((rc = fg_db_step(db, st, err)) == 1) {
        fg_policy_subject *x = subject_find(out, &k, fg_db_text(db, st, 0));
        int32_t d;
        if (!x || fg_date_parse(fg_db_text(db, st, 1), &d, NULL))
            continue;
        x->report_day = d;
        x->staff_pct = (int)fg_db_int(db, st, 2);
        x->capacity_pct = (int)fg_db_int(db, st, 3);
    }
    fg_db_done(db, st);
    if (rc < 0)
        goto fail;
    if ((rc = by_region ? fg_db_query(db, &st, err, SQL_SUBJECT_ORDERS_REGION, "iitt", (int64_t)rlo,
                                      (int64_t)rhi, lo, hi)
                        : fg_db_query(db, &st, err, SQL_SUBJECT_ORDERS, "tt", lo, hi)))
        goto fail;
    size_t ocap = 0;
    k = 0;
    while ((rc = fg_db_step(db, st, err)) == 1) {
        fg_policy_subject *x = subject_find(out, &k, fg_db_text(db, st, 0));
        if (!x)
            continue;
        if (out->n_orders == ocap) {
            size_t nc = ocap ? ocap * 2 : 64;
            fg_policy_subject_order *g = realloc(out->orders, nc * sizeof(*g));
            if (!g) {
                rc = fg_err_set(err, FG_ENOMEM, "out of memory");
                break;
            }
            out->orders = g;
            ocap = nc;
        }
        fg_policy_subject_order *o = &out->orders[out->n_orders];
        const char *state = fg_db_text(db, st, 1);
        int si = -1;
        for (int i = 0; state && i < (int)FG_COUNTOF(order_states); i++)
            if (strcmp(state, order_states[i]) == 0)
                si = i;
        fg_measure m;
        if (si < 0 || fg_measure_parse(fg_db_text(db, st, 4), &m, NULL)) {
            rc = fg_err_set(err, FG_EDB, "an order of %s has an unknown state or measure",
                            x->e.uscc);
            break;
        }
        o->state = (fg_order_state)si;
        o->emergency = fg_db_int(db, st, 2) != 0;
        o->confirmed = fg_db_int(db, st, 3) != 0;
        o->measure = m;
        o->starts_at = fg_db_int(db, st, 5);
        o->ends_at = fg_db_int(db, st, 6);
        o->ended_at = fg_db_int(db, st, 7);
        o->lapses_at = fg_db_int(db, st, 8);
        if (x->n_orders == 0)
            x->first_order = out->n_orders;
        x->n_orders++;
        out->n_orders++;
    }
    fg_db_done(db, st);
    if (rc < 0)
        goto fail;
    return 0;
fail:
    fg_policy_batch_release(out);
    return rc;
}

int fg_store_policy_batch(fg_db *db, const char *after, const char *only, size_t limit,
                          int32_t date, fg_policy_batch *out, fg_err *err)
{
    return batch_load(db, after, only, limit, date, false, 0, 0, out, err);
}

int fg_store_policy_batch_region(fg_db *db, int32_t region, const char *after, size_t limit,
                                 int32_t date, fg_policy_batch *out, fg_err *err)
{
    int32_t lo, hi;
    fg_region_range(region, &lo, &hi);
    return batch_load(db, after, NULL, limit, date, true, lo, hi, out, err);
}

/* ---- entitlements ------------------------------------------------------- */

static int ent_range(fg_db *db, const fg_policy_batch *b, const char *from, const char *to,
                     fg_entitlement_row **out, size_t *out_n, fg_err *err)
{
    fg_stmt *st;
    int rc = b && b->by_region ? fg_db_query(db, &st, err, SQL_ENT_RANGE_REGION, "iitt",
                                             (int64_t)b->region_lo, (int64_t)b->region_hi, from, to)
                               : fg_db_query(db, &st, err, SQL_ENT_RANGE, "tt", from, to);
    if (rc)
        return rc;
    fg_entitlement_row *arr = NULL;
    size_t n = 0, cap = 0;
    while ((rc = fg_db_step(db, st, err)) == 1) {
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            fg_entitlement_row *grown = realloc(arr, nc * sizeof(*arr));
            if (!grown) {
                rc = fg_err_set(err, FG_ENOMEM, "out of memory");
                break;
            }
            arr = grown;
            cap = nc;
        }
        fg_entitlement_row *e = &arr[n++];
        copy(e->policy, sizeof(e->policy), fg_db_text(db, st, 0));
        copy(e->enterprise, sizeof(e->enterprise), fg_db_text(db, st, 1));
        e->region = (int32_t)fg_db_int(db, st, 2);
        const char *state = fg_db_text(db, st, 3);
        e->eligible = state && strcmp(state, "eligible") == 0;
        e->rule_version = (int)fg_db_int(db, st, 4);
        e->amount_fen = int_or_unknown(db, st, 5);
        e->eligible_since = fg_db_int(db, st, 6);
        e->lapsed_at = fg_db_int(db, st, 7);
        e->matched_at = fg_db_int(db, st, 8);
    }
    fg_db_done(db, st);
    if (rc < 0) {
        free(arr);
        return rc;
    }
    *out = arr;
    *out_n = n;
    return 0;
}

int fg_store_entitlements_range(fg_db *db, const char *from, const char *to,
                                fg_entitlement_row **out, size_t *out_n, fg_err *err)
{
    return ent_range(db, NULL, from, to, out, out_n, err);
}

int fg_store_entitlements_of_batch(fg_db *db, const fg_policy_batch *b, fg_entitlement_row **out,
                                   size_t *out_n, fg_err *err)
{
    *out = NULL;
    *out_n = 0;
    if (b->n == 0)
        return 0;
    return ent_range(db, b, b->s[0].e.uscc, b->s[b->n - 1].e.uscc, out, out_n, err);
}

static json_t *ent_json(const fg_entitlement_row *e)
{
    return json_pack("{s:s,s:i,s:o}", "state", e->eligible ? "eligible" : "lapsed", "rule_version",
                     e->rule_version, "amount_fen",
                     e->amount_fen >= 0 ? json_integer(e->amount_fen) : json_null());
}

int fg_store_entitlement_put(fg_tx *tx, const fg_entitlement_row *before,
                             const fg_entitlement_row *after, fg_err *err)
{
    const char *state = after->eligible ? "eligible" : "lapsed";
    int rc;
    if (!before)
        rc = fg_db_run(tx->db, err, SQL_ENT_INSERT, "ttdtdniii", after->policy, after->enterprise,
                       (int)after->region, state, after->rule_version, after->amount_fen,
                       after->eligible_since, after->lapsed_at, tx->now_ms);
    else
        rc = fg_db_run(tx->db, err, SQL_ENT_UPDATE, "dtdniiitt", (int)after->region, state,
                       after->rule_version, after->amount_fen, after->eligible_since,
                       after->lapsed_at, tx->now_ms, after->policy, after->enterprise);
    if (rc)
        return rc;
    const char *action = !after->eligible                 ? "policy.lapsed"
                         : (!before || !before->eligible) ? "policy.eligible"
                                                          : "policy.rematched";
    char entity[37 + 1 + 19];
    snprintf(entity, sizeof(entity), "%s/%s", after->policy, after->enterprise);
    json_t *d = json_pack("{s:o,s:o}", "before", before ? ent_json(before) : json_null(), "after",
                          ent_json(after));
    rc = fg_tx_audit(tx, action, "policy_entitlement", entity, after->region, d, err);
    json_decref(d);
    return rc;
}

int fg_store_entitlement_counts(fg_db *db, const char *policy, int64_t *out_eligible,
                                int64_t *out_ever, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_ENT_COUNTS, "t", policy);
    if (rc < 0)
        return rc;
    *out_ever = rc ? fg_db_int(db, st, 0) : 0;
    *out_eligible = rc ? fg_db_int(db, st, 1) : 0;
    if (rc)
        fg_db_done(db, st);
    return 0;
}
