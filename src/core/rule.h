/* The leaves of Fugong's one rule language, shared by the guidance table
 * (src/core/guidance.c) and the policy catalogue (src/core/policy.c): how a
 * rule names risk levels, enterprise categories and yes/no facts, and how a
 * bilingual text is written. Each reader keeps its own problem keys (the
 * browser says "rule 3 of the guidance table" or "condition 2 of the policy"),
 * so these report only what went wrong and leave the wording to the caller.
 * Pure.
 *
 *   "risk_level": ["medium", "high"]          any of the listed levels
 *   "category":   ["key_industrial", "none"]  any listed category; "none":
 *                                              the enterprise has none
 *   "whitelist":  true                         a yes/no fact, true or false
 *   {"en": "...", "zh": "..."}                 a text in both languages */
#ifndef FG_CORE_RULE_H
#define FG_CORE_RULE_H

#include <jansson.h>
#include <stdbool.h>

/* What is wrong with a leaf. */
typedef enum {
    FG_RULE_OK = 0,
    FG_RULE_NOT_LIST, /* not a non-empty list */
    FG_RULE_BAD_ITEM, /* a list item that is not one of the words */
    FG_RULE_NOT_BOOL, /* not true or false */
    FG_RULE_NOT_TEXT, /* not {"en": text, "zh": text}, both non-empty */
} fg_rule_fault;

/* "Has no category", beside the FG_CAT_* bits in a category mask. */
#define FG_RULE_CAT_NONE (1u << 8)

/* Reads a list of risk level names into bits (1 << level). On
 * FG_RULE_BAD_ITEM *out_bad is the item's text (borrowed from v) or
 * "(not a text)". */
fg_rule_fault fg_rule_risk_levels(json_t *v, unsigned *out_mask, const char **out_bad);
/* Reads a list of category names (and "none") into FG_CAT_* bits and
 * FG_RULE_CAT_NONE; *out_bad as above. */
fg_rule_fault fg_rule_categories(json_t *v, unsigned *out_mask, const char **out_bad);
/* Reads member `key` of `obj` as a yes/no condition: -1 when absent, else 0
 * or 1. */
fg_rule_fault fg_rule_flag(json_t *obj, const char *key, int *out);
/* Reads member `key` of `obj` as a text in both languages (borrowed). */
fg_rule_fault fg_rule_text(json_t *obj, const char *key, const char **out_en, const char **out_zh);

/* Whether an enterprise with categories `have` (FG_CAT_*) meets a category
 * mask read by fg_rule_categories (0: any). */
bool fg_rule_categories_match(unsigned mask, unsigned have);

#endif
