/* /api/v1/policies and /api/v1/enterprises/:uscc/benefit-facts: the
 * catalogue of policies that benefit enterprises (issue 15, part
 * "catalogue"). Officials read the published catalogue, an enterprise the
 * policies covering it; the issuing department (economic department of the
 * policy's region) drafts, revises, previews, publishes and withdraws; an
 * enterprise or the economic department of its region sets its benefit
 * facts, and its entitlements follow at once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/region.h"
#include "../sys/clock.h"
#include "api.h"

#define POLICY_LIST_MAX 500
#define FACT_FEN_MAX (FG_POLICY_MAX_YUAN * 100LL)
#define FACT_INSURED_MAX 10000000LL

static json_t *region_json(int32_t code)
{
    char c[7];
    fg_region_format(code, c);
    return json_string(c);
}

/* The region's name ("" when unknown): the catalogue names issuers outside
 * the reader's jurisdiction, whose regions it may not read one by one. */
static json_t *region_name_json(fg_db *db, int32_t code)
{
    fg_region_row row;
    fg_err err;
    fg_err_init(&err);
    return json_string(fg_store_region_get(db, code, &row, &err) == 0 ? row.name : "");
}

static json_t *fen_or_null(int64_t v)
{
    return v >= 0 ? json_integer(v) : json_null();
}

/* The policy of the path's ":id" that this account sees; 404 otherwise (a
 * draft is nobody else's business: 404 tells an outsider nothing). */
int fg_api_policy_load(fg_req *r, fg_policy_row *row)
{
    const char *id = fg_req_param(r, "id");
    fg_err err;
    fg_err_init(&err);
    if (!id || strlen(id) != 36 || fg_store_policy_get(r->db, id, row, &err) == FG_ENOTFOUND ||
        (err.code == 0 && !fg_app_policy_visible(&r->principal, row)))
        return fg_reply_problem(r, 404, "id", "policy.not_found", "no policy {id:%.40s}",
                                id ? id : "");
    if (err.code)
        return fg_reply_err(r, &err);
    return 0;
}

/* As fg_api_policy_load, then policy.write over its region. */
static int load_own_policy(fg_req *r, fg_policy_row *row)
{
    if (fg_api_policy_load(r, row))
        return fg_req_refusal(r);
    return fg_req_allow(r, FG_ACT_POLICY_WRITE, row->region, NULL);
}

/* The actions this account may take on the policy now. */
static json_t *actions_json(fg_req *r, const fg_policy_row *p)
{
    json_t *a = json_array();
    fg_target t = {p->region, NULL};
    if (fg_access_check(&r->principal, FG_ACT_POLICY_WRITE, &t, NULL))
        return a;
    if (fg_policy_revise_check(p->state, NULL) == 0) {
        json_array_append_new(a, json_string("edit"));
        json_array_append_new(a, json_string("preview"));
    }
    if (fg_policy_state_check(p->state, FG_POLICY_PUBLISHED, NULL) == 0)
        json_array_append_new(a, json_string("publish"));
    if (fg_policy_state_check(p->state, FG_POLICY_WITHDRAWN, NULL) == 0)
        json_array_append_new(a, json_string("withdraw"));
    return a;
}

/* The policy as its page shows it: the record, the rule that applies (parsed
 * JSON), its versions, entitlement counts, budget, the actions allowed. */
