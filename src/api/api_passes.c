/* /api/v1/passes and /api/v1/checks: vehicle passes for key materials.
 * An enterprise or transport operator applies; the joint mechanism of the
 * province the goods leave from approves (the pass is signed and numbered
 * then) or rejects, and may revoke; checkpoints check presented passes, online
 * here or offline with the signed trust and revocation lists served here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/idcard.h"
#include "../core/pass.h"
#include "../core/pass_rule.h"
#include "../core/region.h"
#include "../sys/clock.h"
#include "../sys/qr.h"
#include "../util/sha256.h"
#include "api.h"

#define PASS_MAX_DAYS 30          /* the longest validity a province grants at once */
#define REVOCATIONS_FRESH_S 86400 /* how long a revocation list answers for: fetch it daily */

static int64_t province_of(int32_t r)
{
    return r / 10000 * 10000;
}

/* Whether the account may see passes of province `prov` issued to `applicant`. */
static bool sees_pass(fg_req *r, int32_t prov, const char *applicant)
{
    fg_err err;
    if (!fg_role_has_region(r->account.role)) {
        fg_target t = {-1, applicant};
        return fg_access_check(&r->principal, FG_ACT_PASS_READ, &t, &err) == 0;
    }
    if (r->account.role == FG_ROLE_CHECKPOINT_OFFICER) /* passes hold everywhere */
        return true;
    return fg_access_check(&r->principal, FG_ACT_PASS_READ, &(fg_target){prov, NULL}, &err) == 0 ||
           fg_region_contains(prov, r->account.region);
}

static void row_release(void *p)
{
    fg_pass_row_release(p);
}

/* Loads the pass named in the path (owned by the request's arena) and checks
 * that the account sees it; replies and returns the refusal otherwise. */
static int load_pass(fg_req *r, fg_pass_row **out)
{
    fg_err err;
    fg_err_init(&err);
    const char *key = fg_req_param(r, "number");
    if (!key || (strlen(key) != 12 && strlen(key) != 36))
        return fg_reply_problem(r, 404, "number", "pass.name",
                                "a pass is named by its 12-digit number (or its application id)");
    fg_pass_row *row = fg_arena_alloc(&r->arena, sizeof(*row));
    if (!row)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    if (fg_store_pass_get(r->db, key, row, &err))
        return fg_reply_err(r, &err);
    if (fg_arena_defer(&r->arena, row_release, row))
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    /* A pass outside the jurisdiction, and for a checkpoint one not issued
     * yet (a registration lookup), is answered as one that does not exist
     * (issue 16): the answer does not tell that it exists, nor where. */
    if (!sees_pass(r, row->region, row->claims.applicant) ||
        (r->account.role == FG_ROLE_CHECKPOINT_OFFICER && !row->number[0]))
        return fg_reply_problem(r, 404, "number", "pass.not_registered",
                                "no pass registered as {number:%.40s}: a pass that is not "
                                "registered here was not issued by this system",
                                key);
    *out = row;
    return 0;
}

/* The province's account of the role that decides passes for these goods:
 * the joint mechanism, or the department that owns the goods category
 * (FUGONG_PASS_DECIDERS). */
static int may_decide(fg_req *r, const fg_pass_row *row)
{
    fg_err err;
    fg_err_init(&err);
    int rc = fg_app_pass_may_decide(r->app, &r->who, row, &err);
    if (rc)
        fg_reply_err(r, &err);
    return rc;
}

static int county_of(fg_req *r, json_t *v, const char *field, int32_t *out)
{
    fg_err err;
    fg_err_init(&err);
    if (!json_is_string(v) || fg_region_parse(json_string_value(v), field, out, &err) ||
        fg_region_level_of(*out) != FG_LEVEL_COUNTY || fg_store_region_exists(r->db, *out, &err)) {
        fg_reply_problem(r, 422, field, "pass.county_code",
                         "{field:%s} must be the 6-digit code of a county (GB/T 2260)", field);
        return FG_EINVAL;
    }
    return 0;
}

/* Parses the crew (1 to 6 people) into c->crew (c->n_crew is reset). Replies
 * on error. */
static int parse_crew(fg_req *r, json_t *crew, fg_pass_claims *c)
{
    fg_err err;
    fg_err_init(&err);
    c->n_crew = 0;
    if (!json_is_array(crew) || json_array_size(crew) < 1 ||
        json_array_size(crew) > FG_PASS_MAX_CREW)
        return fg_reply_problem(r, 422, "crew", "pass.crew_list",
                                "crew lists 1 to 6 people: {name, id_number, test_sampled_at, "
                                "role: driver|crew}, at least one driver"),
               FG_EINVAL;
    for (size_t i = 0; i < json_array_size(crew); i++) {
        json_t *p = json_array_get(crew, i);
        const char *name = json_string_value(json_object_get(p, "name"));
        const char *id = json_string_value(json_object_get(p, "id_number"));
        const char *test = json_string_value(json_object_get(p, "test_valid_until"));
        const char *sampled = json_string_value(json_object_get(p, "test_sampled_at"));
        const char *role = json_string_value(json_object_get(p, "role"));
        const char *type_s = json_string_value(json_object_get(p, "id_type"));
        fg_pass_person *x = &c->crew[c->n_crew++];
        int64_t sampled_ms = 0;
        if (!name || !id || fg_utf8_check(id, strlen(id)) ||
            (role && strcmp(role, "driver") && strcmp(role, "crew")) ||
            (test && fg_date_parse(test, &x->test_until, &err)) ||
            (sampled && fg_time_parse(sampled, &sampled_ms, &err)) || (sampled && sampled_ms <= 0))
            return fg_reply_problem(r, 422, "crew", "pass.crew_person",
                                    "each person needs a name, an ID number and a role of driver "
                                    "or crew; the latest negative test is given as the time it "
                                    "was sampled (test_sampled_at, RFC 3339)"),
                   FG_EINVAL;
        x->test_sampled = sampled_ms / 1000;
        /* A resident ID unless another document is named; checked in full, then
         * masked: the whole number is never stored or signed. */
        fg_id_type type = FG_ID_RESIDENT;
        if ((type_s && fg_id_type_parse(type_s, &type, &err)) ||
            fg_id_check(type, id, fg_clock_date(r->now_ms), &err)) {
            char n[24], prefix[32];
            snprintf(n, sizeof(n), "%zu", i + 1);
            snprintf(prefix, sizeof(prefix), "crew %zu: ", i + 1);
            fg_err_wrap(&err, "person", n, prefix);
            snprintf(err.field, sizeof(err.field), "crew");
            return fg_reply_err(r, &err), FG_EINVAL;
        }
        x->id_type = (int)type;
        fg_strlcpy(x->name, name, sizeof(x->name));
        fg_id_mask(id, x->id_masked);
        x->role = role && strcmp(role, "crew") == 0;
    }
    return 0;
}

