/*
 * HYPERVISOR_platform_op(struct xen_platform_op *op): dom0's access to
 * the machine, for what only the hypervisor may touch: wall-clock time,
 * firmware tables, physical CPUs, power states.
 *
 * Every call carries XENPF_INTERFACE_VERSION in interface_version
 * (-EACCES otherwise); only the hardware domain may call (-EPERM).  The
 * argument is one struct, the sub-op's fields in the union.  Unknown or
 * unimplemented commands return -ENOSYS.
 *
 * Transcribed: the numbers of all sub-ops, and the structures Linux 6.1
 * as dom0 uses at boot and shortly after (time, firmware info, physical
 * CPU info, ACPI sleep and power states, core parking, MSR resource op,
 * symbols).  TODO: the XENPF_efi_runtime_call structure.
 */
#ifndef XEN_PUBLIC_PLATFORM_H
#define XEN_PUBLIC_PLATFORM_H

#include "xen.h"

#define XENPF_INTERFACE_VERSION 0x03000001

/*
 * XENPF_settime64: set wall-clock time: 'secs'.'nsecs' since the epoch
 * was true at 'system_time' (ns since boot).  mbz must be 0 (-EINVAL).
 * XENPF_settime32 is the older form with 32-bit seconds.
 */
#define XENPF_settime32 17
struct xenpf_settime32 {
	uint32_t secs;			/* IN */
	uint32_t nsecs;			/* IN */
	uint64_t system_time;		/* IN */
};
typedef struct xenpf_settime32 xenpf_settime32_t;

#define XENPF_settime64 62
struct xenpf_settime64 {
	uint64_t secs;			/* IN */
	uint32_t nsecs;			/* IN */
	uint32_t mbz;
	uint64_t system_time;		/* IN */
};
typedef struct xenpf_settime64 xenpf_settime64_t;
#define XENPF_settime XENPF_settime64
#define xenpf_settime xenpf_settime64
typedef struct xenpf_settime64 xenpf_settime_t;

/* MTRR management (obsolete; 4.17 returns -ENOSYS for add/del). */
#define XENPF_add_memtype 31
struct xenpf_add_memtype {
	xen_pfn_t mfn;			/* IN */
	uint64_t nr_mfns;		/* IN */
	uint32_t type;			/* IN: MTRR type */
	uint32_t handle;		/* OUT */
	uint32_t reg;			/* OUT */
	uint32_t _pad0;			/* implicit in Xen's header */
};
typedef struct xenpf_add_memtype xenpf_add_memtype_t;

#define XENPF_del_memtype 32
struct xenpf_del_memtype {
	uint32_t handle;		/* IN */
	uint32_t reg;			/* IN */
};
typedef struct xenpf_del_memtype xenpf_del_memtype_t;

#define XENPF_read_memtype 33
struct xenpf_read_memtype {
	uint32_t reg;			/* IN */
	uint32_t _pad0;			/* implicit in Xen's header */
	xen_pfn_t mfn;			/* OUT */
	uint64_t nr_mfns;		/* OUT */
	uint32_t type;			/* OUT */
	uint32_t _pad1;			/* implicit in Xen's header */
};
typedef struct xenpf_read_memtype xenpf_read_memtype_t;

/* XENPF_microcode_update: load a microcode blob on all CPUs. */
#define XENPF_microcode_update 35
struct xenpf_microcode_update {
	XEN_GUEST_HANDLE(const void) data;	/* IN */
	uint32_t length;			/* IN */
	uint32_t _pad0;				/* implicit in Xen's header */
};
typedef struct xenpf_microcode_update xenpf_microcode_update_t;

/* XENPF_platform_quirk: dom0 reports a chipset quirk. */
#define XENPF_platform_quirk 39
#define QUIRK_NOIRQBALANCING 1
#define QUIRK_IOAPIC_BAD_REGSEL 2
#define QUIRK_IOAPIC_GOOD_REGSEL 3
struct xenpf_platform_quirk {
	uint32_t quirk_id;		/* IN: QUIRK_* */
};
typedef struct xenpf_platform_quirk xenpf_platform_quirk_t;