static int reply_policy(fg_req *r, int status, const char *id)
{
    fg_err err;
    fg_err_init(&err);
    fg_policy_row *p = fg_arena_alloc(&r->arena, sizeof(*p));
    if (!p)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    char *text = NULL;
    json_t *versions = NULL;
    int64_t eligible = 0, ever = 0;
    if (fg_store_policy_get(r->db, id, p, &err) ||
        fg_store_policy_rule_get(r->db, id, p->rule_version, &text, &err) ||
        fg_store_policy_rule_versions(r->db, id, &versions, &err) ||
        fg_store_entitlement_counts(r->db, id, &eligible, &ever, &err)) {
        free(text);
        json_decref(versions);
        return fg_reply_err(r, &err);
    }
    json_t *rule = json_loads(text, 0, NULL);
    free(text);
    json_t *j = fg_policy_row_json(p);
    json_object_set_new(j, "region_name", region_name_json(r->db, p->region));
    json_object_set_new(j, "rule", rule ? rule : json_null());
    json_object_set_new(j, "rule_versions", versions);
    json_object_set_new(
        j, "counts",
        json_pack("{s:I,s:I}", "eligible", (json_int_t)eligible, "ever", (json_int_t)ever));
    json_object_set_new(j, "remaining_fen",
                        p->budget_fen > 0 ? json_integer(p->budget_fen - p->committed_fen)
                                          : json_null());
    json_object_set_new(j, "applies_today",
                        json_boolean(fg_policy_applies(p->state, p->valid_from, p->valid_to,
                                                       fg_clock_date(r->now_ms))));
    json_object_set_new(j, "actions_allowed", actions_json(r, p));
    return fg_reply_json(r, status, j);
}

/* ---- the catalogue ---------------------------------------------------------- */

static bool contains_text(json_t *item, const char *key, const char *q)
{
    const char *s = json_string_value(json_object_get(item, key));
    return s && strstr(s, q);
}

static int fg_h_policies(fg_req *r)
{
    fg_err err;
    fg_err_init(&err);
    const char *s;
    int32_t region = -1, valid_on = 0;
    bool by_benefit = false, by_state = false;
    fg_benefit benefit = FG_BENEFIT_SUBSIDY;
    fg_policy_state state = FG_POLICY_DRAFT;
    if ((s = fg_req_param(r, "region")) && *s && fg_region_parse(s, "region", &region, &err))
        return fg_reply_err_as(r, 400, &err);
    if ((s = fg_req_param(r, "benefit")) && *s) {
        if (fg_benefit_parse(s, &benefit, &err))
            return fg_reply_err_as(r, 400, &err);
        by_benefit = true;
    }
    if ((s = fg_req_param(r, "state")) && *s) {
        if (fg_policy_state_parse(s, &state, &err))
            return fg_reply_err_as(r, 400, &err);
        by_state = true;
    }
    if ((s = fg_req_param(r, "valid_on")) && *s) {
        if (strcmp(s, "today") == 0)
            valid_on = fg_clock_date(r->now_ms);
        else if (fg_date_parse(s, &valid_on, NULL))
            return fg_reply_problem(r, 400, "valid_on", "policy.valid_on",
                                    "valid_on is a date YYYY-MM-DD or today");
    }
    const char *q = fg_req_param(r, "q");
    if (q && strlen(q) > 200)
        return fg_reply_problem(r, 400, "q", "policy.query", "the search text is too long");
    long limit, offset;
    int rc;
    if ((rc = fg_req_int(r, "limit", 1, POLICY_LIST_MAX, 50, &limit)) ||
        (rc = fg_req_int(r, "offset", 0, 1000000, 0, &offset)))
        return rc;
    json_t *all;
    if (fg_store_policies_json(r->db, &all, &err))
        return fg_reply_err(r, &err);
    json_t *items = json_array();
    long total = 0;
    size_t i;
    json_t *item;
    fg_policy_row *row = fg_arena_alloc(&r->arena, sizeof(*row));
    if (!row) {
        json_decref(all);
        json_decref(items);
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    }
    json_array_foreach(all, i, item)
    {
        memset(row, 0, sizeof(*row));
        int32_t d;
        if (fg_region_parse(json_string_value(json_object_get(item, "region")), "region",
                            &row->region, NULL) ||
            fg_policy_state_parse(json_string_value(json_object_get(item, "state")), &row->state,
                                  NULL))
            continue;
        if (!fg_app_policy_visible(&r->principal, row))
            continue;
        if (region >= 0 && !fg_region_contains(region, row->region) &&
            !fg_region_contains(row->region, region))
            continue;
        if (by_state && row->state != state)
            continue;
        if (by_benefit &&
            strcmp(json_string_value(json_object_get(item, "benefit")), fg_benefit_name(benefit)))
            continue;
        if (valid_on) {
            if (fg_date_parse(json_string_value(json_object_get(item, "valid_from")), &d, NULL) ||
                d > valid_on)
                continue;
            if (fg_date_parse(json_string_value(json_object_get(item, "valid_to")), &d, NULL) ||
                d < valid_on)
                continue;
        }
        if (q && *q && !contains_text(item, "title", q) && !contains_text(item, "department", q) &&
            !contains_text(item, "doc_number", q))
            continue;
        if (total++ < offset || (long)json_array_size(items) >= limit)
            continue;
        int64_t eligible = 0, ever = 0;
        const char *id = json_string_value(json_object_get(item, "id"));
        if (fg_store_entitlement_counts(r->db, id, &eligible, &ever, &err)) {
            json_decref(all);
            json_decref(items);
            return fg_reply_err(r, &err);
        }
        json_object_set_new(item, "eligible", json_integer(eligible));
        json_object_set_new(item, "region_name", region_name_json(r->db, row->region));
        json_array_append(items, item);
    }
    json_decref(all);
    return fg_reply_json(r, 200,
                         json_pack("{s:o,s:I,s:I,s:I}", "items", items, "total", (json_int_t)total,
                                   "limit", (json_int_t)limit, "offset", (json_int_t)offset));
}

