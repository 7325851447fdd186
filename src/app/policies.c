/* Policies that benefit enterprises (issue 15, part "policies"): an
 * enterprise's facts gathered from the stores, matched against every
 * published policy (core/policy.c decides), and the entitlements the
 * matching finds written with their audit entries — for one enterprise after
 * one of its facts changed, or for every enterprise in batches. */
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/region.h"
#include "../sys/clock.h"
#include "../sys/embed.h"
#include "../util/assert.h"
#include "internal.h"

/* ---- the policies that apply, and the risk designations per county ----- */

struct fg_app_risk_index {
    const fg_risk_designation *all; /* borrowed from the policy set */
    size_t n_all;
    struct county_slot {
        int32_t county; /* -1: empty */
        size_t off, n;
    } * slots;
    size_t cap, used; /* cap: a power of two */
    fg_risk_designation *buf;
    size_t n_buf, cap_buf;
};

static void risk_index_free(struct fg_app_risk_index *x)
{
    if (!x)
        return;
    free(x->slots);
    free(x->buf);
    free(x);
}

/* The designations of `county` and its ancestors (borrowed until the index
 * is freed; a county without any gets an empty list, not NULL), or NULL when
 * out of memory. */
static const fg_risk_designation *risk_for(struct fg_app_risk_index *x, int32_t county,
                                           size_t *out_n)
{
    static const fg_risk_designation none[1];
    size_t mask = x->cap - 1, i = ((uint32_t)county * 2654435761u) & mask;
    for (; x->slots[i].county != -1; i = (i + 1) & mask)
        if (x->slots[i].county == county) {
            *out_n = x->slots[i].n;
            return x->slots[i].n ? x->buf + x->slots[i].off : none;
        }
    /* A new county: keep the table at most half full. */
    if ((x->used + 1) * 2 > x->cap) {
        size_t ncap = x->cap * 2;
        struct county_slot *ns = malloc(ncap * sizeof(*ns));
        if (!ns)
            return NULL;
        for (size_t k = 0; k < ncap; k++)
            ns[k].county = -1;
        for (size_t k = 0; k < x->cap; k++) {
            if (x->slots[k].county == -1)
                continue;
            size_t j = ((uint32_t)x->slots[k].county * 2654435761u) & (ncap - 1);
            while (ns[j].county != -1)
                j = (j + 1) & (ncap - 1);
            ns[j] = x->slots[k];
        }
        free(x->slots);
        x->slots = ns;
        x->cap = ncap;
        mask = ncap - 1;
        for (i = ((uint32_t)county * 2654435761u) & mask; x->slots[i].county != -1;
             i = (i + 1) & mask)
            ;
    }
    size_t off = x->n_buf, n = 0;
    for (size_t k = 0; k < x->n_all; k++) {
        if (!fg_region_contains(x->all[k].region, county))
            continue;
        if (x->n_buf == x->cap_buf) {
            size_t nc = x->cap_buf ? x->cap_buf * 2 : 64;
            fg_risk_designation *g = realloc(x->buf, nc * sizeof(*g));
            if (!g)
                return NULL;
            x->buf = g;
            x->cap_buf = nc;
        }
        x->buf[x->n_buf++] = x->all[k];
        n++;
    }
    x->slots[i] = (struct county_slot){county, off, n};
    x->used++;
    *out_n = n;
    return n ? x->buf + off : none;
}

