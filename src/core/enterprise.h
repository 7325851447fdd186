/* The enterprise record, its categories and its derived operating status. Pure.
 *
 * Categories are flags: an enterprise may be both key industrial and livelihood
 * supply. A related-service enterprise (bank, insurance, ...) names its kind.
 * `critical` marks an enterprise at a critical link of a chain (set by an
 * authority or, later, by the chain analysis); white-list membership is data
 * kept elsewhere and passed in. */
#ifndef FG_CORE_ENTERPRISE_H
#define FG_CORE_ENTERPRISE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/buf.h"
#include "../util/err.h"
#include "uscc.h"
#include "words.h"

#include "fg_vocab.h"

enum {
    FG_CAT_KEY_INDUSTRIAL = 1u << 0,
    FG_CAT_LIVELIHOOD_SUPPLY = 1u << 1,
    FG_CAT_RELATED_SERVICE = 1u << 2,
    FG_CAT_ALL = (1u << 3) - 1,
};

typedef enum {
    FG_SERVICE_NONE = 0,
    FG_SERVICE_BANK,
    FG_SERVICE_INSURANCE,
    FG_SERVICE_SHIPPING_AGENCY,
    FG_SERVICE_FREIGHT_FORWARDER,
    FG_SERVICE_EXPRESS_DELIVERY,
    FG_SERVICE_SPECIALTY_STORE,
    FG_SERVICE_OTHER,
    FG_SERVICE_COUNT
} fg_service_kind;

typedef enum { FG_STATUS_OPERATING = 0, FG_STATUS_LIMITED, FG_STATUS_STOPPED } fg_status;

/* A measure in force on an enterprise (from orders): stop, or a limit to pct %.
 * FG_MEASURE_STOP, FG_MEASURE_LIMIT_CAPACITY, FG_MEASURE_LIMIT_ARRIVAL, in
 * the order of data/vocab/measures.json (the one list of measures). */
#define FG__MEASURE_ENUM(code, id, name) FG_MEASURE_##id = code,
typedef enum { FG_VOCAB_MEASURES(FG__MEASURE_ENUM) FG_MEASURE_COUNT } fg_measure;
#undef FG__MEASURE_ENUM

#define FG_NAME_MAX 200

typedef struct fg_enterprise {
    char uscc[FG_USCC_LEN + 1];
    char name[FG_NAME_MAX * 4 + 1]; /* UTF-8, at most FG_NAME_MAX characters */
    int32_t region;                 /* county code */
    char industry[3];               /* GB/T 4754-2017 division, two digits */
    int64_t headcount;
    int64_t capacity;             /* units of output per day, as the enterprise reports them */
    unsigned categories;          /* FG_CAT_* */
    fg_service_kind service_kind; /* FG_SERVICE_NONE unless FG_CAT_RELATED_SERVICE */
    bool critical;
    unsigned plan_levels; /* bit (1 << fg_risk_level) set: plan filed for that level */
} fg_enterprise;

/* Names as used in the API and the database. */
const char *fg_category_name(unsigned single_flag);
const char *fg_service_name(fg_service_kind k);
const char *fg_status_name(fg_status s);
/* Parses "key_industrial|livelihood_supply" (also ',' or ' ' separated; empty
 * is no category) into flags. FG_EINVAL naming the unknown word. */
int fg_category_parse(const char *s, unsigned *out, fg_err *err);
/* Writes the flags as "a|b" into out (at most 64 bytes). */
void fg_category_format(unsigned flags, char out[64]);
int fg_service_parse(const char *s, fg_service_kind *out, fg_err *err);
int fg_status_parse(const char *s, fg_status *out, fg_err *err);

/* The words of the categories (by bit index 0..2), the service kinds and the
 * statuses, as files show them (borrowed, static). */
const fg_word *fg_category_word(unsigned bit);
const fg_word *fg_service_word(fg_service_kind k);
const fg_word *fg_status_word(fg_status s);
/* As fg_category_parse, but each category may also be its Chinese or English
 * word, separated by |, comma, semicolon or 、 (full-width ， and ； too);
 * names alone may be separated by spaces as well. For files people fill in. */
int fg_category_parse_words(const char *s, unsigned *out, fg_err *err);
/* As fg_service_parse, accepting the Chinese and English words too. */
int fg_service_parse_words(const char *s, fg_service_kind *out, fg_err *err);
/* Writes the categories' words joined by 、 (Chinese) or "; " (English) into
 * out (at most 128 bytes). */
void fg_category_format_words(unsigned flags, bool en, char out[128]);

/* The columns of an enterprise table in a file, in the order exports write
 * them: `name` is the column's name in the API (also accepted as a header),
 * `zh` and `en` its header in each language. The columns after the
 * importable ones (whitelist, status) are derived: an import reads and
 * ignores them; region_name and industry_name, when filled, must agree with
 * the codes beside them. */
enum {
    FG_ECOL_USCC,
    FG_ECOL_NAME,
    FG_ECOL_REGION_NAME,
    FG_ECOL_REGION,
    FG_ECOL_INDUSTRY_NAME,
    FG_ECOL_INDUSTRY,
    FG_ECOL_HEADCOUNT,
    FG_ECOL_CAPACITY,
    FG_ECOL_CATEGORIES,
    FG_ECOL_SERVICE,
    FG_ECOL_CRITICAL,
    FG_ECOL_PLANS,
    FG_ECOL_WHITELIST,
    FG_ECOL_STATUS,
    FG_ECOL_COUNT
};
extern const fg_word fg_enterprise_columns[FG_ECOL_COUNT];
/* The column that header text s[0..n) names (any of its three spellings,
 * spaces around it and a trailing * or ＊ ignored), or -1. */
int fg_enterprise_column_find(const char *s, size_t n);

/* Checks every field of `e` and their combination: USCC, non-empty name of at
 * most FG_NAME_MAX characters in valid UTF-8, a county-level region, a
 * two-digit industry, non-negative headcount and capacity, a service kind if
 * and only if the related-service category is set. Existence of the region and
 * industry is the caller's to check against reference data. */
/* Appends the record's members as JSON (no braces): uscc, name, region,
 * industry, headcount, capacity, categories [names], service_kind (or null),
 * critical, plans_filed [risk levels]. The one writer of an enterprise as
 * JSON: the API's answer and the audit entries' details both use it. */
int fg_enterprise_write_json(fg_buf *b, const fg_enterprise *e);

int fg_enterprise_validate(const fg_enterprise *e, fg_err *err);
/* Sets `err` to the one refusal for an enterprise addressed by its USCC that
 * the caller may not know of: none is registered under `uscc`, or it lies
 * outside the caller's reach (fg_access_check_enterprise). FG_ENOTFOUND,
 * field "uscc", key enterprise.not_found; the text names only `uscc`, which
 * the caller sent. Returns FG_ENOTFOUND. */
int fg_enterprise_not_found(fg_err *err, const char *uscc);

/* 0 when s[0..len) is valid UTF-8 without control characters other than tab,
 * line feed and carriage return. */
int fg_utf8_check(const char *s, size_t len);
/* Number of code points in valid UTF-8. */
size_t fg_utf8_len(const char *s);

/* The operating status implied by the measures in force: any stop means
 * stopped; any limit means limited; none means operating. */
fg_status fg_enterprise_status(const fg_measure *in_force, size_t n);

#endif
