/* Policy rules: loading and checking a document, evaluating it against an
 * enterprise's facts, explaining the answer. */
#include "policy.h"

#include <stdio.h>
#include <string.h>

#include "../util/assert.h"
#include "date.h"
#include "order.h"
#include "rule.h"
#include "text.h"

static const char *benefit_names[] = {"subsidy",    "rent_relief",   "deferral",
                                      "tax_refund", "loan_interest", "logistics"};
_Static_assert(FG_COUNTOF(benefit_names) == FG_BENEFIT_COUNT, "a name for every benefit");

static const char *cond_names[] = {"all",
                                   "any",
                                   "not",
                                   "category",
                                   "industry",
                                   "headcount",
                                   "insured_headcount",
                                   "capacity",
                                   "risk_level",
                                   "order_days",
                                   "whitelist",
                                   "critical",
                                   "staff_return_rate",
                                   "capacity_utilisation"};
_Static_assert(FG_COUNTOF(cond_names) == FG_PC_COUNT, "a name for every condition");

static const char *base_names[] = {"monthly_rent", "monthly_contributions", "vat_credit"};
static const char *amount_names[] = {"fixed", "per_insured_employee", "per_month", "share"};

/* GB/T 4754-2017: the divisions of each section (data/industries.tsv). */
static const struct {
    char section;
    int first, last;
} sections[] = {{'A', 1, 5},   {'B', 6, 12},  {'C', 13, 43}, {'D', 44, 46}, {'E', 47, 50},
                {'F', 51, 52}, {'G', 53, 60}, {'H', 61, 62}, {'I', 63, 65}, {'J', 66, 69},
                {'K', 70, 70}, {'L', 71, 72}, {'M', 73, 75}, {'N', 76, 79}, {'O', 80, 82},
                {'P', 83, 83}, {'Q', 84, 85}, {'R', 86, 90}, {'S', 91, 96}, {'T', 97, 97}};

const char *fg_benefit_name(fg_benefit b)
{
    if (FG_NEVER((unsigned)b >= FG_BENEFIT_COUNT))
        return "";
    return benefit_names[b];
}

int fg_benefit_parse(const char *s, fg_benefit *out, fg_err *err)
{
    for (int i = 0; s && i < FG_BENEFIT_COUNT; i++)
        if (strcmp(s, benefit_names[i]) == 0) {
            *out = (fg_benefit)i;
            return 0;
        }
    return fg_err_at(err, FG_EINVAL, "benefit", "policy.benefit",
                     "benefit must be subsidy, rent_relief, deferral, tax_refund, "
                     "loan_interest or logistics, not '{value:%.30s}'",
                     s ? s : "(not a text)");
}

const char *fg_policy_cond_name(fg_policy_cond_kind k)
{
    if (FG_NEVER((unsigned)k >= FG_PC_COUNT))
        return "";
    return cond_names[k];
}

char fg_industry_section(int division)
{
    for (size_t i = 0; i < FG_COUNTOF(sections); i++)
        if (division >= sections[i].first && division <= sections[i].last)
            return sections[i].section;
    return 0;
}

bool fg_policy_order_span(fg_order_state state, bool emergency, bool confirmed, int64_t starts_at,
                          int64_t ends_at, int64_t ended_at, int64_t lapses_at, int64_t now,
                          int64_t *out_from, int64_t *out_to)
{
    int64_t end;
    switch (state) {
    case FG_ORDER_IN_FORCE:
        end = ends_at;
        if (emergency && !confirmed && lapses_at > 0 && lapses_at < end)
            end = lapses_at;
        break;
    case FG_ORDER_LAPSED: end = lapses_at > 0 ? lapses_at : ended_at; break;
    case FG_ORDER_LIFTED:
    case FG_ORDER_RESUMED: end = ended_at; break;
    case FG_ORDER_EXPIRED: end = ends_at; break;
    case FG_ORDER_REJECTED:
    case FG_ORDER_WITHDRAWN:
        if (!emergency)
            return false;
        end = ended_at;
        break;
    default: return false;
    }
    if (end > now)
        end = now;
    if (end <= starts_at)
        return false;
    *out_from = starts_at;
    *out_to = end;
    return true;
}

void fg_policy_facts_init(fg_policy_facts *f, int32_t date)
{
    memset(f, 0, sizeof(*f));
    f->date = date;
    f->insured = -1;
    f->monthly_rent = f->monthly_contributions = f->vat_credit = -1;
}

/* ---- loading ---------------------------------------------------------- */

typedef struct loader {
    fg_policy_rule *r;
    fg_err *err;
} loader;

static int range_parse(loader *L, json_t *v, fg_policy_cond *c, int64_t hi)
{
    json_t *mn = json_object_get(v, "min"), *mx = json_object_get(v, "max");
    size_t members = json_is_object(v) ? json_object_size(v) : 0;
    if (!json_is_object(v) || (!mn && !mx) || members != (size_t)(!!mn + !!mx) ||
        (mn && !json_is_integer(mn)) || (mx && !json_is_integer(mx)))
        return fg_err_at(L->err, FG_EINVAL, NULL, "policy.range",
                         "condition {path:%s}: {condition:%s} must be {\"min\": n, \"max\": n} "
                         "with at least one whole number",
                         c->path, cond_names[c->kind]);
    c->min = mn ? json_integer_value(mn) : 0;
    c->max = mx ? json_integer_value(mx) : hi;
    if (c->min < 0 || c->max > hi || c->min > c->max)
        return fg_err_at(L->err, FG_EINVAL, NULL, "policy.range_bounds",
                         "condition {path:%s}: {condition:%s} needs 0 <= min <= max <= "
                         "{max:%lld}",
                         c->path, cond_names[c->kind], (long long)hi);
    return 0;
}

