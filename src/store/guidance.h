/* Guidance tables: the versions stored, the current one, replacement. */
#ifndef FG_STORE_GUIDANCE_H
#define FG_STORE_GUIDANCE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../core/guidance.h"
#include "../util/err.h"
#include "db.h"

/* The newest table's version (cheap: for caches). */
int fg_store_guidance_version(fg_db *db, int *out, fg_err *err);
/* The newest table, loaded. */
int fg_store_guidance_current(fg_db *db, fg_guidance_table *out, fg_err *err);
/* Versions newest first as a JSON array of {version, note, created_by, created_at}. */
int fg_store_guidance_versions(fg_db *db, json_t **out, fg_err *err);
/* One version's JSON text as a new json_t. */
int fg_store_guidance_get(fg_db *db, int version, json_t **out, fg_err *err);
/* Validates `text` as a table and stores it as the next version, audited. */
int fg_store_guidance_replace(fg_db *db, const char *text, size_t len, const char *note,
                              int64_t now_ms, const char *actor, int *out_version, fg_err *err);

#endif
