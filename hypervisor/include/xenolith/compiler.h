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

#define __init	       __attribute__((section(".init.text")))
#define __initdata     __attribute__((section(".init.data")))
#define __used	       __attribute__((used))
#define __noreturn     __attribute__((noreturn))
#define __packed       __attribute__((packed))
#define __aligned(a)   __attribute__((aligned(a)))
#define __section(s)   __attribute__((section(s)))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define likely(x)      __builtin_expect(!!(x), 1)
#define unlikely(x)    __builtin_expect(!!(x), 0)
#define barrier()      __asm__ __volatile__("" ::: "memory")
#define ACCESS_ONCE(x) (*(volatile __typeof__(x) *)&(x))
#define ARRAY_SIZE(a)  (sizeof(a) / sizeof((a)[0]))

#endif
