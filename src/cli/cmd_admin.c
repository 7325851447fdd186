/* fugong audit verify | list; fugong guidance show | versions | replace | explain. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../api/api.h"
#include "../app/app.h"
#include "../core/date.h"
#include "../sys/clock.h"
#include "../sys/http.h"
#include "cli.h"

static const char audit_usage[] =
    "usage: fugong audit verify [--deep | --chain CODE] [--anchor FILE [--keys DIR]] [--db PATH]\n"
    "       fugong audit anchor [--keys DIR] [--out FILE] [--url URL] [--db PATH]\n"
    "       fugong audit list [--limit N] [--db PATH]\n"
    "\n"
    "The log is partitioned into chains: one per province (its code) and the\n"
    "nation's own (0), which records the provinces' heads at intervals.\n"
    "verify recomputes the SHA-256 chains over every entry, checks each chain's\n"
    "head, that the heads the nation's chain recorded are still there, and that a\n"
    "database holding records has a log, and names the first broken entry and its\n"
    "chain (exit status 1 if any); --chain CODE verifies one province's chain\n"
    "(and the nation's, which vouches for it); with --anchor, the entry of the\n"
    "nation's chain the anchor vouches for must still be there with its hash (a\n"
    "log cut back with its head is found).\n"
    "--deep also checks the data against the log: every row of every audited\n"
    "table (enterprises, accounts, orders, passes, risk designations...) must be\n"
    "as the last entry that wrote it left it; each row changed, added or removed\n"
    "outside the system is named with its table and key (exit status 1 if any).\n"
    "anchor records the provinces' heads in the nation's chain and writes that\n"
    "chain's head, signed by the root key of DIR (or FUGONG_KEYS;\n"
    "default var/keys), to FILE or standard output: keep it outside the database.\n"
    "With --url it POSTs the anchor (JSON) to URL, a notary outside this system,\n"
    "instead of printing it (with \"Authorization: Bearer T\" when\n"
    "FUGONG_ANCHOR_TOKEN is T); exit status 1 unless it answered 2xx.\n"
    "verify reads the root public key DIR/root.pub.pem to check the anchor.\n"
    "list prints the newest entries as JSON lines.\n";

/* The root public key of the keys directory (DIR/root.pub.pem). */
static int load_root_pub(const char *dir, fg_pubkey *out, fg_err *err)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/root.pub.pem", dir);
    char *pem;
    size_t n;
    int rc = fg_cli_read_file(path, 64 * 1024, &pem, &n, err);
    if (rc)
        return rc;
    rc = fg_pubkey_from_pem(pem, n, out, err);
    free(pem);
    return rc;
}

static int audit_anchor(fg_db *db, const char *keys_dir, const char *out_path, const char *url,
                        fg_err *err)
{
    fg_keyring keys;
    int rc = fg_keyring_load(keys_dir, &keys, err);
    if (rc)
        return rc;
    char *json = NULL;
    fg_audit_anchor a;
    rc = fg_app_audit_anchor_make(db, &keys, fg_clock_now_ms(), &json, &a, err);
    fg_keyring_release(&keys);
    if (rc)
        return rc;
    if (out_path) {
        FILE *f = fopen(out_path, "w");
        int ok = f && fputs(json, f) >= 0 && fputc('\n', f) != EOF;
        ok = f && fclose(f) == 0 && ok;
        if (!ok)
            rc = fg_err_set(err, FG_EIO, "cannot write %s", out_path);
        else
            fprintf(stderr, "anchor of entry %lld written to %s\n", (long long)a.seq, out_path);
    } else if (!url) {
        puts(json);
    }
    if (rc == 0 && url) {
        rc = fg_app_audit_anchor_send(url, getenv("FUGONG_ANCHOR_TOKEN"), json, err);
        if (rc == 0)
            fprintf(stderr, "anchor of entry %lld sent to %s\n", (long long)a.seq, url);
    }
    free(json);
    return rc;
}

