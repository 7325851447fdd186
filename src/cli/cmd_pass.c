/* fugong keys ... and fugong pass ...: signing keys, and checking a vehicle
 * pass offline (no server, no database: files only). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/date.h"
#include "../core/pass.h"
#include "../core/region.h"
#include "../sys/clock.h"
#include "../sys/keyring.h"
#include "../sys/qr.h"
#include "cli.h"

#define FG_DEFAULT_KEYS "var/keys"

static const char keys_usage[] =
    "usage: fugong keys init [--keys DIR] [--alg ALG] [--province CODE]...\n"
    "       fugong keys generate NAME [--keys DIR] [--alg ALG]\n"
    "       fugong keys rollover --province CODE [--keys DIR] [--alg ALG]\n"
    "       fugong keys list [--keys DIR]\n"
    "\n"
    "Signing keys of vehicle passes, one PEM file each in DIR (or FUGONG_KEYS;\n"
    "default " FG_DEFAULT_KEYS "): root.key signs the trust and revocation lists,\n"
    "issuer-PPPPPP.key signs the passes of province PPPPPP. Private keys are\n"
    "written mode 600 with NAME.pub.pem beside them; a key is never replaced.\n"
    "init makes the root and one issuer per --province that are missing.\n"
    "rollover makes the next generation of a province's issuer key\n"
    "(issuer-PPPPPP-N.key), which signs from the next server start; the older\n"
    "ones stay in the trust list for the passes they signed, trusted for passes\n"
    "issued until a day after the new key was made. A province moves from\n"
    "Ed25519 to SM2 with: keys rollover --province PPPPPP --alg SM2.\n"
    "--alg (or --algorithm) EdDSA (Ed25519, the default), ES256, PS256 or SM2\n"
    "(SM2 with SM3, GB/T 32918 and GB/T 32905) for the keys made: keys of\n"
    "different algorithms live side by side and the trust list names each one's.\n";

static const char pass_usage[] =
    "usage: fugong pass verify STRING|--image QR.png (--trust FILE [--revocations FILE]\n"
    "                          [--root ROOT.pub.pem] | --key FILE.pem)\n"
    "                          [--plate PLATE] [--county CODE] [--at TIME]\n"
    "       fugong pass inspect STRING\n"
    "\n"
    "verify checks a pass with no server: the signature against the trust list\n"
    "(downloaded from /api/v1/passes/trust-list, itself checked with the root\n"
    "public key: --root, or FUGONG_ROOT_KEY, or " FG_DEFAULT_KEYS "/root.pub.pem) or\n"
    "against one public key; revocation, validity at --at (RFC 3339; default\n"
    "now), the plate and the checkpoint's county. Prints the verdict, a note\n"
    "beside it when there is no revocation list or the list is past the\n"
    "freshness it states (the verdict stands: it could not rule out revocation),\n"
    "and the pass; exit status 0 when valid, 1 for any other verdict, 2 for bad\n"
    "usage.\n"
    "inspect decodes any Base45 + zlib + COSE_Sign1 string with a prefix (FG1:,\n"
    "HC1:) and prints its header and claims as JSON without judging them.\n";

static const char *keys_dir(const char *flag)
{
    const char *env = getenv("FUGONG_KEYS");
    return flag ? flag : env && *env ? env : FG_DEFAULT_KEYS;
}

int fg_cmd_keys(int argc, char **argv)
{
    static const struct option opts[] = {{"keys", required_argument, 0, 'k'},
                                         {"alg", required_argument, 0, 'a'},
                                         {"algorithm", required_argument, 0, 'a'},
                                         {"province", required_argument, 0, 'p'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *dir = NULL, *alg_s = "EdDSA";
    const char *provinces[40];
    size_t np = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'k': dir = optarg; break;
        case 'a': alg_s = optarg; break;
        case 'p':
            if (np < 40)
                provinces[np++] = optarg;
            break;
        case 'h': fputs(keys_usage, stdout); return 0;
        default: fputs(keys_usage, stderr); return 2;
        }
    }
    dir = keys_dir(dir);
    const char *what = optind < argc ? argv[optind] : "";
    fg_err err;
    fg_err_init(&err);
    int alg;
    if (fg_alg_parse(alg_s, &alg, &err))
        return fg_cli_fail("keys", &err);
    char kid[2 * FG_KID_LEN + 1];
    if (strcmp(what, "generate") == 0 && optind + 2 == argc) {
        fg_privkey k;
        if (fg_keyring_generate(dir, argv[optind + 1], alg, &k, &err))
            return fg_cli_fail("keys generate", &err);
        fg_hex(k.pub.kid, FG_KID_LEN, kid);
        printf("%s/%s.key (%s, kid %s)\n", dir, argv[optind + 1], fg_alg_name(alg), kid);
        fg_privkey_release(&k);
        return 0;
    }
    if (strcmp(what, "rollover") == 0 && optind + 1 == argc) {
        int32_t r;
        if (np != 1 || fg_region_parse(provinces[0], "province", &r, &err) ||
            fg_region_level_of(r) != FG_LEVEL_PROVINCE)
            return fg_cli_failf("keys rollover", "give one --province, a province's code");
        fg_privkey k;
        int generation;
        if (fg_keyring_rollover(dir, r, alg, &k, &generation, &err))
            return fg_cli_fail("keys rollover", &err);
        fg_hex(k.pub.kid, FG_KID_LEN, kid);
        printf("%s/issuer-%06d-%d.key (%s, kid %s): signs from the next start of the server\n", dir,
               (int)r, generation, fg_alg_name(alg), kid);
        fg_privkey_release(&k);
        return 0;
    }
    if (strcmp(what, "init") == 0 && optind + 1 == argc) {
        fg_keyring ring;
        bool have = fg_keyring_load(dir, &ring, &err) == 0;
        if (!have) {
            fg_privkey k;
            if (fg_keyring_generate(dir, "root", alg, &k, &err) && err.code != FG_EEXIST)
                return fg_cli_fail("keys init", &err);
            if (err.code != FG_EEXIST)
                fg_privkey_release(&k);
        }
        for (size_t i = 0; i < np; i++) {
            int32_t r;
            if (fg_region_parse(provinces[i], "province", &r, &err) ||
                fg_region_level_of(r) != FG_LEVEL_PROVINCE)
                return fg_cli_failf("keys init", "--province %s is not a province code",
                                    provinces[i]);
            if (have && fg_keyring_issuer(&ring, r))
                continue;
            char name[32];
            snprintf(name, sizeof(name), "issuer-%06d", (int)r);
            fg_privkey k;
            if (fg_keyring_generate(dir, name, alg, &k, &err))
                return fg_cli_fail("keys init", &err);
            fg_privkey_release(&k);
        }
        if (have)
            fg_keyring_release(&ring);
        what = "list";
    }
    if (strcmp(what, "list") == 0) {
        fg_keyring ring;
        if (fg_keyring_load(dir, &ring, &err))
            return fg_cli_fail("keys", &err);
        fg_hex(ring.root.pub.kid, FG_KID_LEN, kid);
        printf("root                %-6s kid %s\n", fg_alg_name(ring.root.alg), kid);
        for (size_t i = 0; i < ring.n; i++) {
            char name[32];
            fg_keyring_issuer_name(&ring.issuers[i], name);
            fg_hex(ring.issuers[i].key.pub.kid, FG_KID_LEN, kid);
            bool retired = i + 1 < ring.n && ring.issuers[i + 1].region == ring.issuers[i].region;
            printf("%-19s %-6s kid %s%s\n", name, fg_alg_name(ring.issuers[i].key.alg), kid,
                   retired ? " (rolled over: verifies only)" : "");
        }
        fg_keyring_release(&ring);
        return 0;
    }
    fputs(keys_usage, stderr);
    return 2;
}

static int read_bytes(const char *path, char **out, size_t *n, fg_err *err)
{
    return fg_cli_read_file(path, 1 << 20, out, n, err);
}

static int inspect(const char *s)
{
    fg_err err;
    fg_err_init(&err);
    const char *colon = strchr(s, ':');
    char prefix[8] = "";
    if (colon && colon - s < 7)
        memcpy(prefix, s, (size_t)(colon - s + 1));
    fg_cose c;
    fg_pass_layer layer;
    if (!prefix[0] || fg_pass_unwrap(s, strlen(s), prefix, &c, &layer, &err)) {
        if (!prefix[0])
            fg_err_set(&err, FG_EINVAL, "prefix: the text has no prefix such as FG1: or HC1:");
        else
            fg_cose_release(&c);
        return fg_cli_fail("pass inspect", &err);
    }
    json_t *prot = NULL, *claims = NULL;
    char kid[65];
    fg_hex(c.kid, c.kid_len, kid);
    if (fg_cbor_to_json((const uint8_t *)c.protected_bytes.buf, c.protected_bytes.len, &prot, &err))
        prot = json_null();
    if (fg_cbor_to_json((const uint8_t *)c.payload.buf, c.payload.len, &claims, &err))
        claims = json_string(err.msg);
    json_t *out = json_pack("{s:s,s:o,s:s,s:s,s:o,s:i}", "prefix", prefix, "protected", prot, "alg",
                            fg_alg_name(c.alg), "kid", kid, "claims", claims, "signature_bytes",
                            (int)c.signature.len);
    char *text = json_dumps(out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    puts(text ? text : "{}");
    free(text);
    json_decref(out);
    fg_cose_release(&c);
    return 0;
}

/* Beside the verdict, what it could not rule out: with no revocation list,
 * or one past the freshness it states, a revoked pass reads as valid. */
