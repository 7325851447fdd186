/* The delivery of a policy's benefit: the claim's steps and who takes them,
 * the checks of reasons, amounts, grants and attachments, and the budget. */
#include "test.h"

#include "core/policy_claim.h"

static fg_claim_state step(fg_claim_state from, fg_claim_action a, int *rc)
{
    fg_claim_state to = FG_CLAIM_STATE_COUNT;
    fg_err err;
    fg_err_init(&err);
    *rc = fg_claim_step(from, a, fg_claim_action_side(a), &to, &err);
    return to;
}

static void the_path_to_receipt_and_its_branches(void **state)
{
    (void)state;
    int rc;
    assert_int_equal(step(FG_CLAIM_PENDING, FG_CLAIM_APPROVE, &rc), FG_CLAIM_APPROVED);
    assert_int_equal(step(FG_CLAIM_APPROVED, FG_CLAIM_GRANT, &rc), FG_CLAIM_GRANTED);
    assert_int_equal(step(FG_CLAIM_GRANTED, FG_CLAIM_RECEIPT, &rc), FG_CLAIM_RECEIVED);
    assert_int_equal(step(FG_CLAIM_PENDING, FG_CLAIM_ASK, &rc), FG_CLAIM_MORE_INFO);
    assert_int_equal(step(FG_CLAIM_MORE_INFO, FG_CLAIM_ANSWER, &rc), FG_CLAIM_PENDING);
    assert_int_equal(step(FG_CLAIM_PENDING, FG_CLAIM_REJECT, &rc), FG_CLAIM_REJECTED);
    assert_int_equal(step(FG_CLAIM_PENDING, FG_CLAIM_WITHDRAW, &rc), FG_CLAIM_WITHDRAWN);
    assert_int_equal(step(FG_CLAIM_MORE_INFO, FG_CLAIM_WITHDRAW, &rc), FG_CLAIM_WITHDRAWN);
    assert_int_equal(rc, 0);
}

static void every_other_step_is_refused(void **state)
{
    (void)state;
    /* Exactly eight (state, action) pairs are allowed. */
    int allowed = 0;
    for (int s = 0; s < FG_CLAIM_STATE_COUNT; s++)
        for (int a = 0; a < FG_CLAIM_ACTION_COUNT; a++) {
            int rc;
            step((fg_claim_state)s, (fg_claim_action)a, &rc);
            if (rc == 0)
                allowed++;
            else
                assert_int_equal(rc, FG_ECONFLICT);
        }
    assert_int_equal(allowed, 8);
    fg_err err;
    fg_err_init(&err);
    fg_claim_state to;
    /* A granted claim cannot be withdrawn; a received one is final. */
    assert_int_equal(
        fg_claim_step(FG_CLAIM_GRANTED, FG_CLAIM_WITHDRAW, FG_CLAIM_BY_ENTERPRISE, &to, &err),
        FG_ECONFLICT);
    assert_string_equal(err.key, "policy.claim_state");
    assert_int_equal(step(FG_CLAIM_RECEIVED, FG_CLAIM_RECEIPT, &allowed), FG_CLAIM_STATE_COUNT);
}

static void each_side_takes_only_its_own_steps(void **state)
{
    (void)state;
    fg_err err;
    fg_err_init(&err);
    fg_claim_state to;
    assert_int_equal(
        fg_claim_step(FG_CLAIM_PENDING, FG_CLAIM_APPROVE, FG_CLAIM_BY_ENTERPRISE, &to, &err),
        FG_EPERM);
    assert_string_equal(err.key, "policy.claim_side");
    assert_int_equal(
        fg_claim_step(FG_CLAIM_GRANTED, FG_CLAIM_RECEIPT, FG_CLAIM_BY_DEPARTMENT, &to, &err),
        FG_EPERM);
    assert_int_equal(
        fg_claim_step(FG_CLAIM_PENDING, FG_CLAIM_WITHDRAW, FG_CLAIM_BY_DEPARTMENT, &to, &err),
        FG_EPERM);
    assert_int_equal(fg_claim_action_side(FG_CLAIM_GRANT), FG_CLAIM_BY_DEPARTMENT);
    assert_int_equal(fg_claim_action_side(FG_CLAIM_ANSWER), FG_CLAIM_BY_ENTERPRISE);
}

