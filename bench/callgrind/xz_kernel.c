/*
 * Host driver for counting lib/xz's instructions on a real input: the
 * compressed payload of Debian's Linux 6.1 bzImage, which Xenolith's dom0
 * builder unpacks at every boot (Xen 4.17 does the same with its own
 * port of XZ Embedded).  The anchor on the same bytes is Debian's xz
 * (liblzma) -- a different, tuned decoder, so the ratio says how far a
 * small freestanding decoder is from a mature one, not Xenolith vs Xen.
 *
 *   xz_kernel VMLINUZ               decode the payload, print its size
 *   xz_kernel --extract VMLINUZ OUT  write the bare .xz stream to OUT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bzimage/bzimage.h"

static struct xz_dec xd;

static void *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	void *buf;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		perror(path);
		exit(1);
	}
	buf = malloc(n ? n : 1);
	if (!buf || fread(buf, 1, n, f) != (size_t)n) {
		perror(path);
		exit(1);
	}
	fclose(f);
	*len = n;
	return buf;
}

static int extract(const struct bzimage *bz, const char *out)
{
	FILE *f = fopen(out, "wb");
	size_t n = bz->payload_len - 4;	/* without the size trailer */

	if (!f || fwrite(bz->payload, 1, n, f) != n || fclose(f)) {
		perror(out);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	bool want_extract = argc == 4 && !strcmp(argv[1], "--extract");
	struct bzimage bz;
	size_t len;
	void *img, *out;
	int rc;

	if (argc != 2 && !want_extract) {
		fprintf(stderr, "usage: %s [--extract] VMLINUZ [OUT]\n", argv[0]);
		return 2;
	}
	img = read_file(argv[want_extract ? 2 : 1], &len);
	rc = bzimage_parse(&bz, img, len);
	if (rc || bz.format != BZIMAGE_XZ) {
		fprintf(stderr, "not an XZ bzImage: %s\n",
			bz.err ? bz.err : bzimage_format_name(bz.format));
		return 1;
	}
	if (want_extract)
		return extract(&bz, argv[3]);
	out = malloc(bz.out_len);
	rc = out ? bzimage_decompress(&bz, &xd, out, bz.out_len) : -1;
	if (rc) {
		fprintf(stderr, "decompress: %d %s\n", rc, bz.err ? bz.err : "");
		return 1;
	}
	printf("%zu bytes\n", bz.out_len);
	return 0;
}
