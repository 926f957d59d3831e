/*
 * From notes to a domain's virtual layout: Xen's defaults and checks.
 *
 * Where the notes are looked for, in libelf's order: every PT_NOTE segment
 * (skipping ones with p_offset 0, which some binutils emit by mistake);
 * if none holds a "Xen" note, every SHT_NOTE section; if still none, the
 * legacy __xen_guest string.
 *
 * Then the image must be for us: LOADER starts with "generic" or GUEST_OS
 * with "linux", and XEN_VERSION starts with "xen-3.0".  Defaults: VIRT_BASE
 * 0; PADDR_OFFSET 0 when the image has notes, VIRT_BASE for the legacy
 * string (old kernels put virtual addresses in p_paddr); ENTRY e_entry.
 * The kernel occupies [pstart, pend) + VIRT_BASE - PADDR_OFFSET, the entry
 * must lie inside it and VIRT_BASE below it, and INIT_P2M must not land
 * inside it.  BSD_SYMTAB is recorded but the symbol table is not placed
 * (no BSD kernel is a Xenolith target yet).
 */
#include "elf_internal.h"
#include "../common/bytes.h"
#include "../common/lib_errno.h"

#define SHT_NOTE_TYPE 7
#define PT_NOTE_TYPE  4

static int dom_fail(struct xen_elf *elf, int rc, const char *why)
{
	elf->err = why;
	return rc;
}

static void dom_defaults(struct xen_elf_dom *dom)
{
	lib_memset(dom, 0, sizeof(*dom));
	dom->virt_base = XEN_ELF_UNSET;
	dom->virt_entry = XEN_ELF_UNSET;
	dom->virt_hypercall = XEN_ELF_UNSET;
	dom->virt_hv_start_low = XEN_ELF_UNSET;
	dom->p2m_base = XEN_ELF_UNSET;
	dom->elf_paddr_offset = XEN_ELF_UNSET;
	dom->phys_entry = XEN_ELF_UNSET32;
	dom->xen_ver = dom->guest_os = dom->guest_ver = "";
	dom->loader = dom->features = "";
}

/* *regions counts note areas scanned (libelf's elf_note_start is set). */
static int dom_notes_from_phdrs(struct xen_elf *elf, struct xen_elf_dom *dom,
				unsigned int *count, unsigned int *xen,
				unsigned int *regions)
{
	struct xen_elf_phdr ph;
	unsigned int i;
	int rc;

	for (i = 0; i < elf->phnum; i++) {
		xen_elf_phdr(elf, i, &ph);
		if (ph.type != PT_NOTE_TYPE || ph.offset == 0)
			continue;
		++*regions;
		rc = xen_elf_scan_notes(elf, dom, ph.offset, ph.filesz, count,
					xen);
		if (rc)
			return rc;
	}
	return 0;
}

static int dom_notes_from_shdrs(struct xen_elf *elf, struct xen_elf_dom *dom,
				unsigned int *count, unsigned int *xen,
				unsigned int *regions)
{
	uint64_t off, size;
	uint32_t type;
	unsigned int i;
	int rc;

	for (i = 1; xen_elf_section(elf, i, &type, &off, &size); i++) {
		if (type != SHT_NOTE_TYPE)
			continue;
		++*regions;
		rc = xen_elf_scan_notes(elf, dom, off, size, count, xen);
		if (rc)
			return rc;
	}
	return 0;
}

