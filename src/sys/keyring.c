/* Key files of the pass issuers and the national root. */
#include "keyring.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/region.h"

static int write_file(const char *path, const fg_buf *b, mode_t mode, fg_err *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0 && errno == EEXIST)
        return fg_err_at(err, FG_EEXIST, NULL, "key.exists",
                         "{file:%s}: a key is already there; keys are never replaced", path);
    if (fd < 0)
        return fg_err_set(err, FG_EIO, "%s: %s", path, strerror(errno));
    ssize_t w = write(fd, b->buf, b->len);
    int rc = w == (ssize_t)b->len && fsync(fd) == 0
                 ? 0
                 : fg_err_set(err, FG_EIO, "%s: write failed", path);
    close(fd);
    return rc;
}

/* Parses an issuer key's name without .key, issuer-PPPPPP (generation 1)
 * or issuer-PPPPPP-N (N from 2 to 99, no leading zero). */
static bool issuer_name(const char *name, size_t len, int32_t *region, int *generation)
{
    if (len < 13 || strncmp(name, "issuer-", 7) != 0)
        return false;
    char code[7];
    memcpy(code, name + 7, 6);
    code[6] = '\0';
    int g = 1;
    if (len > 13) {
        if (name[13] != '-' || len < 15 || len > 16 || name[14] == '0')
            return false;
        g = 0;
        for (size_t i = 14; i < len; i++) {
            if (name[i] < '0' || name[i] > '9')
                return false;
            g = g * 10 + (name[i] - '0');
        }
        if (g < 2)
            return false;
    }
    fg_err e;
    int32_t r;
    if (fg_region_parse(code, "key", &r, &e) || fg_region_level_of(r) != FG_LEVEL_PROVINCE)
        return false;
    *region = r;
    *generation = g;
    return true;
}

void fg_keyring_issuer_name(const struct fg_issuer_key *k, char out[32])
{
    if (k->generation > 1)
        snprintf(out, 32, "issuer-%06d-%d", (int)k->region, k->generation);
    else
        snprintf(out, 32, "issuer-%06d", (int)k->region);
}

int fg_keyring_generate(const char *dir, const char *name, int alg, fg_privkey *out, fg_err *err)
{
    int32_t r;
    int g;
    if (strcmp(name, "root") != 0 && !issuer_name(name, strlen(name), &r, &g))
        return fg_err_at(err, FG_EINVAL, "name", "key.name",
                         "a key is named root, issuer-PPPPPP (a province's region code) or "
                         "issuer-PPPPPP-N (its generation N, 2 to 99)");
    if (mkdir(dir, 0700) && errno != EEXIST)
        return fg_err_set(err, FG_EIO, "%s: %s", dir, strerror(errno));
    int rc = fg_privkey_generate(alg, out, err);
    if (rc)
        return rc;
    fg_buf priv, pub;
    fg_buf_init(&priv, 0);
    fg_buf_init(&pub, 0);
    char path[4096];
    rc = fg_privkey_to_pem(out, &priv) || fg_pubkey_to_pem(&out->pub, &pub)
             ? fg_err_set(err, FG_ENOMEM, "out of memory")
             : 0;
    if (rc == 0) {
        snprintf(path, sizeof(path), "%s/%s.key", dir, name);
        rc = write_file(path, &priv, 0600, err);
    }
    if (rc == 0) {
        snprintf(path, sizeof(path), "%s/%s.pub.pem", dir, name);
        unlink(path);
        rc = write_file(path, &pub, 0644, err);
    }
    fg_buf_release(&priv);
    fg_buf_release(&pub);
    if (rc)
        fg_privkey_release(out);
    return rc;
}

static int load_key(const char *path, fg_privkey *out, int64_t *mtime, fg_err *err)
{
    struct stat st;
    if (stat(path, &st))
        return fg_err_set(err, FG_EIO, "%s: %s", path, strerror(errno));
    if (st.st_mode & 077)
        return fg_err_at(err, FG_EPERM, NULL, "key.mode",
                         "{file:%s} is readable by others (mode {mode:%03o}); a private key must "
                         "be mode 600: chmod 600 %s",
                         path, (unsigned)(st.st_mode & 0777), path);
    *mtime = (int64_t)st.st_mtime;
    FILE *f = fopen(path, "r");
    if (!f)
        return fg_err_set(err, FG_EIO, "%s: %s", path, strerror(errno));
    char buf[8192];
    size_t n = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    int rc = fg_privkey_from_pem(buf, n, out, err);
    memset(buf, 0, sizeof(buf));
    if (rc && err) {
        char prefix[400];
        snprintf(prefix, sizeof(prefix), "%s: ", path);
        return fg_err_wrap(err, "file", path, prefix);
    }
    return rc;
}

void fg_keyring_release(fg_keyring *k)
{
    if (k->have_root)
        fg_privkey_release(&k->root);
    for (size_t i = 0; i < k->n; i++)
        fg_privkey_release(&k->issuers[i].key);
    k->n = 0;
    k->have_root = false;
}

/* By province, then generation. */
static int by_region(const void *a, const void *b)
{
    const struct fg_issuer_key *x = a, *y = b;
    if (x->region != y->region)
        return x->region < y->region ? -1 : 1;
    return x->generation < y->generation ? -1 : x->generation > y->generation;
}

