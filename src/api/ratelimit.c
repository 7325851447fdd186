/* The sign-in limiter: hashed slots probed four at a time, one mutex.
 *
 * Three counts, each over a 15-minute window from its first failure:
 *  - the pair (account, address): from PAIR_FREE failures on, each further
 *    attempt waits a delay that doubles (1 s, 2 s, 4 s, ... up to 15 min)
 *    after the last failure: a person mistyping is barely slowed, a guesser
 *    at one address soon crawls;
 *  - the address: past LIMIT_ADDRESS failures (any accounts), it waits for
 *    the window to pass;
 *  - the account: past ACCOUNT_FREE failures from anywhere, addresses the
 *    account has not signed in from before wait a doubling delay too, while
 *    the addresses it has (the last KNOWN of them) are not slowed by it —
 *    so guesses from elsewhere cannot lock the rightful user out. */
#include "ratelimit.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIMIT_SLOTS 16384
#define LIMIT_PROBE 4
#define LIMIT_WINDOW_MS (15 * 60 * 1000)
#define LIMIT_ADDRESS 30
#define PAIR_FREE 3
#define ACCOUNT_FREE 10
#define DELAY_MAX_S (15 * 60)
#define KNOWN 4

typedef struct limit_slot {
    char key[136];
    int failures;
    int64_t window_start, last_failure;
    char known[KNOWN][48]; /* accounts: addresses signed in from, newest first */
} limit_slot;

struct fg_ratelimit {
    pthread_mutex_t lock;
    limit_slot slots[LIMIT_SLOTS];
};

int fg_ratelimit_new(fg_ratelimit **out, fg_err *err)
{
    fg_ratelimit *rl = calloc(1, sizeof(*rl));
    if (!rl)
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    pthread_mutex_init(&rl->lock, NULL);
    *out = rl;
    return 0;
}

void fg_ratelimit_free(fg_ratelimit *rl)
{
    if (!rl)
        return;
    pthread_mutex_destroy(&rl->lock);
    free(rl);
}

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static bool expired(const limit_slot *sl, int64_t now_ms)
{
    return now_ms - sl->window_start > LIMIT_WINDOW_MS &&
           now_ms - sl->last_failure > LIMIT_WINDOW_MS;
}

/* Which slot to take over first: a free one, then an expired one, then any. */
static int rank(const limit_slot *sl, int64_t now_ms)
{
    return sl->key[0] == '\0' ? 0 : expired(sl, now_ms) ? 1 : 2;
}

/* The slot of `key`, its count restarted when its window passed; with
 * create, a free or expired slot among the probed ones (else the one
 * whose window started longest ago) is taken over. */
static limit_slot *limit_find(fg_ratelimit *rl, const char *key, int64_t now_ms, bool create)
{
    size_t h = fnv1a(key) % LIMIT_SLOTS;
    limit_slot *spare = NULL;
    for (size_t p = 0; p < LIMIT_PROBE; p++) {
        limit_slot *sl = &rl->slots[(h + p) % LIMIT_SLOTS];
        if (strcmp(sl->key, key) == 0) {
            if (expired(sl, now_ms)) {
                sl->failures = 0;
                sl->window_start = now_ms;
            }
            return sl;
        }
        if (!spare || rank(sl, now_ms) < rank(spare, now_ms) ||
            (rank(sl, now_ms) == rank(spare, now_ms) && sl->window_start < spare->window_start))
            spare = sl;
    }
    if (!create)
        return NULL;
    memset(spare, 0, sizeof(*spare));
    snprintf(spare->key, sizeof(spare->key), "%s", key);
    spare->window_start = now_ms;
    return spare;
}

/* Seconds left of a delay doubling from `free` failures on. */
static int doubling_wait(const limit_slot *sl, int free, int64_t now_ms)
{
    if (!sl || sl->failures < free)
        return 0;
    int shift = sl->failures - free;
    int64_t delay_s = shift >= 10 ? DELAY_MAX_S : (int64_t)1 << shift;
    if (delay_s > DELAY_MAX_S)
        delay_s = DELAY_MAX_S;
    int64_t left = sl->last_failure + delay_s * 1000 - now_ms;
    return left > 0 ? (int)((left + 999) / 1000) : 0;
}

static bool known_address(const limit_slot *account, const char *address)
{
    for (int i = 0; account && i < KNOWN; i++)
        if (account->known[i][0] && strcmp(account->known[i], address) == 0)
            return true;
    return false;
}

static void keys(const char *username, const char *address, char pair[136], char user[136],
                 char addr[136])
{
    snprintf(pair, 136, "p:%.80s\n%.47s", username, address);
    snprintf(user, 136, "u:%.80s", username);
    snprintf(addr, 136, "a:%.47s", address);
}

int fg_ratelimit_login_wait(fg_ratelimit *rl, const char *username, const char *address,
                            int64_t now_ms)
{
    char kp[136], ku[136], ka[136];
    keys(username, address, kp, ku, ka);
    pthread_mutex_lock(&rl->lock);
    int wait = doubling_wait(limit_find(rl, kp, now_ms, false), PAIR_FREE, now_ms);
    limit_slot *a = limit_find(rl, ka, now_ms, false);
    if (a && a->failures >= LIMIT_ADDRESS) {
        int64_t left = a->window_start + LIMIT_WINDOW_MS - now_ms;
        int w = left > 0 ? (int)((left + 999) / 1000) : 0;
        wait = w > wait ? w : wait;
    }
    limit_slot *u = limit_find(rl, ku, now_ms, false);
    if (!known_address(u, address)) {
        int w = doubling_wait(u, ACCOUNT_FREE, now_ms);
        wait = w > wait ? w : wait;
    }
    pthread_mutex_unlock(&rl->lock);
    return wait;
}

void fg_ratelimit_login_result(fg_ratelimit *rl, const char *username, const char *address, bool ok,
                               int64_t now_ms)
{
    char kp[136], ku[136], ka[136];
    keys(username, address, kp, ku, ka);
    pthread_mutex_lock(&rl->lock);
    if (ok) {
        limit_slot *p = limit_find(rl, kp, now_ms, false);
        if (p)
            p->failures = 0;
        /* The address is now one the account signs in from. */
        limit_slot *u = limit_find(rl, ku, now_ms, true);
        if (!known_address(u, address)) {
            memmove(u->known[1], u->known[0], sizeof(u->known[0]) * (KNOWN - 1));
            snprintf(u->known[0], sizeof(u->known[0]), "%s", address);
        }
    } else {
        limit_slot *s[3] = {limit_find(rl, kp, now_ms, true), limit_find(rl, ku, now_ms, true),
                            limit_find(rl, ka, now_ms, true)};
        for (int i = 0; i < 3; i++) {
            s[i]->failures++;
            s[i]->last_failure = now_ms;
        }
    }
    pthread_mutex_unlock(&rl->lock);
}
