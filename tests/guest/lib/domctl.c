/*
 * domctl and sysctl on one buffer each (domctl.h).
 */
#include "domctl.h"

struct xen_domctl dc;
struct xen_sysctl sc;

long domctl(uint32_t cmd, domid_t dom)
{
	dc.cmd = cmd;
	dc.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	dc.domain = dom;
	return hypercall1(__HYPERVISOR_domctl, &dc);
}

long sysctl(uint32_t cmd)
{
	sc.cmd = cmd;
	sc.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
	return hypercall1(__HYPERVISOR_sysctl, &sc);
}

unsigned long sysctl_free_pages(void)
{
	memset(&sc, 0, sizeof(sc));
	CHECK_EQ(sysctl(XEN_SYSCTL_physinfo), 0);
	return sc.u.physinfo.free_pages;
}
