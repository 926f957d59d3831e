/*
 * HYPERVISOR_domctl(struct xen_domctl *op): the toolstack's control of
 * domains: create, pause, destroy, size, give vCPU state, set limits.
 *
 * Only a privileged domain may call it (-EPERM).  interface_version must
 * equal XEN_DOMCTL_INTERFACE_VERSION (-EACCES otherwise): this interface
 * changes between hypervisor releases and the toolstack is built for one.
 * 'domain' names the target (-ESRCH if it does not exist); the rest of
 * the argument is the sub-op's part of the union, copied back on return.
 *
 * Transcribed: every command number, and the structures a toolstack
 * needs first (createdomain, getdomaininfo, max_mem, max_vcpus,
 * set/getvcpucontext, getvcpuinfo, vcpu/node affinity, scheduler_op for
 * credit, permissions, settimeoffset, address size, hvmcontext).
 * TODO: shadow_op, tsc_info, device assignment, pt_irq, memory_mapping,
 * ext_vcpucontext, debug/vm_event/monitor ops, cpu policy, vcpu MSRs,
 * vnuma, psr, vuart, vmtrace, paging mempool structures.
 */
#ifndef XEN_PUBLIC_DOMCTL_H
#define XEN_PUBLIC_DOMCTL_H

#include "xen.h"
#include "event_channel.h"
#include "grant_table.h"

#define XEN_DOMCTL_INTERFACE_VERSION 0x00000015

/*
 * XEN_DOMCTL_createdomain: 'domain' IN is the wanted domid (0 or >=
 * DOMID_FIRST_RESERVED: any free one), OUT the new domid.  The domain is
 * created paused.  -EINVAL (bad flags or limits), -EEXIST (domid in
 * use), -ENOMEM.
 */
struct xen_domctl_createdomain {
	uint32_t ssidref;		/* IN: security label (ACM/XSM) */
	xen_domain_handle_t handle;	/* IN: UUID */
#define _XEN_DOMCTL_CDF_hvm 0
#define XEN_DOMCTL_CDF_hvm (1U << _XEN_DOMCTL_CDF_hvm)
#define _XEN_DOMCTL_CDF_hap 1
#define XEN_DOMCTL_CDF_hap (1U << _XEN_DOMCTL_CDF_hap)
#define _XEN_DOMCTL_CDF_s3_integrity 2
#define XEN_DOMCTL_CDF_s3_integrity (1U << _XEN_DOMCTL_CDF_s3_integrity)
#define _XEN_DOMCTL_CDF_oos_off 3
#define XEN_DOMCTL_CDF_oos_off (1U << _XEN_DOMCTL_CDF_oos_off)
#define _XEN_DOMCTL_CDF_xs_domain 4
#define XEN_DOMCTL_CDF_xs_domain (1U << _XEN_DOMCTL_CDF_xs_domain)
#define _XEN_DOMCTL_CDF_iommu 5
#define XEN_DOMCTL_CDF_iommu (1U << _XEN_DOMCTL_CDF_iommu)
#define _XEN_DOMCTL_CDF_nested_virt 6
#define XEN_DOMCTL_CDF_nested_virt (1U << _XEN_DOMCTL_CDF_nested_virt)
#define XEN_DOMCTL_CDF_vpmu (1U << 7)
#define XEN_DOMCTL_CDF_MAX XEN_DOMCTL_CDF_vpmu
	uint32_t flags;			/* IN: XEN_DOMCTL_CDF_* */
#define _XEN_DOMCTL_IOMMU_no_sharept 0
#define XEN_DOMCTL_IOMMU_no_sharept (1U << _XEN_DOMCTL_IOMMU_no_sharept)
#define XEN_DOMCTL_IOMMU_MAX XEN_DOMCTL_IOMMU_no_sharept
	uint32_t iommu_opts;		/* IN */
	uint32_t max_vcpus;		/* IN: vCPUs the domain gets */
	uint32_t max_evtchn_port;	/* IN: highest event channel port */
	int32_t max_grant_frames;	/* IN: -1 = hypervisor default */
	int32_t max_maptrack_frames;	/* IN: -1 = hypervisor default */
#define XEN_DOMCTL_GRANT_version_mask 0xf
#define XEN_DOMCTL_GRANT_version(v) ((v) & XEN_DOMCTL_GRANT_version_mask)
	uint32_t grant_opts;		/* IN: highest grant version allowed */
	uint32_t vmtrace_size;		/* IN: per-vCPU trace buffer bytes */
	uint32_t cpupool_id;		/* IN */
	struct xen_arch_domainconfig arch;	/* IN */
};

