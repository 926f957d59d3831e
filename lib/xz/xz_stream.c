/*
 * The .xz container: streams, blocks, the index, and their checks.
 *
 * A stream is a 12-byte header (magic FD 37 7A 58 5A 00, two flag bytes
 * naming the check type, their CRC32), blocks, an index, and a 12-byte
 * footer (CRC32, index size / 4 - 1, the same flags, "YZ").  Streams may
 * be concatenated with zero padding in multiples of four bytes between.
 *
 * A block is a header (its size / 4 - 1 in the first byte, flags, optional
 * compressed and uncompressed sizes, the filter chain, zero padding,
 * CRC32), the filtered data, zero padding to four bytes, and the check of
 * the uncompressed data.  The index lists every block's unpadded size
 * (header + data + check) and uncompressed size; we verify it against what
 * we decoded by keeping a count, two sums and a CRC32 over the records on
 * both sides, so no list of blocks has to be stored.
 *
 * Numbers in headers and the index are multibyte integers: seven bits per
 * byte, least significant first, the high bit set on all but the last
 * byte, at most nine bytes, no superfluous trailing zero byte.
 */
#include "xz_internal.h"
#include "../common/bytes.h"
#include "../common/lib_errno.h"

#define STREAM_HDR    12
#define CHECK_NONE    0
#define CHECK_CRC32   1
#define CHECK_CRC64   4
#define FILTER_X86    0x04
#define FILTER_LZMA2  0x21
#define VLI_MAX_BYTES 9

/* Input cursor: the whole input and a position in it. */
struct cur {
	const uint8_t *in;
	size_t len, pos;
};

/* What the blocks looked like, to compare with the index. */
struct tally {
	uint64_t count, unpadded, uncompressed;
	uint32_t hash;
};

struct block_hdr {
	uint64_t csize, usize; /* ~0 when not stated */
	bool bcj;
	uint32_t bcj_start, dict_size;
};

static int xz_err(struct xz_dec *x, int rc, const char *why)
{
	x->err = why;
	return rc;
}

static bool vli_read(struct cur *c, size_t end, uint64_t *v)
{
	unsigned int i;
	uint8_t b;

	*v = 0;
	for (i = 0; i < VLI_MAX_BYTES && c->pos < end; i++) {
		b = c->in[c->pos++];
		*v |= (uint64_t)(b & 0x7f) << (7 * i);
		if (!(b & 0x80))
			return !(b == 0 && i > 0);
	}
	return false;
}

static size_t check_size(unsigned int type)
{
	return type == CHECK_NONE ? 0 : type == CHECK_CRC32 ? 4 : 8;
}

static void tally_add(struct xz_dec *x, struct tally *t, uint64_t unpadded,
		      uint64_t uncompressed)
{
	uint8_t rec[16];

	put_le32(rec, (uint32_t)unpadded);
	put_le32(rec + 4, (uint32_t)(unpadded >> 32));
	put_le32(rec + 8, (uint32_t)uncompressed);
	put_le32(rec + 12, (uint32_t)(uncompressed >> 32));
	t->count++;
	t->unpadded += unpadded;
	t->uncompressed += uncompressed;
	t->hash = xz_crc32(x, rec, sizeof(rec), t->hash);
}

