/* Coordination requests (商请函) as stored: a request with its items, each
 * item's state and clocks; the list and the ledger of counts; the items whose
 * escalation falls due. Every write runs in one transaction with its audit
 * entry. What may happen to an item, and when, is decided above
 * (core/coordination.h, core/deadline.h, app/coordination.c). */
#ifndef FG_STORE_COORDINATION_H
#define FG_STORE_COORDINATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/coordination.h"
#include "../core/enterprise.h"
#include "../util/err.h"
#include "db.h"

#define FG_COORD_TEXT_MAX 1000 /* characters of a subject, why, answer, reason */

/* One item; `department` -1 until assigned. */
typedef struct fg_coord_item_row {
    int n; /* 1-based within the request */
    char supplier[FG_USCC_LEN + 1];
    char supplier_name[FG_NAME_MAX * 4 + 1];
    int32_t supplier_region;
    fg_coord_need need;
    const char *why, *answer, *reason; /* owned by a row read from the store (released with
                                          it); borrowed in a row written to it */
    fg_coord_state state;
    int department;
    int64_t started_at, answered_at, closed_at, due_at;
    int32_t holder;
    int escalations;
    int64_t escalated_at, escalate_at;
    int version;
    int64_t updated_at;
} fg_coord_item_row;

typedef struct fg_coord_row {
    char id[37];
    int32_t from_region, to_region;
    char customer[FG_USCC_LEN + 1];
    char customer_name[FG_NAME_MAX * 4 + 1];
    int32_t customer_region;
    const char *subject; /* owned or borrowed, as the item texts */
    char raised_by[65];
    int64_t raised_at;
    size_t n_items;
    fg_coord_item_row *items; /* owned */
} fg_coord_row;

void fg_coord_row_release(fg_coord_row *r);

/* The request `id` with its items (new: release). FG_ENOTFOUND when none. */
int fg_store_coord_get(fg_db *db, const char *id, fg_coord_row *out, fg_err *err);

/* Stores a new request (r's fields and items set; the id is made here into
 * r->id), in one transaction with its audit entry (coordination.raise) by
 * `actor`. */
int fg_store_coord_insert(fg_db *db, fg_coord_row *r, int64_t now, const char *actor, fg_err *err);

/* Writes item `after` (after->n names it) of request `r` as it is now, if its
 * version is still before->version (FG_ECONFLICT otherwise), in one
 * transaction with its audit entry `action` ("coordination.answer", ...) by
 * `actor` ("system" for an escalation), `comment` in its detail (may be NULL). */
int fg_store_coord_item_update(fg_db *db, const fg_coord_row *r, const fg_coord_item_row *before,
                               const fg_coord_item_row *after, const char *action,
                               const char *comment, int64_t now, const char *actor, fg_err *err);

/* Which requests a list shows. Regions are ranges (core/region.h
 * fg_region_range); -1 for none. */
typedef struct fg_coord_filter {
    int32_t from_lo, from_hi; /* requests sent from inside */
    int32_t to_lo, to_hi;     /* or received inside */
    const char *enterprise;   /* or about this enterprise (customer or supplier); NULL */
    bool all;                 /* every request (the nation) */
    int limit;
} fg_coord_filter;

/* One request of a list with its item counts. */
typedef struct fg_coord_summary {
    char id[37];
    int32_t from_region, to_region;
    char customer[FG_USCC_LEN + 1];
    char customer_name[FG_NAME_MAX * 4 + 1];
    char subject[FG_COORD_TEXT_MAX * 4 + 1];
    int64_t raised_at;
    int items, open, answered, closed, declined, overdue; /* closed counts confirmed too */
    int32_t holder;                                       /* the highest holder of an item */
} fg_coord_summary;

/* Calls fn for each request the filter selects, newest first; overdue
 * counted at `now`. */
int fg_store_coord_list(fg_db *db, const fg_coord_filter *f, int64_t now,
                        int (*fn)(const fg_coord_summary *s, void *ctx), void *ctx, fg_err *err);

/* The ledger: item counts by region (the receiving region with `received`,
 * else the requesting one) and state for the requests the filter selects. */
typedef struct fg_coord_count {
    int32_t region;
    int open, answered, closed, declined, overdue, total;
} fg_coord_count;
int fg_store_coord_ledger(fg_db *db, const fg_coord_filter *f, bool received, int64_t now,
                          int (*fn)(const fg_coord_count *c, void *ctx), void *ctx, fg_err *err);

/* Up to `cap` items whose escalation falls due by `now` (escalate_at in
 * (0, now]): their request ids into ids and numbers into ns. */
int fg_store_coord_to_escalate(fg_db *db, int64_t now, char (*ids)[37], int *ns, size_t cap,
                               size_t *out_n, fg_err *err);

#endif
