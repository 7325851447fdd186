/* The HTTP edge: one request context, the route rows each resource file
 * exports, reply helpers. The server admits a request by its route row
 * (session, role, body size) before reading its body; every handler then
 * parses and checks its input, authorises its target with fg_req_allow,
 * calls the store and core, and replies with JSON or RFC 9457 problem+json. */
#ifndef FG_API_API_H
#define FG_API_API_H

#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <ulfius.h>

#include "../app/app.h"
#include "../core/access.h"
#include "../store/store.h"
#include "../sys/keyring.h"
#include "../util/arena.h"
#include "../util/buf.h"
#include "../util/err.h"

#define FG_API_MAX_BODY (1u << 20) /* JSON bodies */
/* A refused request's body up to this size is read and dropped before the
 * refusal is sent (so the client reads it); a larger one is answered at once. */
#define FG_API_DRAIN_MAX (1u << 20)
#define FG_API_MAX_UPLOAD (16u << 20) /* CSV imports (~150,000 rows; the CLI takes more) */
#define FG_EXPORT_MAX_ROWS 100000     /* rows in one export */
#define FG_SESSION_COOKIE "fg_session"
#define FG_CSRF_HEADER "X-Fugong-CSRF"

typedef struct fg_server fg_server;
typedef struct fg_ratelimit fg_ratelimit;

#define FG_API_MAX_PARAMS 4

typedef struct fg_req {
    const struct _u_request *http;
    struct _u_response *resp;
    fg_server *srv;
    fg_app *app;          /* the process's use cases (borrowed) */
    fg_ratelimit *logins; /* the server's sign-in limiter (borrowed) */
    fg_arena arena;
    fg_db *db;
    int64_t now_ms;
    bool authed;
    bool via_cookie;
    fg_account account;
    fg_principal principal;
    fg_who who; /* the account as app/ sees it (once authenticated) */
    const char *principal_ptrs[FG_MAX_ACCOUNT_ENTERPRISES];
    char address[64];
    struct {
        const char *name, *value;
    } params[FG_API_MAX_PARAMS]; /* from the path */
    size_t n_params;
    int refusal; /* the FG_E* code of the problem reply sent, 0 before one */
} fg_req;

/* A handler replies through r and returns 0 when it answered as asked, or the
 * negative FG_E* code of the refusal it replied with (what the fg_reply_*
 * helpers return, so `return fg_reply_err(r, &err);` is the usual last line).
 * What lives for the request (rows, JSON) is released by r->arena. */
typedef int (*fg_handler)(fg_req *r);

#define FG_ROUTE_PUBLIC (-1)   /* no session needed */
#define FG_ROUTE_ANY_ROLE (-2) /* any signed-in account; the handler decides */

/* One endpoint. Invariant: `action` is an fg_action, FG_ROUTE_PUBLIC or
 * FG_ROUTE_ANY_ROLE. For an fg_action the server refuses (403) an account
 * whose role the access table does not allow that action at all, before the
 * handler runs; the handler still checks the jurisdiction over its target. */
typedef struct fg_api_route {
    const char *method;
    const char *path; /* ulfius format, e.g. "/api/v1/enterprises/:uscc" */
    fg_handler handler;
    int action;
    size_t max_body; /* bytes a body may have (413 beyond); 0: none accepted */
} fg_api_route;

/* Each resource file exports its rows; routes.c lists the files. Rows are
 * matched in order, first the file's order, then the list's: a literal
 * segment ("/passes/trust-list") comes before a parameter ("/passes/:number"). */
#define FG_API_ROUTES(res)                                                                         \
    extern const fg_api_route fg_api_##res##_routes[];                                             \
    extern const size_t fg_api_##res##_nroutes
FG_API_ROUTES(auth);
FG_API_ROUTES(regions);
FG_API_ROUTES(enterprises);
FG_API_ROUTES(guidance);
FG_API_ROUTES(accounts);
FG_API_ROUTES(audit);
FG_API_ROUTES(orders);
FG_API_ROUTES(passes);
FG_API_ROUTES(system);
/* chain-data: the supply-chain graph */
FG_API_ROUTES(chain);
FG_API_ROUTES(chain_analysis); /* the analyses over the graph */
/* coordination requests */
FG_API_ROUTES(coordination);
/* white lists (issue 12, part "whitelist") */
FG_API_ROUTES(whitelists);
FG_API_ROUTES(critical); /* critical-link marks (issue 12, part "critical") */
/* the white-list pool, lift together, related services waiting (issue 12, part "pool") */
FG_API_ROUTES(chain_pool);
FG_API_ROUTES(reports);  /* daily reports (issue 13, part "reports") */
FG_API_ROUTES(problems); /* problems (issue 13, part "problems") */
/* monitoring of work resumption (issue 13, part "monitor") */
FG_API_ROUTES(monitor);
FG_API_ROUTES(alerts);  /* the alerts of daily monitoring (issue 13) */
FG_API_ROUTES(reports); /* daily reports (issue 13, part "reports") */
FG_API_ROUTES(plans);   /* production and contingency plans (issue 14, part "plans") */
/* transfer stations (issue 14, part "stations") */
FG_API_ROUTES(stations);
/* the policy catalogue and benefit facts (issue 15, part "catalogue") */
FG_API_ROUTES(policies);
FG_API_ROUTES(policy_reach); /* reach of policies (issue 15, part "reach") */