/* XEN_DOMCTL_getdomaininfo: the state of 'domain' (OUT). */
struct xen_domctl_getdomaininfo {
	domid_t domain;			/* OUT: the domain described */
	uint16_t pad1;
#define _XEN_DOMINF_dying 0
#define XEN_DOMINF_dying (1U << _XEN_DOMINF_dying)	/* being destroyed */
#define _XEN_DOMINF_hvm_guest 1
#define XEN_DOMINF_hvm_guest (1U << _XEN_DOMINF_hvm_guest)
#define _XEN_DOMINF_shutdown 2
#define XEN_DOMINF_shutdown (1U << _XEN_DOMINF_shutdown)	/* see code */
#define _XEN_DOMINF_paused 3
#define XEN_DOMINF_paused (1U << _XEN_DOMINF_paused)
#define _XEN_DOMINF_blocked 4
#define XEN_DOMINF_blocked (1U << _XEN_DOMINF_blocked)
#define _XEN_DOMINF_running 5
#define XEN_DOMINF_running (1U << _XEN_DOMINF_running)
#define _XEN_DOMINF_debugged 6
#define XEN_DOMINF_debugged (1U << _XEN_DOMINF_debugged)
#define _XEN_DOMINF_xs_domain 7
#define XEN_DOMINF_xs_domain (1U << _XEN_DOMINF_xs_domain)
#define _XEN_DOMINF_hap 8
#define XEN_DOMINF_hap (1U << _XEN_DOMINF_hap)
/* The SHUTDOWN_* code sits in bits 16-23 of flags. */
#define XEN_DOMINF_shutdownmask 255
#define XEN_DOMINF_shutdownshift 16
	uint32_t flags;			/* OUT: XEN_DOMINF_* */
	uint64_t tot_pages;		/* OUT: pages owned */
	uint64_t max_pages;		/* OUT: limit */
	uint64_t outstanding_pages;	/* OUT: claimed, not yet allocated */
	uint64_t shr_pages;		/* OUT: shared (mem sharing) */
	uint64_t paged_pages;		/* OUT: paged out */
	uint64_t shared_info_frame;	/* OUT: gfn of shared_info */
	uint64_t cpu_time;		/* OUT: ns of CPU used */
	uint32_t nr_online_vcpus;	/* OUT */
#define XEN_INVALID_MAX_VCPU_ID (~0U)	/* the domain has no vCPUs */
	uint32_t max_vcpu_id;		/* OUT */
	uint32_t ssidref;		/* OUT */
	xen_domain_handle_t handle;	/* OUT */
	uint32_t cpupool;		/* OUT */
	uint8_t gpaddr_bits;		/* OUT: guest physical address bits */
	uint8_t pad2[7];
	struct xen_arch_domainconfig arch_config;	/* OUT */
};
typedef struct xen_domctl_getdomaininfo xen_domctl_getdomaininfo_t;

/* XEN_DOMCTL_getpageframeinfo3: page type of each frame in array[]. */
#define XEN_DOMCTL_PFINFO_LTAB_SHIFT 28
#define XEN_DOMCTL_PFINFO_NOTAB (0x0U << 28)
#define XEN_DOMCTL_PFINFO_L1TAB (0x1U << 28)
#define XEN_DOMCTL_PFINFO_L2TAB (0x2U << 28)
#define XEN_DOMCTL_PFINFO_L3TAB (0x3U << 28)
#define XEN_DOMCTL_PFINFO_L4TAB (0x4U << 28)
#define XEN_DOMCTL_PFINFO_LTABTYPE_MASK (0x7U << 28)
#define XEN_DOMCTL_PFINFO_LPINTAB (0x1U << 31)	/* pinned */
#define XEN_DOMCTL_PFINFO_XTAB (0xfU << 28)	/* invalid frame */
#define XEN_DOMCTL_PFINFO_XALLOC (0xeU << 28)	/* allocate-only */
#define XEN_DOMCTL_PFINFO_BROKEN (0xdU << 28)	/* broken page */
#define XEN_DOMCTL_PFINFO_LTAB_MASK (0xfU << 28)
struct xen_domctl_getpageframeinfo3 {
	uint64_t num;				/* IN: entries in array */
	XEN_GUEST_HANDLE_64(xen_pfn_t) array;	/* IN: gfns; OUT: | type */
};