int fg_app_policies_load(fg_db *db, int32_t date, fg_app_policies *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    out->date = date;
    int rc = fg_store_policies_applying(db, date, &out->live, &out->n, err);
    if (rc)
        return rc;
    out->rules = calloc(out->n ? out->n : 1, sizeof(*out->rules));
    out->risk = calloc(1, sizeof(*out->risk));
    if (!out->rules || !out->risk) {
        rc = fg_err_set(err, FG_ENOMEM, "out of memory");
        goto fail;
    }
    for (size_t i = 0; i < out->n; i++) {
        if ((rc = fg_policy_rule_load(&out->rules[i], out->live[i].rule, strlen(out->live[i].rule),
                                      err))) {
            /* Stored rules were checked when written. */
            char why[sizeof(err->msg)];
            snprintf(why, sizeof(why), "%s", err ? err->msg : "");
            rc = fg_err_set(err, FG_EDB, "policy %s: its stored rule does not load: %s",
                            out->live[i].row.id, why);
            goto fail;
        }
        out->n_rules = i + 1;
    }
    if ((rc = fg_store_risk_all(db, &out->designations, &out->n_designations, err)))
        goto fail;
    out->risk->all = out->designations;
    out->risk->n_all = out->n_designations;
    out->risk->cap = 64;
    out->risk->slots = malloc(out->risk->cap * sizeof(*out->risk->slots));
    if (!out->risk->slots) {
        rc = fg_err_set(err, FG_ENOMEM, "out of memory");
        goto fail;
    }
    for (size_t k = 0; k < out->risk->cap; k++)
        out->risk->slots[k].county = -1;
    return 0;
fail:
    fg_app_policies_release(out);
    return rc;
}

void fg_app_policies_release(fg_app_policies *p)
{
    for (size_t i = 0; p->rules && i < p->n_rules; i++)
        fg_policy_rule_release(&p->rules[i]);
    free(p->rules);
    fg_policy_live_free(p->live, p->n);
    free(p->designations);
    risk_index_free(p->risk);
    memset(p, 0, sizeof(*p));
}

/* ---- facts ---------------------------------------------------------------- */

int fg_app_policy_facts(fg_app_policies *p, const fg_policy_batch *b, const fg_policy_subject *s,
                        int64_t now, fg_policy_order_days *days, size_t cap_days,
                        fg_policy_facts *f, fg_err *err)
{
    fg_policy_facts_init(f, p->date);
    f->region = s->e.region;
    memcpy(f->industry, s->e.industry, sizeof(f->industry));
    f->categories = s->e.categories;
    f->headcount = s->e.headcount;
    f->capacity = s->e.capacity;
    f->critical = s->e.critical;
    f->whitelist = s->whitelist;
    f->insured = s->facts.insured;
    f->monthly_rent = s->facts.monthly_rent;
    f->monthly_contributions = s->facts.monthly_contributions;
    f->vat_credit = s->facts.vat_credit;
    f->report_day = s->report_day;
    f->staff_pct = s->staff_pct;
    f->capacity_pct = s->capacity_pct;
    size_t n = 0;
    FG_ASSERT(cap_days >= s->n_orders);
    for (size_t i = 0; i < s->n_orders && n < cap_days; i++) {
        const fg_policy_subject_order *o = &b->orders[s->first_order + i];
        int64_t from, to;
        if (!fg_policy_order_span(o->state, o->emergency, o->confirmed, o->starts_at, o->ends_at,
                                  o->ended_at, o->lapses_at, now, &from, &to))
            continue;
        days[n++] = (fg_policy_order_days){fg_clock_date(from), fg_clock_date(to - 1), o->measure};
    }
    f->orders = days;
    f->n_orders = n;
    f->risk = risk_for(p->risk, s->e.region, &f->n_risk);
    if (!f->risk)
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    return 0;
}

bool fg_app_policy_covers(const fg_policy_row *p, int32_t county)
{
    return fg_region_contains(p->region, county);
}

/* ---- one enterprise: "policies for you" ------------------------------------ */

/* Room for the days of the subject in b with the most orders (new). */
static fg_policy_order_days *days_for(const fg_policy_batch *b, size_t *out_cap)
{
    size_t most = 1;
    for (size_t i = 0; i < b->n; i++)
        if (b->s[i].n_orders > most)
            most = b->s[i].n_orders;
    *out_cap = most;
    return malloc(most * sizeof(fg_policy_order_days));
}

