/*
 * mmu_grant_pte: a grant mapping's PTE changed behind the grant code's
 * back with the ordinary MMU hypercalls.
 *
 * A GNTMAP_host_map mapping is a PTE in the grantee's own page tables,
 * and nothing stops the grantee from clearing or rewriting that PTE
 * with update_va_mapping or mmu_update.  Xen 4.17 (a release build,
 * without the _PAGE_GNTTAB debug check) lets it: the references the
 * mapping held go with the PTE, the grant stays in use (its flags keep
 * GTF_reading/GTF_writing), and unmapping the handle fails with
 * GNTST_general_error as long as the PTE at host_addr does not map the
 * granted frame with the handle's access (a writable PTE does not
 * match a read-only mapping).  Once the guest maps that frame there
 * again, the unmap succeeds and the grant is free.  A read-only grant mapping is
 * rewritten by mmu_update to map another page writable; last, a mapping
 * is cleared and left so: the grant stays in use, and the hypervisor
 * must still get every frame back when the domain dies (on Xenolith,
 * the suite's memory check after the test).
 */
#include "guest.h"
#include "gnttab.h"
#include "../mmu_common/mmu.h"

const char test_title[] = "mmu_grant_pte: grant PTEs cleared or rewritten "
			  "by mmu_update";

#define REF 8			/* first entry after the reserved ones */
#define REF2 9
#define SELF 0			/* a test kernel is dom0 */
#define LOCAL (UVMF_INVLPG | UVMF_LOCAL)

