/*
 * HYPERVISOR_sysctl(struct xen_sysctl *op): the toolstack's view of the
 * whole host: its CPUs and memory, the list of domains, the hypervisor
 * console ring.
 *
 * Privileged domains only (-EPERM); interface_version must equal
 * XEN_SYSCTL_INTERFACE_VERSION (-EACCES).  The sub-op's fields live in
 * the union, which is copied back on return.
 *
 * Transcribed: every command number, and readconsole, physinfo,
 * sched_id, getdomaininfolist, debug_keys, getcpuinfo, availheap,
 * cpu_hotplug and cputopoinfo.  TODO: tbuf_op, perfc, pmstat, pm_op,
 * page_offline, lockprof, numainfo, pcitopoinfo, cpupool, scheduler_op,
 * coverage, psr, cpu featureset/policy, livepatch structures.
 */
#ifndef XEN_PUBLIC_SYSCTL_H
#define XEN_PUBLIC_SYSCTL_H

#include "xen.h"
#include "domctl.h"

#define XEN_SYSCTL_INTERFACE_VERSION 0x00000015

/*
 * XEN_SYSCTL_readconsole: copy the hypervisor's console ring into
 * buffer.  With 'incremental', start at 'index' and return the index to
 * continue from; with 'clear', empty the ring afterwards.
 */
struct xen_sysctl_readconsole {
	uint8_t clear;			/* IN */
	uint8_t incremental;		/* IN */
	uint8_t pad0, pad1;
	uint32_t index;			/* IN/OUT */
	XEN_GUEST_HANDLE_64(char) buffer;	/* IN */
	uint32_t count;			/* IN: size; OUT: bytes written */
	uint32_t _pad0;			/* implicit in Xen's header */
};

/* XEN_SYSCTL_tbuf_op sub-ops (structure TODO). */
#define XEN_SYSCTL_TBUFOP_get_info 0
#define XEN_SYSCTL_TBUFOP_set_cpu_mask 1
#define XEN_SYSCTL_TBUFOP_set_evt_mask 2
#define XEN_SYSCTL_TBUFOP_set_size 3
#define XEN_SYSCTL_TBUFOP_enable 4
#define XEN_SYSCTL_TBUFOP_disable 5

/* What the host can run (physinfo.capabilities). */
#define _XEN_SYSCTL_PHYSCAP_hvm 0
#define XEN_SYSCTL_PHYSCAP_hvm (1u << _XEN_SYSCTL_PHYSCAP_hvm)
#define _XEN_SYSCTL_PHYSCAP_pv 1
#define XEN_SYSCTL_PHYSCAP_pv (1u << _XEN_SYSCTL_PHYSCAP_pv)
#define _XEN_SYSCTL_PHYSCAP_directio 2
#define XEN_SYSCTL_PHYSCAP_directio (1u << _XEN_SYSCTL_PHYSCAP_directio)
#define _XEN_SYSCTL_PHYSCAP_hap 3
#define XEN_SYSCTL_PHYSCAP_hap (1u << _XEN_SYSCTL_PHYSCAP_hap)
#define _XEN_SYSCTL_PHYSCAP_shadow 4
#define XEN_SYSCTL_PHYSCAP_shadow (1u << _XEN_SYSCTL_PHYSCAP_shadow)
#define _XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share 5
#define XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share \
	(1u << _XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share)
#define XEN_SYSCTL_PHYSCAP_vmtrace (1u << 6)
#define XEN_SYSCTL_PHYSCAP_vpmu (1u << 7)
#define XEN_SYSCTL_PHYSCAP_gnttab_v1 (1u << 8)
#define XEN_SYSCTL_PHYSCAP_gnttab_v2 (1u << 9)
#define XEN_SYSCTL_PHYSCAP_MAX XEN_SYSCTL_PHYSCAP_gnttab_v2

