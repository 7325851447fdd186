/* Files compiled into the binary (migrations, reference data, OpenAPI). */
#ifndef FG_UTIL_EMBED_H
#define FG_UTIL_EMBED_H

#include <stddef.h>

typedef struct fg_embedded {
    const char *name;          /* path relative to the source tree */
    const unsigned char *data; /* NUL-terminated */
    size_t len;                /* without the NUL */
} fg_embedded;

/* Terminated by an entry whose name is NULL. */
extern const fg_embedded fg_embedded_files[];

/* The embedded file called `name`, or NULL. */
const fg_embedded *fg_embed_find(const char *name);

#endif
