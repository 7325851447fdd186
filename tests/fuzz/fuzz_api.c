/* libFuzzer target for the JSON bodies the API accepts. The bytes after the
 * first are a request body, read as the server reads every body: a request
 * with Content-Type application/json handed to fg_req_body (src/api/http.c:
 * the size limit, jansson with JSON_REJECT_DUPLICATES, the numeric-overflow
 * and not-an-object refusals), whose reply (problem+json) is built as it would
 * be sent. The object is then checked field by field as the handler of the
 * body chosen by the first byte checks it, through the same helpers
 * (fg_json_str, fg_json_text, fg_json_int32) and the same core checks:
 *   'e' an enterprise (create/update)    'o' an order proposal
 *   'a' a pass application with its crew 'r' a daily report
 *   'l' a production plan (fg_plan_check) 'c' a policy: record and rule
 *   'k' a coordination request           'x' a supply edge
 *   'q' a problem report                 's' a station and a booking
 *   'w' a white-list application         'u' an account, a sign-in
 *   'd' a risk designation               'm' a policy claim's statements
 *                                            and attachments
 * any other byte: all of them. The handlers themselves are not called: each
 * first loads its target (the enterprise of the path, the policy being
 * edited) and some checks consult the database (whether a county exists, an
 * enterprise's suppliers), so this target reproduces their reading of the
 * body without the store, and stops at the first refusal as they do. The
 * handlers' whole path is exercised by the API tests' malformed requests.
 * Built by CMake with FG_FUZZ=ON and run by scripts/fuzz.sh. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/coordination.h"
#include "core/date.h"
#include "core/enterprise.h"
#include "core/idcard.h"
#include "core/order.h"
#include "core/pass.h"
#include "core/plan.h"
#include "core/policy.h"
#include "core/policy_claim.h"
#include "core/region.h"
#include "core/report.h"
#include "core/risk.h"
#include "core/station.h"
#include "core/supply.h"
#include "core/text.h"
#include "core/uscc.h"
#include "core/uuid.h"
#include "core/whitelist.h"
#include "store/coordination.h"
#include "store/problems.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NOW_MS 1795730548316LL /* 2026-11-26 */
#define TODAY 20261126

#define TRY(x)                                                                                     \
    do {                                                                                           \
        if (x)                                                                                     \
            return FG_EINVAL;                                                                      \
    } while (0)

static int refuse(fg_req *r, fg_err *err)
{
    fg_reply_err(r, err);
    return FG_EINVAL;
}

static int time_field(fg_req *r, json_t *body, const char *key, bool required, int64_t *out)
{
    const char *s;
    TRY(fg_json_text(r, body, key, required, 1, 40, &s));
    fg_err err;
    fg_err_init(&err);
    if (s && fg_time_parse(s, out, &err))
        return refuse(r, &err);
    return 0;
}

static int region_field(fg_req *r, json_t *body, const char *key, bool required, int32_t *out)
{
    bool bad = false;
    const char *s = fg_json_str(r, body, key, required, &bad);
    TRY(bad);
    fg_err err;
    fg_err_init(&err);
    if (s && fg_region_parse(s, key, out, &err))
        return refuse(r, &err);
    return 0;
}

