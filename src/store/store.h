/* The store: the process's database handle (one connection per thread) and
 * every read and write the application makes. Each write runs in one
 * transaction together with its audit entry; nothing here decides policy.
 * Functions take the thread's connection (fg_store_conn) as `db`. */
#ifndef FG_STORE_STORE_H
#define FG_STORE_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../core/access.h"
#include "../core/audit.h"
#include "../core/enterprise.h"
#include "../core/guidance.h"
#include "../core/order.h"
#include "../core/pass.h"
#include "../core/risk.h"
#include "../util/buf.h"
#include "../util/err.h"
#include "db.h"

typedef struct fg_store fg_store;

/* Opens the store at `dsn` (checks that a connection can be made). New. */
int fg_store_open(const char *dsn, fg_store **out, fg_err *err);
void fg_store_free(fg_store *s);
const char *fg_store_dsn(const fg_store *s);
/* The calling thread's connection, opened on first use and closed when the
 * thread ends (or with the store). Borrowed. */
int fg_store_conn(fg_store *s, fg_db **out, fg_err *err);

/* ---- migrations and reference data (migrate.c) ---- */

/* Applies the embedded migrations not yet recorded, each in its own
 * transaction, then loads the GB/T 4754 divisions and, when there is none,
 * the default guidance table. *out_applied: how many migrations ran. */
int fg_store_migrate(fg_db *db, int64_t now_ms, int *out_applied, fg_err *err);

/* ---- audit (audit.c) ---- */

/* Appends entries inside the caller's write transaction. begin reads the chain
 * head, add hashes the entry and queues it (the queue is written in multi-row
 * INSERTs of FG_AUDIT_CHUNK), end writes what is queued and the head. After a
 * failed add or end, or instead of end, abort frees the queue; the caller then
 * rolls the transaction back. */
#define FG_AUDIT_CHUNK 128

typedef struct fg_audit_batch {
    int64_t seq;
    char hash[FG_AUDIT_HASH_HEX];
    int64_t now_ms;
    const char *actor;
    size_t n_pending;
    struct fg_audit_pending {
        int64_t seq;
        char id[37];
        char hash[FG_AUDIT_HASH_HEX];
        const char *action, *entity;   /* borrowed: string literals */
        size_t entity_id, detail;      /* offsets into text */
        int32_t region;
    } pending[FG_AUDIT_CHUNK];
    fg_buf text;                       /* owned: copies of entity ids and details */
} fg_audit_batch;

int fg_audit_begin(fg_db *db, fg_audit_batch *b, int64_t now_ms, const char *actor, fg_err *err);
/* detail: borrowed JSON object ({"before":..., "after":...}); may be NULL. */
int fg_audit_add(fg_db *db, fg_audit_batch *b, const char *action, const char *entity,
                 const char *entity_id, int32_t region, json_t *detail, fg_err *err);
/* As fg_audit_add, with the detail already as compact JSON text (borrowed). */
int fg_audit_add_text(fg_db *db, fg_audit_batch *b, const char *action, const char *entity,
                      const char *entity_id, int32_t region, const char *detail, fg_err *err);
int fg_audit_end(fg_db *db, fg_audit_batch *b, fg_err *err);
void fg_audit_abort(fg_audit_batch *b);
/* One entry in its own batch (still inside the caller's transaction). */
int fg_audit_one(fg_db *db, int64_t now_ms, const char *actor, const char *action,
                 const char *entity, const char *entity_id, int32_t region, json_t *detail,
                 fg_err *err);

typedef struct fg_audit_verdict {
    int64_t checked;      /* entries read */
    int64_t first_bad;    /* seq of the first broken entry, 0 if none */
    char reason[200];
} fg_audit_verdict;

/* Reads the whole chain in order and recomputes every hash. */
int fg_audit_verify(fg_db *db, fg_audit_verdict *out, fg_err *err);

typedef struct fg_audit_filter {
    int32_t region_lo, region_hi;   /* region range visible to the caller */
    const char *entity;             /* "" for any */
    const char *entity_id;          /* "" for any */
    const char *action;             /* "" for any */
    const char *actor;              /* "" for any */
    int64_t before_seq;             /* 0: newest first from the head */
    int limit;
} fg_audit_filter;

/* Entries newest first, as a new JSON array. */
int fg_audit_list(fg_db *db, const fg_audit_filter *f, json_t **out, fg_err *err);

/* ---- regions and risk (regions.c) ---- */

