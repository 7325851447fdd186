/* The claim state machine, the checks of what each step carries, and the
 * budget's decision (core/policy_claim.h). Pure. */
#include "policy_claim.h"

#include <string.h>

#include "date.h"
#include "enterprise.h"
#include "policy.h"
#include "text.h"

static const char *const STATES[FG_CLAIM_STATE_COUNT] = {
    "pending", "more_info", "approved", "rejected", "granted", "received", "withdrawn"};
static const char *const ACTIONS[FG_CLAIM_ACTION_COUNT] = {
    "approve", "reject", "more_info", "answer", "grant", "receipt", "withdraw"};

const char *fg_claim_state_name(fg_claim_state s)
{
    return (unsigned)s < FG_CLAIM_STATE_COUNT ? STATES[s] : "?";
}

int fg_claim_state_parse(const char *s, fg_claim_state *out, fg_err *err)
{
    for (int i = 0; s && i < FG_CLAIM_STATE_COUNT; i++)
        if (strcmp(s, STATES[i]) == 0) {
            *out = (fg_claim_state)i;
            return 0;
        }
    return fg_err_at(err, FG_EINVAL, "state", "policy.claim_state_name",
                     "a claim's state is pending, more_info, approved, rejected, granted, "
                     "received or withdrawn");
}

const char *fg_claim_action_name(fg_claim_action a)
{
    return (unsigned)a < FG_CLAIM_ACTION_COUNT ? ACTIONS[a] : "?";
}

int fg_claim_action_parse(const char *s, fg_claim_action *out, fg_err *err)
{
    for (int i = 0; s && i < FG_CLAIM_ACTION_COUNT; i++)
        if (strcmp(s, ACTIONS[i]) == 0) {
            *out = (fg_claim_action)i;
            return 0;
        }
    return fg_err_at(err, FG_EINVAL, "action", "policy.claim_action",
                     "a claim's action is approve, reject, more_info, answer, grant, receipt or "
                     "withdraw");
}

fg_claim_side fg_claim_action_side(fg_claim_action a)
{
    return a == FG_CLAIM_ANSWER || a == FG_CLAIM_RECEIPT || a == FG_CLAIM_WITHDRAW
               ? FG_CLAIM_BY_ENTERPRISE
               : FG_CLAIM_BY_DEPARTMENT;
}

bool fg_claim_live(fg_claim_state s)
{
    return s != FG_CLAIM_REJECTED && s != FG_CLAIM_WITHDRAWN;
}

int fg_claim_step(fg_claim_state from, fg_claim_action a, fg_claim_side side, fg_claim_state *to,
                  fg_err *err)
{
    if ((unsigned)a >= FG_CLAIM_ACTION_COUNT)
        return fg_err_at(err, FG_EINVAL, "action", "policy.claim_action",
                         "a claim's action is approve, reject, more_info, answer, grant, receipt "
                         "or withdraw");
    if (fg_claim_action_side(a) != side)
        return fg_err_at(err, FG_EPERM, NULL, "policy.claim_side",
                         "{action:%s} is the {side:%s}'s to take", fg_claim_action_name(a),
                         fg_claim_action_side(a) == FG_CLAIM_BY_ENTERPRISE ? "enterprise"
                                                                           : "department");
    fg_claim_state next = FG_CLAIM_STATE_COUNT;
    switch (a) {
    case FG_CLAIM_APPROVE: next = from == FG_CLAIM_PENDING ? FG_CLAIM_APPROVED : next; break;
    case FG_CLAIM_REJECT: next = from == FG_CLAIM_PENDING ? FG_CLAIM_REJECTED : next; break;
    case FG_CLAIM_ASK: next = from == FG_CLAIM_PENDING ? FG_CLAIM_MORE_INFO : next; break;
    case FG_CLAIM_ANSWER: next = from == FG_CLAIM_MORE_INFO ? FG_CLAIM_PENDING : next; break;
    case FG_CLAIM_GRANT: next = from == FG_CLAIM_APPROVED ? FG_CLAIM_GRANTED : next; break;
    case FG_CLAIM_RECEIPT: next = from == FG_CLAIM_GRANTED ? FG_CLAIM_RECEIVED : next; break;
    case FG_CLAIM_WITHDRAW:
        next = from == FG_CLAIM_PENDING || from == FG_CLAIM_MORE_INFO ? FG_CLAIM_WITHDRAWN : next;
        break;
    default: break;
    }
    if (next == FG_CLAIM_STATE_COUNT)
        return fg_err_at(err, FG_ECONFLICT, "state", "policy.claim_state",
                         "a claim that is {state:%s} cannot be {action:%s}",
                         fg_claim_state_name(from), fg_claim_action_name(a));
    *to = next;
    return 0;
}

/* Whether s is valid UTF-8 of at most hi characters with at least lo that
 * can be seen (core/text.h). */
static bool text_ok(const char *s, size_t lo, size_t hi)
{
    if (!s || fg_utf8_check(s, strlen(s)))
        return false;
    return fg_text_visible(s) >= lo && fg_utf8_len(s) <= hi;
}