/* api_enterprises.c: apply_fields. */
static int enterprise(fg_req *r, json_t *body)
{
    fg_enterprise e;
    memset(&e, 0, sizeof(e));
    bool bad = false;
    fg_err err;
    fg_err_init(&err);
    const char *s = fg_json_str(r, body, "uscc", true, &bad);
    TRY(bad);
    if (fg_uscc_validate(s, &err))
        return refuse(r, &err);
    memcpy(e.uscc, s, FG_USCC_LEN + 1);
    if ((s = fg_json_str(r, body, "name", true, &bad))) {
        if (strlen(s) >= sizeof(e.name))
            return FG_EINVAL;
        snprintf(e.name, sizeof(e.name), "%s", s);
    }
    TRY(bad);
    TRY(region_field(r, body, "region", true, &e.region));
    if ((s = fg_json_str(r, body, "industry", true, &bad))) {
        if (strlen(s) != 2)
            return FG_EINVAL;
        memcpy(e.industry, s, 3);
    }
    TRY(bad);
    json_t *v = json_object_get(body, "headcount");
    if (json_is_integer(v))
        e.headcount = json_integer_value(v);
    v = json_object_get(body, "capacity");
    if (json_is_integer(v))
        e.capacity = json_integer_value(v);
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(body, "categories"), i, c)
    {
        unsigned f;
        if (!json_is_string(c) || fg_category_parse(json_string_value(c), &f, &err))
            return FG_EINVAL;
        e.categories |= f;
    }
    v = json_object_get(body, "service_kind");
    if (json_is_string(v) && fg_service_parse(json_string_value(v), &e.service_kind, &err))
        return refuse(r, &err);
    int version = 0;
    TRY(fg_json_int32(r, body, "version", false, 0, INT_MAX, &version));
    if (fg_enterprise_validate(&e, &err))
        return refuse(r, &err);
    /* The answer is written from it (members only: api/json.c adds the braces). */
    fg_buf b;
    fg_buf_init(&b, 0);
    if (fg_buf_addc(&b, '{') == 0 && fg_enterprise_write_json(&b, &e) == 0 &&
        fg_buf_addc(&b, '}') == 0) {
        json_t *back = json_loadb(b.buf, b.len, 0, NULL);
        if (!back)
            abort(); /* the server would answer with JSON that does not parse */
        json_decref(back);
    }
    fg_buf_release(&b);
    return 0;
}

/* api_orders.c: the proposal, and the fields of a decision. */
static int order(fg_req *r, json_t *body)
{
    const char *uscc, *measure_s, *reason, *evidence, *s;
    TRY(fg_json_text(r, body, "enterprise", true, 18, 18, &uscc) ||
        fg_json_text(r, body, "measure", true, 1, 40, &measure_s) ||
        fg_json_text(r, body, "reason", true, 10, 2000, &reason) ||
        fg_json_text(r, body, "evidence", true, 10, 8000, &evidence));
    fg_err err;
    fg_err_init(&err);
    fg_measure m;
    if (fg_measure_parse(measure_s, &m, &err))
        return refuse(r, &err);
    int percent = 0, version = 0;
    int64_t starts = 0, ends = 0;
    TRY(fg_json_int32(r, body, "percent", false, 0, 100, &percent));
    TRY(time_field(r, body, "starts_at", false, &starts) ||
        time_field(r, body, "ends_at", false, &ends));
    TRY(fg_json_int32(r, body, "version", false, 0, INT_MAX, &version));
    TRY(fg_json_text(r, body, "assessment", false, 10, 8000, &s) ||
        fg_json_text(r, body, "revised_reason", false, 10, 2000, &s) ||
        fg_json_text(r, body, "measures", false, 1, 8000, &s) ||
        fg_json_text(r, body, "note", false, 10, 2000, &s));
    return 0;
}

/* api_passes.c: parse_crew and parse_application (counties are checked for
 * their form and level; the store is not asked whether they exist). */
static int county(fg_req *r, json_t *v, const char *field, int32_t *out)
{
    fg_err err;
    if (!json_is_string(v) || fg_region_parse(json_string_value(v), field, out, &err) ||
        fg_region_level_of(*out) != FG_LEVEL_COUNTY)
        return fg_reply_problem(r, 422, field, "pass.county_code", "not a county"), FG_EINVAL;
    return 0;
}

static int crew(fg_req *r, json_t *list, fg_pass_claims *c)
{
    fg_err err;
    fg_err_init(&err);
    if (!json_is_array(list) || json_array_size(list) < 1 ||
        json_array_size(list) > FG_PASS_MAX_CREW)
        return FG_EINVAL;
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *p = json_array_get(list, i);
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
            return FG_EINVAL;
        x->test_sampled = sampled_ms / 1000;
        fg_id_type type = FG_ID_RESIDENT;
        if ((type_s && fg_id_type_parse(type_s, &type, &err)) ||
            fg_id_check(type, id, TODAY, &err)) {
            char n[24], prefix[32];
            snprintf(n, sizeof(n), "%zu", i + 1);
            snprintf(prefix, sizeof(prefix), "crew %zu: ", i + 1);
            fg_err_wrap(&err, "person", n, prefix);
            return refuse(r, &err);
        }
        x->id_type = (int)type;
        fg_strlcpy(x->name, name, sizeof(x->name));
        fg_id_mask(id, x->id_masked);
        x->role = role && strcmp(role, "crew") == 0;
    }
    return 0;
}

