UNIT_TESTS += xz_fuzz
xz_fuzz_SRCS := tests/unit/test_xz_fuzz.c tests/fuzz/fuzz_xz.c \
	lib/xz/xz_stream.c lib/xz/xz_lzma2.c lib/xz/xz_lzma.c \
	lib/xz/xz_bcj.c lib/xz/xz_crc.c
xz_fuzz_CFLAGS := -DTOP_DIR=\"$(TOP)\"
