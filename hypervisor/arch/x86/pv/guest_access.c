/*
 * copy_from_guest / copy_to_guest for PV guests (xenolith/guest_access.h).
 *
 * As in Xen, guest memory is copied with ordinary loads and stores: a
 * hypercall runs on the calling vCPU with the guest's own page tables in
 * CR3, so the guest's pointer is a valid address for the hypervisor too.
 * Two checks make that safe:
 *  - the range first (guest_range_ok): canonical, no wrap, and wholly
 *    outside the hypervisor's slots, so a guest can never make us read or
 *    write our own memory;
 *  - then the MMU itself: an absent page, or a read-only one for a store
 *    (CR0.WP is set, so read-only mappings bind ring 0 too), faults, and
 *    the exception table (traps/extable.c) resumes the copy routine
 *    (entry/guest_copy.S) at its fixup, which reports the bytes left.
 * A guest's mappings only ever reach frames it owns or was granted (the
 * page-type rules), so nothing else is reachable through them.  A copy
 * that fails part-way may have written a prefix, as in Xen.  SMAP is off
 * for PV guests (Xen runs with smap=hvm), so no STAC/CLAC is needed.
 *
 * This replaced a software walk of the guest's four levels per copy,
 * which cost 3.5x Xen's instructions on a multicall (docs/performance.md).
 */
#include <xenolith/lib.h>
#include <xenolith/guest_access.h>
#include <xenolith/hypercall.h>
#include <asm/page.h>

size_t raw_copy_guest(void *dst, const void *src, size_t n);
size_t raw_clear_guest(void *dst, size_t n);

static bool canonical(vaddr_t va)
{
	return ((int64_t)va >> 47) == 0 || ((int64_t)va >> 47) == -1;
}

bool guest_range_ok(vaddr_t va, size_t len)
{
	vaddr_t last = va + len - 1;

	if (len == 0)
		return true;
	if (last < va || !canonical(va) || !canonical(last))
		return false;
	/* Entirely below or entirely above the hypervisor's slots. */
	return last < HYPERVISOR_VIRT_START || va >= HYPERVISOR_VIRT_END;
}

int copy_from_guest(void *dst, vaddr_t src, size_t len)
{
	if (!guest_range_ok(src, len))
		return -XEN_EFAULT;
	return raw_copy_guest(dst, (const void *)src, len) ? -XEN_EFAULT : 0;
}

int copy_to_guest(vaddr_t dst, const void *src, size_t len)
{
	if (!guest_range_ok(dst, len))
		return -XEN_EFAULT;
	return raw_copy_guest((void *)dst, src, len) ? -XEN_EFAULT : 0;
}

int clear_guest(vaddr_t dst, size_t len)
{
	if (!guest_range_ok(dst, len))
		return -XEN_EFAULT;
	return raw_clear_guest((void *)dst, len) ? -XEN_EFAULT : 0;
}
