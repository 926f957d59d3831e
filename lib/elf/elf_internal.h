/*
 * Interfaces between the files of lib/elf, not for callers outside it.
 */
#ifndef LIB_ELF_INTERNAL_H
#define LIB_ELF_INTERNAL_H

#include "xen_elf.h"

int xen_elf_scan_notes(struct xen_elf *elf, struct xen_elf_dom *dom,
		       uint64_t off, uint64_t len, unsigned int *count,
		       unsigned int *xen);
int xen_elf_guest_info(struct xen_elf *elf, struct xen_elf_dom *dom,
		       const char *s, size_t len);
bool xen_elf_section(const struct xen_elf *elf, unsigned int i, uint32_t *type,
		     uint64_t *off, uint64_t *size);
int xen_elf_section_by_name(const struct xen_elf *elf, const char *name,
			    uint64_t *off, uint64_t *size);

#endif
