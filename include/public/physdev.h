/*
 * HYPERVISOR_physdev_op(int cmd, void *arg): physical devices and
 * interrupts, for the domains that drive hardware (dom0, driver domains).
 *
 * A physical interrupt reaches a PV guest as a "pirq": the guest maps a
 * GSI or an MSI to a pirq number (PHYSDEVOP_map_pirq), binds the pirq to
 * an event channel (EVTCHNOP_bind_pirq), and acknowledges level-triggered
 * ones with PHYSDEVOP_eoi.  The guest's I/O privilege (IOPL) and I/O
 * bitmap are also virtual and set here.
 *
 * Common errors: -EFAULT, -EINVAL, -EPERM (no access to the resource),
 * -ESRCH (bad domid), -ENOSYS (unknown cmd).
 */
#ifndef XEN_PUBLIC_PHYSDEV_H
#define XEN_PUBLIC_PHYSDEV_H

#include "xen.h"

/* arg struct physdev_eoi: end of interrupt for a pirq. */
#define PHYSDEVOP_eoi 12
struct physdev_eoi {
	uint32_t irq;			/* IN: pirq */
};
typedef struct physdev_eoi physdev_eoi_t;

/*
 * arg struct physdev_pirq_eoi_gmfn: register a page of bits, one per
 * pirq, that the hypervisor sets when a pirq needs an EOI.  v2 also
 * makes the hypervisor unmask the event channel itself on EOI.
 */
#define PHYSDEVOP_pirq_eoi_gmfn_v1 17
#define PHYSDEVOP_pirq_eoi_gmfn_v2 28
#define PHYSDEVOP_pirq_eoi_gmfn PHYSDEVOP_pirq_eoi_gmfn_v2
struct physdev_pirq_eoi_gmfn {
	xen_pfn_t gmfn;			/* IN */
};
typedef struct physdev_pirq_eoi_gmfn physdev_pirq_eoi_gmfn_t;

/* arg struct physdev_irq_status_query: does a pirq need EOI? */
#define PHYSDEVOP_irq_status_query 5
struct physdev_irq_status_query {
	uint32_t irq;			/* IN */
	uint32_t flags;			/* OUT: XENIRQSTAT_* */
};
typedef struct physdev_irq_status_query physdev_irq_status_query_t;
#define _XENIRQSTAT_needs_eoi (0)
#define XENIRQSTAT_needs_eoi (1U << _XENIRQSTAT_needs_eoi)
#define _XENIRQSTAT_shared (1)
#define XENIRQSTAT_shared (1U << _XENIRQSTAT_shared)

/* arg struct physdev_set_iopl: the virtual IOPL of the guest kernel. */
#define PHYSDEVOP_set_iopl 6
struct physdev_set_iopl {
	uint32_t iopl;			/* IN: 0-3 */
};
typedef struct physdev_set_iopl physdev_set_iopl_t;

/* arg struct physdev_set_iobitmap: a guest-owned I/O permission bitmap. */
#define PHYSDEVOP_set_iobitmap 7
struct physdev_set_iobitmap {
	XEN_GUEST_HANDLE(uint8_t) bitmap;	/* IN */
	uint32_t nr_ports;			/* IN */
	uint32_t _pad0;				/* implicit in Xen's header */
};
typedef struct physdev_set_iobitmap physdev_set_iobitmap_t;

/* arg struct physdev_apic: read/write an IO-APIC register (dom0). */
#define PHYSDEVOP_apic_read 8
#define PHYSDEVOP_apic_write 9
struct physdev_apic {
	uint64_t apic_physbase;		/* IN */
	uint32_t reg;			/* IN */
	uint32_t value;			/* IN (write) / OUT (read) */
};
typedef struct physdev_apic physdev_apic_t;

/* arg struct physdev_irq: old vector allocation interface. */
#define PHYSDEVOP_alloc_irq_vector 10
#define PHYSDEVOP_free_irq_vector 11
struct physdev_irq {
	uint32_t irq;			/* IN */
	uint32_t vector;		/* OUT */
};
typedef struct physdev_irq physdev_irq_t;

