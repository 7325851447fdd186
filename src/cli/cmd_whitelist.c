/* `fugong whitelist verify`: a white-list listing credential (FGW1:,
 * core/wlcred.h) checked with no server, as `fugong pass verify` checks a
 * pass; `fugong whitelist credential`: a listing's credential signed from
 * the database and the keys, as the server gives it. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/app.h"
#include "../core/date.h"
#include "../core/wlcred.h"
#include "../sys/clock.h"
#include "../sys/keyring.h"
#include "../sys/qr.h"
#include "cli.h"

#define FG_DEFAULT_KEYS "var/keys" /* as cmd_pass.c */

static const char usage[] =
    "usage: fugong whitelist verify STRING|--image QR.png\n"
    "                          [--keys DIR | --trust FILE [--root ROOT.pub.pem]]\n"
    "                          [--revocations FILE] [--at TIME]\n"
    "\n"
    "verify checks a white-list listing credential (FGW1:, the 白名单企业证明's QR)\n"
    "with no server: the signature against the white-list trust list — made from\n"
    "the keys in DIR (--keys, or FUGONG_KEYS, or " FG_DEFAULT_KEYS "), or downloaded\n"
    "from /api/v1/whitelists/trust-list (--trust) and checked with the root public\n"
    "key (--root, or FUGONG_ROOT_KEY, or DIR/root.pub.pem) — the ended listings of\n"
    "--revocations (from /api/v1/whitelists/revocations) and the review date at\n"
    "--at (RFC 3339; default now). Prints the verdict and the listing; exit status\n"
    "0 when valid, 1 for any other verdict, 2 for bad usage.\n"
    "       fugong whitelist credential LISTING_ID [--keys DIR] [--db PATH]\n"
    "\n"
    "credential prints the signed credential of a listing in force, as\n"
    "GET /api/v1/whitelist-applications/ID/credential gives it.\n";

static const char *keys_dir(const char *flag)
{
    const char *env = getenv("FUGONG_KEYS");
    return flag ? flag : env && *env ? env : FG_DEFAULT_KEYS;
}

static int fail(const fg_err *err)
{
    return fg_cli_fail("whitelist verify", err);
}

/* Signs the credential of listing `id` with the keys of `dir`. */
static int credential(const char *dir, const char *db_flag, const char *id)
{
    fg_err err;
    fg_err_init(&err);
    fg_keyring ring;
    if (fg_keyring_load(dir, &ring, &err))
        return fg_cli_fail("whitelist credential", &err);
    fg_app app;
    fg_store *store = NULL;
    fg_db *db;
    fg_wl_row row;
    bool have_row = false;
    fg_buf out;
    fg_buf_init(&out, 0);
    fg_wlcred c;
    int rc = fg_app_init(&app, NULL, &err);
    app.keys = &ring;
    rc = rc ? rc : fg_cli_open(fg_cli_db(db_flag), &store, &db, &err);
    rc = rc ? rc : fg_store_wl_get(db, id, &row, &err);
    have_row = rc == 0;
    rc = rc ? rc : fg_app_wl_credential(&app, &row, fg_clock_now_ms(), &c, &out, &err);
    if (rc == 0)
        puts(out.buf);
    if (have_row)
        fg_wl_row_release(&row);
    fg_buf_release(&out);
    if (store)
        fg_store_free(store);
    fg_app_release(&app);
    fg_keyring_release(&ring);
    return rc ? fg_cli_fail("whitelist credential", &err) : 0;
}

