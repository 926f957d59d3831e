/*
 * mmu_tlb_smp: a mapping changed on one CPU is never seen stale on the
 * other.
 *
 * vCPU 1 spins reading one virtual address, which keeps its translation
 * in its CPU's TLB.  vCPU 0 points that address at another frame, each
 * time with a different flush form that names vCPU 1 (update_va_mapping
 * with UVMF_ALL or a UVMF_MULTI bitmap, INVLPG or a full flush; or no
 * flush in the update and then MMUEXT_TLB_FLUSH_MULTI/INVLPG_MULTI/
 * _ALL), then asks vCPU 1 what it reads now.  It must read the new
 * frame's contents every time: the flush has to reach the CPU vCPU 1
 * runs on.  Run with two physical CPUs (test.mk SMP).
 */
#include "../evtchn_common/vcpu1.h"
#include "../mmu_common/mmu.h"

const char test_title[] = "mmu_tlb_smp: remote flushes reach the other CPU";

#define ROUNDS 64

static char frame_a[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char frame_b[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char window[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static volatile unsigned long asked, answered, seen;
static volatile bool stop, stopped;
static unsigned long vcpu1_mask = 2;	/* bit 1: vCPU 1 */

static void on_vcpu1(void)
{
	volatile unsigned long *w = (volatile unsigned long *)window;

	while (!stop) {
		unsigned long a = asked;

		seen = *w;	/* the translation stays in this TLB */
		if (a != answered) {
			seen = *w;
			__atomic_store_n(&answered, a, __ATOMIC_SEQ_CST);
		}
	}
	stopped = true;	/* off the window: vCPU 0 may unmap it */
}

static uint64_t pte_of(const char *page)
{
	return ((uint64_t)virt_to_mfn(page) << 12) | PTE_P | PTE_RW | PTE_A |
	       PTE_D;
}

static long flush_ext(unsigned int cmd)
{
	struct mmuext_op op = { .cmd = cmd };

	op.arg1.linear_addr = (unsigned long)window;
	set_xen_guest_handle(op.arg2.vcpumask, &vcpu1_mask);
	return hc_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* Point window at page with flush form n; 0 or the hypercall's error. */
static long remap(const char *page, unsigned int n)
{
	unsigned long va = (unsigned long)window, m = (unsigned long)&vcpu1_mask;
	long rc;

	switch (n % 7) {
	case 0:
		return hc_update_va_mapping(va, pte_of(page),
					    UVMF_INVLPG | UVMF_ALL);
	case 1:
		return hc_update_va_mapping(va, pte_of(page),
					    UVMF_TLB_FLUSH | UVMF_ALL);
	case 2:
		return hc_update_va_mapping(va, pte_of(page),
					    UVMF_INVLPG | UVMF_MULTI | m);
	case 3:
		return hc_update_va_mapping(va, pte_of(page),
					    UVMF_TLB_FLUSH | UVMF_MULTI | m);
	}
	rc = hc_update_va_mapping(va, pte_of(page), UVMF_NONE);
	if (rc)
		return rc;
	switch (n % 7) {
	case 4:
		return flush_ext(MMUEXT_INVLPG_MULTI);
	case 5:
		return flush_ext(MMUEXT_TLB_FLUSH_MULTI);
	default:
		return flush_ext(n & 8 ? MMUEXT_INVLPG_ALL :
					 MMUEXT_TLB_FLUSH_ALL);
	}
}

/* What vCPU 1 reads after the change, or ~0 if it never answered. */
static unsigned long ask(void)
{
	unsigned long q = asked + 1;
	uint64_t end = pvclock_ns(0) + 10000000000ull;

	__atomic_store_n(&asked, q, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&answered, __ATOMIC_SEQ_CST) != q)
		if (pvclock_ns(0) > end)
			return ~0ul;
	return seen;
}

void test_main(void)
{
	unsigned long stale = 0;

	memset(frame_a, 0xaa, PAGE_SIZE);
	memset(frame_b, 0xbb, PAGE_SIZE);
	CHECK_EQ(hc_update_va_mapping((unsigned long)window, pte_of(frame_a),
				      UVMF_INVLPG | UVMF_LOCAL), 0);
	if (vcpu1_start(on_vcpu1))
		return;
	if (ask() != 0xaaaaaaaaaaaaaaaaul) {
		test_error("vCPU 1 does not answer");
		return;
	}
	for (unsigned int n = 0; n < ROUNDS; n++) {
		const char *to = n & 1 ? frame_a : frame_b;
		unsigned long got;

		CHECK_EQ(remap(to, n), 0);
		got = ask();
		if (got != *(const unsigned long *)to && stale++ < 4)
			printk("round %u (form %u): vCPU 1 read %#lx\n", n,
			       n % 7, got);
	}
	CHECK_EQ(stale, 0);
	stop = true;
	for (uint64_t end = pvclock_ns(0) + 10000000000ull;
	     !stopped && pvclock_ns(0) < end;)
		;
	CHECK(stopped, "vCPU 1 did not stop");
	CHECK_EQ(hc_update_va_mapping((unsigned long)window, 0,
				      UVMF_INVLPG | UVMF_ALL), 0);
	printk("%u remaps, every one seen by vCPU 1\n", ROUNDS);
}
