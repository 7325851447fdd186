/* Synthetic enterprises shared by demo and gen (synth.h). */
#include "synth.h"

#include <stdio.h>
#include <string.h>

#include "../core/uscc.h"

uint64_t fg_synth_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

double fg_synth_unit(uint64_t *s)
{
    return (double)(fg_synth_next(s) >> 11) / 9007199254740992.0;
}

size_t fg_synth_below(uint64_t *s, size_t n)
{
    return (size_t)(fg_synth_next(s) % n);
}

void fg_synth_uscc(long serial, int32_t county, char out[FG_USCC_LEN + 1])
{
    static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    snprintf(out, FG_USCC_LEN + 1, "91%06d", (int)county);
    for (int i = 16; i >= 8; i--, serial /= 31)
        out[i] = alphabet[serial % 31];
    out[17] = fg_uscc_check_char(out);
    out[18] = '\0';
}

const char *const fg_synth_trade_names[FG_SYNTH_TRADE_NAMES] = {
    "恒达", "华兴", "金诚", "瑞丰", "永盛", "鑫源", "宏远", "新华", "天成", "东方",
    "长城", "润泽", "聚力", "安泰", "兴业", "中和", "博远", "嘉禾", "立信", "明德",
    "同创", "正泰", "光明", "海达", "富春", "卓越", "远航", "德润"};
const char *const fg_synth_suffixes[FG_SYNTH_SUFFIXES] = {"有限公司", "股份有限公司",
                                                          "有限责任公司"};

void fg_synth_traits(uint64_t *rng, fg_enterprise *e)
{
    int ind = (e->industry[0] - '0') * 10 + (e->industry[1] - '0');
    bool manufacturing = ind >= 13 && ind <= 43;
    e->headcount = manufacturing ? 20 + (int64_t)fg_synth_below(rng, 2000)
                                 : 5 + (int64_t)fg_synth_below(rng, 300);
    e->capacity = manufacturing ? 100 + (int64_t)fg_synth_below(rng, 100000) : 0;
    if ((manufacturing && fg_synth_unit(rng) < 0.25) ||
        (ind >= 44 && ind <= 46 && fg_synth_unit(rng) < 0.5))
        e->categories |= FG_CAT_KEY_INDUSTRIAL;
    if ((ind <= 3 || (ind >= 13 && ind <= 15) || (ind >= 44 && ind <= 46) || ind == 52) &&
        fg_synth_unit(rng) < 0.35)
        e->categories |= FG_CAT_LIVELIHOOD_SUPPLY;
    fg_service_kind sk = FG_SERVICE_NONE;
    if (ind == 66)
        sk = FG_SERVICE_BANK;
    else if (ind == 68)
        sk = FG_SERVICE_INSURANCE;
    else if (ind == 58)
        sk = fg_synth_unit(rng) < 0.5 ? FG_SERVICE_FREIGHT_FORWARDER : FG_SERVICE_SHIPPING_AGENCY;
    else if (ind == 60)
        sk = FG_SERVICE_EXPRESS_DELIVERY;
    else if (ind == 52 && fg_synth_unit(rng) < 0.15)
        sk = FG_SERVICE_SPECIALTY_STORE;
    if (sk) {
        e->categories |= FG_CAT_RELATED_SERVICE;
        e->service_kind = sk;
    }
}

const char *fg_synth_chain_of(const char *industry)
{
    static const struct {
        const char *code, *chain;
    } chains[] = {
        {"36", "automotive"},       {"39", "integrated_circuits"},
        {"34", "equipment"},        {"35", "equipment"},
        {"27", "biomedicine"},      {"44", "energy"},
        {"45", "energy"},           {"25", "energy"},
        {"13", "agriculture_food"}, {"14", "agriculture_food"},
        {"01", "agriculture_food"},
    };
    for (size_t i = 0; i < sizeof(chains) / sizeof(chains[0]); i++)
        if (strcmp(chains[i].code, industry) == 0)
            return chains[i].chain;
    return NULL;
}
