/* White lists: each use case loads what the decision needs, lets
 * core/whitelist.c decide, and writes the outcome with its audit entry in one
 * transaction. */
#include <stdio.h>
#include <string.h>

#include "../core/date.h"
#include "../core/region.h"
#include "../sys/clock.h"
#include "../sys/keyring.h"
#include "app.h"

#define DAY_MS (86400LL * 1000)
#define DUE_BATCH 200

int fg_app_wl_list_create(fg_app *app, fg_db *db, const fg_who *who, fg_keychain chain,
                          fg_wl_tier tier, int32_t region, int64_t now, char out_id[37],
                          fg_err *err)
{
    (void)app;
    fg_target t = {region, NULL};
    int rc = fg_wl_list_check(tier, region, err);
    if (rc || (rc = fg_access_check(who->principal, FG_ACT_WHITELIST_LIST, &t, err)) ||
        (rc = fg_wl_lister_check(who->principal, tier, region, err)))
        return rc;
    fg_tx tx;
    if ((rc = fg_tx_begin(&tx, db, now, who->username, err)))
        return rc;
    rc = fg_store_wl_list_create(&tx, chain, tier, region, out_id, err);
    return fg_tx_end(&tx, rc, err);
}

int fg_app_wl_batch_publish(fg_app *app, fg_db *db, const fg_who *who, const char *list_id,
                            int64_t now, char out_id[37], int *out_number, fg_err *err)
{
    (void)app;
    fg_wl_list_row l;
    int rc = fg_store_wl_list_get(db, list_id, &l, err);
    fg_target t = {l.region, NULL};
    if (rc || (rc = fg_access_check(who->principal, FG_ACT_WHITELIST_LIST, &t, err)) ||
        (rc = fg_wl_lister_check(who->principal, l.tier, l.region, err)))
        return rc;
    fg_tx tx;
    if ((rc = fg_tx_begin(&tx, db, now, who->username, err)))
        return rc;
    rc = fg_store_wl_batch_publish(&tx, &l, fg_clock_date(now), out_id, out_number, err);
    return fg_tx_end(&tx, rc, err);
}

int fg_app_wl_apply(fg_app *app, fg_db *db, const fg_who *who, const char *list_id,
                    const char *uscc, const fg_wl_application *a, int64_t now, char out_id[37],
                    fg_err *err)
{
    (void)app;
    fg_target t = {-1, uscc};
    int rc = fg_access_check_enterprise(who->principal, FG_ACT_WHITELIST_APPLY, &t, err);
    if (rc)
        return rc;
    fg_enterprise e;
    fg_wl_list_row l;
    if ((rc = fg_store_enterprise_get(db, uscc, now, &e, NULL, err)) ||
        (rc = fg_store_wl_list_get(db, list_id, &l, err)) ||
        (rc = fg_wl_list_covers(l.region, e.region, err)) ||
        (rc = fg_wl_application_check(a, uscc, err)))
        return rc;
    fg_tx tx;
    if ((rc = fg_tx_begin(&tx, db, now, who->username, err)))
        return rc;
    rc = fg_store_wl_open_check(db, list_id, uscc, err);
    rc = rc ? rc : fg_store_wl_apply(&tx, &l, uscc, e.region, a, out_id, err);
    return fg_tx_end(&tx, rc, err);
}

/* The department a review speaks for (unused by the other steps). */
static int dept_for(const fg_who *who, const fg_wl_act *a, fg_wl_dept *out, fg_err *err)
{
    *out = FG_WL_DEPT_INDUSTRY;
    if (a->action != FG_WL_REVIEW_AGREE && a->action != FG_WL_REVIEW_REJECT)
        return 0;
    return fg_wl_dept_of(who->role, a->department, out, err);
}

bool fg_app_wl_may(const fg_who *who, const fg_wl_row *row, fg_wl_action a)
{
    fg_wl_dept d = FG_WL_DEPT_INDUSTRY;
    if ((a == FG_WL_REVIEW_AGREE || a == FG_WL_REVIEW_REJECT) &&
        fg_wl_dept_of(who->role, NULL, &d, NULL) == FG_EPERM)
        return false;
    if (who->role == FG_ROLE_NATIONAL_COORDINATOR && a == FG_WL_REVIEW_AGREE)
        d = row->w.industry_ok ? FG_WL_DEPT_HEALTH : FG_WL_DEPT_INDUSTRY;
    return fg_wl_check(&row->w, a, who->principal, row->enterprise, d, NULL) == 0;
}

