/*
 * The initial virtual address space of a 64-bit PV dom0.
 *
 * A PV kernel starts with paging already on, inside a mapping its builder
 * made: from VIRT_BASE up, 4 KiB pages of contiguous pseudo-physical
 * frames holding, in order, the kernel image, the initrd (unless the
 * kernel asked for it unmapped with MOD_START_PFN), the phys-to-machine
 * list (unless INIT_P2M placed it elsewhere), start_info with the dom0
 * console info, the page tables that build this very mapping, and a
 * one-page boot stack; then at least 512 KiB of slack, rounded to 4 MiB.
 * The kernel finds these by address (rsi, rsp, start_info fields), so they
 * must be where Xen 4.17's dom0 builder puts them, byte for byte.
 *
 * pv_layout_dom0() computes those addresses from what the ELF notes and
 * the domain configuration say, and refuses layouts Xen would refuse.
 * It only computes; building the tables is the caller's job.
 */
#ifndef LIB_PVLAYOUT_H
#define LIB_PVLAYOUT_H

#include <stdint.h>
#include <stdbool.h>

#define PV_LAYOUT_UNSET (~(uint64_t)0)

/* Sizes of the start_info page's contents (Xen public/xen.h, x86_64). */
#define PV_START_INFO_SIZE	 1168
#define PV_VGA_CONSOLE_INFO_SIZE 40

/* The 64-bit hypervisor hole no guest mapping may touch (L4 256-271). */
#define PV_HYPERVISOR_VIRT_START 0xffff800000000000ULL
#define PV_HYPERVISOR_VIRT_END	 0xffff880000000000ULL

struct pv_layout_in {
	uint64_t virt_base;   /* VIRT_BASE, after libelf's defaults */
	uint64_t virt_kstart; /* the kernel's extent */
	uint64_t virt_kend;
	uint64_t virt_entry;
	uint64_t virt_hypercall; /* HYPERCALL_PAGE or PV_LAYOUT_UNSET */
	uint64_t p2m_base;	 /* INIT_P2M or PV_LAYOUT_UNSET */
	bool unmapped_initrd;	 /* MOD_START_PFN note */
	uint64_t initrd_len;	 /* bytes; 0 when there is none */
	uint64_t nr_pages;	 /* the domain's total pages */
	unsigned int nr_vcpus;	 /* does not affect a 64-bit dom0 */
	unsigned int nr_magic;	 /* pages after start_info's (domU) */
};

/* A domU's magic pages, as Xen's toolstack (xc_dom) lays out a PV
 * guest: right after the start_info page, XenStore then console. */
#define PV_LAYOUT_MAGIC_MAX 2

struct pv_layout {
	uint64_t v_start, v_end; /* the whole initial mapping */
	uint64_t vkern_start, vkern_end;
	uint64_t vinitrd_start, vinitrd_end;   /* 0, 0 when not mapped */
	uint64_t vphysmap_start, vphysmap_end; /* at p2m_base if given */
	uint64_t vstartinfo_start, vstartinfo_end;
	uint64_t vmagic_start;	/* nr_magic pages from here, if any */
	uint64_t vpt_start, vpt_end;
	uint64_t nr_pt_pages;
	uint64_t vstack_start, vstack_end; /* rsp = vstack_end */
	uint64_t entry;
	unsigned int alloc_order; /* first allocation: 2^order pages */
	uint64_t initrd_pfn;	  /* PFN of its first page, if any */
	bool p2m_in_mapping;	  /* P2M inside [v_start, v_end) */
	bool single_l2;		  /* fits one 1 GiB L2, as Linux needs */
};

/*
 * Returns 0, or -ENOMEM (domain too small, as Xen's panic), -EINVAL
 * (overlaps the hypervisor hole, a HYPERCALL_PAGE outside the mapping, or
 * more than PV_LAYOUT_MAGIC_MAX magic pages),
 * -ERANGE (addresses wrap); *err says why.
 */
int pv_layout_dom0(const struct pv_layout_in *in, struct pv_layout *l,
		   const char **err);

#endif
