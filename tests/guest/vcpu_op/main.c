/*
 * vcpu_op basics a PV kernel uses on its boot vCPU: is_up, runstate
 * (queried and mapped), moving vcpu_info out of shared_info, the
 * periodic and single-shot timers, with out-of-range vCPU ids, bad
 * offsets and unknown sub-ops.
 */
#include "guest.h"
#include <public/vcpu.h>

const char test_title[] = "vcpu_op: is_up, runstate, vcpu_info, timers";

static long vcpu_op(unsigned int cmd, unsigned int vcpu, void *arg)
{
	return hypercall3(__HYPERVISOR_vcpu_op, cmd, vcpu, arg);
}

static void check_is_up(void)
{
	CHECK_EQ(vcpu_op(VCPUOP_is_up, 0, NULL), 1);
	CHECK_EQ(vcpu_op(VCPUOP_is_up, 1, NULL), -XEN_ENOENT);
	CHECK_EQ(vcpu_op(VCPUOP_is_up, 0x7fffffff, NULL), -XEN_ENOENT);
	CHECK_EQ(vcpu_op(VCPUOP_is_up, ~0u, NULL), -XEN_ENOENT);
	CHECK_EQ(vcpu_op(1000, 0, NULL), -XEN_ENOSYS);
}

static struct vcpu_runstate_info area;

static void check_runstate(void)
{
	struct vcpu_runstate_info ri;
	struct vcpu_register_runstate_memory_area reg = { .addr.v = &area };

	memset(&ri, 0xff, sizeof(ri));
	CHECK_EQ(vcpu_op(VCPUOP_get_runstate_info, 0, &ri), 0);
	printk("runstate %d since %lu, running %lu ns\n", ri.state,
	       (unsigned long)ri.state_entry_time,
	       (unsigned long)ri.time[RUNSTATE_running]);
	CHECK_EQ(ri.state, RUNSTATE_running);
	CHECK(ri.time[RUNSTATE_running] > 0, "no running time");
	CHECK(ri.time[RUNSTATE_offline] < (1ul << 62), "offline time %#lx",
	      (unsigned long)ri.time[RUNSTATE_offline]);
	CHECK_EQ(vcpu_op(VCPUOP_get_runstate_info, 1, &ri), -XEN_ENOENT);

	/*
	 * A registered area is filled at once (with the totals as of the
	 * last state change: a vCPU running since boot shows 0 there).
	 */
	area.state = -1;
	CHECK_EQ(vcpu_op(VCPUOP_register_runstate_memory_area, 0, &reg), 0);
	CHECK_EQ(area.state, RUNSTATE_running);
	CHECK(area.state_entry_time > 0 &&
	      area.state_entry_time <= ri.state_entry_time,
	      "area: entered at %lu, query said %lu",
	      (unsigned long)area.state_entry_time,
	      (unsigned long)ri.state_entry_time);
	CHECK_EQ(vcpu_op(VCPUOP_register_runstate_memory_area, 0, NULL),
		 -XEN_EFAULT);
}

/* A fresh page to move vcpu_info into, at a non-zero offset. */
static char info_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static void check_register_vcpu_info(void)
{
	struct vcpu_register_vcpu_info r = {
		.mfn = virt_to_mfn(info_page), .offset = 128,
	};
	struct vcpu_info *vi = (struct vcpu_info *)(info_page + 128);

	/* Must fit in the page (Xen does not check rsvd). */
	r.offset = PAGE_SIZE - 32;
	CHECK_EQ(vcpu_op(VCPUOP_register_vcpu_info, 0, &r), -XEN_ENXIO);
	r.offset = 128;
	CHECK_EQ(vcpu_op(VCPUOP_register_vcpu_info, 1, &r), -XEN_ENOENT);
	CHECK_EQ(vcpu_op(VCPUOP_register_vcpu_info, 0, NULL), -XEN_EFAULT);

	memset(info_page, 0x5a, sizeof(info_page));
	CHECK_EQ(vcpu_op(VCPUOP_register_vcpu_info, 0, &r), 0);
	/* The hypervisor copied the old contents over. */
	CHECK_EQ(vi->evtchn_upcall_mask, 1);
	CHECK(vi->time.system_time != 0x5a5a5a5a5a5a5a5aull &&
	      !(vi->time.version & 1), "time not copied: version %u",
	      vi->time.version);
	/* Only once per vCPU. */
	r.offset = 256;
	CHECK_EQ(vcpu_op(VCPUOP_register_vcpu_info, 0, &r), -XEN_EINVAL);
}

static void check_timers(void)
{
	struct vcpu_set_periodic_timer pt = { .period_ns = 1000 };
	struct vcpu_set_singleshot_timer st = {
		.timeout_abs_ns = 1, .flags = VCPU_SSHOTTMR_future,
	};

	/* Shorter than Xen's 50 us minimum period. */
	CHECK_EQ(vcpu_op(VCPUOP_set_periodic_timer, 0, &pt), -XEN_EINVAL);
	pt.period_ns = 10 * 1000 * 1000;
	CHECK_EQ(vcpu_op(VCPUOP_set_periodic_timer, 0, &pt), 0);
	CHECK_EQ(vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0);
	CHECK_EQ(vcpu_op(VCPUOP_set_periodic_timer, 1, &pt), -XEN_ENOENT);
	/*
	 * Xen 4.17 ignores VCPU_SSHOTTMR_future (Linux set it wrongly for
	 * years): a deadline in the past is accepted and fires at once.
	 */
	CHECK_EQ(vcpu_op(VCPUOP_set_singleshot_timer, 0, &st), 0);
	CHECK_EQ(vcpu_op(VCPUOP_stop_singleshot_timer, 0, NULL), 0);
	CHECK_EQ(vcpu_op(VCPUOP_set_singleshot_timer, 0, NULL), -XEN_EFAULT);
}

void test_main(void)
{
	check_is_up();
	check_runstate();
	check_timers();
	check_register_vcpu_info();
}
