/*
 * evtchn_virq_debug: debug key 'q' sends VIRQ_DEBUG to every vCPU.
 *
 * dom0 presses keys with XEN_SYSCTL_debug_keys.  Xen 4.17's 'q' dumps
 * the domains and ends by sending VIRQ_DEBUG, a per-vCPU VIRQ, to each
 * vCPU of each domain.  The test binds it on both of its vCPUs (masked:
 * the pending bits are the evidence), presses 'q' and finds both ports
 * pending; another key ('h', the help) raises nothing; a key string the
 * hypervisor cannot read is -EFAULT; a port bound to nothing else stays
 * quiet.  VIRQ_DEBUG is per vCPU, so binding it twice on one vCPU is
 * -EEXIST while binding it on the other is fine.
 */
#include "../evtchn_common/ev.h"
#include <public/sysctl.h>

const char test_title[] = "evtchn_virq_debug: debug key 'q' raises VIRQ_DEBUG";

static long debug_keys(const char *keys, unsigned int n)
{
	struct xen_sysctl op = {
		.cmd = XEN_SYSCTL_debug_keys,
		.interface_version = XEN_SYSCTL_INTERFACE_VERSION,
	};

	set_xen_guest_handle(op.u.debug_keys.keys, keys);
	op.u.debug_keys.nr_keys = n;
	return hypercall1(__HYPERVISOR_sysctl, &op);
}

void test_main(void)
{
	int p0, p1, other;

	if (ev_setup())
		return;
	p0 = ev_bind_virq(VIRQ_DEBUG, 0);
	p1 = ev_bind_virq(VIRQ_DEBUG, 1);
	CHECK(p0 > 0 && p1 > 0 && p0 != p1, "bind: %d %d", p0, p1);
	CHECK_EQ(ev_bind_virq(VIRQ_DEBUG, 0), -XEN_EEXIST);
	other = ev_alloc_unbound(DOMID_SELF);
	CHECK(other > 0, "alloc_unbound: %d", other);
	if (p0 <= 0 || p1 <= 0 || other <= 0)
		return;
	ev_mask_port(p0);
	ev_mask_port(p1);
	ev_mask_port(other);

	/* A key that is not 'q': nothing for the guests. */
	CHECK_EQ(debug_keys("h", 1), 0);
	CHECK(!ev_is_pending(p0) && !ev_is_pending(p1),
	      "VIRQ_DEBUG after 'h'");
	CHECK_EQ(debug_keys("q", 0), 0);
	CHECK(!ev_is_pending(p0), "VIRQ_DEBUG with no keys");
	CHECK_EQ(debug_keys((const char *)8, 1), -XEN_EFAULT);

	CHECK_EQ(debug_keys("q", 1), 0);
	CHECK(ev_is_pending(p0), "no VIRQ_DEBUG on vCPU 0");
	CHECK(ev_is_pending(p1), "no VIRQ_DEBUG on vCPU 1");
	CHECK(!ev_is_pending(other), "unbound port pending");
	ev_clear_pending(p0);
	ev_clear_pending(p1);

	/* Closed on vCPU 1: only vCPU 0 hears the next one. */
	CHECK_EQ(ev_close(p1), 0);
	CHECK_EQ(debug_keys("q", 1), 0);
	CHECK(ev_is_pending(p0), "no VIRQ_DEBUG on vCPU 0, again");
	CHECK(!ev_is_pending(p1), "closed port pending");
	ev_clear_pending(p0);
}