static int dom_find_notes(struct xen_elf *elf, struct xen_elf_dom *dom)
{
	unsigned int count = 0, xen = 0, regions = 0;
	uint64_t off, size;
	int rc;

	rc = dom_notes_from_phdrs(elf, dom, &count, &xen, &regions);
	if (rc)
		return rc;
	if (xen) {
		dom->source = XEN_ELF_SRC_PHDR;
		return 0;
	}
	rc = dom_notes_from_shdrs(elf, dom, &count, &xen, &regions);
	if (rc)
		return rc;
	if (xen) {
		dom->source = XEN_ELF_SRC_SHDR;
		return 0;
	}
	if (xen_elf_section_by_name(elf, "__xen_guest", &off, &size) == 0) {
		dom->source = XEN_ELF_SRC_GUEST_INFO;
		return xen_elf_guest_info(elf, dom,
					  (const char *)elf->image + off, size);
	}
	/* Note areas without Xen notes still pick the notes-era defaults. */
	if (regions)
		dom->source = XEN_ELF_SRC_PHDR;
	return 0;
}

static int dom_check_identity(struct xen_elf *elf, struct xen_elf_dom *dom)
{
	if (dom->source == XEN_ELF_SRC_NONE)
		return dom_fail(elf, -LIB_ENOEXEC,
				"not a Xen-ELF image: no "
				"ELF notes or __xen_guest section");
	if (!lib_starts_with(dom->loader, "generic") &&
	    !lib_starts_with(dom->guest_os, "linux"))
		return dom_fail(elf, -LIB_ENOEXEC,
				"neither LOADER=generic "
				"nor GUEST_OS=linux");
	if (!lib_starts_with(dom->xen_ver, "xen-3.0"))
		return dom_fail(elf, -LIB_ENOEXEC,
				"XEN_VERSION is not xen-3.0");
	return 0;
}

static int dom_addresses(struct xen_elf *elf, struct xen_elf_dom *dom)
{
	if (dom->elf_paddr_offset != XEN_ELF_UNSET &&
	    dom->virt_base == XEN_ELF_UNSET)
		return dom_fail(elf, -LIB_EINVAL,
				"PADDR_OFFSET given without VIRT_BASE");
	if (dom->virt_base == XEN_ELF_UNSET)
		dom->virt_base = 0;
	if (dom->elf_paddr_offset == XEN_ELF_UNSET)
		dom->elf_paddr_offset =
		    dom->source == XEN_ELF_SRC_GUEST_INFO ? dom->virt_base : 0;
	dom->virt_offset = dom->virt_base - dom->elf_paddr_offset;
	dom->virt_kstart = elf->pstart + dom->virt_offset;
	dom->virt_kend = elf->pend + dom->virt_offset;
	if (dom->virt_entry == XEN_ELF_UNSET)
		dom->virt_entry = elf->entry;

	if (dom->virt_kstart > dom->virt_kend ||
	    dom->virt_entry < dom->virt_kstart ||
	    dom->virt_entry > dom->virt_kend ||
	    dom->virt_base > dom->virt_kstart)
		return dom_fail(elf, -LIB_ERANGE,
				"kernel start or entry out of bounds");
	if (dom->p2m_base != XEN_ELF_UNSET &&
	    dom->p2m_base >= dom->virt_kstart && dom->p2m_base < dom->virt_kend)
		return dom_fail(elf, -LIB_ERANGE,
				"INIT_P2M lies inside the kernel");
	return 0;
}

int xen_elf_parse(struct xen_elf *elf, struct xen_elf_dom *dom)
{
	int rc;

	dom_defaults(dom);
	rc = dom_find_notes(elf, dom);
	if (!rc)
		rc = dom_check_identity(elf, dom);
	if (!rc)
		rc = dom_addresses(elf, dom);
	return rc;
}

int xen_elf_check_dom0(struct xen_elf *elf, const struct xen_elf_dom *dom)
{
	if (dom->note[XEN_ELFNOTE_SUPPORTED_FEATURES].desc &&
	    !(dom->f_supported & (1u << XEN_ELF_FEAT_dom0)))
		return dom_fail(elf, -LIB_EINVAL,
				"kernel does not support dom0 operation");
	if (dom->f_required & (1u << XEN_ELF_FEAT_supervisor_mode_kernel))
		return dom_fail(elf, -LIB_EOPNOTSUPP,
				"kernel requires supervisor_mode_kernel");
	return 0;
}