int fg_claim_reason_check(const char *reason, const char *field, fg_err *err)
{
    if (!text_ok(reason, FG_CLAIM_REASON_MIN, FG_CLAIM_REASON_MAX))
        return fg_err_at(err, FG_EINVAL, field, "policy.claim_reason",
                         "give a reason of {min:%d} to {max:%d} characters", FG_CLAIM_REASON_MIN,
                         FG_CLAIM_REASON_MAX);
    return 0;
}

int fg_claim_approve_check(int64_t amount, int64_t computed, fg_err *err)
{
    if (amount <= 0 || amount > FG_CLAIM_MAX_FEN)
        return fg_err_at(err, FG_EINVAL, "amount_fen", "policy.claim_amount",
                         "the amount approved must be more than 0");
    if (computed >= 0 && amount > computed)
        return fg_err_at(err, FG_EINVAL, "amount_fen", "policy.claim_amount_over",
                         "the amount approved may not exceed the amount the rule computed "
                         "({computed:%lld} fen)",
                         (long long)computed);
    return 0;
}

int fg_claim_grant_check(int64_t amount, int64_t approved, int32_t date, int32_t today,
                         const char *reference, fg_err *err)
{
    if (amount <= 0 || amount > approved)
        return fg_err_at(err, FG_EINVAL, "amount_fen", "policy.grant_amount",
                         "the amount granted must be more than 0 and no more than the amount "
                         "approved ({approved:%lld} fen)",
                         (long long)approved);
    char s[16];
    int32_t back;
    fg_date_format(date, s);
    if (date <= 0 || fg_date_parse(s, &back, NULL) || back != date)
        return fg_err_at(err, FG_EINVAL, "date", "policy.grant_date",
                         "the date of payment must be a date YYYY-MM-DD");
    if (date > today)
        return fg_err_at(err, FG_EINVAL, "date", "policy.grant_date_future",
                         "the date of payment may not be after today");
    if (!text_ok(reference, 1, FG_CLAIM_REF_MAX) || strpbrk(reference, "\t\r\n"))
        return fg_err_at(err, FG_EINVAL, "reference", "policy.grant_reference",
                         "give the payment's reference (voucher number) of 1 to {max:%d} "
                         "characters",
                         FG_CLAIM_REF_MAX);
    return 0;
}

bool fg_claim_budget_fits(int64_t budget, int64_t committed, int64_t amount)
{
    return budget <= 0 || (amount <= budget && committed <= budget - amount);
}

int fg_claim_base_check(int64_t fen, const char *field, fg_err *err)
{
    if (fen <= 0 || fen > FG_CLAIM_MAX_FEN)
        return fg_err_at(err, FG_EINVAL, field, "policy.claim_base",
                         "{field:%s} must be an amount in fen more than 0", field);
    return 0;
}

int fg_claim_statement_check(const char *text, const char *field, fg_err *err)
{
    if (!text_ok(text, 1, FG_CLAIM_STATEMENT_MAX))
        return fg_err_at(err, FG_EINVAL, field, "policy.claim_statement",
                         "a statement is a text of 1 to {max:%d} characters",
                         FG_CLAIM_STATEMENT_MAX);
    return 0;
}

static int b64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

int fg_claim_file_check(const char *name, const char *mime, const char *base64, size_t *out_bytes,
                        const char *field, fg_err *err)
{
    *out_bytes = 0;
    if (!text_ok(name, 1, FG_CLAIM_FILE_NAME_MAX) || strpbrk(name, "/\\\t\r\n"))
        return fg_err_at(err, FG_EINVAL, field, "policy.claim_file_name",
                         "an attachment's name is 1 to {max:%d} characters without slashes",
                         FG_CLAIM_FILE_NAME_MAX);
    const char *slash = mime ? strchr(mime, '/') : NULL;
    size_t ml = mime ? strlen(mime) : 0;
    bool mime_ok = slash && slash != mime && slash[1] && ml <= 100;
    for (size_t i = 0; mime_ok && i < ml; i++)
        mime_ok = mime[i] > ' ' && mime[i] < 127;
    if (!mime_ok)
        return fg_err_at(err, FG_EINVAL, field, "policy.claim_file_type",
                         "an attachment's type is a MIME type such as application/pdf");
    size_t n = base64 ? strlen(base64) : 0, pad = 0;
    bool ok = n > 0 && n % 4 == 0;
    for (size_t i = 0; ok && i < n; i++) {
        if (base64[i] == '=') {
            ok = i >= n - 2 && (i == n - 1 || base64[n - 1] == '=');
            pad++;
        } else {
            ok = b64_value((unsigned char)base64[i]) >= 0;
        }
    }
    if (!ok)
        return fg_err_at(err, FG_EINVAL, field, "policy.claim_file_body",
                         "an attachment's content is base64");
    size_t bytes = n / 4 * 3 - pad;
    if (bytes == 0 || bytes > FG_CLAIM_FILE_MAX)
        return fg_err_at(err, FG_ETOOBIG, field, "policy.claim_file_size",
                         "an attachment is at most {max:%d} KiB", FG_CLAIM_FILE_MAX / 1024);
    *out_bytes = bytes;
    return 0;
}

size_t fg_claim_statements(int benefit, const char *out[4])
{
    size_t n = 0;
    if (benefit == FG_BENEFIT_RENT_RELIEF)
        out[n++] = "premises_state_owned";
    return n;
}
