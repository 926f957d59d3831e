/* libFuzzer driver for fuzz_xz_one (built by tests/fuzz/suite). */
#include "fuzz_targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_xz_one(data, size);
}
