/*
 * mmu_tlb_stale: a stale writable translation cannot outlive the frame
 * becoming a page table.
 *
 * A PV guest flushes its own TLB: removing a mapping with
 * update_va_mapping(UVMF_NONE) or mmu_update leaves the old translation
 * in the TLB, and using it is the guest's own business - as long as
 * the frame stays an ordinary page of its own.  The moment that frame
 * becomes a page table, a stale writable translation would let the
 * guest write page-table entries unchecked, so the hypervisor must
 * flush it at the type change (Xen's tlbflush timestamps; Xenolith's
 * page_type.c rule 6).  Under QEMU the TLB really keeps stale entries,
 * so this is a real check: with the type-change flush taken out the
 * write below lands in the new L1 (tried on Xenolith).
 *
 * Steps: map a spare frame writable at the scratch page and write it
 * (the translation is now cached), clear the entry without any flush,
 * pin the frame as an L1, then write through the old address: it must
 * fault, and the L1 must still be all zeros.
 */
#include "../mmu_common/mmu.h"
#include "traps.h"

const char test_title[] = "mmu_tlb_stale: no stale writable mapping of a new page table";

static void check_round(unsigned int round)
{
	unsigned long f = spare_mfn();
	volatile uint64_t *p = (volatile uint64_t *)scratch;
	uint64_t t[512];

	map_scratch(f, true);
	for (unsigned int i = 0; i < 512; i++)
		p[i] = 0;
	/* Remove the mapping, asking for no flush at all. */
	CHECK_EQ(hc_update_va_mapping((unsigned long)scratch, 0, UVMF_NONE),
		 0);
	CHECK_EQ(pin(1, f), 0);
	trap_reset();
	asm volatile("1: movq %1, %0; 2:" EXTABLE("1b", "2b")
		     : "=m"(p[round]) : "r"(0x8000000000000067ul) : "memory");
	CHECK(last_trap.vector == X86_EXC_PF,
	      "round %u: the write through the stale mapping did not fault",
	      round);
	read_frame(f, t);
	for (unsigned int i = 0; i < 512; i++)
		if (t[i]) {
			CHECK(false, "round %u: L1 entry %u is %#lx", round, i,
			      (unsigned long)t[i]);
			break;
		}
	CHECK_EQ(unpin(f), 0);
}

void test_main(void)
{
	for (unsigned int round = 0; round < 8; round++)
		check_round(round);
	unmap_scratch();
}
