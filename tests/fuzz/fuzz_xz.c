/*
 * Fuzz target: untrusted bytes into the XZ decoder, with an output buffer
 * of exactly out_max bytes (ASan catches a write past it).  The first input
 * byte picks the output size so the fuzzer also explores "too small".
 */
#include <stdlib.h>
#include <string.h>
#include "fuzz_targets.h"
#include "xz/xz.h"

int fuzz_xz_one(const uint8_t *data, size_t size)
{
	static struct xz_dec xd;
	size_t out_max;
	uint8_t *in, *out;

	if (size < 1)
		return 0;
	out_max = (size_t)data[0] << 10; /* 0 .. 255 KiB */
	in = malloc(size - 1 ? size - 1 : 1);
	out = malloc(out_max ? out_max : 1);
	memcpy(in, data + 1, size - 1);
	if (xz_decode(&xd, in, size - 1, out, out_max) == 0 &&
	    (xd.out_len > out_max || xd.in_used != size - 1))
		abort();
	if (xd.out_len > out_max)
		abort();
	free(in);
	free(out);
	return 0;
}
