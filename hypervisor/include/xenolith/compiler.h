/*
 * Included first into every hypervisor C file (by the Makefile).  The
 * visibility pragma makes gcc treat every symbol as local to the image, so
 * position-independent code addresses it RIP-relative instead of through a
 * GOT: that is what lets one static image run at 0xffff8280... (see the
 * code-model note in hypervisor/Makefile).
 */
#ifndef XENOLITH_COMPILER_H
#define XENOLITH_COMPILER_H

#pragma GCC visibility push(hidden)

#include <xenolith/attributes.h>

#define __init	       __attribute__((section(".init.text")))
#define __initdata     __attribute__((section(".init.data")))
#define ARRAY_SIZE(a)  (sizeof(a) / sizeof((a)[0]))

#endif