/* Parses the application body into claims. Replies on error. */
static int parse_application(fg_req *r, json_t *body, fg_pass_claims *c)
{
    memset(c, 0, sizeof(*c));
    const char *goods, *plate, *applicant, *from_s, *to_s;
    if (fg_json_text(r, body, "goods", true, 1, 40, &goods) ||
        fg_json_text(r, body, "plate", true, 1, 12, &plate) ||
        fg_json_text(r, body, "applicant", false, 18, 18, &applicant) ||
        fg_json_text(r, body, "valid_from", false, 1, 40, &from_s) ||
        fg_json_text(r, body, "valid_to", true, 1, 40, &to_s))
        return FG_EINVAL;
    fg_err err;
    fg_err_init(&err);
    if (fg_goods_parse(goods, &c->goods, &err))
        return fg_reply_err(r, &err), FG_EINVAL;
    if (!applicant)
        applicant = r->principal.n_enterprises ? r->principal.enterprises[0] : "";
    fg_strlcpy(c->applicant, applicant, sizeof(c->applicant));
    fg_strlcpy(c->plate, plate, sizeof(c->plate));
    if (fg_plate_check(c->plate, &err))
        return fg_reply_err(r, &err), FG_EINVAL;
    if (county_of(r, json_object_get(body, "origin"), "origin", &c->origin) ||
        county_of(r, json_object_get(body, "destination"), "destination", &c->destination))
        return FG_EINVAL;
    json_t *route = json_object_get(body, "route");
    if (route && !json_is_array(route))
        return fg_reply_problem(r, 422, "route", "pass.route_list",
                                "route is a list of county codes"),
               FG_EINVAL;
    if (json_array_size(route) > FG_PASS_MAX_ROUTE)
        return fg_reply_problem(r, 422, "route", "pass.route_max",
                                "a route names at most 16 counties"),
               FG_EINVAL;
    for (size_t i = 0; i < json_array_size(route); i++)
        if (county_of(r, json_array_get(route, i), "route", &c->route[c->n_route++]))
            return FG_EINVAL;
    if (parse_crew(r, json_object_get(body, "crew"), c))
        return FG_EINVAL;
    int64_t from = r->now_ms, to = 0;
    if ((from_s && fg_time_parse(from_s, &from, &err)) || fg_time_parse(to_s, &to, &err)) {
        snprintf(err.field, sizeof(err.field), "%s",
                 from_s && err.msg[0] ? "valid_from" : "valid_to");
        return fg_reply_err(r, &err), FG_EINVAL;
    }
    if (to <= from || to - from > (int64_t)PASS_MAX_DAYS * 86400000 || to < r->now_ms)
        return fg_reply_problem(r, 422, "valid_to", "pass.valid_to",
                                "valid_to must be after valid_from, in the future, and at most 30 "
                                "days later"),
               FG_EINVAL;
    c->nbf = from / 1000;
    c->exp = to / 1000;
    c->number = 100000000000LL; /* checked format only; numbered on issue */
    if (fg_pass_claims_check(c, &err))
        return fg_reply_err(r, &err), FG_EINVAL;
    c->number = 0;
    return 0;
}

/* Adds {"code": "name"} for region `code` to `places` (once). */
static void add_place(fg_req *r, json_t *places, int32_t code)
{
    char key[7];
    fg_region_format(code, key);
    if (code <= 0 || json_object_get(places, key))
        return;
    fg_region_row row;
    fg_err err;
    if (fg_store_region_get(r->db, code, &row, &err) == 0)
        json_object_set_new(places, key, json_string(row.name));
}

/* add_place for a code as text ("330106"); NULL or a bad code adds nothing. */
static void add_place_text(fg_req *r, json_t *places, const char *code)
{
    int32_t c;
    if (code && fg_region_parse(code, "region", &c, NULL) == 0)
        add_place(r, places, c);
}

/* The names of the places a pass names (origin, the counties on the way,
 * destination, the issuing province, the checkpoints that checked it), and
 * of its applicant, so that pages show names, not codes. */
static void add_names(fg_req *r, json_t *j, const fg_pass_row *row)
{
    json_t *places = json_object();
    add_place(r, places, row->claims.origin);
    for (size_t i = 0; i < row->claims.n_route; i++)
        add_place(r, places, row->claims.route[i]);
    add_place(r, places, row->claims.destination);
    add_place(r, places, row->region);
    json_t *checks = json_object_get(j, "checks");
    size_t i;
    json_t *c;
    json_array_foreach(checks, i, c)
    {
        int32_t cp;
        const char *s = json_string_value(json_object_get(c, "checkpoint"));
        if (s && fg_region_parse(s, "checkpoint", &cp, NULL) == 0)
            add_place(r, places, cp);
    }
    json_object_set_new(j, "places", places);
    fg_enterprise e;
    fg_err err;
    if (fg_store_enterprise_get(r->db, row->claims.applicant, r->now_ms, &e, NULL, &err) == 0)
        json_object_set_new(j, "applicant_name", json_string(e.name));
}

