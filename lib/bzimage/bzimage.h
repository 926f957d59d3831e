/*
 * Linux bzImage unwrapping: finding the kernel ELF inside vmlinuz.
 *
 * A bzImage is real-mode setup code, a setup header at offset 0x1f1, and
 * the protected-mode part starting after (setup_sects + 1) sectors of 512
 * bytes.  Since boot protocol 2.08 the header says where the compressed
 * kernel (the "payload") lies inside the protected-mode part
 * (payload_offset at 0x248, payload_length at 0x24c); the payload's last
 * four bytes give the decompressed size, little-endian (Linux's build
 * appends them for every compressor).  Xen's dom0 builder loads such a
 * file as is, so ours must too; anything without the "HdrS" signature is
 * left to the ELF loader unchanged.
 *
 * bzimage_parse() validates the header against the file size and names the
 * payload's format; bzimage_decompress() unpacks XZ payloads (the only
 * compressor Debian uses) and checks the result against the recorded
 * size.  Returns are 0 or a negative Xen errno with bz->err set.
 */
#ifndef LIB_BZIMAGE_H
#define LIB_BZIMAGE_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include "../xz/xz.h"

enum bzimage_format {
	BZIMAGE_UNKNOWN,
	BZIMAGE_ELF, /* uncompressed: the payload is the ELF itself */
	BZIMAGE_XZ,
	BZIMAGE_GZIP, /* recognised, not supported */
	BZIMAGE_BZIP2,
	BZIMAGE_LZMA,
	BZIMAGE_LZO,
	BZIMAGE_LZ4,
	BZIMAGE_ZSTD,
};

struct bzimage {
	uint16_t version; /* boot protocol, e.g. 0x020f */
	unsigned int setup_sects;
	const uint8_t *payload; /* inside the image */
	size_t payload_len;	/* including the 4-byte size trailer */
	size_t out_len;		/* decompressed size from the trailer */
	enum bzimage_format format;
	const char *err;
};

/* Whether the image carries the bzImage signature at all. */
bool bzimage_is(const void *image, size_t len);

int bzimage_parse(struct bzimage *bz, const void *image, size_t len);
const char *bzimage_format_name(enum bzimage_format f);

/* Unpack the payload into out (out_max bytes); x is the XZ work area. */
int bzimage_decompress(struct bzimage *bz, struct xz_dec *x, void *out,
		       size_t out_max);

#endif