/* XEN_SYSCTL_physinfo: the host (all OUT). */
struct xen_sysctl_physinfo {
	uint32_t threads_per_core;
	uint32_t cores_per_socket;
	uint32_t nr_cpus;		/* online CPUs */
	uint32_t max_cpu_id;		/* highest possible CPU id */
	uint32_t nr_nodes;		/* NUMA nodes */
	uint32_t max_node_id;
	uint32_t cpu_khz;
	uint32_t capabilities;		/* XEN_SYSCTL_PHYSCAP_* */
	uint32_t arch_capabilities;
	uint32_t pad;
	uint64_t total_pages;
	uint64_t free_pages;
	uint64_t scrub_pages;		/* freed, not yet scrubbed */
	uint64_t outstanding_pages;	/* claimed by domains being built */
	uint64_t max_mfn;		/* highest machine frame */
	uint32_t hw_cap[8];		/* CPUID feature words */
};

/* XEN_SYSCTL_sched_id: the default scheduler (XEN_SCHEDULER_*). */
struct xen_sysctl_sched_id {
	uint32_t sched_id;		/* OUT */
};

#define XEN_SYSCTL_PERFCOP_reset 1
#define XEN_SYSCTL_PERFCOP_query 2

/*
 * XEN_SYSCTL_getdomaininfolist: getdomaininfo for up to max_domains
 * domains with domid >= first_domain, in domid order.
 */
struct xen_sysctl_getdomaininfolist {
	domid_t first_domain;		/* IN */
	uint16_t _pad0;			/* implicit in Xen's header */
	uint32_t max_domains;		/* IN */
	XEN_GUEST_HANDLE_64(xen_domctl_getdomaininfo_t) buffer;	/* OUT */
	uint32_t num_domains;		/* OUT */
	uint32_t _pad1;			/* implicit in Xen's header */
};

/* XEN_SYSCTL_debug_keys: press these debug keys on the console. */
struct xen_sysctl_debug_keys {
	XEN_GUEST_HANDLE_64(const char) keys;	/* IN */
	uint32_t nr_keys;			/* IN */
	uint32_t _pad0;				/* implicit in Xen's header */
};

/* XEN_SYSCTL_getcpuinfo: idle time of each physical CPU. */
struct xen_sysctl_cpuinfo {
	uint64_t idletime;		/* ns */
};
typedef struct xen_sysctl_cpuinfo xen_sysctl_cpuinfo_t;

struct xen_sysctl_getcpuinfo {
	uint32_t max_cpus;		/* IN: size of info[] */
	uint32_t _pad0;			/* implicit in Xen's header */
	XEN_GUEST_HANDLE_64(xen_sysctl_cpuinfo_t) info;	/* OUT */
	uint32_t nr_cpus;		/* OUT */
	uint32_t _pad1;			/* implicit in Xen's header */
};

/* XEN_SYSCTL_availheap: free memory within an address width / node. */
struct xen_sysctl_availheap {
	uint32_t min_bitwidth;		/* IN: 0 = any */
	uint32_t max_bitwidth;		/* IN: 0 = any */
	int32_t node;			/* IN: -1 = all nodes */
	uint32_t _pad0;			/* implicit in Xen's header */
	uint64_t avail_bytes;		/* OUT */
};

/* XEN_SYSCTL_cpu_hotplug: bring a physical CPU (or SMT) up or down. */
struct xen_sysctl_cpu_hotplug {
	uint32_t cpu;			/* IN */
#define XEN_SYSCTL_CPU_HOTPLUG_ONLINE 0
#define XEN_SYSCTL_CPU_HOTPLUG_OFFLINE 1
#define XEN_SYSCTL_CPU_HOTPLUG_SMT_ENABLE 2
#define XEN_SYSCTL_CPU_HOTPLUG_SMT_DISABLE 3
	uint32_t op;			/* IN: XEN_SYSCTL_CPU_HOTPLUG_* */
};

/* XEN_SYSCTL_cputopoinfo: core, socket and node of each CPU. */
#define XEN_INVALID_CORE_ID (~0U)
#define XEN_INVALID_SOCKET_ID (~0U)
#define XEN_INVALID_NODE_ID (~0U)
struct xen_sysctl_cputopo {
	uint32_t core;
	uint32_t socket;
	uint32_t node;
};
typedef struct xen_sysctl_cputopo xen_sysctl_cputopo_t;

