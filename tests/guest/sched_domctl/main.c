/*
 * sched_domctl: the toolstack's scheduler controls, XEN_DOMCTL_
 * scheduler_op (credit getinfo/putinfo) and set/getvcpuaffinity.
 *
 * Differential (dom0 alone, sched=credit, two CPUs):
 *   - putinfo sets weight and cap; weight 0 and cap 0xffff keep them;
 *     getinfo reads them back; putvcpuinfo is -EINVAL;
 *   - a missing domain is -ESRCH for both domctls; vCPU 1 of a
 *     one-vCPU domain, an empty hard mask, a mask of offline CPUs only,
 *     a zero-length bitmap are -EINVAL;
 *   - dom0's vCPU pinned to CPU 1 runs there after a yield (getvcpuinfo
 *     .cpu), and on CPU 0 once pinned back.
 * Xenolith, with the same kernel as domain 1 (a boot-time domU that
 * spins and yields): dom0 sets d1's weight and cap and pins its vCPU to
 * CPU 1, then to CPU 0, and sees it run there each time.
 */
#include "../evtchn_common/ev.h"
#include "domctl.h"

const char test_title[] = "sched_domctl: scheduler_op and vCPU affinity";

#define MS 1000000ull

static uint8_t map[8];

static long credit(domid_t dom, uint32_t cmd, uint16_t weight, uint16_t cap)
{
	memset(&dc, 0, sizeof(dc));
	dc.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT;
	dc.u.scheduler_op.cmd = cmd;
	dc.u.scheduler_op.u.credit.weight = weight;
	dc.u.scheduler_op.u.credit.cap = cap;
	return domctl(XEN_DOMCTL_scheduler_op, dom);
}

/* Hard affinity of dom's vCPU vcpu from the first nr_bits of map. */
static long pin(domid_t dom, uint32_t vcpu, uint8_t cpus, uint32_t nr_bits)
{
	memset(&dc, 0, sizeof(dc));
	memset(map, 0, sizeof(map));
	map[0] = cpus;
	dc.u.vcpuaffinity.vcpu = vcpu;
	dc.u.vcpuaffinity.flags = XEN_VCPUAFFINITY_HARD;
	set_xen_guest_handle(dc.u.vcpuaffinity.cpumap_hard.bitmap, map);
	dc.u.vcpuaffinity.cpumap_hard.nr_bits = nr_bits;
	return domctl(XEN_DOMCTL_setvcpuaffinity, dom);
}

static uint8_t hard_of(domid_t dom, uint32_t vcpu)
{
	memset(&dc, 0, sizeof(dc));
	memset(map, 0xee, sizeof(map));
	dc.u.vcpuaffinity.vcpu = vcpu;
	dc.u.vcpuaffinity.flags = XEN_VCPUAFFINITY_HARD;
	set_xen_guest_handle(dc.u.vcpuaffinity.cpumap_hard.bitmap, map);
	dc.u.vcpuaffinity.cpumap_hard.nr_bits = 8;
	CHECK_EQ(domctl(XEN_DOMCTL_getvcpuaffinity, dom), 0);
	return map[0];
}

/* The CPU dom's vCPU 0 is on, or -1. */
static int cpu_of(domid_t dom)
{
	memset(&dc, 0, sizeof(dc));
	if (domctl(XEN_DOMCTL_getvcpuinfo, dom))
		return -1;
	return dc.u.getvcpuinfo.cpu;
}

static void sleep_ms(unsigned int ms)
{
	uint64_t end = pvclock_ns(0) + ms * MS;

	while (pvclock_ns(0) < end)
		hc_sched_op(SCHEDOP_yield, NULL);
}

static void check_credit(domid_t dom, uint16_t w, uint16_t cap)
{
	CHECK_EQ(credit(dom, XEN_DOMCTL_SCHEDOP_getinfo, 0, 0), 0);
	CHECK_EQ(dc.u.scheduler_op.u.credit.weight, w);
	CHECK_EQ(dc.u.scheduler_op.u.credit.cap, cap);
}

static void check_params(domid_t dom, uint16_t w, uint16_t cap)
{
	CHECK_EQ(credit(dom, XEN_DOMCTL_SCHEDOP_putinfo, w, cap), 0);
	check_credit(dom, w, cap);
	CHECK_EQ(credit(dom, XEN_DOMCTL_SCHEDOP_putinfo, 0, 0xffff), 0);
	check_credit(dom, w, cap);	/* 0 and 0xffff keep */
	CHECK_EQ(credit(dom, XEN_DOMCTL_SCHEDOP_putvcpuinfo, 1, 1),
		 -XEN_EINVAL);
	check_credit(dom, w, cap);
}

/* Each refused call leaves dom0's hard affinity as it was (all CPUs on
 * Xen; CPU 0 alone on Xenolith without xenolith_sched_smp). */
static void check_errors(void)
{
	uint8_t before = hard_of(0, 0);

	printk("dom0 v0 hard affinity %#x\n", before);
	CHECK_EQ(credit(42, XEN_DOMCTL_SCHEDOP_getinfo, 0, 0), -XEN_ESRCH);
	CHECK_EQ(pin(42, 0, 1, 8), -XEN_ESRCH);
	CHECK_EQ(pin(0, 1, 1, 8), -XEN_EINVAL);		/* one vCPU */
	CHECK_EQ(pin(0, 0, 0, 8), -XEN_EINVAL);		/* no CPU */
	CHECK_EQ(pin(0, 0, 0x80, 8), -XEN_EINVAL);	/* CPU 7 offline */
	CHECK_EQ(pin(0, 0, 1, 0), -XEN_EINVAL);		/* zero bits */
	CHECK_EQ(hard_of(0, 0), before);		/* unchanged */
}

/* Pin dom's vCPU 0 to cpu; true once it was seen there. */
static bool moves_to(domid_t dom, unsigned int cpu)
{
	CHECK_EQ(pin(dom, 0, 1u << cpu, 8), 0);
	CHECK_EQ(map[0], 1u << cpu);	/* the effective mask comes back */
	CHECK_EQ(hard_of(dom, 0), 1u << cpu);
	for (unsigned int i = 0; i < 20; i++) {
		sleep_ms(5);
		if (cpu_of(dom) == (int)cpu)
			return true;
	}
	printk("d%u v0 still on CPU %d, pinned to %u\n", dom, cpu_of(dom),
	       cpu);
	return false;
}

static void with_domu(void)
{
	check_params(1, 512, 30);
	if (moves_to(1, 1) && moves_to(1, 0))
		printk("d1: weight 512 cap 30, ran on CPU 1 then CPU 0\n");
	else
		test_fail("d1 did not follow its affinity");
	CHECK_EQ(pin(1, 0, 3, 8), 0);
}

void test_main(void)
{
	if (!(start_info->flags & SIF_INITDOMAIN)) {
		for (;;)	/* domain 1: a CPU hog that yields */
			hc_sched_op(SCHEDOP_yield, NULL);
	}
	check_credit(0, 256, 0);
	check_params(0, 512, 50);
	check_params(0, 256, 0);
	check_errors();
	CHECK(moves_to(0, 1), "dom0 not moved to CPU 1");
	CHECK(moves_to(0, 0), "dom0 not moved to CPU 0");
	CHECK_EQ(pin(0, 0, 3, 8), 0);
	if (cpu_of(1) < 0) {
		printk("no domain 1: dom0's own part only\n");
		return;
	}
	with_domu();
}
