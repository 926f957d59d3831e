/*
 * HVMOP_get_param/_set_param against PV domains.
 *
 * Xen 4.17 answers a PV domain's HVM parameters with -EINVAL, after
 * checking the argument (-EFAULT), the index (-EINVAL) and the domain
 * (-ESRCH), in that order; setting is refused the same way.  Xenolith
 * gives the same answers, except (docs/abi/divergences.md) that dom0
 * may read a boot-time domU's XenStore and console parameters, which
 * Xenolith's builder made in place of a toolstack (pv/magic.c).
 *
 * On Xenolith this kernel also runs as domain 1 (test.mk): there it
 * checks its start_info names the rings (the pages after start_info,
 * with ports) and that it cannot read its own parameters.  Dom0 checks
 * the numbers match: the ports are unbound with dom0 as remote, and
 * grant refs 1 (XenStore) and 0 (console) of domain 1 copy the frames.
 */
#include "guest.h"
#include <public/event_channel.h>
#include <public/grant_table.h>
#include <public/hvm/params.h>
#include "../evtchn_common/ev.h"

const char test_title[] = "hvm_op get/set_param on PV domains";
const unsigned int test_needs = NEED_TRAPS | NEED_SHARED;

static struct xen_hvm_param p;
static uint8_t copy_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static long hvm_param(unsigned int op, domid_t dom, uint32_t index)
{
	p.domid = dom;
	p.index = index;
	p.value = 0;
	return hypercall2(__HYPERVISOR_hvm_op, op, &p);
}

/* What both hypervisors answer any PV domain, dom0 included. */
static void negative_checks(void)
{
	CHECK_EQ(hvm_param(HVMOP_get_param, DOMID_SELF, HVM_PARAM_STORE_PFN),
		 -XEN_EINVAL);
	CHECK_EQ(hvm_param(HVMOP_get_param, DOMID_SELF,
			   HVM_PARAM_CONSOLE_EVTCHN), -XEN_EINVAL);
	CHECK_EQ(hvm_param(HVMOP_get_param, DOMID_SELF, HVM_NR_PARAMS),
		 -XEN_EINVAL);
	CHECK_EQ(hvm_param(HVMOP_get_param, 0x7000, HVM_PARAM_STORE_PFN),
		 -XEN_ESRCH);
	CHECK_EQ(hvm_param(HVMOP_get_param, 0x7000, HVM_NR_PARAMS),
		 -XEN_EINVAL);	/* the index before the domain */
	CHECK_EQ(hvm_param(HVMOP_set_param, DOMID_SELF, HVM_PARAM_STORE_PFN),
		 -XEN_EINVAL);
	CHECK_EQ(hypercall2(__HYPERVISOR_hvm_op, HVMOP_get_param, 0x1000),
		 -XEN_EFAULT);
}

/* Domain 1's port is unbound, waiting for dom0. */
static void check_port(uint64_t port)
{
	struct evtchn_status st;

	CHECK_EQ(ev_status(1, port, &st), 0);
	CHECK_EQ(st.status, EVTCHNSTAT_unbound);
	CHECK_EQ(st.u.unbound.dom, 0);
}

/* Grant ref of domain 1 copies (it grants dom0 a whole page). */
static void check_grant(grant_ref_t ref)
{
	struct gnttab_copy c = {
		.source = { .u.ref = ref, .domid = 1 },
		.dest = { .u.gmfn = virt_to_mfn(copy_page),
			  .domid = DOMID_SELF },
		.len = PAGE_SIZE, .flags = GNTCOPY_source_gref };

	CHECK_EQ(hypercall3(__HYPERVISOR_grant_table_op, GNTTABOP_copy, &c,
			    1), 0);
	CHECK_EQ(c.status, GNTST_okay);
}

static void as_dom0_with_domu(void)
{
	uint64_t v[4];
	static const uint32_t idx[4] = {
		HVM_PARAM_STORE_PFN, HVM_PARAM_STORE_EVTCHN,
		HVM_PARAM_CONSOLE_PFN, HVM_PARAM_CONSOLE_EVTCHN };

	for (unsigned int i = 0; i < 4; i++) {
		CHECK_EQ(hvm_param(HVMOP_get_param, 1, idx[i]), 0);
		v[i] = p.value;
	}
	CHECK_EQ(v[2], v[0] + 1);	/* console after XenStore */
	CHECK(v[1] && v[3] && v[1] != v[3], "ports %lu %lu",
	      (unsigned long)v[1], (unsigned long)v[3]);
	CHECK_EQ(hvm_param(HVMOP_get_param, 1, HVM_PARAM_CALLBACK_IRQ),
		 -XEN_EINVAL);
	CHECK_EQ(hvm_param(HVMOP_set_param, 1, HVM_PARAM_STORE_PFN),
		 -XEN_EINVAL);
	check_port(v[1]);
	check_port(v[3]);
	check_grant(GNTTAB_RESERVED_XENSTORE);
	check_grant(GNTTAB_RESERVED_CONSOLE);
	printk("domain 1: store pfn %lu port %lu, console pfn %lu port %lu, "
	       "both granted to dom0\n", (unsigned long)v[0],
	       (unsigned long)v[1], (unsigned long)v[2], (unsigned long)v[3]);
}

/* The domU's view: start_info names two rings after its own page. */
static void as_domu(void)
{
	unsigned long si_mfn = virt_to_mfn(start_info);

	CHECK(start_info->store_evtchn && start_info->console.domU.evtchn,
	      "ports %u %u", start_info->store_evtchn,
	      start_info->console.domU.evtchn);
	CHECK(start_info->store_mfn && start_info->console.domU.mfn &&
	      start_info->store_mfn != si_mfn,
	      "mfns %lu %lu", (unsigned long)start_info->store_mfn,
	      (unsigned long)start_info->console.domU.mfn);
	negative_checks();
}

void test_main(void)
{
	if (ev_setup())
		return;
	if (!(start_info->flags & SIF_INITDOMAIN)) {
		as_domu();
		return;
	}
	negative_checks();
	if (hvm_param(HVMOP_get_param, 1, HVM_PARAM_STORE_PFN) == -XEN_ESRCH)
		printk("no domain 1: negative checks only\n");
	else
		as_dom0_with_domu();
}
