/*
 * LZMA decoder state: the adaptive probabilities and the few registers
 * (state, rep0..rep3) that LZMA2 keeps from one chunk to the next.
 *
 * Declared here only so callers can size struct xz_dec (xz.h) and provide
 * its storage; nothing outside lib/xz should touch the fields.
 */
#ifndef LIB_XZ_LZMA_H
#define LIB_XZ_LZMA_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

#define LZMA_STATES		12
#define LZMA_POS_STATES_MAX	16 /* pb <= 4 */
#define LZMA_LITERAL_CODER_SIZE 0x300
#define LZMA_LCLP_MAX		4 /* LZMA2 requires lc + lp <= 4 */
#define LZMA_DIST_STATES	4
#define LZMA_DIST_SLOTS		64
#define LZMA_END_POS_MODEL	14
#define LZMA_FULL_DISTANCES	128
#define LZMA_ALIGN_BITS		4

/* Lengths 2..273: choice bits, then a 3-, 3- or 8-bit tree. */
struct lzma_len_probs {
	uint16_t choice;
	uint16_t choice2;
	uint16_t low[LZMA_POS_STATES_MAX][8];
	uint16_t mid[LZMA_POS_STATES_MAX][8];
	uint16_t high[256];
};

struct lzma_probs {
	uint16_t is_match[LZMA_STATES][LZMA_POS_STATES_MAX];
	uint16_t is_rep[LZMA_STATES];
	uint16_t is_rep0[LZMA_STATES];
	uint16_t is_rep1[LZMA_STATES];
	uint16_t is_rep2[LZMA_STATES];
	uint16_t is_rep0_long[LZMA_STATES][LZMA_POS_STATES_MAX];
	uint16_t dist_slot[LZMA_DIST_STATES][LZMA_DIST_SLOTS];
	uint16_t dist_special[1 + LZMA_FULL_DISTANCES - LZMA_END_POS_MODEL];
	uint16_t dist_align[1 << LZMA_ALIGN_BITS];
	struct lzma_len_probs match_len;
	struct lzma_len_probs rep_len;
	uint16_t literal[LZMA_LITERAL_CODER_SIZE << LZMA_LCLP_MAX];
};

struct lzma_dec {
	struct lzma_probs p;
	unsigned int state;
	uint32_t rep0, rep1, rep2, rep3;
	unsigned int lc, lp, pb;
	uint32_t dict_size;
	size_t dict_start; /* output offset of the last dictionary reset */
};

#endif
