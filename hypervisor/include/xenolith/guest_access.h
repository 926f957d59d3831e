/*
 * Copying to and from guest virtual memory.
 *
 * Every pointer a guest passes is hostile until proven otherwise: it may
 * be non-canonical, point into the hypervisor's own range (slots 256-271,
 * where the guest sees nothing but the read-only M2P), be unmapped, or
 * be mapped read-only.  These helpers answer all of those with -EFAULT:
 * the range is checked first, then the guest's current page tables are
 * used directly, a fault being caught by the exception table
 * (pv/guest_access.c).  A copy that fails part-way may have written a
 * prefix, as in Xen.
 */
#ifndef XENOLITH_GUEST_ACCESS_H
#define XENOLITH_GUEST_ACCESS_H

#include <xenolith/types.h>

/* 0 or -XEN_EFAULT. */
int copy_from_guest(void *dst, vaddr_t src, size_t len);
int copy_to_guest(vaddr_t dst, const void *src, size_t len);
/* Zero len bytes of guest memory; 0 or -XEN_EFAULT. */
int clear_guest(vaddr_t dst, size_t len);
/* True if [va, va + len) may hold guest data at all (canonical, below or
 * above the hypervisor hole, no wrap). */
bool guest_range_ok(vaddr_t va, size_t len);

#endif