/* XENPF_efi_runtime_call: EFI runtime services (structure TODO). */
#define XENPF_efi_runtime_call 49
#define XEN_EFI_get_time 1
#define XEN_EFI_set_time 2
#define XEN_EFI_get_wakeup_time 3
#define XEN_EFI_set_wakeup_time 4
#define XEN_EFI_get_next_high_monotonic_count 5
#define XEN_EFI_get_variable 6
#define XEN_EFI_set_variable 7
#define XEN_EFI_get_next_variable_name 8
#define XEN_EFI_query_variable_info 9
#define XEN_EFI_query_capsule_capabilities 10
#define XEN_EFI_update_capsule 11

/*
 * XENPF_firmware_info: what the boot firmware told the hypervisor.  IN
 * type and index (which disk, which EFI item); -ESRCH when index is past
 * the last one, -EINVAL for an unknown type.
 */
#define XENPF_firmware_info 50
#define XEN_FW_DISK_INFO 1		/* EDD disk parameters */
#define XEN_FW_DISK_MBR_SIGNATURE 2
#define XEN_FW_VBEDDC_INFO 3		/* monitor EDID via VBE */
#define XEN_FW_EFI_INFO 4		/* index: XEN_FW_EFI_* */
#define XEN_FW_EFI_VERSION 0
#define XEN_FW_EFI_CONFIG_TABLE 1
#define XEN_FW_EFI_VENDOR 2
#define XEN_FW_EFI_MEM_INFO 3
#define XEN_FW_EFI_RT_VERSION 4
#define XEN_FW_EFI_PCI_ROM 5
#define XEN_FW_EFI_APPLE_PROPERTIES 6
#define XEN_FW_KBD_SHIFT_FLAGS 5	/* BIOS keyboard shift state */
struct xenpf_firmware_info {
	uint32_t type;			/* IN: XEN_FW_* */
	uint32_t index;			/* IN */
	union {
		struct {
			uint8_t device;		/* BIOS drive number */
			uint8_t version;	/* EDD version */
			uint16_t interface_support;
			uint16_t legacy_max_cylinder;
			uint8_t legacy_max_head;
			uint8_t legacy_sectors_per_track;
			XEN_GUEST_HANDLE(void) edd_params;	/* OUT buffer */
		} disk_info;
		struct {
			uint8_t device;
			uint8_t _pad0[3];	/* implicit in Xen's header */
			uint32_t mbr_signature;
		} disk_mbr_signature;
		struct {
			uint8_t capabilities;
			uint8_t edid_transfer_time;
			uint8_t _pad0[6];	/* implicit in Xen's header */
			XEN_GUEST_HANDLE(uint8_t) edid;	/* OUT: 128 bytes */
		} vbeddc_info;
		union xenpf_efi_info {
			uint32_t version;
			struct {
				uint64_t addr;	/* EFI config table */
				uint32_t nent;
			} cfg;
			struct {
				uint32_t revision;
				uint32_t bufsz;	/* IN/OUT */
				XEN_GUEST_HANDLE(void) name;	/* UCS-2 */
			} vendor;
			struct {
				uint64_t addr;	/* IN/OUT */
				uint64_t size;
				uint64_t attr;
				uint32_t type;
			} mem;
			struct {
				uint16_t segment;	/* IN */
				uint8_t bus;		/* IN */
				uint8_t devfn;		/* IN */
				uint16_t vendor;	/* IN */
				uint16_t devid;		/* IN */
				uint64_t address;	/* OUT */
				xen_ulong_t size;	/* OUT */
			} pci_rom;
			struct {
				uint64_t address;
				xen_ulong_t size;
			} apple_properties;
		} efi_info;
		uint8_t kbd_shift_flags;
	} u;				/* OUT */
};
typedef struct xenpf_firmware_info xenpf_firmware_info_t;

