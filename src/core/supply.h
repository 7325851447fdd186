/* The supply-chain edge as data (chain-data): the input vocabulary
 * (data/vocab/inputs.json) and the checks an edge's figures must pass. The
 * analyses over edges live in chain.h. Pure. */
#ifndef FG_CORE_SUPPLY_H
#define FG_CORE_SUPPLY_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/err.h"
#include "fg_vocab.h"
#include "words.h"

/* FG_INPUT_CASTINGS = 0, ...: the rows of data/vocab/inputs.json in order. */
#define FG__INPUT_ENUM(code, id, name) FG_INPUT_##id = code,
typedef enum { FG_VOCAB_INPUTS(FG__INPUT_ENUM) FG_INPUT_COUNT } fg_input;
#undef FG__INPUT_ENUM

/* The input's API name ("castings"); static. */
const char *fg_input_name(fg_input in);
/* Its words (name, Chinese, English); static. */
const fg_word *fg_input_word(fg_input in);
/* Reads an input from its name or either word (see fg_word_is). FG_EINVAL
 * naming the field "input" otherwise. */
int fg_input_parse(const char *s, fg_input *out, fg_err *err);

/* Bounds of an edge's figures. */
#define FG_SUPPLY_SHARE_MIN 1
#define FG_SUPPLY_SHARE_MAX 100
#define FG_SUPPLY_STOCK_MAX 365

/* Checks the share (percent of the customer's need of the input) and the
 * stock in days; FG_EINVAL naming "share" or "stock_days". */
int fg_supply_check(long share, long stock_days, fg_err *err);

#endif