static int reply_pass(fg_req *r, int status, const char *key, bool with_checks)
{
    fg_pass_row row;
    fg_err err;
    fg_err_init(&err);
    if (fg_store_pass_get(r->db, key, &row, &err))
        return fg_reply_err(r, &err);
    json_t *j = fg_pass_row_json(&row);
    json_object_set_new(j, "decider_role",
                        json_string(fg_role_name(fg_app_pass_decider(r->app, row.claims.goods))));
    json_t *checks = NULL;
    if (with_checks && row.number[0] && r->account.role != FG_ROLE_ENTERPRISE &&
        r->account.role != FG_ROLE_TRANSPORT_OPERATOR &&
        fg_store_pass_checks(r->db, row.number, 100, &checks, &err) == 0)
        json_object_set_new(j, "checks", checks);
    add_names(r, j, &row);
    fg_pass_row_release(&row);
    return fg_reply_json(r, status, j);
}

static int fg_h_pass_apply(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    fg_pass_claims c;
    if (parse_application(r, body, &c))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    fg_target t = {-1, c.applicant}; /* another's USCC reads as an unknown one */
    if (fg_access_check_enterprise(&r->principal, FG_ACT_PASS_APPLY, &t, &err))
        return fg_reply_err(r, &err);
    char id[37];
    if (fg_app_pass_apply(r->app, r->db, &r->who, &c, (int32_t)province_of(c.origin), NULL,
                          r->now_ms, id, &err))
        return fg_reply_err(r, &err);
    return reply_pass(r, 201, id, false);
}

/* The names a page of passes shows: each item's applicant_name, and the
 * places (origin, route, destination, a priority's region) once for the page
 * as {"code": "name"} (new). */
static json_t *list_names(fg_req *r, json_t *items)
{
    json_t *places = json_object(), *names = json_object();
    size_t i, k;
    json_t *it, *v;
    json_array_foreach(items, i, it)
    {
        const char *fields[] = {"origin", "destination"};
        for (k = 0; k < 2; k++)
            add_place_text(r, places, json_string_value(json_object_get(it, fields[k])));
        json_array_foreach(json_object_get(it, "route"), k, v)
            add_place_text(r, places, json_string_value(v));
        add_place_text(
            r, places,
            json_string_value(json_object_get(json_object_get(it, "priority"), "region")));
        const char *uscc = json_string_value(json_object_get(it, "applicant"));
        if (!uscc)
            continue;
        json_t *name = json_object_get(names, uscc);
        fg_enterprise e;
        fg_err err;
        if (!name && fg_store_enterprise_get(r->db, uscc, r->now_ms, &e, NULL, &err) == 0)
            json_object_set_new(names, uscc, name = json_string(e.name));
        if (name)
            json_object_set(it, "applicant_name", name);
    }
    json_decref(names);
    return places;
}

static int fg_h_passes_list(fg_req *r)
{
    long limit, offset;
    if (fg_req_int(r, "limit", 1, 500, 50, &limit) ||
        fg_req_int(r, "offset", 0, 100000000, 0, &offset))
        return fg_req_refusal(r);
    fg_pass_filter f = {0, 999999, "", "", "", (int)limit, (int)offset};
    const char *s;
    if ((s = fg_req_param(r, "state")) && *s) {
        if (strcmp(s, "applied") && strcmp(s, "issued") && strcmp(s, "rejected") &&
            strcmp(s, "revoked"))
            return fg_reply_problem(r, 400, "state", "pass.state_filter",
                                    "state must be applied, issued, rejected or revoked");
        f.state = s;
    }
    /* A checkpoint's lookup is of passes in force: issued ones only, never an
     * application (its crew and trip are the issuing province's to see). */
    if (r->account.role == FG_ROLE_CHECKPOINT_OFFICER) {
        if (f.state[0] && strcmp(f.state, "issued"))
            return fg_reply_problem(r, 400, "state", "pass.checkpoint_state",
                                    "a checkpoint looks up issued passes only");
        f.state = "issued";
    }
    if ((s = fg_req_param(r, "plate")) && *s)
        f.plate = s;
    if (fg_role_has_region(r->account.role)) {
        if (fg_req_allow(r, FG_ACT_PASS_READ, r->account.region, NULL))
            return fg_req_refusal(r);
        if (r->account.role != FG_ROLE_CHECKPOINT_OFFICER &&
            r->account.region != FG_REGION_NATION) {
            int32_t prov = (int32_t)province_of(r->account.region);
            f.region_lo = f.region_hi = prov;
        } else if (r->account.role == FG_ROLE_CHECKPOINT_OFFICER && !f.plate[0]) {
            return fg_reply_problem(r, 400, "plate", "pass.lookup",
                                    "a checkpoint looks passes up by plate (plate=...) or number");
        }
    } else {
        f.applicant = r->principal.n_enterprises ? r->principal.enterprises[0] : "-";
        if (fg_req_allow(r, FG_ACT_PASS_READ, -1, f.applicant))
            return fg_req_refusal(r);
    }
    fg_err err;
    fg_err_init(&err);
    json_t *items;
    int64_t total;
    if (fg_store_pass_list(r->db, &f, &items, &total, &err))
        return fg_reply_err(r, &err);
    json_t *places = list_names(r, items);
    return fg_reply_json(r, 200,
                         json_pack("{s:o,s:o,s:I,s:i,s:i}", "items", items, "places", places,
                                   "total", (json_int_t)total, "limit", (int)limit, "offset",
                                   (int)offset));
}

