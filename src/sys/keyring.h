/* The signing keys of a server, one PEM file each in a directory:
 *   root.key             the national root: signs the trust and revocation lists
 *   issuer-PPPPPP.key    a province's pass issuer (PPPPPP its region code)
 *   issuer-PPPPPP-N.key  its key of generation N (2 to 99), made by a
 *                        rollover (fugong keys rollover): a province moving
 *                        to another key, or another algorithm (Ed25519 to SM2)
 * with NAME.pub.pem beside each. A province's newest generation signs; the
 * older ones stay in the trust list for the passes they signed, trusted for
 * passes issued until a day after the next generation was made (the day is
 * for restarting the servers that still sign with the old key). Private key
 * files must not be readable by group or others (the server refuses to start
 * otherwise). */
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
        int generation;  /* 1 for issuer-PPPPPP, N for issuer-PPPPPP-N */
        int64_t created; /* file modification time, seconds */
    } issuers[FG_KEYRING_MAX];
    size_t n;
} fg_keyring;

/* Writes DIR/NAME.key (mode 0600) and DIR/NAME.pub.pem; refuses to replace
 * an existing key. NAME is root, issuer-PPPPPP or issuer-PPPPPP-N. */
int fg_keyring_generate(const char *dir, const char *name, int alg, fg_privkey *out, fg_err *err);
/* Loads every key of the directory. */
int fg_keyring_load(const char *dir, fg_keyring *out, fg_err *err);
void fg_keyring_release(fg_keyring *k);
/* The file name of an issuer key without .key: issuer-PPPPPP[-N]. */
void fg_keyring_issuer_name(const struct fg_issuer_key *k, char out[32]);
/* Makes the next generation of a province's issuer key (the province must
 * have one) with `alg`; *generation is the new key's. */
int fg_keyring_rollover(const char *dir, int32_t province, int alg, fg_privkey *out,
                        int *generation, fg_err *err);
/* The issuer key of the province containing `region` (its newest
 * generation), or NULL. */
const struct fg_issuer_key *fg_keyring_issuer(const fg_keyring *k, int32_t region);
/* The trust list of the issuer keys (entries borrow the keys). */
int fg_keyring_trust(const fg_keyring *k, int64_t now_s, fg_trust *out, fg_err *err);
/* The trust list of white-list credentials (core/wlcred.h): each province's
 * issuer key for the lists of its province (its own, its cities' and
 * counties'), and the root key for the national lists (issuer CN-000000,
 * region 000000). Entries borrow the keys. */
int fg_keyring_wl_trust(const fg_keyring *k, int64_t now_s, fg_trust *out, fg_err *err);

#endif
