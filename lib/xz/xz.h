/*
 * An XZ decompressor for whole buffers, freestanding.
 *
 * Linux's bzImage carries its kernel as an .xz stream (CONFIG_KERNEL_XZ:
 * LZMA2 behind the x86 BCJ filter, CRC32 checks), and Xen's dom0 builder
 * unpacks it; so must ours.  The input is complete in memory and the
 * output goes to one caller buffer of known maximum size, which lets the
 * output itself serve as the LZMA2 dictionary: no window to allocate and
 * no copying out of one.
 *
 * Supported: the .xz container (stream header and footer, blocks, index,
 * stream padding, concatenated streams), CRC32 and CRC64 checks (and "no
 * check"), filter chains LZMA2 or x86-BCJ + LZMA2.  SHA-256 checks and
 * other filters are refused with -EOPNOTSUPP.
 *
 * The caller provides a struct xz_dec (38 KiB: the LZMA probability
 * model and the CRC tables) and may reuse it.  xz_decode() returns 0 or a
 * negative Xen errno; on failure x->err says why and x->out_len tells how
 * much output was produced before the problem was found.
 */
#ifndef LIB_XZ_H
#define LIB_XZ_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include "lzma.h"

struct xz_dec {
	/* Work state, caller storage, private to lib/xz. */
	uint32_t crc32_table[8][256]; /* slicing by 8 */
	uint64_t crc64_table[256];
	bool tables_ready;
	struct lzma_dec lzma;

	/* Results of the last xz_decode(). */
	size_t in_used;	     /* input bytes consumed */
	size_t out_len;	     /* output bytes written */
	unsigned int blocks; /* blocks decoded */
	const char *err;     /* why it failed, else NULL */
};

int xz_decode(struct xz_dec *x, const void *in, size_t in_len, void *out,
	      size_t out_max);

/* The integrity checks, exposed for tests and for other formats' use. */
uint32_t xz_crc32(struct xz_dec *x, const void *buf, size_t len, uint32_t crc);
uint64_t xz_crc64(struct xz_dec *x, const void *buf, size_t len, uint64_t crc);

#endif
