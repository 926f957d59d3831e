/*
 * Validating an ELF64 kernel image.
 *
 * Everything a builder later reads from the image is checked here, once:
 * the file header, that the program and section header tables lie inside
 * the file, that every loadable or note segment's file bytes lie inside
 * the file, that no size or address sum wraps, and that loadable segments
 * do not overlap where they land.  After xen_elf_init() succeeds, the rest
 * of the library can index the image without re-deriving bounds, which is
 * what keeps a hostile image from steering a read outside the buffer.
 *
 * Like Xen's libelf, a segment is loadable if it is PT_LOAD with at least
 * one of R/W/X, and it lands by p_paddr (Linux's per-cpu segment has
 * p_vaddr 0; its physical address is what places it).
 */
#include "xen_elf.h"
#include "elf64.h"
#include "../common/bytes.h"
#include "../common/lib_errno.h"

static int elf_fail(struct xen_elf *elf, int rc, const char *why)
{
	elf->err = why;
	return rc;
}

/* Whether [off, off + len) lies inside the image. */
static bool elf_in_file(const struct xen_elf *elf, uint64_t off, uint64_t len)
{
	return off <= elf->size && len <= elf->size - off;
}

static int elf_check_ident(struct xen_elf *elf)
{
	const uint8_t *e = elf->image;

	if (elf->size < EH_SIZE)
		return elf_fail(elf, -LIB_ENOEXEC,
				"file shorter than ELF header");
	if (e[0] != 0x7f || e[1] != 'E' || e[2] != 'L' || e[3] != 'F')
		return elf_fail(elf, -LIB_ENOEXEC, "no ELF magic");
	if (e[EI_CLASS] != ELFCLASS64)
		return elf_fail(elf, -LIB_ENOEXEC, "not ELFCLASS64");
	if (e[EI_DATA] != ELFDATA2LSB)
		return elf_fail(elf, -LIB_ENOEXEC, "not little-endian");
	if (e[EI_VERSION] != EV_CURRENT ||
	    get_le32(e + EH_VERSION) != EV_CURRENT)
		return elf_fail(elf, -LIB_ENOEXEC, "bad ELF version");
	if (get_le16(e + EH_MACHINE) != EM_X86_64)
		return elf_fail(elf, -LIB_ENOEXEC, "e_machine is not x86-64");
	if (get_le16(e + EH_TYPE) != ET_EXEC)
		return elf_fail(elf, -LIB_ENOEXEC, "e_type is not ET_EXEC");
	if (get_le16(e + EH_EHSIZE) < EH_SIZE)
		return elf_fail(elf, -LIB_EINVAL, "e_ehsize too small");
	return 0;
}

static int elf_check_tables(struct xen_elf *elf)
{
	const uint8_t *e = elf->image;

	elf->phoff = get_le64(e + EH_PHOFF);
	elf->phnum = get_le16(e + EH_PHNUM);
	elf->shoff = get_le64(e + EH_SHOFF);
	elf->shnum = get_le16(e + EH_SHNUM);
	elf->shstrndx = get_le16(e + EH_SHSTRNDX);
	elf->entry = get_le64(e + EH_ENTRY);

	if (elf->phnum == 0)
		return elf_fail(elf, -LIB_ENOEXEC, "no program headers");
	if (elf->phnum == PN_XNUM || elf->phnum > XEN_ELF_MAX_PHDRS)
		return elf_fail(elf, -LIB_EFBIG, "too many program headers");
	if (get_le16(e + EH_PHENTSIZE) != PH_SIZE)
		return elf_fail(elf, -LIB_EINVAL, "e_phentsize is not 56");
	if (!elf_in_file(elf, elf->phoff, (uint64_t)elf->phnum * PH_SIZE))
		return elf_fail(elf, -LIB_EINVAL,
				"program headers outside file");
	if (elf->shnum == 0) {
		elf->shstrndx = 0;
		return 0;
	}
	if (get_le16(e + EH_SHENTSIZE) != SH_SIZE)
		return elf_fail(elf, -LIB_EINVAL, "e_shentsize is not 64");
	if (!elf_in_file(elf, elf->shoff, (uint64_t)elf->shnum * SH_SIZE))
		return elf_fail(elf, -LIB_EINVAL,
				"section headers outside file");
	if (elf->shstrndx >= elf->shnum)
		return elf_fail(elf, -LIB_EINVAL, "e_shstrndx out of range");
	return 0;
}

int xen_elf_phdr(const struct xen_elf *elf, unsigned int i,
		 struct xen_elf_phdr *ph)
{
	const uint8_t *p;