static int date_member(loader *L, json_t *v, const char *key, int32_t *out, const char *path)
{
    const char *s = json_string_value(json_object_get(v, key));
    if (!s || fg_date_parse(s, out, NULL))
        return fg_err_at(L->err, FG_EINVAL, NULL, "policy.period_date",
                         "condition {path:%s}: {member:%s} must be a date YYYY-MM-DD", path, key);
    return 0;
}

static int period_parse(loader *L, json_t *v, fg_policy_cond *c)
{
    if (json_is_object(v) && json_object_size(v) == 1 && json_object_get(v, "last_days")) {
        json_t *n = json_object_get(v, "last_days");
        if (!json_is_integer(n) || json_integer_value(n) < 1 || json_integer_value(n) > 3660)
            return fg_err_at(L->err, FG_EINVAL, NULL, "policy.last_days",
                             "condition {path:%s}: last_days must be a whole number from 1 to "
                             "{max:%d}",
                             c->path, 3660);
        c->last_days = (int)json_integer_value(n);
        return 0;
    }
    if (!json_is_object(v) || json_object_size(v) != 2 || !json_object_get(v, "from") ||
        !json_object_get(v, "to"))
        return fg_err_at(L->err, FG_EINVAL, NULL, "policy.period",
                         "condition {path:%s}: during must be {\"from\": date, \"to\": date} or "
                         "{\"last_days\": n}",
                         c->path);
    int rc;
    if ((rc = date_member(L, v, "from", &c->from, c->path)) ||
        (rc = date_member(L, v, "to", &c->to, c->path)))
        return rc;
    if (c->from > c->to)
        return fg_err_at(L->err, FG_EINVAL, NULL, "policy.period_order",
                         "condition {path:%s}: the period ends before it starts", c->path);
    return 0;
}

static int industry_parse(loader *L, json_t *v, fg_policy_cond *c)
{
    if (!json_is_array(v) || json_array_size(v) == 0)
        return fg_err_at(L->err, FG_EINVAL, NULL, "policy.industry_list",
                         "condition {path:%s}: industry must be a non-empty list", c->path);
    size_t k;
    json_t *item;
    json_array_foreach(v, k, item)
    {
        const char *s = json_string_value(item);
        size_t len = s ? strlen(s) : 0;
        int first = 0, last = -1;
        if (len == 1) {
            for (size_t i = 0; i < FG_COUNTOF(sections); i++)
                if (sections[i].section == s[0]) {
                    first = sections[i].first;
                    last = sections[i].last;
                }
        } else if (len == 2 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9') {
            first = last = (s[0] - '0') * 10 + (s[1] - '0');
            if (!fg_industry_section(first))
                last = -1;
        }
        if (last < first)
            return fg_err_at(L->err, FG_EINVAL, NULL, "policy.industry",
                             "condition {path:%s}: industry lists '{value:%.20s}', which is "
                             "neither a GB/T 4754-2017 section (A to T) nor a division (01 to 97)",
                             c->path, s ? s : "(not a text)");
        for (int d = first; d <= last; d++)
            c->divisions[d / 64] |= 1ull << (d % 64);
    }
    return 0;
}

static int measures_parse(loader *L, json_t *v, fg_policy_cond *c)
{
    if (!v) {
        c->mask = (1u << FG_MEASURE_COUNT) - 1;
        return 0;
    }
    if (!json_is_array(v) || json_array_size(v) == 0)
        return fg_err_at(L->err, FG_EINVAL, NULL, "policy.measures",
                         "condition {path:%s}: measures must be a non-empty list", c->path);
    size_t k;
    json_t *item;
    json_array_foreach(v, k, item)
    {
        fg_measure m;
        const char *s = json_string_value(item);
        if (!s || fg_measure_parse(s, &m, NULL))
            return fg_err_at(L->err, FG_EINVAL, NULL, "policy.measure",
                             "condition {path:%s}: measures lists '{value:%.30s}'; use stop, "
                             "limit_capacity or limit_arrival",
                             c->path, s ? s : "(not a text)");
        c->mask |= 1u << m;
    }
    return 0;
}

static int cond_parse(loader *L, json_t *v, const char *path, int depth);

/* The members a condition may carry beside its own. */
static bool modifier_allowed(fg_policy_cond_kind k, const char *key)
{
    if (k == FG_PC_RISK)
        return strcmp(key, "on") == 0 || strcmp(key, "during") == 0;
    if (k == FG_PC_ORDER_DAYS)
        return strcmp(key, "during") == 0 || strcmp(key, "measures") == 0;
    return false;
}