static int fg_h_pass_get(fg_req *r)
{
    fg_pass_row *row;
    int rc = load_pass(r, &row);
    return rc ? rc : reply_pass(r, 200, row->number[0] ? row->number : row->id, true);
}

static int fg_h_pass_decide(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    fg_pass_row *row;
    int rc = load_pass(r, &row);
    if (rc || (rc = may_decide(r, row)))
        return rc;
    json_t *ap = json_object_get(body, "approve");
    if (!json_is_boolean(ap))
        return fg_reply_problem(r, 422, "approve", "field.boolean",
                                "{field:%s} must be true or false", "approve");
    const char *reason = NULL;
    if ((rc = fg_json_text(r, body, "reason", !json_is_true(ap), 4, 2000, &reason)))
        return rc;
    if (strcmp(row->state, "applied") != 0)
        return fg_reply_problem(r, 409, NULL, "pass.already_decided",
                                "the application was already decided");
    fg_err err;
    fg_err_init(&err);
    char number[13] = "";
    if (json_is_true(ap)
            ? fg_app_pass_issue(r->app, r->db, &r->who, row, reason, r->now_ms, number, &err)
            : fg_store_pass_reject(r->db, row, reason, r->now_ms, r->account.username, &err))
        return fg_reply_err(r, &err);
    return reply_pass(r, 200, number[0] ? number : row->id, false);
}

static int fg_h_pass_revoke(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    fg_pass_row *row;
    const char *reason;
    int rc = load_pass(r, &row);
    rc = rc ? rc : may_decide(r, row);
    rc = rc ? rc : fg_json_text(r, body, "reason", true, 4, 2000, &reason);
    if (rc)
        return rc;
    fg_err err;
    fg_err_init(&err);
    if (fg_store_pass_revoke(r->db, row, reason, r->now_ms, r->account.username, &err))
        return fg_reply_err(r, &err);
    return reply_pass(r, 200, row->number[0] ? row->number : row->id, false);
}

/* Renewal: a new application with the same vehicle, crew and route and a
 * new validity, noting the pass it renews; it goes through approval again. */
static int fg_h_pass_renew(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    fg_pass_row *row;
    const char *to_s;
    int rc = load_pass(r, &row);
    rc = rc ? rc : fg_req_allow(r, FG_ACT_PASS_APPLY, -1, row->claims.applicant);
    rc = rc ? rc : fg_json_text(r, body, "valid_to", true, 1, 40, &to_s);
    if (rc)
        return rc;
    if (!row->number[0])
        return fg_reply_problem(r, 409, NULL, "pass.renew_state",
                                "only an issued pass can be renewed");
    if (strcmp(row->state, "revoked") == 0)
        return fg_reply_problem(r, 409, NULL, "pass.renew_revoked",
                                "a revoked pass cannot be renewed: apply for a new pass");
    fg_err err;
    fg_err_init(&err);
    int64_t to = 0;
    if (fg_time_parse(to_s, &to, &err)) {
        snprintf(err.field, sizeof(err.field), "valid_to");
        return fg_reply_err(r, &err);
    }
    int64_t from = r->now_ms > row->claims.exp * 1000 ? r->now_ms : row->claims.exp * 1000;
    if (to <= from || to - from > (int64_t)PASS_MAX_DAYS * 86400000)
        return fg_reply_problem(
            r, 422, "valid_to", "pass.renew_valid_to",
            "valid_to must follow the current pass's end, within 30 days of it");
    fg_pass_claims c = row->claims;
    c.nbf = from / 1000;
    c.exp = to / 1000;
    c.number = 0;
    /* The renewal is held to the rules as the new period starts: the crew's
     * latest tests may come with it, by position ({test_sampled_at} or null). */
    json_t *tests = json_object_get(body, "crew");
    if (tests && (!json_is_array(tests) || json_array_size(tests) > c.n_crew))
        return fg_reply_problem(r, 422, "crew", "pass.renew_crew",
                                "crew lists, for each person of the pass in order, "
                                "{test_sampled_at} or null");
    for (size_t i = 0; i < json_array_size(tests); i++) {
        json_t *p = json_array_get(tests, i);
        const char *s = json_string_value(json_object_get(p, "test_sampled_at"));
        int64_t ms = 0;
        if (json_is_null(p) || !s)
            continue;
        if (fg_time_parse(s, &ms, &err) || ms <= 0)
            return fg_reply_problem(r, 422, "crew", "pass.renew_crew",
                                    "crew lists, for each person of the pass in order, "
                                    "{test_sampled_at} or null");
        c.crew[i].test_sampled = ms / 1000;
    }
    for (size_t i = 0; i < c.n_crew; i++)
        c.crew[i].test_valid_to = 0; /* set again under the rules of the new period */
    char id[37];
    if (fg_app_pass_apply(r->app, r->db, &r->who, &c, row->region, row->number, r->now_ms, id,
                          &err))
        return fg_reply_err(r, &err);
    return reply_pass(r, 201, id, false);
}

/* The crew updated by the operator (issue 14: the drivers' closed loop): the
 * same trip re-signed under a new number, the old one revoked. */
static int fg_h_pass_crew(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    fg_pass_row *row;
    int rc = load_pass(r, &row);
    rc = rc ? rc : fg_req_allow(r, FG_ACT_PASS_APPLY, -1, row->claims.applicant);
    if (rc)
        return rc;
    fg_pass_claims c = row->claims;
    if (parse_crew(r, json_object_get(body, "crew"), &c))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    if (fg_pass_claims_check(&c, &err))
        return fg_reply_err(r, &err);
    for (size_t i = 0; i < c.n_crew; i++)
        c.crew[i].test_valid_to = 0; /* set again under the trip's rules */
    char number[13];
    if (fg_app_pass_recrew(r->app, r->db, &r->who, row, &c, r->now_ms, number, &err))
        return fg_reply_err(r, &err);
    return reply_pass(r, 201, number, false);
}

