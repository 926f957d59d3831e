/*
 * domain_lifecycle: dom0 controls another domain through domctl.
 *
 * The same kernel plays both parts.  Domain 1 (a Xenolith boot-time
 * domU) first checks that an unprivileged domain gets -EPERM from
 * domctl and sysctl (-ESRCH still comes first for a missing domain, as
 * in Xen), grants one page read-write to dom0, offers it port 1, then
 * counts in that page forever.  Dom0:
 *
 *   - maps the grant and binds the channel;
 *   - lists both domains (sysctl getdomaininfolist);
 *   - pauses domain 1: XEN_DOMINF_paused, its counter and its vCPU time
 *     stop; pauses nest; unpausing lets it count again; one unpause too
 *     many is -EINVAL;
 *   - destroys it while still mapping its page: the domain stays as a
 *     zombie (XEN_DOMINF_dying) holding just that page, the mapped page
 *     still reads, dom0's end of the channel is unbound again;
 *   - unmaps: the zombie goes (-ESRCH), and the free page count grew by
 *     at least every page the domain had (the hypervisor also audits
 *     its heap then and says so in its log).
 *
 * Alone (the suite's single-module run, Xen 4.17) dom0 only checks the
 * list holds itself.  With "idle" on its command line domain 1 only
 * blocks after its checks: the system tier boots it so that dom0's xl
 * has a domain to list, pause and destroy (initramfs/systest).
 */
#include "../evtchn_common/ev.h"
#include "../mmu_common/mmu.h"
#include "domctl.h"
#include "gnttab.h"

const char test_title[] = "domain_lifecycle: list, pause, destroy a domain";

#define SHARED_REF 8
#define MS 1000000ull

