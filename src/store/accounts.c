/* Accounts (argon2id password hashes) and sessions (random tokens stored as
 * SHA-256). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/region.h"
#include "../sys/clock.h"
#include "../sys/log.h"
#include "store.h"

static const char SQL_ACC_INSERT[] =
    "INSERT INTO accounts (id, username, display_name, role, region, password_hash, disabled, "
    "created_at, admin) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)";
static const char SQL_ACC_ENT_INSERT[] =
    "INSERT INTO account_enterprises (account, enterprise) VALUES (?, ?)";
static const char SQL_ACC_GET[] =
    "SELECT id, username, display_name, role, region, disabled, admin, password_hash FROM accounts "
    "WHERE username = ?";
static const char SQL_ACC_ENTS[] =
    "SELECT a.enterprise, e.region FROM account_enterprises a JOIN enterprises e "
    "ON e.uscc = a.enterprise WHERE a.account = ? ORDER BY a.enterprise";
static const char SQL_ACC_LIST[] =
    "SELECT id, username, display_name, role, region, disabled, admin, created_at FROM accounts "
    "ORDER BY username";
static const char SQL_ACC_DISABLE[] = "UPDATE accounts SET disabled = 1 WHERE username = ?";
static const char SQL_ACC_SESSIONS_DROP[] =
    "DELETE FROM sessions WHERE account = (SELECT id FROM accounts WHERE username = ?)";
static const char SQL_ACC_PASSWD[] = "UPDATE accounts SET password_hash = ? WHERE username = ?";
static const char SQL_SESSION_INSERT[] =
    "INSERT INTO sessions (token_hash, account, created_at, expires_at, address) "
    "VALUES (?, ?, ?, ?, ?)";
static const char SQL_SESSION_GET[] =
    "SELECT a.id, a.username, a.display_name, a.role, a.region, a.disabled, a.admin, s.expires_at "
    "FROM sessions s JOIN accounts a ON a.id = s.account WHERE s.token_hash = ?";
static const char SQL_SESSION_DELETE[] = "DELETE FROM sessions WHERE token_hash = ?";
static const char SQL_SESSION_PURGE[] = "DELETE FROM sessions WHERE expires_at < ?";

void fg_account_principal(const fg_account *a, const char *ptrs[FG_MAX_ACCOUNT_ENTERPRISES],
                          fg_principal *out)
{
    for (size_t i = 0; i < a->n_enterprises; i++)
        ptrs[i] = a->enterprises[i];
    out->role = a->role;
    out->region = a->region;
    out->enterprises = ptrs;
    out->enterprise_regions = a->enterprise_regions;
    out->n_enterprises = a->n_enterprises;
    out->admin = a->admin;
}

static int password_hash(const char *password, char out[crypto_pwhash_STRBYTES], fg_err *err)
{
    size_t n = strlen(password);
    if (n < 8)
        return fg_err_at(err, FG_EINVAL, "password", "account.password_short",
                         "password must be at least {min:%d} characters", 8);
    if (n > 256)
        return fg_err_at(err, FG_EINVAL, "password", "account.password_long",
                         "password must be at most {max:%d} characters", 256);
    if (crypto_pwhash_str_alg(out, password, n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13))
        return fg_err_set(err, FG_ENOMEM, "out of memory hashing the password");
    return 0;
}

static int username_check(const char *u, fg_err *err)
{
    size_t n = strlen(u);
    if (n < 2 || n > 64)
        return fg_err_at(err, FG_EINVAL, "username", "account.username_length",
                         "username must be {min:%d} to {max:%d} characters", 2, 64);
    for (size_t i = 0; i < n; i++) {
        char c = u[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            return fg_err_at(err, FG_EINVAL, "username", "account.username_chars",
                             "username may hold only a-z, 0-9, '.', '_' and '-'");
    }
    return 0;
}

static void acc_read(fg_db *db, fg_stmt *st, fg_account *a)
{
    memset(a, 0, sizeof(*a));
    snprintf(a->id, sizeof(a->id), "%s", fg_db_text(db, st, 0));
    snprintf(a->username, sizeof(a->username), "%s", fg_db_text(db, st, 1));
    snprintf(a->display_name, sizeof(a->display_name), "%s", fg_db_text(db, st, 2));
    fg_role_parse(fg_db_text(db, st, 3), &a->role, NULL);
    a->region = fg_db_text(db, st, 4) ? (int32_t)fg_db_int(db, st, 4) : -1;
    a->disabled = fg_db_int(db, st, 5) != 0;
    a->admin = fg_db_int(db, st, 6) != 0;
}

static int acc_load_enterprises(fg_db *db, fg_account *a, fg_err *err)
{
    a->n_enterprises = 0;
    if (fg_role_has_region(a->role))
        return 0; /* region accounts speak for no enterprise */
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_ACC_ENTS, "t", a->id);
    if (rc)
        return rc;
    a->n_enterprises = 0;
    while ((rc = fg_db_step(db, st, err)) == 1 && a->n_enterprises < FG_MAX_ACCOUNT_ENTERPRISES) {
        snprintf(a->enterprises[a->n_enterprises], FG_USCC_LEN + 1, "%s", fg_db_text(db, st, 0));
        a->enterprise_regions[a->n_enterprises] = (int32_t)fg_db_int(db, st, 1);
        a->n_enterprises++;
    }
    fg_db_done(db, st);
    return rc < 0 ? rc : 0;
}

