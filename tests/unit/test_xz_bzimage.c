/*
 * lib/bzimage on synthetic bzImages: a setup header in front of an
 * xz-compressed ELF (made with the host's xz, as Linux's build does), then
 * one broken header field at a time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "host_xz.h"
#include "elf_build.h"
#include "bzimage/bzimage.h"
#include "elf/xen_elf.h"

static struct xz_dec xd;
static struct elfb eb;
static uint8_t *img;
static size_t img_len, payload_len;

#define SETUP_SECTS 3
#define PM_OFF	    ((SETUP_SECTS + 1) * 512)
#define PAYLOAD_OFF 0x100

static void put32(uint8_t *p, uint32_t v)
{
	elfb_put(p, v, 4);
}

/* Compress the Linux-shaped test ELF with Linux's xz options. */
static uint8_t *xz_elf(size_t *len)
{
	char path[] = "/tmp/xenolith-bz-XXXXXX", cmd[256];
	int fd = mkstemp(path);
	uint8_t *z = malloc(2 * ELFB_SIZE + 4096);
	FILE *f;

	if (fd < 0 || write(fd, eb.buf, ELFB_SIZE) != ELFB_SIZE)
		return NULL;
	close(fd);
	snprintf(cmd, sizeof(cmd),
		 "xz -c -q --check=crc32 --x86 --lzma2=,dict=32MiB %s", path);
	f = popen(cmd, "r");
	*len = fread(z, 1, 2 * ELFB_SIZE + 4096, f);
	pclose(f);
	unlink(path);
	return z;
}

static void build(void)
{
	size_t zlen;
	uint8_t *z;

	elfb_linux(&eb);
	z = xz_elf(&zlen);
	payload_len = zlen + 4;
	img_len = PM_OFF + PAYLOAD_OFF + payload_len + 64;
	free(img);
	img = calloc(1, img_len);
	img[0x1f1] = SETUP_SECTS;
	memcpy(img + 0x202, "HdrS", 4);
	elfb_put(img + 0x206, 0x020f, 2);
	put32(img + 0x248, PAYLOAD_OFF);
	put32(img + 0x24c, (uint32_t)payload_len);
	memcpy(img + PM_OFF + PAYLOAD_OFF, z, zlen);
	put32(img + PM_OFF + PAYLOAD_OFF + zlen, ELFB_SIZE);
	free(z);
}

static void test_unwrap(void)
{
	struct bzimage bz;
	static uint8_t out[ELFB_SIZE];
	struct xen_elf elf;

	build();
	CHECK(bzimage_is(img, img_len));
	CHECK_EQ(bzimage_parse(&bz, img, img_len), 0);
	CHECK_EQ(bz.version, 0x020f);
	CHECK_EQ(bz.format, BZIMAGE_XZ);
	CHECK_EQ(bz.out_len, ELFB_SIZE);
	CHECK_EQ(bz.payload_len, payload_len);
	CHECK(strcmp(bzimage_format_name(bz.format), "xz") == 0);
	CHECK_EQ(bzimage_decompress(&bz, &xd, out, sizeof(out)), 0);
	CHECK(memcmp(out, eb.buf, ELFB_SIZE) == 0);
	CHECK_EQ(xen_elf_init(&elf, out, sizeof(out)), 0);
	CHECK_EQ(bzimage_decompress(&bz, &xd, out, sizeof(out) - 1), -28);
}

static void test_not_bzimage(void)
{
	struct bzimage bz;

	elfb_linux(&eb);
	CHECK(!bzimage_is(eb.buf, ELFB_SIZE));
	CHECK_EQ(bzimage_parse(&bz, eb.buf, ELFB_SIZE), -2);
	CHECK_EQ(bzimage_parse(&bz, eb.buf, 0x100), -2);
}

static void test_bad_headers(void)
{
	struct bzimage bz;
	static uint8_t out[ELFB_SIZE];

	build();
	elfb_put(img + 0x206, 0x0207, 2);
	CHECK_EQ(bzimage_parse(&bz, img, img_len), -95);
	build();
	put32(img + 0x248, (uint32_t)img_len);
	CHECK_EQ(bzimage_parse(&bz, img, img_len), -22);
	build();
	put32(img + 0x24c, 0xffffffff);
	CHECK_EQ(bzimage_parse(&bz, img, img_len), -22);
	build();
	img[0x1f1] = 0xff; /* setup beyond the file */
	CHECK_EQ(bzimage_parse(&bz, img, img_len), -22);
	build();
	put32(img + 0x24c, 3);
	CHECK_EQ(bzimage_parse(&bz, img, img_len), -22);
	build();
	img[PM_OFF + PAYLOAD_OFF] = 0x1f;
	img[PM_OFF + PAYLOAD_OFF + 1] = 0x8b;
	CHECK_EQ(bzimage_parse(&bz, img, img_len), 0);
	CHECK_EQ(bz.format, BZIMAGE_GZIP);
	CHECK_EQ(bzimage_decompress(&bz, &xd, out, sizeof(out)), -95);
	CHECK(bz.err != NULL);
	build(); /* trailer claims one byte less */
	put32(img + PM_OFF + PAYLOAD_OFF + payload_len - 4, ELFB_SIZE - 1);
	CHECK_EQ(bzimage_parse(&bz, img, img_len), 0);
	CHECK(bzimage_decompress(&bz, &xd, out, sizeof(out)) < 0);
	build(); /* trailer claims one byte more */
	put32(img + PM_OFF + PAYLOAD_OFF + payload_len - 4, ELFB_SIZE + 1);
	CHECK_EQ(bzimage_parse(&bz, img, img_len), 0);
	CHECK(bzimage_decompress(&bz, &xd, out, sizeof(out)) < 0);
}

int main(void)
{
	check_prog = "bzimage";
	if (!host_xz_ready()) {
		printf(
		    "FAIL bzimage/all: no xz command (scripts/loader-deps.sh "
		    "could not install it)\n");
		return 1;
	}
	RUN(test_unwrap);
	RUN(test_not_bzimage);
	RUN(test_bad_headers);
	free(img);
	return check_exit();
}