/* XENPF_enter_acpi_sleep: dom0 asks the hypervisor to enter S3/S5. */
#define XENPF_enter_acpi_sleep 51
struct xenpf_enter_acpi_sleep {
	uint16_t val_a;			/* IN: PM1a control / sleep type A */
	uint16_t val_b;			/* IN: PM1b control / sleep type B */
	uint32_t sleep_state;		/* IN: S-state */
#define XENPF_ACPI_SLEEP_EXTENDED 0x00000001
	uint32_t flags;			/* IN: XENPF_ACPI_SLEEP_* */
};
typedef struct xenpf_enter_acpi_sleep xenpf_enter_acpi_sleep_t;

#define XENPF_change_freq 52
struct xenpf_change_freq {
	uint32_t flags;			/* IN: must be zero */
	uint32_t cpu;			/* IN */
	uint64_t freq;			/* IN: Hz */
};
typedef struct xenpf_change_freq xenpf_change_freq_t;

#define XENPF_getidletime 53
struct xenpf_getidletime {
	XEN_GUEST_HANDLE(uint8_t) cpumap_bitmap;	/* IN/OUT */
	uint32_t cpumap_nr_cpus;			/* IN */
	uint32_t _pad0;				/* implicit in Xen's header */
	XEN_GUEST_HANDLE(uint64_t) idletime;	/* OUT: ns per CPU */
	uint64_t now;				/* OUT: system time */
};
typedef struct xenpf_getidletime xenpf_getidletime_t;

/*
 * XENPF_set_processor_pminfo: dom0 passes the ACPI power data of CPU
 * 'id' (Cx states, Px performance states, or the _PDC capability words)
 * to the hypervisor, which owns CPU power management.
 */
#define XENPF_set_processor_pminfo 54
#define XEN_PROCESSOR_PM_CX 1
#define XEN_PROCESSOR_PM_PX 2
#define XEN_PROCESSOR_PM_TX 4
#define XEN_PM_CX 0
#define XEN_PM_PX 1
#define XEN_PM_TX 2
#define XEN_PM_PDC 3
#define XEN_PX_PCT 1
#define XEN_PX_PSS 2
#define XEN_PX_PPC 4
#define XEN_PX_PSD 8

/* An ACPI generic address (the register of a C state). */
struct xen_power_register {
	uint32_t space_id;
	uint32_t bit_width;
	uint32_t bit_offset;
	uint32_t access_size;
	uint64_t address;
};

/* C-state dependency (_CSD). */
struct xen_processor_csd {
	uint32_t domain;
	uint32_t coord_type;		/* ACPI coordination type */
	uint32_t num;			/* processors in the domain */
};
typedef struct xen_processor_csd xen_processor_csd_t;

/* One C state (_CST entry). */
struct xen_processor_cx {
	struct xen_power_register reg;	/* how to enter it */
	uint8_t type;			/* C1, C2, C3 ... */
	uint8_t _pad0[3];		/* implicit in Xen's header */
	uint32_t latency;		/* us */
	uint32_t power;			/* mW */
	uint32_t dpcnt;			/* entries of dp[] */
	XEN_GUEST_HANDLE(xen_processor_csd_t) dp;
};
typedef struct xen_processor_cx xen_processor_cx_t;

struct xen_processor_flags {
	uint32_t bm_control : 1;
	uint32_t bm_check : 1;
	uint32_t has_cst : 1;
	uint32_t power_setup_done : 1;
	uint32_t bm_rld_set : 1;
};

/* XEN_PM_CX: the C states of a CPU. */
struct xen_processor_power {
	uint32_t count;			/* entries of states[] */
	struct xen_processor_flags flags;
	XEN_GUEST_HANDLE(xen_processor_cx_t) states;
};

/* An ACPI register descriptor (_PCT). */
struct xen_pct_register {
	uint8_t descriptor;
	uint8_t _pad0;			/* implicit in Xen's header */
	uint16_t length;
	uint8_t space_id;
	uint8_t bit_width;
	uint8_t bit_offset;
	uint8_t reserved;
	uint64_t address;
};

/* One P state (_PSS entry). */
struct xen_processor_px {
	uint64_t core_frequency;	/* MHz */
	uint64_t power;			/* mW */
	uint64_t transition_latency;	/* us */
	uint64_t bus_master_latency;	/* us */
	uint64_t control;		/* value to write to control_register */
	uint64_t status;		/* value read from status_register */
};
typedef struct xen_processor_px xen_processor_px_t;