int fg_app_policy_match(fg_app *app, fg_db *db, const char *uscc, int64_t now, json_t **out,
                        fg_err *err)
{
    (void)app;
    fg_app_policies p;
    int rc = fg_app_policies_load(db, fg_clock_date(now), &p, err);
    if (rc)
        return rc;
    fg_policy_batch b;
    if ((rc = fg_store_policy_batch(db, "", uscc, 1, p.date, &b, err))) {
        fg_app_policies_release(&p);
        return rc;
    }
    size_t cap_days;
    fg_policy_order_days *days = days_for(&b, &cap_days);
    fg_policy_facts f;
    json_t *arr = json_array();
    if (!days || !arr)
        rc = fg_err_set(err, FG_ENOMEM, "out of memory");
    else
        rc = fg_app_policy_facts(&p, &b, &b.s[0], now, days, cap_days, &f, err);
    for (size_t i = 0; rc == 0 && i < p.n; i++) {
        if (!fg_app_policy_covers(&p.live[i].row, b.s[0].e.region))
            continue;
        fg_policy_result res;
        json_t *why = fg_policy_explain(&p.rules[i], &f, &res);
        json_t *item =
            json_pack("{s:o,s:o}", "policy", fg_policy_row_json(&p.live[i].row), "match", why);
        if (!why || !item) {
            json_decref(item);
            rc = fg_err_set(err, FG_ENOMEM, "out of memory");
            break;
        }
        json_array_append_new(arr, item);
    }
    free(days);
    fg_policy_batch_release(&b);
    fg_app_policies_release(&p);
    if (rc) {
        json_decref(arr);
        return rc;
    }
    *out = arr;
    return 0;
}

/* ---- the matching that writes entitlements -------------------------------- */

/* The existing row of (policy, enterprise) among rows sorted by enterprise
 * then policy, starting the search at *k. */
static fg_entitlement_row *ent_find(fg_entitlement_row *rows, size_t n, size_t *k, const char *uscc,
                                    const char *policy)
{
    while (*k < n && strcmp(rows[*k].enterprise, uscc) < 0)
        (*k)++;
    for (size_t j = *k; j < n && strcmp(rows[j].enterprise, uscc) == 0; j++)
        if (strcmp(rows[j].policy, policy) == 0)
            return &rows[j];
    return NULL;
}

/* One pass over the batch: every (enterprise, policy) evaluated against the
 * entitlements as stored now. With tx, writes what changed into it; without,
 * only counts it. *out_changes: the rows that differ. */