static int leaf_parse(loader *L, fg_policy_cond *c, json_t *v, json_t *obj)
{
    const char *bad = NULL;
    fg_rule_fault f;
    switch (c->kind) {
    case FG_PC_CATEGORY:
        f = fg_rule_categories(v, &c->mask, &bad);
        if (f == FG_RULE_NOT_LIST)
            return fg_err_at(L->err, FG_EINVAL, NULL, "policy.category_list",
                             "condition {path:%s}: category must be a non-empty list", c->path);
        if (f != FG_RULE_OK)
            return fg_err_at(L->err, FG_EINVAL, NULL, "policy.category",
                             "condition {path:%s}: category lists '{value:%.40s}'; use "
                             "key_industrial, livelihood_supply, related_service or none",
                             c->path, bad);
        return 0;
    case FG_PC_INDUSTRY: return industry_parse(L, v, c);
    case FG_PC_HEADCOUNT:
    case FG_PC_INSURED:
    case FG_PC_CAPACITY: return range_parse(L, v, c, INT64_C(1000000000000));
    case FG_PC_STAFF:
    case FG_PC_CAPACITY_UTIL: return range_parse(L, v, c, 100);
    case FG_PC_RISK: {
        f = fg_rule_risk_levels(v, &c->mask, &bad);
        if (f == FG_RULE_NOT_LIST)
            return fg_err_at(L->err, FG_EINVAL, NULL, "policy.risk_list",
                             "condition {path:%s}: risk_level must be a non-empty list", c->path);
        if (f != FG_RULE_OK)
            return fg_err_at(L->err, FG_EINVAL, NULL, "policy.risk_level",
                             "condition {path:%s}: risk_level lists '{value:%.40s}'; use low, "
                             "medium or high",
                             c->path, bad);
        json_t *on = json_object_get(obj, "on"), *during = json_object_get(obj, "during");
        if (on && during)
            return fg_err_at(L->err, FG_EINVAL, NULL, "policy.on_or_during",
                             "condition {path:%s}: give either on or during, not both", c->path);
        if (on) {
            const char *s = json_string_value(on);
            if (!s || fg_date_parse(s, &c->from, NULL))
                return fg_err_at(L->err, FG_EINVAL, NULL, "policy.period_date",
                                 "condition {path:%s}: {member:%s} must be a date YYYY-MM-DD",
                                 c->path, "on");
            c->to = c->from;
        }
        return during ? period_parse(L, during, c) : 0;
    }
    case FG_PC_ORDER_DAYS: {
        int rc;
        json_t *during = json_object_get(obj, "during");
        if (!during)
            return fg_err_at(L->err, FG_EINVAL, NULL, "policy.period_needed",
                             "condition {path:%s}: order_days needs during: the period whose "
                             "days are counted",
                             c->path);
        if ((rc = range_parse(L, v, c, 3660)) || (rc = period_parse(L, during, c)))
            return rc;
        return measures_parse(L, json_object_get(obj, "measures"), c);
    }
    case FG_PC_WHITELIST:
    case FG_PC_CRITICAL:
        if (!json_is_boolean(v))
            return fg_err_at(L->err, FG_EINVAL, NULL, "policy.flag",
                             "condition {path:%s}: {condition:%s} must be true or false", c->path,
                             cond_names[c->kind]);
        c->flag = json_is_true(v);
        return 0;
    default: (void)FG_NEVER(1); return FG_EINVAL;
    }
}

static int cond_parse(loader *L, json_t *v, const char *path, int depth)
{
    fg_policy_rule *r = L->r;
    if (depth > FG_POLICY_MAX_DEPTH)
        return fg_err_at(L->err, FG_EINVAL, NULL, "policy.depth",
                         "condition {path:%.40s}: conditions nest deeper than {max:%d} levels",
                         path, FG_POLICY_MAX_DEPTH);
    if (r->n >= FG_POLICY_MAX_NODES)
        return fg_err_at(L->err, FG_EINVAL, NULL, "policy.too_many",
                         "a policy has at most {max:%d} conditions", FG_POLICY_MAX_NODES);
    if (!json_is_object(v))
        return fg_err_at(L->err, FG_EINVAL, NULL, "policy.condition_object",
                         "condition {path:%.40s} must be an object", path);
    /* Exactly one member names the condition; the others may only modify it. */
    int kind = -1;
    json_t *arg = NULL;
    const char *key;
    json_t *m;
    json_object_foreach(v, key, m)
    {
        for (int k = 0; k < FG_PC_COUNT; k++)
            if (strcmp(key, cond_names[k]) == 0) {
                if (kind >= 0)
                    return fg_err_at(L->err, FG_EINVAL, NULL, "policy.two_conditions",
                                     "condition {path:%.40s} names two conditions; combine "
                                     "them with all or any",
                                     path);
                kind = k;
                arg = m;
            }
    }
    if (kind < 0)
        return fg_err_at(L->err, FG_EINVAL, NULL, "policy.condition_missing",
                         "condition {path:%.40s} names no condition (use all, any, not, "
                         "category, industry, headcount, insured_headcount, capacity, "
                         "risk_level, order_days, whitelist, critical, staff_return_rate, "
                         "capacity_utilisation)",
                         path);
    json_object_foreach(v, key, m)
    {
        if (strcmp(key, cond_names[kind]) && !modifier_allowed((fg_policy_cond_kind)kind, key))
            return fg_err_at(L->err, FG_EINVAL, NULL, "policy.condition_member",
                             "condition {path:%.40s}: '{member:%.30s}' is not a condition nor "
                             "allowed beside {condition:%s}",
                             path, key, cond_names[kind]);
    }
    size_t i = r->n++;
    fg_policy_cond *c = &r->nodes[i];
    memset(c, 0, sizeof(*c));
    c->kind = (fg_policy_cond_kind)kind;
    c->json = v;
    snprintf(c->path, sizeof(c->path), "%s", path);
    int rc = 0;
    if (kind == FG_PC_NOT) {
        char sub[48];
        snprintf(sub, sizeof(sub), "%.40s.not", path);
        rc = cond_parse(L, arg, sub, depth + 1);
    } else if (kind == FG_PC_ALL || kind == FG_PC_ANY) {
        if (!json_is_array(arg) || json_array_size(arg) == 0)
            return fg_err_at(L->err, FG_EINVAL, NULL, "policy.combine_list",
                             "condition {path:%.40s}: {condition:%s} must be a non-empty list",
                             path, cond_names[kind]);
        size_t k;
        json_array_foreach(arg, k, m)
        {
            char sub[48];
            snprintf(sub, sizeof(sub), "%.24s.%.3s[%u]", path, cond_names[kind],
                     (unsigned)(k % 1000));
            if ((rc = cond_parse(L, m, sub, depth + 1)))
                return rc;
        }
    } else {
        rc = leaf_parse(L, c, arg, v);
    }
    /* nodes[i] may only be read through r now: the array does not move. */
    r->nodes[i].end = (uint16_t)r->n;
    return rc;
}