/* P-state dependency (_PSD). */
struct xen_psd_package {
	uint64_t num_entries;
	uint64_t revision;
	uint64_t domain;
	uint64_t coord_type;
	uint64_t num_processors;
};

/* XEN_PM_PX: the performance states of a CPU. */
struct xen_processor_performance {
	uint32_t flags;			/* XEN_PX_* parts present */
	uint32_t platform_limit;	/* _PPC */
	struct xen_pct_register control_register;
	struct xen_pct_register status_register;
	uint32_t state_count;		/* entries of states[] */
	uint32_t _pad0;			/* implicit in Xen's header */
	XEN_GUEST_HANDLE(xen_processor_px_t) states;
	struct xen_psd_package domain_info;
#define XEN_CPUPERF_SHARED_TYPE_HW 1
#define XEN_CPUPERF_SHARED_TYPE_ALL 2
#define XEN_CPUPERF_SHARED_TYPE_ANY 3
	uint32_t shared_type;
	uint32_t _pad1;			/* implicit in Xen's header */
};
typedef struct xen_processor_performance xen_processor_performance_t;

struct xenpf_set_processor_pminfo {
	uint32_t id;			/* IN: ACPI processor id */
	uint32_t type;			/* IN: XEN_PM_* */
	union {
		struct xen_processor_power power;	/* XEN_PM_CX */
		struct xen_processor_performance perf;	/* XEN_PM_PX */
		XEN_GUEST_HANDLE(uint32_t) pdc;		/* XEN_PM_PDC */
	} u;				/* IN (pdc: IN/OUT) */
};
typedef struct xenpf_set_processor_pminfo xenpf_set_processor_pminfo_t;

/* XENPF_get_cpuinfo: one physical CPU; -EINVAL past max_present. */
#define XENPF_get_cpuinfo 55
struct xenpf_pcpuinfo {
	uint32_t xen_cpuid;		/* IN */
	uint32_t max_present;		/* OUT: highest present CPU id */
#define XEN_PCPU_FLAGS_ONLINE 1
#define XEN_PCPU_FLAGS_INVALID 2
	uint32_t flags;			/* OUT: XEN_PCPU_FLAGS_* */
	uint32_t apic_id;		/* OUT */
	uint32_t acpi_id;		/* OUT */
};
typedef struct xenpf_pcpuinfo xenpf_pcpuinfo_t;

/* XENPF_get_cpu_version: CPUID identity of one physical CPU. */
#define XENPF_get_cpu_version 48
struct xenpf_pcpu_version {
	uint32_t xen_cpuid;		/* IN */
	uint32_t max_present;		/* OUT */
	char vendor_id[12];		/* OUT */
	uint32_t family;		/* OUT */
	uint32_t model;			/* OUT */
	uint32_t stepping;		/* OUT */
};
typedef struct xenpf_pcpu_version xenpf_pcpu_version_t;

/* XENPF_cpu_online / XENPF_cpu_offline: bring a physical CPU up/down. */
#define XENPF_cpu_online 56
#define XENPF_cpu_offline 57
struct xenpf_cpu_ol {
	uint32_t cpuid;			/* IN */
};
typedef struct xenpf_cpu_ol xenpf_cpu_ol_t;

#define XENPF_cpu_hotadd 58
struct xenpf_cpu_hotadd {
	uint32_t apic_id;
	uint32_t acpi_id;
	uint32_t pxm;
};
typedef struct xenpf_cpu_hotadd xenpf_cpu_hotadd_t;

#define XENPF_mem_hotadd 59
struct xenpf_mem_hotadd {
	uint64_t spfn;
	uint64_t epfn;
	uint32_t pxm;
	uint32_t flags;
};
typedef struct xenpf_mem_hotadd xenpf_mem_hotadd_t;

/* XENPF_core_parking: how many CPUs the hypervisor should idle. */
#define XENPF_core_parking 60
#define XEN_CORE_PARKING_SET 1
#define XEN_CORE_PARKING_GET 2
struct xenpf_core_parking {
	uint32_t type;			/* IN: XEN_CORE_PARKING_* */
	uint32_t idle_nums;		/* IN (set) / OUT (get) */
};
typedef struct xenpf_core_parking xenpf_core_parking_t;