static int match_pass(fg_app_policies *p, fg_db *db, fg_policy_batch *b, int64_t now,
                      fg_policy_order_days *days, size_t cap_days, fg_tx *tx,
                      fg_app_match_stats *st, size_t *out_changes, fg_err *err)
{
    fg_entitlement_row *rows = NULL;
    size_t n_rows = 0, k = 0, changes = 0;
    int rc = fg_store_entitlements_of_batch(db, b, &rows, &n_rows, err);
    if (rc)
        return rc;
    /* The rows a live policy covering the enterprise looked at; the others
     * still eligible lapse (the policy was withdrawn or ran out, or no longer
     * covers the enterprise's county). */
    bool *seen = n_rows ? calloc(n_rows, sizeof(*seen)) : NULL;
    if (n_rows && !seen) {
        free(rows);
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < b->n; i++) {
        const fg_policy_subject *s = &b->s[i];
        fg_policy_facts f;
        if ((rc = fg_app_policy_facts(p, b, s, now, days, cap_days, &f, err)))
            goto done;
        st->enterprises++;
        while (k < n_rows && strcmp(rows[k].enterprise, s->e.uscc) < 0)
            k++;
        for (size_t j = 0; j < p->n; j++) {
            const fg_policy_row *pol = &p->live[j].row;
            if (!fg_app_policy_covers(pol, s->e.region))
                continue;
            fg_policy_result res;
            fg_policy_evaluate(&p->rules[j], &f, &res);
            st->evaluations++;
            /* Rows and subjects both come in USCC order. */
            fg_entitlement_row *had = ent_find(rows, n_rows, &k, s->e.uscc, pol->id);
            if (had)
                seen[had - rows] = true;
            fg_entitlement_row now_row;
            if (res.eligible) {
                st->eligible++;
                int64_t amount = res.amount_known ? res.amount_fen : -1;
                if (had && had->eligible && had->amount_fen == amount &&
                    had->rule_version == pol->rule_version && had->region == s->e.region)
                    continue;
                now_row = had ? *had : (fg_entitlement_row){0};
                if (!had) {
                    memcpy(now_row.policy, pol->id, sizeof(now_row.policy));
                    memcpy(now_row.enterprise, s->e.uscc, sizeof(now_row.enterprise));
                }
                if (!had || !had->eligible) {
                    now_row.eligible_since = now;
                    now_row.lapsed_at = 0;
                    st->created++;
                } else {
                    st->changed++;
                }
                now_row.eligible = true;
                now_row.amount_fen = amount;
            } else {
                if (!had || !had->eligible)
                    continue;
                now_row = *had;
                now_row.eligible = false;
                now_row.lapsed_at = now;
                st->lapsed++;
            }
            now_row.region = s->e.region;
            now_row.rule_version = pol->rule_version;
            changes++;
            if (tx && (rc = fg_store_entitlement_put(tx, had, &now_row, err)))
                goto done;
            /* 免申即享: newly eligible for an automatic policy makes its claim. */
            if (tx && pol->automatic && now_row.eligible && (!had || !had->eligible) &&
                (rc = fg__app_claim_automatic(tx, pol, &p->rules[j], &f, s->e.uscc,
                                              now_row.eligible_since, err)))
                goto done;
        }
        for (size_t j = k; j < n_rows && strcmp(rows[j].enterprise, s->e.uscc) == 0; j++) {
            if (seen[j] || !rows[j].eligible)
                continue;
            fg_entitlement_row now_row = rows[j];
            now_row.eligible = false;
            now_row.lapsed_at = now;
            now_row.region = s->e.region;
            st->lapsed++;
            changes++;
            if (tx && (rc = fg_store_entitlement_put(tx, &rows[j], &now_row, err)))
                goto done;
        }
    }
done:
    free(seen);
    free(rows);
    *out_changes = changes;
    return rc;
}

/* Matches the batch against every policy and writes what changed in one
 * transaction with an audit entry per change. A first pass reads without
 * any lock; only when it finds a change does a second pass run inside the
 * write transaction, after taking the audit chain's head, reading the
 * entitlements again (a concurrent re-match of the same enterprise waits,
 * then sees the other's rows). */
static int match_batch(fg_app_policies *p, fg_db *db, fg_policy_batch *b, int64_t now,
                       fg_app_match_stats *st, fg_err *err)
{
    if (b->n == 0)
        return 0;
    size_t cap_days, changes = 0;
    fg_policy_order_days *days = days_for(b, &cap_days);
    if (!days)
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    fg_app_match_stats dry = {0};
    int rc = match_pass(p, db, b, now, days, cap_days, NULL, &dry, &changes, err);
    if (rc || changes == 0) {
        if (rc == 0) {
            st->enterprises += dry.enterprises;
            st->evaluations += dry.evaluations;
            st->eligible += dry.eligible;
        }
        free(days);
        return rc;
    }
    fg_tx tx;
    if ((rc = fg_tx_begin(&tx, db, now, "system", err))) {
        free(days);
        return rc;
    }
    /* Taking the nation's audit chain first serialises matchers on every
     * engine (PostgreSQL's BEGIN takes no lock): the second reads the
     * entitlements the first committed. */
    rc = fg_tx_lock(&tx, 0, err);
    if (rc == 0)
        rc = match_pass(p, db, b, now, days, cap_days, &tx, st, &changes, err);
    free(days);
    if (rc == 0 && changes == 0) {
        fg_tx_rollback(&tx);
        return 0;
    }
    return fg_tx_end(&tx, rc, err);
}

int fg_app_policy_rematch(fg_app *app, fg_db *db, const char *uscc, int64_t now,
                          fg_app_match_stats *out, fg_err *err)
{
    (void)app;
    memset(out, 0, sizeof(*out));
    fg_app_policies p;
    int rc = fg_app_policies_load(db, fg_clock_date(now), &p, err);
    if (rc)
        return rc;
    rc = fg_app_policy_rematch_with(&p, db, uscc, now, out, err);
    fg_app_policies_release(&p);
    return rc;
}

