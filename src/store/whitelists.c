/* White lists: lists, batches, applications and listings, recognition. */
#include "whitelists.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/region.h"
#include "../sys/clock.h"
#include "../util/buf.h"

static const char SQL_LIST_INSERT[] =
    "INSERT INTO whitelist_lists (id, chain, tier, region, created_by, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_LIST_FIND[] =
    "SELECT id FROM whitelist_lists WHERE chain = ? AND tier = ? AND region = ?";
static const char SQL_LIST_GET[] =
    "SELECT id, chain, tier, region FROM whitelist_lists WHERE id = ?";
static const char SQL_LISTS[] =
    "SELECT l.id, l.chain, l.tier, l.region, COALESCE(r.name, ''), "
    "(SELECT COUNT(*) FROM whitelist_applications a WHERE a.list_id = l.id "
    "AND a.state IN ('listed', 'due_review')) "
    "FROM whitelist_lists l LEFT JOIN regions r ON r.code = l.region "
    "WHERE (l.region BETWEEN ? AND ?) OR (? = 1 AND l.tier = 'national') "
    "ORDER BY l.region, l.chain, l.tier";
static const char SQL_BATCHES[] =
    "SELECT id, number, published_by, published_on, "
    "(SELECT COUNT(*) FROM whitelist_applications a WHERE a.batch_id = b.id) "
    "FROM whitelist_batches b WHERE list_id = ? ORDER BY number";
static const char SQL_BATCH_NEXT[] =
    "SELECT COALESCE(MAX(number), 0) + 1 FROM whitelist_batches WHERE list_id = ?";
static const char SQL_BATCH_INSERT[] =
    "INSERT INTO whitelist_batches (id, list_id, number, published_by, published_on, "
    "published_at) VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_BATCH_LAST[] =
    "SELECT id FROM whitelist_batches WHERE list_id = ? ORDER BY number DESC LIMIT 1";
static const char SQL_BATCH_GET[] =
    "SELECT number FROM whitelist_batches WHERE list_id = ? AND id = ?";

static const char SQL_APP_INSERT[] =
    "INSERT INTO whitelist_applications (id, list_id, enterprise, county, state, plan, staff, "
    "lodging, testing, stock_days, suppliers, industry_ok, health_ok, batch_id, listed_by, "
    "listed_on, review_on, reason, applied_by, applied_at, updated_at, version) "
    "VALUES (?, ?, ?, ?, 'applied', ?, ?, ?, ?, ?, ?, 0, 0, NULL, '', 0, 0, '', ?, ?, ?, 1)";
static const char SQL_APP_OPEN[] =
    "SELECT id, state FROM whitelist_applications WHERE list_id = ? AND enterprise = ? "
    "AND state NOT IN ('rejected', 'ended')";
#define APP_COLS                                                                                   \
    "a.id, a.list_id, l.chain, l.tier, l.region, a.enterprise, COALESCE(e.name, ''), a.county, "   \
    "a.state, a.plan, a.staff, a.lodging, a.testing, a.stock_days, a.suppliers, a.industry_ok, "   \
    "a.health_ok, COALESCE(a.batch_id, ''), COALESCE(b.number, 0), a.listed_by, a.listed_on, "     \
    "a.review_on, a.reason, a.applied_by, a.applied_at, a.updated_at, a.version "                  \
    "FROM whitelist_applications a JOIN whitelist_lists l ON l.id = a.list_id "                    \
    "LEFT JOIN enterprises e ON e.uscc = a.enterprise "                                            \
    "LEFT JOIN whitelist_batches b ON b.id = a.batch_id "
static const char SQL_APP_GET[] = "SELECT " APP_COLS "WHERE a.id = ?";
#define APP_WHERE                                                                                  \
    "WHERE a.county BETWEEN ? AND ? AND (? = '' OR a.enterprise = ?) "                             \
    "AND (? = '' OR a.list_id = ?) AND (? = '' OR a.state = ?) "
static const char SQL_APP_QUERY[] =
    "SELECT " APP_COLS APP_WHERE "ORDER BY a.applied_at DESC, a.id LIMIT ? OFFSET ?";
static const char SQL_APP_COUNT[] = "SELECT COUNT(*) FROM whitelist_applications a " APP_WHERE;
static const char SQL_APP_UPDATE[] =
    "UPDATE whitelist_applications SET state = ?, industry_ok = ?, health_ok = ?, "
    "batch_id = COALESCE(?, batch_id), listed_by = ?, listed_on = ?, review_on = ?, reason = ?, "
    "updated_at = ?, version = version + 1 WHERE id = ? AND version = ?";