/* XEN_DOMCTL_shadow_op sub-ops (structure TODO). */
#define XEN_DOMCTL_SHADOW_OP_OFF 0
#define XEN_DOMCTL_SHADOW_OP_ENABLE 32
#define XEN_DOMCTL_SHADOW_OP_CLEAN 11
#define XEN_DOMCTL_SHADOW_OP_PEEK 12

/* XEN_DOMCTL_max_mem: the domain's page limit, in KiB. */
struct xen_domctl_max_mem {
	uint64_t max_memkb;		/* IN */
};

/*
 * XEN_DOMCTL_setvcpucontext / getvcpucontext: the full register state of
 * 'vcpu' (struct vcpu_guest_context).  set needs the domain paused
 * (-EBUSY otherwise); a NULL ctxt on set resets the vCPU.
 */
struct xen_domctl_vcpucontext {
	uint32_t vcpu;				/* IN */
	uint32_t _pad0;				/* implicit in Xen's header */
	XEN_GUEST_HANDLE_64(vcpu_guest_context_t) ctxt;	/* IN/OUT */
};

/* XEN_DOMCTL_getvcpuinfo: scheduling state of 'vcpu'. */
struct xen_domctl_getvcpuinfo {
	uint32_t vcpu;			/* IN */
	uint8_t online;			/* OUT: not down */
	uint8_t blocked;		/* OUT: waiting for an event */
	uint8_t running;		/* OUT: on a CPU now */
	uint8_t _pad0;			/* implicit in Xen's header */
	uint64_t cpu_time;		/* OUT: ns run */
	uint32_t cpu;			/* OUT: current physical CPU */
	uint32_t _pad1;			/* implicit in Xen's header */
};
typedef struct xen_domctl_getvcpuinfo xen_domctl_getvcpuinfo_t;

/* XEN_DOMCTL_setnodeaffinity / getnodeaffinity. */
struct xen_domctl_nodeaffinity {
	struct xenctl_bitmap nodemap;	/* IN/OUT */
};

/*
 * XEN_DOMCTL_setvcpuaffinity / getvcpuaffinity: hard (must) and soft
 * (prefer) physical CPU masks of 'vcpu'.
 */
struct xen_domctl_vcpuaffinity {
	uint32_t vcpu;			/* IN */
#define _XEN_VCPUAFFINITY_HARD 0
#define XEN_VCPUAFFINITY_HARD (1U << _XEN_VCPUAFFINITY_HARD)
#define _XEN_VCPUAFFINITY_SOFT 1
#define XEN_VCPUAFFINITY_SOFT (1U << _XEN_VCPUAFFINITY_SOFT)
#define _XEN_VCPUAFFINITY_FORCE 2
#define XEN_VCPUAFFINITY_FORCE (1U << _XEN_VCPUAFFINITY_FORCE)
	uint32_t flags;			/* IN: XEN_VCPUAFFINITY_* */
	struct xenctl_bitmap cpumap_hard;	/* IN/OUT */
	struct xenctl_bitmap cpumap_soft;	/* IN/OUT */
};

/* XEN_DOMCTL_max_vcpus: set the number of vCPUs (once). */
struct xen_domctl_max_vcpus {
	uint32_t max;			/* IN */
};

/* Scheduler ids (sched_id below and sysctl). */
#define XEN_SCHEDULER_CREDIT 5
#define XEN_SCHEDULER_CREDIT2 6
#define XEN_SCHEDULER_ARINC653 7
#define XEN_SCHEDULER_RTDS 8
#define XEN_SCHEDULER_NULL 9

