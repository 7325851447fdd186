/* The input vocabulary and the checks of an edge's figures. */
#include "supply.h"

#include <string.h>

#include "../util/assert.h"

#define INPUT_WORD(code, id, name, zh, en) {name, zh, en},
static const fg_word input_words[] = {FG_VOCAB_INPUTS_WORDS(INPUT_WORD)};
#undef INPUT_WORD
_Static_assert(sizeof(input_words) / sizeof(input_words[0]) == FG_INPUT_COUNT,
               "one word per fg_input");

const fg_word *fg_input_word(fg_input in)
{
    if (FG_NEVER((unsigned)in >= FG_INPUT_COUNT))
        return &input_words[FG_INPUT_OTHER];
    return &input_words[in];
}

const char *fg_input_name(fg_input in)
{
    return fg_input_word(in)->name;
}

int fg_input_parse(const char *s, fg_input *out, fg_err *err)
{
    int i = fg_word_find(input_words, FG_INPUT_COUNT, s, strlen(s));
    if (i < 0)
        return fg_err_at(err, FG_EINVAL, "input", "chain.input_unknown",
                         "unknown input '{value:%.40s}'; inputs are " FG_VOCAB_INPUTS_LIST, s);
    *out = (fg_input)i;
    return 0;
}

int fg_supply_check(long share, long stock_days, fg_err *err)
{
    if (share < FG_SUPPLY_SHARE_MIN || share > FG_SUPPLY_SHARE_MAX)
        return fg_err_at(err, FG_EINVAL, "share", "chain.share_range",
                         "share must be {min:%d} to {max:%d} percent", FG_SUPPLY_SHARE_MIN,
                         FG_SUPPLY_SHARE_MAX);
    if (stock_days < 0 || stock_days > FG_SUPPLY_STOCK_MAX)
        return fg_err_at(err, FG_EINVAL, "stock_days", "chain.stock_range",
                         "stock_days must be 0 to {max:%d}", FG_SUPPLY_STOCK_MAX);
    return 0;
}
