# The boot path's pure pieces: the hypervisor's own vsnprintf (renamed so
# it does not replace libc's in the test binary) and the e820 map.
UNIT_TESTS += bootlib
bootlib_SRCS := tests/unit/test_bootlib.c hypervisor/common/lib/vsnprintf.c \
	hypervisor/common/boot/mem_map.c tests/unit/host/lib.c
bootlib_CFLAGS := -Dvsnprintf=xl_vsnprintf -Dsnprintf=xl_snprintf
