/*
 * Layout pins for the guest ABI.
 *
 * Every structure a guest shares with the hypervisor has one size, and
 * often a few offsets, that must never move: a guest built against Xen's
 * headers reads them at fixed byte positions.  Each public header states
 * those numbers right under the structure, so a change that would break
 * compatibility stops the compiler instead of a guest.
 *
 *	ABI_SIZE(struct mmu_update, 16);
 *	ABI_OFFSET(struct shared_info, evtchn_pending, 2048);
 *
 * C11 and C++11 have a static assertion built in.  For C99 the check is
 * an extern array declaration whose size goes negative when the condition
 * fails; every passing pin redeclares the same char[1], which C99 allows.
 * Offsets use the compiler builtin so that the headers need no <stddef.h>.
 */
#ifndef XEN_PUBLIC_ABI_CHECK_H
#define XEN_PUBLIC_ABI_CHECK_H

#if defined(__cplusplus) && __cplusplus >= 201103L
#define ABI_ASSERT(cond, what) static_assert(cond, what)
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define ABI_ASSERT(cond, what) _Static_assert(cond, what)
#else
#define ABI_ASSERT(cond, what) extern char xen_abi_check_[(cond) ? 1 : -1]
#endif

#define ABI_SIZE(type, size) \
	ABI_ASSERT(sizeof(type) == (size), "size of " #type)
#define ABI_OFFSET(type, field, off) \
	ABI_ASSERT(__builtin_offsetof(type, field) == (off),               \
		   "offset of " #type "." #field)

#endif /* XEN_PUBLIC_ABI_CHECK_H */