typedef struct fg_region_row {
    int32_t code;
    int32_t parent;
    int level;
    char name[128];
} fg_region_row;

int fg_store_region_get(fg_db *db, int32_t code, fg_region_row *out, fg_err *err);
/* Children of `parent` as a new JSON array of {code, name, level}. */
int fg_store_region_children(fg_db *db, int32_t parent, json_t **out, fg_err *err);
/* Regions whose name contains `q` inside [lo, hi], at most `limit`. */
int fg_store_region_search(fg_db *db, const char *q, int32_t lo, int32_t hi, int limit,
                           json_t **out, fg_err *err);
/* Upserts a batch of regions (code, name, parent, level) from a JSON array,
 * with one audit entry. *out_count: regions written. */
int fg_store_region_import(fg_db *db, json_t *regions, int64_t now_ms, const char *actor,
                           int *out_count, fg_err *err);
/* Designations of `region` and its ancestors (for resolution), into a new
 * array the caller frees. */
int fg_store_risk_chain(fg_db *db, int32_t region, fg_risk_designation **out, size_t *out_n,
                        fg_err *err);
/* Full history of one region, newest first, as a new JSON array. */
int fg_store_risk_history(fg_db *db, int32_t region, json_t **out, fg_err *err);
/* Records a designation with its audit entry. */
int fg_store_risk_designate(fg_db *db, int32_t region, fg_risk_level level, int32_t effective_on,
                            const char *reason, int64_t now_ms, const char *actor, json_t **out,
                            fg_err *err);
/* Every designation (all regions), for resolving many regions at once. */
int fg_store_risk_all(fg_db *db, fg_risk_designation **out, size_t *out_n, fg_err *err);

/* ---- industries (regions.c) ---- */
int fg_store_industry_exists(fg_db *db, const char *code, fg_err *err);
int fg_store_industries(fg_db *db, json_t **out, fg_err *err);

/* ---- enterprises (enterprises.c) ---- */

typedef struct fg_enterprise_meta {
    char id[37];
    int version;
    int64_t created_at, updated_at;
    bool whitelist;
    fg_status status;           /* from the orders in force at the time asked for */
} fg_enterprise_meta;

/* The enterprise, and with meta its standing at `at_ms` (status). */
int fg_store_enterprise_get(fg_db *db, const char *uscc, int64_t at_ms, fg_enterprise *out,
                            fg_enterprise_meta *meta, fg_err *err);
/* Creates; checks the region and industry exist. FG_EEXIST if the USCC is
 * taken. */
int fg_store_enterprise_create(fg_db *db, const fg_enterprise *e, int64_t now_ms,
                               const char *actor, fg_enterprise_meta *out_meta, fg_err *err);
/* Replaces the record if its version is still `expected_version`
 * (FG_ECONFLICT otherwise). */
int fg_store_enterprise_update(fg_db *db, const fg_enterprise *e, int expected_version,
                               int64_t now_ms, const char *actor, fg_enterprise_meta *out_meta,
                               fg_err *err);

typedef struct fg_enterprise_filter {
    int32_t region_lo, region_hi;
    const char *industry;       /* "" for any */
    unsigned category;          /* FG_CAT_* bit, 0 for any */
    int whitelist;              /* -1 any, 0 not listed, 1 listed */
    const char *q;              /* "" or text in name, or USCC prefix */
    const char *const *only;    /* when non-NULL: only these USCCs */
    size_t n_only;
    int limit, offset;
    int64_t at_ms;              /* the time statuses are derived for */
    bool by_status;             /* only enterprises whose status at at_ms is `status` */
    fg_status status;
} fg_enterprise_filter;

typedef struct fg_enterprise_page {
    fg_enterprise *items;       /* owned: free() */
    fg_enterprise_meta *meta;   /* owned: free() */
    size_t n;
    int64_t total;
} fg_enterprise_page;

int fg_store_enterprise_list(fg_db *db, const fg_enterprise_filter *f, fg_enterprise_page *out,
                             fg_err *err);
void fg_enterprise_page_release(fg_enterprise_page *p);

/* Bulk import in one transaction: begin opens it, add queues validated
 * enterprises (written FG_AUDIT_CHUNK at a time in multi-row INSERTs) with one
 * audit entry each, commit writes the rest and commits, abort rolls back. The
 * importer checks reference data and uniqueness first (fg_store_region_codes,
 * fg_store_enterprise_usccs); a USCC that is taken anyway fails the import. */
