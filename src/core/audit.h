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
    int64_t seq;    /* 1, 2, 3... without gaps */
    const char *id; /* UUIDv7 */
    int64_t at_ms;
    const char *actor;  /* account id, or "system"/"cli:<user>" */
    const char *action; /* "enterprise.update" */
    const char *entity; /* "enterprise" */
    const char *entity_id;
    int32_t region;     /* region concerned, 0 for national matters */
    const char *detail; /* JSON text: {"before":..., "after":...} */
} fg_audit_entry;

/* Computes the entry's hash from the previous hash (hex) into out (hex). */
void fg_audit_hash(const char *prev_hex, const fg_audit_entry *e, char out[FG_AUDIT_HASH_HEX]);

/* An anchor (issue 16): the chain's head — its sequence and hash — at a
 * time, signed by the root key and kept outside the database, so that a log
 * cut back together with its head is found: the entry the anchor names must
 * still be there with that hash. */
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