int fg_app_policy_rematch_with(fg_app_policies *p, fg_db *db, const char *uscc, int64_t now,
                               fg_app_match_stats *out, fg_err *err)
{
    fg_policy_batch b;
    int rc = fg_store_policy_batch(db, "", uscc, 1, p->date, &b, err);
    if (rc)
        return rc;
    rc = match_batch(p, db, &b, now, out, err);
    fg_policy_batch_release(&b);
    return rc;
}

/* Every enterprise (region < 0) or those of `region`, `batch` at a time. */
static int match_many(fg_db *db, int32_t region, int64_t now, size_t batch, fg_app_match_stats *out,
                      fg_err *err)
{
    memset(out, 0, sizeof(*out));
    if (batch == 0 || batch > 100000)
        batch = 1000;
    fg_app_policies p;
    int rc = fg_app_policies_load(db, fg_clock_date(now), &p, err);
    if (rc)
        return rc;
    char after[FG_USCC_LEN + 1] = "";
    while (rc == 0) {
        fg_policy_batch b;
        if ((rc = region < 0
                      ? fg_store_policy_batch(db, after, NULL, batch, p.date, &b, err)
                      : fg_store_policy_batch_region(db, region, after, batch, p.date, &b, err)))
            break;
        size_t n = b.n;
        if (n)
            memcpy(after, b.s[n - 1].e.uscc, sizeof(after));
        rc = match_batch(&p, db, &b, now, out, err);
        fg_policy_batch_release(&b);
        if (n < batch)
            break;
    }
    fg_app_policies_release(&p);
    return rc;
}

int fg_app_policy_match_all(fg_app *app, fg_db *db, int64_t now, size_t batch,
                            fg_app_match_stats *out, fg_err *err)
{
    (void)app;
    return match_many(db, -1, now, batch, out, err);
}

int fg_app_policy_rematch_region(fg_app *app, fg_db *db, int32_t region, int64_t now, size_t batch,
                                 fg_app_match_stats *out, fg_err *err)
{
    (void)app;
    return match_many(db, region, now, batch, out, err);
}

/* ---- a catalogue file ------------------------------------------------------ */

static int catalogue_day(json_t *p, const char *key, size_t i, int32_t *out, fg_err *err)
{
    const char *s = json_string_value(json_object_get(p, key));
    if (!s || fg_date_parse(s, out, NULL))
        return fg_err_at(err, FG_EINVAL, key, "policy.catalogue_date",
                         "catalogue policy {policy:%zu}: {member:%s} must be a date YYYY-MM-DD",
                         i + 1, key);
    return 0;
}

