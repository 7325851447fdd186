/* Sign in, sign out, who am I. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "../core/region.h"
#include "../sys/clock.h"
#include "internal.h"
#include "ratelimit.h"

#define SESSION_TTL_MS (12LL * 3600 * 1000)
#define CSRF_BYTES 16

/* The CSRF token of a session: a keyed hash of its token, so that every
 * server derives it without storing it, and only a page that could read the
 * session's answers (sign-in, /auth/me) knows it. out: 2 * CSRF_BYTES hex
 * digits and a NUL. */
static void csrf_of(const char *token, char out[2 * CSRF_BYTES + 1])
{
    static const unsigned char key[] = "fugong csrf token of a session.";
    unsigned char h[CSRF_BYTES];
    crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), key,
                       sizeof(key) - 1);
    sodium_bin2hex(out, 2 * CSRF_BYTES + 1, h, sizeof(h));
}

static int fg_h_login(fg_req *r)
{
    json_t *body = fg_req_body(r);
    if (!body)
        return fg_req_refusal(r);
    bool bad = false;
    const char *user = fg_json_str(r, body, "username", true, &bad);
    const char *pass = bad ? NULL : fg_json_str(r, body, "password", true, &bad);
    if (bad)
        return fg_req_refusal(r);
    int wait = fg_ratelimit_login_wait(r->logins, user, r->address, r->now_ms);
    if (wait > 0) {
        char secs[16];
        snprintf(secs, sizeof(secs), "%d", wait);
        u_map_put(r->resp->map_header, "Retry-After", secs);
        return fg_reply_problem(r, 429, NULL, "auth.too_many",
                                "too many failed sign-ins for this account or address; try again "
                                "in {seconds:%d} seconds",
                                wait);
    }
    fg_err err;
    fg_err_init(&err);
    fg_account a;
    int rc = fg_store_account_login(r->db, user, pass, &a, &err);
    fg_ratelimit_login_result(r->logins, user, r->address, rc == 0, r->now_ms);
    if (rc)
        return fg_reply_err(r, &err);
    char token[FG_SESSION_TOKEN_LEN + 1];
    if ((rc = fg_store_session_create(r->db, &a, r->address, r->now_ms, SESSION_TTL_MS, token,
                                      &err)))
        return fg_reply_err(r, &err);
    ulfius_add_same_site_cookie_to_response(
        r->resp, FG_SESSION_COOKIE, token, NULL, (unsigned)(SESSION_TTL_MS / 1000), NULL, "/",
        fg_server_secure_cookies(r->srv) ? 1 : 0, 1, U_COOKIE_SAME_SITE_STRICT);
    char csrf[2 * CSRF_BYTES + 1];
    csrf_of(token, csrf);
    json_t *out = json_pack("{s:s,s:s,s:o,s:i}", "token", token, "csrf", csrf, "account",
                            fg_json_account(&a), "expires_in", (int)(SESSION_TTL_MS / 1000));
    return fg_reply_json(r, 200, out);
}

static const char *req_token(fg_req *r)
{
    const char *h = u_map_get_case(r->http->map_header, "Authorization");
    if (h && strncmp(h, "Bearer ", 7) == 0)
        return h + 7;
    return u_map_get(r->http->map_cookie, FG_SESSION_COOKIE);
}

static int fg_h_logout(fg_req *r)
{
    fg_err err;
    fg_err_init(&err);
    const char *token = req_token(r);
    int rc = fg_store_session_delete(r->db, token ? token : "", r->now_ms, &err);
    if (rc)
        return fg_reply_err(r, &err);
    fg__api_forget_sessions();
    ulfius_add_same_site_cookie_to_response(r->resp, FG_SESSION_COOKIE, "", NULL, 0, NULL, "/",
                                            fg_server_secure_cookies(r->srv) ? 1 : 0, 1,
                                            U_COOKIE_SAME_SITE_STRICT);
    return fg_reply_empty(r, 204);
}

static int fg_h_me(fg_req *r)
{
    json_t *me = fg_json_account(&r->account);
    if (r->account.region >= 0) {
        fg_region_row row;
        fg_err err;
        fg_err_init(&err);
        if (r->account.region == 0) {
            json_object_set_new(me, "region_name", json_string("全国"));
            json_object_set_new(me, "region_level", json_string("nation"));
        } else if (fg_store_region_get(r->db, r->account.region, &row, &err) == 0) {
            json_object_set_new(me, "region_name", json_string(row.name));
            json_object_set_new(me, "region_level",
                                json_string(fg_region_level_name((fg_region_level)row.level)));
        }
    }
    /* The deployment's zone: the browser shows every time, and picks "today",
     * in it rather than in the device's own. */
    json_object_set_new(me, "time_zone", json_string(fg_clock_zone()));
    json_t *perms = json_array();
    const fg_access_rule *rules = fg_access_rules();
    for (int i = 0; i < FG_ACT_COUNT; i++)
        if ((rules[i].roles & (1u << r->account.role)) &&
            (!rules[i].admin_only || r->account.admin))
            json_array_append_new(perms, json_string(rules[i].name));
    json_object_set_new(me, "permissions", perms);
    /* The session's CSRF token, for a page loaded with the cookie alone. */
    const char *token = req_token(r);
    if (token) {
        char csrf[2 * CSRF_BYTES + 1];
        csrf_of(token, csrf);
        json_object_set_new(me, "csrf", json_string(csrf));
    }
    return fg_reply_json(r, 200, me);
}

