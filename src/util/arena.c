/* fg_arena: bump allocator over malloc'd chunks, plus deferred cleanups. */
#include "arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

#define ARENA_CHUNK 8192

struct fg_arena_chunk {
    struct fg_arena_chunk *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
};

struct fg_arena_defer {
    struct fg_arena_defer *next;
    void (*fn)(void *);
    void *p;
};

void fg_arena_init(fg_arena *a)
{
    a->chunks = NULL;
    a->defers = NULL;
}

void fg_arena_release(fg_arena *a)
{
    while (a->defers) {
        struct fg_arena_defer *d = a->defers;
        a->defers = d->next;
        d->fn(d->p);
    }
    while (a->chunks) {
        struct fg_arena_chunk *c = a->chunks;
        a->chunks = c->next;
        free(c);
    }
}

void *fg_arena_alloc(fg_arena *a, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    struct fg_arena_chunk *c = a->chunks;
    if (!c || c->size - c->used < size) {
        size_t n = size > ARENA_CHUNK / 2 ? size : ARENA_CHUNK;
        c = malloc(sizeof(*c) + n);
        if (!c)
            return NULL;
        c->size = n;
        c->used = 0;
        if (size > ARENA_CHUNK / 2 && a->chunks) {
            /* A big block gets its own chunk behind the current one. */
            c->next = a->chunks->next;
            a->chunks->next = c;
        } else {
            c->next = a->chunks;
            a->chunks = c;
        }
    }
    void *p = c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
}

char *fg_arena_strndup(fg_arena *a, const char *s, size_t n)
{
    char *p = fg_arena_alloc(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *fg_arena_strdup(fg_arena *a, const char *s)
{
    return fg_arena_strndup(a, s, strlen(s));
}

char *fg_arena_printf(fg_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *p = fg_arena_alloc(a, (size_t)n + 1);
    if (!p)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

int fg_arena_defer(fg_arena *a, void (*fn)(void *), void *p)
{
    struct fg_arena_defer *d = fg_arena_alloc(a, sizeof(*d));
    if (!d) {
        fn(p);
        return FG_ENOMEM;
    }
    d->fn = fn;
    d->p = p;
    d->next = a->defers;
    a->defers = d;
    return 0;
}