static const char SQL_APP_ENDED[] =
    "SELECT id, updated_at FROM whitelist_applications WHERE state = 'ended' AND listed_on > 0";
static const char SQL_APP_DUE[] =
    "SELECT id FROM whitelist_applications WHERE state = 'listed' AND review_on > 0 "
    "AND review_on <= ? ORDER BY review_on, id LIMIT ?";

static const char SQL_REC_INSERT[] =
    "INSERT INTO whitelist_recognitions (id, list_id, from_province, to_province, asked_by, "
    "asked_at, due_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char SQL_REC_ITEMS_ALL[] =
    "INSERT INTO whitelist_recognition_items (recognition_id, listing_id, enterprise, state, "
    "decided_by, decided_at, reason) SELECT ?, id, enterprise, 'pending', '', 0, '' "
    "FROM whitelist_applications WHERE list_id = ? AND state IN ('listed', 'due_review')";
static const char SQL_REC_ITEM_ONE[] =
    "INSERT INTO whitelist_recognition_items (recognition_id, listing_id, enterprise, state, "
    "decided_by, decided_at, reason) SELECT ?, id, enterprise, 'pending', '', 0, '' "
    "FROM whitelist_applications WHERE list_id = ? AND enterprise = ? "
    "AND state IN ('listed', 'due_review')";
static const char SQL_REC_COUNT[] =
    "SELECT COUNT(*) FROM whitelist_recognition_items WHERE recognition_id = ?";
static const char SQL_REC_GET[] =
    "SELECT id, list_id, from_province, to_province, due_at FROM whitelist_recognitions "
    "WHERE id = ?";
static const char SQL_REC_HEAD[] =
    "SELECT q.id, q.list_id, l.chain, l.tier, l.region, q.from_province, q.to_province, "
    "q.asked_by, q.asked_at, q.due_at FROM whitelist_recognitions q "
    "JOIN whitelist_lists l ON l.id = q.list_id WHERE q.id = ?";
static const char SQL_REC_ITEMS[] =
    "SELECT i.enterprise, COALESCE(e.name, ''), i.state, i.decided_by, i.decided_at, i.reason "
    "FROM whitelist_recognition_items i LEFT JOIN enterprises e ON e.uscc = i.enterprise "
    "WHERE i.recognition_id = ? ORDER BY i.enterprise";
static const char SQL_RECS[] =
    "SELECT id FROM whitelist_recognitions WHERE ? = 0 OR from_province = ? OR to_province = ? "
    "ORDER BY asked_at DESC, id LIMIT 200";
static const char SQL_REC_ITEM_STATE[] =
    "SELECT state FROM whitelist_recognition_items WHERE recognition_id = ? AND enterprise = ?";
static const char SQL_REC_ANSWER[] =
    "UPDATE whitelist_recognition_items SET state = ?, decided_by = ?, decided_at = ?, "
    "reason = ? WHERE recognition_id = ? AND enterprise = ? AND state = 'pending'";
static const char SQL_MEMBER_REGIONS[] =
    "SELECT DISTINCT region FROM whitelist_members WHERE enterprise = ? ORDER BY region";
static const char SQL_RECOGNISED_IN[] =
    "SELECT DISTINCT q.to_province FROM whitelist_recognition_items i "
    "JOIN whitelist_recognitions q ON q.id = i.recognition_id "
    "JOIN whitelist_applications a ON a.id = i.listing_id "
    "WHERE i.enterprise = ? AND i.state = 'accepted' AND a.state IN ('listed', 'due_review') "
    "ORDER BY q.to_province";

static char *dup(const char *s)
{
    size_t n = strlen(s ? s : "");
    char *p = malloc(n + 1);
    if (p)
        memcpy(p, s ? s : "", n + 1);
    return p;
}

void fg_wl_row_release(fg_wl_row *r)
{
    free(r->plan);
    free(r->suppliers);
    free(r->reason);
    r->plan = r->suppliers = r->reason = NULL;
}

/* The stored names are those the CHECK constraints allow. */
static void parse_list(const char *chain, const char *tier, fg_wl_list_row *l)
{
    if (fg_chain_parse(chain, &l->chain, NULL))
        l->chain = FG_CHAIN_OTHER;
    if (fg_wl_tier_parse(tier, &l->tier, NULL))
        l->tier = FG_WL_COUNTY;
}

