/*
 * A small deterministic mutator for the bounded fuzz loops of the host
 * unit tests: byte flips, interesting values (0, 0xff, 0x7f, 0x80, sizes)
 * at random or at given "hot" offsets (header fields), and truncation.
 * Deterministic so a failure reproduces from the printed iteration.
 */
#ifndef TESTS_FUZZ_MUTATE_H
#define TESTS_FUZZ_MUTATE_H

#include <stdint.h>
#include <stddef.h>
#include <string.h>

static uint64_t mut_state = 0x9e3779b97f4a7c15ULL;

static uint64_t mut_rand(void)
{
	mut_state ^= mut_state << 13;
	mut_state ^= mut_state >> 7;
	mut_state ^= mut_state << 17;
	return mut_state;
}

/*
 * Mutate buf (len bytes, capacity cap) in place; returns the new length.
 * hot[] lists offsets worth hitting more often (may be NULL).
 */
static size_t mutate(uint8_t *buf, size_t len, size_t cap, const size_t *hot,
		     size_t nhot)
{
	static const uint8_t vals[] = {0, 1, 0x7f, 0x80, 0xff, 0xfe, 4, 8};
	unsigned int rounds = 1 + mut_rand() % 4;

	while (rounds-- && len) {
		size_t at = mut_rand() % len;
		uint64_t r = mut_rand();

		if (hot && nhot && (r & 1))
			at = hot[(r >> 1) % nhot] + (r >> 8) % 8;
		if (at >= len)
			at = len - 1;
		switch ((r >> 16) % 5) {
		case 0:
			buf[at] ^= (uint8_t)(1u << ((r >> 24) % 8));
			break;
		case 1:
			buf[at] = vals[(r >> 24) % sizeof(vals)];
			break;
		case 2:
			buf[at] = (uint8_t)(r >> 32);
			break;
		case 3:
			len = at; /* truncate */
			break;
		default:
			if (len < cap) { /* duplicate a byte */
				memmove(buf + at + 1, buf + at, len - at);
				len++;
			}
		}
	}
	return len;
}

#endif