static void names_round_trip_and_liveness(void **state)
{
    (void)state;
    for (int s = 0; s < FG_CLAIM_STATE_COUNT; s++) {
        fg_claim_state back;
        assert_int_equal(fg_claim_state_parse(fg_claim_state_name((fg_claim_state)s), &back, NULL),
                         0);
        assert_int_equal(back, s);
    }
    for (int a = 0; a < FG_CLAIM_ACTION_COUNT; a++) {
        fg_claim_action back;
        assert_int_equal(
            fg_claim_action_parse(fg_claim_action_name((fg_claim_action)a), &back, NULL), 0);
        assert_int_equal(back, a);
    }
    fg_claim_state s;
    assert_int_equal(fg_claim_state_parse("paid", &s, NULL), FG_EINVAL);
    assert_true(fg_claim_live(FG_CLAIM_PENDING));
    assert_true(fg_claim_live(FG_CLAIM_RECEIVED));
    assert_false(fg_claim_live(FG_CLAIM_REJECTED));
    assert_false(fg_claim_live(FG_CLAIM_WITHDRAWN));
}

static void reasons_are_four_to_five_hundred_characters(void **state)
{
    (void)state;
    fg_err err;
    fg_err_init(&err);
    assert_int_equal(fg_claim_reason_check("材料不全", "reason", &err), 0);
    assert_int_equal(fg_claim_reason_check("不全", "reason", &err), FG_EINVAL);
    assert_string_equal(err.key, "policy.claim_reason");
    assert_string_equal(err.field, "reason");
    assert_int_equal(fg_claim_reason_check("      ", "reason", &err), FG_EINVAL);
    assert_int_equal(fg_claim_reason_check(NULL, "reason", &err), FG_EINVAL);
    char long_text[3 * 501 + 1] = "";
    for (int i = 0; i < 500; i++)
        memcpy(long_text + 3 * i, "字", 3);
    assert_int_equal(fg_claim_reason_check(long_text, "reason", &err), 0);
    memcpy(long_text + 3 * 500, "字", 4);
    assert_int_equal(fg_claim_reason_check(long_text, "reason", &err), FG_EINVAL);
    assert_int_equal(fg_claim_reason_check("bad \xff utf8", "reason", &err), FG_EINVAL);
}

static void amounts_approved_and_granted(void **state)
{
    (void)state;
    fg_err err;
    fg_err_init(&err);
    assert_int_equal(fg_claim_approve_check(150000, 150000, &err), 0);
    assert_int_equal(fg_claim_approve_check(150001, 150000, &err), FG_EINVAL);
    assert_string_equal(err.key, "policy.claim_amount_over");
    assert_int_equal(fg_claim_approve_check(0, 150000, &err), FG_EINVAL);
    assert_string_equal(err.key, "policy.claim_amount");
    assert_int_equal(fg_claim_approve_check(9000, -1, &err), 0); /* computed unknown */
    const int32_t today = 20261205;
    assert_int_equal(fg_claim_grant_check(150000, 150000, 20261205, today, "PZ-2026-0001", &err),
                     0);
    assert_int_equal(fg_claim_grant_check(100, 150000, 20261201, today, "PZ-1", &err), 0);
    assert_int_equal(fg_claim_grant_check(150001, 150000, 20261205, today, "PZ-1", &err),
                     FG_EINVAL);
    assert_string_equal(err.key, "policy.grant_amount");
    assert_int_equal(fg_claim_grant_check(0, 150000, 20261205, today, "PZ-1", &err), FG_EINVAL);
    assert_int_equal(fg_claim_grant_check(100, 150000, 20261206, today, "PZ-1", &err), FG_EINVAL);
    assert_string_equal(err.key, "policy.grant_date_future");
    assert_int_equal(fg_claim_grant_check(100, 150000, 20260230, today, "PZ-1", &err), FG_EINVAL);
    assert_string_equal(err.key, "policy.grant_date");
    assert_int_equal(fg_claim_grant_check(100, 150000, 20261201, today, "", &err), FG_EINVAL);
    assert_string_equal(err.key, "policy.grant_reference");
    char ref[66];
    memset(ref, 'A', 65);
    ref[65] = 0;
    assert_int_equal(fg_claim_grant_check(100, 150000, 20261201, today, ref, &err), FG_EINVAL);
    ref[64] = 0;
    assert_int_equal(fg_claim_grant_check(100, 150000, 20261201, today, ref, &err), 0);
}