static int fg_h_policy_get(fg_req *r)
{
    fg_policy_row *p = fg_arena_alloc(&r->arena, sizeof(*p));
    if (!p)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    if (fg_api_policy_load(r, p))
        return fg_req_refusal(r);
    return reply_policy(r, 200, p->id);
}

static int fg_h_policy_rule(fg_req *r)
{
    fg_policy_row *p = fg_arena_alloc(&r->arena, sizeof(*p));
    if (!p)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    if (fg_api_policy_load(r, p))
        return fg_req_refusal(r);
    long version;
    int rc = fg_req_int(r, "version", 1, 1000000, 0, &version);
    if (rc)
        return rc;
    fg_err err;
    fg_err_init(&err);
    char *text;
    if (fg_store_policy_rule_get(r->db, p->id, (int)version, &text, &err))
        return fg_reply_err(r, &err);
    json_t *rule = json_loads(text, 0, NULL);
    free(text);
    return fg_reply_json(r, 200,
                         json_pack("{s:s,s:i,s:b,s:o}", "policy", p->id, "version", (int)version,
                                   "current", (int)version == p->rule_version, "rule",
                                   rule ? rule : json_null()));
}

/* ---- writes ------------------------------------------------------------------ */

static void json_release(void *j)
{
    json_decref(j);
}

/* The body, or an empty object when none was sent (publish, a preview of
 * the saved rule). */
static json_t *body_or_empty(fg_req *r)
{
    if (r->http->binary_body_length > 0)
        return fg_req_body(r);
    json_t *j = json_object();
    if (!j || fg_arena_defer(&r->arena, json_release, j)) {
        fg_reply_problem(r, 500, NULL, NULL, "out of memory");
        return NULL;
    }
    return j;
}

static int bad_field(fg_req *r, const char *field, const char *what)
{
    return fg_reply_problem(r, 422, field, "policy.field", "{field:%s} must be %s", field, what);
}

static int date_field(fg_req *r, json_t *body, const char *key, int32_t *out)
{
    json_t *v = json_object_get(body, key);
    if (!v)
        return 0; /* keeps what *out holds */
    if (!json_is_string(v) || fg_date_parse(json_string_value(v), out, NULL))
        return bad_field(r, key, "a date YYYY-MM-DD");
    return 0;
}

