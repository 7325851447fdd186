/* The signing keys of a server, one PEM file each in a directory:
 *   root.key           the national root: signs the trust and revocation lists
 *   issuer-PPPPPP.key  a province's pass issuer (PPPPPP its region code)
 * with NAME.pub.pem beside each. Private key files must not be readable by
 * group or others (the server refuses to start otherwise). */
#ifndef FG_UTIL_KEYRING_H
#define FG_UTIL_KEYRING_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/pass.h"

#define FG_KEYRING_MAX 64

typedef struct fg_keyring {
    fg_privkey root;
    bool have_root;
    int64_t root_created; /* file modification time, seconds */
    struct fg_issuer_key {
        fg_privkey key;
        int32_t region;
        int64_t created; /* file modification time, seconds */
    } issuers[FG_KEYRING_MAX];
    size_t n;
} fg_keyring;

/* Writes DIR/NAME.key (mode 0600) and DIR/NAME.pub.pem; refuses to replace
 * an existing key. */
int fg_keyring_generate(const char *dir, const char *name, int alg, fg_privkey *out, fg_err *err);
/* Loads every key of the directory. */
int fg_keyring_load(const char *dir, fg_keyring *out, fg_err *err);
void fg_keyring_release(fg_keyring *k);
/* The issuer key of the province containing `region`, or NULL. */
const struct fg_issuer_key *fg_keyring_issuer(const fg_keyring *k, int32_t region);
/* The trust list of the issuer keys (entries borrow the keys). */
int fg_keyring_trust(const fg_keyring *k, int64_t now_s, fg_trust *out, fg_err *err);
/* The trust list of white-list credentials (core/wlcred.h): each province's
 * issuer key for the lists of its province (its own, its cities' and
 * counties'), and the root key for the national lists (issuer CN-000000,
 * region 000000). Entries borrow the keys. */
int fg_keyring_wl_trust(const fg_keyring *k, int64_t now_s, fg_trust *out, fg_err *err);

#endif