static char table_va[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char shared_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char peer_map[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static grant_entry_v1_t *const gt = (grant_entry_v1_t *)table_va;

static struct xen_domctl_getdomaininfo list[4];

/* ---- domain 1 ---- */

static void __attribute__((noreturn)) as_domu(void)
{
	volatile uint64_t *count = (volatile uint64_t *)shared_page;

	memset(&dc, 0, sizeof(dc));
	CHECK_EQ(domctl(XEN_DOMCTL_getdomaininfo, 0), -XEN_EPERM);
	CHECK_EQ(domctl(XEN_DOMCTL_pausedomain, 0), -XEN_EPERM);
	CHECK_EQ(domctl(XEN_DOMCTL_destroydomain, 0), -XEN_EPERM);
	CHECK_EQ(domctl(XEN_DOMCTL_pausedomain, 42), -XEN_ESRCH);
	memset(&sc, 0, sizeof(sc));
	CHECK_EQ(sysctl(XEN_SYSCTL_physinfo), -XEN_EPERM);
	printk("domU: unprivileged checks %s\n",
	       test_status() == ST_SUCCESS ? "passed" : "FAILED");
	/* "idle" (the system tier's domain for xl): wait to be destroyed. */
	while (strstr((const char *)start_info->cmd_line, "idle"))
		hc_sched_op(SCHEDOP_block, NULL);
	count[1] = test_status() == ST_SUCCESS ? 0x600d : 0xbad;
	gnttab_grant_v1(&gt[SHARED_REF], 0, shared_page, GTF_permit_access);
	CHECK_EQ(ev_alloc_unbound(0), 1);
	for (;;) {
		count[0]++;
		if (!(count[0] & 0xfff))
			hc_sched_op(SCHEDOP_yield, NULL);
	}
}

/* ---- dom0 ---- */

static void sleep_ms(unsigned int ms)
{
	uint64_t end = pvclock_ns(0) + ms * MS;

	while (pvclock_ns(0) < end)
		hc_sched_op(SCHEDOP_yield, NULL);
}

static long info(domid_t d, struct xen_domctl_getdomaininfo *out)
{
	long rc;

	memset(&dc, 0, sizeof(dc));
	rc = domctl(XEN_DOMCTL_getdomaininfo, d);
	*out = dc.u.getdomaininfo;
	return rc ? rc : dc.domain == d ? 0 : -XEN_ESRCH;
}

static uint64_t vcpu_time(domid_t d)
{
	memset(&dc, 0, sizeof(dc));
	CHECK_EQ(domctl(XEN_DOMCTL_getvcpuinfo, d), 0);
	return dc.u.getvcpuinfo.cpu_time;
}

static unsigned int list_domains(void)
{
	memset(&sc, 0, sizeof(sc));
	sc.u.getdomaininfolist.max_domains = ARRAY_SIZE(list);
	sc.u.getdomaininfolist.buffer = list;
	CHECK_EQ(sysctl(XEN_SYSCTL_getdomaininfolist), 0);
	for (unsigned int i = 0; i < sc.u.getdomaininfolist.num_domains; i++)
		printk("  domain %u: flags %#x, %lu pages, %u vcpus\n",
		       list[i].domain, list[i].flags,
		       (unsigned long)list[i].tot_pages,
		       list[i].nr_online_vcpus);
	return sc.u.getdomaininfolist.num_domains;
}

static grant_handle_t map_peer(void)
{
	struct gnttab_map_grant_ref m = {
		.host_addr = (unsigned long)peer_map,
		.flags = GNTMAP_host_map, .ref = SHARED_REF, .dom = 1 };

	for (;;) {
		CHECK_EQ(gnttab_op(GNTTABOP_map_grant_ref, &m, 1), 0);
		if (m.status == GNTST_okay)
			return m.handle;
		hc_sched_op(SCHEDOP_yield, NULL);
	}
}

static void check_pause(volatile uint64_t *count)
{
	struct xen_domctl_getdomaininfo i;
	uint64_t c, t;

	CHECK_EQ(domctl(XEN_DOMCTL_pausedomain, 1), 0);
	CHECK_EQ(info(1, &i), 0);
	CHECK(i.flags & XEN_DOMINF_paused, "flags %#x", i.flags);
	c = count[0];
	t = vcpu_time(1);
	sleep_ms(50);
	CHECK_EQ(count[0], c);
	CHECK_EQ(vcpu_time(1), t);
	CHECK_EQ(domctl(XEN_DOMCTL_pausedomain, 1), 0);	/* nests */
	CHECK_EQ(domctl(XEN_DOMCTL_unpausedomain, 1), 0);
	sleep_ms(20);
	CHECK_EQ(count[0], c);
	CHECK_EQ(domctl(XEN_DOMCTL_unpausedomain, 1), 0);
	sleep_ms(50);
	CHECK(count[0] != c, "counter stuck at %lu after unpause",
	      (unsigned long)c);
	CHECK(vcpu_time(1) > t, "vcpu time stuck after unpause");
	CHECK_EQ(domctl(XEN_DOMCTL_unpausedomain, 1), -XEN_EINVAL);
	CHECK_EQ(info(1, &i), 0);
	CHECK(!(i.flags & XEN_DOMINF_paused), "flags %#x", i.flags);
	printk("pause: counter held at %lu, runs again (%lu)\n",
	       (unsigned long)c, (unsigned long)count[0]);
}

static void check_destroy(volatile uint64_t *count, grant_handle_t h,
			  evtchn_port_t p)
{
	struct gnttab_unmap_grant_ref u = {
		.host_addr = (unsigned long)peer_map, .handle = h };
	struct xen_domctl_getdomaininfo i;
	struct evtchn_status st;
	unsigned long before, after, pages;
	uint64_t c;

	CHECK_EQ(info(1, &i), 0);
	pages = i.tot_pages;
	before = sysctl_free_pages();
	CHECK_EQ(domctl(XEN_DOMCTL_destroydomain, 1), 0);
	CHECK_EQ(domctl(XEN_DOMCTL_destroydomain, 1), 0);	/* no-op */
	CHECK_EQ(info(1, &i), 0);
	CHECK(i.flags & XEN_DOMINF_dying, "zombie flags %#x", i.flags);
	CHECK_EQ(i.tot_pages, 1);		/* the page we map */
	c = count[0];
	sleep_ms(10);
	CHECK_EQ(count[0], c);
	/* A pause and unpause cannot bring the dead domain back to life. */
	CHECK_EQ(domctl(XEN_DOMCTL_pausedomain, 1), 0);
	CHECK_EQ(domctl(XEN_DOMCTL_unpausedomain, 1), 0);
	sleep_ms(10);
	CHECK_EQ(count[0], c);
	/* The dead peer's end is closed: ours is offered to it again, and a
	 * send on it is dropped, not an error (Xen's ECS_UNBOUND). */
	CHECK_EQ(ev_status(DOMID_SELF, p, &st), 0);
	CHECK_EQ(st.status, EVTCHNSTAT_unbound);
	CHECK_EQ(st.u.unbound.dom, 1);
	CHECK_EQ(ev_send(p), 0);
	CHECK_EQ(gnttab_op(GNTTABOP_unmap_grant_ref, &u, 1), 0);
	CHECK_EQ(u.status, GNTST_okay);
	CHECK_EQ(info(1, &i), -XEN_ESRCH);
	CHECK_EQ(domctl(XEN_DOMCTL_destroydomain, 1), -XEN_ESRCH);
	after = sysctl_free_pages();
	printk("destroy: domain 1 had %lu pages; free pages %lu before, "
	       "%lu after (+%lu)\n", pages, before, after, after - before);
	CHECK(after >= before + pages, "only %lu of %lu pages came back",
	      after - before, pages);
	CHECK_EQ(list_domains(), 1);
}

static void with_peer(void)
{
	volatile uint64_t *count = (volatile uint64_t *)peer_map;
	struct evtchn_bind_interdomain bi = { .remote_dom = 1,
					      .remote_port = 1 };
	grant_handle_t h = map_peer();

	while (evtchn_op(EVTCHNOP_bind_interdomain, &bi))
		hc_sched_op(SCHEDOP_yield, NULL);
	CHECK_EQ(count[1], 0x600d);	/* domain 1's own checks */
	CHECK_EQ(list_domains(), 2);
	CHECK_EQ(list[1].domain, 1);
	CHECK(!(list[1].flags & (XEN_DOMINF_paused | XEN_DOMINF_dying)),
	      "flags %#x", list[1].flags);
	check_pause(count);
	check_destroy(count, h, bi.local_port);
}

void test_main(void)
{
	struct evtchn_status st;

	if (ev_setup())
		return;
	if (gnttab_map_table(table_va)) {
		test_error("grant table setup failed");
		return;
	}
	if (!(start_info->flags & SIF_INITDOMAIN))
		as_domu();
	if (ev_status(1, 0, &st) == -XEN_ESRCH) {
		printk("no domain 1: the list holds dom0 alone\n");
		CHECK_EQ(list_domains(), 1);
		CHECK_EQ(list[0].domain, 0);
		return;
	}
	with_peer();
}