/* The record of a body: members present replace what `rec` holds (a new
 * policy starts from an empty record, so its members are all required:
 * the core's check names what is missing). Strings borrow from the body. */
static int record_from(fg_req *r, json_t *body, fg_policy_record *rec)
{
    json_t *v;
    if ((v = json_object_get(body, "region"))) {
        if (!json_is_string(v) ||
            fg_region_parse(json_string_value(v), "region", &rec->region, NULL))
            return bad_field(r, "region", "a region code of six digits");
    }
    static const char *texts[] = {"department", "title", "doc_number"};
    for (size_t i = 0; i < 3; i++) {
        if (!(v = json_object_get(body, texts[i])))
            continue;
        if (!json_is_string(v))
            return bad_field(r, texts[i], "text");
        const char *s = json_string_value(v);
        if (i == 0)
            rec->department = s;
        else if (i == 1)
            rec->title = s;
        else
            rec->doc_number = s;
    }
    if (date_field(r, body, "doc_date", &rec->doc_date) ||
        date_field(r, body, "valid_from", &rec->valid_from) ||
        date_field(r, body, "valid_to", &rec->valid_to))
        return fg_req_refusal(r);
    if ((v = json_object_get(body, "budget_fen"))) {
        if (!json_is_integer(v))
            return bad_field(r, "budget_fen", "a whole number of fen (0: no budget)");
        rec->budget_fen = json_integer_value(v);
    }
    if ((v = json_object_get(body, "automatic"))) {
        if (!json_is_boolean(v))
            return bad_field(r, "automatic", "true or false");
        rec->automatic = json_is_true(v);
    }
    return 0;
}

/* The rule of a body as text (new, free()), or NULL after replying. */
static char *rule_text(fg_req *r, json_t *body)
{
    json_t *rule = json_object_get(body, "rule");
    if (!json_is_object(rule)) {
        bad_field(r, "rule", "the policy's rule (an object with benefit, when and amount)");
        return NULL;
    }
    char *t = json_dumps(rule, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (!t)
        fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    return t;
}

/* The optional "version" of a body (the row's version the client read):
 * where present, `p` is taken as read at that version, so a stale write
 * fails with 409 policy.stale. */
static int version_from(fg_req *r, json_t *body, fg_policy_row *p)
{
    json_t *v = json_object_get(body, "version");
    if (!v)
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 1000000000)
        return bad_field(r, "version", "the version of the policy you read");
    p->version = (int)json_integer_value(v);
    return 0;
}

static const char *note_from(fg_req *r, json_t *body, bool *bad)
{
    const char *note = NULL;
    *bad = fg_json_text(r, body, "note", false, 0, 500, &note) != 0;
    return note ? note : "";
}

static int fg_h_policy_create(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    fg_policy_record rec;
    memset(&rec, 0, sizeof(rec));
    rec.region = -1;
    /* Authorise on the region before looking at the rest. */
    json_t *reg = json_object_get(body, "region");
    if (!json_is_string(reg) ||
        fg_region_parse(json_string_value(reg), "region", &rec.region, NULL))
        return bad_field(r, "region", "a region code of six digits");
    if (fg_req_allow(r, FG_ACT_POLICY_WRITE, rec.region, NULL))
        return fg_req_refusal(r);
    bool bad;
    const char *note = note_from(r, body, &bad);
    if (bad || record_from(r, body, &rec))
        return fg_req_refusal(r);
    char *text = rule_text(r, body);
    if (!text)
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    char id[37];
    int rc = fg_app_policy_create(r->app, r->db, &r->who, &rec, text, strlen(text), note, r->now_ms,
                                  id, &err);
    free(text);
    if (rc)
        return fg_reply_err(r, &err);
    char loc[64];
    snprintf(loc, sizeof(loc), "/api/v1/policies/%s", id);
    u_map_put(r->resp->map_header, "Location", loc);
    return reply_policy(r, 201, id);
}

