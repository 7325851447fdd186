/* Vehicle passes: who decides them, and issuing one (the province's next
 * serial, the signed credential, the record and its audit entry in one
 * transaction). */
#include <stdio.h>
#include <string.h>

#include "../core/region.h"
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
