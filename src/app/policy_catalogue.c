/* The policy catalogue (issue 15, part "catalogue"): who sees which policy,
 * the issuing department's writes (draft, revise, new rule version, publish,
 * withdraw), an enterprise's benefit facts followed at once by its
 * re-match, and the preview of a rule over the enterprises of the issuer's
 * region before it is published. The entitlements after a catalogue change
 * are re-matched by the reach sweep, not here. */
#include <stdlib.h>
#include <string.h>

#include "../core/region.h"
#include "../sys/clock.h"
#include "../sys/log.h"
#include "internal.h"

/* ---- visibility ------------------------------------------------------------ */

bool fg_app_policy_visible(const fg_principal *p, const fg_policy_row *row)
{
    if (row->state != FG_POLICY_PUBLISHED) {
        fg_target t = {row->region, NULL};
        return fg_access_check(p, FG_ACT_POLICY_WRITE, &t, NULL) == 0;
    }
    if (fg_role_has_region(p->role))
        return true;
    for (size_t i = 0; i < p->n_enterprises; i++)
        if (fg_app_policy_covers(row, p->enterprise_regions[i]))
            return true;
    return false;
}

/* ---- writes ------------------------------------------------------------------ */

int fg_app_policy_create(fg_app *app, fg_db *db, const fg_who *who, const fg_policy_record *rec,
                         const char *rule, size_t len, const char *note, int64_t now,
                         char out_id[37], fg_err *err)
{
    (void)app;
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now, who->username, err);
    if (rc)
        return rc;
    rc = fg_store_policy_create(&tx, rec, rule, len, note, out_id, err);
    return fg_tx_end(&tx, rc, err);
}

int fg_app_policy_update(fg_app *app, fg_db *db, const fg_who *who, const fg_policy_row *before,
                         const fg_policy_record *rec, int64_t now, fg_err *err)
{
    (void)app;
    int rc = fg_policy_revise_check(before->state, err);
    if (rc == 0)
        rc = fg_policy_region_check(before->state, before->region, rec->region, err);
    if (rc)
        return rc;
    fg_tx tx;
    if ((rc = fg_tx_begin(&tx, db, now, who->username, err)))
        return rc;
    rc = fg_store_policy_update(&tx, before, rec, err);
    return fg_tx_end(&tx, rc, err);
}

int fg_app_policy_rule_add(fg_app *app, fg_db *db, const fg_who *who, const fg_policy_row *before,
                           const char *rule, size_t len, const char *note, int64_t now,
                           int *out_version, fg_err *err)
{
    (void)app;
    int rc = fg_policy_revise_check(before->state, err);
    if (rc)
        return rc;
    fg_tx tx;
    if ((rc = fg_tx_begin(&tx, db, now, who->username, err)))
        return rc;
    rc = fg_store_policy_rule_add(&tx, before, rule, len, note, out_version, err);
    return fg_tx_end(&tx, rc, err);
}

int fg_app_policy_set_state(fg_app *app, fg_db *db, const fg_who *who, const fg_policy_row *before,
                            fg_policy_state to, const char *reason, int64_t now, fg_err *err)
{
    (void)app;
    int rc = fg_policy_state_check(before->state, to, err);
    if (rc)
        return rc;
    fg_tx tx;
    if ((rc = fg_tx_begin(&tx, db, now, who->username, err)))
        return rc;
    rc = fg_store_policy_set_state_why(&tx, before, to, reason, err);
    return fg_tx_end(&tx, rc, err);
}

int fg_app_benefit_facts_set(fg_app *app, fg_db *db, const fg_who *who, const fg_enterprise *e,
                             const fg_benefit_facts *f, int64_t now, fg_app_match_stats *out,
                             bool *out_rematched, fg_err *err)
{
    *out_rematched = false;
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now, who->username, err);
    if (rc)
        return rc;
    rc = fg_store_benefit_facts_set(&tx, e->uscc, e->region, f, err);
    if ((rc = fg_tx_end(&tx, rc, err)))
        return rc;
    /* The facts stand once committed; a failed re-match is the sweep's to
     * repair, not the caller's to retry. */
    fg_err why;
    fg_err_init(&why);
    if (fg_app_policy_rematch(app, db, e->uscc, now, out, &why)) {
        fg_error("policy.rematch", "enterprise=%s after=benefit_facts error=\"%s\"", e->uscc,
                 why.msg);
        return 0;
    }
    *out_rematched = true;
    return 0;
}

/* ---- preview ------------------------------------------------------------------ */

typedef struct county_count {
    int32_t county;
    int64_t eligible;
} county_count;

typedef struct sample_row {
    char uscc[FG_USCC_LEN + 1];
    int32_t county;
    int64_t amount_fen; /* -1: not known */
} sample_row;

static int by_eligible_desc(const void *a, const void *b)
{
    const county_count *x = a, *y = b;
    if (x->eligible != y->eligible)
        return x->eligible > y->eligible ? -1 : 1;
    return x->county < y->county ? -1 : x->county > y->county;
}

