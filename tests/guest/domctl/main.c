/*
 * domctl: the toolstack hypercalls as dom0 sees them on itself.
 *
 * Differential (Xen 4.17 and Xenolith, dom0 alone): the order of Xen's
 * checks (copy-in -EFAULT, interface_version -EACCES, a missing domain
 * -ESRCH), getdomaininfo of dom0 against what start_info says, the
 * first-domain-at-or-above rule, pausing, unpausing or destroying
 * oneself (-EINVAL), vCPU info and affinity with bad vCPU numbers and
 * flags, scheduler_op with the scheduler sysctl names and with a wrong
 * one, max_mem round trip, unknown commands (-ENOSYS); sysctl physinfo,
 * sched_id, getdomaininfolist windows, readconsole and debug_keys.  The
 * figures (flags, pages, CPUs) are printed so the two logs can be
 * compared.
 */
#include "domctl.h"

const char test_title[] = "domctl: domctl and sysctl on dom0 itself";
const unsigned int test_needs = NEED_TRAPS | NEED_SHARED;

static struct xen_domctl_getdomaininfo list[8];

static void check_header(void)
{
	memset(&dc, 0, sizeof(dc));
	dc.cmd = XEN_DOMCTL_getdomaininfo;
	dc.interface_version = XEN_DOMCTL_INTERFACE_VERSION - 1;
	CHECK_EQ(hypercall1(__HYPERVISOR_domctl, &dc), -XEN_EACCES);
	memset(&sc, 0, sizeof(sc));
	sc.cmd = XEN_SYSCTL_physinfo;
	sc.interface_version = XEN_SYSCTL_INTERFACE_VERSION + 1;
	CHECK_EQ(hypercall1(__HYPERVISOR_sysctl, &sc), -XEN_EACCES);
	/* Unmapped, and inside the hypervisor's hole. */
	CHECK_EQ(hypercall1(__HYPERVISOR_domctl, 0x1000), -XEN_EFAULT);
	CHECK_EQ(hypercall1(__HYPERVISOR_domctl, 0xffff830000000000UL),
		 -XEN_EFAULT);
	CHECK_EQ(hypercall1(__HYPERVISOR_sysctl, 0x1000), -XEN_EFAULT);
	/* A missing domain is -ESRCH before the command is looked at. */
	memset(&dc, 0, sizeof(dc));
	CHECK_EQ(domctl(XEN_DOMCTL_pausedomain, 42), -XEN_ESRCH);
	CHECK_EQ(domctl(XEN_DOMCTL_destroydomain, 42), -XEN_ESRCH);
	CHECK_EQ(domctl(999, 42), -XEN_ESRCH);
	CHECK_EQ(domctl(XEN_DOMCTL_getvcpuinfo, DOMID_SELF), -XEN_ESRCH);
	CHECK_EQ(domctl(999, 0), -XEN_ENOSYS);
	memset(&sc, 0, sizeof(sc));
	CHECK_EQ(sysctl(999), -XEN_ENOSYS);
}

static void check_getdomaininfo(void)
{
	struct xen_domctl_getdomaininfo *i = &dc.u.getdomaininfo;

	memset(&dc, 0, sizeof(dc));
	CHECK_EQ(domctl(XEN_DOMCTL_getdomaininfo, 0), 0);
	CHECK_EQ(dc.domain, 0);
	CHECK_EQ(i->domain, 0);
	CHECK(i->nr_online_vcpus >= 1, "online vcpus %u", i->nr_online_vcpus);
	CHECK(i->max_vcpu_id + 1 >= i->nr_online_vcpus, "max_vcpu_id %u",
	      i->max_vcpu_id);
	CHECK(i->flags & XEN_DOMINF_running, "flags %#x", i->flags);
	CHECK(!(i->flags & (XEN_DOMINF_dying | XEN_DOMINF_shutdown |
			    XEN_DOMINF_paused | XEN_DOMINF_blocked |
			    XEN_DOMINF_hvm_guest)), "flags %#x", i->flags);
	CHECK_EQ(i->shared_info_frame, start_info->shared_info >> 12);
	CHECK(i->tot_pages >= start_info->nr_pages / 2 && i->tot_pages > 0,
	      "tot_pages %lu", (unsigned long)i->tot_pages);
	CHECK(i->cpu_time > 0, "cpu_time 0");
	CHECK_EQ(i->cpupool, 0);
	printk("dom0: flags %#x online %u max_vcpu_id %u tot_pages %lu "
	       "(nr_pages %lu) gpaddr_bits %u\n", i->flags,
	       i->nr_online_vcpus, i->max_vcpu_id,
	       (unsigned long)i->tot_pages, start_info->nr_pages,
	       i->gpaddr_bits);
	/* IDs at or above: none beyond dom0 here; reserved IDs -EINVAL. */
	memset(&dc, 0, sizeof(dc));
	CHECK_EQ(domctl(XEN_DOMCTL_getdomaininfo, 1), -XEN_ESRCH);
	CHECK_EQ(domctl(XEN_DOMCTL_getdomaininfo, DOMID_SELF), -XEN_EINVAL);
	CHECK_EQ(domctl(XEN_DOMCTL_getdomaininfo, DOMID_FIRST_RESERVED - 1),
		 -XEN_ESRCH);
}

