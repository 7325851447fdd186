/* The supply-chain graph (chain-data): supplier -> customer edges, the related
 * services an enterprise uses, the reads the chain view and the analyses need,
 * and the CSV import. Every write is one fg_tx with its audit entries. Who may
 * see or change an edge is decided above (core/access.h); reads that walk the
 * graph take the caller's predicate. */
#ifndef FG_STORE_CHAIN_H
#define FG_STORE_CHAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/enterprise.h"
#include "../core/supply.h"
#include "../core/uscc.h"
#include "../util/err.h"
#include "db.h"
#include "tx.h"

typedef struct fg_chain_edge {
    char id[37];
    char supplier[FG_USCC_LEN + 1];
    char customer[FG_USCC_LEN + 1];
    fg_input input;
    int share;      /* percent of the customer's need of the input, 1..100 */
    int stock_days; /* the customer's stock of it, 0..365 */
    int32_t supplier_region, customer_region; /* their counties (read only) */
    char supplier_name[FG_NAME_MAX * 4 + 1], customer_name[FG_NAME_MAX * 4 + 1]; /* read only */
    int version;
    char updated_by[64];
    int64_t updated_at;
} fg_chain_edge;

/* A growable list of edges. Invariant: items[0..n) are valid; owned (release
 * with fg_chain_edges_release, which leaves it empty and reusable). */
typedef struct fg_chain_edges {
    fg_chain_edge *items;
    size_t n, cap;
} fg_chain_edges;
void fg_chain_edges_release(fg_chain_edges *l);

/* The edge `id`; FG_ENOTFOUND if none. */
int fg_store_chain_edge_get(fg_db *db, const char *id, fg_chain_edge *out, fg_err *err);
/* Adds e (supplier, customer, input, share, stock_days; the rest is set here),
 * audited as chain.edge_add. FG_ENOTFOUND naming "supplier" or "customer"
 * when one is not registered, FG_EEXIST when the (supplier, customer, input)
 * edge exists, FG_EINVAL when supplier and customer are the same. *out (may
 * be NULL): the edge as stored. */
int fg_store_chain_edge_add(fg_db *db, const fg_chain_edge *e, int64_t now_ms, const char *actor,
                            fg_chain_edge *out, fg_err *err);
/* Sets share and stock days of edge `id` if its version is still
 * `expected_version` (any when negative; FG_ECONFLICT otherwise), audited as
 * chain.edge_update with before and after. */
int fg_store_chain_edge_update(fg_db *db, const char *id, int share, int stock_days,
                               int expected_version, int64_t now_ms, const char *actor,
                               fg_chain_edge *out, fg_err *err);
/* Deletes edge `id`, audited as chain.edge_delete with what it was. */
int fg_store_chain_edge_delete(fg_db *db, const char *id, int64_t now_ms, const char *actor,
                               fg_err *err);

/* Appends to *out the edges of `uscc`: its suppliers (edges into it) when
 * `suppliers`, else its customers (edges out of it), ordered by input. */
int fg_store_chain_of(fg_db *db, const char *uscc, bool suppliers, fg_chain_edges *out,
                      fg_err *err);
/* Appends to *out the edges with either end in a county inside [lo, hi]
 * (inside and cross-border edges touching it), at most `limit`; *out_more set
 * when there were more. */
int fg_store_chain_in_region(fg_db *db, int32_t lo, int32_t hi, size_t limit, fg_chain_edges *out,
                             bool *out_more, fg_err *err);

/* Walks the graph from `uscc`, `up` tiers towards suppliers and `down` tiers
 * towards customers, following only the edges `keep` accepts (NULL: all),
 * appending each edge once to *out, at most `max_edges` (*out_more set when
 * the walk stopped there). `keep` decides; the store only reads. */
typedef bool (*fg_chain_keep_fn)(void *ctx, const fg_chain_edge *e);
int fg_store_chain_tiers(fg_db *db, const char *uscc, int up, int down, size_t max_edges,
                         fg_chain_keep_fn keep, void *ctx, fg_chain_edges *out, bool *out_more,
                         fg_err *err);

/* The whole graph as arrays, for the analyses: enterprises are numbered
 * 0..n_nodes-1 in USCC order (uscc[i], region[i], capacity[i]; flags[i]
 * FG_CHAIN_GRAPH_WHITELIST / _LIVELIHOOD; stop_until[i] the latest end (ms)
 * of a stop order in force on it, 0 for none); edge j runs
 * from supplier[j] to customer[j] with input[j], share[j] (percent) and
 * stock_days[j], edges sorted by customer then input. Owned: release with
 * fg_chain_graph_release. Two statements (enterprises, edges), each one pass. */
