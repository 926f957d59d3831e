/*
 * xenpmu_op with the virtual PMU off, Xen's default (no vpmu= option).
 *
 * Linux calls XENPMU_init for every vCPU at boot and XENPMU_finish when
 * one goes away, and treats any error as "VPMU disabled by hypervisor".
 * With vPMU off Xen 4.17 refuses every sub-op with -EOPNOTSUPP before
 * looking at the argument: the parameter block is never read, so a
 * wrong version or an unreadable address changes nothing.
 */
#include "guest.h"
#include <public/pmu.h>

const unsigned int test_needs = 0;
const char test_title[] = "xenpmu_op: every sub-op refused with the vPMU off";

#define __HYPERVISOR_xenpmu_op 40

static long pmu(unsigned int op, void *arg)
{
	return hypercall2(__HYPERVISOR_xenpmu_op, op, arg);
}

void test_main(void)
{
	struct xen_pmu_params p = { .version = { .maj = XENPMU_VER_MAJ,
						 .min = XENPMU_VER_MIN } };
	unsigned int op;

	for (op = XENPMU_mode_get; op <= XENPMU_flush; op++) {
		CHECK_EQ(pmu(op, &p), -XEN_EOPNOTSUPP);
		CHECK_EQ(pmu(op, NULL), -XEN_EOPNOTSUPP);
	}
	p.version.maj = 7;
	CHECK_EQ(pmu(XENPMU_init, &p), -XEN_EOPNOTSUPP);
	CHECK_EQ(pmu(99, &p), -XEN_EOPNOTSUPP);
}
