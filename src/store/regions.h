/* Regions (GB/T 2260), their risk designations and the industries
 * (GB/T 4754-2017): reads, the regions import and designations. */
#ifndef FG_STORE_REGIONS_H
#define FG_STORE_REGIONS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../core/risk.h"
#include "../util/err.h"
#include "db.h"

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
/* The directory of names for pickers: the regions above `parent`, `parent`
 * itself and every region inside it, in code order, as a new JSON array of
 * {code, name} (the level and the parent follow from the code). */
int fg_store_region_directory(fg_db *db, int32_t parent, json_t **out, fg_err *err);
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

int fg_store_industry_exists(fg_db *db, const char *code, fg_err *err);
int fg_store_industries(fg_db *db, json_t **out, fg_err *err);

#endif