static int row_read(fg_db *db, fg_stmt *st, fg_wl_row *r, fg_err *err)
{
    memset(r, 0, sizeof(*r));
    fg_strlcpy(r->id, fg_db_text(db, st, 0), sizeof(r->id));
    fg_strlcpy(r->list.id, fg_db_text(db, st, 1), sizeof(r->list.id));
    parse_list(fg_db_text(db, st, 2), fg_db_text(db, st, 3), &r->list);
    r->list.region = (int32_t)fg_db_int(db, st, 4);
    fg_strlcpy(r->enterprise, fg_db_text(db, st, 5), sizeof(r->enterprise));
    fg_strlcpy(r->enterprise_name, fg_db_text(db, st, 6), sizeof(r->enterprise_name));
    r->w.county = (int32_t)fg_db_int(db, st, 7);
    fg_wl_state_parse(fg_db_text(db, st, 8), &r->w.state);
    r->w.tier = r->list.tier;
    r->w.list_region = r->list.region;
    r->plan = dup(fg_db_text(db, st, 9));
    r->c.staff = (int)fg_db_int(db, st, 10);
    r->c.lodging = (int)fg_db_int(db, st, 11);
    r->c.testing = (int)fg_db_int(db, st, 12);
    r->c.stock_days = (int)fg_db_int(db, st, 13);
    r->suppliers = dup(fg_db_text(db, st, 14));
    r->w.industry_ok = fg_db_int(db, st, 15) != 0;
    r->w.health_ok = fg_db_int(db, st, 16) != 0;
    fg_strlcpy(r->batch_id, fg_db_text(db, st, 17), sizeof(r->batch_id));
    r->batch_number = (int)fg_db_int(db, st, 18);
    fg_strlcpy(r->listed_by, fg_db_text(db, st, 19), sizeof(r->listed_by));
    r->listed_on = (int32_t)fg_db_int(db, st, 20);
    r->w.review_on = (int32_t)fg_db_int(db, st, 21);
    r->reason = dup(fg_db_text(db, st, 22));
    fg_strlcpy(r->applied_by, fg_db_text(db, st, 23), sizeof(r->applied_by));
    r->applied_at = fg_db_int(db, st, 24);
    r->updated_at = fg_db_int(db, st, 25);
    r->version = (int)fg_db_int(db, st, 26);
    if (!r->plan || !r->suppliers || !r->reason) {
        fg_wl_row_release(r);
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    }
    return 0;
}

static json_t *date_or_null(int32_t d)
{
    if (d <= 0)
        return json_null();
    char s[11];
    fg_date_format(d, s);
    return json_string(s);
}

static json_t *code_json(int32_t c)
{
    char s[7];
    fg_region_format(c, s);
    return json_string(s);
}

json_t *fg_wl_row_json(const fg_wl_row *r)
{
    char at[25], up[25];
    fg_time_format(r->applied_at, at);
    fg_time_format(r->updated_at, up);
    json_t *sup = json_array();
    const char *p = r->suppliers;
    while (p && *p) {
        const char *c = strchr(p, ',');
        size_t n = c ? (size_t)(c - p) : strlen(p);
        json_array_append_new(sup, json_stringn(p, n));
        p = c ? c + 1 : p + n;
    }
    json_t *j = json_pack(
        "{s:s,s:s,s:s,s:s,s:o,s:s,s:s,s:o,s:s,s:s,s:{s:i,s:i,s:i,s:i},s:o,s:{s:b,s:b},s:b}", "id",
        r->id, "list_id", r->list.id, "chain", fg_chain_name(r->list.chain), "tier",
        fg_wl_tier_name(r->list.tier), "list_region", code_json(r->list.region), "enterprise",
        r->enterprise, "enterprise_name", r->enterprise_name, "county", code_json(r->w.county),
        "state", fg_wl_state_name(r->w.state), "plan", r->plan, "commitment", "staff", r->c.staff,
        "lodging", r->c.lodging, "testing", r->c.testing, "stock_days", r->c.stock_days,
        "suppliers", sup, "reviews", "industry", r->w.industry_ok, "health", r->w.health_ok,
        "in_force", fg_wl_in_force(r->w.state));
    if (!j)
        return NULL;
    json_object_set_new(j, "batch", r->batch_number ? json_integer(r->batch_number) : json_null());
    json_object_set_new(j, "batch_id", r->batch_id[0] ? json_string(r->batch_id) : json_null());
    json_object_set_new(j, "listed_by", r->listed_by[0] ? json_string(r->listed_by) : json_null());
    json_object_set_new(j, "listed_on", date_or_null(r->listed_on));
    json_object_set_new(j, "review_on", date_or_null(r->w.review_on));
    json_object_set_new(j, "reason", r->reason[0] ? json_string(r->reason) : json_null());
    json_object_set_new(j, "applied_by", json_string(r->applied_by));
    json_object_set_new(j, "applied_at", json_string(at));
    json_object_set_new(j, "updated_at", json_string(up));
    json_object_set_new(j, "version", json_integer(r->version));
    return j;
}