static void revocations_note(const fg_revocations *rev, int64_t at)
{
    char until[25], when[25];
    if (!rev) {
        puts("note: no revocation list (--revocations FILE): a pass its issuer revoked shows as "
             "valid here");
    } else if (!rev->fresh_until) {
        puts("note: the revocation list states no freshness: check that it is today's");
    } else if (fg_revocations_stale(rev, at)) {
        fg_time_format(rev->fresh_until * 1000, until);
        fg_time_format(at * 1000, when);
        printf("note: the revocation list is stale: it answers until %s, this check is at %s; a "
               "pass revoked since shows as valid here (fetch /api/v1/passes/revocations)\n",
               until, when);
    }
}

int fg_cmd_pass(int argc, char **argv)
{
    static const struct option opts[] = {
        {"trust", required_argument, 0, 't'}, {"revocations", required_argument, 0, 'r'},
        {"root", required_argument, 0, 'R'},  {"key", required_argument, 0, 'k'},
        {"plate", required_argument, 0, 'p'}, {"county", required_argument, 0, 'c'},
        {"at", required_argument, 0, 'a'},    {"image", required_argument, 0, 'i'},
        {"help", no_argument, 0, 'h'},        {0, 0, 0, 0}};
    const char *trust_f = NULL, *rev_f = NULL, *root_f = getenv("FUGONG_ROOT_KEY"), *key_f = NULL;
    const char *plate = NULL, *county_s = NULL, *at_s = NULL, *image = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 't': trust_f = optarg; break;
        case 'r': rev_f = optarg; break;
        case 'R': root_f = optarg; break;
        case 'k': key_f = optarg; break;
        case 'p': plate = optarg; break;
        case 'c': county_s = optarg; break;
        case 'a': at_s = optarg; break;
        case 'i': image = optarg; break;
        case 'h': fputs(pass_usage, stdout); return 0;
        default: fputs(pass_usage, stderr); return 2;
        }
    }
    const char *what = optind < argc ? argv[optind] : "";
    if (strcmp(what, "inspect") == 0 && optind + 2 == argc)
        return inspect(argv[optind + 1]);
    if (strcmp(what, "verify") != 0 || (optind + 2 != argc && !image) || (!trust_f && !key_f)) {
        fputs(pass_usage, stderr);
        return 2;
    }
    fg_err err;
    fg_err_init(&err);
    fg_buf text;
    fg_buf_init(&text, 0);
    if (image) {
        if (fg_qr_read_png(image, &text, &err))
            return fg_cli_fail("pass verify", &err);
    } else {
        fg_buf_adds(&text, argv[optind + 1]);
    }
    fg_verify_opts o = {fg_clock_now_ms() / 1000, plate, -1, NULL, NULL, NULL};
    if (at_s) {
        int64_t ms;
        if (fg_time_parse(at_s, &ms, &err))
            return fg_cli_fail("pass verify", &err);
        o.at = ms / 1000;
    }
    if (county_s && fg_region_parse(county_s, "county", &o.county, &err))
        return fg_cli_fail("pass verify", &err);
    fg_pubkey key, root;
    fg_trust trust = {0};
    fg_revocations rev = {0};
    char *data = NULL;
    size_t n = 0;
    int rc = 0;
    if (key_f) {
        rc = read_bytes(key_f, &data, &n, &err) || fg_pubkey_from_pem(data, n, &key, &err);
        free(data);
        if (rc)
            return fg_cli_fail("pass verify", &err);
        o.key = &key;
    } else {
        char def[4096];
        snprintf(def, sizeof(def), "%s/root.pub.pem", keys_dir(NULL));
        const char *rf = root_f ? root_f : def;
        rc = read_bytes(rf, &data, &n, &err) || fg_pubkey_from_pem(data, n, &root, &err);
        free(data);
        if (rc)
            return fg_cli_failf("pass verify", "root key %s: %s", rf, err.msg);
        rc = read_bytes(trust_f, &data, &n, &err) ||
             fg_trust_load((const uint8_t *)data, n, &root, &trust, &err);
        free(data);
        if (rc == 0 && rev_f) {
            rc = read_bytes(rev_f, &data, &n, &err) ||
                 fg_revocations_load((const uint8_t *)data, n, &root, &rev, &err);
            free(data);
            o.revoked = rc ? NULL : &rev;
        }
        fg_pubkey_release(&root);
        if (rc) {
            fg_trust_release(&trust);
            return fg_cli_fail("pass verify", &err);
        }
        o.trust = &trust;
    }
    fg_verdict v;
    rc = fg_pass_verify(text.buf, text.len, &o, &v);
    if (rc == 0) {
        printf("%s: %s\n", fg_verdict_name(v.code), v.reason);
        revocations_note(o.revoked, o.at);
        if (v.have_claims) {
            json_t *j = fg_pass_claims_json(&v.claims);
            char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
            puts(s ? s : "{}");
            free(s);
            json_decref(j);
        }
    }
    fg_buf_release(&text);
    fg_trust_release(&trust);
    fg_revocations_release(&rev);
    if (key_f)
        fg_pubkey_release(&key);
    return rc ? fg_cli_failf("pass verify", "out of memory") : v.code == FG_VERDICT_VALID ? 0 : 1;
}