static int fg_h_policy_update(fg_req *r)
{
    fg_policy_row *p = fg_arena_alloc(&r->arena, sizeof(*p));
    if (!p)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    if (load_own_policy(r, p))
        return fg_req_refusal(r);
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    if (!json_is_integer(json_object_get(body, "version")))
        return bad_field(r, "version", "the version of the policy you read");
    fg_policy_record rec;
    fg_policy_row_record(p, &rec);
    if (version_from(r, body, p) || record_from(r, body, &rec))
        return fg_req_refusal(r);
    if (rec.region != p->region && fg_req_allow(r, FG_ACT_POLICY_WRITE, rec.region, NULL))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    if (fg_app_policy_update(r->app, r->db, &r->who, p, &rec, r->now_ms, &err))
        return fg_reply_err(r, &err);
    return reply_policy(r, 200, p->id);
}

static int fg_h_policy_rule_add(fg_req *r)
{
    fg_policy_row *p = fg_arena_alloc(&r->arena, sizeof(*p));
    if (!p)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    if (load_own_policy(r, p))
        return fg_req_refusal(r);
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    bool bad;
    const char *note = note_from(r, body, &bad);
    if (bad || version_from(r, body, p))
        return fg_req_refusal(r);
    char *text = rule_text(r, body);
    if (!text)
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    int version;
    int rc = fg_app_policy_rule_add(r->app, r->db, &r->who, p, text, strlen(text), note, r->now_ms,
                                    &version, &err);
    free(text);
    if (rc)
        return fg_reply_err(r, &err);
    return reply_policy(r, 201, p->id);
}

static int set_state(fg_req *r, fg_policy_state to)
{
    fg_policy_row *p = fg_arena_alloc(&r->arena, sizeof(*p));
    if (!p)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    if (load_own_policy(r, p))
        return fg_req_refusal(r);
    json_t *body = body_or_empty(r);
    if (!body || version_from(r, body, p))
        return fg_req_refusal(r);
    const char *reason = NULL;
    if (to == FG_POLICY_WITHDRAWN && fg_json_text(r, body, "reason", true, 1, 500, &reason))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    if (fg_app_policy_set_state(r->app, r->db, &r->who, p, to, reason, r->now_ms, &err))
        return fg_reply_err(r, &err);
    return reply_policy(r, 200, p->id);
}

static int fg_h_policy_publish(fg_req *r)
{
    return set_state(r, FG_POLICY_PUBLISHED);
}

static int fg_h_policy_withdraw(fg_req *r)
{
    return set_state(r, FG_POLICY_WITHDRAWN);
}

/* ---- preview ------------------------------------------------------------------ */

static int reply_preview(fg_req *r, int32_t region, const char *rule_text_, const char *policy_id,
                         int rule_version)
{
    fg_err err;
    fg_err_init(&err);
    fg_policy_rule *rule = fg_arena_alloc(&r->arena, sizeof(*rule));
    fg_app_policy_preview_out *out = fg_arena_alloc(&r->arena, sizeof(*out));
    if (!rule || !out)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    if (fg_policy_rule_load(rule, rule_text_, strlen(rule_text_), &err))
        return fg_reply_err(r, &err);
    int rc = fg_app_policy_preview(r->app, r->db, region, rule, r->now_ms, out, &err);
    fg_policy_rule_release(rule);
    if (rc)
        return fg_reply_err(r, &err);
    json_t *counties = json_array(), *sample = json_array();
    for (size_t i = 0; i < out->n_top; i++)
        json_array_append_new(counties, json_pack("{s:o,s:s,s:I}", "region",
                                                  region_json(out->counties[i].county), "name",
                                                  out->counties[i].name, "eligible",
                                                  (json_int_t)out->counties[i].eligible));
    for (size_t i = 0; i < out->n_sample; i++) {
        const fg_app_policy_preview_sample *s = &out->sample[i];
        json_array_append_new(sample,
                              json_pack("{s:s,s:s,s:o,s:s,s:o}", "uscc", s->uscc, "name", s->name,
                                        "region", region_json(s->county), "region_name",
                                        s->county_name, "amount_fen", fen_or_null(s->amount_fen)));
    }
    char today[11];
    fg_date_format(fg_clock_date(r->now_ms), today);
    return fg_reply_json(
        r, 200,
        json_pack("{s:o,s:o,s:o,s:s,s:I,s:I,s:I,s:I,s:I,s:o,s:o}", "policy",
                  policy_id ? json_string(policy_id) : json_null(), "rule_version",
                  rule_version > 0 ? json_integer(rule_version) : json_null(), "region",
                  region_json(region), "date", today, "enterprises", (json_int_t)out->enterprises,
                  "eligible", (json_int_t)out->eligible, "amount_fen", (json_int_t)out->amount_fen,
                  "amount_unknown", (json_int_t)out->amount_unknown, "counties",
                  (json_int_t)out->n_counties, "by_county", counties, "sample", sample));
}