static int pass(fg_req *r, json_t *body)
{
    fg_pass_claims c;
    memset(&c, 0, sizeof(c));
    const char *goods, *plate, *applicant, *from_s, *to_s;
    TRY(fg_json_text(r, body, "goods", true, 1, 40, &goods) ||
        fg_json_text(r, body, "plate", true, 1, 12, &plate) ||
        fg_json_text(r, body, "applicant", false, 18, 18, &applicant) ||
        fg_json_text(r, body, "valid_from", false, 1, 40, &from_s) ||
        fg_json_text(r, body, "valid_to", true, 1, 40, &to_s));
    fg_err err;
    fg_err_init(&err);
    if (fg_goods_parse(goods, &c.goods, &err))
        return refuse(r, &err);
    /* The enterprise the server takes from the session when none is given (a
     * valid USCC, so that the checks after it are reached). */
    fg_strlcpy(c.applicant, applicant ? applicant : "91330106MA2B7K001E", sizeof(c.applicant));
    fg_strlcpy(c.plate, plate, sizeof(c.plate));
    if (fg_plate_check(c.plate, &err))
        return refuse(r, &err);
    TRY(county(r, json_object_get(body, "origin"), "origin", &c.origin) ||
        county(r, json_object_get(body, "destination"), "destination", &c.destination));
    json_t *route = json_object_get(body, "route");
    if ((route && !json_is_array(route)) || json_array_size(route) > FG_PASS_MAX_ROUTE)
        return FG_EINVAL;
    for (size_t i = 0; i < json_array_size(route); i++)
        TRY(county(r, json_array_get(route, i), "route", &c.route[c.n_route++]));
    TRY(crew(r, json_object_get(body, "crew"), &c));
    int64_t from = NOW_MS, to = 0;
    if ((from_s && fg_time_parse(from_s, &from, &err)) || fg_time_parse(to_s, &to, &err))
        return refuse(r, &err);
    if (to <= from || to - from > 30LL * 86400000 || to < NOW_MS)
        return FG_EINVAL;
    c.nbf = from / 1000;
    c.exp = to / 1000;
    c.number = 100000000000LL;
    if (fg_pass_claims_check(&c, &err))
        return refuse(r, &err);
    json_decref(fg_pass_claims_json(&c));
    json_decref(fg_pass_crew_json(&c));
    return 0;
}

/* api_reports.c: report_from_json (one report, or each of a batch's); it
 * replies nothing itself. */
static int report_one(fg_req *r, json_t *o)
{
    fg_report rep;
    memset(&rep, 0, sizeof(rep));
    (void)r;
    fg_err err;
    fg_err_init(&err);
    const char *u = json_string_value(json_object_get(o, "uscc"));
    if (!u || strlen(u) > FG_USCC_LEN)
        return FG_EINVAL;
    fg_strlcpy(rep.enterprise, u, sizeof(rep.enterprise));
    json_t *v = json_object_get(o, "day");
    if (v && (!json_is_string(v) || fg_date_parse(json_string_value(v), &rep.day, NULL)))
        return FG_EINVAL;
    v = json_object_get(o, "status");
    if (!json_is_string(v) || fg_status_parse(json_string_value(v), &rep.status, &err))
        return FG_EINVAL;
    static const char *ints[] = {"capacity_pct", "staff_pct", "closed_loop"};
    for (size_t i = 0; i < 3; i++) {
        v = json_object_get(o, ints[i]);
        if (!v && i == 2)
            continue;
        if (!json_is_integer(v))
            return FG_EINVAL;
        json_int_t n = json_integer_value(v);
        if (n < -1 || n > 100000000)
            n = -1;
        if (i == 0)
            rep.capacity_pct = (int)n;
        else if (i == 1)
            rep.staff_pct = (int)n;
        else
            rep.closed_loop = n;
    }
    size_t i;
    json_t *p;
    v = json_object_get(o, "problems");
    if (v && !json_is_array(v))
        return FG_EINVAL;
    json_array_foreach(v, i, p)
    {
        unsigned flag;
        if (!json_is_string(p) || fg_report_problem_parse_one(json_string_value(p), &flag, &err))
            return FG_EINVAL;
        rep.problems |= flag;
    }
    v = json_object_get(o, "note");
    if (v && (!json_is_string(v) || strlen(json_string_value(v)) >= sizeof(rep.note)))
        return FG_EINVAL;
    return 0;
}

