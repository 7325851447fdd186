/* What the files of the supply-chain core share and nobody else uses. */
#ifndef FG_CORE_CHAIN_INTERNAL_H
#define FG_CORE_CHAIN_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "chain.h"

/* A binary min-heap of 64-bit keys; zero-initialised is empty. */
typedef struct fg__chain_heap {
    uint64_t *a;
    size_t len, cap;
} fg__chain_heap;

/* 0 or FG_ENOMEM. */
int fg__chain_heap_push(fg__chain_heap *h, uint64_t x);
/* The smallest key; the heap must not be empty. */
uint64_t fg__chain_heap_pop(fg__chain_heap *h);

/* Time to survive into the caller's arrays (n entries each). `order`, when
 * not NULL, receives the stalled enterprises in the order their day was
 * settled (*out_norder of them), each after its cause. 0 or FG_ENOMEM. */
int fg__chain_survive(const fg_chain *g, const uint32_t *extra, size_t nextra, int32_t *stall,
                      uint32_t *cause, uint32_t *cause_grp, uint32_t *order, uint32_t *out_norder);

/* Immediate dominators into idom (n + 1 entries); when `pre` is not NULL it
 * receives the reachable enterprises in DFS preorder from the virtual source
 * (*out_npre of them), each after its immediate dominator. 0 or FG_ENOMEM. */
int fg__chain_dominators(const fg_chain *g, uint32_t *idom, uint32_t *pre, uint32_t *out_npre);

#endif