int fg_cmd_audit(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, 0, 'd'},     {"limit", required_argument, 0, 'l'},
        {"anchor", required_argument, 0, 'a'}, {"keys", required_argument, 0, 'k'},
        {"out", required_argument, 0, 'o'},    {"url", required_argument, 0, 'u'},
        {"deep", no_argument, 0, 'D'},         {"chain", required_argument, 0, 'c'},
        {"help", no_argument, 0, 'h'},         {0, 0, 0, 0}};
    long chain = -1;
    bool deep = false;
    const char *db_flag = NULL, *anchor_f = NULL, *keys_dir = getenv("FUGONG_KEYS"), *out_f = NULL,
               *url = NULL;
    long limit = 20;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db_flag = optarg; break;
        case 'a': anchor_f = optarg; break;
        case 'k': keys_dir = optarg; break;
        case 'o': out_f = optarg; break;
        case 'u': url = optarg; break;
        case 'D': deep = true; break;
        case 'c': {
            char *end;
            chain = strtol(optarg, &end, 10);
            if (*end || chain < 0 || chain > 999999 || chain % 10000)
                return fg_cli_failf("audit", "--chain must be a province's code (such as 330000) "
                                             "or 0 for the nation's chain");
            break;
        }
        case 'l': {
            char *end;
            limit = strtol(optarg, &end, 10);
            if (*end || limit < 1 || limit > 100000)
                return fg_cli_failf("audit", "--limit must be 1 to 100000");
            break;
        }
        case 'h': fputs(audit_usage, stdout); return 0;
        default: fputs(audit_usage, stderr); return 2;
        }
    }
    if (optind + 1 != argc) {
        fputs(audit_usage, stderr);
        return 2;
    }
    const char *verb = argv[optind];
    if (chain >= 0 && (deep || strcmp(verb, "verify")))
        return fg_cli_failf("audit", "--chain goes with verify, without --deep");
    if (strcmp(verb, "verify") && strcmp(verb, "list") && strcmp(verb, "anchor"))
        return fg_cli_failf("audit", "unknown action '%s'; use verify, anchor or list", verb);
    if ((url || out_f) && strcmp(verb, "anchor"))
        return fg_cli_failf("audit", "--out and --url go with anchor");
    fg_err uerr;
    fg_err_init(&uerr);
    if (url && fg_http_url_check(url, &uerr))
        return fg_cli_fail("audit", &uerr);
    if (!keys_dir || !*keys_dir)
        keys_dir = "var/keys";
    fg_err err;
    fg_err_init(&err);
    /* The anchor is read and its signature checked before the database. */
    fg_audit_anchor anchor = {0};
    if (anchor_f) {
        fg_pubkey root;
        char *text;
        size_t n;
        int arc = load_root_pub(keys_dir, &root, &err);
        if (arc)
            return fg_cli_fail("audit", &err);
        if ((arc = fg_cli_read_file(anchor_f, 64 * 1024, &text, &n, &err)) == 0) {
            arc = fg_app_audit_anchor_read(text, n, &root, &anchor, &err);
            free(text);
        }
        fg_pubkey_release(&root);
        if (arc)
            return fg_cli_fail("audit", &err);
    }
    fg_store *store;
    fg_db *db;
    if (fg_cli_open(fg_cli_db(db_flag), &store, &db, &err))
        return fg_cli_fail("audit", &err);
    int rc, status = 0;
    if (strcmp(verb, "anchor") == 0) {
        rc = audit_anchor(db, keys_dir, out_f, url, &err);
    } else if (strcmp(verb, "verify") == 0) {
        fg_audit_verdict v;
        fg_audit_deep *dv = deep ? malloc(sizeof(*dv)) : NULL;
        if (deep && !dv)
            rc = fg_err_set(&err, FG_ENOMEM, "out of memory");
        else
            rc = deep ? fg_audit_verify_deep(db, anchor_f ? &anchor : NULL, &v, dv, &err)
                      : fg_audit_verify_chain(db, (int32_t)chain, anchor_f ? &anchor : NULL, &v,
                                              &err);
        if (!rc && v.first_bad) {
            printf("audit chain BROKEN at entry %lld of chain %06d: %s (%lld entries read)\n",
                   (long long)v.first_bad, (int)v.chain, v.reason, (long long)v.checked);
            status = 1;
        } else if (!rc) {
            char at[25];
            fg_time_format(anchor.at_ms, at);
            if (anchor_f)
                printf("audit chain intact: %lld entries verified in %lld chains; entry %lld of "
                       "the nation's chain is the one the anchor of %s vouches for\n",
                       (long long)v.checked, (long long)v.chains, (long long)anchor.seq, at);
            else
                printf("audit chain intact: %lld entries verified in %lld chains\n",
                       (long long)v.checked, (long long)v.chains);
        }
        if (!rc && dv) {
            printf("data: %lld rows of %zu audited tables checked against the rows sealed by "
                   "%lld entries: ",
                   (long long)dv->rows_checked, dv->tables, (long long)dv->entries_sealing);
            if (dv->bad_rows == 0)
                puts("every row is as its last entry left it");
            else
                printf("%lld NOT explained by the log\n", (long long)dv->bad_rows);
            for (size_t i = 0; i < dv->n_findings; i++)
                printf("  %s %s: %s\n", dv->findings[i].table, dv->findings[i].key,
                       dv->findings[i].what);
            if (dv->bad_rows > (int64_t)dv->n_findings)
                printf("  ... and %lld more\n",
                       (long long)(dv->bad_rows - (int64_t)dv->n_findings));
            status = dv->bad_rows ? 1 : status;
        }
        free(dv);
    } else {
        json_t *list;
        fg_audit_filter f = {0, 999999, "", "", "", "", 0, (int)limit};
        rc = fg_audit_list(db, &f, &list, &err);
        if (!rc) {
            size_t i;
            json_t *it;
            json_array_foreach(list, i, it)
            {
                char *line = json_dumps(it, JSON_COMPACT | JSON_PRESERVE_ORDER);
                if (line)
                    puts(line);
                free(line);
            }
            json_decref(list);
        }
    }
    fg_store_free(store);
    return rc ? fg_cli_fail("audit", &err) : status;
}

