/* The HTTP edge: one request context, the route table, reply helpers. Every
 * handler parses and checks its input, authorises with fg_access_check,
 * calls the store and core, and replies with JSON or RFC 9457 problem+json. */
#ifndef FG_API_API_H
#define FG_API_API_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <ulfius.h>

#include "../app/app.h"
#include "../core/access.h"
#include "../store/store.h"
#include "../util/arena.h"
#include "../util/buf.h"
#include "../sys/keyring.h"
#include "../util/err.h"

#define FG_API_MAX_BODY (1u << 20)      /* JSON bodies */
#define FG_API_MAX_UPLOAD (16u << 20)   /* CSV imports (~150,000 rows; the CLI takes more) */
#define FG_EXPORT_MAX_ROWS 100000       /* rows in one export */
#define FG_SESSION_COOKIE "fg_session"
#define FG_CSRF_HEADER "X-Fugong-CSRF"

typedef struct fg_server fg_server;

#define FG_API_MAX_PARAMS 4

typedef struct fg_req {
    const struct _u_request *http;
    struct _u_response *resp;
    fg_server *srv;
    fg_app *app;             /* the process's use cases (borrowed) */
    fg_arena arena;
    fg_db *db;
    int64_t now_ms;
    bool authed;
    bool via_cookie;
    fg_account account;
    fg_principal principal;
    fg_who who;              /* the account as app/ sees it (once authenticated) */
    const char *principal_ptrs[FG_MAX_ACCOUNT_ENTERPRISES];
    char address[64];
    struct { const char *name, *value; } params[FG_API_MAX_PARAMS]; /* from the path */
    size_t n_params;
} fg_req;

typedef int (*fg_handler)(fg_req *r);

typedef struct fg_http_route {
    const char *method;
    const char *path;        /* ulfius format, e.g. "/api/v1/enterprises/:uscc" */
    fg_handler handler;
    bool public;             /* no session needed */
} fg_http_route;

/* The route table (terminated by a NULL method). */
extern const fg_http_route fg_api_routes[];

/* ---- server.c ---- */
typedef struct fg_server_config {
    const char *listen;      /* "HOST:PORT" */
    int threads;
    const char *web_dir;     /* NULL or a directory with the built web app */
    fg_order_limits limits;  /* order periods, deadlines, alarm thresholds */
    const char *keys_dir;    /* pass signing keys; NULL or missing: no issuing */
    fg_role pass_deciders[FG_APP_MAX_GOODS]; /* per goods category: who decides its passes */
} fg_server_config;

int fg_server_run(fg_store *store, const fg_server_config *cfg, volatile int *stop, fg_err *err);
/* Login rate limiting: returns seconds to wait, 0 if allowed. */
int fg_server_login_wait(fg_server *s, const char *username, const char *address, int64_t now_ms);
void fg_server_login_result(fg_server *s, const char *username, const char *address, bool ok,
                            int64_t now_ms);
const char *fg_server_web_dir(const fg_server *s);
/* The pass signing keys, or NULL when the server has none. */
const fg_keyring *fg_server_keyring(const fg_server *s);
/* The trust list: decoded (for online checks) and as the signed document. */
const fg_trust *fg_server_trust(const fg_server *s);
const fg_buf *fg_server_trust_doc(const fg_server *s);
/* Prometheus text for /metrics (new; free()). */
char *fg_server_metrics(fg_server *s);

/* ---- http.c: replies and input ---- */
/* Replies with `body` (stolen) as JSON. Returns `status` for handler chaining. */
int fg_reply_json(fg_req *r, int status, json_t *body);
/* Replies with RFC 9457 problem+json. `field` may be NULL. */
int fg_reply_problem(fg_req *r, int status, const char *title, const char *detail,
                     const char *field);
/* As fg_reply_problem, with the members of `extra` (stolen; may be NULL)
 * added, e.g. {"current_version": 4} for a conflict. */
int fg_reply_problem_with(fg_req *r, int status, const char *title, const char *detail,
                          const char *field, json_t *extra);