#define MAP_PIRQ_TYPE_MSI 0x0
#define MAP_PIRQ_TYPE_GSI 0x1
#define MAP_PIRQ_TYPE_UNKNOWN 0x2
#define MAP_PIRQ_TYPE_MSI_SEG 0x3
#define MAP_PIRQ_TYPE_MULTI_MSI 0x4

/*
 * arg struct physdev_map_pirq: map a GSI (index) or an MSI of a PCI
 * device (bus, devfn, entry_nr, table_base) to a pirq of 'domid'.  pirq
 * -1 (IN) asks for any free one.  -ENOSPC: no free pirq.
 */
#define PHYSDEVOP_map_pirq 13
struct physdev_map_pirq {
	domid_t domid;			/* IN */
	uint16_t _pad0;			/* implicit in Xen's header */
	int32_t type;			/* IN: MAP_PIRQ_TYPE_* */
	int32_t index;			/* IN: GSI or MSI index */
	int32_t pirq;			/* IN/OUT */
	int32_t bus;			/* IN (MSI; segment << 16 for _SEG) */
	int32_t devfn;			/* IN (MSI) */
	int32_t entry_nr;		/* IN: MSI-X entry / MSI vector count */
	uint64_t table_base;		/* IN: MSI-X table base */
};
typedef struct physdev_map_pirq physdev_map_pirq_t;

/* arg struct physdev_unmap_pirq: undo map_pirq. */
#define PHYSDEVOP_unmap_pirq 14
struct physdev_unmap_pirq {
	domid_t domid;			/* IN */
	uint16_t _pad0;			/* implicit in Xen's header */
	int32_t pirq;			/* IN */
};
typedef struct physdev_unmap_pirq physdev_unmap_pirq_t;

/* Old PCI add/remove notifications (dom0 tells the hypervisor). */
#define PHYSDEVOP_manage_pci_add 15
#define PHYSDEVOP_manage_pci_remove 16
struct physdev_manage_pci {
	uint8_t bus;			/* IN */
	uint8_t devfn;			/* IN */
};
typedef struct physdev_manage_pci physdev_manage_pci_t;

#define PHYSDEVOP_restore_msi 19
struct physdev_restore_msi {
	uint8_t bus;			/* IN */
	uint8_t devfn;			/* IN */
};
typedef struct physdev_restore_msi physdev_restore_msi_t;

#define PHYSDEVOP_manage_pci_add_ext 20
struct physdev_manage_pci_ext {
	uint8_t bus;			/* IN */
	uint8_t devfn;			/* IN */
	uint8_t _pad0[2];		/* implicit in Xen's header */
	uint32_t is_extfn;		/* IN */
	uint32_t is_virtfn;		/* IN */
	struct {
		uint8_t bus;
		uint8_t devfn;
	} physfn;			/* IN: the PF of a VF */
	uint8_t _pad1[2];		/* implicit in Xen's header */
};
typedef struct physdev_manage_pci_ext physdev_manage_pci_ext_t;

/* Argument of the old __HYPERVISOR_physdev_op_compat (19). */
struct physdev_op {
	uint32_t cmd;
	uint32_t _pad0;			/* implicit in Xen's header */
	union {
		physdev_irq_status_query_t irq_status_query;
		physdev_set_iopl_t set_iopl;
		physdev_set_iobitmap_t set_iobitmap;
		physdev_apic_t apic_op;
		physdev_irq_t irq_op;
	} u;
};
typedef struct physdev_op physdev_op_t;

/* arg struct physdev_setup_gsi: program a GSI's trigger and polarity. */
#define PHYSDEVOP_setup_gsi 21
struct physdev_setup_gsi {
	int32_t gsi;			/* IN */
	uint8_t triggering;		/* IN: 0 edge, 1 level */
	uint8_t polarity;		/* IN: 0 high, 1 low */
	uint8_t _pad0[2];		/* implicit in Xen's header */
};
typedef struct physdev_setup_gsi physdev_setup_gsi_t;

/* arg struct physdev_get_free_pirq: reserve a pirq of 'type'. */
#define PHYSDEVOP_get_free_pirq 23
struct physdev_get_free_pirq {
	int32_t type;			/* IN: MAP_PIRQ_TYPE_* */
	uint32_t pirq;			/* OUT */
};
typedef struct physdev_get_free_pirq physdev_get_free_pirq_t;