static const char guidance_usage[] =
    "usage: fugong guidance show [--version N] [--db PATH]\n"
    "       fugong guidance versions [--db PATH]\n"
    "       fugong guidance replace FILE.json --note TEXT [--db PATH]\n"
    "       fugong guidance explain USCC [--on YYYY-MM-DD] [--db PATH]\n"
    "\n"
    "The guidance rule table maps risk level x category x white list x filed plans\n"
    "to an operating mode, measures and whether (and by which route) a stop or\n"
    "limit may be proposed. replace checks the table (every situation must have an\n"
    "answer) and stores it as the next version; explain shows the answer for one\n"
    "enterprise and the rule that gave it.\n";

int fg_cmd_guidance(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, 0, 'd'},   {"version", required_argument, 0, 'v'},
        {"note", required_argument, 0, 'n'}, {"on", required_argument, 0, 'o'},
        {"help", no_argument, 0, 'h'},       {0, 0, 0, 0}};
    const char *db_flag = NULL, *note = NULL, *on_s = NULL;
    long version = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db_flag = optarg; break;
        case 'v': version = strtol(optarg, NULL, 10); break;
        case 'n': note = optarg; break;
        case 'o': on_s = optarg; break;
        case 'h': fputs(guidance_usage, stdout); return 0;
        default: fputs(guidance_usage, stderr); return 2;
        }
    }
    if (optind >= argc) {
        fputs(guidance_usage, stderr);
        return 2;
    }
    const char *verb = argv[optind];
    const char *arg = optind + 1 < argc ? argv[optind + 1] : NULL;
    bool wants_arg = strcmp(verb, "replace") == 0 || strcmp(verb, "explain") == 0;
    if (optind + 1 + (wants_arg ? 1 : 0) != argc)
        return fg_cli_failf("guidance", "wrong arguments for '%s'; see --help", verb);
    fg_err err;
    fg_err_init(&err);
    int32_t on = fg_clock_today();
    if (on_s && fg_date_parse(on_s, &on, &err))
        return fg_cli_fail("guidance", &err);
    if (strcmp(verb, "replace") == 0 && (!note || strlen(note) < 4))
        return fg_cli_failf("guidance", "replace needs --note saying what changed and why");
    if (strcmp(verb, "show") && strcmp(verb, "versions") && !wants_arg)
        return fg_cli_failf("guidance", "unknown action '%s'; see --help", verb);
    fg_store *store;
    fg_db *db;
    if (fg_cli_open(fg_cli_db(db_flag), &store, &db, &err))
        return fg_cli_fail("guidance", &err);
    int rc = 0;
    json_t *out = NULL;
    if (strcmp(verb, "show") == 0) {
        if (version) {
            rc = fg_store_guidance_get(db, (int)version, &out, &err);
        } else {
            fg_guidance_table t;
            rc = fg_store_guidance_current(db, &t, &err);
            if (!rc) {
                out = json_incref(t.json);
                fg_guidance_table_release(&t);
            }
        }
    } else if (strcmp(verb, "versions") == 0) {
        rc = fg_store_guidance_versions(db, &out, &err);
    } else if (strcmp(verb, "replace") == 0) {
        char *text;
        size_t len;
        int v;
        rc = fg_cli_read_file(arg, 4 << 20, &text, &len, &err);
        if (!rc) {
            rc = fg_store_guidance_replace(db, text, len, note, fg_clock_now_ms(), fg_cli_actor(),
                                           &v, &err);
            free(text);
        }
        if (!rc)
            printf("guidance table version %d stored\n", v);
    } else {
        fg_enterprise e;
        fg_enterprise_meta m;
        fg_app app;
        rc = fg_store_enterprise_get(db, arg, fg_clock_now_ms(), &e, &m, &err);
        if (!rc && !(rc = fg_app_init(&app, NULL, &err))) {
            rc = fg_app_guidance_answer(&app, db, &e, &m, on, &out, &err);
            fg_app_release(&app);
        }
    }
    if (out) {
        char *text = json_dumps(out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (text)
            puts(text);
        free(text);
        json_decref(out);
    }
    fg_store_free(store);
    return rc ? fg_cli_fail("guidance", &err) : 0;
}