static int fg_h_pass_qr(fg_req *r)
{
    fg_pass_row *row;
    int rc = load_pass(r, &row);
    if (rc)
        return rc;
    if (!row->credential[0])
        return fg_reply_problem(r, 409, NULL, "pass.not_issued", "the pass is not issued yet");
    const char *fmt = fg_req_param(r, "format");
    size_t plen = strlen(r->http->url_path);
    bool svg = (fmt && strcmp(fmt, "svg") == 0) ||
               (plen > 7 && strcmp(r->http->url_path + plen - 7, "/qr.svg") == 0);
    fg_err err;
    fg_err_init(&err);
    fg_buf b;
    fg_buf_init(&b, 0);
    if ((svg ? fg_qr_svg(row->credential, &b, &err) : fg_qr_png(row->credential, 6, &b, &err))) {
        fg_buf_release(&b);
        return fg_reply_err(r, &err);
    }
    ulfius_set_binary_body_response(r->resp, 200, b.buf, b.len);
    u_map_put(r->resp->map_header, "Content-Type", svg ? "image/svg+xml" : "image/png");
    u_map_put(r->resp->map_header, "Cache-Control", "private, max-age=300");
    fg_buf_release(&b);
    return 0;
}

/* A signed list with an ETag from its bytes; 304 when the client has it. */
int fg_reply_signed(fg_req *r, const fg_buf *doc)
{
    unsigned char h[32];
    fg_sha256 sh;
    fg_sha256_init(&sh);
    fg_sha256_update(&sh, doc->buf, doc->len);
    fg_sha256_final(&sh, h);
    char etag[40];
    etag[0] = '"';
    fg_hex(h, 16, etag + 1);
    etag[33] = '"';
    etag[34] = '\0';
    u_map_put(r->resp->map_header, "ETag", etag);
    u_map_put(r->resp->map_header, "Cache-Control", "no-cache");
    const char *inm = u_map_get_case(r->http->map_header, "If-None-Match");
    if (inm && strcmp(inm, etag) == 0)
        return fg_reply_empty(r, 304);
    ulfius_set_binary_body_response(r->resp, 200, doc->buf, doc->len);
    u_map_put(r->resp->map_header, "Content-Type", "application/cose");
    return 0;
}

static int fg_h_pass_trust_list(fg_req *r)
{
    const fg_buf *doc = fg_server_trust_doc(r->srv);
    if (!doc)
        return fg_reply_problem(r, 503, NULL, "pass.no_keys",
                                "this server has no signing keys (fugong keys init)");
    return fg_reply_signed(r, doc);
}

int fg_reply_revocations(fg_req *r, int (*load)(fg_db *, fg_revocations *, fg_err *))
{
    const fg_keyring *ring = fg_server_keyring(r->srv);
    if (!ring)
        return fg_reply_problem(r, 503, NULL, "pass.no_keys",
                                "this server has no signing keys (fugong keys init)");
    fg_err err;
    fg_err_init(&err);
    fg_revocations rev;
    if (load(r->db, &rev, &err))
        return fg_reply_err(r, &err);
    /* The freshness it states, as a CRL's nextUpdate: a day from the hour it
     * was made in (the hour keeps its bytes, and so its ETag, for an hour). */
    rev.fresh_until = r->now_ms / 1000 / 3600 * 3600 + REVOCATIONS_FRESH_S;
    fg_buf payload, doc;
    fg_buf_init(&payload, 0);
    fg_buf_init(&doc, 0);
    int rc = fg_revocations_encode(&rev, &payload, &err) ||
             fg_cose_sign((const uint8_t *)payload.buf, payload.len, &ring->root, &doc, &err);
    fg_revocations_release(&rev);
    rc = rc ? fg_reply_err(r, &err) : fg_reply_signed(r, &doc);
    fg_buf_release(&payload);
    fg_buf_release(&doc);
    return rc;
}

static int fg_h_pass_revocations(fg_req *r)
{
    return fg_reply_revocations(r, fg_store_revoked);
}

static int fg_h_pass_root_key(fg_req *r)
{
    const fg_keyring *ring = fg_server_keyring(r->srv);
    if (!ring)
        return fg_reply_problem(r, 503, NULL, "pass.no_keys",
                                "this server has no signing keys (fugong keys init)");
    fg_buf pem;
    fg_buf_init(&pem, 0);
    if (fg_pubkey_to_pem(&ring->root.pub, &pem)) {
        fg_buf_release(&pem);
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    }
    ulfius_set_binary_body_response(r->resp, 200, pem.buf, pem.len);
    u_map_put(r->resp->map_header, "Content-Type", "application/x-pem-file");
    fg_buf_release(&pem);
    return 0;
}

json_t *fg_api_verdict_json(const fg_verdict *v)
{
    json_t *j = json_pack("{s:s,s:s}", "result", fg_verdict_name(v->code), "reason", v->reason);
    if (v->code == FG_VERDICT_MALFORMED)
        json_object_set_new(j, "layer", json_string(fg_pass_layer_name(v->layer)));
    if (v->have_claims)
        json_object_set_new(j, "pass", fg_pass_claims_json(&v->claims));
    return j;
}

