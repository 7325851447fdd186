/* Anchors of the audit chain (issue 16): the head signed by the national
 * root key and kept outside the database, so that `audit verify --anchor`
 * finds a log cut back together with its head. */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../sys/http.h"
#include "app.h"

#define ANCHOR_KIND "fugong audit anchor"

int fg_app_audit_checkpoint(fg_db *db, int64_t now, bool *out_wrote, fg_err *err)
{
    return fg_audit_checkpoint(db, now, out_wrote, err);
}

int fg_app_audit_anchor_make(fg_db *db, const fg_keyring *keys, int64_t now, char **out_json,
                             fg_audit_anchor *out, fg_err *err)
{
    if (!keys || !keys->have_root)
        return fg_err_at(err, FG_EINVAL, NULL, "audit.anchor_no_root",
                         "no root key: anchors are signed by the root key (fugong keys init)");
    memset(out, 0, sizeof(*out));
    /* The provinces' heads first, into the nation's chain: the anchor of
     * that chain then vouches for every chain (issue 17). */
    bool wrote;
    int rc = fg_app_audit_checkpoint(db, now, &wrote, err);
    if (rc == 0)
        rc = fg_db_begin_snapshot(db, err);
    if (rc)
        return rc;
    rc = fg_audit_head_read(db, 0, &out->seq, out->hash, err);
    fg_db_rollback(db);
    if (rc)
        return rc;
    out->at_ms = now;
    char msg[160];
    int len = fg_audit_anchor_message(out, msg, sizeof(msg));
    uint8_t sig[FG_SIG_MAX];
    size_t sig_len;
    if (len < 0)
        return fg_err_set(err, FG_ENOMEM, "the anchor does not fit");
    if ((rc = fg_sig_sign(&keys->root, (const uint8_t *)msg, (size_t)len, sig, &sig_len, err)))
        return rc;
    char sig64[sodium_base64_ENCODED_LEN(FG_SIG_MAX, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(sig64, sizeof(sig64), sig, sig_len, sodium_base64_VARIANT_ORIGINAL);
    char kid[2 * FG_KID_LEN + 1], at[25];
    sodium_bin2hex(kid, sizeof(kid), keys->root.pub.kid, FG_KID_LEN);
    fg_time_format(now, at);
    json_t *j =
        json_pack("{s:s,s:i,s:I,s:s,s:s,s:I,s:s,s:s,s:s}", "kind", ANCHOR_KIND, "version", 1, "seq",
                  (json_int_t)out->seq, "hash", out->hash, "at", at, "at_ms", (json_int_t)now,
                  "alg", fg_alg_name(keys->root.alg), "kid", kid, "signature", sig64);
    *out_json = j ? json_dumps(j, JSON_INDENT(1) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(j);
    return *out_json ? 0 : fg_err_set(err, FG_ENOMEM, "out of memory");
}

int fg_app_audit_anchor_read(const char *text, size_t n, const fg_pubkey *root,
                             fg_audit_anchor *out, fg_err *err)
{
    memset(out, 0, sizeof(*out));
    json_t *j = json_loadb(text, n, JSON_REJECT_DUPLICATES, NULL);
    const char *kind = json_string_value(json_object_get(j, "kind"));
    const char *hash = json_string_value(json_object_get(j, "hash"));
    const char *kid = json_string_value(json_object_get(j, "kid"));
    const char *sig64 = json_string_value(json_object_get(j, "signature"));
    json_t *seq = json_object_get(j, "seq"), *at = json_object_get(j, "at_ms");
    int rc = 0;
    if (!kind || strcmp(kind, ANCHOR_KIND) != 0 || !json_is_integer(seq) ||
        json_integer_value(seq) < 0 || !json_is_integer(at) || !hash ||
        strlen(hash) != FG_AUDIT_HASH_HEX - 1 || !kid || !sig64) {
        rc = fg_err_at(err, FG_EINVAL, NULL, "audit.anchor_format",
                       "not an anchor of the audit chain (fugong audit anchor)");
        goto out;
    }
    out->seq = json_integer_value(seq);
    out->at_ms = json_integer_value(at);
    memcpy(out->hash, hash, FG_AUDIT_HASH_HEX);
    char want[2 * FG_KID_LEN + 1];
    sodium_bin2hex(want, sizeof(want), root->kid, FG_KID_LEN);
    if (strcmp(kid, want) != 0) {
        rc = fg_err_at(err, FG_EINVAL, NULL, "audit.anchor_key",
                       "the anchor was signed by key {kid:%s}, not by this root key ({root:%s})",
                       kid, want);
        goto out;
    }
    /* The algorithm is the root key's; an anchor naming another is refused
     * (anchors without the field are read by the key alone). */
    const char *alg = json_string_value(json_object_get(j, "alg"));
    if (alg && strcmp(alg, fg_alg_name(root->alg)) != 0) {
        rc = fg_err_at(err, FG_EINVAL, NULL, "audit.anchor_alg",
                       "the anchor names the algorithm {alg:%.20s}, but the root key is {root:%s}",
                       alg, fg_alg_name(root->alg));
        goto out;
    }
    uint8_t sig[FG_SIG_MAX];
    size_t sig_len;
    char msg[160];
    int len = fg_audit_anchor_message(out, msg, sizeof(msg));
    if (len < 0 ||
        sodium_base642bin(sig, sizeof(sig), sig64, strlen(sig64), NULL, &sig_len, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        fg_sig_verify(root, (const uint8_t *)msg, (size_t)len, sig, sig_len) != 0)
        rc = fg_err_at(err, FG_EINVAL, NULL, "audit.anchor_signature",
                       "the anchor's signature does not verify: it was changed after it was "
                       "signed");
out:
    json_decref(j);
    return rc;
}

static int save_one(const char *dir, const char *name, const char *json, fg_err *err)
{
    char path[4096], tmp[4200];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return fg_err_set(err, FG_EIO, "cannot write %s: %s", tmp, strerror(errno));
    int ok = fputs(json, f) >= 0 && fputc('\n', f) != EOF;
    ok = fclose(f) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        remove(tmp);
        return fg_err_set(err, FG_EIO, "cannot write %s: %s", path, strerror(errno));
    }
    return 0;
}

int fg_app_audit_anchor_save(const char *dir, const fg_audit_anchor *a, const char *json,
                             fg_err *err)
{
    char name[64];
    snprintf(name, sizeof(name), "anchor-%lld.json", (long long)a->seq);
    int rc = save_one(dir, name, json, err);
    return rc ? rc : save_one(dir, "anchor-latest.json", json, err);
}

int fg_app_audit_anchor_send(const char *url, const char *token, const char *json, fg_err *err)
{
    long status = 0;
    return fg_http_post(url, token && *token ? token : NULL, "application/json", json, strlen(json),
                        FG_APP_ANCHOR_SEND_TIMEOUT_S, &status, err);
}
