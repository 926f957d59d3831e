/*
 * copy_from_guest / copy_to_guest for PV guests (xenolith/guest_access.h).
 *
 * Xen copies with ordinary loads and stores and recovers from faults
 * through an exception-fixup table.  We walk the guest's page tables in
 * software instead: the walk applies exactly the permissions the guest's
 * own access would need (present and user at every level, and writable
 * for stores, since CR0.WP makes read-only mappings binding even for
 * the hypervisor in Xen), so a hostile pointer costs -EFAULT and can
 * never fault inside Xenolith.  The frames are then touched through the
 * direct map, one page at a time.
 *
 * The walk uses the page tables loaded in CR3: hypercalls run on the
 * calling vCPU with its current (kernel) root, as in Xen.
 */
#include <xenolith/lib.h>
#include <xenolith/guest_access.h>
#include <xenolith/hypercall.h>
#include <asm/page.h>
#include <asm/processor.h>

#define WALK_NEED (_PAGE_PRESENT | _PAGE_USER)

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

static bool entry_ok(pte_t e, uint64_t need)
{
	return (e & need) == need && pte_maddr(e) < directmap_end;
}

/* Machine address of va, or ~0 when the guest could not access it. */
static paddr_t guest_walk(vaddr_t va, bool write)
{
	uint64_t need = WALK_NEED | (write ? _PAGE_RW : 0);
	pte_t *t = maddr_to_virt(read_cr3() & PTE_ADDR_MASK);
	pte_t e = t[pt_index(va, L4_SHIFT)];

	if (!entry_ok(e, need))
		return ~0UL;
	e = ((pte_t *)maddr_to_virt(pte_maddr(e)))[pt_index(va, L3_SHIFT)];
	if (!entry_ok(e, need))
		return ~0UL;
	if (pte_is_leaf_large(e))
		return (pte_maddr(e) & ~((1UL << L3_SHIFT) - 1)) +
		       (va & ((1UL << L3_SHIFT) - 1));
	e = ((pte_t *)maddr_to_virt(pte_maddr(e)))[pt_index(va, L2_SHIFT)];
	if (!entry_ok(e, need))
		return ~0UL;
	if (pte_is_leaf_large(e))
		return (pte_maddr(e) & ~((1UL << L2_SHIFT) - 1)) +
		       (va & ((1UL << L2_SHIFT) - 1));
	e = ((pte_t *)maddr_to_virt(pte_maddr(e)))[pt_index(va, L1_SHIFT)];
	if (!entry_ok(e, need))
		return ~0UL;
	return pte_maddr(e) + (va & (PAGE_SIZE - 1));
}

/* Apply fn to each page-sized piece of [va, va + len). */
static int guest_chunks(vaddr_t va, size_t len, bool write,
			void (*fn)(void *guest, size_t off, size_t n,
				   void *ctx),
			void *ctx)
{
	size_t done = 0;

	if (!guest_range_ok(va, len))
		return -XEN_EFAULT;
	while (done < len) {
		size_t n = MIN(len - done, PAGE_SIZE - ((va + done) &
							(PAGE_SIZE - 1)));
		paddr_t ma = guest_walk(va + done, write);

		if (ma == ~0UL)
			return -XEN_EFAULT;
		fn(maddr_to_virt(ma), done, n, ctx);
		done += n;
	}
	return 0;
}

static void chunk_from(void *guest, size_t off, size_t n, void *ctx)
{
	memcpy((char *)ctx + off, guest, n);
}

static void chunk_to(void *guest, size_t off, size_t n, void *ctx)
{
	memcpy(guest, (const char *)ctx + off, n);
}

static void chunk_zero(void *guest, size_t off, size_t n, void *ctx)
{
	memset(guest, 0, n);
}

int copy_from_guest(void *dst, vaddr_t src, size_t len)
{
	return guest_chunks(src, len, false, chunk_from, dst);
}

int copy_to_guest(vaddr_t dst, const void *src, size_t len)
{
	return guest_chunks(dst, len, true, chunk_to, (void *)src);
}

int clear_guest(vaddr_t dst, size_t len)
{
	return guest_chunks(dst, len, true, chunk_zero, NULL);
}