int fg_store_account_add(fg_db *db, const char *username, const char *display_name, fg_role role,
                         int32_t region, const char *const *enterprises, size_t n_enterprises,
                         bool admin, const char *password, int64_t now_ms, const char *actor,
                         fg_account *out, fg_err *err)
{
    int rc;
    char hash[crypto_pwhash_STRBYTES];
    if ((rc = username_check(username, err)) ||
        (rc = fg_role_check_jurisdiction(role, region, err)))
        return rc;
    if (!fg_role_has_region(role) && n_enterprises == 0)
        return fg_err_at(err, FG_EINVAL, "enterprises", "account.enterprises_missing",
                         "a %s account must name the enterprises it speaks for",
                         fg_role_name(role));
    if (fg_role_has_region(role) && n_enterprises > 0)
        return fg_err_at(err, FG_EINVAL, "enterprises", "account.enterprises_with_region",
                         "a %s account has a region, not enterprises", fg_role_name(role));
    if (n_enterprises > FG_MAX_ACCOUNT_ENTERPRISES)
        return fg_err_at(err, FG_EINVAL, "enterprises", "account.enterprises_too_many",
                         "an account may speak for at most {max:%d} enterprises",
                         FG_MAX_ACCOUNT_ENTERPRISES);
    if ((rc = password_hash(password, hash, err)))
        return rc;
    fg_tx tx;
    if ((rc = fg_tx_begin(&tx, db, now_ms, actor, err)))
        return rc;
    char id[37];
    fg_clock_uuid(id);
    if (fg_role_has_region(role) && (rc = fg_store_region_exists(db, region, err))) {
        if (rc == FG_ENOTFOUND)
            rc = fg_err_at(err, FG_EINVAL, "region", "region.unknown",
                           "unknown region {region:%06d}", (int)region);
        goto fail;
    }
    if (admin && !fg_role_has_region(role)) {
        rc = fg_err_at(err, FG_EINVAL, "admin", "account.admin_needs_region",
                       "only an account with a region can administer accounts");
        goto fail;
    }
    if ((rc = fg_db_run(db, err, SQL_ACC_INSERT, "ttttrtib", id, username,
                        display_name && *display_name ? display_name : username, fg_role_name(role),
                        fg_role_has_region(role) ? (int)region : -1, hash, now_ms, (int)admin)))
        goto fail;
    for (size_t i = 0; i < n_enterprises; i++) {
        fg_enterprise e;
        if ((rc = fg_store_enterprise_get(db, enterprises[i], now_ms, &e, NULL, err)))
            goto fail;
        if ((rc = fg_db_run(db, err, SQL_ACC_ENT_INSERT, "tt", id, enterprises[i]))) {
            if (rc == FG_EEXIST)
                rc = fg_err_at(err, FG_EINVAL, "enterprises", "account.enterprise_twice",
                               "enterprise {uscc:%s} is named twice", enterprises[i]);
            goto fail;
        }
    }
    json_t *ents = json_array();
    for (size_t i = 0; i < n_enterprises; i++)
        json_array_append_new(ents, json_string(enterprises[i]));
    char reg[7] = "";
    if (fg_role_has_region(role))
        fg_region_format(region, reg);
    json_t *d = json_pack("{s:s,s:s,s:s,s:o,s:b}", "username", username, "role", fg_role_name(role),
                          "region", reg, "enterprises", ents, "admin", admin);
    rc = fg_tx_audit(&tx, "account.add", "account", username, fg_role_has_region(role) ? region : 0,
                     d, err);
    json_decref(d);
fail:
    if (rc == FG_EEXIST)
        fg_err_at(err, FG_EEXIST, "username", "account.exists", "username {username:%s} is taken",
                  username);
    if ((rc = fg_tx_end(&tx, rc, err)))
        return rc;
    return out ? fg_store_account_get(db, username, out, err) : 0;
}