int fg_app_wl_act(fg_app *app, fg_db *db, const fg_who *who, const char *id, const fg_wl_act *a,
                  int64_t now, fg_err *err)
{
    fg_wl_row row;
    int rc = fg_store_wl_get(db, id, &row, err);
    if (rc)
        return rc;
    fg_wl_dept dept;
    int32_t today = fg_clock_date(now);
    fg_wl after = row.w;
    if ((rc = dept_for(who, a, &dept, err)) ||
        (rc = fg_wl_check(&row.w, a->action, who->principal, row.enterprise, dept, err)))
        goto out;
    if (a->version >= 0 && a->version != row.version) {
        rc = fg_err_at(err, FG_ECONFLICT, "version", "whitelist.changed",
                       "the application was changed meanwhile; reload it");
        goto out;
    }
    int batch = 0;
    if (a->action == FG_WL_LIST) {
        if (!a->batch_id) {
            rc = fg_err_at(err, FG_EINVAL, "batch_id", "whitelist.batch_needed",
                           "listing names the batch (batch_id) it is published in");
            goto out;
        }
        if ((rc = fg_store_wl_batch_number(db, row.list.id, a->batch_id, &batch, err)))
            goto out;
    }
    if ((rc = fg_wl_apply(&after, a->action, dept, a->reason, a->review_on, today, err)))
        goto out;
    fg_tx tx;
    if ((rc = fg_tx_begin(&tx, db, now, who->username, err)))
        goto out;
    fg_wl_step s = {fg_wl_action_name(a->action), a->reason, a->batch_id, today};
    rc = fg_store_wl_update(&tx, &row, &after, &s, err);
    rc = fg_tx_end(&tx, rc, err);
    /* policies (issue 15, part "reach"): listing and delisting change a fact
     * the rules read */
    if (rc == 0)
        fg_app_policy_rematch_after(app, db, row.enterprise, now, s.action);
out:
    fg_wl_row_release(&row);
    return rc;
}

int fg_app_wl_sweep_due(fg_app *app, fg_db *db, int64_t now, size_t *out_n, fg_err *err)
{
    (void)app;
    int32_t today = fg_clock_date(now);
    *out_n = 0;
    for (;;) {
        char ids[DUE_BATCH][37];
        size_t n;
        int rc = fg_store_wl_due(db, today, ids, DUE_BATCH, &n, err);
        if (rc)
            return rc;
        size_t done = 0;
        for (size_t i = 0; i < n; i++) {
            fg_wl_row row;
            if ((rc = fg_store_wl_get(db, ids[i], &row, err)))
                return rc;
            fg_wl after = row.w;
            if (fg_wl_review_due(&row.w, today)) {
                after.state = FG_WL_DUE_REVIEW;
                fg_tx tx;
                fg_wl_step s = {"due", NULL, NULL, today};
                rc = fg_tx_begin(&tx, db, now, "system", err);
                if (rc == 0)
                    rc = fg_tx_end(&tx, fg_store_wl_update(&tx, &row, &after, &s, err), err);
                if (rc == FG_ECONFLICT) /* acted on meanwhile: the next sweep sees it */
                    rc = 0;
                else if (rc == 0)
                    done++;
            }
            fg_wl_row_release(&row);
            if (rc)
                return rc;
        }
        *out_n += done;
        if (n < DUE_BATCH || done == 0)
            return 0;
    }
}

int fg_app_wl_recognition_ask(fg_app *app, fg_db *db, const fg_who *who, const char *list_id,
                              int32_t to, const char *const *usccs, size_t n, int days, int64_t now,
                              char out_id[37], fg_err *err)
{
    (void)app;
    fg_wl_list_row l;
    int rc = fg_store_wl_list_get(db, list_id, &l, err);
    fg_target t = {l.region, NULL};
    if (rc || (rc = fg_wl_recognition_ask_check(who->principal, l.region, l.tier, to, err)) ||
        (rc = fg_access_check(who->principal, FG_ACT_WHITELIST_RECOGNISE, &t, err)) ||
        (rc = fg_store_region_exists(db, to, err)))
        return rc;
    if (days < 1 || days > 30)
        return fg_err_at(err, FG_EINVAL, "days", "recognition.days",
                         "the receiving province answers within {min:%d} to {max:%d} days", 1, 30);
    fg_tx tx;
    if ((rc = fg_tx_begin(&tx, db, now, who->username, err)))
        return rc;
    rc = fg_store_wl_recognition_ask(&tx, &l, who->principal->region, to,
                                     now + (int64_t)days * DAY_MS, usccs, n, out_id, err);
    return fg_tx_end(&tx, rc, err);
}

