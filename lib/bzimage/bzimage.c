/*
 * Parsing the bzImage setup header and unpacking its payload.
 *
 * Every offset read from the header is checked against the file before
 * use: the payload must lie inside the protected-mode part, which must lie
 * inside the file, without any sum wrapping.  The payload format is told
 * by its magic bytes, as Xen's and Linux's decompressors do.
 */
#include "bzimage.h"
#include "../common/bytes.h"
#include "../common/lib_errno.h"

#define HDR_SETUP_SECTS	   0x1f1
#define HDR_MAGIC	   0x202
#define HDR_VERSION	   0x206
#define HDR_PAYLOAD_OFFSET 0x248
#define HDR_PAYLOAD_LENGTH 0x24c
#define HDR_END		   0x250
#define BOOT_PROTO_PAYLOAD 0x0208 /* first with payload_offset */

static int bz_fail(struct bzimage *bz, int rc, const char *why)
{
	bz->err = why;
	return rc;
}

bool bzimage_is(const void *image, size_t len)
{
	const uint8_t *p = image;

	return len >= HDR_END && p[HDR_MAGIC] == 'H' &&
	       p[HDR_MAGIC + 1] == 'd' && p[HDR_MAGIC + 2] == 'r' &&
	       p[HDR_MAGIC + 3] == 'S';
}

struct magic {
	enum bzimage_format format;
	uint8_t len;
	uint8_t bytes[6];
};

static const struct magic magics[] = {
    {BZIMAGE_ELF, 4, {0x7f, 'E', 'L', 'F'}},
    {BZIMAGE_XZ, 6, {0xfd, '7', 'z', 'X', 'Z', 0}},
    {BZIMAGE_GZIP, 2, {0x1f, 0x8b}},
    {BZIMAGE_BZIP2, 3, {'B', 'Z', 'h'}},
    {BZIMAGE_LZMA, 3, {0x5d, 0, 0}},
    {BZIMAGE_LZO, 4, {0x89, 'L', 'Z', 'O'}},
    {BZIMAGE_LZ4, 4, {0x02, 0x21, 0x4c, 0x18}},
    {BZIMAGE_ZSTD, 4, {0x28, 0xb5, 0x2f, 0xfd}},
};

static enum bzimage_format bz_format(const uint8_t *p, size_t len)
{
	unsigned int i, k;

	for (i = 0; i < sizeof(magics) / sizeof(magics[0]); i++) {
		if (len < magics[i].len)
			continue;
		for (k = 0; k < magics[i].len; k++)
			if (p[k] != magics[i].bytes[k])
				break;
		if (k == magics[i].len)
			return magics[i].format;
	}
	return BZIMAGE_UNKNOWN;
}

const char *bzimage_format_name(enum bzimage_format f)
{
	static const char *const names[] = {
	    [BZIMAGE_UNKNOWN] = "unknown", [BZIMAGE_ELF] = "ELF",
	    [BZIMAGE_XZ] = "xz",	   [BZIMAGE_GZIP] = "gzip",
	    [BZIMAGE_BZIP2] = "bzip2",	   [BZIMAGE_LZMA] = "lzma",
	    [BZIMAGE_LZO] = "lzo",	   [BZIMAGE_LZ4] = "lz4",
	    [BZIMAGE_ZSTD] = "zstd",
	};

	return (unsigned int)f < sizeof(names) / sizeof(names[0]) ? names[f]
								  : "unknown";
}

int bzimage_parse(struct bzimage *bz, const void *image, size_t len)
{
	const uint8_t *p = image;
	uint64_t pm, off, plen;

	lib_memset(bz, 0, sizeof(*bz));
	if (!bzimage_is(image, len))
		return bz_fail(bz, -LIB_ENOENT, "not a bzImage (no HdrS)");
	bz->version = get_le16(p + HDR_VERSION);
	if (bz->version < BOOT_PROTO_PAYLOAD)
		return bz_fail(bz, -LIB_EOPNOTSUPP,
			       "boot protocol older than 2.08");
	bz->setup_sects = p[HDR_SETUP_SECTS] ? p[HDR_SETUP_SECTS] : 4;
	pm = ((uint64_t)bz->setup_sects + 1) * 512;
	off = get_le32(p + HDR_PAYLOAD_OFFSET);
	plen = get_le32(p + HDR_PAYLOAD_LENGTH);
	if (pm > len || off > len - pm || plen > len - pm - off)
		return bz_fail(bz, -LIB_EINVAL, "payload outside the file");
	if (plen < 4)
		return bz_fail(bz, -LIB_EINVAL, "payload too short");
	bz->payload = p + pm + off;
	bz->payload_len = plen;
	bz->out_len = get_le32(bz->payload + plen - 4);
	bz->format = bz_format(bz->payload, plen);
	return 0;
}

int bzimage_decompress(struct bzimage *bz, struct xz_dec *x, void *out,
		       size_t out_max)
{
	int rc;

	if (bz->format == BZIMAGE_ELF) {
		if (bz->payload_len > out_max)
			return bz_fail(bz, -LIB_ENOSPC,
				       "output buffer too small");
		lib_memcpy(out, bz->payload, bz->payload_len);
		bz->out_len = bz->payload_len;
		return 0;
	}
	if (bz->format != BZIMAGE_XZ)
		return bz_fail(bz, -LIB_EOPNOTSUPP,
			       "payload compressor not supported (only xz)");
	if (bz->out_len > out_max)
		return bz_fail(bz, -LIB_ENOSPC, "output buffer too small");
	rc = xz_decode(x, bz->payload, bz->payload_len - 4, out, bz->out_len);
	if (rc)
		return bz_fail(bz, rc, x->err);
	if (x->out_len != bz->out_len)
		return bz_fail(bz, -LIB_EINVAL,
			       "decompressed size differs from the trailer");
	return 0;
}
