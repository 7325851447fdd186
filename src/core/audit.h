/* The audit chain: each entry's hash is SHA-256 over the previous entry's hash
 * and a length-prefixed serialisation of the entry, so that changing, removing
 * or reordering any entry breaks every hash after it. Pure. */
#ifndef FG_CORE_AUDIT_H
#define FG_CORE_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#define FG_AUDIT_HASH_HEX 65 /* 64 hex digits + NUL */
#define FG_AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

typedef struct fg_audit_entry {
    int64_t seq;    /* its place in its chain: 1, 2, 3... without gaps */
    const char *id; /* UUIDv7 */
    int64_t at_ms;
    const char *actor;  /* account id, or "system"/"cli:<user>" */
    const char *action; /* "enterprise.update" */
    const char *entity; /* "enterprise" */
    const char *entity_id;
    int32_t region;     /* region concerned, 0 for national matters */
    const char *detail; /* JSON text: {"before":..., "after":...} */
    /* The hash of the rows this entry's transaction left behind (see
     * fg_audit_rows_hash), or NULL/"" for none: entries written before
     * rows were sealed hash exactly as they did. */
    const char *rows;
    /* Partitioned chains (issue 17): the chain the entry belongs to (the
     * province of its record, 0 for the nation) and its place in the order
     * of all chains (unique, increasing, gaps allowed). An entry with
     * order 0 was written before the chain was partitioned: it is in chain
     * 0, its place in the one chain was its order, and it hashes exactly as
     * it did. */
    int32_t chain;
    int64_t order;
} fg_audit_entry;

/* The chain of a record's region: its province (110000, 330000...), or 0
 * (the nation's own chain) for national matters. */
int32_t fg_audit_chain_of(int32_t region);

/* Computes the entry's hash from the previous hash (hex) into out (hex). */
void fg_audit_hash(const char *prev_hex, const fg_audit_entry *e, char out[FG_AUDIT_HASH_HEX]);

/* Sealed rows (issue 16, "the audit log proves the data"). Every row a
 * transaction inserts, changes or deletes in an audited table is recorded
 * with the transaction's last entry: the table, the row's key (up to three
 * columns) and a digest of the whole row as it was left (FG_AUDIT_ROW_GONE
 * when deleted). The list is kept as text beside the entry, and the entry's
 * hash covers the list's hash, so a row whose present state is not the one
 * its last seal recorded was written outside the system. */
#define FG_AUDIT_ROW_GONE "-"

typedef struct fg_audit_row {
    const char *table, *k1, *k2, *k3; /* "" for key columns a table lacks */
    char digest[FG_AUDIT_HASH_HEX];   /* hex, or FG_AUDIT_ROW_GONE */
} fg_audit_row;

/* The digest of a row: SHA-256 over the table's name and each column's value
 * as text, length-prefixed, SQL NULL (vals[i] == NULL) told apart from "". */
void fg_audit_row_digest(const char *table, const char *const *vals, int n,
                         char out[FG_AUDIT_HASH_HEX]);
/* Orders rows by table, then key: the order the list is written in. */
int fg_audit_row_cmp(const fg_audit_row *a, const fg_audit_row *b);
void fg_audit_rows_sort(fg_audit_row *rows, size_t n);
/* Appends the (sorted) rows' list as text: for each row its table, three key
 * parts and digest, each "<byte length>:<bytes>\n". Returns 0 or -1 when out
 * of memory. */
struct fg_buf;
int fg_audit_rows_text(const fg_audit_row *rows, size_t n, struct fg_buf *out);
/* SHA-256 (hex) of a list's text: what the entry's hash covers. */
void fg_audit_rows_hash(const char *text, size_t len, char out[FG_AUDIT_HASH_HEX]);
/* Reads the next row of a list's text from *p (up to end): its five fields
 * as pointers into the text and lengths. Returns 1 with a row, 0 at the end,
 * -1 when the text is not a list. */
typedef struct fg_audit_row_text {
    const char *f[5]; /* table, k1, k2, k3, digest */
    size_t len[5];
} fg_audit_row_text;
int fg_audit_rows_next(const char **p, const char *end, fg_audit_row_text *out);

/* An anchor (issue 16): the national chain's head — its sequence and hash —
 * at a time, signed by the root key and kept outside the database, so that a
 * log cut back together with its head is found: the entry the anchor names
 * must still be there with that hash. The national chain records the
 * provinces' heads (audit.heads entries, issue 17), so one anchor vouches
 * for every chain up to the last such entry before it. */
typedef struct fg_audit_anchor {
    int64_t seq;
    char hash[FG_AUDIT_HASH_HEX];
    int64_t at_ms;
} fg_audit_anchor;

/* The bytes an anchor's signature covers, written into out[0..cap) with a
 * NUL: "fugong audit anchor v1\n<seq>\n<hash>\n<at_ms>\n". Returns the
 * length (without the NUL), or -1 when cap is too small. */
int fg_audit_anchor_message(const fg_audit_anchor *a, char *out, size_t cap);

#endif