static int report(fg_req *r, json_t *body)
{
    /* report_from_json only says what is wrong: the form's handler replies
     * with it, a batch's lists it beside the line. */
    json_t *list = json_object_get(body, "reports");
    if (!json_is_array(list)) {
        if (report_one(r, body))
            return fg_reply_problem(r, 422, NULL, "report.invalid", "invalid"), FG_EINVAL;
        return 0;
    }
    size_t i;
    json_t *o;
    json_array_foreach(list, i, o) report_one(r, o);
    return 0;
}

/* api_plans.c: the plan body checked for each level (the suppliers are the
 * store's; two are given here). */
static int plan(fg_req *r, json_t *body)
{
    /* Two valid USCCs standing for the enterprise's supply edges. */
    static const char sup[2][FG_USCC_LEN + 1] = {"91330106MA2B7K001E", "91320505MA2C8M002C"};
    int version = -1;
    TRY(fg_json_int32(r, body, "version", false, -1, INT_MAX, &version));
    json_t *b = json_object_get(body, "body");
    for (int level = FG_RISK_LOW; level <= FG_RISK_HIGH; level++) {
        fg_plan_context ctx = {(fg_risk_level)level, 300, sup, 2};
        static fg_plan_report rep; /* large */
        fg_plan_check(b ? b : body, &ctx, &rep);
        (void)fg_plan_complete(&rep);
    }
    return 0;
}

/* api_policies.c: record_from and the rule. */
static int policy(fg_req *r, json_t *body)
{
    fg_policy_record rec;
    memset(&rec, 0, sizeof(rec));
    fg_err err;
    fg_err_init(&err);
    json_t *v;
    TRY(region_field(r, body, "region", false, &rec.region));
    const char **texts[] = {&rec.department, &rec.title, &rec.doc_number};
    static const char *names[] = {"department", "title", "doc_number"};
    for (size_t i = 0; i < 3; i++)
        if ((v = json_object_get(body, names[i])))
            *texts[i] = json_string_value(v);
    static const char *dates[] = {"doc_date", "valid_from", "valid_to"};
    int32_t *dst[] = {&rec.doc_date, &rec.valid_from, &rec.valid_to};
    for (size_t i = 0; i < 3; i++)
        if ((v = json_object_get(body, dates[i])) &&
            (!json_is_string(v) || fg_date_parse(json_string_value(v), dst[i], NULL)))
            return FG_EINVAL;
    if ((v = json_object_get(body, "budget_fen")) && json_is_integer(v))
        rec.budget_fen = json_integer_value(v);
    rec.automatic = json_is_true(json_object_get(body, "automatic"));
    if (rec.department && rec.title && rec.doc_number && fg_policy_record_check(&rec, &err))
        return refuse(r, &err);
    if ((v = json_object_get(body, "rule"))) {
        fg_policy_rule rule;
        if (fg_policy_rule_load_json(&rule, v, &err))
            return refuse(r, &err);
        fg_policy_facts f;
        fg_policy_facts_init(&f, 20220615);
        fg_policy_result res;
        json_decref(fg_policy_explain(&rule, &f, &res));
        fg_policy_rule_release(&rule);
    }
    const char *state = json_string_value(json_object_get(body, "state"));
    fg_policy_state st;
    if (state)
        fg_policy_state_parse(state, &st, &err);
    const char *reason;
    TRY(fg_json_text(r, body, "reason", false, 1, 500, &reason));
    return 0;
}