typedef struct fg_import {
    fg_db *db;
    fg_audit_batch audit;
    int64_t now_ms;
    size_t n_pending;
    fg_enterprise pending[FG_AUDIT_CHUNK];
    char ids[FG_AUDIT_CHUNK][37];
} fg_import;
int fg_import_begin(fg_db *db, fg_import *imp, int64_t now_ms, const char *actor, fg_err *err);
int fg_import_add(fg_import *imp, const fg_enterprise *e, fg_err *err);
int fg_import_commit(fg_import *imp, fg_err *err);
void fg_import_abort(fg_import *imp);
int fg_store_region_exists(fg_db *db, int32_t code, fg_err *err);
/* Calls fn(code, ctx) for every region code known. */
int fg_store_region_codes(fg_db *db, void (*fn)(int32_t code, void *ctx), void *ctx, fg_err *err);
/* Calls fn(uscc, ctx) for every enterprise registered. */
int fg_store_enterprise_usccs(fg_db *db, void (*fn)(const char *uscc, void *ctx), void *ctx,
                              fg_err *err);

/* Imports an enterprise CSV (header row; see docs/operations.md for the
 * columns) held in data[0..len). Every row is checked first; a bad row is
 * reported through bad_line with its line number and reason. With a bad row
 * and !skip_invalid nothing is written and FG_EINVAL is returned; otherwise
 * the good rows go in one transaction. `row_allowed` (may be NULL) refuses a
 * row for the caller's own reasons (0 or an FG_E* code with err filled). */
typedef struct fg_csv_import {
    bool skip_invalid;
    const char *actor;
    int64_t now_ms;
    int (*row_allowed)(void *ctx, const fg_enterprise *e, fg_err *err);
    void (*bad_line)(void *ctx, size_t line, const fg_err *why);
    void (*progress)(void *ctx, size_t done_bytes, size_t total_bytes);
    void *ctx;
} fg_csv_import;

typedef struct fg_csv_report {
    long rows, imported, rejected;
} fg_csv_report;

int fg_store_import_csv(fg_db *db, const char *data, size_t len, const fg_csv_import *opt,
                        fg_csv_report *out, fg_err *err);

/* Adds white-list membership (chain, scope), audited. */
int fg_store_whitelist_add(fg_db *db, const char *uscc, const char *chain, const char *scope,
                           const char *listed_on, int64_t now_ms, const char *actor, fg_err *err);

/* ---- accounts and sessions (accounts.c) ---- */

#define FG_MAX_ACCOUNT_ENTERPRISES 32

typedef struct fg_account {
    char id[37];
    char username[65];
    char display_name[129];
    fg_role role;
    int32_t region;                 /* -1 for enterprise-bound accounts */
    bool disabled;
    bool admin;                     /* administers the accounts inside its jurisdiction */
    size_t n_enterprises;
    char enterprises[FG_MAX_ACCOUNT_ENTERPRISES][FG_USCC_LEN + 1];
    int32_t enterprise_regions[FG_MAX_ACCOUNT_ENTERPRISES];
} fg_account;

/* A principal view of the account for access checks (borrows from `a`). */
void fg_account_principal(const fg_account *a, const char *ptrs[FG_MAX_ACCOUNT_ENTERPRISES],
                          fg_principal *out);
/* Whether principal `p` (an administrator) may manage account `a`: every part
 * of a's jurisdiction lies inside p's. */
int fg_account_manageable(const fg_principal *p, const fg_account *a, fg_err *err);

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
int fg_store_account_passwd(fg_db *db, const char *username, const char *password,
                            int64_t now_ms, const char *actor, fg_err *err);
/* Checks a password: 0, or FG_EAUTH for an unknown user, a wrong password or
 * a disabled account (one message for all three). */
int fg_store_account_login(fg_db *db, const char *username, const char *password,
                           fg_account *out, fg_err *err);

#define FG_SESSION_TOKEN_LEN 43  /* base64url of 32 bytes, no padding */

/* Makes a session: writes the token (new, NUL-terminated) to out_token and
 * stores only its SHA-256. Audited as auth.login. */
int fg_store_session_create(fg_db *db, const fg_account *a, const char *address,
                            int64_t now_ms, int64_t ttl_ms,
                            char out_token[FG_SESSION_TOKEN_LEN + 1], fg_err *err);
/* The account of a live session; FG_EAUTH when unknown, expired or disabled.
 * *out_expires (may be NULL) receives the session's expiry (Unix ms). */
int fg_store_session_lookup(fg_db *db, const char *token, int64_t now_ms, fg_account *out,
                            int64_t *out_expires, fg_err *err);
