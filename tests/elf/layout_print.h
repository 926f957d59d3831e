/*
 * Printing a PV layout the way Xen 4.17 prints its dom0's "VIRTUAL MEMORY
 * ARRANGEMENT", so the suite can diff ours against Xen's serial log line
 * by line.  Shared by kernel_check.c and layout_of.c.
 */
#ifndef TESTS_ELF_LAYOUT_PRINT_H
#define TESTS_ELF_LAYOUT_PRINT_H

#include <stdio.h>
#include "pvlayout/pvlayout.h"

static void layout_line(const char *what, uint64_t a, uint64_t b)
{
	printf("  layout %-14s %016llx->%016llx\n", what, (unsigned long long)a,
	       (unsigned long long)b);
}

static void layout_print(const struct pv_layout *l)
{
	layout_line("Loaded kernel:", l->vkern_start, l->vkern_end);
	if (l->vinitrd_end > l->vinitrd_start) /* as Xen prints it */
		layout_line("Init. ramdisk:", l->vinitrd_start, l->vinitrd_end);
	layout_line("Phys-Mach map:", l->vphysmap_start, l->vphysmap_end);
	layout_line("Start info:", l->vstartinfo_start, l->vstartinfo_end);
	layout_line("Page tables:", l->vpt_start, l->vpt_end);
	layout_line("Boot stack:", l->vstack_start, l->vstack_end);
	layout_line("TOTAL:", l->v_start, l->v_end);
	printf("  layout ENTRY ADDRESS: %016llx\n",
	       (unsigned long long)l->entry);
}

#endif
