/* The x86emu fuzz target, shared by the unit test and libFuzzer. */
#ifndef FUZZ_X86EMU_H
#define FUZZ_X86EMU_H

#include <stddef.h>
#include <stdint.h>
#include <asm/x86emu.h>

int fuzz_x86emu_one(const uint8_t *data, size_t size);

#endif
