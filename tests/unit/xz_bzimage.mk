UNIT_TESTS += xz_bzimage
xz_bzimage_SRCS := tests/unit/test_xz_bzimage.c lib/bzimage/bzimage.c \
	lib/xz/xz_stream.c lib/xz/xz_lzma2.c lib/xz/xz_lzma.c \
	lib/xz/xz_bcj.c lib/xz/xz_crc.c lib/elf/elf_image.c
xz_bzimage_CFLAGS := -DTOP_DIR=\"$(TOP)\"