/*
 * Credit scheduler parameters: 'weight' is the domain's relative share
 * (default 256), 'cap' the most CPU it may use in percent of one CPU
 * (0 = no cap).
 */
struct xen_domctl_sched_credit {
	uint16_t weight;
	uint16_t cap;
};

struct xen_domctl_sched_credit2 {
	uint16_t weight;
	uint16_t cap;
};

struct xen_domctl_sched_rtds {
	uint32_t period;		/* us */
	uint32_t budget;		/* us */
#define _XEN_DOMCTL_SCHEDRT_extra 0
#define XEN_DOMCTL_SCHEDRT_extra (1U << _XEN_DOMCTL_SCHEDRT_extra)
	uint32_t flags;
};

typedef struct xen_domctl_schedparam_vcpu {
	union {
		struct xen_domctl_sched_credit credit;
		struct xen_domctl_sched_credit2 credit2;
		struct xen_domctl_sched_rtds rtds;
	} u;
	uint32_t vcpuid;
} xen_domctl_schedparam_vcpu_t;

/*
 * XEN_DOMCTL_scheduler_op: get or set a domain's (putinfo/getinfo) or
 * its vCPUs' (put/getvcpuinfo) parameters.  sched_id must be the
 * scheduler the domain runs under (-EINVAL otherwise).
 */
#define XEN_DOMCTL_SCHEDOP_putinfo 0
#define XEN_DOMCTL_SCHEDOP_getinfo 1
#define XEN_DOMCTL_SCHEDOP_putvcpuinfo 2
#define XEN_DOMCTL_SCHEDOP_getvcpuinfo 3
struct xen_domctl_scheduler_op {
	uint32_t sched_id;		/* IN: XEN_SCHEDULER_* */
	uint32_t cmd;			/* IN: XEN_DOMCTL_SCHEDOP_* */
	union {
		struct xen_domctl_sched_credit credit;
		struct xen_domctl_sched_credit2 credit2;
		struct xen_domctl_sched_rtds rtds;
		struct {
			XEN_GUEST_HANDLE_64(xen_domctl_schedparam_vcpu_t)
				vcpus;
			uint32_t nr_vcpus;	/* IN/OUT: done so far */
			uint32_t padding;
		} v;
	} u;				/* IN (put) / OUT (get) */
};

/* XEN_DOMCTL_setdomainhandle: set the UUID. */
struct xen_domctl_setdomainhandle {
	xen_domain_handle_t handle;	/* IN */
};

/* XEN_DOMCTL_setdebugging: trap the domain's debug events to dom0. */
struct xen_domctl_setdebugging {
	uint8_t enable;			/* IN */
};

/* XEN_DOMCTL_irq_permission: let the domain use (or not) a pirq. */
struct xen_domctl_irq_permission {
	uint32_t pirq;			/* IN */
	uint8_t allow_access;		/* IN */
	uint8_t pad[3];
};

/* XEN_DOMCTL_iomem_permission: a range of MMIO frames. */
struct xen_domctl_iomem_permission {
	uint64_t first_mfn;		/* IN */
	uint64_t nr_mfns;		/* IN */
	uint8_t allow_access;		/* IN */
	uint8_t _pad0[7];		/* implicit in Xen's header */
};

/* XEN_DOMCTL_ioport_permission: a range of I/O ports. */
struct xen_domctl_ioport_permission {
	uint32_t first_port;		/* IN */
	uint32_t nr_ports;		/* IN */
	uint8_t allow_access;		/* IN */
	uint8_t _pad0[3];		/* implicit in Xen's header */
};

/* XEN_DOMCTL_hypercall_init: fill gmfn with the hypercall page. */
struct xen_domctl_hypercall_init {
	uint64_t gmfn;			/* IN */
};

/* XEN_DOMCTL_settimeoffset: the domain's wall clock offset. */
struct xen_domctl_settimeoffset {
	int64_t time_offset_seconds;	/* IN */
};