/* Logs an online check with its verdict and replies with the verdict. */
static int log_check(fg_req *r, const fg_presented *p, const char *plate, const char *id)
{
    const fg_verdict *v = &p->verdict;
    char gen[37];
    if (!id) {
        fg_clock_uuid(gen);
        id = gen;
    }
    fg_pass_check c = {id,
                       p->number,
                       r->account.username,
                       fg_verdict_name(v->code),
                       v->reason,
                       plate ? plate : "",
                       r->account.region,
                       r->now_ms,
                       r->now_ms,
                       false};
    fg_err err;
    fg_err_init(&err);
    size_t inserted;
    if (fg_store_pass_checks_add(r->db, &c, 1, &inserted, &err))
        return fg_reply_err(r, &err);
    json_t *j = fg_api_verdict_json(v);
    json_object_set_new(j, "check_id", json_string(id));
    json_object_set_new(j, "plate_compared", json_boolean(plate && *plate));
    /* the crew's closed loop: beside the verdict, not instead of it */
    json_object_set_new(j, "test_expired", json_boolean(p->test_expired));
    if (v->have_claims) { /* the route by name, wherever it runs */
        json_t *places = json_object();
        add_place(r, places, v->claims.origin);
        for (size_t i = 0; i < v->claims.n_route; i++)
            add_place(r, places, v->claims.route[i]);
        add_place(r, places, v->claims.destination);
        json_object_set_new(j, "places", places);
    }
    return fg_reply_json(r, 200, j);
}

int fg_api_verify_presented(fg_req *r, const char *cred, const char *typed, const char *plate,
                            int32_t county, fg_presented *out)
{
    memset(out, 0, sizeof(*out));
    if (!cred == !typed)
        return fg_reply_problem(r, 422, "credential", "check.one_of",
                                "send the presented pass as credential, or its 12-digit number "
                                "as number (a paper pass, a damaged code), not both");
    fg_err err;
    fg_err_init(&err);
    /* A typed number is checked through the pass registered under it, with
     * the same verification (validity, revocation, plate, route) and log. */
    fg_pass_row *row = NULL;
    if (typed) {
        for (const char *p = typed; *p; p++)
            if (*p < '0' || *p > '9')
                return fg_reply_problem(r, 422, "number", "check.number",
                                        "number is the pass's 12 digits");
        fg_strlcpy(out->number, typed, sizeof(out->number));
        row = fg_arena_alloc(&r->arena, sizeof(*row));
        if (!row)
            return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
        int found = fg_store_pass_get(r->db, typed, row, &err);
        if (found && found != FG_ENOTFOUND)
            return fg_reply_err(r, &err);
        if (found == 0 && fg_arena_defer(&r->arena, row_release, row))
            return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
        cred = found == 0 && row->credential && row->credential[0] ? row->credential : NULL;
        if (!cred) {
            out->verdict.code = FG_VERDICT_UNKNOWN_SIGNER;
            snprintf(out->verdict.reason, sizeof(out->verdict.reason), "%s",
                     found ? "no pass is registered under this number"
                           : "no pass has been issued under this number");
            return 0;
        }
    }
    fg_revocations rev;
    if (fg_store_revoked(r->db, &rev, &err))
        return fg_reply_err(r, &err);
    const fg_trust *trust = fg_server_trust(r->srv);
    fg_trust empty = {0};
    fg_verify_opts o = {r->now_ms / 1000, plate, county, trust ? trust : &empty, NULL, &rev};
    fg_verdict *v = &out->verdict;
    int rc = fg_pass_verify(cred, strlen(cred), &o, v);
    fg_revocations_release(&rev);
    if (rc)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    /* Signed by us but not registered here: a copy of another system's key
     * or a lost database; either way not a pass of this registry. */
    if (v->have_claims) {
        fg_pass_number_format(v->claims.number, out->number);
        fg_pass_row reg;
        fg_err nf;
        if (v->code == FG_VERDICT_VALID && !row) {
            if (fg_store_pass_get(r->db, out->number, &reg, &nf)) {
                v->code = FG_VERDICT_UNKNOWN_SIGNER;
                fg_strlcpy(v->reason, "no pass is registered under this number", sizeof(v->reason));
            } else {
                fg_pass_row_release(&reg);
            }
        }
        out->test_expired =
            fg_pass_crew_test_lapsed(&v->claims, r->now_ms / 1000, fg_clock_date(r->now_ms));
    }
    return 0;
}

static int fg_h_check(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    if (fg_req_allow(r, FG_ACT_PASS_CHECK, r->account.region, NULL))
        return fg_req_refusal(r);
    const char *cred, *typed, *plate, *id;
    if (fg_json_text(r, body, "credential", false, 4, 8192, &cred) ||
        fg_json_text(r, body, "number", false, 12, 12, &typed) ||
        fg_json_text(r, body, "plate", false, 0, 12, &plate) ||
        fg_json_text(r, body, "id", false, 36, 36, &id))
        return fg_req_refusal(r);
    int32_t county =
        fg_region_level_of(r->account.region) == FG_LEVEL_COUNTY ? r->account.region : -1;
    fg_presented p;
    int rc = fg_api_verify_presented(r, cred, typed, plate, county, &p);
    return rc ? rc : log_check(r, &p, plate, id);
}

