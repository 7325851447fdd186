/* Enterprise validation, category names and derived status. */
#include "enterprise.h"

#include <stdio.h>
#include <string.h>

#include "../util/assert.h"
#include "region.h"
#include "risk.h"

static const char *cat_names[] = {"key_industrial", "livelihood_supply", "related_service"};
static const char *service_names[] = {"",
                                      "bank",
                                      "insurance",
                                      "shipping_agency",
                                      "freight_forwarder",
                                      "express_delivery",
                                      "specialty_store",
                                      "other"};
static const char *status_names[] = {"operating", "limited", "stopped"};
_Static_assert(FG_COUNTOF(service_names) == FG_SERVICE_COUNT, "a name for every service kind");

/* The words: the same as the browser's (web/src/i18n.js category, service,
 * status), which tests/api/exports.test.mjs holds them to. */
static const fg_word cat_words[] = {{"key_industrial", "重点工业企业", "Key industrial"},
                                    {"livelihood_supply", "民生保障企业", "Livelihood supply"},
                                    {"related_service", "相关服务业", "Related service"}};
static const fg_word service_words[] = {{"", "", ""},
                                        {"bank", "银行", "Bank"},
                                        {"insurance", "保险", "Insurance"},
                                        {"shipping_agency", "船代", "Shipping agency"},
                                        {"freight_forwarder", "货代", "Freight forwarder"},
                                        {"express_delivery", "快递", "Express delivery"},
                                        {"specialty_store", "专卖店", "Specialty store"},
                                        {"other", "其他", "Other"}};
static const fg_word status_words[] = {{"operating", "正常", "Operating"},
                                       {"limited", "限产", "Limited"},
                                       {"stopped", "停产", "Stopped"}};
_Static_assert(FG_COUNTOF(service_words) == FG_SERVICE_COUNT, "words for every service kind");
_Static_assert(FG_COUNTOF(status_words) == FG_STATUS_STOPPED + 1, "words for every status");

const fg_word fg_enterprise_columns[FG_ECOL_COUNT] = {
    {"uscc", "统一社会信用代码", "USCC"},
    {"name", "企业名称", "Name"},
    {"region_name", "所在区县", "County name"},
    {"region", "区县代码", "County code"},
    {"industry_name", "行业", "Industry name"},
    {"industry", "行业代码", "Industry code"},
    {"headcount", "职工人数", "Headcount"},
    {"capacity", "日产能", "Daily capacity"},
    {"categories", "企业类别", "Categories"},
    {"service_kind", "服务业类型", "Service kind"},
    {"critical", "产业链关键环节", "Critical link"},
    {"plans_filed", "已备案预案", "Plans filed"},
    {"whitelist", "白名单", "White list"},
    {"status", "经营状态", "Status"},
};

const fg_word *fg_category_word(unsigned bit)
{
    if (FG_NEVER(bit >= FG_COUNTOF(cat_words)))
        return &service_words[0];
    return &cat_words[bit];
}

const fg_word *fg_service_word(fg_service_kind k)
{
    if (FG_NEVER((unsigned)k >= FG_COUNTOF(service_words)))
        return &service_words[0];
    return &service_words[k];
}

const fg_word *fg_status_word(fg_status s)
{
    if (FG_NEVER((unsigned)s >= FG_COUNTOF(status_words)))
        return &service_words[0];
    return &status_words[s];
}

int fg_enterprise_column_find(const char *s, size_t n)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '*'))
        n--;
    if (n >= 3 && memcmp(s + n - 3, "\xEF\xBC\x8A", 3) == 0) /* ＊ */
        n -= 3;
    for (int i = 0; i < FG_ECOL_COUNT; i++) /* the API's names first */
        if (strlen(fg_enterprise_columns[i].name) == n &&
            memcmp(fg_enterprise_columns[i].name, s, n) == 0)
            return i;
    return fg_word_find(fg_enterprise_columns, FG_ECOL_COUNT, s, n);
}
_Static_assert(FG_COUNTOF(status_names) == FG_STATUS_STOPPED + 1, "a name for every status");

const char *fg_category_name(unsigned flag)
{
    for (unsigned i = 0; i < 3; i++)
        if (flag == 1u << i)
            return cat_names[i];
    return "";
}

const char *fg_service_name(fg_service_kind k)
{
    if (FG_NEVER((unsigned)k >= FG_COUNTOF(service_names)))
        return "";
    return service_names[k];
}

const char *fg_status_name(fg_status s)
{
    if (FG_NEVER((unsigned)s >= FG_COUNTOF(status_names)))
        return "";
    return status_names[s];
}

int fg_category_parse(const char *s, unsigned *out, fg_err *err)
{
    unsigned flags = 0;
    while (*s) {
        size_t n = strcspn(s, "|, ");
        if (n > 0) {
            unsigned i = 0;
            for (; i < 3; i++)
                if (strlen(cat_names[i]) == n && memcmp(cat_names[i], s, n) == 0)
                    break;
            if (i == 3)
                return fg_err_at(err, FG_EINVAL, "categories", "category.unknown",
                                 "unknown category '{value:%.*s}'; use key_industrial, "
                                 "livelihood_supply or related_service",
                                 (int)(n > 40 ? 40 : n), s);
            flags |= 1u << i;
        }
        s += n;
        if (*s)
            s++;
    }
    *out = flags;
    return 0;
}