/* The name of region `code`, "" when unknown. */
static void region_name(fg_db *db, int32_t code, char *out, size_t cap)
{
    fg_region_row row;
    fg_err err;
    fg_err_init(&err);
    snprintf(out, cap, "%s", fg_store_region_get(db, code, &row, &err) == 0 ? row.name : "");
}

/* Counts one eligible enterprise in its county (the counties kept in an
 * array searched linearly from the last one touched: batches come in USCC
 * order, which clusters by registration county). */
static int count_county(county_count **arr, size_t *n, size_t *cap, int32_t county)
{
    for (size_t i = *n; i-- > 0;)
        if ((*arr)[i].county == county) {
            (*arr)[i].eligible++;
            return 0;
        }
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 32;
        county_count *g = realloc(*arr, nc * sizeof(*g));
        if (!g)
            return FG_ENOMEM;
        *arr = g;
        *cap = nc;
    }
    (*arr)[(*n)++] = (county_count){county, 1};
    return 0;
}

int fg_app_policy_preview(fg_app *app, fg_db *db, int32_t region, const fg_policy_rule *rule,
                          int64_t now, fg_app_policy_preview_out *out, fg_err *err)
{
    (void)app;
    memset(out, 0, sizeof(*out));
    fg_app_policies p;
    int rc = fg_app_policies_load(db, fg_clock_date(now), &p, err);
    if (rc)
        return rc;
    county_count *counties = NULL;
    size_t n_counties = 0, cap_counties = 0;
    sample_row sample[FG_APP_PREVIEW_SAMPLE];
    size_t n_sample = 0;
    char after[FG_USCC_LEN + 1] = "";
    /* Larger than the matching's batches: each batch of a region sorts the
     * region's remaining enterprises by USCC (SQLite searches the region
     * index), so fewer batches cost fewer sorts; 5,000 subjects hold about
     * 4 MB. */
    const size_t batch = 5000;
    for (;;) {
        fg_policy_batch b;
        if ((rc = fg_store_policy_batch_region(db, region, after, batch, p.date, &b, err)))
            break;
        size_t most = 1;
        for (size_t i = 0; i < b.n; i++)
            if (b.s[i].n_orders > most)
                most = b.s[i].n_orders;
        fg_policy_order_days *days = malloc(most * sizeof(*days));
        if (!days)
            rc = fg_err_set(err, FG_ENOMEM, "out of memory");
        for (size_t i = 0; rc == 0 && i < b.n; i++) {
            fg_policy_facts f;
            if ((rc = fg_app_policy_facts(&p, &b, &b.s[i], now, days, most, &f, err)))
                break;
            out->enterprises++;
            fg_policy_result res;
            fg_policy_evaluate(rule, &f, &res);
            if (!res.eligible)
                continue;
            out->eligible++;
            if (res.amount_known) {
                /* Saturates: a rule's amount is bounded, not their sum. */
                if (__builtin_add_overflow(out->amount_fen, res.amount_fen, &out->amount_fen))
                    out->amount_fen = INT64_MAX;
            } else
                out->amount_unknown++;
            if (count_county(&counties, &n_counties, &cap_counties, b.s[i].e.region))
                rc = fg_err_set(err, FG_ENOMEM, "out of memory");
            if (n_sample < FG_APP_PREVIEW_SAMPLE) {
                sample_row *s = &sample[n_sample++];
                memcpy(s->uscc, b.s[i].e.uscc, sizeof(s->uscc));
                s->county = b.s[i].e.region;
                s->amount_fen = res.amount_known ? res.amount_fen : -1;
            }
        }
        free(days);
        size_t n = b.n;
        if (n)
            memcpy(after, b.s[n - 1].e.uscc, sizeof(after));
        fg_policy_batch_release(&b);
        if (rc || n < batch)
            break;
    }
    fg_app_policies_release(&p);
    if (rc == 0) {
        if (n_counties)
            qsort(counties, n_counties, sizeof(*counties), by_eligible_desc);
        out->n_counties = n_counties;
        for (size_t i = 0; i < n_counties && i < FG_APP_PREVIEW_COUNTIES; i++) {
            fg_app_policy_preview_county *c = &out->counties[out->n_top++];
            c->county = counties[i].county;
            c->eligible = counties[i].eligible;
            region_name(db, c->county, c->name, sizeof(c->name));
        }
        for (size_t i = 0; i < n_sample; i++) {
            fg_app_policy_preview_sample *s = &out->sample[out->n_sample++];
            memcpy(s->uscc, sample[i].uscc, sizeof(s->uscc));
            s->county = sample[i].county;
            s->amount_fen = sample[i].amount_fen;
            region_name(db, s->county, s->county_name, sizeof(s->county_name));
            fg_enterprise e;
            fg_err ignore;
            fg_err_init(&ignore);
            snprintf(s->name, sizeof(s->name), "%s",
                     fg_store_enterprise_get(db, s->uscc, now, &e, NULL, &ignore) == 0 ? e.name
                                                                                       : "");
        }
    }
    free(counties);
    return rc;
}
