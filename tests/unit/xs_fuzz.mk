# Mutation fuzzer for xenstored's wire parser and handlers (bounded loop;
# the same file is a libFuzzer target with -DXS_LIBFUZZER).
UNIT_TESTS += xs_fuzz
xs_fuzz_SRCS = tests/unit/test_xs_fuzz.c $(XS_DAEMON_SRCS)
xs_fuzz_CFLAGS := -I$(TOP)/tools/xenstored
