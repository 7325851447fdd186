/* Vehicle passes: who decides them, and issuing one (the province's next
 * serial, the signed credential, the record and its audit entry in one
 * transaction), and the place of an application in the queue (white-list
 * members first where their listing counts). */
#include <stdio.h>
#include <string.h>

#include "../core/region.h"
#include "../sys/clock.h"
#include "../sys/keyring.h"
#include "app.h"

fg_role fg_app_pass_decider(const fg_app *app, int goods)
{
    return goods >= 0 && goods < FG_APP_MAX_GOODS ? app->pass_deciders[goods]
                                                  : FG_ROLE_JOINT_MECHANISM;
}

int fg_app_pass_may_decide(const fg_app *app, const fg_who *who, const fg_pass_row *row,
                           fg_err *err)
{
    fg_target t = {row->region, NULL};
    int rc = fg_access_check(who->principal, FG_ACT_PASS_DECIDE, &t, err);
    if (rc)
        return rc;
    fg_role want = fg_app_pass_decider(app, row->claims.goods);
    if (who->role != want || fg_region_level_of(who->principal->region) != FG_LEVEL_PROVINCE)
        return fg_err_at(err, FG_EPERM, NULL, "pass.decider",
                         "passes for {goods:%s} are issued, rejected and revoked by the provincial "
                         "{role:%s} of the province the goods leave from",
                         fg_goods_name(row->claims.goods), fg_role_name(want));
    return 0;
}

int fg_app_pass_issue(fg_app *app, fg_db *db, const fg_who *who, const fg_pass_row *row,
                      const char *decision, int64_t now, char out_number[13], fg_err *err)
{
    const struct fg_issuer_key *k = app->keys ? fg_keyring_issuer(app->keys, row->region) : NULL;
    if (!k)
        return fg_err_at(err, FG_EUNAVAIL, NULL, "pass.no_signing_key",
                         "this server holds no signing key for the province; the operator "
                         "creates one with: fugong keys init --province CODE");
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now, who->username, err);
    if (rc)
        return rc;
    /* A renewal is not issued once the pass it renews was revoked: read
     * again after taking the chain of its origin, which its revocation's
     * entry takes too, so that one committed meanwhile is seen (issue 16). */
    if (row->renews[0]) {
        fg_pass_row old;
        if ((rc = fg_store_pass_get(db, row->renews, &old, err)))
            return fg_tx_end(&tx, rc, err);
        int32_t origin = old.claims.origin;
        fg_pass_row_release(&old);
        if ((rc = fg_tx_lock(&tx, origin, err)) ||
            (rc = fg_store_pass_get(db, row->renews, &old, err)))
            return fg_tx_end(&tx, rc, err);
        bool revoked = strcmp(old.state, "revoked") == 0;
        fg_pass_row_release(&old);
        if (revoked)
            return fg_tx_end(&tx,
                             fg_err_at(err, FG_ECONFLICT, NULL, "pass.renew_revoked",
                                       "a revoked pass cannot be renewed: apply for a new pass"),
                             err);
    }
    int64_t serial;
    if ((rc = fg_store_pass_serial_next(&tx, row->region, &serial, err)))
        return fg_tx_end(&tx, rc, err);
    if (serial > 999999)
        return fg_tx_end(&tx,
                         fg_err_at(err, FG_ETOOBIG, NULL, "pass.serials_used_up",
                                   "the province has issued 999,999 passes: its serials are "
                                   "used up"),
                         err);
    fg_pass_claims c = row->claims;
    c.number = (int64_t)row->region * 1000000 + serial;
    c.iat = now / 1000;
    snprintf(c.issuer, sizeof(c.issuer), "CN-%06d", (int)row->region);
    fg_buf cred;
    fg_buf_init(&cred, 0);
    char kid[2 * FG_KID_LEN + 1];
    fg_hex(k->key.pub.kid, FG_KID_LEN, kid);
    fg_pass_number_format(c.number, out_number);
    if ((rc = fg_pass_issue(&c, &k->key, &cred, err)) == 0 && (rc = fg_buf_addc(&cred, '\0')))
        rc = fg_err_set(err, FG_ENOMEM, "out of memory");
    rc = rc ? rc : fg_store_pass_record_issue(&tx, row, out_number, cred.buf, kid, decision, err);
    fg_buf_release(&cred);
    return fg_tx_end(&tx, rc, err);
}

int fg_app_pass_trip_rules(fg_db *db, const fg_pass_claims *c,
                           fg_pass_rule rules[FG_PASS_MAX_PROVINCES], size_t *out_n,
                           fg_pass_trip_need *out_need, fg_err *err)
{
    int32_t provinces[FG_PASS_MAX_PROVINCES];
    size_t n = fg_pass_trip_provinces(c, provinces);
    for (size_t i = 0; i < n; i++) {
        fg_pass_rule_row row;
        int rc = fg_store_pass_rule_get(db, provinces[i], &row, err);
        if (rc)
            return rc;
        rules[i] = row.rule;
    }
    *out_n = n;
    fg_pass_trip_need_of(rules, n, out_need);
    return 0;
}

