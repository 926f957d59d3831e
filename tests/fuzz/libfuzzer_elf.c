/* libFuzzer driver for fuzz_elf_one (built by tests/fuzz/suite). */
#include "fuzz_targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_elf_one(data, size);
}
