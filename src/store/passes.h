/* Vehicle passes as stored: applications, issued credentials, revocations
 * and the checkpoint log. */
#ifndef FG_STORE_PASSES_H
#define FG_STORE_PASSES_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../core/pass.h"
#include "../util/err.h"
#include "db.h"
#include "tx.h"

typedef struct fg_pass_row {
    char id[37];
    char number[13];       /* "" until issued */
    int32_t region;        /* the issuing province */
    char state[12];        /* applied | issued | rejected | revoked */
    fg_pass_claims claims; /* goods, origin, destination, route, plate, crew, applicant,
                              nbf/exp (seconds); number once issued */
    char applied_by[65], decided_by[65], revoked_by[65];
    int64_t applied_at, decided_at, revoked_at;
    char *decision, *credential, *revoke_reason; /* owned: fg_pass_row_release */
    char kid[17];
    char renews[13];
    int version;
    char priority[12];       /* "", "listed", "recognised" (core/whitelist.h fg_wl_prio) */
    int32_t priority_region; /* the list's region, or the province that recognised it */
} fg_pass_row;

void fg_pass_row_release(fg_pass_row *r);
/* By id (36 characters) or by 12-digit number. */
int fg_store_pass_get(fg_db *db, const char *id_or_number, fg_pass_row *out, fg_err *err);
/* The pass as the API shows it (new; includes the credential once issued). */
json_t *fg_pass_row_json(const fg_pass_row *r);
/* Files an application (state applied) for the issuing province `region`,
 * with the priority the app decided ("" or NULL for none). */
int fg_store_pass_apply(fg_db *db, const fg_pass_claims *c, int32_t region, const char *renews,
                        const char *priority, int32_t priority_region, int64_t now,
                        const char *actor, char out_id[37], fg_err *err);
/* Inside tx: takes the issuing province's next serial (1, 2, ...). */
int fg_store_pass_serial_next(fg_tx *tx, int32_t region, int64_t *out, fg_err *err);
/* Inside tx: records the issued credential (NUL-terminated text) under
 * `number`, signed by key `kid` (hex), by tx's actor, with its audit entry, if
 * the application is still at r->version (FG_ECONFLICT otherwise). */
int fg_store_pass_record_issue(fg_tx *tx, const fg_pass_row *r, const char *number,
                               const char *credential, const char *kid, const char *decision,
                               fg_err *err);
int fg_store_pass_reject(fg_db *db, const fg_pass_row *r, const char *reason, int64_t now,
                         const char *actor, fg_err *err);
int fg_store_pass_revoke(fg_db *db, const fg_pass_row *r, const char *reason, int64_t now,
                         const char *actor, fg_err *err);

/* Inside tx: the crew updated without a new application — a pass with
 * claims `c` (old's with the new crew) recorded as issued under `number`
 * with its credential (signed by `kid`), renewing old, and old revoked
 * ("crew updated: replaced by ..."), each with its audit entry. *out_id is
 * the new row's. */
int fg_store_pass_recrew(fg_tx *tx, const fg_pass_row *old, const fg_pass_claims *c,
                         const char *number, const char *credential, const char *kid,
                         char out_id[37], fg_err *err);

typedef struct fg_pass_filter {
    int32_t region_lo, region_hi; /* issuing province inside */
    const char *applicant;        /* "" any */
    const char *state;            /* "" any */
    const char *plate;            /* "" any */
    int limit, offset;
} fg_pass_filter;
/* Applications with priority first, then newest first, without credentials
 * (new array). */
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
/* Logs checks in one transaction (all or none); a check id already logged is
 * left as it was. *out_inserted: how many were new. */
int fg_store_pass_checks_add(fg_db *db, const fg_pass_check *checks, size_t n, size_t *out_inserted,
                             fg_err *err);
int fg_store_pass_checks(fg_db *db, const char *number, int limit, json_t **out, fg_err *err);

#endif