#define FG_CHAIN_GRAPH_WHITELIST 1u
#define FG_CHAIN_GRAPH_LIVELIHOOD 2u
typedef struct fg_chain_graph {
    size_t n_nodes, n_edges;
    char (*uscc)[FG_USCC_LEN + 1];
    int32_t *region;
    int64_t *capacity;
    uint8_t *flags;
    int64_t *stop_until;
    uint32_t *supplier, *customer;
    uint8_t *input, *share;
    uint16_t *stock_days;
} fg_chain_graph;
int fg_store_chain_graph_load(fg_db *db, fg_chain_graph *out, fg_err *err);
void fg_chain_graph_release(fg_chain_graph *g);

/* ---- related services ---- */

/* A service enterprise `service` (a related service: bank, insurer...) that
 * `uscc` uses; kind: its enterprises.service_kind. */
typedef struct fg_chain_service {
    char service[FG_USCC_LEN + 1];
    char name[801];
    int32_t region;
    char kind[24];
} fg_chain_service;
/* Records that `uscc` uses `service`, audited as chain.service_add.
 * FG_EINVAL (field "service") when `service` is not a related-service
 * enterprise, FG_EEXIST when recorded already. */
int fg_store_chain_service_add(fg_db *db, const char *uscc, const char *service, int64_t now_ms,
                               const char *actor, fg_err *err);
int fg_store_chain_service_delete(fg_db *db, const char *uscc, const char *service, int64_t now_ms,
                                  const char *actor, fg_err *err);
/* The services `uscc` uses, at most cap, into out[]; *out_n how many. */
int fg_store_chain_services(fg_db *db, const char *uscc, fg_chain_service *out, size_t cap,
                            size_t *out_n, fg_err *err);

/* related services in step (issue 12, part "pool"): calls fn(ctx, service,
 * user) for every (service, enterprise using it) whose service enterprise is
 * in the region range [lo, hi], by service then user; a non-zero return of fn
 * stops the walk and is returned (negative) or taken as done (positive). */
int fg_store_chain_service_links(fg_db *db, int32_t lo, int32_t hi,
                                 int (*fn)(void *ctx, const char *service, const char *user),
                                 void *ctx, fg_err *err);

/* ---- bulk edges (fugong gen) ----
 * Many new edges in one transaction: begin opens it, add queues an edge
 * (written FG_AUDIT_CHUNK at a time in multi-row INSERTs) with its
 * chain.edge_add audit entry, as fg_store_chain_edge_add writes it; commit
 * writes the rest and commits, abort rolls back. The caller vouches for the
 * edge: both ends registered, e->customer_region their customer's county,
 * figures checked (fg_supply_check); a (supplier, customer, input) edge that
 * exists already fails the whole bulk (FG_EEXIST). Owned by the caller; its
 * size is FG_AUDIT_CHUNK small rows. */
typedef struct fg_chain_bulk {
    fg_db *db;
    fg_tx tx;
    size_t n_pending;
    struct fg_chain_bulk_row {
        char id[37], supplier[FG_USCC_LEN + 1], customer[FG_USCC_LEN + 1];
        fg_input input;
        int share, stock_days;
    } pending[FG_AUDIT_CHUNK];
} fg_chain_bulk;
int fg_chain_bulk_begin(fg_db *db, fg_chain_bulk *b, int64_t now_ms, const char *actor,
                        fg_err *err);
/* Queues e (supplier, customer, input, share, stock_days, customer_region);
 * *out_id (may be NULL): the new edge's id. */
int fg_chain_bulk_add(fg_chain_bulk *b, const fg_chain_edge *e, char out_id[37], fg_err *err);
int fg_chain_bulk_commit(fg_chain_bulk *b, fg_err *err);
void fg_chain_bulk_abort(fg_chain_bulk *b);

/* ---- CSV import ---- */

/* Imports edges from a CSV held in data[0..len) (UTF-8, BOM skipped; convert
 * GBK first with sys/text.h). Header row with the columns supplier, customer,
 * input, share, stock_days in any order, each in its API name, Chinese
 * (供应商, 客户, 物料, 供货占比, 库存天数) or English spelling; the input as
 * its name or a word. A row naming an existing (supplier, customer, input)
 * updates that edge's figures. Every row is checked first (figures, known
 * enterprises, duplicates in the file, `row_allowed`); any bad row is
 * reported through bad_line and nothing is written (FG_EINVAL); otherwise all
 * rows go in one transaction with an audit entry each. */
typedef struct fg_chain_import {
    const char *actor;
    int64_t now_ms;
    int (*row_allowed)(void *ctx, const fg_chain_edge *e, fg_err *err);
    void (*bad_line)(void *ctx, size_t line, const fg_err *why);
    void *ctx;
} fg_chain_import;
typedef struct fg_chain_import_report {
    long rows, added, updated, rejected;
} fg_chain_import_report;
int fg_store_chain_import_csv(fg_db *db, const char *data, size_t len, const fg_chain_import *opt,
                              fg_chain_import_report *out, fg_err *err);

#endif
