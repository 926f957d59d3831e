# The writable-page-table instruction emulator: known answers and a
# bounded random run of the fuzz target (tests/fuzz/fuzz_x86emu.c).
UNIT_TESTS += x86emu
x86emu_SRCS := tests/unit/test_x86emu.c tests/unit/x86emu_native.S \
	tests/fuzz/fuzz_x86emu.c \
	hypervisor/arch/x86/mm/x86emu.c tests/unit/host/lib.c
x86emu_CFLAGS := -I$(TOP)/hypervisor/arch/x86/include -I$(TOP)/tests/fuzz