static int yuan_value(loader *L, json_t *v, const char *what, int64_t *out)
{
    if (!json_is_integer(v) || json_integer_value(v) < 1 ||
        json_integer_value(v) > FG_POLICY_MAX_YUAN)
        return fg_err_at(L->err, FG_EINVAL, NULL, "policy.yuan",
                         "amount: {member:%s} must be a whole number of yuan from 1 to "
                         "{max:%lld}",
                         what, (long long)FG_POLICY_MAX_YUAN);
    *out = json_integer_value(v);
    return 0;
}

static int base_value(loader *L, json_t *v, fg_amount_base *out)
{
    const char *s = json_string_value(v);
    for (int i = 0; s && i < (int)FG_COUNTOF(base_names); i++)
        if (strcmp(s, base_names[i]) == 0) {
            *out = (fg_amount_base)i;
            return 0;
        }
    return fg_err_at(L->err, FG_EINVAL, NULL, "policy.amount_base",
                     "amount: of must be monthly_rent, monthly_contributions or vat_credit, not "
                     "'{value:%.30s}'",
                     s ? s : "(not a text)");
}

static int months_value(loader *L, json_t *v, int *out)
{
    if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 36)
        return fg_err_at(L->err, FG_EINVAL, NULL, "policy.months",
                         "amount: months must be a whole number from 1 to {max:%d}", 36);
    *out = (int)json_integer_value(v);
    return 0;
}

static int amount_parse(loader *L, json_t *a)
{
    fg_policy_rule *r = L->r;
    r->instead = -1;
    r->cap_fen = -1;
    if (!json_is_object(a))
        return fg_err_at(L->err, FG_EINVAL, NULL, "policy.amount",
                         "amount must be an object with one formula: fixed, "
                         "per_insured_employee, per_month or share");
    int kind = -1, rc;
    const char *key;
    json_t *v, *arg = NULL;
    json_object_foreach(a, key, v)
    {
        int k = -1;
        for (int i = 0; i < (int)FG_COUNTOF(amount_names); i++)
            if (strcmp(key, amount_names[i]) == 0)
                k = i;
        if (k < 0 && strcmp(key, "cap"))
            return fg_err_at(L->err, FG_EINVAL, NULL, "policy.amount_member",
                             "amount: '{member:%.30s}' is not a formula (fixed, "
                             "per_insured_employee, per_month, share) nor cap",
                             key);
        if (k >= 0 && kind >= 0)
            return fg_err_at(L->err, FG_EINVAL, NULL, "policy.amount",
                             "amount must be an object with one formula: fixed, "
                             "per_insured_employee, per_month or share");
        if (k >= 0) {
            kind = k;
            arg = v;
        }
    }
    if (kind < 0)
        return fg_err_at(L->err, FG_EINVAL, NULL, "policy.amount",
                         "amount must be an object with one formula: fixed, "
                         "per_insured_employee, per_month or share");
    r->amount = (fg_amount_kind)kind;
    json_t *cap = json_object_get(a, "cap");
    if (cap) {
        int64_t y = 0;
        if ((rc = yuan_value(L, cap, "cap", &y)))
            return rc;
        r->cap_fen = y * 100;
    }
    switch (r->amount) {
    case FG_AMOUNT_FIXED:
    case FG_AMOUNT_PER_INSURED: return yuan_value(L, arg, amount_names[kind], &r->yuan);
    case FG_AMOUNT_PER_MONTH: {
        json_t *inst = json_object_get(arg, "instead");
        if (!json_is_object(arg) || json_object_size(arg) != 2u + (inst != NULL))
            return fg_err_at(L->err, FG_EINVAL, NULL, "policy.per_month",
                             "amount: per_month must be {\"of\": base, \"months\": n} and "
                             "optionally \"instead\": {\"when\": condition, \"months\": n}");
        if ((rc = base_value(L, json_object_get(arg, "of"), &r->base)) ||
            (rc = months_value(L, json_object_get(arg, "months"), &r->months)))
            return rc;
        if (!inst)
            return 0;
        if (!json_is_object(inst) || json_object_size(inst) != 2 || !json_object_get(inst, "when"))
            return fg_err_at(L->err, FG_EINVAL, NULL, "policy.per_month",
                             "amount: per_month must be {\"of\": base, \"months\": n} and "
                             "optionally \"instead\": {\"when\": condition, \"months\": n}");
        if ((rc = months_value(L, json_object_get(inst, "months"), &r->instead_months)))
            return rc;
        r->instead = (int)r->n;
        return cond_parse(L, json_object_get(inst, "when"), "amount.instead.when", 1);
    }
    case FG_AMOUNT_SHARE: {
        json_t *p = json_object_get(arg, "percent");
        if (!json_is_object(arg) || json_object_size(arg) != 2 || !json_is_integer(p) ||
            json_integer_value(p) < 1 || json_integer_value(p) > 100)
            return fg_err_at(L->err, FG_EINVAL, NULL, "policy.share",
                             "amount: share must be {\"of\": base, \"percent\": 1 to 100}");
        r->percent = (int)json_integer_value(p);
        return base_value(L, json_object_get(arg, "of"), &r->base);
    }
    }
    return 0;
}

void fg_policy_rule_release(fg_policy_rule *r)
{
    json_decref(r->json);
    r->json = NULL;
    r->n = 0;
}

