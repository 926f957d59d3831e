/*
 * mmu_batch_preempt: huge batches complete, and a timer set for 1 ms
 * fires during them, not after.
 *
 * A hypervisor must not let one hypercall hold the CPU: a long batch
 * stops between elements when something else is due and continues
 * later (a continuation), with the done counts adding up.  A guest sees
 * that only through its events: with VIRQ_TIMER armed for 1 ms ahead
 * and events open, the tick's upcall runs while the batch is part done.
 * The upcall handler looks at the batch's progress - mmu_update's done
 * count, or the reservation for memory_op - and the checks are that it
 * was before the end, and that every batch completed exactly:
 *
 *   - mmu_update of 100000 validated entries of a pinned L1;
 *   - the same batch as one entry of a multicall (the entry is
 *     continued in place, as Xen rewrites it);
 *   - decrease_reservation of 49152 frames, then increase_reservation
 *     of as many (192 MiB each way: test.mk gives dom0 256 MiB, so that
 *     even with the hypervisor flushing nothing per frame the batch
 *     lasts well over the 1 ms).
 *
 * On Xenolith the end-of-run line "hypercall continuations: N" (test.mk
 * END_xenolith) proves the continuations happened there.
 */
#include "../evtchn_common/ev.h"
#include "../mmu_common/mmu.h"

const char test_title[] = "mmu_batch_preempt: huge batches, timer during";

#define MS	  1000000ull
#define N_UPDATES 100000u
#define N_FRAMES  49152u

static struct mmu_update reqs[N_UPDATES];
static unsigned long frames[N_FRAMES];
static volatile unsigned int done;
static int tport;
static volatile bool ticked;
static volatile long seen;		/* progress when the tick came */
static long (*progress)(void);

static void tick_upcall(void)
{
	unsigned int before = ev_count[tport];

	ev_scan_2l(0);
	if (ev_count[tport] != before && !ticked) {
		ticked = true;
		seen = progress();
	}
}

static long updates_done(void)
{
	return done;
}

static long reservation_now(void)
{
	domid_t self = DOMID_SELF;

	return memory_op(XENMEM_current_reservation, &self);
}

/* Arm VIRQ_TIMER 1 ms ahead and open events for the batch. */
static void arm(long (*p)(void))
{
	ev_window();
	ev_reset_counts();
	ticked = false;
	seen = -1;
	progress = p;
	CHECK_EQ(set_timer_op(pvclock_ns(0) + 1 * MS), 0);
	ev_vi(0)->evtchn_upcall_mask = 0;
	asm volatile("" ::: "memory");
}

static void disarm(const char *what, long from, long to, uint64_t t0)
{
	ev_vi(0)->evtchn_upcall_mask = 1;
	asm volatile("" ::: "memory");
	printk("%s: %lu ms, tick at %ld of %ld..%ld\n", what,
	       (unsigned long)((pvclock_ns(0) - t0) / MS), seen, from, to);
	CHECK(ticked, "%s: no tick during the batch", what);
	/* Not after the end.  (At its start only when the host stalled us
	 * for a millisecond before the batch began: not the point.) */
	CHECK(seen >= from && seen < to, "%s: tick at %ld, not within %ld..%ld",
	      what, seen, from, to);
}

/* 100000 updates of a pinned L1: each round maps its 512 slots to the
 * data frame, the next clears them. */
static unsigned long build_updates(void)
{
	unsigned long l1 = spare_mfn(), data = spare_mfn();

	memset(map_scratch(l1, true), 0, PAGE_SIZE);
	unmap_scratch();
	CHECK_EQ(pin(1, l1), 0);
	for (unsigned int i = 0; i < N_UPDATES; i++) {
		reqs[i].ptr = (l1 << 12) + 8 * (i % 512);
		reqs[i].val = (i / 512) % 2 ? 0 : (data << 12) | PT_RO;
	}
	return l1;
}

