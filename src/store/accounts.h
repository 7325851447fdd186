/* Accounts and sessions: passwords hashed with argon2id, sessions
 * stored by the SHA-256 of their tokens. */
#ifndef FG_STORE_ACCOUNTS_H
#define FG_STORE_ACCOUNTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../core/access.h"
#include "../core/uscc.h"
#include "../util/err.h"
#include "db.h"

#define FG_MAX_ACCOUNT_ENTERPRISES 32

typedef struct fg_account {
    char id[37];
    char username[65];
    char display_name[129];
    fg_role role;
    int32_t region; /* -1 for enterprise-bound accounts */
    bool disabled;
    bool admin; /* administers the accounts inside its jurisdiction */
    size_t n_enterprises;
    char enterprises[FG_MAX_ACCOUNT_ENTERPRISES][FG_USCC_LEN + 1];
    int32_t enterprise_regions[FG_MAX_ACCOUNT_ENTERPRISES];
} fg_account;

/* A principal view of the account for access checks (borrows from `a`). */
void fg_account_principal(const fg_account *a, const char *ptrs[FG_MAX_ACCOUNT_ENTERPRISES],
                          fg_principal *out);

/* Creates an account; `password` is hashed with argon2id here. `admin`
 * lets it manage the accounts inside its jurisdiction (region accounts only). */
int fg_store_account_add(fg_db *db, const char *username, const char *display_name, fg_role role,
                         int32_t region, const char *const *enterprises, size_t n_enterprises,
                         bool admin, const char *password, int64_t now_ms, const char *actor,
                         fg_account *out, fg_err *err);
int fg_store_account_get(fg_db *db, const char *username, fg_account *out, fg_err *err);
/* Every account as {id, username, display_name, role, region, disabled,
 * admin}; callers filter by jurisdiction with fg_store_account_get. */
int fg_store_account_list(fg_db *db, json_t **out, fg_err *err);
int fg_store_account_disable(fg_db *db, const char *username, int64_t now_ms, const char *actor,
                             fg_err *err);
int fg_store_account_passwd(fg_db *db, const char *username, const char *password, int64_t now_ms,
                            const char *actor, fg_err *err);
/* Checks a password: 0, or FG_EAUTH for an unknown user, a wrong password or
 * a disabled account (one message for all three). */
int fg_store_account_login(fg_db *db, const char *username, const char *password, fg_account *out,
                           fg_err *err);

#define FG_SESSION_TOKEN_LEN 43 /* base64url of 32 bytes, no padding */

/* Makes a session: writes the token (new, NUL-terminated) to out_token and
 * stores only its SHA-256. Audited as auth.login. */
int fg_store_session_create(fg_db *db, const fg_account *a, const char *address, int64_t now_ms,
                            int64_t ttl_ms, char out_token[FG_SESSION_TOKEN_LEN + 1], fg_err *err);
/* The account of a live session; FG_EAUTH when unknown, expired or disabled.
 * *out_expires (may be NULL) receives the session's expiry (Unix ms). */
int fg_store_session_lookup(fg_db *db, const char *token, int64_t now_ms, fg_account *out,
                            int64_t *out_expires, fg_err *err);
int fg_store_session_delete(fg_db *db, const char *token, int64_t now_ms, fg_err *err);

#endif
