/*
 * The x86 BCJ filter, decoding direction.
 *
 * Calls and jumps (E8/E9 rel32) carry addresses relative to the next
 * instruction, so the same target looks different at every call site.  The
 * encoder rewrote such operands into absolute form (operand + position of
 * the next instruction), which makes repeated calls to one function
 * identical bytes that LZMA compresses well; we subtract the position back.
 *
 * Which E8/E9 bytes were converted is decided from the data alone: only
 * those whose operand's top byte is 00 or FF (a plausible +-16 MiB
 * displacement), and not when an E8/E9 seen in the previous three bytes
 * makes this one likely part of another instruction.  That history is a
 * 3-bit mask (bit k: an E8/E9 was seen k+1 bytes earlier); two small
 * tables say which masks allow a conversion and which operand byte to
 * double-check.  After conversion the top byte is rebuilt as the sign of
 * bit 24, and the 4 operand bytes are skipped.  The rules are the XZ
 * format's; the last 4 bytes of a block are never converted.
 *
 * Positions count from the block's start plus the filter's start offset
 * (0 unless the block header says otherwise), modulo 2^32.
 */
#include "xz_internal.h"
#include "../common/bytes.h"

static bool msbyte_plausible(uint8_t b)
{
	return b == 0x00 || b == 0xff;
}

static const bool mask_allows[8] = {1, 1, 1, 0, 1, 0, 0, 0};
static const uint8_t mask_byte[8] = {0, 1, 2, 2, 3, 3, 3, 3};

/* The operand at p (4 bytes) for an instruction ending at ip. */
static uint32_t bcj_convert(const uint8_t *p, uint32_t ip, uint32_t mask)
{
	uint32_t src = get_le32(p), dst;
	unsigned int shift;

	for (;;) {
		dst = src - ip;
		if (mask == 0)
			break;
		shift = 24 - mask_byte[mask] * 8;
		if (!msbyte_plausible((uint8_t)(dst >> shift)))
			break;
		src = dst ^ ((1u << (32 - mask_byte[mask] * 8)) - 1);
	}
	dst &= 0x01ffffff;
	return dst | (0u - (dst & 0x01000000)); /* sign of bit 24 */
}

void xz_bcj_x86(uint8_t *buf, size_t len, uint32_t start)
{
	size_t i, prev = (size_t)0 - 1;
	uint32_t mask = 0;

	if (len < 5)
		return;
	for (i = 0; i <= len - 5; i++) {
		size_t gap;

		if ((buf[i] & 0xfe) != 0xe8)
			continue;
		gap = i - prev;
		prev = i;
		if (gap > 3) {
			mask = 0;
		} else {
			mask = (mask << (gap - 1)) & 7;
			if (mask &&
			    (!mask_allows[mask] ||
			     msbyte_plausible(buf[i + 4 - mask_byte[mask]]))) {
				mask = mask << 1 | 1;
				continue;
			}
		}
		if (!msbyte_plausible(buf[i + 4])) {
			mask = mask << 1 | 1;
			continue;
		}
		put_le32(
		    buf + i + 1,
		    bcj_convert(buf + i + 1, start + (uint32_t)i + 5, mask));
		i += 4;
	}
}
