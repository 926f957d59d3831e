/*
 * mmu_ptwr: writable page tables (VMASST_TYPE_writable_pagetables).
 *
 * With the assist on, a guest kernel may write its own pinned L1 pages
 * directly through a read-only mapping: the write faults and the
 * hypervisor emulates the one instruction, validating the new entry.
 * We use the forms Linux uses on PTEs - plain 8- and 4-byte stores,
 * XCHG, CMPXCHG (success and failure), LOCK AND, LOCK BTR - and check
 * each through the mapping it creates.  Entries the rules refuse (the L1
 * itself writable, a frame that is not ours) are not written: the guest
 * gets the page fault.  Writes to an L2 are never emulated.
 */
#include "../mmu_common/mmu.h"

const char test_title[] = "mmu_ptwr: writable page tables emulate PTE writes";

#define NEW_VA 0x18000000000ul /* L4 slot 3 */

static unsigned long l3, l2, l1, data, data2;
static volatile uint64_t *pte; /* the L1, mapped read-only at scratch */

static bool faults(unsigned long va, bool write)
{
	unsigned long v = 0;

	trap_reset();
	if (write)
		asm volatile("1: movq %1, (%0)\n2:\n" EXTABLE("1b", "2b")
			     :
			     : "r"(va), "r"(v)
			     : "memory");
	else
		asm volatile("1: movq (%1), %0\n2:\n" EXTABLE("1b", "2b")
			     : "+r"(v)
			     : "r"(va)
			     : "memory");
	return last_trap.count == 1 && last_trap.vector == X86_EXC_PF;
}

static void flush(void)
{
	CHECK_EQ(mmuext1(MMUEXT_TLB_FLUSH_LOCAL, 0, 0), 0);
}

static void setup(void)
{
	unsigned long *f[] = {&l3, &l2, &l1, &data, &data2};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(f); i++) {
		*f[i] = spare_mfn();
		CHECK_EQ(mmuext1(MMUEXT_CLEAR_PAGE, *f[i], 0), 0);
	}
	CHECK_EQ(set_entry(l2, 0, (l1 << 12) | PT_RW), 0);
	CHECK_EQ(set_entry(l3, 0, (l2 << 12) | PT_RW), 0);
	CHECK_EQ(pin(3, l3), 0);
	CHECK_EQ(set_entry(pt_base_mfn(), 3, (l3 << 12) | PT_RW), 0);
	pte = map_scratch(l1, false);
}

static void stores(void)
{
	volatile unsigned long *p = (unsigned long *)NEW_VA;
	uint64_t want = (data << 12) | PT_RW;

	CHECK_EQ(vm_assist(VMASST_CMD_enable, VMASST_TYPE_writable_pagetables),
		 0);
	trap_reset();
	pte[0] = want;
	CHECK_EQ(last_trap.count, 0);
	/* G is the hypervisor's business (Xen sets it, Xenolith never). */
	CHECK_EQ(pte[0] & ~(PTE_A | PTE_D | PTE_G), want & ~(PTE_A | PTE_D));
	*p = 0xfeed;
	CHECK_EQ(*p, 0xfeed);
	/* A 4-byte store of the upper half: NX on. */
	trap_reset();
	((volatile uint32_t *)pte)[1] = (uint32_t)(PTE_NX >> 32);
	CHECK_EQ(last_trap.count, 0);
	CHECK(pte[0] & PTE_NX, "NX not set: %#lx", (unsigned long)pte[0]);
	CHECK_EQ(pte[0] & PTE_ADDR, data << 12);
}

static void rmw_forms(void)
{
	uint64_t old, val = (data2 << 12) | PT_RO, exp;
	unsigned char ok;

	/* xchg: the old (empty) entry comes back. */
	old = val;
	asm volatile("xchg %0, %1" : "+r"(old), "+m"(pte[1]) : : "memory");
	CHECK_EQ(old, 0);
	CHECK_EQ(pte[1] & PTE_ADDR, data2 << 12);
	CHECK(!faults(NEW_VA + PAGE_SIZE, false), "xchg mapping unreadable");
	/* cmpxchg that succeeds, then one that fails. */
	exp = pte[1];
	val = (data << 12) | PT_RO;
	asm volatile("lock cmpxchg %3, %1; sete %2"
		     : "+a"(exp), "+m"(pte[1]), "=q"(ok)
		     : "r"(val)
		     : "memory", "cc");
	CHECK(ok, "cmpxchg failed");
	CHECK_EQ(pte[1] & PTE_ADDR, data << 12);
	exp = 0x1234000;
	asm volatile("lock cmpxchg %3, %1; sete %2"
		     : "+a"(exp), "+m"(pte[1]), "=q"(ok)
		     : "r"(val)
		     : "memory", "cc");
	CHECK(!ok, "cmpxchg succeeded on a wrong value");
	CHECK_EQ(exp, pte[1]);
	/* lock and: drop RW from entry 0, as ptep_set_wrprotect does. */
	asm volatile("lock andb %1, %0"
		     : "+m"(pte[0])
		     : "i"(~PTE_RW & 0xff)
		     : "memory");
	CHECK_EQ(pte[0] & PTE_RW, 0);
	flush();
	CHECK(faults(NEW_VA, true), "write-protected page still writable");
	/* lock btr $5: clear Accessed (ptep_test_and_clear_young). */
	*(volatile unsigned long *)(NEW_VA + PAGE_SIZE);
	asm volatile("lock btrq $5, %0" : "+m"(pte[1]) : : "memory", "cc");
	CHECK_EQ(pte[1] & PTE_A, 0);
	/* Clear an entry with a plain store of 0. */
	pte[1] = 0;
	flush();
	CHECK(faults(NEW_VA + PAGE_SIZE, false), "cleared entry still maps");
}

static void refused(void)
{
	unsigned long l2va;

	/* The L1 itself, writable: the guest gets the fault. */
	trap_reset();
	asm volatile("1: movq %1, (%0)\n2:\n" EXTABLE("1b", "2b")
		     :
		     : "r"(&pte[2]), "r"((l1 << 12) | PT_RW)
		     : "memory");
	CHECK_EQ(last_trap.vector, X86_EXC_PF);
	CHECK_EQ(pte[2], 0);
	/* A frame beyond RAM. */
	trap_reset();
	asm volatile("1: movq %1, (%0)\n2:\n" EXTABLE("1b", "2b")
		     :
		     : "r"(&pte[2]), "r"(0xffffffffff000ul | PT_RO)
		     : "memory");
	CHECK_EQ(last_trap.vector, X86_EXC_PF);
	CHECK_EQ(pte[2], 0);
	/* An L2 is never written by emulation. */
	unmap_scratch();
	l2va = (unsigned long)map_scratch(l2, false);
	CHECK(faults(l2va + 8, true), "store to an L2 emulated");
	unmap_scratch();
	pte = map_scratch(l1, false);
	/* Xen 4.17 keeps emulating with the assist off. */
	CHECK_EQ(vm_assist(VMASST_CMD_disable, VMASST_TYPE_writable_pagetables),
		 0);
	CHECK(!faults((unsigned long)&pte[3], true), "not emulated");
}

static void teardown(void)
{
	unmap_scratch();
	CHECK_EQ(set_entry(pt_base_mfn(), 3, 0), 0);
	CHECK_EQ(unpin(l3), 0);
	flush();
	map_scratch(l1, true);
	unmap_scratch();
}

void test_main(void)
{
	setup();
	stores();
	rmw_forms();
	refused();
	teardown();
}
