/* Enterprises: read, create, update, list by jurisdiction, bulk and CSV
 * import, white-list membership. */
#ifndef FG_STORE_ENTERPRISES_H
#define FG_STORE_ENTERPRISES_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../core/enterprise.h"
#include "../util/err.h"
#include "db.h"
#include "tx.h"

typedef struct fg_enterprise_meta {
    char id[37];
    int version;
    int64_t created_at, updated_at;
    bool whitelist;
    fg_status status; /* from the orders in force at the time asked for */
} fg_enterprise_meta;

/* The enterprise, and with meta its standing at `at_ms` (status). */
/* As fg_store_enterprise_get, for reads outside a write (GET requests): in
 * a server whose cache watcher reads (watch.h; either engine), from a bounded
 * process-wide cache of enterprises as they are answered, each kept until the
 * enterprises' epoch moves (any change to an enterprise, its critical marks,
 * approved plans, white-list applications and lists, or orders, on any
 * server or program) or its status would change by time alone (the next
 * start, end or lapse of one of its orders in force). Elsewhere the same as
 * the uncached read. */
int fg_store_enterprise_get_cached(fg_db *db, const char *uscc, int64_t at_ms, fg_enterprise *out,
                                   fg_enterprise_meta *meta, fg_err *err);
int fg_store_enterprise_get(fg_db *db, const char *uscc, int64_t at_ms, fg_enterprise *out,
                            fg_enterprise_meta *meta, fg_err *err);
/* Creates; checks the region and industry exist. FG_EEXIST if the USCC is
 * taken. */
int fg_store_enterprise_create(fg_db *db, const fg_enterprise *e, int64_t now_ms, const char *actor,
                               fg_enterprise_meta *out_meta, fg_err *err);
/* Replaces the record if its version is still `expected_version`
 * (FG_ECONFLICT otherwise). */
int fg_store_enterprise_update(fg_db *db, const fg_enterprise *e, int expected_version,
                               int64_t now_ms, const char *actor, fg_enterprise_meta *out_meta,
                               fg_err *err);

typedef struct fg_enterprise_filter {
    int32_t region_lo, region_hi;
    const char *industry;    /* "" for any */
    unsigned category;       /* FG_CAT_* bit, 0 for any */
    int whitelist;           /* -1 any, 0 not listed, 1 listed */
    const char *q;           /* "" or text in name, or USCC prefix */
    const char *const *only; /* when non-NULL: only these USCCs */
    size_t n_only;
    int limit, offset;
    int64_t at_ms;  /* the time statuses are derived for */
    bool by_status; /* only enterprises whose status at at_ms is `status` */
    fg_status status;
} fg_enterprise_filter;

typedef struct fg_enterprise_page {
    fg_enterprise *items;     /* owned: free() */
    fg_enterprise_meta *meta; /* owned: free() */
    size_t n;
    int64_t total;
} fg_enterprise_page;

int fg_store_enterprise_list(fg_db *db, const fg_enterprise_filter *f, fg_enterprise_page *out,
                             fg_err *err);
void fg_enterprise_page_release(fg_enterprise_page *p);

/* Bulk import in one transaction: begin opens it, add takes validated
 * enterprises (best in USCC order), commit writes the rest, the denominators
 * and one audit entry per county ("enterprise.import" on entity "import", id
 * the county's code, naming the enterprises it created) and commits; abort
 * rolls back. Where the engine has COPY (PostgreSQL) the rows are streamed as
 * they are added, so that the server stores them while the caller makes the
 * next; otherwise (SQLite) they go FG_AUDIT_CHUNK at a time in multi-row
 * INSERTs (in USCC order the B-tree inserts are appends). The rows themselves
 * are sealed at commit (audit_seal.c), so the log proves each one as written
 * without an entry each (issue 17: an entry each doubled what an import
 * wrote). The importer checks reference data and uniqueness first
 * (fg_store_region_codes, fg_store_enterprise_usccs); a USCC that is taken
 * anyway fails the import. */
typedef struct fg_import_row {
    int32_t county;
    char uscc[FG_USCC_LEN + 1];
    char division[3];
    unsigned categories;
} fg_import_row;
typedef struct fg_import {
    fg_db *db;
    fg_tx tx;
    int64_t now_ms;
    bool copying;                /* the COPY is open */
    fg_buf copy;                 /* owned: rows in COPY's text format not yet sent */
    char first[FG_USCC_LEN + 1]; /* the least and greatest USCC sent by COPY */
    char last[FG_USCC_LEN + 1];
    size_t n_pending; /* without COPY: rows not yet inserted */
    fg_enterprise pending[FG_AUDIT_CHUNK];
    fg_import_row *rows; /* owned: every row added, for the counts and entries */
    size_t n_rows, cap_rows;
} fg_import;
/* Whether the engine streams an import's rows as they are added (COPY):
 * then the caller adds them as it reads them, and the connection runs
 * nothing else until commit or abort. */
bool fg_import_streams(const fg_db *db);
int fg_import_begin(fg_db *db, fg_import *imp, int64_t now_ms, const char *actor, fg_err *err);
int fg_import_add(fg_import *imp, const fg_enterprise *e, fg_err *err);
int fg_import_commit(fg_import *imp, fg_err *err);
void fg_import_abort(fg_import *imp);
int fg_store_region_exists(fg_db *db, int32_t code, fg_err *err);
/* Calls fn(code, ctx) for every region code known. */
int fg_store_region_codes(fg_db *db, void (*fn)(int32_t code, void *ctx), void *ctx, fg_err *err);
/* Calls fn(code, name, ctx) for every region known (name borrowed for the call). */
int fg_store_region_names(fg_db *db, void (*fn)(int32_t code, const char *name, void *ctx),
                          void *ctx, fg_err *err);
/* Calls fn(uscc, ctx) for every enterprise registered. */
int fg_store_enterprise_usccs(fg_db *db, void (*fn)(const char *uscc, void *ctx), void *ctx,
                              fg_err *err);

/* The organisation part (characters 9..17) of the import template's example
 * USCC: a row with it is the template's example, refused. */
#define FG_IMPORT_EXAMPLE_ORG "EXAMPLE00"

/* Imports an enterprise CSV (header row; see docs/operations.md for the
 * columns) held in data[0..len). Headers are the columns of
 * core/enterprise.h's fg_enterprise_columns in any of their spellings
 * (Chinese, English or the API name); values are codes or words (是/否, the
 * Chinese or English words of categories, service kinds and risk levels). Every row is checked
 * first; a bad row is reported through bad_line with its line number and reason. With a bad row and
 * !skip_invalid nothing is written and FG_EINVAL is returned; otherwise the good rows go in one
 * transaction. `row_allowed` (may be NULL) refuses a row for the caller's own reasons (0 or an
 * FG_E* code with err filled). */
typedef struct fg_csv_import {
    bool skip_invalid;
    const char *actor;
    int64_t now_ms;
    int (*row_allowed)(void *ctx, const fg_enterprise *e, fg_err *err);
    void (*bad_line)(void *ctx, size_t line, const fg_err *why);
    void (*progress)(void *ctx, size_t done_bytes, size_t total_bytes);
    void *ctx;
} fg_csv_import;

typedef struct fg_csv_report {
    long rows, imported, rejected;
} fg_csv_report;

int fg_store_import_csv(fg_db *db, const char *data, size_t len, const fg_csv_import *opt,
                        fg_csv_report *out, fg_err *err);

#endif
