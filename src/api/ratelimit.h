/* Sign-in rate limiting (issue 16): failed sign-ins counted per (account,
 * address), per address and per account in a fixed table of slots, so that
 * a guesser is slowed by a growing delay and the rightful user signing in
 * from an address the account has used is not locked out by guesses made
 * elsewhere (ratelimit.c says how). In memory, per server process.
 * Thread-safe. */
#ifndef FG_API_RATELIMIT_H
#define FG_API_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

#include "../util/err.h"

typedef struct fg_ratelimit fg_ratelimit;

/* A new, empty limiter in *out (free with fg_ratelimit_free). FG_ENOMEM. */
int fg_ratelimit_new(fg_ratelimit **out, fg_err *err);
/* Frees the limiter; NULL is fine. */
void fg_ratelimit_free(fg_ratelimit *rl);
/* Seconds `username` signing in from `address` (both borrowed) must wait; 0
 * when allowed. */
int fg_ratelimit_login_wait(fg_ratelimit *rl, const char *username, const char *address,
                            int64_t now_ms);
/* Records the outcome of a sign-in: a success clears the account's count, a
 * failure counts for the account and the address. */
void fg_ratelimit_login_result(fg_ratelimit *rl, const char *username, const char *address, bool ok,
                               int64_t now_ms);

#endif
