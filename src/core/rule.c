/* The shared leaves of the rule language: risk levels, categories, flags,
 * texts. */
#include "rule.h"

#include <string.h>

#include "enterprise.h"
#include "risk.h"

fg_rule_fault fg_rule_risk_levels(json_t *v, unsigned *out_mask, const char **out_bad)
{
    if (!json_is_array(v) || json_array_size(v) == 0)
        return FG_RULE_NOT_LIST;
    unsigned mask = 0;
    size_t k;
    json_t *item;
    json_array_foreach(v, k, item)
    {
        fg_risk_level l;
        const char *s = json_string_value(item);
        if (!s || fg_risk_parse(s, &l, NULL)) {
            *out_bad = s ? s : "(not a text)";
            return FG_RULE_BAD_ITEM;
        }
        mask |= 1u << l;
    }
    *out_mask = mask;
    return FG_RULE_OK;
}

fg_rule_fault fg_rule_categories(json_t *v, unsigned *out_mask, const char **out_bad)
{
    if (!json_is_array(v) || json_array_size(v) == 0)
        return FG_RULE_NOT_LIST;
    unsigned mask = 0;
    size_t k;
    json_t *item;
    json_array_foreach(v, k, item)
    {
        const char *s = json_string_value(item);
        unsigned f = 0;
        if (s && strcmp(s, "none") == 0)
            f = FG_RULE_CAT_NONE;
        else if (!s || fg_category_parse(s, &f, NULL) || f == 0 || (f & (f - 1))) {
            *out_bad = s ? s : "(not a text)";
            return FG_RULE_BAD_ITEM;
        }
        mask |= f;
    }
    *out_mask = mask;
    return FG_RULE_OK;
}

fg_rule_fault fg_rule_flag(json_t *obj, const char *key, int *out)
{
    json_t *v = json_object_get(obj, key);
    if (!v) {
        *out = -1;
        return FG_RULE_OK;
    }
    if (!json_is_boolean(v))
        return FG_RULE_NOT_BOOL;
    *out = json_is_true(v);
    return FG_RULE_OK;
}

fg_rule_fault fg_rule_text(json_t *obj, const char *key, const char **out_en, const char **out_zh)
{
    json_t *v = json_object_get(obj, key);
    const char *en = json_string_value(json_object_get(v, "en"));
    const char *zh = json_string_value(json_object_get(v, "zh"));
    if (!en || !zh || !*en || !*zh)
        return FG_RULE_NOT_TEXT;
    *out_en = en;
    *out_zh = zh;
    return FG_RULE_OK;
}

bool fg_rule_categories_match(unsigned mask, unsigned have)
{
    if (!mask)
        return true;
    return (mask & (have ? have : FG_RULE_CAT_NONE)) != 0;
}
