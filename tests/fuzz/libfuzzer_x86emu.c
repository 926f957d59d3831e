/* libFuzzer driver for fuzz_x86emu_one (the writable-page-table emulator). */
#include "fuzz_x86emu.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_x86emu_one(data, size);
}
