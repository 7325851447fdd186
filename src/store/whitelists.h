/* White lists as stored: lists, batches, applications (which become the
 * listings), recognition requests and their items. Reads, and writes inside a
 * transaction the caller holds (fg_tx) with their audit entries; who may do
 * what and which state follows is decided above (core/whitelist.h, app/). */
#ifndef FG_STORE_WHITELISTS_H
#define FG_STORE_WHITELISTS_H

#include <jansson.h>
#include <stdint.h>

#include "../core/whitelist.h"
#include "../core/wlcred.h"
#include "../util/err.h"
#include "db.h"
#include "tx.h"

typedef struct fg_wl_list_row {
    char id[37];
    fg_keychain chain;
    fg_wl_tier tier;
    int32_t region;
} fg_wl_list_row;

/* One application or listing. Owns plan, suppliers and reason (release with
 * fg_wl_row_release). */
typedef struct fg_wl_row {
    char id[37];
    fg_wl_list_row list;
    char enterprise[19];
    char enterprise_name[241];
    fg_wl w; /* state, tier and region of the list, county, reviews, review date */
    fg_wl_commitment c;
    char *plan, *suppliers, *reason;
    char batch_id[37];
    int batch_number; /* 0 before listing */
    char listed_by[65];
    int32_t listed_on;
    char applied_by[65];
    int64_t applied_at, updated_at;
    int version;
} fg_wl_row;

void fg_wl_row_release(fg_wl_row *r);
/* As the API shows it (new). */
json_t *fg_wl_row_json(const fg_wl_row *r);

/* Creates a list (audited whitelist.list_create); FG_ECONFLICT when the
 * region already keeps one for that chain and tier. */
int fg_store_wl_list_create(fg_tx *tx, fg_keychain chain, fg_wl_tier tier, int32_t region,
                            char out_id[37], fg_err *err);
int fg_store_wl_list_get(fg_db *db, const char *id, fg_wl_list_row *out, fg_err *err);
/* The id of the list of `chain` and `tier` issued by `region`; FG_ENOTFOUND. */
int fg_store_wl_list_find(fg_db *db, fg_keychain chain, fg_wl_tier tier, int32_t region,
                          char out_id[37], fg_err *err);
/* The lists issued by regions in [lo, hi] (plus national lists when
 * with_national), each with its batches and members in force (new array). */
int fg_store_wl_lists(fg_db *db, int32_t lo, int32_t hi, bool with_national, json_t **out,
                      fg_err *err);
/* Publishes the list's next batch (第N批) on `date` (audited
 * whitelist.batch_publish). */
int fg_store_wl_batch_publish(fg_tx *tx, const fg_wl_list_row *l, int32_t date, char out_id[37],
                              int *out_number, fg_err *err);
/* The id of the list's latest batch ("" when it has none). */
int fg_store_wl_list_batch_last(fg_db *db, const char *list_id, char out_id[37], fg_err *err);
/* The batch `id` of list `list_id`: its number, or FG_ENOTFOUND. */
int fg_store_wl_batch_number(fg_db *db, const char *list_id, const char *id, int *out, fg_err *err);

/* Files an application (audited whitelist.apply). */
int fg_store_wl_apply(fg_tx *tx, const fg_wl_list_row *l, const char *uscc, int32_t county,
                      const fg_wl_application *a, char out_id[37], fg_err *err);
/* Whether the enterprise has an application on the list that is not
 * rejected or ended (FG_ECONFLICT naming it). */
int fg_store_wl_open_check(fg_db *db, const char *list_id, const char *uscc, fg_err *err);
int fg_store_wl_get(fg_db *db, const char *id, fg_wl_row *out, fg_err *err);

typedef struct fg_wl_filter {
    int32_t lo, hi;         /* the enterprise's county in [lo, hi] */
    const char *enterprise; /* NULL: any */
    const char *list_id;    /* NULL: any */
    const char *state;      /* NULL: any */
    int limit, offset;
} fg_wl_filter;
int fg_store_wl_query(fg_db *db, const fg_wl_filter *f, json_t **out_items, int64_t *out_total,
                      fg_err *err);

/* One step as it is written: the action's name, the actor's role, the
 * reason, the batch (for list). */
typedef struct fg_wl_step {
    const char *action; /* "check_pass", ..., "due" */
    const char *reason; /* or NULL */
    const char *batch_id;
    int32_t today;
} fg_wl_step;
/* Writes `after` over `before` if its version is unchanged (FG_ECONFLICT
 * otherwise), audited whitelist.<action> with the states before and after. */
int fg_store_wl_update(fg_tx *tx, const fg_wl_row *before, const fg_wl *after, const fg_wl_step *s,
                       fg_err *err);
/* Listings whose review date is on or before `today` and that are still
 * listed: up to cap ids. */
int fg_store_wl_due(fg_db *db, int32_t today, char (*ids)[37], size_t cap, size_t *out_n,
                    fg_err *err);

/* The listings ended after they were listed, as the numbers a white-list
 * revocation list holds (core/wlcred.h: fg_wlcred_number), issued_at the
 * latest end (seconds). Release with fg_revocations_release. */
int fg_store_wl_ended(fg_db *db, fg_revocations *out, fg_err *err);

/* ---- recognition ---- */
/* Records a request for the listings in force `ids[0..n)` of list `l` (all
 * of them when n == 0), audited whitelist.recognition_ask. FG_EINVAL when
 * there is none, or one is not a listing in force of that list. */
int fg_store_wl_recognition_ask(fg_tx *tx, const fg_wl_list_row *l, int32_t from, int32_t to,
                                int64_t due_at, const char *const *usccs, size_t n, char out_id[37],
                                fg_err *err);
typedef struct fg_wl_recognition_row {
    char id[37], list_id[37];
    int32_t from, to;
    int64_t due_at;
} fg_wl_recognition_row;
int fg_store_wl_recognition_get(fg_db *db, const char *id, fg_wl_recognition_row *out, fg_err *err);
/* The request with its items (new), items marked overdue at `now`. */
int fg_store_wl_recognition_json(fg_db *db, const char *id, int64_t now, json_t **out, fg_err *err);
/* Requests from or to `province` (every one for the nation, 0), new array. */
int fg_store_wl_recognitions(fg_db *db, int32_t province, int64_t now, json_t **out, fg_err *err);
/* The state of the item for enterprise `uscc` ("pending", ...); FG_ENOTFOUND. */
int fg_store_wl_recognition_item_state(fg_db *db, const char *id, const char *uscc, char out[16],
                                       fg_err *err);
/* The issuing regions of the lists the enterprise is on in force (0: a
 * national list), up to `cap` into out; *out_n how many were written. */
int fg_store_wl_member_regions(fg_db *db, const char *uscc, int32_t *out, size_t cap, size_t *out_n,
                               fg_err *err);
/* The provinces that accepted the enterprise's listing in force, ascending,
 * up to `cap` into out; *out_n how many were written. */
int fg_store_wl_recognising(fg_db *db, const char *uscc, int32_t *out, size_t cap, size_t *out_n,
                            fg_err *err);
/* Answers one item, audited whitelist.recognition_accept / _decline. */
int fg_store_wl_recognition_answer(fg_tx *tx, const fg_wl_recognition_row *r, const char *uscc,
                                   bool accept, const char *reason, fg_err *err);
/* The provinces (other than its own) where the enterprise's listing is
 * recognised, comma-separated codes in out ("" when none). */
int fg_store_wl_recognised_in(fg_db *db, const char *uscc, char *out, size_t cap, fg_err *err);

#endif