static bool zeros(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

static int stream_header(struct xz_dec *x, struct cur *c, unsigned int *check)
{
	static const uint8_t magic[6] = {0xfd, '7', 'z', 'X', 'Z', 0};
	const uint8_t *h = c->in + c->pos;
	unsigned int i;

	if (c->len - c->pos < STREAM_HDR)
		return xz_err(x, -LIB_EINVAL, "xz: truncated stream header");
	for (i = 0; i < 6; i++)
		if (h[i] != magic[i])
			return xz_err(x, -LIB_EINVAL, "xz: no stream magic");
	if (xz_crc32(x, h + 6, 2, 0) != get_le32(h + 8))
		return xz_err(x, -LIB_EBADMSG, "xz: stream header CRC32");
	if (h[6] != 0 || (h[7] & 0xf0))
		return xz_err(x, -LIB_EOPNOTSUPP, "xz: unknown stream flags");
	*check = h[7];
	if (*check != CHECK_NONE && *check != CHECK_CRC32 &&
	    *check != CHECK_CRC64)
		return xz_err(x, -LIB_EOPNOTSUPP, "xz: unsupported check type");
	c->pos += STREAM_HDR;
	return 0;
}

/* One filter flags record of a block header. */
static int filter_flags(struct xz_dec *x, struct cur *c, size_t end, bool last,
			struct block_hdr *bh)
{
	uint64_t id, psize;

	if (!vli_read(c, end, &id) || !vli_read(c, end, &psize) ||
	    psize > end - c->pos)
		return xz_err(x, -LIB_EINVAL, "xz: bad filter flags");
	if (last != (id == FILTER_LZMA2))
		return xz_err(x, -LIB_EOPNOTSUPP,
			      "xz: unsupported filter chain");
	if (id == FILTER_X86) {
		if (psize != 0 && psize != 4)
			return xz_err(x, -LIB_EINVAL, "xz: bad BCJ properties");
		bh->bcj = true;
		bh->bcj_start = psize ? get_le32(c->in + c->pos) : 0;
	} else if (id == FILTER_LZMA2) {
		uint8_t d = c->in[c->pos];

		if (psize != 1 || d > 40)
			return xz_err(x, -LIB_EINVAL,
				      "xz: bad LZMA2 properties");
		bh->dict_size =
		    d == 40 ? 0xffffffffu : (2u | (d & 1)) << (d / 2 + 11);
	} else {
		return xz_err(x, -LIB_EOPNOTSUPP, "xz: unsupported filter");
	}
	c->pos += psize;
	return 0;
}

static int block_header(struct xz_dec *x, struct cur *c, struct block_hdr *bh,
			size_t *hsize)
{
	const uint8_t *h = c->in + c->pos;
	size_t start = c->pos, end;
	unsigned int nfilters, i;
	int rc;

	*hsize = ((size_t)h[0] + 1) * 4;
	if (c->len - c->pos < *hsize)
		return xz_err(x, -LIB_EINVAL, "xz: truncated block header");
	end = start + *hsize - 4;
	if (xz_crc32(x, h, *hsize - 4, 0) != get_le32(c->in + end))
		return xz_err(x, -LIB_EBADMSG, "xz: block header CRC32");
	if (h[1] & 0x3c)
		return xz_err(x, -LIB_EOPNOTSUPP, "xz: unknown block flags");
	nfilters = (h[1] & 3) + 1;
	bh->csize = bh->usize = ~0ull;
	bh->bcj = false;
	c->pos += 2;
	if (((h[1] & 0x40) && !vli_read(c, end, &bh->csize)) ||
	    ((h[1] & 0x80) && !vli_read(c, end, &bh->usize)))
		return xz_err(x, -LIB_EINVAL, "xz: bad block sizes");
	if (nfilters > 2)
		return xz_err(x, -LIB_EOPNOTSUPP,
			      "xz: unsupported filter chain");
	for (i = 0; i < nfilters; i++) {
		rc = filter_flags(x, c, end, i == nfilters - 1, bh);
		if (rc)
			return rc;
	}
	if (!zeros(c->in + c->pos, end - c->pos))
		return xz_err(x, -LIB_EINVAL, "xz: block header padding");
	c->pos = end + 4;
	return 0;
}

static int block_check(struct xz_dec *x, struct cur *c, unsigned int check,
		       const uint8_t *data, size_t len)
{
	const uint8_t *p = c->in + c->pos;

	if (c->len - c->pos < check_size(check))
		return xz_err(x, -LIB_EINVAL, "xz: truncated block check");
	if (check == CHECK_CRC32 && xz_crc32(x, data, len, 0) != get_le32(p))
		return xz_err(x, -LIB_EBADMSG, "xz: block CRC32 mismatch");
	if (check == CHECK_CRC64 && xz_crc64(x, data, len, 0) != get_le64(p))
		return xz_err(x, -LIB_EBADMSG, "xz: block CRC64 mismatch");
	c->pos += check_size(check);
	return 0;
}

static int block(struct xz_dec *x, struct cur *c, unsigned int check,
		 uint8_t *out, size_t out_max, struct tally *t)
{
	size_t hsize, used, ostart = x->out_len, pad;
	struct block_hdr bh;
	int rc;

	rc = block_header(x, c, &bh, &hsize);
	if (rc)
		return rc;
	rc = xz_lzma2_decode(x, c->in + c->pos, c->len - c->pos, &used, out,
			     &x->out_len, out_max, bh.dict_size);
	if (rc)
		return rc;
	if ((bh.csize != ~0ull && bh.csize != used) ||
	    (bh.usize != ~0ull && bh.usize != x->out_len - ostart))
		return xz_err(x, -LIB_EINVAL, "xz: block size mismatch");
	c->pos += used;
	pad = (4 - (used & 3)) & 3;
	if (c->len - c->pos < pad || !zeros(c->in + c->pos, pad))
		return xz_err(x, -LIB_EINVAL, "xz: bad block padding");
	c->pos += pad;
	if (bh.bcj)
		xz_bcj_x86(out + ostart, x->out_len - ostart, bh.bcj_start);
	rc = block_check(x, c, check, out + ostart, x->out_len - ostart);
	if (rc)
		return rc;
	tally_add(x, t, hsize + used + check_size(check), x->out_len - ostart);
	x->blocks++;
	return 0;
}

/* The index, from its indicator byte to its CRC32; *size gets its size. */
static int stream_index(struct xz_dec *x, struct cur *c,
			const struct tally *blocks, size_t *size)
{
	struct tally t = {0, 0, 0, 0};
	size_t start = c->pos, pad;
	uint64_t n, i, unpadded, usize;

	c->pos++; /* the 0x00 indicator */
	if (!vli_read(c, c->len, &n) || n != blocks->count)
		return xz_err(x, -LIB_EINVAL, "xz: index block count");
	for (i = 0; i < n; i++) {
		if (!vli_read(c, c->len, &unpadded) ||
		    !vli_read(c, c->len, &usize))
			return xz_err(x, -LIB_EINVAL, "xz: truncated index");
		tally_add(x, &t, unpadded, usize);
	}
	if (t.unpadded != blocks->unpadded || t.hash != blocks->hash ||
	    t.uncompressed != blocks->uncompressed)
		return xz_err(x, -LIB_EINVAL,
			      "xz: index does not match blocks");
	pad = (4 - ((c->pos - start) & 3)) & 3;
	if (c->len - c->pos < pad + 4 || !zeros(c->in + c->pos, pad))
		return xz_err(x, -LIB_EINVAL, "xz: bad index padding");
	c->pos += pad;
	if (xz_crc32(x, c->in + start, c->pos - start, 0) !=
	    get_le32(c->in + c->pos))
		return xz_err(x, -LIB_EBADMSG, "xz: index CRC32");
	c->pos += 4;
	*size = c->pos - start;
	return 0;
}

static int stream_footer(struct xz_dec *x, struct cur *c, unsigned int check,
			 size_t index_size)
{
	const uint8_t *f = c->in + c->pos;

	if (c->len - c->pos < STREAM_HDR)
		return xz_err(x, -LIB_EINVAL, "xz: truncated stream footer");
	if (f[10] != 'Y' || f[11] != 'Z')
		return xz_err(x, -LIB_EINVAL, "xz: no footer magic");
	if (xz_crc32(x, f + 4, 6, 0) != get_le32(f))
		return xz_err(x, -LIB_EBADMSG, "xz: stream footer CRC32");
	if (((uint64_t)get_le32(f + 4) + 1) * 4 != index_size)
		return xz_err(x, -LIB_EINVAL, "xz: footer backward size");
	if (f[8] != 0 || f[9] != check)
		return xz_err(x, -LIB_EINVAL, "xz: footer flags differ");
	c->pos += STREAM_HDR;
	return 0;
}

static int stream(struct xz_dec *x, struct cur *c, uint8_t *out, size_t out_max)
{
	struct tally t = {0, 0, 0, 0};
	unsigned int check;
	size_t index_size;
	int rc;

	rc = stream_header(x, c, &check);
	while (!rc) {
		if (c->pos >= c->len)
			return xz_err(x, -LIB_EINVAL, "xz: truncated stream");
		if (c->in[c->pos] == 0)
			break;
		rc = block(x, c, check, out, out_max, &t);
	}
	if (!rc)
		rc = stream_index(x, c, &t, &index_size);
	if (!rc)
		rc = stream_footer(x, c, check, index_size);
	return rc;
}

int xz_decode(struct xz_dec *x, const void *in, size_t in_len, void *out,
	      size_t out_max)
{
	struct cur c = {in, in_len, 0};
	int rc;

	xz_crc_init(x);
	x->in_used = x->out_len = 0;
	x->blocks = 0;
	x->err = NULL;
	do {
		rc = stream(x, &c, out, out_max);
		if (rc)
			return rc;
		while (c.len - c.pos >= 4 && zeros(c.in + c.pos, 4))
			c.pos += 4; /* stream padding */
	} while (c.pos < c.len && c.len - c.pos >= STREAM_HDR);
	x->in_used = c.pos;
	if (c.pos != c.len)
		return xz_err(x, -LIB_EINVAL, "xz: trailing garbage");
	return 0;
}
