/* Guidance rule table: loading, gap check, matching, explanation. */
#include "guidance.h"

#include <string.h>

#include "../util/assert.h"
#include "enterprise.h"
#include "rule.h"

static const char *mode_names[] = {"normal", "strengthened", "closed_loop"};
_Static_assert(FG_COUNTOF(mode_names) == FG_MODE_CLOSED_LOOP + 1, "a name for every mode");

const char *fg_mode_name(fg_mode m)
{
    if (FG_NEVER((unsigned)m >= FG_COUNTOF(mode_names)))
        return "";
    return mode_names[m];
}

void fg_guidance_table_release(fg_guidance_table *t)
{
    free(t->rules);
    json_decref(t->json);
    t->rules = NULL;
    t->json = NULL;
    t->n = 0;
}

static int rule_tristate(json_t *when, const char *key, int *out, size_t i, fg_err *err)
{
    if (fg_rule_flag(when, key, out) != FG_RULE_OK)
        return fg_err_at(err, FG_EINVAL, NULL, "guidance.rule_flag",
                         "rule {rule:%zu}: when.{condition:%s} must be true or false", i + 1, key);
    return 0;
}

static int rule_text(json_t *obj, const char *key, const char **out_en, const char **out_zh,
                     size_t i, fg_err *err)
{
    if (fg_rule_text(obj, key, out_en, out_zh) != FG_RULE_OK)
        return fg_err_at(err, FG_EINVAL, NULL, "guidance.rule_text",
                         "rule {rule:%zu}: %s must be {\"en\": text, \"zh\": text}", i + 1, key);
    return 0;
}