int fg_store_account_get(fg_db *db, const char *username, fg_account *out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_ACC_GET, "t", username);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_err_at(err, FG_ENOTFOUND, "username", "account.not_found",
                         "no account {username:%.64s}", username);
    acc_read(db, st, out);
    fg_db_done(db, st);
    return acc_load_enterprises(db, out, err);
}

int fg_store_account_list(fg_db *db, json_t **out, fg_err *err)
{
    fg_stmt *st;
    int rc = fg_db_query(db, &st, err, SQL_ACC_LIST, "");
    if (rc)
        return rc;
    json_t *arr = json_array();
    while ((rc = fg_db_step(db, st, err)) == 1) {
        fg_account a;
        acc_read(db, st, &a);
        char reg[7] = "";
        if (a.region >= 0)
            fg_region_format(a.region, reg);
        json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:s,s:s,s:b,s:b}", "id", a.id,
                                             "username", a.username, "display_name", a.display_name,
                                             "role", fg_role_name(a.role), "region", reg,
                                             "disabled", a.disabled, "admin", a.admin));
    }
    fg_db_done(db, st);
    if (rc < 0) {
        json_decref(arr);
        return rc;
    }
    *out = arr;
    return 0;
}

static int acc_change(fg_db *db, const char *username, const char *sql, const char *hash,
                      const char *action, int64_t now_ms, const char *actor, fg_err *err)
{
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now_ms, actor, err);
    if (rc)
        return rc;
    fg_account a;
    if ((rc = fg_store_account_get(db, username, &a, err)))
        goto fail;
    rc = hash ? fg_db_run(db, err, sql, "tt", hash, username)
              : fg_db_run(db, err, sql, "t", username);
    if (rc || (rc = fg_db_run(db, err, SQL_ACC_SESSIONS_DROP, "t", username)))
        goto fail;
    rc = fg_tx_audit(&tx, action, "account", username, a.region > 0 ? a.region : 0, NULL, err);
fail:
    rc = fg_tx_end(&tx, rc, err);
    if (rc == 0)
        fg_store_watch_bump(FG_WATCH_SESSIONS); /* this process's cached sessions, at once */
    return rc;
}

int fg_store_account_disable(fg_db *db, const char *username, int64_t now_ms, const char *actor,
                             fg_err *err)
{
    return acc_change(db, username, SQL_ACC_DISABLE, NULL, "account.disable", now_ms, actor, err);
}

int fg_store_account_passwd(fg_db *db, const char *username, const char *password, int64_t now_ms,
                            const char *actor, fg_err *err)
{
    char hash[crypto_pwhash_STRBYTES];
    int rc = password_hash(password, hash, err);
    if (rc)
        return rc;
    return acc_change(db, username, SQL_ACC_PASSWD, hash, "account.passwd", now_ms, actor, err);
}

