/*
 * Fuzz targets for the loader libraries, shared by the bounded mutation
 * loops in the host unit tests (tests/unit/test_*_fuzz.c) and the libFuzzer
 * drivers built by tests/fuzz/suite when clang is available.
 *
 * Each target copies the input into a buffer of exactly its size, so ASan
 * catches any read past the end, and abort()s if the library breaks one of
 * its own contracts (a load callback offset outside the image's extent, an
 * output length beyond the buffer).  Return values are ignored: refusing
 * the input is the expected outcome for almost every mutation.
 */
#ifndef TESTS_FUZZ_TARGETS_H
#define TESTS_FUZZ_TARGETS_H

#include <stdint.h>
#include <stddef.h>

int fuzz_elf_one(const uint8_t *data, size_t size);
int fuzz_xz_one(const uint8_t *data, size_t size);

#endif
