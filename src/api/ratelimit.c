/* The sign-in rate limiter: hashed slots, one mutex. */
#include "ratelimit.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIMIT_SLOTS 4096
#define LIMIT_WINDOW_MS (15 * 60 * 1000)
#define LIMIT_ACCOUNT 5
#define LIMIT_ADDRESS 30

typedef struct limit_slot {
    char key[96];
    int failures;
    int64_t window_start;
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

static limit_slot *limit_find(fg_ratelimit *rl, const char *key, int64_t now_ms, bool create)
{
    size_t i = fnv1a(key) % LIMIT_SLOTS;
    limit_slot *sl = &rl->slots[i];
    if (strcmp(sl->key, key) == 0) {
        if (now_ms - sl->window_start > LIMIT_WINDOW_MS) {
            sl->failures = 0;
            sl->window_start = now_ms;
        }
        return sl;
    }
    if (!create)
        return NULL;
    /* Take the slot over when it is free or its window has passed; a busy
     * slot that collides keeps counting for both keys (errs on refusing). */
    if (sl->key[0] == '\0' || now_ms - sl->window_start > LIMIT_WINDOW_MS) {
        snprintf(sl->key, sizeof(sl->key), "%s", key);
        sl->failures = 0;
        sl->window_start = now_ms;
    }
    return sl;
}

static int limit_wait(limit_slot *sl, int max, int64_t now_ms)
{
    if (!sl || sl->failures < max)
        return 0;
    int64_t left = sl->window_start + LIMIT_WINDOW_MS - now_ms;
    return left > 0 ? (int)(left / 1000) + 1 : 0;
}

int fg_ratelimit_login_wait(fg_ratelimit *rl, const char *username, const char *address,
                            int64_t now_ms)
{
    char ka[96], kb[96];
    snprintf(ka, sizeof(ka), "u:%.80s", username);
    snprintf(kb, sizeof(kb), "a:%.80s", address);
    pthread_mutex_lock(&rl->lock);
    int w1 = limit_wait(limit_find(rl, ka, now_ms, false), LIMIT_ACCOUNT, now_ms);
    int w2 = limit_wait(limit_find(rl, kb, now_ms, false), LIMIT_ADDRESS, now_ms);
    pthread_mutex_unlock(&rl->lock);
    return w1 > w2 ? w1 : w2;
}

void fg_ratelimit_login_result(fg_ratelimit *rl, const char *username, const char *address, bool ok,
                               int64_t now_ms)
{
    char ka[96], kb[96];
    snprintf(ka, sizeof(ka), "u:%.80s", username);
    snprintf(kb, sizeof(kb), "a:%.80s", address);
    pthread_mutex_lock(&rl->lock);
    limit_slot *a = limit_find(rl, ka, now_ms, !ok);
    if (ok) {
        if (a)
            a->failures = 0;
    } else {
        a->failures++;
        limit_find(rl, kb, now_ms, true)->failures++;
    }
    pthread_mutex_unlock(&rl->lock);
}
