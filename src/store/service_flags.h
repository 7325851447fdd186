/* Related services flagged to their region when a key enterprise using them
 * resumes (issue 12, part "pool"; migration 012). The store writes and reads;
 * which enterprise is key and which service is flagged is decided in
 * app/service_flags.c. */
#ifndef FG_STORE_SERVICE_FLAGS_H
#define FG_STORE_SERVICE_FLAGS_H

#include <stddef.h>
#include <stdint.h>

#include "../core/enterprise.h"
#include "../util/err.h"
#include "db.h"
#include "tx.h"

typedef struct fg_service_flag {
    char id[37];
    char service[FG_USCC_LEN + 1];
    int32_t region; /* the service's county */
    char enterprise[FG_USCC_LEN + 1];
    char order_id[37];
    int64_t created_at;
} fg_service_flag;

/* Inside `tx`: flags `service` (in county `region`) for `enterprise`, whose
 * order `order_id` was resumed, with the audit entry chain.service_flag. An
 * open flag of the same service for the same enterprise is not repeated
 * (*out_new = 0). */
int fg_store_service_flag_add(fg_tx *tx, const char *service, int32_t region,
                              const char *enterprise, const char *order_id, int *out_new,
                              fg_err *err);
/* The open flags of services in the region range [lo, hi], newest first, at
 * most cap into out[]; *out_n how many. */
int fg_store_service_flags_open(fg_db *db, int32_t lo, int32_t hi, fg_service_flag *out, size_t cap,
                                size_t *out_n, fg_err *err);
/* One flag, open or not (FG_ENOTFOUND). *out_acked the time it was
 * acknowledged, 0 if open. */
int fg_store_service_flag_get(fg_db *db, const char *id, fg_service_flag *out, int64_t *out_acked,
                              fg_err *err);
/* Acknowledges an open flag, audited as chain.service_flag_ack;
 * FG_ECONFLICT when acknowledged already. */
int fg_store_service_flag_ack(fg_db *db, const char *id, int64_t now_ms, const char *actor,
                              fg_err *err);

#endif