int fg_store_session_delete(fg_db *db, const char *token, int64_t now_ms, fg_err *err);

/* ---- guidance tables (guidance.c) ---- */

/* The newest table, loaded. */
int fg_store_guidance_current(fg_db *db, fg_guidance_table *out, fg_err *err);
/* Versions newest first as a JSON array of {version, note, created_by, created_at}. */
int fg_store_guidance_versions(fg_db *db, json_t **out, fg_err *err);
/* One version's JSON text as a new json_t. */
int fg_store_guidance_get(fg_db *db, int version, json_t **out, fg_err *err);
/* Validates `text` as a table and stores it as the next version, audited. */
int fg_store_guidance_replace(fg_db *db, const char *text, size_t len, const char *note,
                              int64_t now_ms, const char *actor, int *out_version, fg_err *err);

/* ---- stop/limit orders (orders.c) ---- */

/* An order as stored: the core view (route resolved) and what goes with it. */
typedef struct fg_order_row {
    fg_order o;
    char id[37];
    char enterprise[FG_USCC_LEN + 1];
    char enterprise_name[FG_NAME_MAX * 4 + 1];
    char proposed_by[65];
    char *reason, *evidence;    /* owned: fg_order_row_release */
    bool escalated;             /* the waiting step's deadline passed and was escalated */
    bool whitelist;             /* the enterprise is on a white list */
    bool resumption_pending;    /* a resumption application waits for a decision */
    int version;
    int64_t updated_at;
} fg_order_row;

void fg_order_row_release(fg_order_row *r);
void fg_order_rows_free(fg_order_row *rows, size_t n);
int fg_store_order_get(fg_db *db, const char *id, fg_order_row *out, fg_err *err);

typedef struct fg_alarm_raised {
    bool raised;
    char id[37];
} fg_alarm_raised;

/* Stores a proposed order (r->o from fg_order_propose, r->enterprise set;
 * id, version and proposer are set here) with its first timeline entry and
 * audit entry, then checks the county for a blanket shutdown in the same
 * transaction and raises an alarm (once per window). */
int fg_store_order_propose(fg_db *db, fg_order_row *r, const char *reason, const char *evidence,
                           const fg_order_limits *limits,
                           int64_t now, const char *actor, const char *role,
                           fg_alarm_raised *alarm, fg_err *err);

/* One action on an order, as the timeline and the audit log record it. */
typedef struct fg_order_change {
    const char *name;            /* "approve", "lift", "expire", "escalate"... */
    const char *comment;         /* reason or remark, may be NULL */
    const char *assessment;      /* an evaluating step's assessment to record, or NULL */
    const char *resumption_id;   /* decides this pending application too, or NULL */
    bool resumption_approved;
    bool escalate;               /* marks the waiting step as escalated */
    const char *revised_reason;  /* on resubmission: the revised reason and evidence (both */
    const char *revised_evidence;/* set, or both NULL) and after->ends_at is stored too */
    const char *actor, *role;
} fg_order_change;

/* Writes `after` over the order if it is still at before->version
 * (FG_ECONFLICT otherwise: another official acted first), with the timeline
 * entry, the evaluation, the resumption decision and the audit entry. */
int fg_store_order_update(fg_db *db, const fg_order_row *before, const fg_order *after,
                          const fg_order_change *c, int64_t now, fg_err *err);
/* The order's actions, evaluations and resumption applications (new arrays). */
int fg_store_order_timeline(fg_db *db, const char *id, json_t **actions, json_t **evaluations,
                            json_t **resumptions, fg_err *err);

typedef struct fg_order_filter {
    int32_t region_lo, region_hi;
    const char *enterprise;      /* "" for any */
    const char *state;           /* "" for any; the state at now_ms */
    int step;                    /* -1 any; else waiting at this step */
    bool overdue;                /* waiting past the step's deadline */
    bool waiting;                /* waiting at a step (pending or provisional) */
    const char *proposed_by;     /* "" for any */
    int64_t now_ms;
    int limit, offset;
} fg_order_filter;

/* Newest first (deadline first when waiting or overdue). */
int fg_store_order_list(fg_db *db, const fg_order_filter *f, fg_order_row **out, size_t *out_n,
                        int64_t *out_total, fg_err *err);

typedef struct fg_resumption {
    char id[37];
    char order[37];
    char enterprise[FG_USCC_LEN + 1];
    int32_t region;
    int64_t filed_at, due_at;
    bool pending;
} fg_resumption;

