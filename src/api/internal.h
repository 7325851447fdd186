/* What the files of src/api share with each other and nobody else: session
 * handling of api_auth.c used by the server and by api_accounts.c. */
#ifndef FG_API_INTERNAL_H
#define FG_API_INTERNAL_H

#include "api.h"

/* Resolves the session of `r` (Bearer header first, then the cookie; a
 * cookie-authenticated write must carry FG_CSRF_HEADER) into r->account and
 * r->principal. Returns 0, or else has replied 401/403 (or the store's error)
 * and returns that status. Uses r->db, r->now_ms and r->http's headers. */
int fg__api_authenticate(fg_req *r);
/* Drops every thread's cached sessions (after a sign-out, a disabled account
 * or a changed password), so that the change holds at once in this process. */
void fg__api_forget_sessions(void);

#endif