/* api_coordination.c: a request and an action on one. */
static int coordination(fg_req *r, json_t *body)
{
    int32_t to;
    const char *customer, *subject;
    TRY(region_field(r, body, "to_region", true, &to) ||
        fg_json_text(r, body, "customer", true, 18, 18, &customer) ||
        fg_json_text(r, body, "subject", true, 4, FG_COORD_TEXT_MAX, &subject));
    json_t *items = json_object_get(body, "items");
    if (!json_is_array(items) || json_array_size(items) == 0 ||
        json_array_size(items) > FG_COORD_MAX_ITEMS)
        return FG_EINVAL;
    fg_err err;
    fg_err_init(&err);
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        const char *sup, *need_s, *why;
        fg_coord_need need;
        if (!json_is_object(it))
            return FG_EINVAL;
        TRY(fg_json_text(r, it, "supplier", true, 18, 18, &sup) ||
            fg_json_text(r, it, "need", true, 1, 40, &need_s) ||
            fg_json_text(r, it, "why", true, 4, FG_COORD_TEXT_MAX, &why));
        if (fg_coord_need_parse(need_s, &need, &err))
            return refuse(r, &err);
    }
    const char *name, *dep, *answer, *reason;
    TRY(fg_json_text(r, body, "action", false, 1, 20, &name) ||
        fg_json_text(r, body, "department", false, 1, 40, &dep) ||
        fg_json_text(r, body, "answer", false, 1, FG_COORD_TEXT_MAX, &answer) ||
        fg_json_text(r, body, "reason", false, 1, FG_COORD_TEXT_MAX, &reason));
    fg_coord_action a;
    fg_role role;
    if ((name && fg_coord_action_parse(name, &a, &err)) || (dep && fg_role_parse(dep, &role, &err)))
        return refuse(r, &err);
    return 0;
}

/* api_chain.c: a supply edge. */
static int edge(fg_req *r, json_t *body)
{
    const char *sup, *cus, *input;
    TRY(fg_json_text(r, body, "supplier", true, 18, 18, &sup) ||
        fg_json_text(r, body, "customer", true, 18, 18, &cus) ||
        fg_json_text(r, body, "input", true, 1, 60, &input));
    fg_err err;
    fg_err_init(&err);
    fg_input in;
    if (fg_input_parse(input, &in, &err) || fg_uscc_validate(sup, &err) ||
        fg_uscc_validate(cus, &err))
        return refuse(r, &err);
    int64_t share = 0, stock = 0;
    TRY(fg_json_int(r, body, "share", false, 0, 100, &share) ||
        fg_json_int(r, body, "stock_days", false, 0, 3650, &stock));
    if (fg_supply_check((long)share, (long)stock, &err))
        return refuse(r, &err);
    return 0;
}

/* api_problems.c: a report of a problem and an action on one. */
static int problem(fg_req *r, json_t *body)
{
    const char *kind, *ent, *county_s, *place, *number, *plate, *what;
    TRY(fg_json_text(r, body, "kind", true, 1, FG_PROBLEM_KIND_MAX - 1, &kind) ||
        fg_json_text(r, body, "enterprise", false, 18, 18, &ent) ||
        fg_json_text(r, body, "county", false, 6, 6, &county_s) ||
        fg_json_text(r, body, "place", false, 0, FG_PROBLEM_TEXT_MAX, &place) ||
        fg_json_text(r, body, "pass_number", false, 0, 12, &number) ||
        fg_json_text(r, body, "plate", false, 0, 12, &plate) ||
        fg_json_text(r, body, "what", true, 4, FG_PROBLEM_TEXT_MAX, &what));
    fg_err err;
    fg_err_init(&err);
    int32_t code;
    if (county_s && fg_region_parse(county_s, "county", &code, &err))
        return refuse(r, &err);
    const char *name, *text;
    TRY(fg_json_text(r, body, "action", false, 1, 20, &name) ||
        fg_json_text(r, body, "text", false, 1, FG_PROBLEM_TEXT_MAX, &text));
    fg_problem_action a;
    if (name && fg_problem_action_parse(name, &a, &err))
        return refuse(r, &err);
    return 0;
}

