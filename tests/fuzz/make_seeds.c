/*
 * Writes the seed corpus for the libFuzzer runs: the Linux-shaped ELF of
 * the unit tests, the same wrapped in a bzImage header, and (for xz) a
 * leading output-size byte in front of stdin.
 *
 *   make_seeds elf DIR        write DIR/linux.elf and DIR/bzimage
 *   make_seeds xz FILE < xz   write FILE = size byte + stdin
 */
#include <stdio.h>
#include <string.h>
#include "../unit/elf_build.h"

static struct elfb b;
static uint8_t bz[0x1000 + ELFB_SIZE];

static int write_file(const char *dir, const char *name, const void *p,
		      size_t n)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s%s%s", dir, name[0] ? "/" : "", name);
	f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n)
		return 1;
	return fclose(f) != 0;
}

int main(int argc, char **argv)
{
	uint8_t in[1 << 16];
	size_t n;

	if (argc == 3 && !strcmp(argv[1], "elf")) {
		elfb_linux(&b);
		memcpy(bz + 0x202, "HdrS", 4);
		bz[0x1f1] = 1;
		elfb_put(bz + 0x206, 0x20f, 2);
		elfb_put(bz + 0x248, 0x100, 4);
		elfb_put(bz + 0x24c, ELFB_SIZE, 4);
		memcpy(bz + 0x500, b.buf, ELFB_SIZE);
		return write_file(argv[2], "linux.elf", b.buf, ELFB_SIZE) ||
		       write_file(argv[2], "bzimage", bz, sizeof(bz));
	}
	if (argc == 3 && !strcmp(argv[1], "xz")) {
		in[0] = 64;
		n = fread(in + 1, 1, sizeof(in) - 1, stdin);
		return write_file(argv[2], "", in, n + 1);
	}
	fprintf(stderr, "usage: make_seeds elf DIR | xz FILE < data.xz\n");
	return 2;
}
