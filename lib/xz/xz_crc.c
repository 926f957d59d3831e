/*
 * CRC32 and CRC64, the integrity checks of the .xz format.
 *
 * Both are the reflected (least significant bit first) table-driven CRCs:
 * CRC32 with the IEEE 802.3 polynomial (as zlib and Ethernet), CRC64 with
 * the ECMA-182 polynomial.  The tables live in the caller's struct xz_dec
 * instead of static data so the library holds no writable globals; they
 * are built on first use.  A running value is passed in and out, starting
 * from 0, so data can be checked in pieces.
 *
 * CRC32 covers the whole decompressed kernel, so it goes eight bytes per
 * step ("slicing by 8"): table k gives the CRC contribution of a byte
 * followed by k zero bytes, so eight lookups combine eight input bytes at
 * once.  CRC64 is rarer (and never on Linux's payload) and stays simple.
 */
#include "xz_internal.h"
#include "../common/bytes.h"

#define CRC32_POLY 0xedb88320u
#define CRC64_POLY 0xc96c5795d7870f42ull

void xz_crc_init(struct xz_dec *x)
{
	unsigned int i, k;

	if (x->tables_ready)
		return;
	for (i = 0; i < 256; i++) {
		uint32_t c = i;
		uint64_t d = i;

		for (k = 0; k < 8; k++) {
			c = (c >> 1) ^ (CRC32_POLY & (0u - (c & 1)));
			d = (d >> 1) ^ (CRC64_POLY & (0ull - (d & 1)));
		}
		x->crc32_table[0][i] = c;
		x->crc64_table[i] = d;
	}
	for (k = 1; k < 8; k++)
		for (i = 0; i < 256; i++) {
			uint32_t c = x->crc32_table[k - 1][i];

			x->crc32_table[k][i] =
			    (c >> 8) ^ x->crc32_table[0][c & 0xff];
		}
	x->tables_ready = true;
}

static uint32_t crc32_slice8(const uint32_t (*t)[256], const uint8_t *p,
			     uint32_t crc)
{
	uint32_t lo = crc ^ get_le32(p), hi = get_le32(p + 4);

	return t[7][lo & 0xff] ^ t[6][(lo >> 8) & 0xff] ^
	       t[5][(lo >> 16) & 0xff] ^ t[4][lo >> 24] ^ t[3][hi & 0xff] ^
	       t[2][(hi >> 8) & 0xff] ^ t[1][(hi >> 16) & 0xff] ^
	       t[0][hi >> 24];
}

uint32_t xz_crc32(struct xz_dec *x, const void *buf, size_t len, uint32_t crc)
{
	const uint8_t *p = buf;

	xz_crc_init(x);
	crc = ~crc;
	for (; len >= 8; len -= 8, p += 8)
		crc = crc32_slice8(x->crc32_table, p, crc);
	while (len--)
		crc = x->crc32_table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

uint64_t xz_crc64(struct xz_dec *x, const void *buf, size_t len, uint64_t crc)
{
	const uint8_t *p = buf;

	xz_crc_init(x);
	crc = ~crc;
	while (len--)
		crc = x->crc64_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}