static int rule_parse(json_t *r, size_t i, fg_guidance_rule *out, fg_err *err)
{
    int rc;
    if (!json_is_object(r))
        return fg_err_at(err, FG_EINVAL, NULL, "guidance.rule_object",
                         "rule {rule:%zu} must be an object", i + 1);
    out->id = json_string_value(json_object_get(r, "id"));
    if (!out->id || !*out->id || strlen(out->id) > 64)
        return fg_err_at(err, FG_EINVAL, NULL, "guidance.rule_id",
                         "rule {rule:%zu}: id must be a text of 1 to 64 characters", i + 1);
    json_t *when = json_object_get(r, "when");
    if (when && !json_is_object(when))
        return fg_err_at(err, FG_EINVAL, NULL, "guidance.rule_when",
                         "rule {rule:%s}: when must be an object", out->id);
    const char *key;
    json_t *v;
    json_object_foreach(when, key, v)
    {
        if (strcmp(key, "risk_level") && strcmp(key, "category") && strcmp(key, "whitelist") &&
            strcmp(key, "critical") && strcmp(key, "plan_filed"))
            return fg_err_at(err, FG_EINVAL, NULL, "guidance.rule_condition",
                             "rule {rule:%s}: unknown condition '{condition:%.40s}' (use "
                             "risk_level, category, whitelist, critical, plan_filed)",
                             out->id, key);
    }
    out->risk_mask = 7;
    json_t *levels = json_object_get(when, "risk_level");
    const char *bad = NULL;
    if (levels) {
        fg_rule_fault f = fg_rule_risk_levels(levels, &out->risk_mask, &bad);
        if (f == FG_RULE_NOT_LIST)
            return fg_err_at(err, FG_EINVAL, NULL, "guidance.rule_risk_list",
                             "rule {rule:%s}: when.risk_level must be a non-empty list", out->id);
        if (f != FG_RULE_OK)
            return fg_err_at(err, FG_EINVAL, NULL, "guidance.rule_risk_level",
                             "rule {rule:%s}: when.risk_level lists something other than "
                             "low, medium, high",
                             out->id);
    }
    out->category_mask = 0;
    json_t *cats = json_object_get(when, "category");
    if (cats) {
        fg_rule_fault f = fg_rule_categories(cats, &out->category_mask, &bad);
        if (f == FG_RULE_NOT_LIST)
            return fg_err_at(err, FG_EINVAL, NULL, "guidance.rule_category_list",
                             "rule {rule:%s}: when.category must be a non-empty list", out->id);
        if (f != FG_RULE_OK)
            return fg_err_at(err, FG_EINVAL, NULL, "guidance.rule_category",
                             "rule {rule:%s}: when.category lists '{value:%.40s}'; use "
                             "key_industrial, livelihood_supply, related_service or none",
                             out->id, bad);
    }
    if ((rc = rule_tristate(when, "whitelist", &out->whitelist, i, err)) ||
        (rc = rule_tristate(when, "critical", &out->critical, i, err)) ||
        (rc = rule_tristate(when, "plan_filed", &out->plan_filed, i, err)))
        return rc;
    const char *mode = json_string_value(json_object_get(r, "mode"));
    int m = -1;
    for (int k = 0; mode && k < (int)FG_COUNTOF(mode_names); k++)
        if (strcmp(mode, mode_names[k]) == 0)
            m = k;
    if (m < 0)
        return fg_err_at(err, FG_EINVAL, NULL, "guidance.rule_mode",
                         "rule {rule:%s}: mode must be normal, strengthened or closed_loop",
                         out->id);
    out->mode = (fg_mode)m;
    out->measures = json_object_get(r, "measures");
    if (!json_is_array(out->measures))
        return fg_err_at(err, FG_EINVAL, NULL, "guidance.rule_measures",
                         "rule {rule:%s}: measures must be a list", out->id);
    size_t k;
    json_array_foreach(out->measures, k, v)
    {
        const char *en = json_string_value(json_object_get(v, "en"));
        const char *zh = json_string_value(json_object_get(v, "zh"));
        if (!en || !zh || !*en || !*zh)
            return fg_err_at(err, FG_EINVAL, NULL, "guidance.rule_measure_text",
                             "rule {rule:%s}: measure {measure:%zu} must be {\"en\": text, "
                             "\"zh\": text}",
                             out->id, k + 1);
    }
    json_t *ra = json_object_get(r, "restriction_allowed");
    if (!json_is_boolean(ra))
        return fg_err_at(err, FG_EINVAL, NULL, "guidance.rule_restriction",
                         "rule {rule:%s}: restriction_allowed must be true or false", out->id);
    out->restriction_allowed = json_is_true(ra);
    json_t *route = json_object_get(r, "route");
    out->route = json_string_value(route);
    if (out->restriction_allowed) {
        if (!out->route ||
            (strcmp(out->route, "critical_link") && strcmp(out->route, "key_or_livelihood") &&
             strcmp(out->route, "general")))
            return fg_err_at(err, FG_EINVAL, NULL, "guidance.rule_route",
                             "rule {rule:%s}: a rule that allows a restriction must name its "
                             "route: critical_link, key_or_livelihood or general",
                             out->id);
    } else if (route && !json_is_null(route)) {
        return fg_err_at(err, FG_EINVAL, NULL, "guidance.rule_route_unwanted",
                         "rule {rule:%s}: route must be null when no restriction is allowed",
                         out->id);
    }
    return rule_text(r, "explanation", &out->explanation_en, &out->explanation_zh, i, err);
}

static bool rule_matches(const fg_guidance_rule *r, const fg_guidance_input *in)
{
    FG_ASSERT((unsigned)in->risk <= FG_RISK_HIGH);
    if (!(r->risk_mask & (1u << in->risk)))
        return false;
    if (!fg_rule_categories_match(r->category_mask, in->categories))
        return false;
    if (r->whitelist >= 0 && r->whitelist != (int)in->whitelist)
        return false;
    if (r->critical >= 0 && r->critical != (int)in->critical)
        return false;
    if (r->plan_filed >= 0 && r->plan_filed != (int)in->plan_filed)
        return false;
    return true;
}

int fg_guidance_match(const fg_guidance_table *t, const fg_guidance_input *in, size_t *out_index)
{
    for (size_t i = 0; i < t->n; i++) {
        if (rule_matches(&t->rules[i], in)) {
            *out_index = i;
            return 0;
        }
    }
    return FG_ENOTFOUND;
}