/*
 * XENPF_resource_op: a batch of MSR reads/writes on physical CPU 'cpu'.
 * Returns the number of entries done; a failed entry's u.ret holds its
 * error.
 */
#define XENPF_resource_op 61
#define XEN_RESOURCE_OP_MSR_READ 0
#define XEN_RESOURCE_OP_MSR_WRITE 1
struct xenpf_resource_entry {
	union {
		uint32_t cmd;		/* IN: XEN_RESOURCE_OP_* */
		int32_t ret;		/* OUT */
	} u;
	uint32_t rsvd;			/* IN: must be zero */
	uint64_t idx;			/* IN: MSR number */
	uint64_t val;			/* IN/OUT */
};
typedef struct xenpf_resource_entry xenpf_resource_entry_t;

struct xenpf_resource_op {
	uint32_t nr_entries;		/* IN */
	uint32_t cpu;			/* IN */
	XEN_GUEST_HANDLE(xenpf_resource_entry_t) entries;	/* IN/OUT */
};
typedef struct xenpf_resource_op xenpf_resource_op_t;

/* XENPF_get_symbol: walk the hypervisor's symbol table. */
#define XENPF_get_symbol 63
struct xenpf_symdata {
	uint32_t namelen;		/* IN: buffer size; OUT: name length */
	uint32_t symnum;		/* IN: symbol; OUT: next symbol */
	XEN_GUEST_HANDLE(char) name;	/* OUT */
	uint64_t address;		/* OUT */
	char type;			/* OUT: nm-style type letter */
	char _pad0[7];			/* implicit in Xen's header */
};
typedef struct xenpf_symdata xenpf_symdata_t;

/* The argument of HYPERVISOR_platform_op: 8 bytes of header + 128. */
struct xen_platform_op {
	uint32_t cmd;			/* XENPF_* */
	uint32_t interface_version;	/* XENPF_INTERFACE_VERSION */
	union {
		xenpf_settime_t settime;
		xenpf_settime32_t settime32;
		xenpf_settime64_t settime64;
		xenpf_add_memtype_t add_memtype;
		xenpf_del_memtype_t del_memtype;
		xenpf_read_memtype_t read_memtype;
		xenpf_microcode_update_t microcode;
		xenpf_platform_quirk_t platform_quirk;
		xenpf_firmware_info_t firmware_info;
		xenpf_enter_acpi_sleep_t enter_acpi_sleep;
		xenpf_change_freq_t change_freq;
		xenpf_getidletime_t getidletime;
		xenpf_set_processor_pminfo_t set_pminfo;
		xenpf_pcpuinfo_t pcpu_info;
		xenpf_pcpu_version_t pcpu_version;
		xenpf_cpu_ol_t cpu_ol;
		xenpf_cpu_hotadd_t cpu_add;
		xenpf_mem_hotadd_t mem_add;
		xenpf_core_parking_t core_parking;
		xenpf_resource_op_t resource_op;
		xenpf_symdata_t symdata;
		uint8_t pad[128];
	} u;
};
typedef struct xen_platform_op xen_platform_op_t;

ABI_SIZE(struct xenpf_settime32, 16);
ABI_SIZE(struct xenpf_settime64, 24);
ABI_SIZE(struct xenpf_firmware_info, 40);
ABI_SIZE(struct xenpf_pcpuinfo, 20);
ABI_SIZE(struct xenpf_pcpu_version, 32);
ABI_SIZE(struct xenpf_resource_entry, 24);
ABI_SIZE(struct xenpf_symdata, 32);
ABI_SIZE(struct xen_processor_cx, 48);
ABI_SIZE(struct xen_processor_performance, 104);
ABI_SIZE(struct xenpf_set_processor_pminfo, 112);
ABI_SIZE(struct xen_platform_op, 136);
ABI_OFFSET(struct xen_platform_op, u, 8);

#endif /* XEN_PUBLIC_PLATFORM_H */
