/*
 * Bounded mutation fuzzing of lib/elf, lib/bzimage and lib/pvlayout
 * (tests/fuzz/fuzz_elf.c) from a Linux-shaped seed, under ASan and UBSan.
 * A crash, sanitizer report or contract abort() fails the test.
 */
#include <stdio.h>
#include <stdlib.h>
#include "check.h"
#include "elf_build.h"
#include "../fuzz/fuzz_targets.h"
#include "../fuzz/mutate.h"

#define ITERATIONS 40000

static struct elfb b;

static void test_elf_mutations(void)
{
	static uint8_t buf[ELFB_SIZE + 64];
	size_t hot[64], nhot = 0, len;
	int i;

	for (i = 16; i < 64; i += 8)
		hot[nhot++] = i;
	for (i = 0; i < ELFB_NPH; i++)
		for (int f = 0; f < 48; f += 8)
			hot[nhot++] = ELFB_PHOFF + 56 * i + f;
	for (i = 0; i < 160; i += 12)
		hot[nhot++] = ELFB_NOTES + i;
	hot[nhot++] = ELFB_SHOFF;	/* section 0, as libFuzzer taught us */
	hot[nhot++] = ELFB_SHOFF + 24;
	hot[nhot++] = ELFB_SHOFF + 64;
	hot[nhot++] = ELFB_SHOFF + 128;
	hot[nhot++] = ELFB_SHOFF + 128 + 24;
	elfb_linux(&b);
	for (i = 0; i < ITERATIONS; i++) {
		memcpy(buf, b.buf, ELFB_SIZE);
		len = mutate(buf, ELFB_SIZE, sizeof(buf), hot, nhot);
		fuzz_elf_one(buf, len);
	}
	/* A bzImage-shaped input too: HdrS and payload fields. */
	for (i = 0; i < ITERATIONS / 4; i++) {
		memset(buf, 0, sizeof(buf));
		memcpy(buf + 0x202, "HdrS", 4);
		elfb_put(buf + 0x206, 0x20f, 2);
		elfb_put(buf + 0x248, 0x100, 4);
		elfb_put(buf + 0x24c, 0x400, 4);
		len = mutate(buf, 0x2000, sizeof(buf), (size_t[]){0x1f1, 0x248},
			     2);
		fuzz_elf_one(buf, len);
	}
	CHECK(1); /* surviving is the test */
}

int main(void)
{
	check_prog = "elf_fuzz";
	RUN(test_elf_mutations);
	return check_exit();
}