int fg_policy_rule_load_json(fg_policy_rule *r, json_t *doc, fg_err *err)
{
    memset(r, 0, sizeof(*r));
    loader L = {r, err};
    int rc;
    if (!json_is_object(doc))
        return fg_err_at(err, FG_EINVAL, NULL, "policy.object",
                         "a policy rule must be an object with benefit, when and amount");
    r->json = json_incref(doc);
    const char *key;
    json_t *v;
    json_object_foreach(doc, key, v)
    {
        if (strcmp(key, "benefit") && strcmp(key, "when") && strcmp(key, "amount")) {
            rc = fg_err_at(err, FG_EINVAL, NULL, "policy.member",
                           "a policy rule has benefit, when and amount, not '{member:%.30s}'", key);
            goto fail;
        }
    }
    if ((rc = fg_benefit_parse(json_string_value(json_object_get(doc, "benefit")), &r->benefit,
                               err)))
        goto fail;
    json_t *when = json_object_get(doc, "when");
    if (!when) {
        rc = fg_err_at(err, FG_EINVAL, NULL, "policy.when",
                       "a policy rule needs when: the condition an enterprise must meet");
        goto fail;
    }
    if ((rc = cond_parse(&L, when, "when", 0)) ||
        (rc = amount_parse(&L, json_object_get(doc, "amount"))))
        goto fail;
    return 0;
fail:
    fg_policy_rule_release(r);
    return rc;
}

int fg_policy_rule_load(fg_policy_rule *r, const char *text, size_t len, fg_err *err)
{
    json_error_t jerr;
    memset(r, 0, sizeof(*r));
    json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc)
        return fg_err_at(err, FG_EINVAL, NULL, "policy.json",
                         "the policy rule is not valid JSON: %s at line {line:%d}", jerr.text,
                         jerr.line);
    int rc = fg_policy_rule_load_json(r, doc, err);
    json_decref(doc);
    return rc;
}

/* ---- evaluation ------------------------------------------------------- */

/* The fact a leaf looked at. */
typedef struct leaf_fact {
    int64_t value;  /* the number, the level, the days, the flag */
    int32_t day;    /* risk: the day of that level; reports: the report's day */
    int32_t source; /* risk: the region whose designation applies, -1 none */
    bool held;      /* insured: the insured number was held; reports: a report exists */
} leaf_fact;

/* The period a condition looks at, never past the evaluation date: what
 * is designated or ordered for later is not yet a fact. Empty when from > to. */
static void period_of(const fg_policy_cond *c, const fg_policy_facts *f, int32_t *from, int32_t *to)
{
    if (c->last_days) {
        *to = f->date;
        *from = fg_date_from_days(fg_date_days(f->date) - c->last_days + 1);
    } else if (c->from) {
        *from = c->from;
        *to = c->to;
    } else {
        *from = *to = f->date;
    }
    if (*to > f->date)
        *to = f->date;
}

/* The county's level at any time in [from, to]: the first day with a level
 * in `mask`, else the highest level seen. */
static bool risk_during(const fg_policy_cond *c, const fg_policy_facts *f, int32_t from, int32_t to,
                        leaf_fact *out)
{
    fg_risk_resolution res;
    fg_risk_resolve(f->region, from, f->risk, f->n_risk, &res);
    out->value = res.level;
    out->day = from;
    out->source = res.source_region;
    if (c->mask & (1u << res.level))
        return true;
    /* The level changes only on a designation's date. */
    int32_t best_day = 0;
    for (size_t i = 0; i < f->n_risk; i++) {
        int32_t d = f->risk[i].effective_on;
        if (d <= from || d > to)
            continue;
        fg_risk_resolve(f->region, d, f->risk, f->n_risk, &res);
        bool hit = (c->mask & (1u << res.level)) != 0;
        if (hit && (!best_day || d < best_day)) {
            best_day = d;
            out->value = res.level;
            out->day = d;
            out->source = res.source_region;
        } else if (!best_day && res.level > out->value) {
            out->value = res.level;
            out->day = d;
            out->source = res.source_region;
        }
    }
    return best_day != 0;
}

/* Days in [from, to] covered by an order with a measure in `mask`. */
static int64_t order_days(const fg_policy_facts *f, unsigned mask, int32_t from, int32_t to)
{
    int64_t lo = fg_date_days(from), hi = fg_date_days(to), cursor = lo, days = 0;
    for (;;) {
        /* The next covered stretch starting at or after cursor. */
        int64_t s = INT64_MAX, e = 0;
        for (size_t i = 0; i < f->n_orders; i++) {
            const fg_policy_order_days *o = &f->orders[i];
            if (!(mask & (1u << o->measure)) || o->to < o->from)
                continue;
            int64_t os = fg_date_days(o->from), oe = fg_date_days(o->to);
            if (oe < cursor || os > hi)
                continue;
            if (os < cursor)
                os = cursor;
            if (os < s || (os == s && oe > e)) {
                s = os;
                e = oe;
            }
        }
        if (s == INT64_MAX)
            break;
        /* Extend it by every order that overlaps or touches it. */
        for (bool grew = true; grew;) {
            grew = false;
            for (size_t i = 0; i < f->n_orders; i++) {
                const fg_policy_order_days *o = &f->orders[i];
                if (!(mask & (1u << o->measure)) || o->to < o->from)
                    continue;
                int64_t os = fg_date_days(o->from), oe = fg_date_days(o->to);
                if (os <= e + 1 && oe > e && oe >= s) {
                    e = oe;
                    grew = true;
                }
            }
        }
        if (e > hi)
            e = hi;
        days += e - s + 1;
        cursor = e + 1;
        if (cursor > hi)
            break;
    }
    return days;
}

static bool in_range(const fg_policy_cond *c, int64_t v)
{
    return v >= c->min && v <= c->max;
}