int fg_store_wl_list_create(fg_tx *tx, fg_keychain chain, fg_wl_tier tier, int32_t region,
                            char out_id[37], fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(tx->db, &st, err, SQL_LIST_FIND, "ttd", fg_chain_name(chain),
                       fg_wl_tier_name(tier), (int)region);
    if (rc < 0)
        return rc;
    if (rc == 1) {
        fg_db_done(tx->db, st);
        return fg_err_at(err, FG_ECONFLICT, "chain", "whitelist.list_exists",
                         "region {region:%06d} already keeps a {tier:%s} list for that chain",
                         (int)region, fg_wl_tier_name(tier));
    }
    fg_clock_uuid(out_id);
    if ((rc = fg_db_run(tx->db, err, SQL_LIST_INSERT, "tttdti", out_id, fg_chain_name(chain),
                        fg_wl_tier_name(tier), (int)region, tx->actor, tx->now_ms)))
        return rc;
    json_t *d = json_pack("{s:s,s:s,s:o}", "chain", fg_chain_name(chain), "tier",
                          fg_wl_tier_name(tier), "region", code_json(region));
    rc = fg_tx_audit(tx, "whitelist.list_create", "whitelist_list", out_id, region, d, err);
    json_decref(d);
    return rc;
}

int fg_store_wl_list_get(fg_db *db, const char *id, fg_wl_list_row *out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_LIST_GET, "t", id);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_err_at(err, FG_ENOTFOUND, "list", "whitelist.no_list", "no such white list");
    memset(out, 0, sizeof(*out));
    fg_strlcpy(out->id, fg_db_text(db, st, 0), sizeof(out->id));
    parse_list(fg_db_text(db, st, 1), fg_db_text(db, st, 2), out);
    out->region = (int32_t)fg_db_int(db, st, 3);
    fg_db_done(db, st);
    return 0;
}

int fg_store_wl_list_find(fg_db *db, fg_keychain chain, fg_wl_tier tier, int32_t region,
                          char out_id[37], fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_LIST_FIND, "ttd", fg_chain_name(chain),
                       fg_wl_tier_name(tier), (int)region);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_err_at(err, FG_ENOTFOUND, "list", "whitelist.no_list", "no such white list");
    fg_strlcpy(out_id, fg_db_text(db, st, 0), 37);
    fg_db_done(db, st);
    return 0;
}

static int batches_json(fg_db *db, const char *list_id, json_t **out, fg_err *err)
{
    fg_stmt *st;
    *out = json_array();
    int rc = fg_db_query(db, &st, err, SQL_BATCHES, "t", list_id);
    if (rc)
        return rc;
    while ((rc = fg_db_step(db, st, err)) == 1)
        json_array_append_new(*out, json_pack("{s:s,s:I,s:s,s:o,s:I}", "id", fg_db_text(db, st, 0),
                                              "number", (json_int_t)fg_db_int(db, st, 1),
                                              "published_by", fg_db_text(db, st, 2), "published_on",
                                              date_or_null((int32_t)fg_db_int(db, st, 3)),
                                              "members", (json_int_t)fg_db_int(db, st, 4)));
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}

int fg_store_wl_lists(fg_db *db, int32_t lo, int32_t hi, bool with_national, json_t **out,
                      fg_err *err)
{
    fg_stmt *st;
    *out = json_array();
    int rc = fg_db_query(db, &st, err, SQL_LISTS, "ddb", (int)lo, (int)hi, with_national);
    if (rc)
        return rc;
    while ((rc = fg_db_step(db, st, err)) == 1) {
        fg_wl_list_row l;
        parse_list(fg_db_text(db, st, 1), fg_db_text(db, st, 2), &l);
        json_array_append_new(
            *out, json_pack("{s:s,s:s,s:s,s:o,s:s,s:I}", "id", fg_db_text(db, st, 0), "chain",
                            fg_chain_name(l.chain), "tier", fg_wl_tier_name(l.tier), "region",
                            code_json((int32_t)fg_db_int(db, st, 3)), "region_name",
                            fg_db_text(db, st, 4), "members", (json_int_t)fg_db_int(db, st, 5)));
    }
    fg_db_done(db, st);
    size_t i;
    json_t *v;
    json_array_foreach(*out, i, v)
    {
        if (rc < 0)
            break;
        json_t *b = NULL;
        rc = batches_json(db, json_string_value(json_object_get(v, "id")), &b, err);
        json_object_set_new(v, "batches", b);
    }
    return rc < 0 ? rc : 0;
}

