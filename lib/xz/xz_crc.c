/*
 * CRC32 and CRC64, the integrity checks of the .xz format.
 *
 * Both are the reflected (least significant bit first) table-driven CRCs:
 * CRC32 with the IEEE 802.3 polynomial (as zlib and Ethernet), CRC64 with
 * the ECMA-182 polynomial.  The tables live in the caller's struct xz_dec
 * instead of static data so the library holds no writable globals; they
 * are built on first use.  A running value is passed in and out, starting
 * from 0, so data can be checked in pieces.
 */
#include "xz_internal.h"

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
		x->crc32_table[i] = c;
		x->crc64_table[i] = d;
	}
	x->tables_ready = true;
}

uint32_t xz_crc32(struct xz_dec *x, const void *buf, size_t len, uint32_t crc)
{
	const uint8_t *p = buf;

	xz_crc_init(x);
	crc = ~crc;
	while (len--)
		crc = x->crc32_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
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