int fg_app_wl_recognition_answer_check(fg_db *db, const fg_who *who, const char *id, fg_err *err)
{
    fg_wl_recognition_row r;
    int rc = fg_store_wl_recognition_get(db, id, &r, err);
    if (rc)
        return rc;
    const fg_principal *p = who->principal;
    if (p->region != FG_REGION_NATION && p->region != r.from && p->region != r.to)
        return fg_err_at(err, FG_ENOTFOUND, "id", "recognition.none",
                         "no such recognition request"); /* as fg_store_wl_recognition_get's */
    fg_target t = {r.to, NULL};
    return fg_access_check(p, FG_ACT_WHITELIST_RECOGNISE, &t, err);
}

int fg_app_wl_recognition_answer(fg_app *app, fg_db *db, const fg_who *who, const char *id,
                                 const char *uscc, bool accept, const char *reason, int64_t now,
                                 fg_err *err)
{
    (void)app;
    fg_wl_recognition_row r;
    char state[16];
    int rc = fg_app_wl_recognition_answer_check(db, who, id, err);
    if (rc || (rc = fg_store_wl_recognition_get(db, id, &r, err)) ||
        (rc = fg_store_wl_recognition_item_state(db, id, uscc, state, err)) ||
        (rc = fg_wl_recognition_answer_check(who->principal, r.to, state, accept, reason, err)))
        return rc;
    fg_tx tx;
    if ((rc = fg_tx_begin(&tx, db, now, who->username, err)))
        return rc;
    rc = fg_store_wl_recognition_answer(&tx, &r, uscc, accept, reason, err);
    return fg_tx_end(&tx, rc, err);
}

/* ---- white-list credentials (issue 12, part "cred") ---- */

/* The first instant (ms) of the day after `date` in the deployment's zone:
 * the zone's offset is found by stepping quarter hours across +-14 h. */
static int64_t day_end_ms(int32_t date)
{
    int32_t next = fg_date_from_days(fg_date_days(date) + 1);
    int64_t t = fg_date_days(next) * DAY_MS - 14 * 3600 * 1000LL;
    for (int i = 0; i < 28 * 4 && fg_clock_date(t) < next; i++)
        t += 15 * 60 * 1000LL;
    return t;
}

int fg_app_wl_credential(const fg_app *app, const fg_wl_row *row, int64_t now,
                         fg_wlcred *out_claims, fg_buf *out, fg_err *err)
{
    if (!fg_wl_in_force(row->w.state))
        return fg_err_at(err, FG_ECONFLICT, NULL, "wlcred.not_listed",
                         "only a listing in force has a credential (this one is {state:%s})",
                         fg_wl_state_name(row->w.state));
    /* Its review date has passed: a credential would be expired as issued.
     * The lister adjusts it (a new review date) or ends it first. */
    if (row->w.state == FG_WL_DUE_REVIEW)
        return fg_err_at(err, FG_ECONFLICT, NULL, "wlcred.due_review",
                         "this listing's review date {review_on:%d} has passed; its certificate is "
                         "issued again once its lister adjusts it with a new review date",
                         (int)row->w.review_on);
    bool national = row->list.region == FG_REGION_NATION;
    const struct fg_issuer_key *ik =
        app->keys && !national ? fg_keyring_issuer(app->keys, row->list.region) : NULL;
    const fg_privkey *key = national ? (app->keys && app->keys->have_root ? &app->keys->root : NULL)
                                     : (ik ? &ik->key : NULL);
    if (!key)
        return fg_err_at(err, FG_EUNAVAIL, NULL, "wlcred.no_signing_key",
                         "this server holds no signing key for the list's province; the operator "
                         "creates one with: fugong keys init --province CODE");
    fg_wlcred *c = out_claims;
    memset(c, 0, sizeof(*c));
    snprintf(c->issuer, sizeof(c->issuer), "CN-%06d", national ? 0 : (int)ik->region);
    fg_strlcpy(c->subject, row->enterprise, sizeof(c->subject));
    c->nbf = row->updated_at / 1000;
    c->iat = now / 1000;
    c->exp = day_end_ms(row->w.review_on) / 1000;
    int rc = fg_wlcred_id_parse(row->id, c->listing, err);
    if (rc)
        return rc;
    fg_strlcpy(c->name, row->enterprise_name, sizeof(c->name));
    c->chain = (int)row->list.chain;
    c->tier = (int)row->list.tier;
    c->list_region = row->list.region;
    c->batch = row->batch_number;
    c->listed_on = row->listed_on;
    c->review_on = row->w.review_on;
    rc = fg_wlcred_issue(c, key, out, err);
    if (rc == 0 && fg_buf_addc(out, '\0'))
        rc = fg_err_set(err, FG_ENOMEM, "out of memory");
    return rc;
}
