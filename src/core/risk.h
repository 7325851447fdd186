/* Epidemic risk levels with history. A designation gives a region a level from
 * a date on; designations are never overwritten, a later one supersedes. A
 * region's level on a date is its own latest designation in effect, or else its
 * parent's, up to the nation; with none at all it is low. Pure. */
#ifndef FG_CORE_RISK_H
#define FG_CORE_RISK_H

#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"
#include "words.h"

typedef enum { FG_RISK_LOW = 0, FG_RISK_MEDIUM = 1, FG_RISK_HIGH = 2 } fg_risk_level;

typedef struct fg_risk_designation {
    int32_t region;
    fg_risk_level level;
    int32_t effective_on; /* YYYYMMDD */
    int64_t seq;          /* order of recording: breaks ties on the same date */
} fg_risk_designation;

typedef struct fg_risk_resolution {
    fg_risk_level level;
    int32_t source_region; /* the region whose designation applies, -1 if none */
    int index;             /* index into the designations given, -1 if none */
} fg_risk_resolution;

/* "low", "medium", "high". */
const char *fg_risk_name(fg_risk_level level);
/* The level's words: 低风险 / Low risk (borrowed, static). */
const fg_word *fg_risk_word(fg_risk_level level);
/* Parses a level's name, or (for files) its Chinese or English word, or the
 * Chinese word without 风险 (低, 中, 高); FG_EINVAL otherwise. */
int fg_risk_parse_words(const char *s, fg_risk_level *out, fg_err *err);
/* A list of levels as fg_word_list reads it (names, words, 低/中/高) into
 * bits (1 << level). FG_EINVAL naming the unknown item. */
int fg_risk_parse_list(const char *s, unsigned *out, fg_err *err);
/* Parses a level name; FG_EINVAL with a reason otherwise. */
int fg_risk_parse(const char *s, fg_risk_level *out, fg_err *err);
/* The level of `region` on `date` from `d` (borrowed; any order, may hold
 * designations of unrelated regions, which are ignored). */
void fg_risk_resolve(int32_t region, int32_t date, const fg_risk_designation *d, size_t n,
                     fg_risk_resolution *out);

/* Medium and high designations are reviewed after this many days in force:
 * the 2022 rules lower a high-risk area after 7 days without new cases and a
 * medium-risk one likewise, so the health authority looks again then. */
#define FG_RISK_REVIEW_DAYS 7

/* The date (YYYYMMDD) a designation of `level` in force from `effective_on`
 * is due for review, or 0 for low (nothing to lower). */
int32_t fg_risk_review_on(fg_risk_level level, int32_t effective_on);

#endif