/* Files the enterprise's application (one pending per order: FG_ECONFLICT). */
int fg_store_resumption_apply(fg_db *db, const fg_order_row *r, const char *measures,
                              int64_t due_at, int64_t now, const char *actor, char out_id[37],
                              fg_err *err);
int fg_store_resumption_get(fg_db *db, const char *id, fg_resumption *out, fg_err *err);
/* Pending applications inside [lo, hi], soonest due first (new array). */
int fg_store_resumptions_pending(fg_db *db, int32_t lo, int32_t hi, int limit, json_t **out,
                                 fg_err *err);

/* Alarms inside [lo, hi] ("open", "closed" or "" for any), newest first. */
int fg_store_alarm_list(fg_db *db, int32_t lo, int32_t hi, const char *state, int limit,
                        json_t **out, fg_err *err);
int fg_store_alarm_region(fg_db *db, const char *id, int32_t *out, fg_err *err);
int fg_store_alarm_close(fg_db *db, const char *id, int32_t region, const char *note,
                         int64_t now, const char *actor, fg_err *err);

typedef struct fg_settled {
    size_t expired, lapsed, escalated;
} fg_settled;
/* Writes down what time has done to orders by `now`: expiry at the end,
 * an emergency order's lapse, escalation of overdue steps; each an action by
 * "system" with its audit entry. */
int fg_store_orders_settle(fg_db *db, int64_t now, const fg_order_limits *limits,
                           fg_settled *out, fg_err *err);

/* ---- vehicle passes (passes.c) ---- */

typedef struct fg_pass_row {
    char id[37];
    char number[13];            /* "" until issued */
    int32_t region;             /* the issuing province */
    char state[12];             /* applied | issued | rejected | revoked */
    fg_pass_claims claims;      /* goods, origin, destination, route, plate, crew, applicant,
                                   nbf/exp (seconds); number once issued */
    char applied_by[65], decided_by[65], revoked_by[65];
    int64_t applied_at, decided_at, revoked_at;
    char *decision, *credential, *revoke_reason;   /* owned: fg_pass_row_release */
    char kid[17];
    char renews[13];
    int version;
} fg_pass_row;

void fg_pass_row_release(fg_pass_row *r);
/* By id (36 characters) or by 12-digit number. */
int fg_store_pass_get(fg_db *db, const char *id_or_number, fg_pass_row *out, fg_err *err);
/* The pass as the API shows it (new; includes the credential once issued). */
json_t *fg_pass_row_json(const fg_pass_row *r);
/* Files an application (state applied) for the issuing province `region`. */
int fg_store_pass_apply(fg_db *db, const fg_pass_claims *c, int32_t region, const char *renews,
                        int64_t now, const char *actor, char out_id[37], fg_err *err);
/* Approves: takes the province's next serial, signs the credential with key,
 * and records it, if the application is still at r->version. */
int fg_store_pass_issue(fg_db *db, const fg_pass_row *r, const fg_privkey *key, int64_t now,
                        const char *actor, const char *decision, char out_number[13],
                        fg_err *err);
int fg_store_pass_reject(fg_db *db, const fg_pass_row *r, const char *reason, int64_t now,
                         const char *actor, fg_err *err);
int fg_store_pass_revoke(fg_db *db, const fg_pass_row *r, const char *reason, int64_t now,
                         const char *actor, fg_err *err);

typedef struct fg_pass_filter {
    int32_t region_lo, region_hi;   /* issuing province inside */
    const char *applicant;          /* "" any */
    const char *state;              /* "" any */
    const char *plate;              /* "" any */
    int limit, offset;
} fg_pass_filter;
/* Newest first, without credentials (new array). */
int fg_store_pass_list(fg_db *db, const fg_pass_filter *f, json_t **out, int64_t *total,
                       fg_err *err);
/* Every revoked pass number (sorted); issued_at = the newest revocation. */
int fg_store_revoked(fg_db *db, fg_revocations *out, fg_err *err);

typedef struct fg_pass_check {
    const char *id, *number, *officer, *result, *reason, *plate;
    int32_t checkpoint;
    int64_t at, received_at;
    bool offline;
} fg_pass_check;
/* Logs a check; a check id already logged is left as it was (*inserted false). */
int fg_store_pass_check_add(fg_db *db, const fg_pass_check *c, bool *inserted, fg_err *err);
int fg_store_pass_checks(fg_db *db, const char *number, int limit, json_t **out, fg_err *err);

#endif