static int fg_h_policy_preview(fg_req *r)
{
    fg_policy_row *p = fg_arena_alloc(&r->arena, sizeof(*p));
    if (!p)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    if (load_own_policy(r, p))
        return fg_req_refusal(r);
    json_t *body = body_or_empty(r);
    if (!body)
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    if (json_object_get(body, "rule")) {
        char *text = rule_text(r, body);
        if (!text)
            return fg_req_refusal(r);
        int rc = reply_preview(r, p->region, text, p->id, 0);
        free(text);
        return rc;
    }
    char *text;
    if (fg_store_policy_rule_get(r->db, p->id, p->rule_version, &text, &err))
        return fg_reply_err(r, &err);
    int rc = reply_preview(r, p->region, text, p->id, p->rule_version);
    free(text);
    return rc;
}

/* A rule not yet saved, over a region: the editor of a new policy. */
static int fg_h_policy_preview_new(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    int32_t region;
    json_t *reg = json_object_get(body, "region");
    if (!json_is_string(reg) || fg_region_parse(json_string_value(reg), "region", &region, NULL))
        return bad_field(r, "region", "a region code of six digits");
    if (fg_req_allow(r, FG_ACT_POLICY_WRITE, region, NULL))
        return fg_req_refusal(r);
    char *text = rule_text(r, body);
    if (!text)
        return fg_req_refusal(r);
    int rc = reply_preview(r, region, text, NULL, 0);
    free(text);
    return rc;
}

/* ---- benefit facts -------------------------------------------------------------- */

static json_t *facts_json(const char *uscc, const fg_benefit_facts *f)
{
    return json_pack("{s:s,s:o,s:o,s:o,s:o}", "enterprise", uscc, "insured",
                     fen_or_null(f->insured), "monthly_rent_fen", fen_or_null(f->monthly_rent),
                     "monthly_contributions_fen", fen_or_null(f->monthly_contributions),
                     "vat_credit_fen", fen_or_null(f->vat_credit));
}

static int fg_h_benefit_facts_get(fg_req *r)
{
    fg_enterprise e;
    if (fg_req_enterprise(r, FG_ACT_ENTERPRISE_READ, &e, NULL))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    fg_benefit_facts f;
    if (fg_store_benefit_facts_get(r->db, e.uscc, &f, &err))
        return fg_reply_err(r, &err);
    return fg_reply_json(r, 200, facts_json(e.uscc, &f));
}

/* One member of a benefit-facts body: absent keeps *v, null clears it. */
static int fact_member(fg_req *r, json_t *body, const char *key, int64_t max, int64_t *v)
{
    json_t *j = json_object_get(body, key);
    if (!j)
        return 0;
    if (json_is_null(j)) {
        *v = -1;
        return 0;
    }
    if (!json_is_integer(j) || json_integer_value(j) < 0 || json_integer_value(j) > max) {
        char hi[24];
        snprintf(hi, sizeof(hi), "%lld", (long long)max);
        return fg_reply_problem(r, 422, key, "benefit_facts.value",
                                "{field:%s} must be null (not held) or a whole number from 0 to "
                                "{max:%s}",
                                key, hi);
    }
    *v = json_integer_value(j);
    return 0;
}

