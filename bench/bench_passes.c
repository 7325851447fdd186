/* Passes: offline verification (string in, verdict out: Base45, zlib, CBOR,
 * COSE, claims, trust lookup, Ed25519, revocation, validity) per second on
 * one core, beside bare Ed25519 verifications of a message of the same
 * length as the signed structure, in the same run; and issuance (apply, then
 * serial, sign, store, each with its audit entry: two transactions) per
 * second into a demo database, beside the baseline of plain inserts of the
 * same rows and audit entries into the same database in as many
 * transactions: per pass, the passes row as issued (every column, a
 * credential of the same length) with a "pass.apply" entry, then a
 * "pass.issue" entry; no serial, no signature, no reads, no checks.
 * Usage: bench_passes DB N
 *   -> "verify_n verify_s bare_n bare_s issue_n issue_s plain_n plain_s pass_length" */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "bench.h"
#include "store/store.h"
#include "sys/keyring.h"
#include "sys/clock.h"
#include "../tests/pass_sample.h"

static int die(const char *what, const fg_err *err)
{
    return fg_bench_fail("bench_passes", what, err);
}

static const char SQL_PLAIN_PASS[] =
    "INSERT INTO passes (id, number, region, state, applicant, applied_by, goods, origin, "
    "destination, route, plate, crew, valid_from, valid_to, applied_at, decided_by, decided_at, "
    "decision, credential, kid, revoked_at, revoked_by, revoke_reason, renews, version) "
    "VALUES (?, ?, ?, 'issued', ?, 'bench', ?, ?, ?, ?, ?, ?, ?, ?, ?, 'bench', ?, '', ?, ?, 0, "
    "'', '', '', 2)";

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: bench_passes DB N\n");
        return 2;
    }
    long n = strtol(argv[2], NULL, 10);
    fg_err err;
    fg_err_init(&err);
    fg_privkey key;
    if (fg_privkey_generate(FG_ALG_EDDSA, &key, &err))
        return die("key", &err);
    int64_t now = fg_clock_now_ms() / 1000;
    fg_pass_claims c = fg_test_pass_sample(now);
    fg_buf s;
    fg_buf_init(&s, 0);
    if (fg_pass_issue(&c, &key, &s, &err))
        return die("issue", &err);
    fg_trust trust = {0};
    trust.entries = calloc(1, sizeof(*trust.entries));
    trust.n = 1;
    trust.entries[0].key = key.pub;
    trust.entries[0].key.pkey = NULL;
    snprintf(trust.entries[0].issuer, sizeof(trust.entries[0].issuer), "CN-330000");
    trust.entries[0].regions[0] = 330000;
    trust.entries[0].n_regions = 1;
    trust.entries[0].valid_to = now + 86400;
    int64_t revoked_numbers[1000];
    for (int i = 0; i < 1000; i++)
        revoked_numbers[i] = 330000100000LL + i;
    fg_revocations rev = {revoked_numbers, 1000, now, 0};
    fg_verify_opts o = {now + 60, "浙A12345", 330110, &trust, NULL, &rev};

    /* The signed structure's length, for the bare baseline. */
    fg_cose cose;
    fg_pass_layer layer;
    fg_buf tbs;
    fg_buf_init(&tbs, 0);
    if (fg_pass_unwrap(s.buf, s.len, NULL, &cose, &layer, &err) || fg_cose_tbs(&cose, &tbs))
        return die("unwrap", &err);
    uint8_t sig[64];
    memcpy(sig, cose.signature.buf, 64);

    /* Interleaved blocks, so that the machine's noise falls on both alike. */
    double tv = 0, tb = 0;
    for (long done = 0; done < n; done += 500) {
        long k = n - done < 500 ? n - done : 500;
        double a = fg_bench_now();
        for (long i = 0; i < k; i++) {
            fg_verdict v;
            if (fg_pass_verify(s.buf, s.len, &o, &v) || v.code != FG_VERDICT_VALID) {
                fprintf(stderr, "bench_passes: verdict %s\n", fg_verdict_name(v.code));
                return 1;
            }
        }
        double b = fg_bench_now();
        for (long i = 0; i < k; i++)
            if (crypto_sign_verify_detached(sig, (const uint8_t *)tbs.buf, tbs.len, key.pub.ed) != 0)
                return 1;
        double e = fg_bench_now();
        tv += b - a;
        tb += e - b;
    }

    /* Issuance through app/: apply, then issue (serial, signature, record,
     * audit entry) with the province's key. */
    fg_store *store;
    fg_db *db;
    fg_app app;
    static fg_keyring ring;
    ring.issuers[0].key = key;
    ring.issuers[0].region = 330000;
    ring.n = 1;
    if (fg_store_open(argv[1], &store, &err) || fg_store_conn(store, &db, &err) ||
        fg_app_init(&app, NULL, &err))
        return die("open", &err);
    app.keys = &ring;
    fg_principal province = {FG_ROLE_JOINT_MECHANISM, 330000, NULL, NULL, 0, false};
    fg_who issuer = {"bench", FG_ROLE_JOINT_MECHANISM, &province};
    long issued = n / 10;
    double t3 = fg_bench_now();
    for (long i = 0; i < issued; i++) {
        char id[37], number[13];
        fg_pass_row row;
        if (fg_store_pass_apply(db, &c, 330000, NULL, NULL, 0, now * 1000, "bench", id, &err) ||
            fg_store_pass_get(db, id, &row, &err) ||
            fg_app_pass_issue(&app, db, &issuer, &row, "", now * 1000, number, &err))
            return die("store", &err);
        fg_pass_row_release(&row);
    }
    double t4 = fg_bench_now();

    /* Baseline: the same rows and audit entries, inserted blind. */
    char route[64], kid[2 * FG_KID_LEN + 1];
    snprintf(route, sizeof(route), "%06d,%06d,%06d", (int)c.route[0], (int)c.route[1],
             (int)c.route[2]);
    fg_hex(key.pub.kid, FG_KID_LEN, kid);
    json_t *crew = fg_pass_crew_json(&c);
    char *crew_s = json_dumps(crew, JSON_COMPACT);
    json_decref(crew);
    if (!crew_s)
        return 1;
    double t5 = fg_bench_now();
    for (long i = 0; i < issued; i++) {
        char id[37], number[13];
        fg_clock_uuid(id);
        fg_pass_number_format(330000900000LL + i, number);
        fg_tx tx;
        int rc = fg_tx_begin(&tx, db, now * 1000, "bench", &err);
        if (rc == 0)
            rc = fg_db_run(db, &err, SQL_PLAIN_PASS, "ttdttddtttiiiitt", id, number, 330000,
                           c.applicant, fg_goods_name(c.goods), (int)c.origin,
                           (int)c.destination, route, c.plate, crew_s, c.nbf * 1000,
                           c.exp * 1000, now * 1000, now * 1000, s.buf, kid);
        if ((rc = fg_bench_audit_commit(&tx, rc, "pass.apply", "pass", id, c.origin, &err)) ||
            (rc = fg_tx_begin(&tx, db, now * 1000, "bench", &err)) ||
            (rc = fg_bench_audit_commit(&tx, rc, "pass.issue", "pass", number, c.origin, &err)))
            return die("baseline", &err);
    }
    double t6 = fg_bench_now();
    free(crew_s);
    printf("%ld %.4f %ld %.4f %ld %.4f %ld %.4f %zu\n", n, tv, n, tb, issued, t4 - t3, issued,
           t6 - t5, s.len);
    fg_app_release(&app);
    fg_store_free(store);
    fg_cose_release(&cose);
    fg_buf_release(&tbs);
    fg_buf_release(&s);
    free(trust.entries);
    fg_privkey_release(&key);
    return 0;
}