void fg_category_format(unsigned flags, char out[64])
{
    out[0] = '\0';
    size_t len = 0;
    for (unsigned i = 0; i < 3; i++) {
        if (!(flags & (1u << i)))
            continue;
        int n = snprintf(out + len, 64 - len, "%s%s", len ? "|" : "", cat_names[i]);
        if (n > 0)
            len += (size_t)n;
    }
}

int fg_category_parse_words(const char *s, unsigned *out, fg_err *err)
{
    const char *bad;
    size_t n;
    if (fg_word_list(cat_words, FG_COUNTOF(cat_words), s, out, &bad, &n))
        return fg_err_at(err, FG_EINVAL, "categories", "category.unknown",
                         "unknown category '{value:%.*s}'; use key_industrial, "
                         "livelihood_supply or related_service",
                         (int)(n > 40 ? 40 : n), bad);
    return 0;
}

int fg_service_parse_words(const char *s, fg_service_kind *out, fg_err *err)
{
    int i = *s ? fg_word_find(service_words, FG_COUNTOF(service_words), s, strlen(s)) : 0;
    if (i < 0)
        return fg_service_parse(s, out, err);
    *out = (fg_service_kind)i;
    return 0;
}

void fg_category_format_words(unsigned flags, bool en, char out[128])
{
    out[0] = '\0';
    size_t len = 0;
    for (unsigned i = 0; i < 3; i++) {
        if (!(flags & (1u << i)))
            continue;
        int n = snprintf(out + len, 128 - len, "%s%s", len ? (en ? "; " : "、") : "",
                         fg_word_text(&cat_words[i], en));
        if (n > 0)
            len += (size_t)n;
    }
}

int fg_service_parse(const char *s, fg_service_kind *out, fg_err *err)
{
    for (int i = 0; i < FG_SERVICE_COUNT; i++) {
        if (strcmp(s, service_names[i]) == 0) {
            *out = (fg_service_kind)i;
            return 0;
        }
    }
    return fg_err_at(err, FG_EINVAL, "service_kind", "service_kind.unknown",
                     "unknown service kind '{value:%.40s}'; use bank, insurance, shipping_agency, "
                     "freight_forwarder, express_delivery, specialty_store or other",
                     s);
}

int fg_status_parse(const char *s, fg_status *out, fg_err *err)
{
    for (int i = 0; i < (int)FG_COUNTOF(status_names); i++) {
        if (strcmp(s, status_names[i]) == 0) {
            *out = (fg_status)i;
            return 0;
        }
    }
    return fg_err_at(err, FG_EINVAL, "status", "status.unknown",
                     "status must be operating, limited or stopped, not '{value:%.20s}'", s);
}

int fg_utf8_check(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str, *end = s + len;
    while (s < end) {
        unsigned c = *s;
        size_t n;
        unsigned min;
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
                return FG_EINVAL;
            s++;
            continue;
        } else if ((c & 0xe0) == 0xc0) {
            n = 1;
            min = 0x80;
            c &= 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            n = 2;
            min = 0x800;
            c &= 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            n = 3;
            min = 0x10000;
            c &= 0x07;
        } else {
            return FG_EINVAL;
        }
        if ((size_t)(end - s) <= n)
            return FG_EINVAL;
        for (size_t i = 1; i <= n; i++) {
            if ((s[i] & 0xc0) != 0x80)
                return FG_EINVAL;
            c = (c << 6) | (s[i] & 0x3f);
        }
        if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
            return FG_EINVAL;
        s += n + 1;
    }
    return 0;
}

size_t fg_utf8_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

