/* Lookup of files compiled into the binary. */
#include "embed.h"

#include <string.h>

const fg_embedded *fg_embed_find(const char *name)
{
    for (const fg_embedded *e = fg_embedded_files; e->name; e++)
        if (strcmp(e->name, name) == 0)
            return e;
    return NULL;
}