	if (i >= elf->phnum)
		return -LIB_ENOENT;
	p = elf->image + elf->phoff + (uint64_t)i * PH_SIZE;
	ph->type = get_le32(p + PH_TYPE);
	ph->flags = get_le32(p + PH_FLAGS);
	ph->offset = get_le64(p + PH_OFFSET);
	ph->vaddr = get_le64(p + PH_VADDR);
	ph->paddr = get_le64(p + PH_PADDR);
	ph->filesz = get_le64(p + PH_FILESZ);
	ph->memsz = get_le64(p + PH_MEMSZ);
	return 0;
}

bool xen_elf_phdr_loadable(const struct xen_elf_phdr *ph)
{
	return ph->type == PT_LOAD && (ph->flags & (PF_R | PF_W | PF_X));
}

static int elf_check_segment(struct xen_elf *elf, const struct xen_elf_phdr *ph)
{
	uint64_t end;

	if (ph->type != PT_LOAD && ph->type != PT_NOTE)
		return 0;
	if (!elf_in_file(elf, ph->offset, ph->filesz))
		return elf_fail(elf, -LIB_EINVAL, "segment data outside file");
	if (ph->type == PT_NOTE)
		return 0;
	if (ph->filesz > ph->memsz)
		return elf_fail(elf, -LIB_EINVAL, "segment filesz > memsz");
	if (ph->memsz > XEN_ELF_MAX_EXTENT)
		return elf_fail(elf, -LIB_EFBIG, "segment larger than 1 GiB");
	if (!lib_add_ok(ph->paddr, ph->memsz, &end) ||
	    !lib_add_ok(ph->vaddr, ph->memsz, &end))
		return elf_fail(elf, -LIB_EOVERFLOW, "segment address wraps");
	return 0;
}

/* Loadable segments i and j must not share a byte of physical space. */
static bool elf_overlap(const struct xen_elf_phdr *a,
			const struct xen_elf_phdr *b)
{
	if (!a->memsz || !b->memsz)
		return false;
	return a->paddr < b->paddr + b->memsz && b->paddr < a->paddr + a->memsz;
}

static int elf_check_overlaps(struct xen_elf *elf)
{
	struct xen_elf_phdr a, b;
	unsigned int i, j;

	for (i = 0; i < elf->phnum; i++) {
		xen_elf_phdr(elf, i, &a);
		if (!xen_elf_phdr_loadable(&a))
			continue;
		for (j = i + 1; j < elf->phnum; j++) {
			xen_elf_phdr(elf, j, &b);
			if (xen_elf_phdr_loadable(&b) && elf_overlap(&a, &b))
				return elf_fail(elf, -LIB_EINVAL,
						"loadable segments overlap");
		}
	}
	return 0;
}

/* Check each segment and compute [pstart, pend) as libelf does. */
static int elf_check_segments(struct xen_elf *elf)
{
	struct xen_elf_phdr ph;
	uint64_t lo = ~(uint64_t)0, hi = 0;
	unsigned int i;
	int rc;

	for (i = 0; i < elf->phnum; i++) {
		xen_elf_phdr(elf, i, &ph);
		rc = elf_check_segment(elf, &ph);
		if (rc)
			return rc;
		if (!xen_elf_phdr_loadable(&ph))
			continue;
		if (ph.paddr < lo)
			lo = ph.paddr;
		if (ph.paddr + ph.memsz > hi)
			hi = ph.paddr + ph.memsz;
	}
	if (lo > hi)
		return elf_fail(elf, -LIB_ENOEXEC, "no loadable segment");
	if (hi - lo > XEN_ELF_MAX_EXTENT)
		return elf_fail(elf, -LIB_EFBIG,
				"image extent larger than 1 GiB");
	elf->pstart = lo;
	elf->pend = hi;
	return elf_check_overlaps(elf);
}

/* Sections with file data (notes, __xen_guest, names) must be in the file. */
static int elf_check_sections(struct xen_elf *elf)
{
	const uint8_t *s;
	unsigned int i;

	for (i = 0; i < elf->shnum; i++) { /* 0 too: a name table may be */
		s = elf->image + elf->shoff + (uint64_t)i * SH_SIZE;
		if (get_le32(s + SH_TYPE) == SHT_NOBITS ||
		    get_le32(s + SH_TYPE) == SHT_NULL)
			continue;
		if (!elf_in_file(elf, get_le64(s + SH_OFFSET),
				 get_le64(s + SH_SIZE_FIELD)))
			return elf_fail(elf, -LIB_EINVAL,
					"section data outside file");
	}
	return 0;
}

int xen_elf_init(struct xen_elf *elf, const void *image, size_t size)
{
	int rc;

	lib_memset(elf, 0, sizeof(*elf));
	elf->image = image;
	elf->size = size;
	rc = elf_check_ident(elf);
	if (!rc)
		rc = elf_check_tables(elf);
	if (!rc)
		rc = elf_check_segments(elf);
	if (!rc)
		rc = elf_check_sections(elf);
	return rc;
}
