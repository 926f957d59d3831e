/*
 * gnttab_smp: two vCPUs using one grant at once.
 *
 * vCPU 1 maps the grant for a device (read-only) and unmaps it, and
 * copies out of it, in a loop; vCPU 0 meanwhile maps it read-write at an
 * address of its own, writes through the mapping, unmaps, and copies
 * too.  Pins come and go on both CPUs, so the in-use bits are set and
 * cleared concurrently: every operation must succeed, the entry must be
 * busy whenever someone holds it and idle at the end, and the granter
 * can end the grant then.
 */
#include "../evtchn_common/vcpu1.h"
#include "gnttab.h"
#include "../mmu_common/mmu.h"

const char test_title[] = "gnttab_smp: one grant used from two vCPUs";

#define REF 8
#define SELF 0
#define ROUNDS 2000

static char table_va[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char src[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char dst0[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char dst1[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char map_va[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static grant_entry_v1_t *const v1 = (grant_entry_v1_t *)table_va;
static volatile unsigned long errors1, rounds1;
static volatile bool go, done1;

static bool copy_out(void *to)
{
	struct gnttab_copy c = {
		.source = { .u.ref = REF, .domid = DOMID_SELF },
		.dest = { .u.gmfn = virt_to_mfn(to), .domid = DOMID_SELF },
		.len = PAGE_SIZE, .flags = GNTCOPY_source_gref };

	return !gnttab_op(GNTTABOP_copy, &c, 1) && !c.status;
}

static void on_vcpu1(void)
{
	while (!go)
		;
	for (unsigned long i = 0; i < ROUNDS; i++) {
		struct gnttab_map_grant_ref m = {
			.flags = GNTMAP_device_map | GNTMAP_readonly,
			.ref = REF, .dom = SELF };
		struct gnttab_unmap_grant_ref u = { 0 };

		if (gnttab_op(GNTTABOP_map_grant_ref, &m, 1) || m.status) {
			errors1++;
			continue;
		}
		if (!(v1[REF].flags & GTF_reading))
			errors1++;
		u.handle = m.handle;
		u.dev_bus_addr = m.dev_bus_addr;
		if (gnttab_op(GNTTABOP_unmap_grant_ref, &u, 1) || u.status)
			errors1++;
		if (!copy_out(dst1))
			errors1++;
		rounds1++;
	}
	done1 = true;
}

static unsigned long on_vcpu0(void)
{
	unsigned long errors = 0;

	for (unsigned long i = 0; i < ROUNDS; i++) {
		struct gnttab_map_grant_ref m = {
			.host_addr = (unsigned long)map_va,
			.flags = GNTMAP_host_map, .ref = REF, .dom = SELF };
		struct gnttab_unmap_grant_ref u = {
			.host_addr = (unsigned long)map_va };

		if (gnttab_op(GNTTABOP_map_grant_ref, &m, 1) || m.status) {
			errors++;
			continue;
		}
		if ((v1[REF].flags & (GTF_reading | GTF_writing)) !=
		    (GTF_reading | GTF_writing))
			errors++;
		map_va[i % PAGE_SIZE] = (char)i;
		u.handle = m.handle;
		if (gnttab_op(GNTTABOP_unmap_grant_ref, &u, 1) || u.status)
			errors++;
		if (!copy_out(dst0))
			errors++;
	}
	return errors;
}

void test_main(void)
{
	struct gnttab_setup_table s = { .dom = DOMID_SELF, .nr_frames = 1 };
	xen_pfn_t frame = 0;
	unsigned long errors0;

	set_xen_guest_handle(s.frame_list, &frame);
	CHECK_EQ(gnttab_op(GNTTABOP_setup_table, &s, 1), 0);
	CHECK_EQ(hc_update_va_mapping((unsigned long)table_va,
				      (frame << 12) | PTE_P | PTE_RW | PTE_A |
					      PTE_D,
				      UVMF_INVLPG | UVMF_LOCAL), 0);
	v1[REF].domid = SELF;
	v1[REF].frame = virt_to_mfn(src);
	asm volatile("" ::: "memory");
	v1[REF].flags = GTF_permit_access;
	if (vcpu1_start(on_vcpu1)) {
		test_error("second vCPU did not start");
		return;
	}
	go = true;
	errors0 = on_vcpu0();
	for (uint64_t end = pvclock_ns(0) + 60000000000ull;
	     !done1 && pvclock_ns(0) < end;)
		hc_sched_op(SCHEDOP_yield, NULL);
	CHECK(done1, "vCPU 1 did not finish: %lu rounds", rounds1);
	CHECK_EQ(errors0, 0);
	CHECK_EQ(errors1, 0);
	CHECK_EQ(v1[REF].flags, GTF_permit_access);
	CHECK(__sync_bool_compare_and_swap(&v1[REF].flags, GTF_permit_access,
					   0),
	      "cannot end an idle grant");
}