int fg_store_wl_batch_publish(fg_tx *tx, const fg_wl_list_row *l, int32_t date, char out_id[37],
                              int *out_number, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(tx->db, &st, err, SQL_BATCH_NEXT, "t", l->id);
    if (rc < 0)
        return rc;
    *out_number = rc == 1 ? (int)fg_db_int(tx->db, st, 0) : 1;
    if (rc == 1)
        fg_db_done(tx->db, st);
    fg_clock_uuid(out_id);
    if ((rc = fg_db_run(tx->db, err, SQL_BATCH_INSERT, "ttdtdi", out_id, l->id, *out_number,
                        tx->actor, (int)date, tx->now_ms)))
        return rc;
    json_t *d = json_pack("{s:s,s:i,s:o}", "list_id", l->id, "number", *out_number, "published_on",
                          date_or_null(date));
    rc = fg_tx_audit(tx, "whitelist.batch_publish", "whitelist_batch", out_id, l->region, d, err);
    json_decref(d);
    return rc;
}

int fg_store_wl_list_batch_last(fg_db *db, const char *list_id, char out_id[37], fg_err *err)
{
    fg_stmt *st;
    out_id[0] = '\0';
    int rc = fg_db_row(db, &st, err, SQL_BATCH_LAST, "t", list_id);
    if (rc <= 0)
        return rc;
    fg_strlcpy(out_id, fg_db_text(db, st, 0), 37);
    fg_db_done(db, st);
    return 0;
}

int fg_store_wl_batch_number(fg_db *db, const char *list_id, const char *id, int *out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_BATCH_GET, "tt", list_id, id);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_err_at(err, FG_EINVAL, "batch_id", "whitelist.no_batch",
                         "no such batch of this application's list; publish one first");
    *out = (int)fg_db_int(db, st, 0);
    fg_db_done(db, st);
    return 0;
}

int fg_store_wl_open_check(fg_db *db, const char *list_id, const char *uscc, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_APP_OPEN, "tt", list_id, uscc);
    if (rc <= 0)
        return rc;
    char id[37], state[16];
    fg_strlcpy(id, fg_db_text(db, st, 0), sizeof(id));
    fg_strlcpy(state, fg_db_text(db, st, 1), sizeof(state));
    fg_db_done(db, st);
    return fg_err_at(err, FG_ECONFLICT, "list", "whitelist.open_application",
                     "the enterprise already has an application on this list ({id:%s}, "
                     "{state:%s})",
                     id, state);
}

int fg_store_wl_apply(fg_tx *tx, const fg_wl_list_row *l, const char *uscc, int32_t county,
                      const fg_wl_application *a, char out_id[37], fg_err *err)
{
    fg_buf sup;
    fg_buf_init(&sup, 0);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < a->n_suppliers; i++)
        rc = fg_buf_addf(&sup, "%s%s", i ? "," : "", a->suppliers[i]);
    if (rc == 0 && !sup.buf)
        rc = fg_buf_adds(&sup, "");
    if (rc) {
        fg_buf_release(&sup);
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    }
    fg_clock_uuid(out_id);
    rc = fg_db_run(tx->db, err, SQL_APP_INSERT, "tttdtddddttii", out_id, l->id, uscc, (int)county,
                   a->plan, a->c.staff, a->c.lodging, a->c.testing, a->c.stock_days, sup.buf,
                   tx->actor, tx->now_ms, tx->now_ms);
    if (rc == 0) {
        json_t *d = json_pack("{s:s,s:s,s:s,s:{s:i,s:i,s:i,s:i},s:s}", "list_id", l->id, "chain",
                              fg_chain_name(l->chain), "enterprise", uscc, "commitment", "staff",
                              a->c.staff, "lodging", a->c.lodging, "testing", a->c.testing,
                              "stock_days", a->c.stock_days, "suppliers", sup.buf);
        rc = fg_tx_audit(tx, "whitelist.apply", "whitelist_application", out_id, county, d, err);
        json_decref(d);
    }
    fg_buf_release(&sup);
    return rc;
}