/* A small per-thread cache of sessions (issue 17: what every request reads).
 * An entry serves while the sessions' epoch is unchanged (src/store/watch.h):
 * a sign-out, a disabled account or a changed password on this server, or on
 * any server of the same PostgreSQL database, ends it at once; a change made
 * by another process on SQLite (the command line), within
 * FG_WATCH_SHORT_MS. Never past the session's own expiry. */
#define SESSION_CACHE_SLOTS 64

typedef struct session_slot {
    unsigned char key[crypto_generichash_BYTES];
    fg_watch_mark mark;
    int64_t expires; /* the session's own end */
    fg_account account;
} session_slot;

static _Thread_local session_slot session_cache[SESSION_CACHE_SLOTS];

static session_slot *session_cached(const char *token, int64_t now_ms, unsigned char key[32])
{
    crypto_generichash(key, crypto_generichash_BYTES, (const unsigned char *)token, strlen(token),
                       NULL, 0);
    session_slot *s = &session_cache[key[0] % SESSION_CACHE_SLOTS];
    if (s->expires > now_ms && fg_store_watch_fresh(&s->mark, FG_WATCH_SESSIONS) &&
        sodium_memcmp(s->key, key, sizeof(s->key)) == 0)
        return s;
    return NULL;
}

/* mark: taken before the session was read, so that a change committed
 * between the read and now leaves the entry stale, not fresh. */
static void session_remember(const unsigned char key[32], const fg_watch_mark *mark,
                             const fg_account *a, int64_t expires)
{
    session_slot *s = &session_cache[key[0] % SESSION_CACHE_SLOTS];
    memcpy(s->key, key, sizeof(s->key));
    s->mark = *mark;
    s->expires = expires;
    s->account = *a;
}

void fg__api_forget_sessions(void)
{
    fg_store_watch_bump(FG_WATCH_SESSIONS);
}

/* Resolves the session of a request (Bearer header first, then the cookie).
 * Cookie-authenticated writes must carry the CSRF header. */
int fg__api_authenticate(fg_req *r)
{
    const char *h = u_map_get_case(r->http->map_header, "Authorization");
    const char *token = NULL;
    if (h && strncmp(h, "Bearer ", 7) == 0) {
        token = h + 7;
    } else {
        token = u_map_get(r->http->map_cookie, FG_SESSION_COOKIE);
        r->via_cookie = token != NULL;
    }
    if (!token || !*token) {
        u_map_put(r->resp->map_header, "WWW-Authenticate", "Bearer");
        return fg_reply_problem(r, 401, NULL, "auth.required",
                                "sign in first: POST /api/v1/auth/login, then send the token as "
                                "Authorization: Bearer <token> or the session cookie");
    }
    fg_err err;
    fg_err_init(&err);
    unsigned char key[crypto_generichash_BYTES];
    session_slot *hit = session_cached(token, r->now_ms, key);
    if (hit) {
        r->account = hit->account;
    } else {
        int64_t expires;
        fg_watch_mark mark = fg_store_watch_mark(FG_WATCH_SESSIONS);
        int rc = fg_store_session_lookup(r->db, token, r->now_ms, &r->account, &expires, &err);
        if (rc) {
            if (rc == FG_EAUTH)
                u_map_put(r->resp->map_header, "WWW-Authenticate", "Bearer");
            return fg_reply_err(r, &err);
        }
        session_remember(key, &mark, &r->account, expires);
    }
    if (r->via_cookie && strcmp(r->http->http_verb, "GET") != 0 &&
        strcmp(r->http->http_verb, "HEAD") != 0) {
        const char *given = u_map_get_case(r->http->map_header, FG_CSRF_HEADER);
        char want[2 * CSRF_BYTES + 1];
        csrf_of(token, want);
        if (!given || strlen(given) != sizeof(want) - 1 ||
            sodium_memcmp(given, want, sizeof(want) - 1) != 0)
            return fg_reply_problem(r, 403, NULL, "auth.csrf",
                                    "a request that changes data with the session cookie must "
                                    "carry the " FG_CSRF_HEADER " header with the session's "
                                    "token (csrf, from sign-in or GET /api/v1/auth/me)");
    }
    fg_account_principal(&r->account, r->principal_ptrs, &r->principal);
    r->who = (fg_who){r->account.username, r->account.role, &r->principal};
    r->authed = true;
    return 0;
}

const fg_api_route fg_api_auth_routes[] = {
    {"POST", "/api/v1/auth/login", fg_h_login, FG_ROUTE_PUBLIC, FG_API_MAX_BODY},
    {"POST", "/api/v1/auth/logout", fg_h_logout, FG_ROUTE_PUBLIC, FG_API_MAX_BODY},
    {"GET", "/api/v1/auth/me", fg_h_me, FG_ROUTE_ANY_ROLE, 0},
};
const size_t fg_api_auth_nroutes = sizeof(fg_api_auth_routes) / sizeof(fg_api_auth_routes[0]);