/* Every situation must be answered: 3 levels x 8 category sets x 2^3 flags. */
static int table_check_gaps(const fg_guidance_table *t, fg_err *err)
{
    for (unsigned risk = 0; risk < 3; risk++)
        for (unsigned cats = 0; cats <= FG_CAT_ALL; cats++)
            for (unsigned f = 0; f < 8; f++) {
                fg_guidance_input in = {(fg_risk_level)risk, cats, f & 1, (f >> 1) & 1,
                                        (f >> 2) & 1};
                size_t idx;
                if (fg_guidance_match(t, &in, &idx) == 0)
                    continue;
                char c[64];
                fg_category_format(cats, c);
                return fg_err_at(err, FG_EINVAL, NULL, "guidance.gap",
                                 "the table gives no answer for risk {risk:%s}, categories "
                                 "[{categories:%s}], whitelist {whitelist:%s}, critical "
                                 "{critical:%s}, plan filed {plan_filed:%s}; add a rule for it",
                                 fg_risk_name(in.risk), c, in.whitelist ? "yes" : "no",
                                 in.critical ? "yes" : "no", in.plan_filed ? "yes" : "no");
            }
    return 0;
}

int fg_guidance_table_load(fg_guidance_table *t, const char *text, size_t len, int version,
                           fg_err *err)
{
    json_error_t jerr;
    memset(t, 0, sizeof(*t));
    t->version = version;
    t->json = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!t->json)
        return fg_err_at(err, FG_EINVAL, NULL, "guidance.json",
                         "guidance table is not valid JSON: %s at line {line:%d}", jerr.text,
                         jerr.line);
    json_t *rules = json_object_get(t->json, "rules");
    int rc = 0;
    if (!json_is_array(rules) || json_array_size(rules) == 0 || json_array_size(rules) > 1000) {
        rc = fg_err_at(err, FG_EINVAL, NULL, "guidance.rules",
                       "guidance table must have \"rules\": a list of 1 to {max:%d}", 1000);
        goto fail;
    }
    t->n = json_array_size(rules);
    t->rules = calloc(t->n, sizeof(*t->rules));
    if (!t->rules) {
        rc = fg_err_set(err, FG_ENOMEM, "out of memory loading the guidance table");
        goto fail;
    }
    for (size_t i = 0; i < t->n; i++) {
        if ((rc = rule_parse(json_array_get(rules, i), i, &t->rules[i], err)))
            goto fail;
        for (size_t k = 0; k < i; k++)
            if (strcmp(t->rules[k].id, t->rules[i].id) == 0) {
                rc = fg_err_at(err, FG_EINVAL, NULL, "guidance.rule_id_twice",
                               "rule id '{rule:%s}' is used twice", t->rules[i].id);
                goto fail;
            }
    }
    if ((rc = table_check_gaps(t, err)))
        goto fail;
    return 0;
fail:
    fg_guidance_table_release(t);
    return rc;
}

int fg_guidance_explain(const fg_guidance_table *t, size_t index, const fg_guidance_input *in,
                        fg_buf *out)
{
    if (FG_NEVER(index >= t->n))
        return FG_EINVAL;
    const fg_guidance_rule *r = &t->rules[index];
    char cats[64];
    fg_category_format(in->categories, cats);
    return fg_buf_addf(out,
                       "Rule %s of table version %d applies: risk level %s, categories %s, %s "
                       "the white list, %s as a critical link, %s production plan for this "
                       "level. %s",
                       r->id, t->version, fg_risk_name(in->risk), cats[0] ? cats : "none",
                       in->whitelist ? "on" : "not on", in->critical ? "marked" : "not marked",
                       in->plan_filed ? "with a" : "no", r->explanation_en);
}

int fg_guidance_route(const fg_guidance_table *t, const fg_guidance_input *in,
                      const char **out_route)
{
    fg_guidance_input at = *in;
    for (int level = (int)in->risk; level <= (int)FG_RISK_HIGH; level++) {
        size_t idx;
        at.risk = (fg_risk_level)level;
        if (fg_guidance_match(t, &at, &idx) == 0 && t->rules[idx].route) {
            *out_route = t->rules[idx].route;
            return 0;
        }
    }
    return FG_ENOTFOUND;
}