/* api_stations.c: a station, a booking, a handover's legs. */
static int station(fg_req *r, json_t *body)
{
    const char *name, *op, *addr, *region, *state, *pass_s, *mode_s, *at_s;
    TRY(fg_json_text(r, body, "name", false, 2, 60, &name) ||
        fg_json_text(r, body, "operator", false, 2, 60, &op) ||
        fg_json_text(r, body, "address", false, 0, 100, &addr) ||
        fg_json_text(r, body, "region", false, 6, 6, &region) ||
        fg_json_text(r, body, "state", false, 4, 6, &state));
    fg_err err;
    fg_err_init(&err);
    int32_t code;
    fg_station_state st;
    if ((region && fg_region_parse(region, "region", &code, &err)) ||
        (state && fg_station_state_parse(state, &st, &err)))
        return refuse(r, &err);
    TRY(fg_json_text(r, body, "pass", false, 12, 12, &pass_s) ||
        fg_json_text(r, body, "mode", false, 1, 20, &mode_s) ||
        fg_json_text(r, body, "starts_at", false, 1, 40, &at_s));
    fg_station_mode mode;
    int64_t slot, number;
    if ((mode_s && fg_station_mode_parse(mode_s, &mode, &err)) ||
        (at_s && fg_time_parse(at_s, &slot, &err)) ||
        (pass_s && fg_pass_number_parse(pass_s, &number, &err)))
        return refuse(r, &err);
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(body, "legs"), i, o)
    {
        fg_leg leg;
        const char *v, *at = json_string_value(json_object_get(o, "at"));
        if (fg_leg_parse(json_string_value(json_object_get(o, "leg")), &leg, &err))
            return refuse(r, &err);
        static const char *keys[] = {"plate", "seal", "note"};
        static const size_t chars[] = {12, 60, 200};
        for (size_t k = 0; k < 3; k++)
            TRY(fg_json_text(r, o, keys[k], false, 0, chars[k], &v));
        if (at && fg_time_parse(at, &slot, &err))
            return refuse(r, &err);
    }
    return 0;
}

/* api_whitelists.c: an application and a request. */
static int whitelist(fg_req *r, json_t *body)
{
    const char *chain_s, *tier_s, *list_id, *uscc;
    TRY(fg_json_text(r, body, "chain", true, 1, 40, &chain_s) ||
        fg_json_text(r, body, "tier", true, 1, 20, &tier_s));
    fg_err err;
    fg_err_init(&err);
    fg_keychain chain;
    fg_wl_tier tier;
    if (fg_chain_parse(chain_s, &chain, &err) || fg_wl_tier_parse(tier_s, &tier, &err))
        return refuse(r, &err);
    TRY(fg_json_text(r, body, "list_id", false, 36, 36, &list_id) ||
        fg_json_text(r, body, "enterprise", false, 18, 18, &uscc));
    if (list_id && fg_uuid_check(list_id))
        return FG_EINVAL;
    return 0;
}

/* api_accounts.c and api_auth.c. */
static int account(fg_req *r, json_t *body)
{
    bool bad = false;
    const char *username = fg_json_str(r, body, "username", true, &bad);
    const char *display = bad ? NULL : fg_json_str(r, body, "display_name", false, &bad);
    const char *role_s = bad ? NULL : fg_json_str(r, body, "role", false, &bad);
    const char *password = bad ? NULL : fg_json_str(r, body, "password", true, &bad);
    (void)username;
    (void)display;
    (void)password;
    TRY(bad);
    fg_err err;
    fg_err_init(&err);
    fg_role role;
    int32_t region = -1;
    if (role_s && fg_role_parse(role_s, &role, &err))
        return refuse(r, &err);
    TRY(region_field(r, body, "region", false, &region));
    size_t i;
    json_t *u;
    json_array_foreach(json_object_get(body, "enterprises"), i, u)
    {
        if (!json_is_string(u) || fg_uscc_validate(json_string_value(u), &err))
            return FG_EINVAL;
    }
    return 0;
}

/* api_regions.c: a designation. */
static int designation(fg_req *r, json_t *body)
{
    bool bad = false;
    const char *level_s = fg_json_str(r, body, "level", true, &bad);
    const char *reason = bad ? NULL : fg_json_str(r, body, "reason", true, &bad);
    const char *eff_s = bad ? NULL : fg_json_str(r, body, "effective_on", false, &bad);
    (void)reason;
    TRY(bad);
    fg_err err;
    fg_err_init(&err);
    fg_risk_level level;
    int32_t eff;
    if (fg_risk_parse(level_s, &level, &err) || (eff_s && fg_date_parse(eff_s, &eff, &err)))
        return refuse(r, &err);
    return 0;
}