int fg_store_wl_get(fg_db *db, const char *id, fg_wl_row *out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_APP_GET, "t", id);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_err_at(err, FG_ENOTFOUND, "id", "whitelist.no_application",
                         "no such white-list application or listing");
    rc = row_read(db, st, out, err);
    fg_db_done(db, st);
    return rc;
}

int fg_store_wl_query(fg_db *db, const fg_wl_filter *f, json_t **out_items, int64_t *out_total,
                      fg_err *err)
{
    fg_stmt *st;
    *out_items = json_array();
    /* '' for "any" (a NULL parameter has no type for PostgreSQL to infer). */
    const char *ent = f->enterprise ? f->enterprise : "", *list = f->list_id ? f->list_id : "",
               *state = f->state ? f->state : "";
    int rc = fg_db_row(db, &st, err, SQL_APP_COUNT, "ddtttttt", (int)f->lo, (int)f->hi, ent, ent,
                       list, list, state, state);
    if (rc < 0)
        return rc;
    *out_total = rc == 1 ? fg_db_int(db, st, 0) : 0;
    if (rc == 1)
        fg_db_done(db, st);
    if ((rc = fg_db_query(db, &st, err, SQL_APP_QUERY, "ddttttttdd", (int)f->lo, (int)f->hi, ent,
                          ent, list, list, state, state, f->limit, f->offset)))
        return rc;
    while ((rc = fg_db_step(db, st, err)) == 1) {
        fg_wl_row r;
        if ((rc = row_read(db, st, &r, err)))
            break;
        json_array_append_new(*out_items, fg_wl_row_json(&r));
        fg_wl_row_release(&r);
    }
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}

int fg_store_wl_update(fg_tx *tx, const fg_wl_row *before, const fg_wl *after, const fg_wl_step *s,
                       fg_err *err)
{
    bool listing = strcmp(s->action, "list") == 0;
    const char *listed_by = listing ? tx->actor : before->listed_by;
    int32_t listed_on = listing ? s->today : before->listed_on;
    const char *reason = s->reason ? s->reason : before->reason;
    int rc = fg_db_run(tx->db, err, SQL_APP_UPDATE, "tbbttddtitd", fg_wl_state_name(after->state),
                       after->industry_ok, after->health_ok, listing ? s->batch_id : NULL,
                       listed_by, (int)listed_on, (int)after->review_on, reason, tx->now_ms,
                       before->id, before->version);
    if (rc)
        return rc;
    if (tx->db->ops->changes(tx->db) != 1)
        return fg_err_at(err, FG_ECONFLICT, "version", "whitelist.changed",
                         "the application was changed meanwhile; reload it");
    json_t *d = json_pack(
        "{s:s,s:s,s:s,s:o,s:o}", "enterprise", before->enterprise, "before",
        fg_wl_state_name(before->w.state), "after", fg_wl_state_name(after->state), "review_on",
        date_or_null(after->review_on), "reason", s->reason ? json_string(s->reason) : json_null());
    if (d && listing)
        json_object_set_new(d, "batch_id", json_string(s->batch_id));
    char action[48];
    snprintf(action, sizeof(action), "whitelist.%s", s->action);
    rc = strcmp(s->action, "due") == 0
             ? fg_tx_audit_as(tx, "system", action, "whitelist_application", before->id,
                              before->w.county, d, err)
             : fg_tx_audit(tx, action, "whitelist_application", before->id, before->w.county, d,
                           err);
    json_decref(d);
    return rc;
}

int fg_store_wl_due(fg_db *db, int32_t today, char (*ids)[37], size_t cap, size_t *out_n,
                    fg_err *err)
{
    fg_stmt *st;
    *out_n = 0;
    int rc = fg_db_query(db, &st, err, SQL_APP_DUE, "dd", (int)today, (int)cap);
    if (rc)
        return rc;
    while ((rc = fg_db_step(db, st, err)) == 1 && *out_n < cap)
        fg_strlcpy(ids[(*out_n)++], fg_db_text(db, st, 0), 37);
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}

int fg_store_wl_ended(fg_db *db, fg_revocations *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_APP_ENDED, "");
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
        uint8_t id[16];
        if (fg_wlcred_id_parse(fg_db_text(db, st, 0), id, NULL) == 0)
            out->numbers[out->n++] = fg_wlcred_number(id);
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

