/*
 * HYPERVISOR_xenpmu_op(unsigned op, struct xen_pmu_params *arg): the
 * virtual performance monitoring unit.
 *
 * A guest that wants perf counters registers one page per vCPU
 * (XENPMU_init, val = its frame); the hypervisor saves the counters
 * there on a PMU interrupt and raises VIRQ_XENPMU.  Linux treats any
 * error from XENPMU_init as "no vPMU" and boots on, so a hypervisor
 * without one returns -ENOSYS (or -EINVAL).  The mode and feature
 * sub-ops are for dom0's sysfs control.
 *
 * TODO: struct xen_pmu_data and the x86 register areas (arch-x86/pmu.h).
 */
#ifndef XEN_PUBLIC_PMU_H
#define XEN_PUBLIC_PMU_H

#include "xen.h"

#define XENPMU_VER_MAJ 0
#define XENPMU_VER_MIN 1

#define XENPMU_mode_get 0	/* OUT val: XENPMU_MODE_* */
#define XENPMU_mode_set 1	/* IN val: XENPMU_MODE_* (dom0) */
#define XENPMU_feature_get 2	/* OUT val: XENPMU_FEATURE_* */
#define XENPMU_feature_set 3	/* IN val: XENPMU_FEATURE_* (dom0) */
#define XENPMU_init 4		/* IN val: frame of the per-vCPU page */
#define XENPMU_finish 5		/* IN vcpu: stop using the page */
#define XENPMU_lvtpc_set 6	/* IN val: the guest's LVTPC value */
#define XENPMU_flush 7		/* write back registers after a sample */

/*
 * The argument of every sub-op.  version must be the interface version
 * the guest was written for (major must match: -EINVAL).
 */
struct xen_pmu_params {
	struct {
		uint32_t maj;
		uint32_t min;
	} version;			/* IN */
	uint64_t val;			/* IN/OUT */
	uint32_t vcpu;			/* IN */
	uint32_t pad;
};
typedef struct xen_pmu_params xen_pmu_params_t;

#define XENPMU_MODE_OFF 0
#define XENPMU_MODE_SELF (1 << 0)	/* guests see their own counts */
#define XENPMU_MODE_HV (1 << 1)		/* dom0 also samples the hypervisor */
#define XENPMU_MODE_ALL (1 << 2)	/* dom0 samples everything */

#define XENPMU_FEATURE_INTEL_BTS (1 << 0)
#define XENPMU_FEATURE_IPC_ONLY (1 << 1)
#define XENPMU_FEATURE_ARCH_ONLY (1 << 2)

ABI_SIZE(struct xen_pmu_params, 24);

#endif /* XEN_PUBLIC_PMU_H */
