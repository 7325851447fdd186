/* The audit chain as stored: verify it end to end, list entries by
 * jurisdiction. Entries are appended by fg_tx (tx.h). */
#ifndef FG_STORE_AUDIT_H
#define FG_STORE_AUDIT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../core/audit.h"
#include "../util/err.h"
#include "db.h"

typedef struct fg_audit_verdict {
    int64_t checked;   /* entries read */
    int64_t chains;    /* chains verified */
    int64_t first_bad; /* seq (in its chain) of the first broken entry, 0 if none */
    int32_t chain;     /* the chain of first_bad */
    char reason[200];
    const char *code; /* the reason's message key ("audit.entry_changed"), NULL if none */
} fg_audit_verdict;

/* Reads every chain in order and recomputes every hash; checks each chain's
 * head against its last entry (its sequence and its hash), that every
 * province head the nation's chain recorded (audit.heads) is still in its
 * chain with that hash, that no entry lies outside the chains, and that a
 * database holding audited records has a log at all. */
int fg_audit_verify(fg_db *db, fg_audit_verdict *out, fg_err *err);
/* As fg_audit_verify, and the nation's entry `anchor` names (borrowed;
 * NULL: none) must be present with the anchor's hash: a log cut back with
 * its head moved back is found. `only`: verify that one chain alone (a
 * province's code, or 0 for the nation's), or -1 for all. */
int fg_audit_verify_anchor(fg_db *db, const fg_audit_anchor *anchor, fg_audit_verdict *out,
                           fg_err *err);
int fg_audit_verify_chain(fg_db *db, int32_t only, const fg_audit_anchor *anchor,
                          fg_audit_verdict *out, fg_err *err);
/* What a deep verification found: rows whose present state no entry
 * explains (the first FG_AUDIT_DEEP_FINDINGS of them), and entries whose
 * sealed rows were altered. */
#define FG_AUDIT_DEEP_FINDINGS 50
typedef struct fg_audit_deep {
    int64_t rows_checked;    /* rows of audited tables read */
    int64_t entries_sealing; /* entries that seal rows */
    int64_t bad_rows;        /* findings in all */
    size_t tables;           /* audited tables */
    size_t n_findings;
    struct fg_audit_finding {
        char table[40];
        char key[200];
        char what[120];
        const char *code; /* "audit.row_changed", "audit.row_added"... */
    } findings[FG_AUDIT_DEEP_FINDINGS];
} fg_audit_deep;

/* As fg_audit_verify_anchor, then checks the data against the log: each
 * entry's sealed rows against the hash it carries, and every row of every
 * audited table against the digest its last seal recorded (see
 * audit_seal.c). A row changed, added or removed outside the system is a
 * finding with its table and key. */
int fg_audit_verify_deep(fg_db *db, const fg_audit_anchor *anchor, fg_audit_verdict *verdict,
                         fg_audit_deep *out, fg_err *err);
/* The head of one chain (0: the nation's, else a province's code) as
 * stored: its sequence and hash (read, not locked; 0 and the genesis hash
 * for a chain without entries). */
int fg_audit_head_read(fg_db *db, int32_t chain, int64_t *out_seq, char out_hash[FG_AUDIT_HASH_HEX],
                       fg_err *err);
/* Entries in all chains, by their heads. */
int fg_audit_total(fg_db *db, int64_t *out, fg_err *err);
/* The chain of chains (issue 17): writes into the nation's chain an entry
 * audit.heads recording every province's chain head ({"heads": {"330000":
 * {"seq":..,"hash":..},...}}), unless none moved since the last one
 * (*out_wrote false). An anchor of the nation's chain then vouches for
 * every province's chain up to the heads recorded. */
int fg_audit_checkpoint(fg_db *db, int64_t now_ms, bool *out_wrote, fg_err *err);

typedef struct fg_audit_filter {
    int32_t region_lo, region_hi; /* region range visible to the caller */
    const char *entity;           /* "" for any */
    const char *entity_id;        /* "" for any */
    const char *action;           /* "" for any */
    const char *actor;            /* "" for any */
    int64_t before_seq;           /* 0: newest first from the head */
    int limit;
} fg_audit_filter;

/* Entries newest first, as a new JSON array. */
int fg_audit_list(fg_db *db, const fg_audit_filter *f, json_t **out, fg_err *err);

#endif