int fg_cmd_whitelist(int argc, char **argv)
{
    static const struct option opts[] = {{"keys", required_argument, 0, 'k'},
                                         {"trust", required_argument, 0, 't'},
                                         {"root", required_argument, 0, 'R'},
                                         {"revocations", required_argument, 0, 'r'},
                                         {"at", required_argument, 0, 'a'},
                                         {"image", required_argument, 0, 'i'},
                                         {"db", required_argument, 0, 'd'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *dir_f = NULL, *trust_f = NULL, *root_f = getenv("FUGONG_ROOT_KEY"), *rev_f = NULL;
    const char *at_s = NULL, *image = NULL, *db_f = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'k': dir_f = optarg; break;
        case 't': trust_f = optarg; break;
        case 'R': root_f = optarg; break;
        case 'r': rev_f = optarg; break;
        case 'a': at_s = optarg; break;
        case 'i': image = optarg; break;
        case 'd': db_f = optarg; break;
        case 'h': fputs(usage, stdout); return 0;
        default: fputs(usage, stderr); return 2;
        }
    }
    const char *what = optind < argc ? argv[optind] : "";
    if (strcmp(what, "credential") == 0 && optind + 2 == argc)
        return credential(keys_dir(dir_f), db_f, argv[optind + 1]);
    if (strcmp(what, "verify") != 0 || (optind + 2 != argc && !image) ||
        (optind + 2 == argc && image) || (dir_f && trust_f)) {
        fputs(usage, stderr);
        return 2;
    }
    fg_err err;
    fg_err_init(&err);
    fg_buf text;
    fg_buf_init(&text, 0);
    if (image ? fg_qr_read_png(image, &text, &err) : fg_buf_adds(&text, argv[optind + 1])) {
        fg_buf_release(&text);
        return image ? fail(&err) : fg_cli_failf("whitelist verify", "out of memory");
    }
    fg_verify_opts o = {fg_clock_now_ms() / 1000, NULL, -1, NULL, NULL, NULL};
    int64_t ms;
    if (at_s && fg_time_parse(at_s, &ms, &err)) {
        fg_buf_release(&text);
        return fail(&err);
    }
    if (at_s)
        o.at = ms / 1000;
    const char *dir = keys_dir(dir_f);
    fg_keyring ring;
    bool have_ring = false;
    fg_pubkey root;
    bool have_root = false;
    fg_trust trust = {0};
    fg_revocations rev = {0};
    char *data = NULL;
    size_t n = 0;
    int rc = 0;
    if (!trust_f) {
        /* The list the server would sign, from the keys themselves. */
        rc = fg_keyring_load(dir, &ring, &err);
        have_ring = rc == 0;
        rc = rc ? rc : fg_keyring_wl_trust(&ring, o.at, &trust, &err);
        if (rc == 0)
            root = ring.root.pub;
    } else {
        char def[4096];
        snprintf(def, sizeof(def), "%s/root.pub.pem", dir);
        const char *rf = root_f ? root_f : def;
        rc = fg_cli_read_file(rf, 1 << 20, &data, &n, &err) ||
             fg_pubkey_from_pem(data, n, &root, &err);
        free(data);
        if (rc) {
            fg_buf_release(&text);
            return fg_cli_failf("whitelist verify", "root key %s: %s", rf, err.msg);
        }
        have_root = true;
        rc = fg_cli_read_file(trust_f, 1 << 20, &data, &n, &err) ||
             fg_trust_load((const uint8_t *)data, n, &root, &trust, &err);
        free(data);
    }
    if (rc == 0 && rev_f) {
        rc = fg_cli_read_file(rev_f, 1 << 20, &data, &n, &err) ||
             fg_revocations_load((const uint8_t *)data, n, &root, &rev, &err);
        free(data);
        o.revoked = rc ? NULL : &rev;
    }
    o.trust = &trust;
    fg_wlcred_verdict v;
    int status = 0;
    if (rc == 0 && (rc = fg_wlcred_verify(text.buf, text.len, &o, &v)) == 0) {
        printf("%s: %s\n", fg_verdict_name(v.code), v.reason);
        if (v.code == FG_VERDICT_MALFORMED)
            printf("layer: %s\n", fg_pass_layer_name(v.layer));
        if (v.have_claims) {
            json_t *j = fg_wlcred_json(&v.claims);
            char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
            puts(s ? s : "{}");
            free(s);
            json_decref(j);
        }
    } else if (rc) {
        status = fail(&err);
    }
    fg_buf_release(&text);
    if (have_ring)
        free(trust.entries); /* entries borrow the ring's keys */
    else
        fg_trust_release(&trust);
    fg_revocations_release(&rev);
    if (have_root)
        fg_pubkey_release(&root);
    if (have_ring)
        fg_keyring_release(&ring);
    return rc ? status : v.code == FG_VERDICT_VALID ? 0 : 1;
}
