/* What the files of app/ share among themselves (not for api/ or cli/). */
#ifndef FG_APP_INTERNAL_H
#define FG_APP_INTERNAL_H

#include "app.h"

int fg__app_guidance_cache_new(struct fg_guidance_cache **out, fg_err *err);
void fg__app_guidance_cache_free(struct fg_guidance_cache *c);

#endif
