/*
 * Interfaces between the files of lib/xz.
 */
#ifndef LIB_XZ_INTERNAL_H
#define LIB_XZ_INTERNAL_H

#include "xz.h"

void xz_crc_init(struct xz_dec *x);

/*
 * Decode one LZMA2 stream (a block's data) from in[0..in_len) into
 * out[*opos..out_max), advancing *opos; *in_used gets the bytes read up to
 * and including the end marker.
 */
int xz_lzma2_decode(struct xz_dec *x, const uint8_t *in, size_t in_len,
		    size_t *in_used, uint8_t *out, size_t *opos, size_t out_max,
		    uint32_t dict_size);

/* LZMA properties byte (lc/lp/pb); false if invalid for LZMA2. */
bool xz_lzma_props(struct lzma_dec *s, uint8_t props);
void xz_lzma_reset(struct lzma_dec *s);

/*
 * Decode one LZMA chunk of compressed bytes in[0..in_len) producing exactly
 * out[*opos..end).  Returns 0 or a negative errno with x->err set.
 */
int xz_lzma_chunk(struct xz_dec *x, const uint8_t *in, size_t in_len,
		  uint8_t *out, size_t *opos, size_t end);

/* Undo the x86 BCJ filter on a whole block's output. */
void xz_bcj_x86(uint8_t *buf, size_t len, uint32_t start);

#endif