static int fg_h_checks_batch(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    if (fg_req_allow(r, FG_ACT_PASS_CHECK, r->account.region, NULL))
        return fg_req_refusal(r);
    json_t *checks = json_object_get(body, "checks");
    if (!json_is_array(checks) || json_array_size(checks) > 1000)
        return fg_reply_problem(r, 422, "checks", "check.batch",
                                "checks is a list of at most 1000 checks made offline");
    /* Validate every entry before writing any. */
    size_t i;
    json_t *c;
    json_array_foreach(checks, i, c)
    {
        const char *id = json_string_value(json_object_get(c, "id"));
        const char *result = json_string_value(json_object_get(c, "result"));
        const char *at = json_string_value(json_object_get(c, "at"));
        const char *number = json_string_value(json_object_get(c, "number"));
        int64_t t;
        bool known = false;
        for (int k = FG_VERDICT_VALID; result && k <= FG_VERDICT_OUT_OF_ROUTE; k++)
            known = known || strcmp(result, fg_verdict_name((fg_verdict_code)k)) == 0;
        const char *plate = json_string_value(json_object_get(c, "plate"));
        const char *reason = json_string_value(json_object_get(c, "reason"));
        if (!id || strlen(id) != 36 || !known || !at || fg_time_parse(at, &t, NULL) ||
            t > r->now_ms + 300000 || (number && strlen(number) > 12) ||
            (plate && strlen(plate) > 24) || (reason && strlen(reason) > 400)) {
            return fg_reply_problem(
                r, 422, "checks", "check.batch_item",
                "check {index:%zu} needs an id (UUID), a result (a verdict name), the time it was "
                "made (RFC 3339, not in the future), at most a 12-digit number, a plate "
                "and a reason of at most 24 and 400 bytes",
                i);
        }
    }
    fg_err err;
    fg_err_init(&err);
    size_t n = json_array_size(checks), accepted = 0;
    fg_pass_check *pcs = fg_arena_alloc(&r->arena, n * sizeof(*pcs) + 1);
    if (!pcs)
        return fg_reply_problem(r, 500, NULL, NULL, "out of memory");
    json_array_foreach(checks, i, c)
    {
        int64_t t = 0;
        fg_time_parse(json_string_value(json_object_get(c, "at")), &t, NULL);
        const char *number = json_string_value(json_object_get(c, "number"));
        const char *reason = json_string_value(json_object_get(c, "reason"));
        const char *plate = json_string_value(json_object_get(c, "plate"));
        pcs[i] = (fg_pass_check){json_string_value(json_object_get(c, "id")),
                                 number ? number : "",
                                 r->account.username,
                                 json_string_value(json_object_get(c, "result")),
                                 reason ? reason : "",
                                 plate ? plate : "",
                                 r->account.region,
                                 t,
                                 r->now_ms,
                                 true};
    }
    if (fg_store_pass_checks_add(r->db, pcs, n, &accepted, &err))
        return fg_reply_err(r, &err);
    return fg_reply_json(r, 200,
                         json_pack("{s:I,s:I}", "accepted", (json_int_t)accepted, "duplicates",
                                   (json_int_t)(n - accepted)));
}

/* The province named in the path (a province's code). Replies otherwise. */
static int rule_province(fg_req *r, int32_t *out)
{
    fg_err err;
    fg_err_init(&err);
    if (fg_region_parse(fg_req_param(r, "code"), "code", out, &err))
        return fg_reply_err_as(r, 400, &err);
    if (fg_region_level_of(*out) != FG_LEVEL_PROVINCE)
        return fg_reply_problem(r, 422, "code", "pass_rule.province",
                                "a pass rule is set for a province: a code ending in 0000");
    return 0;
}

static int fg_h_pass_rule_get(fg_req *r)
{
    int32_t prov;
    if (rule_province(r, &prov))
        return fg_req_refusal(r);
    if (fg_req_allow(r, FG_ACT_PASS_RULES_READ, prov, NULL))
        return fg_req_refusal(r);
    fg_err err;
    fg_err_init(&err);
    fg_pass_rule_row row;
    if (fg_store_pass_rule_get(r->db, prov, &row, &err))
        return fg_reply_err(r, &err);
    return fg_reply_json(r, 200, fg_pass_rule_row_json(&row));
}

static int fg_h_pass_rule_set(fg_req *r)
{
    int32_t prov;
    if (rule_province(r, &prov))
        return fg_req_refusal(r);
    if (fg_req_allow(r, FG_ACT_PASS_RULES_SET, prov, NULL))
        return fg_req_refusal(r);
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    json_t *drivers = json_object_get(body, "drivers"), *crew = json_object_get(body, "crew");
    json_t *hours = json_object_get(body, "hours"), *version = json_object_get(body, "version");
    if (!json_is_boolean(drivers))
        return fg_reply_problem(r, 422, "drivers", "field.boolean",
                                "{field:%s} must be true or false", "drivers");
    if (crew && !json_is_boolean(crew))
        return fg_reply_problem(r, 422, "crew", "field.boolean", "{field:%s} must be true or false",
                                "crew");
    if ((hours && !json_is_integer(hours)) || (json_is_true(drivers) && !hours))
        return fg_reply_problem(r, 422, "hours", "pass_rule.hours",
                                "a test counts for {min:%d} to {max:%d} hours after sampling",
                                FG_PASS_RULE_MIN_HOURS, FG_PASS_RULE_MAX_HOURS);
    if (version && (!json_is_integer(version) || json_integer_value(version) < 0 ||
                    json_integer_value(version) > INT_MAX))
        return fg_reply_problem(r, 422, "version", "pass_rule.version",
                                "version is the rule's version as read (0 when never set)");
    json_int_t h = hours ? json_integer_value(hours) : 0;
    /* Hours say nothing when no test is asked: kept as 0. */
    fg_pass_rule rule = {prov, "", json_is_true(drivers), json_is_true(crew),
                         !json_is_true(drivers) ? 0
                         : h < 0 || h > 100000  ? -1
                                                : (int)h};
    fg_err err;
    fg_err_init(&err);
    fg_pass_rule_row out;
    if (fg_app_pass_rule_set(r->app, r->db, &r->who, &rule,
                             version ? (int)json_integer_value(version) : -1, r->now_ms, &out,
                             &err))
        return fg_reply_err(r, &err);
    return fg_reply_json(r, 200, fg_pass_rule_row_json(&out));
}

/* What a trip asks of its drivers and crew: ?origin=&destination=&route=a,b
 * (county codes), answered with every province's rule and the strictest. */
