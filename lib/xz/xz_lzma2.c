/*
 * LZMA2: LZMA cut into chunks that can be reset or stored raw.
 *
 * Each chunk starts with a control byte:
 *   0x00        end of the LZMA2 data;
 *   0x01, 0x02  stored chunk (with / without a dictionary reset), then a
 *               16-bit big-endian size - 1 and the bytes themselves;
 *   0x80-0xff   LZMA chunk: bits 0-4 are bits 16-20 of the uncompressed
 *               size - 1, then 16 more bits of it, a 16-bit compressed
 *               size - 1, and, when bits 5-6 say so, a properties byte.
 *               Bits 5-6: 0 keep everything, 1 reset the LZMA state,
 *               2 also read new properties, 3 also reset the dictionary.
 * Anything else is corrupt.  The first chunk must reset the dictionary and
 * the first LZMA chunk after any dictionary reset must carry properties.
 * Each LZMA chunk restarts the range decoder but keeps the LZMA state, so
 * a chunk boundary costs a few bytes and nothing else.
 */
#include "xz_internal.h"
#include "../common/lib_errno.h"

struct lzma2 {
	bool need_dict_reset, need_props;
};

static int l2_err(struct xz_dec *x, int rc, const char *why)
{
	x->err = why;
	return rc;
}

static int l2_stored(struct xz_dec *x, const uint8_t *in, size_t in_len,
		     size_t *ipos, uint8_t *out, size_t *opos, size_t out_max)
{
	size_t size, i;

	if (in_len - *ipos < 2)
		return l2_err(x, -LIB_EINVAL, "LZMA2: truncated chunk header");
	size = ((size_t)in[*ipos] << 8 | in[*ipos + 1]) + 1;
	*ipos += 2;
	if (in_len - *ipos < size)
		return l2_err(x, -LIB_EINVAL, "LZMA2: truncated stored chunk");
	if (out_max - *opos < size)
		return l2_err(x, -LIB_ENOSPC, "output buffer too small");
	for (i = 0; i < size; i++)
		out[*opos + i] = in[*ipos + i];
	*ipos += size;
	*opos += size;
	return 0;
}

static int l2_lzma(struct xz_dec *x, uint8_t ctrl, const uint8_t *in,
		   size_t in_len, size_t *ipos, uint8_t *out, size_t *opos,
		   size_t out_max, struct lzma2 *l2)
{
	size_t usize, csize, hdr = ctrl >= 0xc0 ? 5 : 4;
	const uint8_t *h = in + *ipos;
	int rc;

	if (in_len - *ipos < hdr)
		return l2_err(x, -LIB_EINVAL, "LZMA2: truncated chunk header");
	usize = ((size_t)(ctrl & 0x1f) << 16 | (size_t)h[0] << 8 | h[1]) + 1;
	csize = ((size_t)h[2] << 8 | h[3]) + 1;
	if (ctrl >= 0xc0) {
		if (!xz_lzma_props(&x->lzma, h[4]))
			return l2_err(x, -LIB_EINVAL, "LZMA2: bad properties");
		l2->need_props = false;
	} else if (l2->need_props) {
		return l2_err(x, -LIB_EINVAL, "LZMA2: chunk lacks properties");
	}
	if (ctrl >= 0xa0)
		xz_lzma_reset(&x->lzma);
	*ipos += hdr;
	if (in_len - *ipos < csize)
		return l2_err(x, -LIB_EINVAL, "LZMA2: truncated LZMA chunk");
	if (out_max - *opos < usize)
		return l2_err(x, -LIB_ENOSPC, "output buffer too small");
	rc = xz_lzma_chunk(x, in + *ipos, csize, out, opos, *opos + usize);
	*ipos += csize;
	return rc;
}

int xz_lzma2_decode(struct xz_dec *x, const uint8_t *in, size_t in_len,
		    size_t *in_used, uint8_t *out, size_t *opos, size_t out_max,
		    uint32_t dict_size)
{
	struct lzma2 l2 = {.need_dict_reset = true, .need_props = true};
	size_t ipos = 0;
	uint8_t ctrl;
	int rc;

	x->lzma.dict_size = dict_size;
	for (;;) {
		if (ipos >= in_len)
			return l2_err(x, -LIB_EINVAL, "LZMA2: truncated data");
		ctrl = in[ipos++];
		if (ctrl == 0x00)
			break;
		if (ctrl >= 0x03 && ctrl < 0x80)
			return l2_err(x, -LIB_EINVAL,
				      "LZMA2: bad control byte");
		if (ctrl == 0x01 || ctrl >= 0xe0) {
			x->lzma.dict_start = *opos;
			l2.need_dict_reset = false;
			l2.need_props = true;
		} else if (l2.need_dict_reset) {
			return l2_err(x, -LIB_EINVAL,
				      "LZMA2: first chunk keeps dictionary");
		}
		if (ctrl < 0x80)
			rc =
			    l2_stored(x, in, in_len, &ipos, out, opos, out_max);
		else
			rc = l2_lzma(x, ctrl, in, in_len, &ipos, out, opos,
				     out_max, &l2);
		if (rc)
			return rc;
	}
	*in_used = ipos;
	return 0;
}