/* One entry of the catalogue, created (and published) inside tx. */
static int catalogue_entry(fg_tx *tx, json_t *p, size_t i, bool publish, fg_err *err)
{
    fg_policy_record rec;
    memset(&rec, 0, sizeof(rec));
    const char *region = json_string_value(json_object_get(p, "region"));
    json_t *budget = json_object_get(p, "budget_yuan");
    json_t *automatic = json_object_get(p, "automatic");
    json_t *rule = json_object_get(p, "rule");
    if (!json_is_object(p) || !region || fg_region_parse(region, "region", &rec.region, NULL) ||
        !json_is_integer(budget) || !json_is_boolean(automatic) || !json_is_object(rule))
        return fg_err_at(err, FG_EINVAL, NULL, "policy.catalogue_entry",
                         "catalogue policy {policy:%zu} needs region, department, title, "
                         "doc_number, doc_date, valid_from, valid_to, budget_yuan, automatic "
                         "and rule",
                         i + 1);
    int rc;
    if ((rc = catalogue_day(p, "doc_date", i, &rec.doc_date, err)) ||
        (rc = catalogue_day(p, "valid_from", i, &rec.valid_from, err)) ||
        (rc = catalogue_day(p, "valid_to", i, &rec.valid_to, err)))
        return rc;
    rec.department = json_string_value(json_object_get(p, "department"));
    rec.title = json_string_value(json_object_get(p, "title"));
    rec.doc_number = json_string_value(json_object_get(p, "doc_number"));
    int64_t yuan = json_integer_value(budget);
    rec.budget_fen = yuan >= 0 && yuan <= FG_POLICY_MAX_YUAN * 10 ? yuan * 100 : -1;
    rec.automatic = json_is_true(automatic);
    char *text = json_dumps(rule, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (!text)
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    char id[37];
    rc = fg_store_policy_create(tx, &rec, text, strlen(text), "catalogue", id, err);
    free(text);
    if (rc == 0 && publish) {
        fg_policy_row *row = malloc(sizeof(*row));
        if (!row)
            return fg_err_set(err, FG_ENOMEM, "out of memory");
        if ((rc = fg_store_policy_get(tx->db, id, row, err)) == 0 &&
            (rc = fg_policy_state_check(row->state, FG_POLICY_PUBLISHED, err)) == 0)
            rc = fg_store_policy_set_state(tx, row, FG_POLICY_PUBLISHED, err);
        free(row);
    }
    if (rc) {
        char n[24];
        snprintf(n, sizeof(n), "%zu", i + 1);
        fg_err_wrap(err, "policy", n, "catalogue policy: ");
    }
    return rc;
}

int fg_app_policy_catalogue_import(fg_db *db, const char *text, size_t len, bool publish,
                                   int64_t now, const char *actor, size_t *out_n, fg_err *err)
{
    json_error_t jerr;
    json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    json_t *list = json_object_get(doc, "policies");
    if (!json_is_array(list)) {
        json_decref(doc);
        return fg_err_at(err, FG_EINVAL, NULL, "policy.catalogue",
                         "a policy catalogue is {\"policies\": [...]} in JSON (line {line:%d})",
                         doc ? 0 : jerr.line);
    }
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now, actor, err);
    if (rc) {
        json_decref(doc);
        return rc;
    }
    size_t i = 0;
    json_t *p;
    json_array_foreach(list, i, p)
    {
        if ((rc = catalogue_entry(&tx, p, i, publish, err)))
            break;
    }
    if (rc == 0 && json_array_size(list) == 0)
        fg_tx_log_only(&tx, "an empty catalogue writes nothing");
    rc = fg_tx_end(&tx, rc, err);
    if (rc == 0)
        *out_n = json_array_size(list);
    json_decref(doc);
    return rc;
}

/* Moves every date string ("YYYY-MM-DD") in `j` by `days`. */
static void shift_dates(json_t *j, int64_t days)
{
    if (json_is_object(j)) {
        const char *k;
        json_t *v;
        json_object_foreach(j, k, v)
        {
            int32_t d;
            if (json_is_string(v) && fg_date_parse(json_string_value(v), &d, NULL) == 0) {
                char out[11];
                fg_date_format(fg_date_from_days(fg_date_days(d) + days), out);
                json_object_set_new(j, k, json_string(out));
            } else {
                shift_dates(v, days);
            }
        }
    } else if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v) shift_dates(v, days);
    }
}

int fg_app_policy_demo_catalogue(fg_db *db, bool publish, int64_t shift_days, int64_t now,
                                 const char *actor, size_t *out_n, fg_err *err)
{
    const fg_embedded *f = fg_embed_find("data/policies-2022.json");
    if (!f)
        return fg_err_set(err, FG_EIO, "the 2022 policy catalogue is missing from the binary");
    if (shift_days == 0)
        return fg_app_policy_catalogue_import(db, (const char *)f->data, f->len, publish, now,
                                              actor, out_n, err);
    json_t *doc = json_loadb((const char *)f->data, f->len, 0, NULL);
    if (!doc)
        return fg_err_set(err, FG_EIO, "the 2022 policy catalogue in the binary is not JSON");
    shift_dates(json_object_get(doc, "policies"), shift_days);
    char *text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(doc);
    if (!text)
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    int rc =
        fg_app_policy_catalogue_import(db, text, strlen(text), publish, now, actor, out_n, err);
    free(text);
    return rc;
}