static char table_va[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char src[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char other[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char map_va[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static grant_entry_v1_t *const v1 = (grant_entry_v1_t *)table_va;

static void grant(grant_ref_t ref, void *page, uint16_t flags)
{
	gnttab_grant_v1(&v1[ref], SELF, page, flags);
}

static int16_t map(grant_ref_t ref, uint32_t flags, grant_handle_t *h)
{
	struct gnttab_map_grant_ref op = {
		.host_addr = (unsigned long)map_va,
		.flags = flags, .ref = ref, .dom = SELF,
	};

	CHECK_EQ(gnttab_op(GNTTABOP_map_grant_ref, &op, 1), 0);
	*h = op.handle;
	return op.status;
}

static int16_t unmap(grant_handle_t h)
{
	struct gnttab_unmap_grant_ref op = {
		.host_addr = (unsigned long)map_va, .handle = h,
	};

	CHECK_EQ(gnttab_op(GNTTABOP_unmap_grant_ref, &op, 1), 0);
	return op.status;
}

static long set_pte(void *page, uint64_t flags)
{
	uint64_t val = page ? ((uint64_t)virt_to_mfn(page) << 12) | flags : 0;

	return hc_update_va_mapping((unsigned long)map_va, val, LOCAL);
}

static bool setup(void)
{
	struct gnttab_setup_table s = { .dom = DOMID_SELF, .nr_frames = 1 };
	xen_pfn_t frame = 0;

	set_xen_guest_handle(s.frame_list, &frame);
	CHECK_EQ(gnttab_op(GNTTABOP_setup_table, &s, 1), 0);
	CHECK_EQ(s.status, GNTST_okay);
	if (s.status != GNTST_okay)
		return false;
	CHECK_EQ(hc_update_va_mapping((unsigned long)table_va,
				      (frame << 12) | PTE_P | PTE_RW | PTE_A |
					      PTE_D, LOCAL), 0);
	return true;
}

/* Cleared by update_va_mapping, then mapped again by the guest. */
static void check_cleared(void)
{
	const uint16_t busy = GTF_permit_access | GTF_reading | GTF_writing;
	grant_handle_t h;

	memset(src, 0x5a, PAGE_SIZE);
	memset(other, 0, PAGE_SIZE);
	grant(REF, src, GTF_permit_access);
	CHECK_EQ(map(REF, GNTMAP_host_map, &h), GNTST_okay);
	CHECK_EQ(map_va[10], 0x5a);
	CHECK_EQ(set_pte(NULL, 0), 0);
	CHECK(!va_mapped((unsigned long)map_va), "PTE not cleared");
	CHECK_EQ(v1[REF].flags, busy);
	CHECK_EQ(unmap(h), GNTST_general_error);
	CHECK_EQ(v1[REF].flags, busy);
	/* Another frame at host_addr is not the grant's either. */
	CHECK_EQ(set_pte(other, PTE_P | PTE_RW | PTE_A | PTE_D), 0);
	CHECK_EQ(unmap(h), GNTST_general_error);
	CHECK(va_mapped((unsigned long)map_va), "wrong unmap cleared it");
	/* The granted frame again, through the guest's own PTE. */
	CHECK_EQ(set_pte(src, PTE_P | PTE_RW | PTE_A | PTE_D), 0);
	CHECK_EQ(map_va[10], 0x5a);
	CHECK_EQ(unmap(h), GNTST_okay);
	CHECK_EQ(v1[REF].flags, GTF_permit_access);
	CHECK(!va_mapped((unsigned long)map_va), "still mapped after unmap");
	CHECK_EQ(unmap(h), GNTST_bad_handle);
	CHECK(__sync_bool_compare_and_swap(&v1[REF].flags, GTF_permit_access,
					   0), "cannot revoke the grant");
}

/* Machine address of the L1 entry mapping va (a walk via the M2P). */
static uint64_t l1e_maddr(unsigned long va)
{
	const unsigned long *m2p_ro = (const unsigned long *)MACH2PHYS_VIRT_START;
	const uint64_t *t = (const uint64_t *)start_info->pt_base;
	uint64_t e = 0;

	for (int shift = 39; shift > 12; shift -= 9) {
		e = t[(va >> shift) & 511];
		t = (const uint64_t *)(VIRT_BASE +
				       m2p_ro[(e & PTE_ADDR) >> 12] * PAGE_SIZE);
	}
	return (e & PTE_ADDR) + ((va >> 12) & 511) * sizeof(uint64_t);
}

/* Rewritten by mmu_update and left: the handle is stuck until death. */
static void check_rewritten(void)
{
	const uint16_t ro = GTF_permit_access | GTF_readonly;
	uint64_t rw = PTE_P | PTE_RW | PTE_A | PTE_D;
	grant_handle_t h;

	grant(REF2, src, ro);
	CHECK_EQ(map(REF2, GNTMAP_host_map | GNTMAP_readonly, &h), GNTST_okay);
	CHECK_EQ(v1[REF2].flags, ro | GTF_reading);
	CHECK_EQ(mmu_update1(l1e_maddr((unsigned long)map_va),
			     ((uint64_t)virt_to_mfn(other) << 12) | rw,
			     DOMID_SELF), 0);
	/* mmu_update does not flush: an INVLPG of our own. */
	CHECK_EQ(mmuext1(MMUEXT_INVLPG_LOCAL, (unsigned long)map_va, 0), 0);
	*(volatile char *)map_va = 1;
	CHECK_EQ(*(volatile char *)other, 1);
	CHECK_EQ(unmap(h), GNTST_general_error);
	CHECK_EQ(v1[REF2].flags, ro | GTF_reading);
	CHECK(!__sync_bool_compare_and_swap(&v1[REF2].flags, ro, 0),
	      "revoked a grant in use");
	/* The granted frame, but writable: not the read-only mapping. */
	CHECK_EQ(set_pte(src, rw), 0);
	CHECK_EQ(unmap(h), GNTST_general_error);
	CHECK_EQ(v1[REF2].flags, ro | GTF_reading);
	/* Read-only again: now it is, and the unmap succeeds. */
	CHECK_EQ(set_pte(src, PTE_P | PTE_A), 0);
	CHECK_EQ(unmap(h), GNTST_okay);
	CHECK_EQ(v1[REF2].flags, ro);
}

/* Cleared and left: the grant stays in use until the domain dies. */
static void check_left(void)
{
	grant_handle_t h;

	grant(REF, src, GTF_permit_access);
	CHECK_EQ(map(REF, GNTMAP_host_map, &h), GNTST_okay);
	CHECK_EQ(set_pte(NULL, 0), 0);
	CHECK_EQ(v1[REF].flags,
		 GTF_permit_access | GTF_reading | GTF_writing);
}

void test_main(void)
{
	if (!setup())
		return;
	check_cleared();
	check_rewritten();
	check_left();
}
