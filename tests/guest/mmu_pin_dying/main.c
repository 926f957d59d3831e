/*
 * mmu_pin_dying: the domain dies in the middle of pinning a big tree.
 *
 * Pinning an L3 over 1024 L1s takes long enough that a hypervisor
 * continues it (Xen: PGT_partial; Xenolith: the bottom-up walk of
 * mm/pt_prevalidate.c, whose held references stay with the vCPU between
 * continuations).  VIRQ_TIMER is armed 1 ms ahead with events open, and
 * the tick's upcall - which runs while the pin is part done (its first
 * L1 already typed: it cannot be mapped writable; otherwise the host
 * stalled us before the pin began and the timer is armed again) - ends
 * the test and powers the domain off right there, abandoning the pin.  On
 * Xenolith the end-of-run check then audits every count with the walk
 * still held and destroys the domain: every frame must come back
 * (tests/guest/suite's memory check), and the continuation count shows
 * the pin really was continued.
 */
#include "../evtchn_common/ev.h"
#include "../mmu_common/mmu.h"

const char test_title[] = "mmu_pin_dying: powered off in the middle of a pin";

#define L2_COUNT 2
#define MS	 1000000ull

static unsigned long l3, l2[L2_COUNT], l1[L2_COUNT * 512], data;
static uint64_t table[512];
static int tport;
static volatile bool pinning;
static uint64_t pin_start;

static void build(void)
{
	unsigned int i;

	data = spare_mfn();
	l3 = spare_mfn();
	for (i = 0; i < L2_COUNT; i++)
		l2[i] = spare_mfn();
	for (i = 0; i < L2_COUNT * 512; i++)
		l1[i] = spare_mfn();
	mmu_fill_tree(l3, l2, l1, L2_COUNT, data, table);
}

static void tick_upcall(void)
{
	unsigned int before = ev_count[tport];

	ev_scan_2l(0);
	if (ev_count[tport] == before)
		return;
	CHECK(pinning, "the tick came after the pin");
	/* A host stall before the pin began: its first L1 is not a page
	 * table yet (it can be mapped writable).  Wait for another tick. */
	if (!hc_update_va_mapping((unsigned long)scratch,
				  (l1[0] << 12) | PT_RW,
				  UVMF_INVLPG | UVMF_LOCAL)) {
		unmap_scratch();
		printk("tick before the pin began: once more\n");
		CHECK_EQ(set_timer_op(pvclock_ns(0) + 1 * MS), 0);
		return;
	}
	printk("tick during the pin, %lu us after it began: powering off\n",
	       (unsigned long)(pvclock_ns(0) - pin_start) / 1000);
	test_finish();
}

void test_main(void)
{
	tport = ev_setup_timer(tick_upcall);
	if (tport < 0)
		return;
	build();
	ev_window();
	CHECK_EQ(set_timer_op(pvclock_ns(0) + 1 * MS), 0);
	pinning = true;
	pin_start = pvclock_ns(0);
	ev_vi(0)->evtchn_upcall_mask = 0;
	asm volatile("" ::: "memory");
	CHECK_EQ(pin(3, l3), 0);
	pinning = false;
	ev_vi(0)->evtchn_upcall_mask = 1;
	CHECK(false, "the pin finished before the tick");
}
