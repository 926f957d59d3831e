/*
 * Internal interface between the dom0 builder's pieces (pv/build.c,
 * pv/build_pt.c).  The layout itself comes from lib/pvlayout.  All
 * addresses are guest virtual.
 */
#ifndef PV_BUILD_H
#define PV_BUILD_H

#include <xenolith/types.h>
#include "pvlayout/pvlayout.h"

struct domain;

/* The kernel ELF in memory, unpacked from a bzImage if need be. */
struct boot_module;
struct page_info;
struct kernel_image {
	const void *image;	/* the ELF */
	size_t size;
	struct page_info *buf;	/* unpacking buffer (freed by close) */
	unsigned int order;
};
int kernel_image_open(struct kernel_image *k, const struct boot_module *m);
void kernel_image_close(struct kernel_image *k);

/* Build the initial page tables; returns the MFN of the L4. */
mfn_t pv_build_page_tables(struct domain *d, const struct pv_layout *l);

/* A domU's XenStore and console pages, ports and grants (magic.c);
 * fills their start_info fields.  0 or -ENOMEM. */
struct start_info;
int pv_setup_magic_pages(struct domain *d, const struct pv_layout *l,
			 struct start_info *si);

/* Guest virtual address in the initial mapping -> hypervisor pointer. */
void *pv_build_va(struct domain *d, const struct pv_layout *l, uint64_t va);

#endif