int fg_cli_pass_deciders(fg_role out[16])
{
    for (int i = 0; i < 16; i++)
        out[i] = FG_ROLE_JOINT_MECHANISM;
    const char *env = getenv("FUGONG_PASS_DECIDERS");
    if (!env || !*env)
        return 0;
    char buf[1024];
    fg_strlcpy(buf, env, sizeof(buf));
    for (char *save = NULL, *item = strtok_r(buf, ",", &save); item;
         item = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(item, '=');
        int goods;
        fg_role role;
        fg_err err;
        if (!eq) {
            fprintf(stderr, "fugong: FUGONG_PASS_DECIDERS entries are goods=role, not '%s'\n",
                    item);
            return 2;
        }
        *eq = '\0';
        if (fg_goods_parse(item, &goods, &err) || fg_role_parse(eq + 1, &role, &err) ||
            (role != FG_ROLE_JOINT_MECHANISM && role != FG_ROLE_INDUSTRY_AUTHORITY &&
             role != FG_ROLE_HEALTH_AUTHORITY && role != FG_ROLE_ECONOMIC_DEPARTMENT)) {
            fprintf(stderr,
                    "fugong: FUGONG_PASS_DECIDERS: '%s=%s': goods must be a goods category and "
                    "the role joint_mechanism, industry_authority, health_authority or "
                    "economic_department\n",
                    item, eq + 1);
            return 2;
        }
        out[goods] = role;
    }
    return 0;
}