static int fg_h_pass_test_requirement(fg_req *r)
{
    if (fg_req_allow(r, FG_ACT_PASS_RULES_READ, -1, NULL))
        return fg_req_refusal(r);
    fg_pass_claims c;
    memset(&c, 0, sizeof(c));
    fg_err err;
    fg_err_init(&err);
    const char *o = fg_req_param(r, "origin"), *d = fg_req_param(r, "destination");
    const char *route = fg_req_param(r, "route");
    if (!o || fg_region_parse(o, "origin", &c.origin, &err) ||
        fg_region_level_of(c.origin) != FG_LEVEL_COUNTY)
        return fg_reply_problem(r, 400, "origin", "pass.county_code",
                                "{field:%s} must be the 6-digit code of a county (GB/T 2260)",
                                "origin");
    if (!d || fg_region_parse(d, "destination", &c.destination, &err) ||
        fg_region_level_of(c.destination) != FG_LEVEL_COUNTY)
        return fg_reply_problem(r, 400, "destination", "pass.county_code",
                                "{field:%s} must be the 6-digit code of a county (GB/T 2260)",
                                "destination");
    for (const char *p = route && *route ? route : NULL; p;) {
        char code[7] = "";
        size_t len = strcspn(p, ",");
        if (len != 6 || c.n_route == FG_PASS_MAX_ROUTE)
            return fg_reply_problem(r, 400, "route", "pass.route_query",
                                    "route is at most 16 county codes separated by commas");
        memcpy(code, p, 6);
        if (fg_region_parse(code, "route", &c.route[c.n_route], &err) ||
            fg_region_level_of(c.route[c.n_route]) != FG_LEVEL_COUNTY)
            return fg_reply_problem(r, 400, "route", "pass.route_query",
                                    "route is at most 16 county codes separated by commas");
        c.n_route++;
        p = p[len] ? p + len + 1 : NULL;
    }
    fg_pass_rule rules[FG_PASS_MAX_PROVINCES];
    size_t n;
    fg_pass_trip_need need;
    if (fg_app_pass_trip_rules(r->db, &c, rules, &n, &need, &err))
        return fg_reply_err(r, &err);
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        fg_pass_rule_row row = {rules[i], 0, "", 0};
        json_t *j = fg_pass_rule_row_json(&row);
        json_object_del(j, "version");
        json_array_append_new(list, j);
    }
    json_t *out = json_pack("{s:o}", "rules", list);
    static const char *const roles[] = {"driver", "crew"};
    for (int k = 0; k < 2; k++) {
        const fg_pass_test_need *w = &need.role[k];
        char code[7];
        if (w->hours == 0) {
            json_object_set_new(out, roles[k], json_null());
            continue;
        }
        fg_region_format(rules[w->by].province, code);
        json_object_set_new(out, roles[k],
                            json_pack("{s:i,s:s,s:s}", "hours", w->hours, "province", code,
                                      "province_name", rules[w->by].name));
    }
    return fg_reply_json(r, 200, out);
}

const fg_api_route fg_api_passes_routes[] = {
    {"GET", "/api/v1/passes/trust-list", fg_h_pass_trust_list, FG_ROUTE_PUBLIC, 0},
    {"GET", "/api/v1/passes/revocations", fg_h_pass_revocations, FG_ROUTE_PUBLIC, 0},
    {"GET", "/api/v1/passes/root-key", fg_h_pass_root_key, FG_ROUTE_PUBLIC, 0},
    {"GET", "/api/v1/passes/test-requirement", fg_h_pass_test_requirement, FG_ACT_PASS_RULES_READ,
     0},
    {"GET", "/api/v1/regions/:code/pass-rules", fg_h_pass_rule_get, FG_ACT_PASS_RULES_READ, 0},
    {"PUT", "/api/v1/regions/:code/pass-rules", fg_h_pass_rule_set, FG_ACT_PASS_RULES_SET,
     FG_API_MAX_BODY},
    {"GET", "/api/v1/passes", fg_h_passes_list, FG_ACT_PASS_READ, 0},
    {"POST", "/api/v1/passes", fg_h_pass_apply, FG_ACT_PASS_APPLY, FG_API_MAX_BODY},
    {"GET", "/api/v1/passes/:number", fg_h_pass_get, FG_ACT_PASS_READ, 0},
    {"POST", "/api/v1/passes/:number/decision", fg_h_pass_decide, FG_ACT_PASS_DECIDE,
     FG_API_MAX_BODY},
    {"POST", "/api/v1/passes/:number/revoke", fg_h_pass_revoke, FG_ACT_PASS_DECIDE,
     FG_API_MAX_BODY},
    {"POST", "/api/v1/passes/:number/renew", fg_h_pass_renew, FG_ACT_PASS_APPLY, FG_API_MAX_BODY},
    /* the crew updated (issue 14, part "stations") */
    {"POST", "/api/v1/passes/:number/crew", fg_h_pass_crew, FG_ACT_PASS_APPLY, FG_API_MAX_BODY},
    {"GET", "/api/v1/passes/:number/qr", fg_h_pass_qr, FG_ACT_PASS_READ, 0},
    {"GET", "/api/v1/passes/:number/qr.png", fg_h_pass_qr, FG_ACT_PASS_READ, 0},
    {"GET", "/api/v1/passes/:number/qr.svg", fg_h_pass_qr, FG_ACT_PASS_READ, 0},
    {"POST", "/api/v1/checks", fg_h_check, FG_ACT_PASS_CHECK, FG_API_MAX_BODY},
    {"POST", "/api/v1/checks/batch", fg_h_checks_batch, FG_ACT_PASS_CHECK, FG_API_MAX_BODY},
};
const size_t fg_api_passes_nroutes = sizeof(fg_api_passes_routes) / sizeof(fg_api_passes_routes[0]);