int fg_enterprise_validate(const fg_enterprise *e, fg_err *err)
{
    int rc = fg_uscc_validate(e->uscc, err);
    if (rc)
        return rc;
    size_t nlen = strlen(e->name);
    if (nlen == 0)
        return fg_err_at(err, FG_EINVAL, "name", "enterprise.name_empty", "name must not be empty");
    if (fg_utf8_check(e->name, nlen) || strpbrk(e->name, "\t\r\n"))
        return fg_err_at(err, FG_EINVAL, "name", "enterprise.name_text",
                         "name must be UTF-8 text without control characters");
    if (fg_utf8_len(e->name) > FG_NAME_MAX)
        return fg_err_at(err, FG_EINVAL, "name", "enterprise.name_long",
                         "name is longer than {max:%d} characters", FG_NAME_MAX);
    if (e->region < 0 || e->region > 999999 || fg_region_level_of(e->region) != FG_LEVEL_COUNTY)
        return fg_err_at(err, FG_EINVAL, "region", "enterprise.region_county",
                         "region {region:%06d} is not a county-level code; an enterprise sits in "
                         "a county (a code not ending in 00)",
                         (int)e->region);
    if (!(e->industry[0] >= '0' && e->industry[0] <= '9' && e->industry[1] >= '0' &&
          e->industry[1] <= '9' && e->industry[2] == '\0'))
        return fg_err_at(err, FG_EINVAL, "industry", "enterprise.industry",
                         "industry must be a two-digit GB/T 4754-2017 division code, not "
                         "'{value:%.8s}'",
                         e->industry);
    if (e->headcount < 0 || e->headcount > 10000000)
        return fg_err_at(err, FG_EINVAL, "headcount", "enterprise.headcount",
                         "headcount must be between 0 and {max:%d}", 10000000);
    if (e->capacity < 0)
        return fg_err_at(err, FG_EINVAL, "capacity", "enterprise.capacity",
                         "capacity must not be negative");
    if (e->categories & ~(unsigned)FG_CAT_ALL)
        return fg_err_at(err, FG_EINVAL, "categories", "enterprise.category_flag",
                         "unknown category flag");
    bool service = (e->categories & FG_CAT_RELATED_SERVICE) != 0;
    if (service && e->service_kind == FG_SERVICE_NONE)
        return fg_err_at(err, FG_EINVAL, "service_kind", "enterprise.service_kind_missing",
                         "a related_service enterprise must name its service_kind");
    if (!service && e->service_kind != FG_SERVICE_NONE)
        return fg_err_at(err, FG_EINVAL, "service_kind", "enterprise.service_kind_unwanted",
                         "service_kind is only for related_service enterprises");
    if (e->plan_levels & ~7u)
        return fg_err_at(err, FG_EINVAL, "plans", "enterprise.plan_level", "unknown plan level");
    return 0;
}

fg_status fg_enterprise_status(const fg_measure *in_force, size_t n)
{
    fg_status s = FG_STATUS_OPERATING;
    for (size_t i = 0; i < n; i++) {
        if (in_force[i] == FG_MEASURE_STOP)
            return FG_STATUS_STOPPED;
        s = FG_STATUS_LIMITED;
    }
    return s;
}

int fg_enterprise_write_json(fg_buf *b, const fg_enterprise *e)
{
    char region[7];
    fg_region_format(e->region, region);
    int rc = fg_buf_adds(b, "\"uscc\":");
    rc = rc ? rc : fg_buf_add_json_str(b, e->uscc);
    rc = rc ? rc : fg_buf_adds(b, ",\"name\":");
    rc = rc ? rc : fg_buf_add_json_str(b, e->name);
    rc = rc ? rc : fg_buf_adds(b, ",\"region\":\"");
    rc = rc ? rc : fg_buf_adds(b, region);
    rc = rc ? rc : fg_buf_adds(b, "\",\"industry\":");
    rc = rc ? rc : fg_buf_add_json_str(b, e->industry);
    rc = rc ? rc : fg_buf_adds(b, ",\"headcount\":");
    rc = rc ? rc : fg_buf_add_int(b, e->headcount);
    rc = rc ? rc : fg_buf_adds(b, ",\"capacity\":");
    rc = rc ? rc : fg_buf_add_int(b, e->capacity);
    rc = rc ? rc : fg_buf_adds(b, ",\"categories\":[");
    bool first = true;
    for (unsigned f = 1; rc == 0 && f <= FG_CAT_RELATED_SERVICE; f <<= 1) {
        if (!(e->categories & f))
            continue;
        rc = fg_buf_adds(b, first ? "\"" : ",\"");
        rc = rc ? rc : fg_buf_adds(b, fg_category_name(f));
        rc = rc ? rc : fg_buf_addc(b, '"');
        first = false;
    }
    rc = rc ? rc : fg_buf_adds(b, "],\"service_kind\":");
    if (e->service_kind) {
        rc = rc ? rc : fg_buf_addc(b, '"');
        rc = rc ? rc : fg_buf_adds(b, fg_service_name(e->service_kind));
        rc = rc ? rc : fg_buf_addc(b, '"');
    } else {
        rc = rc ? rc : fg_buf_adds(b, "null");
    }
    rc = rc ? rc : fg_buf_adds(b, e->critical ? ",\"critical\":true" : ",\"critical\":false");
    rc = rc ? rc : fg_buf_adds(b, ",\"plans_filed\":[");
    first = true;
    for (int l = FG_RISK_LOW; rc == 0 && l <= FG_RISK_HIGH; l++) {
        if (!(e->plan_levels & (1u << l)))
            continue;
        rc = fg_buf_adds(b, first ? "\"" : ",\"");
        rc = rc ? rc : fg_buf_adds(b, fg_risk_name((fg_risk_level)l));
        rc = rc ? rc : fg_buf_addc(b, '"');
        first = false;
    }
    return rc ? rc : fg_buf_addc(b, ']');
}

int fg_enterprise_not_found(fg_err *err, const char *uscc)
{
    return fg_err_at(err, FG_ENOTFOUND, "uscc", "enterprise.not_found",
                     "no enterprise with uscc {uscc:%.40s} in this account's reach", uscc);
}
