UNIT_TESTS += xz
xz_SRCS := tests/unit/test_xz.c lib/xz/xz_stream.c lib/xz/xz_lzma2.c \
	lib/xz/xz_lzma.c lib/xz/xz_bcj.c lib/xz/xz_crc.c
xz_CFLAGS := -DTOP_DIR=\"$(TOP)\"
