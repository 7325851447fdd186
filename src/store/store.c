/* The process's store: its DSN and one connection per thread. */
#include "store.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct fg_store {
    char *dsn;
    pthread_key_t key;
    pthread_mutex_t lock;
    fg_db **all; /* every connection opened, closed with the store */
    size_t n_all, cap_all;
};

int fg_store_open(const char *dsn, fg_store **out, fg_err *err)
{
    fg_store *s = calloc(1, sizeof(*s));
    if (!s || !(s->dsn = strdup(dsn))) {
        free(s);
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    }
    pthread_key_create(&s->key, NULL); /* connections are closed with the store */
    pthread_mutex_init(&s->lock, NULL);
    fg_db *db;
    int rc = fg_store_conn(s, &db, err);
    if (rc) {
        fg_store_free(s);
        return rc;
    }
    *out = s;
    return 0;
}

void fg_store_free(fg_store *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_all; i++)
        fg_db_close(s->all[i]);
    free(s->all);
    pthread_key_delete(s->key);
    pthread_mutex_destroy(&s->lock);
    free(s->dsn);
    free(s);
}

const char *fg_store_dsn(const fg_store *s)
{
    return s->dsn;
}

int fg_store_conn(fg_store *s, fg_db **out, fg_err *err)
{
    fg_db *db = pthread_getspecific(s->key);
    if (db) {
        *out = db;
        return 0;
    }
    int rc = fg_db_open(s->dsn, &db, err);
    if (rc)
        return rc;
    pthread_mutex_lock(&s->lock);
    if (s->n_all == s->cap_all) {
        size_t n = s->cap_all ? s->cap_all * 2 : 16;
        fg_db **p = realloc(s->all, n * sizeof(*p));
        if (!p) {
            pthread_mutex_unlock(&s->lock);
            fg_db_close(db);
            return fg_err_set(err, FG_ENOMEM, "out of memory");
        }
        s->all = p;
        s->cap_all = n;
    }
    s->all[s->n_all++] = db;
    pthread_mutex_unlock(&s->lock);
    pthread_setspecific(s->key, db);
    *out = db;
    return 0;
}

int64_t fg_store_sqlite_cache(void)
{
    return fg_db_sqlite_cache_bytes();
}