/* The last round's values (G aside: Xen 4.17 sets it on user
 * mappings, Xenolith never does). */
static void check_table(unsigned long l1)
{
	uint64_t t[512];
	unsigned int last = N_UPDATES % 512;

	read_frame(l1, t);
	CHECK_EQ(t[0] & ~PTE_G, reqs[N_UPDATES - last].val);
	CHECK_EQ(t[511] & ~PTE_G, reqs[N_UPDATES - last - 1].val);
	CHECK_EQ(t[last - 1] & ~PTE_G, reqs[N_UPDATES - 1].val);
}

static void check_mmu_update(unsigned long l1)
{
	uint64_t t0 = pvclock_ns(0);
	long rc;

	done = 0;
	arm(updates_done);
	rc = hypercall4(__HYPERVISOR_mmu_update, reqs, N_UPDATES, &done,
			DOMID_SELF);
	disarm("mmu_update", 0, N_UPDATES, t0);
	CHECK_EQ(rc, 0);
	CHECK_EQ(done, N_UPDATES);
	check_table(l1);
}

static void check_multicall(unsigned long l1)
{
	struct multicall_entry mc[2] = {
	    {.op = __HYPERVISOR_mmu_update,
	     .args = {(unsigned long)reqs, N_UPDATES, (unsigned long)&done,
		      DOMID_SELF}},
	    {.op = __HYPERVISOR_xen_version, .args = {XENVER_version}},
	};
	uint64_t t0;

	/* Start from a clear table: the batch's first round maps. */
	for (unsigned int i = 0; i < 512; i++)
		CHECK_EQ(set_entry(l1, i, 0), 0);
	done = 0;
	t0 = pvclock_ns(0);
	arm(updates_done);
	CHECK_EQ(hc_multicall(mc, 2), 0);
	disarm("multicall(mmu_update)", 0, N_UPDATES, t0);
	CHECK_EQ(mc[0].result, 0);
	CHECK_EQ(done, N_UPDATES);
	CHECK(mc[1].result > 0, "xen_version entry: %ld", (long)mc[1].result);
	check_table(l1);
	for (unsigned int i = 0; i < 512; i++)
		CHECK_EQ(set_entry(l1, i, 0), 0);
	CHECK_EQ(unpin(l1), 0);
}

static long resv(unsigned int cmd, unsigned int n)
{
	struct xen_memory_reservation r = {.extent_start = frames,
					   .nr_extents = n,
					   .extent_order = 0,
					   .domid = DOMID_SELF};

	return memory_op(cmd, &r);
}

static void check_reservation(void)
{
	long before = reservation_now(), rc;
	uint64_t t0;

	for (unsigned int i = 0; i < N_FRAMES; i++)
		frames[i] = spare_mfn();
	t0 = pvclock_ns(0);
	arm(reservation_now);
	rc = resv(XENMEM_decrease_reservation, N_FRAMES);
	/* The reservation shrinks as the batch goes. */
	disarm("decrease_reservation", before - N_FRAMES, before, t0);
	CHECK_EQ(rc, N_FRAMES);
	CHECK_EQ(reservation_now(), before - N_FRAMES);
	memset(frames, 0, sizeof(frames));
	t0 = pvclock_ns(0);
	arm(reservation_now);
	rc = resv(XENMEM_increase_reservation, N_FRAMES);
	disarm("increase_reservation", before - N_FRAMES, before, t0);
	CHECK_EQ(rc, N_FRAMES);
	CHECK_EQ(reservation_now(), before);
	for (unsigned int i = 0; i < N_FRAMES; i++)
		if (!frames[i] || frames[i] == ~0ul) {
			CHECK(false, "extent %u: mfn %#lx", i, frames[i]);
			break;
		}
}

void test_main(void)
{
	unsigned long l1;

	tport = ev_setup_timer(tick_upcall);
	if (tport < 0)
		return;
	l1 = build_updates();
	check_mmu_update(l1);
	check_multicall(l1);
	check_reservation();
}