/* arg struct physdev_pci_mmcfg_reserved: an MCFG area is reserved. */
#define XEN_PCI_MMCFG_RESERVED 0x1
#define PHYSDEVOP_pci_mmcfg_reserved 24
struct physdev_pci_mmcfg_reserved {
	uint64_t address;		/* IN */
	uint16_t segment;		/* IN */
	uint8_t start_bus;		/* IN */
	uint8_t end_bus;		/* IN */
	uint32_t flags;			/* IN: XEN_PCI_MMCFG_* */
};
typedef struct physdev_pci_mmcfg_reserved physdev_pci_mmcfg_reserved_t;

/* arg struct physdev_pci_device_add: dom0 found a PCI device. */
#define XEN_PCI_DEV_EXTFN 0x1
#define XEN_PCI_DEV_VIRTFN 0x2
#define XEN_PCI_DEV_PXM 0x4
#define PHYSDEVOP_pci_device_add 25
struct physdev_pci_device_add {
	uint16_t seg;			/* IN */
	uint8_t bus;			/* IN */
	uint8_t devfn;			/* IN */
	uint32_t flags;			/* IN: XEN_PCI_DEV_* */
	struct {
		uint8_t bus;
		uint8_t devfn;
	} physfn;			/* IN: with XEN_PCI_DEV_VIRTFN */
	uint8_t _pad0[2];		/* implicit in Xen's header */
	uint32_t optarr[XEN_FLEX_ARRAY_DIM];	/* IN: [0] = PXM with _PXM */
};
typedef struct physdev_pci_device_add physdev_pci_device_add_t;

/* arg struct physdev_pci_device for each of these. */
#define PHYSDEVOP_pci_device_remove 26
#define PHYSDEVOP_restore_msi_ext 27
#define PHYSDEVOP_prepare_msix 30
#define PHYSDEVOP_release_msix 31
struct physdev_pci_device {
	uint16_t seg;			/* IN */
	uint8_t bus;			/* IN */
	uint8_t devfn;			/* IN */
};
typedef struct physdev_pci_device physdev_pci_device_t;

/* arg struct physdev_dbgp_op: USB debug port reset handshake. */
#define PHYSDEVOP_DBGP_RESET_PREPARE 1
#define PHYSDEVOP_DBGP_RESET_DONE 2
#define PHYSDEVOP_DBGP_BUS_UNKNOWN 0
#define PHYSDEVOP_DBGP_BUS_PCI 1
#define PHYSDEVOP_dbgp_op 29
struct physdev_dbgp_op {
	uint8_t op;			/* IN: PHYSDEVOP_DBGP_RESET_* */
	uint8_t bus;			/* IN: PHYSDEVOP_DBGP_BUS_* */
	union {
		physdev_pci_device_t pci;
	} u;
};
typedef struct physdev_dbgp_op physdev_dbgp_op_t;

/* Old name: notify the hypervisor after unmasking (same as EOI). */
#define PHYSDEVOP_IRQ_UNMASK_NOTIFY 4

ABI_SIZE(struct physdev_eoi, 4);
ABI_SIZE(struct physdev_pirq_eoi_gmfn, 8);
ABI_SIZE(struct physdev_irq_status_query, 8);
ABI_SIZE(struct physdev_set_iopl, 4);
ABI_SIZE(struct physdev_set_iobitmap, 16);
ABI_SIZE(struct physdev_apic, 16);
ABI_SIZE(struct physdev_irq, 8);
ABI_SIZE(struct physdev_map_pirq, 40);
ABI_SIZE(struct physdev_unmap_pirq, 8);
ABI_SIZE(struct physdev_manage_pci_ext, 16);
ABI_SIZE(struct physdev_op, 24);
ABI_SIZE(struct physdev_setup_gsi, 8);
ABI_SIZE(struct physdev_get_free_pirq, 8);
ABI_SIZE(struct physdev_pci_mmcfg_reserved, 16);
ABI_SIZE(struct physdev_pci_device, 4);
ABI_SIZE(struct physdev_dbgp_op, 6);

#endif /* XEN_PUBLIC_PHYSDEV_H */