/* XEN_DOMCTL_gethvmcontext / sethvmcontext: HVM save records. */
struct xen_domctl_hvmcontext {
	uint32_t size;			/* IN/OUT: buffer bytes */
	uint32_t _pad0;			/* implicit in Xen's header */
	XEN_GUEST_HANDLE_64(uint8_t) buffer;	/* IN/OUT; NULL = size only */
};

/* XEN_DOMCTL_set_address_size / get_address_size: 32 or 64 (PV). */
struct xen_domctl_address_size {
	uint32_t size;			/* IN (set) / OUT (get) */
};

/* XEN_DOMCTL_sendtrigger: triggers (structure TODO). */
#define XEN_DOMCTL_SENDTRIGGER_NMI 0
#define XEN_DOMCTL_SENDTRIGGER_RESET 1
#define XEN_DOMCTL_SENDTRIGGER_INIT 2
#define XEN_DOMCTL_SENDTRIGGER_POWER 3
#define XEN_DOMCTL_SENDTRIGGER_SLEEP 4

/* XEN_DOMCTL_vmtrace_op sub-ops. */
#define XEN_DOMCTL_vmtrace_enable 1
#define XEN_DOMCTL_vmtrace_disable 2
#define XEN_DOMCTL_vmtrace_reset_and_enable 3
#define XEN_DOMCTL_vmtrace_output_position 4
#define XEN_DOMCTL_vmtrace_get_option 5
#define XEN_DOMCTL_vmtrace_set_option 6

/* Command numbers (gaps are retired commands). */
#define XEN_DOMCTL_createdomain 1
#define XEN_DOMCTL_destroydomain 2
#define XEN_DOMCTL_pausedomain 3
#define XEN_DOMCTL_unpausedomain 4
#define XEN_DOMCTL_getdomaininfo 5
#define XEN_DOMCTL_setvcpuaffinity 9
#define XEN_DOMCTL_shadow_op 10
#define XEN_DOMCTL_max_mem 11
#define XEN_DOMCTL_setvcpucontext 12
#define XEN_DOMCTL_getvcpucontext 13
#define XEN_DOMCTL_getvcpuinfo 14
#define XEN_DOMCTL_max_vcpus 15
#define XEN_DOMCTL_scheduler_op 16
#define XEN_DOMCTL_setdomainhandle 17
#define XEN_DOMCTL_setdebugging 18
#define XEN_DOMCTL_irq_permission 19
#define XEN_DOMCTL_iomem_permission 20
#define XEN_DOMCTL_ioport_permission 21
#define XEN_DOMCTL_hypercall_init 22
#define XEN_DOMCTL_settimeoffset 24
#define XEN_DOMCTL_getvcpuaffinity 25
#define XEN_DOMCTL_real_mode_area 26
#define XEN_DOMCTL_resumedomain 27
#define XEN_DOMCTL_sendtrigger 28
#define XEN_DOMCTL_subscribe 29
#define XEN_DOMCTL_gethvmcontext 33
#define XEN_DOMCTL_sethvmcontext 34
#define XEN_DOMCTL_set_address_size 35
#define XEN_DOMCTL_get_address_size 36
#define XEN_DOMCTL_assign_device 37
#define XEN_DOMCTL_bind_pt_irq 38
#define XEN_DOMCTL_memory_mapping 39
#define XEN_DOMCTL_ioport_mapping 40
#define XEN_DOMCTL_set_ext_vcpucontext 42
#define XEN_DOMCTL_get_ext_vcpucontext 43
#define XEN_DOMCTL_set_opt_feature 44
#define XEN_DOMCTL_test_assign_device 45
#define XEN_DOMCTL_set_target 46
#define XEN_DOMCTL_deassign_device 47
#define XEN_DOMCTL_unbind_pt_irq 48
#define XEN_DOMCTL_get_device_group 50
#define XEN_DOMCTL_debug_op 54
#define XEN_DOMCTL_gethvmcontext_partial 55
#define XEN_DOMCTL_vm_event_op 56
#define XEN_DOMCTL_mem_sharing_op 57
#define XEN_DOMCTL_gettscinfo 59
#define XEN_DOMCTL_settscinfo 60
#define XEN_DOMCTL_getpageframeinfo3 61
#define XEN_DOMCTL_setvcpuextstate 62
#define XEN_DOMCTL_getvcpuextstate 63
#define XEN_DOMCTL_set_access_required 64
#define XEN_DOMCTL_audit_p2m 65
#define XEN_DOMCTL_set_virq_handler 66
#define XEN_DOMCTL_set_broken_page_p2m 67
#define XEN_DOMCTL_setnodeaffinity 68
#define XEN_DOMCTL_getnodeaffinity 69
#define XEN_DOMCTL_cacheflush 71
#define XEN_DOMCTL_get_vcpu_msrs 72
#define XEN_DOMCTL_set_vcpu_msrs 73
#define XEN_DOMCTL_setvnumainfo 74
#define XEN_DOMCTL_psr_cmt_op 75
#define XEN_DOMCTL_monitor_op 77
#define XEN_DOMCTL_psr_alloc 78
#define XEN_DOMCTL_soft_reset 79
#define XEN_DOMCTL_vuart_op 81
#define XEN_DOMCTL_get_cpu_policy 82
#define XEN_DOMCTL_set_cpu_policy 83
#define XEN_DOMCTL_vmtrace_op 84
#define XEN_DOMCTL_get_paging_mempool_size 85
#define XEN_DOMCTL_set_paging_mempool_size 86
#define XEN_DOMCTL_gdbsx_guestmemio 1000
#define XEN_DOMCTL_gdbsx_pausevcpu 1001
#define XEN_DOMCTL_gdbsx_unpausevcpu 1002
#define XEN_DOMCTL_gdbsx_domstatus 1003