int fg_store_wl_recognition_ask(fg_tx *tx, const fg_wl_list_row *l, int32_t from, int32_t to,
                                int64_t due_at, const char *const *usccs, size_t n, char out_id[37],
                                fg_err *err)
{
    fg_clock_uuid(out_id);
    int rc = fg_db_run(tx->db, err, SQL_REC_INSERT, "ttddtii", out_id, l->id, (int)from, (int)to,
                       tx->actor, tx->now_ms, due_at);
    if (rc == 0 && n == 0)
        rc = fg_db_run(tx->db, err, SQL_REC_ITEMS_ALL, "tt", out_id, l->id);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        rc = fg_db_run(tx->db, err, SQL_REC_ITEM_ONE, "ttt", out_id, l->id, usccs[i]);
        if (rc == 0 && tx->db->ops->changes(tx->db) != 1)
            rc = fg_err_at(err, FG_EINVAL, "members", "recognition.not_member",
                           "{uscc:%s} is not a member in force of this list", usccs[i]);
    }
    if (rc)
        return rc;
    fg_stmt *st;
    if ((rc = fg_db_row(tx->db, &st, err, SQL_REC_COUNT, "t", out_id)) < 0)
        return rc;
    int64_t count = rc == 1 ? fg_db_int(tx->db, st, 0) : 0;
    if (rc == 1)
        fg_db_done(tx->db, st);
    if (count == 0)
        return fg_err_at(err, FG_EINVAL, "members", "recognition.empty",
                         "the list has no members in force to recognise");
    char due[25];
    fg_time_format(due_at, due);
    json_t *d = json_pack("{s:s,s:o,s:o,s:s,s:I}", "list_id", l->id, "from", code_json(from), "to",
                          code_json(to), "due_at", due, "members", (json_int_t)count);
    rc =
        fg_tx_audit(tx, "whitelist.recognition_ask", "whitelist_recognition", out_id, from, d, err);
    json_decref(d);
    return rc;
}

int fg_store_wl_recognition_get(fg_db *db, const char *id, fg_wl_recognition_row *out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_REC_GET, "t", id);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_err_at(err, FG_ENOTFOUND, "id", "recognition.none",
                         "no such recognition request");
    fg_strlcpy(out->id, fg_db_text(db, st, 0), sizeof(out->id));
    fg_strlcpy(out->list_id, fg_db_text(db, st, 1), sizeof(out->list_id));
    out->from = (int32_t)fg_db_int(db, st, 2);
    out->to = (int32_t)fg_db_int(db, st, 3);
    out->due_at = fg_db_int(db, st, 4);
    fg_db_done(db, st);
    return 0;
}

int fg_store_wl_recognition_json(fg_db *db, const char *id, int64_t now, json_t **out, fg_err *err)
{
    fg_stmt *st;
    *out = NULL;
    int rc = fg_db_row(db, &st, err, SQL_REC_HEAD, "t", id);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_err_at(err, FG_ENOTFOUND, "id", "recognition.none",
                         "no such recognition request");
    fg_wl_list_row l;
    parse_list(fg_db_text(db, st, 2), fg_db_text(db, st, 3), &l);
    char asked[25], due[25];
    int64_t due_at = fg_db_int(db, st, 9);
    fg_time_format(fg_db_int(db, st, 8), asked);
    fg_time_format(due_at, due);
    json_t *j = json_pack(
        "{s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:s,s:s,s:s}", "id", fg_db_text(db, st, 0), "list_id",
        fg_db_text(db, st, 1), "chain", fg_chain_name(l.chain), "tier", fg_wl_tier_name(l.tier),
        "list_region", code_json((int32_t)fg_db_int(db, st, 4)), "from",
        code_json((int32_t)fg_db_int(db, st, 5)), "to", code_json((int32_t)fg_db_int(db, st, 6)),
        "asked_by", fg_db_text(db, st, 7), "asked_at", asked, "due_at", due);
    fg_db_done(db, st);
    json_t *items = json_array();
    size_t pending = 0, overdue = 0;
    if ((rc = fg_db_query(db, &st, err, SQL_REC_ITEMS, "t", id)) == 0) {
        while ((rc = fg_db_step(db, st, err)) == 1) {
            const char *state = fg_db_text(db, st, 2);
            bool late = fg_wl_recognition_overdue(state, due_at, now);
            pending += strcmp(state, "pending") == 0;
            overdue += late;
            json_t *it = json_pack("{s:s,s:s,s:s,s:b}", "enterprise", fg_db_text(db, st, 0),
                                   "enterprise_name", fg_db_text(db, st, 1), "state", state,
                                   "overdue", late);
            if (strcmp(state, "pending") != 0) {
                char at[25];
                fg_time_format(fg_db_int(db, st, 4), at);
                json_object_set_new(it, "decided_by", json_string(fg_db_text(db, st, 3)));
                json_object_set_new(it, "decided_at", json_string(at));
                const char *why = fg_db_text(db, st, 5);
                json_object_set_new(it, "reason", *why ? json_string(why) : json_null());
            }
            json_array_append_new(items, it);
        }
        fg_db_done(db, st);
    }
    json_object_set_new(j, "items", items);
    json_object_set_new(j, "pending", json_integer((json_int_t)pending));
    json_object_set_new(j, "overdue", json_boolean(overdue > 0));
    *out = j;
    return rc < 0 ? rc : 0;
}

