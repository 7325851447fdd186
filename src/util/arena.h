/* fg_arena: one pool per request (or per command). Small allocations come from
 * it and are freed together by fg_arena_release, which also runs the cleanup
 * callbacks registered with fg_arena_defer (for JSON values, statements...). */
#ifndef FG_UTIL_ARENA_H
#define FG_UTIL_ARENA_H

#include <stddef.h>

struct fg_arena_chunk;
struct fg_arena_defer;

typedef struct fg_arena {
    struct fg_arena_chunk *chunks;
    struct fg_arena_defer *defers;
} fg_arena;

/* Empty arena; no allocation, cannot fail. */
void fg_arena_init(fg_arena *a);
/* Runs deferred cleanups (last registered first) and frees every chunk. The
 * arena is empty and usable afterwards. */
void fg_arena_release(fg_arena *a);
/* Zeroed memory owned by the arena; NULL when out of memory. */
void *fg_arena_alloc(fg_arena *a, size_t size);
/* Copy of `s` (or of its first `n` bytes) owned by the arena. */
char *fg_arena_strdup(fg_arena *a, const char *s);
char *fg_arena_strndup(fg_arena *a, const char *s, size_t n);
char *fg_arena_printf(fg_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Calls fn(p) at release. Returns 0 or FG_ENOMEM (then fn(p) is called now). */
int fg_arena_defer(fg_arena *a, void (*fn)(void *), void *p);

#endif