int fg_store_account_login(fg_db *db, const char *username, const char *password, fg_account *out,
                           fg_err *err)
{
    /* A hash to check against when the user does not exist, so that timing
     * does not tell which usernames exist. */
    static char dummy[crypto_pwhash_STRBYTES];
    static int dummy_ready;
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_ACC_GET, "t", username);
    if (rc < 0)
        return rc;
    char hash[crypto_pwhash_STRBYTES] = "";
    if (rc == 1) {
        acc_read(db, st, out);
        snprintf(hash, sizeof(hash), "%s", fg_db_text(db, st, 7));
        fg_db_done(db, st);
    } else {
        if (!__atomic_load_n(&dummy_ready, __ATOMIC_ACQUIRE)) {
            char tmp[crypto_pwhash_STRBYTES];
            if (crypto_pwhash_str_alg(tmp, "fugong-dummy", 12, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                      crypto_pwhash_MEMLIMIT_INTERACTIVE,
                                      crypto_pwhash_ALG_ARGON2ID13) == 0) {
                memcpy(dummy, tmp, sizeof(tmp));
                __atomic_store_n(&dummy_ready, 1, __ATOMIC_RELEASE);
            }
        }
        if (crypto_pwhash_str_verify(dummy, password, strlen(password)) == 0)
            fg_warn("auth.dummy", "msg=%s", "the dummy hash matched a password");
        return fg_err_at(err, FG_EAUTH, NULL, "account.login_failed",
                         "wrong username or password, or the account is disabled");
    }
    if (crypto_pwhash_str_verify(hash, password, strlen(password)) != 0 || out->disabled)
        return fg_err_at(err, FG_EAUTH, NULL, "account.login_failed",
                         "wrong username or password, or the account is disabled");
    return acc_load_enterprises(db, out, err);
}

static void token_hash(const char *token, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
    sodium_bin2hex(out, 65, h, sizeof(h));
}

int fg_store_session_create(fg_db *db, const fg_account *a, const char *address, int64_t now_ms,
                            int64_t ttl_ms, char out_token[FG_SESSION_TOKEN_LEN + 1], fg_err *err)
{
    unsigned char raw[32];
    char th[65];
    fg_clock_random(raw, sizeof(raw));
    sodium_bin2base64(out_token, FG_SESSION_TOKEN_LEN + 1, raw, sizeof(raw),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    token_hash(out_token, th);
    fg_tx tx;
    int rc = fg_tx_begin(&tx, db, now_ms, a->username, err);
    if (rc)
        return rc;
    if ((rc = fg_db_run(db, err, SQL_SESSION_PURGE, "i", now_ms)) ||
        (rc = fg_db_run(db, err, SQL_SESSION_INSERT, "ttiit", th, a->id, now_ms, now_ms + ttl_ms,
                        address)))
        goto fail;
    json_t *d = json_pack("{s:s}", "address", address);
    rc = fg_tx_audit(&tx, "auth.login", "account", a->username, a->region > 0 ? a->region : 0, d,
                     err);
    json_decref(d);
fail:
    return fg_tx_end(&tx, rc, err);
}

int fg_store_session_lookup(fg_db *db, const char *token, int64_t now_ms, fg_account *out,
                            int64_t *out_expires, fg_err *err)
{
    char th[65];
    if (strlen(token) != FG_SESSION_TOKEN_LEN)
        return fg_err_at(err, FG_EAUTH, NULL, "session.invalid",
                         "the session token is not valid; sign in again");
    token_hash(token, th);
    fg_stmt *st;
    int rc = fg_db_row(db, &st, err, SQL_SESSION_GET, "t", th);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fg_err_at(err, FG_EAUTH, NULL, "session.ended",
                         "the session has ended or never existed; sign in again");
    acc_read(db, st, out);
    int64_t expires = fg_db_int(db, st, 7);
    fg_db_done(db, st);
    if (out_expires)
        *out_expires = expires;
    if (expires < now_ms || out->disabled)
        return fg_err_at(err, FG_EAUTH, NULL, "session.expired",
                         "the session has expired; sign in again");
    return acc_load_enterprises(db, out, err);
}

int fg_store_session_delete(fg_db *db, const char *token, int64_t now_ms, fg_err *err)
{
    char th[65];
    fg_account a;
    int rc = fg_store_session_lookup(db, token, now_ms, &a, NULL, err);
    if (rc)
        return rc;
    token_hash(token, th);
    fg_tx tx;
    if ((rc = fg_tx_begin(&tx, db, now_ms, a.username, err)))
        return rc;
    rc = fg_db_run(db, err, SQL_SESSION_DELETE, "t", th);
    rc = rc ? rc
            : fg_tx_audit(&tx, "auth.logout", "account", a.username, a.region > 0 ? a.region : 0,
                          NULL, err);
    rc = fg_tx_end(&tx, rc, err);
    if (rc == 0)
        fg_store_watch_bump(FG_WATCH_SESSIONS);
    return rc;
}