static bool leaf_eval(const fg_policy_cond *c, const fg_policy_facts *f, leaf_fact *out)
{
    out->held = true;
    out->day = 0;
    out->source = -1;
    switch (c->kind) {
    case FG_PC_CATEGORY:
        out->value = f->categories;
        return fg_rule_categories_match(c->mask, f->categories);
    case FG_PC_INDUSTRY: {
        int d = (f->industry[0] - '0') * 10 + (f->industry[1] - '0');
        out->value = d;
        return d > 0 && d < 100 && (c->divisions[d / 64] >> (d % 64) & 1);
    }
    case FG_PC_HEADCOUNT: out->value = f->headcount; return in_range(c, f->headcount);
    case FG_PC_INSURED:
        out->held = f->insured >= 0;
        out->value = out->held ? f->insured : f->headcount;
        return in_range(c, out->value);
    case FG_PC_CAPACITY: out->value = f->capacity; return in_range(c, f->capacity);
    case FG_PC_RISK: {
        int32_t from, to;
        period_of(c, f, &from, &to);
        if (from > to) {
            out->value = FG_RISK_LOW;
            out->day = from;
            return false;
        }
        return risk_during(c, f, from, to, out);
    }
    case FG_PC_ORDER_DAYS: {
        int32_t from, to;
        period_of(c, f, &from, &to);
        out->value = from > to ? 0 : order_days(f, c->mask, from, to);
        return in_range(c, out->value);
    }
    case FG_PC_WHITELIST: out->value = f->whitelist; return f->whitelist == c->flag;
    case FG_PC_CRITICAL: out->value = f->critical; return f->critical == c->flag;
    case FG_PC_STAFF:
    case FG_PC_CAPACITY_UTIL:
        out->held = f->report_day != 0 && f->report_day <= f->date;
        out->day = f->report_day;
        out->value = c->kind == FG_PC_STAFF ? f->staff_pct : f->capacity_pct;
        return out->held && in_range(c, out->value);
    default: (void)FG_NEVER(1); return false;
    }
}

/* Evaluates the subtree at i. With `vals`, every node is evaluated (no short
 * cut) and its value and leaf fact recorded. */
static bool node_eval(const fg_policy_rule *r, size_t i, const fg_policy_facts *f, bool *vals,
                      leaf_fact *facts)
{
    const fg_policy_cond *c = &r->nodes[i];
    bool v;
    if (c->kind == FG_PC_ALL || c->kind == FG_PC_ANY) {
        bool want = c->kind == FG_PC_ANY;
        v = !want;
        for (size_t k = i + 1; k < c->end; k = r->nodes[k].end) {
            if (node_eval(r, k, f, vals, facts) == want) {
                v = want;
                if (!vals)
                    break;
            }
        }
    } else if (c->kind == FG_PC_NOT) {
        v = !node_eval(r, i + 1, f, vals, facts);
    } else {
        leaf_fact scratch;
        v = leaf_eval(c, f, facts ? &facts[i] : &scratch);
    }
    if (vals)
        vals[i] = v;
    return v;
}

static int64_t base_of(const fg_policy_rule *r, const fg_policy_facts *f)
{
    switch (r->base) {
    case FG_BASE_MONTHLY_RENT: return f->monthly_rent;
    case FG_BASE_MONTHLY_CONTRIBUTIONS: return f->monthly_contributions;
    case FG_BASE_VAT_CREDIT: return f->vat_credit;
    }
    return -1;
}

/* a × b for non-negative a and b, saturating at INT64_MAX (a cap then
 * applies; without one the figure is plainly absurd rather than wrapped). */
static int64_t mul_sat(int64_t a, int64_t b)
{
    int64_t p;
    return __builtin_mul_overflow(a, b, &p) ? INT64_MAX : p;
}

static void amount_eval(const fg_policy_rule *r, const fg_policy_facts *f, bool instead,
                        fg_policy_result *out)
{
    int64_t fen = 0;
    out->amount_known = true;
    out->months = 0;
    switch (r->amount) {
    case FG_AMOUNT_FIXED: fen = r->yuan * 100; break;
    case FG_AMOUNT_PER_INSURED:
        fen = mul_sat(r->yuan * 100, f->insured >= 0 ? f->insured : f->headcount);
        break;
    case FG_AMOUNT_PER_MONTH: {
        int64_t base = base_of(r, f);
        out->months = instead ? r->instead_months : r->months;
        if (base < 0)
            out->amount_known = false;
        else
            fen = mul_sat(base, out->months);
        break;
    }
    case FG_AMOUNT_SHARE: {
        int64_t base = base_of(r, f);
        if (base < 0)
            out->amount_known = false;
        else
            fen = base / 100 * r->percent + base % 100 * r->percent / 100;
        break;
    }
    }
    out->capped = out->amount_known && r->cap_fen >= 0 && fen > r->cap_fen;
    out->amount_fen = !out->amount_known ? 0 : out->capped ? r->cap_fen : fen;
}

void fg_policy_evaluate(const fg_policy_rule *r, const fg_policy_facts *f, fg_policy_result *out)
{
    memset(out, 0, sizeof(*out));
    out->eligible = node_eval(r, 0, f, NULL, NULL);
    if (!out->eligible)
        return;
    bool instead = r->instead >= 0 && node_eval(r, (size_t)r->instead, f, NULL, NULL);
    amount_eval(r, f, instead, out);
}

/* ---- explanation ------------------------------------------------------ */

/* Marks what the enterprise lacks under node i, for node i to become `want`. */
static void mark_lacking(const fg_policy_rule *r, size_t i, bool want, const bool *vals,
                         bool *lacking)
{
    const fg_policy_cond *c = &r->nodes[i];
    if (vals[i] == want)
        return;
    if (c->kind == FG_PC_NOT) {
        mark_lacking(r, i + 1, !want, vals, lacking);
        return;
    }
    if (c->kind == FG_PC_ALL || c->kind == FG_PC_ANY) {
        /* all → true / any → false: each child that is not `want` must turn;
         * all → false / any → true: turning any one child would do. */
        for (size_t k = i + 1; k < c->end; k = r->nodes[k].end)
            mark_lacking(r, k, want, vals, lacking);
        return;
    }
    lacking[i] = true;
}

static void day_text(int32_t d, char out[11])
{
    if (d)
        fg_date_format(d, out);
    else
        snprintf(out, 11, "%s", "");
}