static void the_budget_holds_to_the_fen(void **state)
{
    (void)state;
    assert_true(fg_claim_budget_fits(0, 999999999, 100)); /* no budget */
    assert_true(fg_claim_budget_fits(300, 200, 100));
    assert_false(fg_claim_budget_fits(300, 201, 100));
    assert_false(fg_claim_budget_fits(300, 0, 301));
    assert_false(fg_claim_budget_fits(INT64_MAX - 1, INT64_MAX - 10, 100)); /* no overflow */
}

static void what_the_enterprise_gives(void **state)
{
    (void)state;
    fg_err err;
    fg_err_init(&err);
    size_t bytes;
    assert_int_equal(fg_claim_base_check(800000, "monthly_rent", &err), 0);
    assert_int_equal(fg_claim_base_check(0, "monthly_rent", &err), FG_EINVAL);
    assert_string_equal(err.field, "monthly_rent");
    assert_int_equal(fg_claim_statement_check("经营场所为国有房产", "statements[0]", &err), 0);
    assert_int_equal(fg_claim_statement_check("", "statements[0]", &err), FG_EINVAL);
    assert_int_equal(fg_claim_file_check("租赁合同.pdf", "application/pdf", "aGVsbG8=", &bytes,
                                         "files[0]", &err),
                     0);
    assert_int_equal(bytes, 5);
    assert_int_equal(
        fg_claim_file_check("a/b.pdf", "application/pdf", "aGVsbG8=", &bytes, "f", &err),
        FG_EINVAL);
    assert_string_equal(err.key, "policy.claim_file_name");
    assert_int_equal(fg_claim_file_check("a.pdf", "pdf", "aGVsbG8=", &bytes, "f", &err), FG_EINVAL);
    assert_string_equal(err.key, "policy.claim_file_type");
    assert_int_equal(fg_claim_file_check("a.pdf", "application/pdf", "aGV*bG8=", &bytes, "f", &err),
                     FG_EINVAL);
    assert_string_equal(err.key, "policy.claim_file_body");
    assert_int_equal(fg_claim_file_check("a.pdf", "application/pdf", "aGVsbG8", &bytes, "f", &err),
                     FG_EINVAL);
    /* Too large: (FG_CLAIM_FILE_MAX + 3) bytes of base64 'A's. */
    size_t n = (FG_CLAIM_FILE_MAX + 3) / 3 * 4;
    char *big = malloc(n + 1);
    memset(big, 'A', n);
    big[n] = 0;
    assert_int_equal(fg_claim_file_check("a.pdf", "application/pdf", big, &bytes, "f", &err),
                     FG_ETOOBIG);
    assert_string_equal(err.key, "policy.claim_file_size");
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_path_to_receipt_and_its_branches),
        cmocka_unit_test(every_other_step_is_refused),
        cmocka_unit_test(each_side_takes_only_its_own_steps),
        cmocka_unit_test(names_round_trip_and_liveness),
        cmocka_unit_test(reasons_are_four_to_five_hundred_characters),
        cmocka_unit_test(amounts_approved_and_granted),
        cmocka_unit_test(the_budget_holds_to_the_fen),
        cmocka_unit_test(what_the_enterprise_gives),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
