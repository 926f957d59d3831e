/*
 * lib/xz against the host's xz(1): vectors are made at test time from
 * data this test writes (text, x86 code from our own executable, random
 * bytes), with the presets, checks and filters Linux and xz users pick;
 * every one must decode to the original.  Damaged streams (a flipped byte
 * anywhere, every truncation, a short output buffer) must fail cleanly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "host_xz.h"
#include "xz/xz.h"
#include "xz/xz_internal.h"

static struct xz_dec xd;
static char dir[] = "/tmp/xenolith-xz-XXXXXX";

struct buf {
	uint8_t *p;
	size_t n;
};

static struct buf read_file(const char *path)
{
	struct buf b = {NULL, 0};
	FILE *f = fopen(path, "rb");
	long n;

	if (!f)
		return b;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	b.p = malloc(n ? n : 1);
	b.n = fread(b.p, 1, n, f);
	fclose(f);
	return b;
}

static void write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	fwrite(p, 1, n, f);
	fclose(f);
}

/* Test data: mixed text, a copy of our own code, and random bytes. */
static struct buf make_sample(size_t n, unsigned int seed)
{
	struct buf exe = read_file("/proc/self/exe");
	struct buf b = {malloc(n), n};
	size_t i = 0;

	srand(seed);
	while (i < n) {
		size_t run = 1 + rand() % 4000, k;
		int kind = rand() % 3;

		for (k = 0; k < run && i < n; k++, i++) {
			if (kind == 0)
				b.p[i] =
				    "the quick brown fox jumps "[(i + k) % 26];
			else if (kind == 1 && exe.n)
				b.p[i] = exe.p[(i * 13 + k) % exe.n];
			else
				b.p[i] = (uint8_t)rand();
		}
	}
	free(exe.p);
	return b;
}

/* Compress data with xz and the given options; NULL buffer on failure. */
static struct buf xz_compress(const struct buf *in, const char *opts)
{
	char raw[64], cmd[512];
	struct buf out;

	snprintf(raw, sizeof(raw), "%s/raw", dir);
	write_file(raw, in->p, in->n);
	snprintf(cmd, sizeof(cmd), "xz -z -c -q -T1 %s %s > %s/raw.xz", opts,
		 raw, dir);
	if (system(cmd) != 0) {
		out.p = NULL;
		out.n = 0;
		return out;
	}
	snprintf(raw, sizeof(raw), "%s/raw.xz", dir);
	return read_file(raw);
}

static int decode_equal(const struct buf *z, const struct buf *orig)
{
	size_t max = orig->n + 1;
	uint8_t *out = malloc(max);
	int rc = xz_decode(&xd, z->p, z->n, out, max);

	if (rc)
		printf("    xz_decode: %d %s\n", rc, xd.err);
	else if (xd.out_len != orig->n || memcmp(out, orig->p, orig->n))
		rc = 1, printf("    output differs (%zu vs %zu bytes)\n",
			       xd.out_len, orig->n);
	free(out);
	return rc;
}

static int roundtrip(size_t n, unsigned int seed, const char *opts)
{
	struct buf orig = make_sample(n, seed), z = xz_compress(&orig, opts);
	int rc;

	if (!z.p) {
		printf("    xz %s failed\n", opts);
		free(orig.p);
		return -1;
	}
	rc = decode_equal(&z, &orig);
	if (rc)
		printf("    with options: %s\n", opts);
	free(orig.p);
	free(z.p);
	return rc;
}

static void test_crc(void)
{
	/* The check values of the CRC catalogues: "123456789". */
	CHECK_EQ(xz_crc32(&xd, "123456789", 9, 0), 0xcbf43926u);
	CHECK(xz_crc64(&xd, "123456789", 9, 0) == 0x995dc9bbdf1939faull);
	CHECK_EQ(xz_crc32(&xd, "56789", 5, xz_crc32(&xd, "1234", 4, 0)),
		 0xcbf43926u);
}

static void test_presets(void)
{
	CHECK_EQ(roundtrip(300000, 1, "-0"), 0);
	CHECK_EQ(roundtrip(300000, 2, "-6"), 0);
	CHECK_EQ(roundtrip(300000, 3, "-9e"), 0);
	CHECK_EQ(roundtrip(0, 4, "-6"), 0);
	CHECK_EQ(roundtrip(1, 5, "-6"), 0);
}

static void test_checks(void)
{
	CHECK_EQ(roundtrip(100000, 6, "--check=crc32"), 0);
	CHECK_EQ(roundtrip(100000, 7, "--check=crc64"), 0);
	CHECK_EQ(roundtrip(100000, 8, "--check=none"), 0);
}

/* The filter chain Linux's scripts/xz_wrap.sh uses for x86 kernels. */
static void test_bcj(void)
{
	CHECK_EQ(
	    roundtrip(500000, 9, "--check=crc32 --x86 --lzma2=,dict=32MiB"), 0);
	CHECK_EQ(roundtrip(200000, 10, "--x86=start=4096 --lzma2=preset=1"), 0);
	CHECK_EQ(roundtrip(4, 11, "--x86 --lzma2"), 0);
}

static void test_lzma2_options(void)
{
	CHECK_EQ(roundtrip(200000, 12, "--lzma2=preset=6,lc=0,lp=2,pb=0"), 0);
	CHECK_EQ(roundtrip(200000, 13, "--lzma2=preset=6,lc=4,lp=0,pb=4"), 0);
	CHECK_EQ(roundtrip(200000, 14, "--lzma2=preset=6,lc=1,lp=3,pb=2"), 0);
	CHECK_EQ(roundtrip(200000, 15, "--lzma2=dict=4KiB,mf=hc3,mode=fast"),
		 0);
	CHECK_EQ(roundtrip(200000, 16, "--lzma2=preset=9e,nice=273,depth=0"),
		 0);
}

