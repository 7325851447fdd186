/* The guidance engine: a versioned rule table, kept as data, maps an
 * enterprise's situation (risk level, categories, white-list membership,
 * critical-link mark, whether a plan for the level is filed) to guidance:
 * operating mode, expected measures, whether any restriction may be proposed
 * and by which route. Rules are tried in order; the first whose conditions all
 * hold answers, and the answer names it. Pure.
 *
 * Table format (JSON):
 *   {"rules": [{"id": "high-whitelist",
 *               "when": {"risk_level": ["high"], "category": ["key_industrial", "none"],
 *                        "whitelist": true, "critical": false, "plan_filed": true},
 *               "mode": "normal" | "strengthened" | "closed_loop",
 *               "measures": [{"en": "...", "zh": "..."}],
 *               "restriction_allowed": true,
 *               "route": "critical_link" | "key_or_livelihood" | "general" | null,
 *               "explanation": {"en": "...", "zh": "..."}}]}
 * A missing condition matches anything; "category" matches when the enterprise
 * has any listed category ("none": it has none). A route is required exactly
 * when a restriction is allowed. A table must answer every possible situation;
 * loading one that leaves a gap fails and names the gap. */
#ifndef FG_CORE_GUIDANCE_H
#define FG_CORE_GUIDANCE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "../util/buf.h"
#include "../util/err.h"
#include "risk.h"
#include "rule.h"

typedef enum { FG_MODE_NORMAL = 0, FG_MODE_STRENGTHENED, FG_MODE_CLOSED_LOOP } fg_mode;

typedef struct fg_guidance_rule {
    const char *id;         /* borrowed from the table's JSON */
    unsigned risk_mask;     /* bit (1 << level); all bits when unconstrained */
    unsigned category_mask; /* FG_CAT_* bits, plus FG_GUIDANCE_CAT_NONE; 0 = any */
    int whitelist;          /* -1 any, 0 must not be listed, 1 must be */
    int critical;           /* -1 any, 0, 1 */
    int plan_filed;         /* -1 any, 0, 1 */
    fg_mode mode;
    bool restriction_allowed;
    const char *route; /* NULL when no restriction is allowed */
    json_t *measures;  /* borrowed array of {"en","zh"} */
    const char *explanation_en, *explanation_zh;
} fg_guidance_rule;

#define FG_GUIDANCE_CAT_NONE FG_RULE_CAT_NONE /* src/core/rule.h */

typedef struct fg_guidance_table {
    int version;
    json_t *json;            /* owned: the table as loaded */
    fg_guidance_rule *rules; /* owned */
    size_t n;
} fg_guidance_table;

typedef struct fg_guidance_input {
    fg_risk_level risk;
    unsigned categories; /* FG_CAT_* */
    bool whitelist;
    bool critical;
    bool plan_filed; /* a production plan for `risk` is on file */
} fg_guidance_input;

const char *fg_mode_name(fg_mode m);

/* Parses and checks a table (JSON text, `len` bytes). On success *t owns its
 * data; release it with fg_guidance_table_release. On failure *t is empty and
 * err says which rule and field are wrong, or which situation no rule answers. */
int fg_guidance_table_load(fg_guidance_table *t, const char *text, size_t len, int version,
                           fg_err *err);
void fg_guidance_table_release(fg_guidance_table *t);

/* The index of the first rule that matches `in`, or FG_ENOTFOUND (never for a
 * table that loaded). */
int fg_guidance_match(const fg_guidance_table *t, const fg_guidance_input *in, size_t *out_index);

/* The route an order for an enterprise in situation `in` takes: the route of
 * the rule that answers. Where that rule allows no restriction, only an
 * emergency order is possible, and it is confirmed by the route the table
 * gives the same enterprise at the next risk level up that allows one (low ->
 * medium -> high). *out_route is borrowed from the table; FG_ENOTFOUND when
 * no level gives one. */
int fg_guidance_route(const fg_guidance_table *t, const fg_guidance_input *in,
                      const char **out_route);

/* Appends to `out` a sentence in English that says why rule `index` answered:
 * the situation it saw and the rule's own explanation. */
int fg_guidance_explain(const fg_guidance_table *t, size_t index, const fg_guidance_input *in,
                        fg_buf *out);

#endif
