/*
 * Atomic bit operations on memory the guest writes too.
 *
 * shared_info's bitmaps, vcpu_info's selector and FIFO event words are
 * changed by the guest at any moment from any of its vCPUs, so the
 * hypervisor never does a plain read-modify-write on them: every change
 * is one locked instruction (the compiler's __atomic builtins, which are
 * also what the host tests run).  Bit numbers index an array of 64-bit
 * words, the 2-level ABI's xen_ulong_t on x86_64.
 */
#ifndef EVENT_EVTCHN_BITS_H
#define EVENT_EVTCHN_BITS_H

#include <xenolith/types.h>

#define EVB_WORD(nr)	((nr) / 64)
#define EVB_MASK(nr)	(1ULL << ((nr) % 64))

static inline bool evb_test_and_set(unsigned int nr, uint64_t *w)
{
	return __atomic_fetch_or(&w[EVB_WORD(nr)], EVB_MASK(nr),
				 __ATOMIC_SEQ_CST) & EVB_MASK(nr);
}

static inline bool evb_test_and_clear(unsigned int nr, uint64_t *w)
{
	return __atomic_fetch_and(&w[EVB_WORD(nr)], ~EVB_MASK(nr),
				  __ATOMIC_SEQ_CST) & EVB_MASK(nr);
}

static inline void evb_clear(unsigned int nr, uint64_t *w)
{
	__atomic_fetch_and(&w[EVB_WORD(nr)], ~EVB_MASK(nr), __ATOMIC_SEQ_CST);
}

static inline bool evb_test(unsigned int nr, const uint64_t *w)
{
	return __atomic_load_n(&w[EVB_WORD(nr)], __ATOMIC_SEQ_CST) &
	       EVB_MASK(nr);
}

/* The same on one 32-bit word (FIFO event words, the ready bitmap). */
static inline bool ev32_test_and_set(unsigned int nr, uint32_t *w)
{
	return __atomic_fetch_or(w, 1U << nr, __ATOMIC_SEQ_CST) & (1U << nr);
}

static inline void ev32_clear(unsigned int nr, uint32_t *w)
{
	__atomic_fetch_and(w, ~(1U << nr), __ATOMIC_SEQ_CST);
}

static inline void ev32_set(unsigned int nr, uint32_t *w)
{
	__atomic_fetch_or(w, 1U << nr, __ATOMIC_SEQ_CST);
}

static inline bool ev32_test(unsigned int nr, const uint32_t *w)
{
	return __atomic_load_n(w, __ATOMIC_SEQ_CST) & (1U << nr);
}

#endif
