/*
 * Attribute and hint macros, spelled as in Linux and Xen.  compiler.h
 * brings them into every hypervisor file; the host unit tests' stand-in
 * lib.h includes this file directly (it cannot take compiler.h, whose
 * hidden-visibility pragma and .init sections are for the image only).
 */
#ifndef XENOLITH_ATTRIBUTES_H
#define XENOLITH_ATTRIBUTES_H

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

#endif
