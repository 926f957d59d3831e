/*
 * Bounded mutation fuzzing of lib/xz (tests/fuzz/fuzz_xz.c) from seeds the
 * host's xz makes at test time (plain LZMA2, x86 BCJ, several blocks),
 * under ASan and UBSan.  The decoder must refuse or decode, never crash,
 * read outside the input or write outside the output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "host_xz.h"
#include "../fuzz/fuzz_targets.h"
#include "../fuzz/mutate.h"

#define ITERATIONS 6000
#define SEED_MAX   8192

static size_t make_seed(uint8_t *seed, const char *opts)
{
	char cmd[256];
	FILE *f;
	size_t n;

	/* Compressible text with some code-like E8 bytes in it. */
	snprintf(
	    cmd, sizeof(cmd),
	    "awk 'BEGIN{for(i=0;i<2000;i++)printf \"line %%d \\350\\1\\0\\0"
	    " xen %%d\\n\",i,i*i}' | xz -c -q %s",
	    opts);
	f = popen(cmd, "r");
	if (!f)
		return 0;
	seed[0] = 32; /* output buffer: 32 KiB */
	n = fread(seed + 1, 1, SEED_MAX - 1, f);
	pclose(f);
	return n ? n + 1 : 0;
}

static void fuzz_from(const char *opts)
{
	static uint8_t seed[SEED_MAX], buf[SEED_MAX + 64];
	size_t n = make_seed(seed, opts), len, hot[] = {1, 7, 13, 20};

	CHECK(n > 12);
	if (n <= 12)
		return;
	fuzz_xz_one(seed, n);
	for (int i = 0; i < ITERATIONS; i++) {
		memcpy(buf, seed, n);
		len = mutate(buf, n, sizeof(buf), hot, 4);
		fuzz_xz_one(buf, len);
	}
}

static void test_xz_mutations(void)
{
	fuzz_from("-6");
	fuzz_from("--check=crc32 --x86 --lzma2=preset=1");
	fuzz_from("--check=crc64 --block-size=2000");
	fuzz_from("--check=none --lzma2=lc=0,lp=4,pb=4");
}

int main(void)
{
	check_prog = "xz_fuzz";
	if (!host_xz_ready()) {
		printf(
		    "FAIL xz_fuzz/all: no xz command (scripts/loader-deps.sh "
		    "could not install it)\n");
		return 1;
	}
	RUN(test_xz_mutations);
	return check_exit();
}
