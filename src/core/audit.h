/* The audit chain: each entry's hash is SHA-256 over the previous entry's hash
 * and a length-prefixed serialisation of the entry, so that changing, removing
 * or reordering any entry breaks every hash after it. Pure. */
#ifndef FG_CORE_AUDIT_H
#define FG_CORE_AUDIT_H

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

#endif
