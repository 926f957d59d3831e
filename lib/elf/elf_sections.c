/*
 * Section headers: only a fallback for a PV loader.
 *
 * Segments are what get loaded; sections matter only when a kernel keeps
 * its Xen notes in SHT_NOTE sections without a PT_NOTE segment, or is old
 * enough to describe itself in a "__xen_guest" string section.  Section
 * data bounds were checked by xen_elf_init(); names are checked here,
 * since the name table is just another untrusted section.
 */
#include "elf_internal.h"
#include "elf64.h"
#include "../common/bytes.h"
#include "../common/lib_errno.h"

bool xen_elf_section(const struct xen_elf *elf, unsigned int i, uint32_t *type,
		     uint64_t *off, uint64_t *size)
{
	const uint8_t *s;

	if (i >= elf->shnum)
		return false;
	s = elf->image + elf->shoff + (uint64_t)i * SH_SIZE;
	*type = get_le32(s + SH_TYPE);
	*off = get_le64(s + SH_OFFSET);
	*size = get_le64(s + SH_SIZE_FIELD);
	return true;
}

static bool section_name_is(const struct xen_elf *elf, unsigned int i,
			    const char *name)
{
	uint64_t toff, tsize, noff;
	uint32_t ttype;
	const char *tab;
	size_t k;

	if (elf->shstrndx == 0 || /* SHN_UNDEF: no section names */
	    !xen_elf_section(elf, elf->shstrndx, &ttype, &toff, &tsize) ||
	    ttype == SHT_NOBITS || ttype == SHT_NULL)
		return false;
	noff =
	    get_le32(elf->image + elf->shoff + (uint64_t)i * SH_SIZE + SH_NAME);
	if (noff >= tsize)
		return false;
	tab = (const char *)elf->image + toff + noff;
	for (k = 0; noff + k < tsize; k++) {
		if (tab[k] != name[k])
			return false;
		if (!name[k])
			return true;
	}
	return false; /* name runs off the end of the table */
}

int xen_elf_section_by_name(const struct xen_elf *elf, const char *name,
			    uint64_t *off, uint64_t *size)
{
	uint32_t type;
	unsigned int i;

	for (i = 1; i < elf->shnum; i++) {
		if (!section_name_is(elf, i, name))
			continue;
		xen_elf_section(elf, i, &type, off, size);
		if (type == SHT_NOBITS || type == SHT_NULL)
			return -LIB_ENOENT;
		return 0;
	}
	return -LIB_ENOENT;
}