int fg_store_wl_recognitions(fg_db *db, int32_t province, int64_t now, json_t **out, fg_err *err)
{
    fg_stmt *st;
    *out = json_array();
    int rc =
        fg_db_query(db, &st, err, SQL_RECS, "ddd", (int)province, (int)province, (int)province);
    if (rc)
        return rc;
    char ids[200][37];
    size_t n = 0;
    while ((rc = fg_db_step(db, st, err)) == 1 && n < 200)
        fg_strlcpy(ids[n++], fg_db_text(db, st, 0), 37);
    fg_db_done(db, st);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        json_t *j;
        if ((rc = fg_store_wl_recognition_json(db, ids[i], now, &j, err)))
            return rc;
        json_array_append_new(*out, j);
    }
    return 0;
}

int fg_store_wl_recognition_item_state(fg_db *db, const char *id, const char *uscc, char out[16],
                                       fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_REC_ITEM_STATE, "tt", id, uscc);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_err_at(err, FG_ENOTFOUND, "enterprise", "recognition.no_item",
                         "{uscc:%s} is not in this recognition request", uscc);
    fg_strlcpy(out, fg_db_text(db, st, 0), 16);
    fg_db_done(db, st);
    return 0;
}

int fg_store_wl_recognition_answer(fg_tx *tx, const fg_wl_recognition_row *r, const char *uscc,
                                   bool accept, const char *reason, fg_err *err)
{
    int rc = fg_db_run(tx->db, err, SQL_REC_ANSWER, "ttittt", accept ? "accepted" : "declined",
                       tx->actor, tx->now_ms, reason ? reason : "", r->id, uscc);
    if (rc)
        return rc;
    if (tx->db->ops->changes(tx->db) != 1)
        return fg_err_at(err, FG_ECONFLICT, NULL, "recognition.answered",
                         "this member was already {state:%s}", "answered");
    json_t *d = json_pack("{s:s,s:o}", "enterprise", uscc, "reason",
                          reason ? json_string(reason) : json_null());
    rc = fg_tx_audit(tx, accept ? "whitelist.recognition_accept" : "whitelist.recognition_decline",
                     "whitelist_recognition", r->id, r->to, d, err);
    json_decref(d);
    return rc;
}

int fg_store_wl_recognised_in(fg_db *db, const char *uscc, char *out, size_t cap, fg_err *err)
{
    fg_stmt *st;
    out[0] = '\0';
    int rc = fg_db_query(db, &st, err, SQL_RECOGNISED_IN, "t", uscc);
    if (rc)
        return rc;
    size_t at = 0;
    while ((rc = fg_db_step(db, st, err)) == 1) {
        int w = snprintf(out + at, cap - at, "%s%06d", at ? "," : "", (int)fg_db_int(db, st, 0));
        if (w > 0 && (size_t)w < cap - at)
            at += (size_t)w;
    }
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}

/* Reads the first integer column of a one-parameter query into out. */
static int int_column(fg_db *db, const char *sql, const char *uscc, int32_t *out, size_t cap,
                      size_t *out_n, fg_err *err)
{
    fg_stmt *st;
    *out_n = 0;
    int rc = fg_db_query(db, &st, err, sql, "t", uscc);
    if (rc)
        return rc;
    while ((rc = fg_db_step(db, st, err)) == 1)
        if (*out_n < cap)
            out[(*out_n)++] = (int32_t)fg_db_int(db, st, 0);
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}

int fg_store_wl_member_regions(fg_db *db, const char *uscc, int32_t *out, size_t cap, size_t *out_n,
                               fg_err *err)
{
    return int_column(db, SQL_MEMBER_REGIONS, uscc, out, cap, out_n, err);
}

int fg_store_wl_recognising(fg_db *db, const char *uscc, int32_t *out, size_t cap, size_t *out_n,
                            fg_err *err)
{
    return int_column(db, SQL_RECOGNISED_IN, uscc, out, cap, out_n, err);
}