/* The policy named by the route's :id into *row, when this account may see
 * it (fg_app_policy_visible); otherwise replies 404 policy.not_found (or the
 * store's error) and returns non-zero (api_policies.c). */
int fg_api_policy_load(fg_req *r, fg_policy_row *row);
/* the delivery of policies (issue 15, part "delivery") */
FG_API_ROUTES(policy_claims);

#define FG_API_MAX_ROUTES 256
/* Writes (borrowed, static) pointers to every route row, in matching order,
 * into out[0..cap) and returns how many there are (which may exceed cap). */
size_t fg_api_routes(const fg_api_route **out, size_t cap);
/* The route's action as text: an access rule's name ("enterprise.read"),
 * "public" or "signed-in". Static. */
const char *fg_route_action_name(int action);

/* ---- server.c ---- */
typedef struct fg_server_config {
    const char *listen; /* "HOST:PORT" */
    int threads;
    const char *web_dir;                     /* NULL or a directory with the built web app */
    fg_order_limits limits;                  /* order periods, deadlines, alarm thresholds */
    const char *keys_dir;                    /* pass signing keys; NULL or missing: no issuing */
    fg_role pass_deciders[FG_APP_MAX_GOODS]; /* per goods category: who decides its passes */
    const fg_report_limits *report_limits;   /* daily reports (issue 13, part "reports");
                                                NULL: the defaults */
    int64_t plan_review_ms; /* plans (issue 14): a filed plan waiting longer is overdue;
                               0: the default (FG_PLAN_REVIEW_MS) */
    bool secure_cookies;    /* the session cookie is marked Secure (sent over HTTPS only) */
    bool behind_tls;        /* clients reach the server through a TLS proxy: Secure cookies
                               and Strict-Transport-Security */
    unsigned per_address;   /* open connections one client address may hold; 0: no cap
                               (behind a proxy every client has the proxy's address) */
    const char *anchor_dir; /* NULL, or where the audit chain's head is written, signed by
                               the root key, every anchor_every_ms (issue 16) */
    int64_t anchor_every_ms;
    const char *anchor_url;    /* NULL, or a notary the anchors are also POSTed to */
    const char *anchor_token;  /* NULL, or the notary's bearer token */
    unsigned header_timeout_s; /* a request's headers must be complete within this many
                                  seconds, or the connection is closed (issue 16); 0: 10 */
} fg_server_config;

int fg_server_run(fg_store *store, const fg_server_config *cfg, volatile int *stop, fg_err *err);
const char *fg_server_web_dir(const fg_server *s);
/* Whether the session cookie is marked Secure. */
bool fg_server_secure_cookies(const fg_server *s);
/* The pass signing keys, or NULL when the server has none. */
const fg_keyring *fg_server_keyring(const fg_server *s);
/* The trust list: decoded (for online checks) and as the signed document. */
const fg_trust *fg_server_trust(const fg_server *s);
const fg_buf *fg_server_trust_doc(const fg_server *s);
/* The white-list credentials' trust list, signed (NULL without keys). */
const fg_buf *fg_server_wl_trust_doc(const fg_server *s);
/* Prometheus text for /metrics (new; free()). */
char *fg_server_metrics(fg_server *s);

/* ---- http.c: replies and input ----
 * The reply helpers return 0 for an answer (2xx, 3xx) and the negative FG_E*
 * code of a refusal (problem+json: FG_EINVAL for 400/415/422, FG_EPERM 403,
 * FG_ENOTFOUND 404/405, FG_ECONFLICT 409, FG_ETOOBIG 413, ...; fg_reply_err
 * returns err->code), so a handler returns what its last reply returned. */
/* The code of the refusal this request has replied with (FG_EIO if none: a
 * handler that says it refused without replying). For `if (check) return
 * fg_req_refusal(r);` after a check that replied. */
int fg_req_refusal(const fg_req *r);
/* Replies with `body` (stolen) as JSON. */
int fg_reply_json(fg_req *r, int status, json_t *body);
/* Replies with RFC 9457 problem+json: the title from the status, `code` the
 * stable problem key and `params` the "{name:%conv}" parts of the format
 * (util/err.h), `detail` the English message. `field` may be NULL. */
int fg_reply_problem(fg_req *r, int status, const char *field, const char *key, const char *fmt,
                     ...) __attribute__((format(printf, 5, 6)));
/* As fg_reply_problem, with the members of `extra` (stolen; may be NULL)
 * added, e.g. {"current_version": 4} for a conflict. */
