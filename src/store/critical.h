/* The critical-link marks as stored (issue 12, part "critical"): the chain
 * analysis's marks with their figures, the provincial industry authority's
 * manual marks with their reasons, and the fingerprint of the chain and the
 * listings the analysis marks were last refreshed from. Who may mark, and
 * what the analysis says, are core/critical.h's and core/chain.h's. */
#ifndef FG_STORE_CRITICAL_H
#define FG_STORE_CRITICAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../core/chain.h"
#include "../core/enterprise.h"
#include "../util/err.h"
#include "db.h"
#include "tx.h"

/* An analysis mark as stored, for comparing with a fresh one. */
typedef struct fg_critical_stored {
    char enterprise[FG_USCC_LEN + 1];
    fg_chain_crit_reason basis;
    uint32_t dominated_whitelist, sole_whitelist;
    int64_t dominated_capacity, province_capacity;
} fg_critical_stored;

/* The enterprise's marks (new array, analysis first), each with its source,
 * basis, figures, note, marked_by (and its display name) and marked_at. */
int fg_store_critical_marks(fg_db *db, const char *uscc, json_t **out, fg_err *err);
/* Whether the enterprise carries a manual mark. */
int fg_store_critical_manual_has(fg_db *db, const char *uscc, bool *out, fg_err *err);
/* Inside tx: marks by hand (FG_ECONFLICT when already marked by hand), or
 * removes the manual mark (FG_ENOTFOUND when there is none), with `reason`;
 * audited critical.mark / critical.unmark on the enterprise. */
int fg_store_critical_manual_set(fg_tx *tx, const char *uscc, int32_t region, bool marked,
                                 const char *reason, fg_err *err);

/* Every analysis mark, by enterprise (new array; free()). */
int fg_store_critical_analysis_list(fg_db *db, fg_critical_stored **out, size_t *out_n,
                                    fg_err *err);
/* Inside tx: writes the analysis mark of one enterprise (`m` NULL or not
 * critical: none) if it differs from `stored` (NULL: none stored), audited
 * as "system" critical.analysis with the basis and figures. *out_changed
 * says whether anything was written. */
int fg_store_critical_analysis_put(fg_tx *tx, const char *uscc, int32_t region,
                                   const fg_critical_stored *stored, const fg_chain_mark *m,
                                   bool *out_changed, fg_err *err);
/* The one stored analysis mark of an enterprise into *out; *out_found false
 * when there is none. */
int fg_store_critical_analysis_get(fg_db *db, const char *uscc, fg_critical_stored *out,
                                   bool *out_found, fg_err *err);

/* What the analysis marks depend on, as a short text: the supply edges, the
 * listings in force and the enterprises (counts and last changes). */
int fg_store_critical_fingerprint(fg_db *db, char out[160], fg_err *err);
/* Whether the enterprise is an end of any supply edge. */
int fg_store_chain_linked(fg_db *db, const char *uscc, bool *out, fg_err *err);
/* The fingerprint the marks were last refreshed from ("" never). */
int fg_store_critical_refreshed(fg_db *db, char out[160], int64_t *out_at, fg_err *err);
/* Inside tx: records a refresh from `fingerprint` that left `marked`
 * enterprises marked by the analysis. */
int fg_store_critical_refresh_set(fg_tx *tx, const char *fingerprint, int64_t marked, fg_err *err);

#endif
