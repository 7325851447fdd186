/* Synthetic enterprises, shared by `fugong demo` and `fugong gen`: a
 * reproducible random stream, USCCs from a serial, names, and the figures
 * and categories an enterprise of a GB/T 4754 division plausibly has. */
#ifndef FG_CLI_SYNTH_H
#define FG_CLI_SYNTH_H

#include <stddef.h>
#include <stdint.h>

#include "../core/enterprise.h"

/* splitmix64: small, fast, reproducible. */
uint64_t fg_synth_next(uint64_t *s);
double fg_synth_unit(uint64_t *s); /* [0, 1) */
size_t fg_synth_below(uint64_t *s, size_t n);

/* "91" + county + a 9-character serial (base 31 in the USCC alphabet, so
 * every serial has its own code) + the check character. */
void fg_synth_uscc(long serial, int32_t county, char out[FG_USCC_LEN + 1]);

/* Words of enterprise names: trade names and company-form suffixes. */
#define FG_SYNTH_TRADE_NAMES 28
extern const char *const fg_synth_trade_names[FG_SYNTH_TRADE_NAMES];
#define FG_SYNTH_SUFFIXES 3
extern const char *const fg_synth_suffixes[FG_SYNTH_SUFFIXES];

/* From e->industry (its division's two digits): headcount, capacity (for
 * manufacturing), the key-industrial and livelihood-supply categories by
 * chance, and a related service's kind for finance, forwarding, express and
 * some shops. Draws from *rng in a fixed order. */
void fg_synth_traits(uint64_t *rng, fg_enterprise *e);

/* The key chain (white lists) of a division, or NULL. */
const char *fg_synth_chain_of(const char *industry);

#endif