/*
 * The argument of HYPERVISOR_domctl: a 16-byte header and a 128-byte
 * union (pad[] fixes its size for the sub-ops not transcribed here).
 */
struct xen_domctl {
	uint32_t cmd;			/* XEN_DOMCTL_* */
	uint32_t interface_version;	/* XEN_DOMCTL_INTERFACE_VERSION */
	domid_t domain;			/* the target */
	uint16_t _pad[3];
	union {
		struct xen_domctl_createdomain createdomain;
		struct xen_domctl_getdomaininfo getdomaininfo;
		struct xen_domctl_getpageframeinfo3 getpageframeinfo3;
		struct xen_domctl_nodeaffinity nodeaffinity;
		struct xen_domctl_vcpuaffinity vcpuaffinity;
		struct xen_domctl_max_mem max_mem;
		struct xen_domctl_vcpucontext vcpucontext;
		struct xen_domctl_getvcpuinfo getvcpuinfo;
		struct xen_domctl_max_vcpus max_vcpus;
		struct xen_domctl_scheduler_op scheduler_op;
		struct xen_domctl_setdomainhandle setdomainhandle;
		struct xen_domctl_setdebugging setdebugging;
		struct xen_domctl_irq_permission irq_permission;
		struct xen_domctl_iomem_permission iomem_permission;
		struct xen_domctl_ioport_permission ioport_permission;
		struct xen_domctl_hypercall_init hypercall_init;
		struct xen_domctl_settimeoffset settimeoffset;
		struct xen_domctl_hvmcontext hvmcontext;
		struct xen_domctl_address_size address_size;
		uint8_t pad[128];
	} u;
};
typedef struct xen_domctl xen_domctl_t;

ABI_SIZE(struct xen_domctl_createdomain, 64);
ABI_SIZE(struct xen_domctl_getdomaininfo, 112);
ABI_OFFSET(struct xen_domctl_getdomaininfo, tot_pages, 8);
ABI_OFFSET(struct xen_domctl_getdomaininfo, handle, 76);
ABI_SIZE(struct xen_domctl_vcpucontext, 16);
ABI_SIZE(struct xen_domctl_getvcpuinfo, 24);
ABI_SIZE(struct xen_domctl_vcpuaffinity, 40);
ABI_SIZE(struct xen_domctl_scheduler_op, 24);
ABI_SIZE(struct xen_domctl_iomem_permission, 24);
ABI_SIZE(struct xen_domctl, 144);
ABI_OFFSET(struct xen_domctl, u, 16);

#endif /* XEN_PUBLIC_DOMCTL_H */