int fg_app_pass_apply(fg_app *app, fg_db *db, const fg_who *who, fg_pass_claims *c, int32_t region,
                      const char *renews, int64_t now, char out_id[37], fg_err *err)
{
    (void)app;
    fg_pass_rule rules[FG_PASS_MAX_PROVINCES];
    size_t n;
    fg_pass_trip_need need;
    int rc = fg_app_pass_trip_rules(db, c, rules, &n, &need, err);
    if (rc || (rc = fg_pass_tests_check(&need, rules, c, now / 1000, err)))
        return rc;
    /* The date a test counts until, for verifiers that read only that. */
    for (size_t i = 0; i < c->n_crew; i++)
        if (c->crew[i].test_valid_to > 0)
            c->crew[i].test_until = fg_clock_date(c->crew[i].test_valid_to * 1000);
    /* White-list members come first where their listing counts: the
     * province of their list, or one that recognised it (core decides). */
    int32_t lists[16], recognised[40], where;
    size_t nl = 0, nr = 0;
    if ((rc = fg_store_wl_member_regions(db, c->applicant, lists, 16, &nl, err)) ||
        (rc = fg_store_wl_recognising(db, c->applicant, recognised, 40, &nr, err)))
        return rc;
    fg_wl_prio prio = fg_wl_pass_priority(region, lists, nl, recognised, nr, &where);
    return fg_store_pass_apply(db, c, region, renews, fg_wl_prio_name(prio), where, now,
                               who->username, out_id, err);
}

int fg_app_pass_rule_set(fg_app *app, fg_db *db, const fg_who *who, const fg_pass_rule *r,
                         int expect_version, int64_t now, fg_pass_rule_row *out, fg_err *err)
{
    (void)app;
    int rc = fg_pass_rule_check(r, err);
    if (rc)
        return rc;
    fg_target t = {r->province, NULL};
    if ((rc = fg_access_check(who->principal, FG_ACT_PASS_RULES_SET, &t, err)))
        return rc;
    if (fg_region_level_of(who->principal->region) != FG_LEVEL_PROVINCE)
        return fg_err_at(err, FG_EPERM, NULL, "pass_rule.setter",
                         "a province's pass rule is set by the province's joint_mechanism");
    return fg_store_pass_rule_set(db, r, expect_version, now, who->username, out, err);
}

/* ---- the crew updated (issue 14, part "stations": the drivers' closed loop) ---- */

int fg_app_pass_recrew(fg_app *app, fg_db *db, const fg_who *who, const fg_pass_row *old,
                       fg_pass_claims *c, int64_t now, char out_number[13], fg_err *err)
{
    fg_target t = {-1, old->claims.applicant};
    int rc = fg_access_check(who->principal, FG_ACT_PASS_APPLY, &t, err);
    if (rc)
        return rc;
    if (strcmp(old->state, "issued") != 0 || !old->number[0])
        return fg_err_at(err, FG_ECONFLICT, NULL, "pass.recrew_state",
                         "only an issued pass has its crew updated; this one is {state:%s}",
                         old->state);
    const struct fg_issuer_key *k = app->keys ? fg_keyring_issuer(app->keys, old->region) : NULL;
    if (!k)
        return fg_err_at(err, FG_EUNAVAIL, NULL, "pass.no_signing_key",
                         "this server holds no signing key for the province; the operator "
                         "creates one with: fugong keys init --province CODE");
    /* The new crew is held to the trip's test rules as at application. */
    fg_pass_rule rules[FG_PASS_MAX_PROVINCES];
    size_t n;
    fg_pass_trip_need need;
    if ((rc = fg_app_pass_trip_rules(db, c, rules, &n, &need, err)) ||
        (rc = fg_pass_tests_check(&need, rules, c, now / 1000, err)))
        return rc;
    for (size_t i = 0; i < c->n_crew; i++)
        if (c->crew[i].test_valid_to > 0)
            c->crew[i].test_until = fg_clock_date(c->crew[i].test_valid_to * 1000);
    fg_tx tx;
    if ((rc = fg_tx_begin(&tx, db, now, who->username, err)))
        return rc;
    int64_t serial;
    if ((rc = fg_store_pass_serial_next(&tx, old->region, &serial, err)))
        return fg_tx_end(&tx, rc, err);
    c->number = (int64_t)old->region * 1000000 + serial;
    c->iat = now / 1000;
    snprintf(c->issuer, sizeof(c->issuer), "CN-%06d", (int)old->region);
    fg_pass_number_format(c->number, out_number);
    fg_buf cred;
    fg_buf_init(&cred, 0);
    char kid[2 * FG_KID_LEN + 1], id[37];
    fg_hex(k->key.pub.kid, FG_KID_LEN, kid);
    if ((rc = fg_pass_issue(c, &k->key, &cred, err)) == 0 && (rc = fg_buf_addc(&cred, '\0')))
        rc = fg_err_set(err, FG_ENOMEM, "out of memory");
    rc = rc ? rc : fg_store_pass_recrew(&tx, old, c, out_number, cred.buf, kid, id, err);
    fg_buf_release(&cred);
    int moved = 0;
    rc = rc ? rc : fg_store_bookings_move_pass(&tx, old->number, out_number, &moved, err);
    return fg_tx_end(&tx, rc, err);
}