/* Several blocks, with and without sizes in their headers. */
static void test_blocks(void)
{
	CHECK_EQ(roundtrip(600000, 17, "--block-size=65536"), 0);
	CHECK_EQ(roundtrip(600000, 18, "--block-list=1000,70000,0"), 0);
	CHECK_EQ(roundtrip(300000, 19, "-T2 --block-size=50000"), 0);
}

/* Random bytes do not compress: LZMA2 stores them raw. */
static void test_incompressible(void)
{
	struct buf orig = {malloc(200000), 200000}, z;

	for (size_t i = 0; i < orig.n; i++)
		orig.p[i] = (uint8_t)(rand() >> 3);
	z = xz_compress(&orig, "-6");
	CHECK(z.p != NULL);
	if (z.p)
		CHECK_EQ(decode_equal(&z, &orig), 0);
	free(orig.p);
	free(z.p);
}

/* Two streams with padding between them decode as one. */
static void test_concatenated(void)
{
	struct buf a = make_sample(70000, 20), b = make_sample(50000, 21);
	struct buf za = xz_compress(&a, "-6");
	struct buf zb = xz_compress(&b, "--x86 --lzma2");
	struct buf cat = {malloc(za.n + zb.n + 8), za.n + zb.n + 8};
	struct buf both = {malloc(a.n + b.n), a.n + b.n};

	memcpy(cat.p, za.p, za.n);
	memset(cat.p + za.n, 0, 8);
	memcpy(cat.p + za.n + 8, zb.p, zb.n);
	memcpy(both.p, a.p, a.n);
	memcpy(both.p + a.n, b.p, b.n);
	CHECK_EQ(decode_equal(&cat, &both), 0);
	cat.n -= zb.n + 2; /* padding not a multiple of 4 */
	CHECK(xz_decode(&xd, cat.p, cat.n, both.p, both.n) < 0);
	free(a.p), free(b.p), free(za.p), free(zb.p), free(cat.p), free(both.p);
}

static void test_sha256_refused(void)
{
	struct buf orig = make_sample(1000, 22);
	struct buf z = xz_compress(&orig, "--check=sha256");
	uint8_t out[2000];

	CHECK(z.p != NULL);
	CHECK_EQ(xz_decode(&xd, z.p, z.n, out, sizeof(out)), -95);
	free(orig.p);
	free(z.p);
}

static void test_output_too_small(void)
{
	struct buf orig = make_sample(100000, 23);
	struct buf z = xz_compress(&orig, "--x86 --lzma2");
	uint8_t *out = malloc(orig.n);

	CHECK_EQ(xz_decode(&xd, z.p, z.n, out, orig.n - 1), -28);
	CHECK_EQ(xz_decode(&xd, z.p, z.n, out, orig.n), 0);
	free(orig.p);
	free(z.p);
	free(out);
}

/* Every single-byte corruption must be caught (CRC32 check, all fields). */
static void test_corruption(void)
{
	struct buf orig = make_sample(20000, 24);
	struct buf z = xz_compress(&orig, "--check=crc32 --x86 --lzma2");
	uint8_t *bad = malloc(z.n), *out = malloc(orig.n);
	size_t i, missed = 0;

	for (i = 0; i < z.n; i++) {
		memcpy(bad, z.p, z.n);
		bad[i] ^= (uint8_t)(1 + i % 255);
		if (xz_decode(&xd, bad, z.n, out, orig.n) == 0) {
			missed++;
			printf("    corruption at %zu not detected\n", i);
		}
	}
	CHECK_EQ(missed, 0);
	free(orig.p), free(z.p), free(bad), free(out);
}

static void test_truncation(void)
{
	struct buf orig = make_sample(20000, 25);
	struct buf z = xz_compress(&orig, "-6");
	uint8_t *out = malloc(orig.n);
	size_t n, accepted = 0;

	for (n = 0; n < z.n; n++) {
		uint8_t *cut = malloc(n ? n : 1); /* exact size for ASan */

		memcpy(cut, z.p, n);
		if (xz_decode(&xd, cut, n, out, orig.n) == 0)
			accepted++;
		free(cut);
	}
	CHECK_EQ(accepted, 0);
	free(orig.p), free(z.p), free(out);
}

/* BCJ on a hand-checked instruction: call with rel32 at offset 0x100. */
static void test_bcj_vector(void)
{
	uint8_t code[16] = {0x90, 0xe8, 0x05, 0x01, 0x00, 0x00, 0x90};

	/* Encoded absolute 0x105 at position 1: relative = 0x105 - 6. */
	xz_bcj_x86(code, sizeof(code), 0);
	CHECK_EQ(code[2], 0xff);
	CHECK_EQ(code[3], 0x00);
	CHECK_EQ(code[4], 0x00);
	CHECK_EQ(code[5], 0x00);
}

int main(void)
{
	check_prog = "xz";
	if (!host_xz_ready()) {
		printf("FAIL xz/all: no xz command (scripts/loader-deps.sh "
		       "could not install it)\n");
		return 1;
	}
	if (!mkdtemp(dir))
		return 1;
	RUN(test_crc);
	RUN(test_bcj_vector);
	RUN(test_presets);
	RUN(test_checks);
	RUN(test_bcj);
	RUN(test_lzma2_options);
	RUN(test_blocks);
	RUN(test_incompressible);
	RUN(test_concatenated);
	RUN(test_sha256_refused);
	RUN(test_output_too_small);
	RUN(test_corruption);
	RUN(test_truncation);
	{
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		if (system(cmd)) {
		}
	}
	return check_exit();
}