/* api_policy_claims.c with app/policy_claims.c's checks of what it carries. */
static int claim(fg_req *r, json_t *body)
{
    bool bad = false;
    const char *given = fg_json_str(r, body, "enterprise", false, &bad);
    const char *note = bad ? NULL : fg_json_str(r, body, "note", false, &bad);
    const char *date = bad ? NULL : fg_json_str(r, body, "date", false, &bad);
    (void)given;
    (void)note;
    TRY(bad);
    fg_err err;
    fg_err_init(&err);
    int32_t d;
    int version = 0;
    if (date && fg_date_parse(date, &d, NULL))
        return FG_EINVAL;
    TRY(fg_json_int32(r, body, "version", false, 0, INT_MAX, &version));
    const char *key;
    json_t *v;
    json_object_foreach(json_object_get(body, "statements"), key, v)
    {
        if (!json_is_boolean(v))
            return FG_EINVAL;
    }
    static const char *bases[] = {"monthly_rent", "monthly_contributions", "vat_credit"};
    for (size_t i = 0; i < 3; i++)
        if ((v = json_object_get(body, bases[i])) && json_is_integer(v) &&
            fg_claim_base_check(json_integer_value(v), bases[i], &err))
            return refuse(r, &err);
    size_t i;
    json_array_foreach(json_object_get(body, "files"), i, v)
    {
        const char *name = json_string_value(json_object_get(v, "name"));
        const char *mime = json_string_value(json_object_get(v, "mime"));
        const char *b64 = json_string_value(json_object_get(v, "body"));
        size_t bytes;
        if (!name || !mime || !b64 || fg_claim_file_check(name, mime, b64, &bytes, "files", &err))
            return FG_EINVAL;
    }
    const char *reason = json_string_value(json_object_get(body, "reason"));
    if (reason && fg_claim_reason_check(reason, "reason", &err))
        return refuse(r, &err);
    return 0;
}

typedef int (*checker)(fg_req *, json_t *);

static const struct {
    char key;
    checker fn;
} checkers[] = {
    {'e', enterprise}, {'o', order},        {'a', pass},        {'r', report},  {'l', plan},
    {'c', policy},     {'k', coordination}, {'x', edge},        {'q', problem}, {'s', station},
    {'w', whitelist},  {'u', account},      {'d', designation}, {'m', claim},
};

/* One request as the server would see it. */
static void one(const uint8_t *data, size_t size, char key)
{
    struct _u_request http;
    struct _u_response resp;
    if (ulfius_init_request(&http) != U_OK)
        abort();
    if (ulfius_init_response(&resp) != U_OK)
        abort();
    u_map_put(http.map_header, "Content-Type", "application/json");
    http.binary_body = o_malloc(size ? size : 1);
    memcpy(http.binary_body, data, size);
    http.binary_body_length = size;
    fg_req r;
    memset(&r, 0, sizeof(r));
    r.http = &http;
    r.resp = &resp;
    r.now_ms = NOW_MS;
    fg_arena_init(&r.arena);
    json_t *body = fg_req_body(&r);
    if (!body && resp.status < 400)
        abort(); /* refused without an answer */
    if (body) {
        for (size_t i = 0; i < sizeof(checkers) / sizeof(checkers[0]); i++) {
            if (key && checkers[i].key != key)
                continue;
            /* Each handler answers once: a fresh response per body kind. */
            ulfius_clean_response(&resp);
            ulfius_init_response(&resp);
            r.refusal = 0;
            int rc = checkers[i].fn(&r, body);
            if (rc == 0 && r.refusal)
                abort(); /* refused, yet went on */
        }
    }
    fg_arena_release(&r.arena);
    ulfius_clean_request(&http);
    ulfius_clean_response(&resp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    char key = 0;
    for (size_t i = 0; i < sizeof(checkers) / sizeof(checkers[0]); i++)
        if (checkers[i].key == (char)data[0])
            key = checkers[i].key;
    one(data + 1, size - 1, key);
    return 0;
}