static int fg_h_benefit_facts_put(fg_req *r)
{
    fg_enterprise e;
    if (fg_req_enterprise(r, FG_ACT_BENEFIT_FACTS, &e, NULL))
        return fg_req_refusal(r);
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    fg_benefit_facts f;
    if (fg_store_benefit_facts_get(r->db, e.uscc, &f, &err))
        return fg_reply_err(r, &err);
    if (fact_member(r, body, "insured", FACT_INSURED_MAX, &f.insured) ||
        fact_member(r, body, "monthly_rent_fen", FACT_FEN_MAX, &f.monthly_rent) ||
        fact_member(r, body, "monthly_contributions_fen", FACT_FEN_MAX, &f.monthly_contributions) ||
        fact_member(r, body, "vat_credit_fen", FACT_FEN_MAX, &f.vat_credit))
        return fg_req_refusal(r);
    fg_app_match_stats st;
    bool rematched;
    if (fg_app_benefit_facts_set(r->app, r->db, &r->who, &e, &f, r->now_ms, &st, &rematched, &err))
        return fg_reply_err(r, &err);
    json_t *out = facts_json(e.uscc, &f);
    json_object_set_new(out, "rematch",
                        rematched ? json_pack("{s:I,s:I,s:I}", "eligible", (json_int_t)st.created,
                                              "lapsed", (json_int_t)st.lapsed, "changed",
                                              (json_int_t)st.changed)
                                  : json_null());
    return fg_reply_json(r, 200, out);
}

const fg_api_route fg_api_policies_routes[] = {
    {"GET", "/api/v1/policies", fg_h_policies, FG_ACT_POLICY_READ, 0},
    {"POST", "/api/v1/policies", fg_h_policy_create, FG_ACT_POLICY_WRITE, FG_API_MAX_BODY},
    {"POST", "/api/v1/policies/preview", fg_h_policy_preview_new, FG_ACT_POLICY_WRITE,
     FG_API_MAX_BODY},
    {"GET", "/api/v1/policies/:id", fg_h_policy_get, FG_ACT_POLICY_READ, 0},
    {"PUT", "/api/v1/policies/:id", fg_h_policy_update, FG_ACT_POLICY_WRITE, FG_API_MAX_BODY},
    {"GET", "/api/v1/policies/:id/rules/:version", fg_h_policy_rule, FG_ACT_POLICY_READ, 0},
    {"POST", "/api/v1/policies/:id/rules", fg_h_policy_rule_add, FG_ACT_POLICY_WRITE,
     FG_API_MAX_BODY},
    {"POST", "/api/v1/policies/:id/publish", fg_h_policy_publish, FG_ACT_POLICY_WRITE,
     FG_API_MAX_BODY},
    {"POST", "/api/v1/policies/:id/withdraw", fg_h_policy_withdraw, FG_ACT_POLICY_WRITE,
     FG_API_MAX_BODY},
    {"POST", "/api/v1/policies/:id/preview", fg_h_policy_preview, FG_ACT_POLICY_WRITE,
     FG_API_MAX_BODY},
    {"GET", "/api/v1/enterprises/:uscc/benefit-facts", fg_h_benefit_facts_get,
     FG_ACT_ENTERPRISE_READ, 0},
    {"PUT", "/api/v1/enterprises/:uscc/benefit-facts", fg_h_benefit_facts_put, FG_ACT_BENEFIT_FACTS,
     FG_API_MAX_BODY},
};
const size_t fg_api_policies_nroutes =
    sizeof(fg_api_policies_routes) / sizeof(fg_api_policies_routes[0]);