int fg_keyring_load(const char *dir, fg_keyring *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    DIR *d = opendir(dir);
    if (!d)
        return fg_err_set(err, FG_EIO, "%s: %s (create keys with: fugong keys init --keys %s)", dir,
                          strerror(errno), dir);
    struct dirent *e;
    int rc = 0;
    char path[4096];
    while (rc == 0 && (e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".key") != 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        int64_t mtime;
        if (strcmp(e->d_name, "root.key") == 0) {
            rc = load_key(path, &out->root, &mtime, err);
            out->have_root = rc == 0;
            out->root_created = rc == 0 ? mtime : 0;
        } else if (out->n < FG_KEYRING_MAX) {
            int32_t r;
            int g;
            if (!issuer_name(e->d_name, len - 4, &r, &g))
                continue;
            rc = load_key(path, &out->issuers[out->n].key, &mtime, err);
            if (rc == 0) {
                out->issuers[out->n].region = r;
                out->issuers[out->n].generation = g;
                out->issuers[out->n].created = mtime;
                out->n++;
            }
        }
    }
    closedir(d);
    qsort(out->issuers, out->n, sizeof(out->issuers[0]), by_region);
    if (rc == 0 && !out->have_root)
        rc = fg_err_at(err, FG_EINVAL, NULL, "key.root_missing",
                       "{dir:%s} has no root.key (fugong keys init --keys %s)", dir, dir);
    if (rc)
        fg_keyring_release(out);
    return rc;
}

const struct fg_issuer_key *fg_keyring_issuer(const fg_keyring *k, int32_t region)
{
    const struct fg_issuer_key *found = NULL;
    for (size_t i = 0; i < k->n; i++) /* by generation within a province: the last is newest */
        if (fg_region_contains(k->issuers[i].region, region))
            found = &k->issuers[i];
    return found;
}

int fg_keyring_rollover(const char *dir, int32_t province, int alg, fg_privkey *out,
                        int *generation, fg_err *err)
{
    fg_keyring ring;
    int rc = fg_keyring_load(dir, &ring, err);
    if (rc)
        return rc;
    int newest = 0;
    for (size_t i = 0; i < ring.n; i++)
        if (ring.issuers[i].region == province && ring.issuers[i].generation > newest)
            newest = ring.issuers[i].generation;
    fg_keyring_release(&ring);
    if (newest == 0)
        return fg_err_at(err, FG_EINVAL, "province", "key.no_issuer",
                         "{province:%06d} has no issuer key to roll over (fugong keys init "
                         "--province %06d)",
                         (int)province, (int)province);
    if (newest >= 99)
        return fg_err_at(err, FG_EINVAL, "province", "key.generations",
                         "{province:%06d} has used all {max:%d} generations of its issuer key",
                         (int)province, 99);
    struct fg_issuer_key next = {.region = province, .generation = newest + 1};
    char name[32];
    fg_keyring_issuer_name(&next, name);
    rc = fg_keyring_generate(dir, name, alg, out, err);
    if (rc == 0)
        *generation = newest + 1;
    return rc;
}

int fg_keyring_trust(const fg_keyring *k, int64_t now_s, fg_trust *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    out->entries = calloc(k->n ? k->n : 1, sizeof(*out->entries));
    if (!out->entries)
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    out->issued_at = now_s;
    for (size_t i = 0; i < k->n; i++) {
        fg_trust_entry *e = &out->entries[i];
        e->key = k->issuers[i].key.pub;
        e->key.pkey = NULL; /* borrowed: the list only needs the SPKI bytes */
        snprintf(e->issuer, sizeof(e->issuer), "CN-%06d", (int)k->issuers[i].region);
        e->regions[0] = k->issuers[i].region;
        e->n_regions = 1;
        e->valid_from = k->issuers[i].created - 86400;
        e->valid_to = k->issuers[i].created + 10LL * 365 * 86400;
        /* Rolled over: trusted for what it issued until a day after its
         * successor was made (the list is sorted by generation). */
        if (i + 1 < k->n && k->issuers[i + 1].region == k->issuers[i].region)
            e->valid_to = k->issuers[i + 1].created + 86400;
    }
    out->n = k->n;
    return 0;
}

int fg_keyring_wl_trust(const fg_keyring *k, int64_t now_s, fg_trust *out, fg_err *err)
{
    int rc = fg_keyring_trust(k, now_s, out, err);
    if (rc || !k->have_root)
        return rc;
    fg_trust_entry *more = realloc(out->entries, (out->n + 1) * sizeof(*more));
    if (!more) {
        free(out->entries);
        out->entries = NULL;
        out->n = 0;
        return fg_err_set(err, FG_ENOMEM, "out of memory");
    }
    out->entries = more;
    fg_trust_entry *e = &out->entries[out->n++];
    memset(e, 0, sizeof(*e));
    e->key = k->root.pub;
    e->key.pkey = NULL;
    snprintf(e->issuer, sizeof(e->issuer), "CN-000000");
    e->regions[0] = 0;
    e->n_regions = 1;
    e->valid_from = k->root_created - 86400;
    e->valid_to = k->root_created + 10LL * 365 * 86400;
    return 0;
}