int fg_reply_problem_with(fg_req *r, int status, json_t *extra, const char *field, const char *key,
                          const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Replies with the JSON text in `b` (borrowed). */
int fg_reply_buf(fg_req *r, int status, const fg_buf *b);
/* Maps an fg_err code to a status and replies with its key, parameters and
 * message; an error without a key (out of memory, the database) is sent as
 * "internal". */
int fg_reply_err(fg_req *r, const fg_err *err);
/* As fg_reply_err with another status (400 for a bad query parameter). */
int fg_reply_err_as(fg_req *r, int status, const fg_err *err);
/* As fg_reply_err, with the members of `extra` (stolen; may be NULL) added. */
int fg_reply_err_with(fg_req *r, const fg_err *err, json_t *extra);
int fg_reply_empty(fg_req *r, int status);
/* Replies with a signed list (application/cose) and an ETag from its bytes;
 * 304 when the client has it (api_passes.c). */
int fg_reply_signed(fg_req *r, const fg_buf *doc);
/* Replies with a revocation list that `load` reads from the store, signed by
 * the root key (503 pass.no_keys without keys; api_passes.c): the passes' and
 * the white-list credentials' lists. */
int fg_reply_revocations(fg_req *r, int (*load)(fg_db *, fg_revocations *, fg_err *));
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
/* As fg_json_str, and the text must be valid UTF-8 of at least lo visible
 * characters (core/text.h: spaces, zero-width and control characters do not
 * count) and at most hi characters of any kind; replies 422 naming the field
 * (field.blank when nothing in it can be seen, else field.length) and
 * returns FG_EINVAL otherwise. */
int fg_json_text(fg_req *r, json_t *obj, const char *key, bool required, size_t lo, size_t hi,
                 const char **out);
/* A whole-number field in [lo, hi]: absent or null leaves *out as it is
 * (the caller's default) unless `required`; a value that is not a JSON
 * integer (a string, 50.0) or is outside the range is refused 422 naming the
 * field (field.required, field.integer, field.range with min and max) and
 * FG_EINVAL returned. Never truncates: 4294967346 is out of range, not 50. */
int fg_json_int(fg_req *r, json_t *obj, const char *key, bool required, int64_t lo, int64_t hi,
                int64_t *out);
/* As fg_json_int into an int (lo and hi within int's range). */
int fg_json_int32(fg_req *r, json_t *obj, const char *key, bool required, int lo, int hi, int *out);

/* ---- json.c: shared representations ---- */
/* Appends the enterprise as the API shows it (a JSON object). Written
 * directly: it is the hottest answer. */
int fg_write_enterprise(fg_buf *b, const fg_enterprise *e, const fg_enterprise_meta *m);
json_t *fg_json_account(const fg_account *a);
/* The bad lines of a file sent whole (an import, an upload): one entry each,
 * {line, code, message, field?, params?}, up to `max`; the rest are counted
 * in `dropped`. */
typedef struct fg_line_errors {
    json_t *errors;
    size_t max;
    long dropped;
} fg_line_errors;
void fg_line_errors_add(fg_line_errors *le, size_t line, const fg_err *why);
/* The same as a callback of the importers (le: an fg_line_errors). */
void fg_line_errors_cb(void *le, size_t line, const fg_err *why);

/* ---- api_passes.c: a presented pass, as a checkpoint and a station gate
 * verify it ---- */
typedef struct fg_presented {
    fg_verdict verdict;
    char number[13];   /* the pass's number ("" when none could be read) */
    bool test_expired; /* a crew member's latest negative test has lapsed */
} fg_presented;
/* Verifies a presented pass: `cred` (the QR code's text) or `typed` (its
 * 12-digit number, verified through the credential registered under it),
 * one of the two: signature against the trust list, validity now,
 * revocation, `plate` (NULL: not compared), `county` on the route (-1: not
 * checked); a signed pass not registered here is unknown_signer. Returns 0
 * with the verdict in *out (whatever it says), or replies 422/500 and
 * returns the refusal. */
int fg_api_verify_presented(fg_req *r, const char *cred, const char *typed, const char *plate,
                            int32_t county, fg_presented *out);
/* A verdict as the API shows it (new). */
json_t *fg_api_verdict_json(const fg_verdict *v);

/* ---- api_enterprises.c ---- */
/* The enterprise `uscc` (m may be NULL) that `r`'s account may take `act` on;
 * replies and returns non-zero otherwise: 400 for a malformed USCC, 403 when
 * the account's role may not take `act` anywhere (checked before the lookup),
 * and one 404 enterprise.not_found, the same bytes, whether no enterprise has
 * that USCC or it lies outside the account's jurisdiction (issue 16: the
 * answer tells an outsider neither that it exists nor its region). */
int fg_req_enterprise_at(fg_req *r, const char *uscc, fg_action act, fg_enterprise *e,
                         fg_enterprise_meta *m);
/* fg_req_enterprise_at for the path's ":uscc". */
int fg_req_enterprise(fg_req *r, fg_action act, fg_enterprise *e, fg_enterprise_meta *m);

#endif