static void check_self_control(void)
{
	memset(&dc, 0, sizeof(dc));
	CHECK_EQ(domctl(XEN_DOMCTL_pausedomain, 0), -XEN_EINVAL);
	CHECK_EQ(domctl(XEN_DOMCTL_unpausedomain, 0), -XEN_EINVAL);
	CHECK_EQ(domctl(XEN_DOMCTL_destroydomain, 0), -XEN_EINVAL);
}

static uint64_t max_pages_now(void)
{
	memset(&dc, 0, sizeof(dc));
	CHECK_EQ(domctl(XEN_DOMCTL_getdomaininfo, 0), 0);
	return dc.u.getdomaininfo.max_pages;
}

/* A round trip; the limit is 32 bits wide (more means none). */
static void check_max_mem(void)
{
	uint64_t max = max_pages_now(), tot = dc.u.getdomaininfo.tot_pages;

	printk("dom0: max_pages %#lx\n", (unsigned long)max);
	memset(&dc, 0, sizeof(dc));
	dc.u.max_mem.max_memkb = (tot + 16) << 2;
	CHECK_EQ(domctl(XEN_DOMCTL_max_mem, 0), 0);
	CHECK_EQ(max_pages_now(), tot + 16);
	memset(&dc, 0, sizeof(dc));
	dc.u.max_mem.max_memkb = ~0UL;
	CHECK_EQ(domctl(XEN_DOMCTL_max_mem, 0), 0);
	CHECK_EQ(max_pages_now(), 0xffffffffUL);
	memset(&dc, 0, sizeof(dc));
	dc.u.max_mem.max_memkb = max << 2;
	CHECK_EQ(domctl(XEN_DOMCTL_max_mem, 0), 0);
	CHECK_EQ(max_pages_now(), max);
}

static void check_vcpuinfo(void)
{
	memset(&dc, 0, sizeof(dc));
	CHECK_EQ(domctl(XEN_DOMCTL_getvcpuinfo, 0), 0);
	CHECK_EQ(dc.u.getvcpuinfo.online, 1);
	CHECK_EQ(dc.u.getvcpuinfo.running, 1);
	CHECK_EQ(dc.u.getvcpuinfo.blocked, 0);
	CHECK(dc.u.getvcpuinfo.cpu_time > 0, "cpu_time 0");
	memset(&dc, 0, sizeof(dc));
	dc.u.getvcpuinfo.vcpu = 4096;
	CHECK_EQ(domctl(XEN_DOMCTL_getvcpuinfo, 0), -XEN_EINVAL);
}

static void check_affinity(void)
{
	static uint8_t hard[4], soft[4];
	struct xen_domctl_vcpuaffinity *a = &dc.u.vcpuaffinity;

	memset(&dc, 0, sizeof(dc));
	CHECK_EQ(domctl(XEN_DOMCTL_getvcpuaffinity, 0), -XEN_EINVAL);
	a->flags = XEN_VCPUAFFINITY_HARD;	/* no bitmap */
	CHECK_EQ(domctl(XEN_DOMCTL_getvcpuaffinity, 0), -XEN_EINVAL);
	a->vcpu = 4096;
	a->cpumap_hard.bitmap = hard;
	a->cpumap_hard.nr_bits = 32;
	CHECK_EQ(domctl(XEN_DOMCTL_getvcpuaffinity, 0), -XEN_EINVAL);
	memset(&dc, 0, sizeof(dc));
	memset(hard, 0xee, sizeof(hard));
	memset(soft, 0xee, sizeof(soft));
	a->flags = XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT;
	a->cpumap_hard.bitmap = hard;
	a->cpumap_hard.nr_bits = 32;
	a->cpumap_soft.bitmap = soft;
	a->cpumap_soft.nr_bits = 32;
	CHECK_EQ(domctl(XEN_DOMCTL_getvcpuaffinity, 0), 0);
	CHECK(hard[0] & 1, "hard %#x", hard[0]);
	CHECK_EQ(hard[3], 0);
	printk("dom0 vcpu0: hard affinity %#x soft %#x\n", hard[0], soft[0]);
	/* Setting an empty hard mask is refused. */
	memset(hard, 0, sizeof(hard));
	a->flags = XEN_VCPUAFFINITY_HARD;
	CHECK_EQ(domctl(XEN_DOMCTL_setvcpuaffinity, 0), -XEN_EINVAL);
}