static json_t *leaf_fact_json(const fg_policy_cond *c, const fg_policy_facts *f, const leaf_fact *x,
                              bool met, fg_buf *text)
{
    char day[11], from_s[11], to_s[11];
    int32_t from, to;
    const char *verdict = met ? "met" : "not met";
    day_text(x->day, day);
    switch (c->kind) {
    case FG_PC_CATEGORY: {
        char cats[64];
        fg_category_format((unsigned)x->value, cats);
        json_t *arr = json_array();
        for (unsigned b = 1; b <= FG_CAT_RELATED_SERVICE; b <<= 1)
            if ((unsigned)x->value & b)
                json_array_append_new(arr, json_string(fg_category_name(b)));
        fg_buf_addf(text, "categories: %s (%s)", cats[0] ? cats : "none", verdict);
        return json_pack("{s:o}", "categories", arr);
    }
    case FG_PC_INDUSTRY: {
        char sec[2] = {fg_industry_section((int)x->value), 0};
        fg_buf_addf(text, "industry division %s, section %s (%s)", f->industry, sec[0] ? sec : "?",
                    verdict);
        return json_pack("{s:s,s:s}", "industry", f->industry, "section", sec);
    }
    case FG_PC_HEADCOUNT:
    case FG_PC_CAPACITY:
        fg_buf_addf(text, "%s %lld (%s)", cond_names[c->kind], (long long)x->value, verdict);
        return json_pack("{s:I}", "value", (json_int_t)x->value);
    case FG_PC_INSURED:
        fg_buf_addf(text, "%s %lld (%s)",
                    x->held ? "insured employees" : "headcount, as no insured number is held",
                    (long long)x->value, verdict);
        return json_pack("{s:I,s:s}", "value", (json_int_t)x->value, "counted",
                         x->held ? "insured" : "headcount");
    case FG_PC_RISK: {
        char src[16] = "";
        if (x->source >= 0)
            snprintf(src, sizeof(src), "%06d", (int)x->source);
        period_of(c, f, &from, &to);
        day_text(from, from_s);
        day_text(to, to_s);
        if (from == to)
            fg_buf_addf(text, "risk level %s on %s", fg_risk_name((fg_risk_level)x->value), day);
        else
            fg_buf_addf(text, "risk level %s on %s, within %s to %s",
                        fg_risk_name((fg_risk_level)x->value), day, from_s, to_s);
        fg_buf_addf(text, "%s%s (%s)", src[0] ? ", designated for " : ", no designation", src,
                    verdict);
        return json_pack("{s:s,s:s,s:s?,s:s,s:s}", "level", fg_risk_name((fg_risk_level)x->value),
                         "on", day, "source_region", src[0] ? src : NULL, "from", from_s, "to",
                         to_s);
    }
    case FG_PC_ORDER_DAYS:
        period_of(c, f, &from, &to);
        day_text(from, from_s);
        day_text(to, to_s);
        fg_buf_addf(text, "%lld days under orders from %s to %s (%s)", (long long)x->value, from_s,
                    to_s, verdict);
        return json_pack("{s:I,s:s,s:s}", "days", (json_int_t)x->value, "from", from_s, "to", to_s);
    case FG_PC_WHITELIST:
        fg_buf_addf(text, "%s the white list (%s)", x->value ? "on" : "not on", verdict);
        return json_pack("{s:b}", "value", x->value != 0);
    case FG_PC_CRITICAL:
        fg_buf_addf(text, "%s as a critical link (%s)", x->value ? "marked" : "not marked",
                    verdict);
        return json_pack("{s:b}", "value", x->value != 0);
    case FG_PC_STAFF:
    case FG_PC_CAPACITY_UTIL:
        if (!x->held) {
            fg_buf_addf(text, "no daily report (%s)", verdict);
            return json_pack("{s:n,s:n}", "value", "report_day");
        }
        fg_buf_addf(text, "%s %lld%% in the report of %s (%s)", cond_names[c->kind],
                    (long long)x->value, day, verdict);
        return json_pack("{s:I,s:s}", "value", (json_int_t)x->value, "report_day", day);
    default: (void)FG_NEVER(1); return json_object();
    }
}

static json_t *amount_json(const fg_policy_rule *r, const fg_policy_facts *f,
                           const fg_policy_result *res)
{
    json_t *a = json_pack("{s:s,s:b}", "formula", amount_names[r->amount], "capped", res->capped);
    if (!a)
        return NULL;
    if (r->cap_fen >= 0)
        json_object_set_new(a, "cap_fen", json_integer(r->cap_fen));
    switch (r->amount) {
    case FG_AMOUNT_FIXED: json_object_set_new(a, "yuan", json_integer(r->yuan)); break;
    case FG_AMOUNT_PER_INSURED:
        json_object_set_new(a, "yuan_each", json_integer(r->yuan));
        json_object_set_new(a, "count", json_integer(f->insured >= 0 ? f->insured : f->headcount));
        json_object_set_new(a, "counted", json_string(f->insured >= 0 ? "insured" : "headcount"));
        break;
    case FG_AMOUNT_PER_MONTH:
    case FG_AMOUNT_SHARE: {
        int64_t base = base_of(r, f);
        json_object_set_new(a, "of", json_string(base_names[r->base]));
        json_object_set_new(a, "base_fen", base >= 0 ? json_integer(base) : json_null());
        if (r->amount == FG_AMOUNT_SHARE)
            json_object_set_new(a, "percent", json_integer(r->percent));
        else
            json_object_set_new(a, "months", json_integer(res->months));
        break;
    }
    }
    return a;
}