/* Replies with the JSON text in `b` (borrowed). */
int fg_reply_buf(fg_req *r, int status, const fg_buf *b);
/* Maps an fg_err code to a status and replies. */
int fg_reply_err(fg_req *r, const fg_err *err);
int fg_reply_empty(fg_req *r, int status);
/* The request body as a JSON object (borrowed; freed with the arena), or NULL
 * after replying 400/413/415 with the reason. */
json_t *fg_req_body(fg_req *r);
/* A path parameter (":uscc") or else a query parameter, or NULL. */
const char *fg_req_param(fg_req *r, const char *name);
/* Integer query parameter in [lo, hi], `def` when absent. Replies 400 and
 * returns FG_EINVAL when malformed. */
int fg_req_int(fg_req *r, const char *name, long lo, long hi, long def, long *out);
/* Authorises `act` on `t`; replies 403 and returns FG_EPERM when refused. */
int fg_req_allow(fg_req *r, fg_action act, int32_t region, const char *uscc);
/* A JSON string field: NULL when absent; replies 400 when present but not a
 * string (then *bad is set). */
const char *fg_json_str(fg_req *r, json_t *obj, const char *key, bool required, bool *bad);
/* As fg_json_str, and the text must be valid UTF-8 of lo to hi characters;
 * replies 422 naming the field and returns FG_EINVAL otherwise. */
int fg_json_text(fg_req *r, json_t *obj, const char *key, bool required, size_t lo, size_t hi,
                 const char **out);

/* ---- json.c: shared representations ---- */
/* Appends the enterprise as the API shows it (a JSON object). Written
 * directly: it is the hottest answer. */
int fg_write_enterprise(fg_buf *b, const fg_enterprise *e, const fg_enterprise_meta *m);
json_t *fg_json_account(const fg_account *a);

/* ---- handlers (one file per resource) ---- */
int fg_h_login(fg_req *r);
int fg_h_logout(fg_req *r);
int fg_h_me(fg_req *r);
int fg_h_regions(fg_req *r);
int fg_h_region_get(fg_req *r);
int fg_h_region_designate(fg_req *r);
int fg_h_region_designated(fg_req *r);
int fg_h_industries(fg_req *r);
int fg_h_enterprises_list(fg_req *r);
int fg_h_enterprise_create(fg_req *r);
int fg_h_enterprise_get(fg_req *r);
int fg_h_enterprise_update(fg_req *r);
int fg_h_enterprise_guidance(fg_req *r);
int fg_h_enterprise_history(fg_req *r);
int fg_h_enterprise_import(fg_req *r);
int fg_h_enterprise_export(fg_req *r);
int fg_h_rules_get(fg_req *r);
int fg_h_rules_versions(fg_req *r);
int fg_h_rules_replace(fg_req *r);
int fg_h_accounts_list(fg_req *r);
int fg_h_account_create(fg_req *r);
int fg_h_account_disable(fg_req *r);
int fg_h_account_password(fg_req *r);
int fg_h_audit_list(fg_req *r);
int fg_h_audit_verify(fg_req *r);
int fg_h_orders_list(fg_req *r);
int fg_h_orders_awaiting(fg_req *r);
int fg_h_order_propose(fg_req *r);
int fg_h_order_get(fg_req *r);
int fg_h_order_act(fg_req *r);
int fg_h_order_lift(fg_req *r);
int fg_h_order_resumption(fg_req *r);
int fg_h_resumption_decide(fg_req *r);
int fg_h_enterprise_orders(fg_req *r);
int fg_h_alarms_list(fg_req *r);
int fg_h_alarm_close(fg_req *r);
int fg_h_pass_apply(fg_req *r);
int fg_h_passes_list(fg_req *r);
int fg_h_pass_get(fg_req *r);
int fg_h_pass_decide(fg_req *r);
int fg_h_pass_revoke(fg_req *r);
int fg_h_pass_renew(fg_req *r);
int fg_h_pass_qr(fg_req *r);
int fg_h_pass_trust_list(fg_req *r);
int fg_h_pass_revocations(fg_req *r);
int fg_h_pass_root_key(fg_req *r);
int fg_h_check(fg_req *r);
int fg_h_checks_batch(fg_req *r);
int fg_h_healthz(fg_req *r);
int fg_h_metrics(fg_req *r);
int fg_h_openapi(fg_req *r);

#endif
