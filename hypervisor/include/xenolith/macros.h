/*
 * Small arithmetic macros every part of the hypervisor uses, shared with
 * the host unit tests' stand-in lib.h so both spell them alike.
 * ROUNDUP/ROUNDDOWN take a power-of-two alignment.
 */
#ifndef XENOLITH_MACROS_H
#define XENOLITH_MACROS_H

#define MIN(a, b)	((a) < (b) ? (a) : (b))
#define MAX(a, b)	((a) > (b) ? (a) : (b))
#define ROUNDUP(x, a)	(((x) + (a)-1) & ~((__typeof__(x))(a)-1))
#define ROUNDDOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))

/* compiler.h has it too in the hypervisor build. */
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#endif