static void check_sched(uint32_t sched_id)
{
	struct xen_domctl_scheduler_op *s = &dc.u.scheduler_op;

	memset(&dc, 0, sizeof(dc));
	s->sched_id = sched_id;
	s->cmd = XEN_DOMCTL_SCHEDOP_getinfo;
	CHECK_EQ(domctl(XEN_DOMCTL_scheduler_op, 0), 0);
	CHECK_EQ(s->u.credit.weight, 256);
	CHECK_EQ(s->u.credit.cap, 0);
	memset(&dc, 0, sizeof(dc));
	s->sched_id = XEN_SCHEDULER_RTDS;
	s->cmd = XEN_DOMCTL_SCHEDOP_getinfo;
	CHECK_EQ(domctl(XEN_DOMCTL_scheduler_op, 0), -XEN_EINVAL);
	memset(&dc, 0, sizeof(dc));
	s->sched_id = sched_id;
	s->cmd = 7;
	CHECK_EQ(domctl(XEN_DOMCTL_scheduler_op, 0), -XEN_EINVAL);
}

static void check_sysctl(void)
{
	struct xen_sysctl_physinfo *p = &sc.u.physinfo;
	struct xen_sysctl_getdomaininfolist *l = &sc.u.getdomaininfolist;

	memset(&sc, 0, sizeof(sc));
	CHECK_EQ(sysctl(XEN_SYSCTL_physinfo), 0);
	CHECK(p->nr_cpus >= 1 && p->max_cpu_id + 1 >= p->nr_cpus,
	      "cpus %u max id %u", p->nr_cpus, p->max_cpu_id);
	CHECK(p->free_pages > 0 && p->free_pages < p->total_pages,
	      "free %lu total %lu", (unsigned long)p->free_pages,
	      (unsigned long)p->total_pages);
	CHECK(p->capabilities & XEN_SYSCTL_PHYSCAP_pv, "caps %#x",
	      p->capabilities);
	CHECK(p->cpu_khz > 0, "cpu_khz 0");
	printk("physinfo: %u cpus, caps %#x, %lu pages, %lu free\n",
	       p->nr_cpus, p->capabilities, (unsigned long)p->total_pages,
	       (unsigned long)p->free_pages);
	memset(&sc, 0, sizeof(sc));
	CHECK_EQ(sysctl(XEN_SYSCTL_sched_id), 0);
	printk("sched_id %u\n", sc.u.sched_id.sched_id);
	check_sched(sc.u.sched_id.sched_id);

	memset(&sc, 0, sizeof(sc));
	memset(list, 0xee, sizeof(list));
	l->max_domains = ARRAY_SIZE(list);
	l->buffer = list;
	CHECK_EQ(sysctl(XEN_SYSCTL_getdomaininfolist), 0);
	CHECK_EQ(l->num_domains, 1);
	CHECK_EQ(list[0].domain, 0);
	CHECK_EQ(list[0].shared_info_frame, start_info->shared_info >> 12);
	l->first_domain = 1;
	CHECK_EQ(sysctl(XEN_SYSCTL_getdomaininfolist), 0);
	CHECK_EQ(l->num_domains, 0);
	l->first_domain = 0;
	l->max_domains = 0;
	CHECK_EQ(sysctl(XEN_SYSCTL_getdomaininfolist), 0);
	CHECK_EQ(l->num_domains, 0);
	l->max_domains = 1;
	l->buffer = (void *)0x1000;
	CHECK_EQ(sysctl(XEN_SYSCTL_getdomaininfolist), -XEN_EFAULT);
}

static void check_readconsole(void)
{
	static char buf[64];
	struct xen_sysctl_readconsole *r = &sc.u.readconsole;

	memset(&sc, 0, sizeof(sc));
	r->buffer = buf;
	r->count = sizeof(buf);
	CHECK_EQ(sysctl(XEN_SYSCTL_readconsole), 0);
	CHECK_EQ(r->count, sizeof(buf));
	CHECK(buf[0] != 0, "empty console ring");
	r->buffer = (void *)0x1000;
	r->count = sizeof(buf);
	CHECK_EQ(sysctl(XEN_SYSCTL_readconsole), -XEN_EFAULT);
}

static void check_debug_keys(void)
{
	static const char keys[] = "h";
	struct xen_sysctl_debug_keys *k = &sc.u.debug_keys;

	memset(&sc, 0, sizeof(sc));
	CHECK_EQ(sysctl(XEN_SYSCTL_debug_keys), 0);	/* no keys */
	k->keys = keys;
	k->nr_keys = 1;
	CHECK_EQ(sysctl(XEN_SYSCTL_debug_keys), 0);
	k->keys = (const char *)0x1000;
	CHECK_EQ(sysctl(XEN_SYSCTL_debug_keys), -XEN_EFAULT);
}

void test_main(void)
{
	check_header();
	check_getdomaininfo();
	check_self_control();
	check_max_mem();
	check_vcpuinfo();
	check_affinity();
	check_sysctl();
	check_readconsole();
	check_debug_keys();
}