struct xen_sysctl_cputopoinfo {
	uint32_t num_cpus;		/* IN: size; OUT: CPUs known */
	uint32_t _pad0;			/* implicit in Xen's header */
	XEN_GUEST_HANDLE_64(xen_sysctl_cputopo_t) cputopo;	/* OUT */
};

#define XEN_INVALID_MEM_SZ (~0U)
#define XEN_INVALID_NODE_DIST (~0U)

/* Selectors of the CPU featureset/policy sub-ops. */
#define XEN_SYSCTL_cpu_featureset_raw 0
#define XEN_SYSCTL_cpu_featureset_host 1
#define XEN_SYSCTL_cpu_featureset_pv 2
#define XEN_SYSCTL_cpu_featureset_hvm 3
#define XEN_SYSCTL_cpu_featureset_pv_max 4
#define XEN_SYSCTL_cpu_featureset_hvm_max 5
#define XEN_SYSCTL_cpu_policy_raw 0
#define XEN_SYSCTL_cpu_policy_host 1
#define XEN_SYSCTL_cpu_policy_pv_max 2
#define XEN_SYSCTL_cpu_policy_hvm_max 3
#define XEN_SYSCTL_cpu_policy_pv_default 4
#define XEN_SYSCTL_cpu_policy_hvm_default 5

#define XEN_SYSCTL_readconsole 1
#define XEN_SYSCTL_tbuf_op 2
#define XEN_SYSCTL_physinfo 3
#define XEN_SYSCTL_sched_id 4
#define XEN_SYSCTL_perfc_op 5
#define XEN_SYSCTL_getdomaininfolist 6
#define XEN_SYSCTL_debug_keys 7
#define XEN_SYSCTL_getcpuinfo 8
#define XEN_SYSCTL_availheap 9
#define XEN_SYSCTL_get_pmstat 10
#define XEN_SYSCTL_cpu_hotplug 11
#define XEN_SYSCTL_pm_op 12
#define XEN_SYSCTL_page_offline_op 14
#define XEN_SYSCTL_lockprof_op 15
#define XEN_SYSCTL_cputopoinfo 16
#define XEN_SYSCTL_numainfo 17
#define XEN_SYSCTL_cpupool_op 18
#define XEN_SYSCTL_scheduler_op 19
#define XEN_SYSCTL_coverage_op 20
#define XEN_SYSCTL_psr_cmt_op 21
#define XEN_SYSCTL_pcitopoinfo 22
#define XEN_SYSCTL_psr_alloc 23
#define XEN_SYSCTL_get_cpu_levelling_caps 25
#define XEN_SYSCTL_get_cpu_featureset 26
#define XEN_SYSCTL_livepatch_op 27
#define XEN_SYSCTL_get_cpu_policy 29

/* The argument of HYPERVISOR_sysctl: 8-byte header, 128-byte union. */
struct xen_sysctl {
	uint32_t cmd;			/* XEN_SYSCTL_* */
	uint32_t interface_version;	/* XEN_SYSCTL_INTERFACE_VERSION */
	union {
		struct xen_sysctl_readconsole readconsole;
		struct xen_sysctl_physinfo physinfo;
		struct xen_sysctl_cputopoinfo cputopoinfo;
		struct xen_sysctl_sched_id sched_id;
		struct xen_sysctl_getdomaininfolist getdomaininfolist;
		struct xen_sysctl_debug_keys debug_keys;
		struct xen_sysctl_getcpuinfo getcpuinfo;
		struct xen_sysctl_availheap availheap;
		struct xen_sysctl_cpu_hotplug cpu_hotplug;
		uint8_t pad[128];
	} u;
};
typedef struct xen_sysctl xen_sysctl_t;

ABI_SIZE(struct xen_sysctl_readconsole, 24);
ABI_SIZE(struct xen_sysctl_physinfo, 112);
ABI_OFFSET(struct xen_sysctl_physinfo, total_pages, 40);
ABI_SIZE(struct xen_sysctl_getdomaininfolist, 24);
ABI_SIZE(struct xen_sysctl_availheap, 24);
ABI_SIZE(struct xen_sysctl, 136);
ABI_OFFSET(struct xen_sysctl, u, 8);

#endif /* XEN_PUBLIC_SYSCTL_H */