json_t *fg_policy_explain(const fg_policy_rule *r, const fg_policy_facts *f, fg_policy_result *out)
{
    bool vals[FG_POLICY_MAX_NODES] = {0}, lacking[FG_POLICY_MAX_NODES] = {0};
    leaf_fact facts[FG_POLICY_MAX_NODES];
    memset(out, 0, sizeof(*out));
    memset(facts, 0, sizeof(facts));
    out->eligible = node_eval(r, 0, f, vals, facts);
    bool instead = r->instead >= 0 && node_eval(r, (size_t)r->instead, f, vals, facts);
    if (out->eligible)
        amount_eval(r, f, instead, out);
    else
        mark_lacking(r, 0, true, vals, lacking);
    json_t *checks = json_array(), *lacks = json_array();
    fg_buf text;
    fg_buf_init(&text, 0);
    for (size_t i = 0; i < r->n; i++) {
        const fg_policy_cond *c = &r->nodes[i];
        if (c->kind == FG_PC_ALL || c->kind == FG_PC_ANY || c->kind == FG_PC_NOT)
            continue;
        fg_buf_reset(&text);
        json_t *fact = leaf_fact_json(c, f, &facts[i], vals[i], &text);
        json_array_append_new(checks,
                              json_pack("{s:s,s:O,s:b,s:b,s:o,s:s}", "path", c->path, "condition",
                                        c->json, "met", vals[i], "lacking", lacking[i], "fact",
                                        fact, "text", text.buf ? text.buf : ""));
        if (lacking[i])
            json_array_append_new(lacks, json_string(c->path));
    }
    fg_buf_release(&text);
    json_t *amount = out->eligible ? amount_json(r, f, out) : json_null();
    json_t *ans =
        json_pack("{s:b,s:o,s:b,s:o,s:o,s:o}", "eligible", out->eligible, "amount_fen",
                  out->eligible && out->amount_known ? json_integer(out->amount_fen) : json_null(),
                  "capped", out->capped, "amount", amount, "checks", checks, "lacks", lacks);
    return ans;
}

/* ---- the policy around its rule ---------------------------------------- */

static const char *state_names[] = {"draft", "published", "withdrawn"};

const char *fg_policy_state_name(fg_policy_state st)
{
    if (FG_NEVER((unsigned)st >= FG_COUNTOF(state_names)))
        return "";
    return state_names[st];
}

int fg_policy_state_parse(const char *s, fg_policy_state *out, fg_err *err)
{
    for (int i = 0; s && i < (int)FG_COUNTOF(state_names); i++)
        if (strcmp(s, state_names[i]) == 0) {
            *out = (fg_policy_state)i;
            return 0;
        }
    return fg_err_at(err, FG_EINVAL, "state", "policy.state_name",
                     "a policy's state is draft, published or withdrawn, not '{value:%.30s}'",
                     s ? s : "(not a text)");
}

static int record_text(const char *s, const char *field, fg_err *err)
{
    size_t n = s ? strlen(s) : 0;
    if (!s || fg_text_visible(s) == 0 || fg_utf8_check(s, n) ||
        fg_utf8_len(s) > FG_POLICY_TEXT_MAX || strchr(s, '\n'))
        return fg_err_at(err, FG_EINVAL, field, "policy.text",
                         "{field:%s} must be one line of 1 to {max:%d} characters", field,
                         FG_POLICY_TEXT_MAX);
    return 0;
}

static bool date_ok(int32_t d)
{
    char s[11];
    int32_t back;
    fg_date_format(d, s);
    return d > 0 && fg_date_parse(s, &back, NULL) == 0 && back == d;
}

int fg_policy_record_check(const fg_policy_record *p, fg_err *err)
{
    int rc;
    if ((rc = record_text(p->department, "department", err)) ||
        (rc = record_text(p->title, "title", err)) ||
        (rc = record_text(p->doc_number, "doc_number", err)))
        return rc;
    if (!date_ok(p->doc_date) || !date_ok(p->valid_from) || !date_ok(p->valid_to))
        return fg_err_at(err, FG_EINVAL, "valid_from", "policy.record_date",
                         "the document's date and the validity window must be dates");
    if (p->valid_from > p->valid_to)
        return fg_err_at(err, FG_EINVAL, "valid_to", "policy.validity",
                         "the validity window ends before it starts");
    if (p->doc_date > p->valid_to)
        return fg_err_at(err, FG_EINVAL, "doc_date", "policy.doc_date",
                         "the document is dated after the end of its validity");
    if (p->budget_fen < 0 || p->budget_fen > FG_POLICY_MAX_YUAN * 1000)
        return fg_err_at(err, FG_EINVAL, "budget", "policy.budget",
                         "the budget must be 0 (none) or a positive amount up to {max:%lld} "
                         "yuan",
                         (long long)FG_POLICY_MAX_YUAN * 10);
    return 0;
}

int fg_policy_state_check(fg_policy_state from, fg_policy_state to, fg_err *err)
{
    if ((from == FG_POLICY_DRAFT && to != FG_POLICY_DRAFT) ||
        (from == FG_POLICY_PUBLISHED && to == FG_POLICY_WITHDRAWN))
        return 0;
    return fg_err_at(err, FG_ECONFLICT, "state", "policy.state",
                     "a {from:%s} policy cannot become {to:%s}", fg_policy_state_name(from),
                     fg_policy_state_name(to));
}

int fg_policy_revise_check(fg_policy_state s, fg_err *err)
{
    if (s == FG_POLICY_WITHDRAWN)
        return fg_err_at(err, FG_ECONFLICT, NULL, "policy.withdrawn",
                         "the policy is withdrawn and can no longer be changed");
    return 0;
}

int fg_policy_region_check(fg_policy_state s, int32_t before, int32_t after, fg_err *err)
{
    if (s != FG_POLICY_DRAFT && before != after)
        return fg_err_at(err, FG_ECONFLICT, "region", "policy.region_fixed",
                         "a published policy's region cannot change; withdraw it and publish "
                         "one for the new region");
    return 0;
}

bool fg_policy_applies(fg_policy_state s, int32_t valid_from, int32_t valid_to, int32_t date)
{
    return s == FG_POLICY_PUBLISHED && date >= valid_from && date <= valid_to;
}
