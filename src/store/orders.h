/* Stop/limit orders, their timelines, resumption applications and
 * blanket-shutdown alarms as stored. The state machine and every decision
 * about them are core/order.h's and app/orders.c's. */
#ifndef FG_STORE_ORDERS_H
#define FG_STORE_ORDERS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../core/order.h"
#include "../util/err.h"
#include "db.h"
#include "tx.h"

/* An order as stored: the core view (route resolved) and what goes with it. */
typedef struct fg_order_row {
    fg_order o;
    char id[37];
    char enterprise[FG_USCC_LEN + 1];
    char enterprise_name[FG_NAME_MAX * 4 + 1];
    char proposed_by[65];
    char *reason, *evidence; /* owned: fg_order_row_release */
    bool escalated;          /* the waiting step's deadline passed and was escalated */
    bool whitelist;          /* the enterprise is on a white list */
    bool resumption_pending; /* a resumption application waits for a decision */
    int version;
    int64_t updated_at;
} fg_order_row;

void fg_order_row_release(fg_order_row *r);
void fg_order_rows_free(fg_order_row *rows, size_t n);
int fg_store_order_get(fg_db *db, const char *id, fg_order_row *out, fg_err *err);

/* Inside tx: stores a proposed order (r->o from fg_order_propose,
 * r->enterprise set; id, version and proposer — tx's actor — are set here)
 * with its first timeline entry (by `role`) and audit entry. */
int fg_store_order_insert(fg_tx *tx, fg_order_row *r, const char *reason, const char *evidence,
                          int64_t lapses_at, const char *role, fg_err *err);
/* What the blanket-shutdown check needs of a county: orders proposed since
 * `since`, its enterprises, and its alarms open since `since`. */
int fg_store_county_orders(fg_db *db, int32_t region, int64_t since, int64_t *out_recent,
                           int64_t *out_enterprises, int64_t *out_open_alarms, fg_err *err);

typedef struct fg_alarm_new {
    int32_t region;
    int64_t orders, enterprises;
    int window_hours;
    const char *detail;
} fg_alarm_new;
/* Inside tx: raises a blanket-shutdown alarm, audited as done by "system". */
int fg_store_alarm_raise(fg_tx *tx, const fg_alarm_new *a, char out_id[37], fg_err *err);

/* One action on an order, as the timeline and the audit log record it. */
typedef struct fg_order_change {
    const char *name;          /* "approve", "lift", "expire", "escalate"... */
    const char *comment;       /* reason or remark, may be NULL */
    const char *assessment;    /* an evaluating step's assessment to record, or NULL */
    const char *resumption_id; /* decides this pending application too, or NULL */
    bool resumption_approved;
    bool escalate;                /* marks the waiting step as escalated */
    const char *revised_reason;   /* on resubmission: the revised reason and evidence (both */
    const char *revised_evidence; /* set, or both NULL) and after->ends_at is stored too */
    const char *actor, *role;
    const char *machine; /* the chain impact report refreshed at this step (JSON text), or NULL */
    /* related services in step (issue 12, part "pool"): when set, called
     * inside the update's transaction before its audit entry (the order is
     * `before`); an error rolls the whole update back. */
    int (*in_tx)(fg_tx *tx, const struct fg_order_row *before, fg_err *err);
} fg_order_change;

/* Writes `after` over the order if it is still at before->version
 * (FG_ECONFLICT otherwise: another official acted first), with the timeline
 * entry, the evaluation, the resumption decision and the audit entry. */
int fg_store_order_update(fg_db *db, const fg_order_row *before, const fg_order *after,
                          const fg_order_change *c, int64_t now, fg_err *err);
/* critical-link marks (issue 12, part "critical"): inside tx, stores the
 * order's machine assessment (the chain impact report, JSON text) as its one
 * evaluation of kind 'machine', at step `step`, replacing the one before. */
int fg_store_order_machine_put(fg_tx *tx, const char *id, size_t step, const char *report,
                               fg_err *err);
/* end critical-link marks */

/* The order's actions, evaluations and resumption applications (new arrays). */
int fg_store_order_timeline(fg_db *db, const char *id, json_t **actions, json_t **evaluations,
                            json_t **resumptions, fg_err *err);

typedef struct fg_order_filter {
    int32_t region_lo, region_hi;
    const char *enterprise;  /* "" for any */
    const char *state;       /* "" for any; the state at now_ms */
    int step;                /* -1 any; else waiting at this step */
    bool overdue;            /* waiting past the step's deadline */
    bool waiting;            /* waiting at a step (pending or provisional) */
    const char *proposed_by; /* "" for any */
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
int fg_store_alarm_close(fg_db *db, const char *id, int32_t region, const char *note, int64_t now,
                         const char *actor, fg_err *err);

/* Orders that time may have changed by `now` (in force past their end or an
 * emergency's lapse, or waiting past a step's deadline and not escalated):
 * at most `cap` ids into out. */
int fg_store_orders_to_settle(fg_db *db, int64_t now, char (*out)[37], size_t cap, size_t *out_n,
                              fg_err *err);

#endif
