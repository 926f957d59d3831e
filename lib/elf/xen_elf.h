/*
 * Xen PV kernel images: ELF64 validation, Xen ELF notes, loading.
 *
 * A PV kernel tells its builder where it wants to live through ELF notes
 * named "Xen" (types from Xen's public elfnote.h).  This library reads an
 * untrusted ELF64 image from memory and answers the builder's questions the
 * way Xen's libelf does, so a kernel that Xen 4.17 accepts lands at the same
 * addresses here:
 *
 *   xen_elf_init()   validate headers and segments (nothing is read later
 *                    that this did not bounds-check) and compute the
 *                    physical extent [pstart, pend) of the loadable segments;
 *   xen_elf_parse()  collect the Xen notes (PT_NOTE segments, else SHT_NOTE
 *                    sections, else the legacy __xen_guest string), apply
 *                    Xen's defaults and compute [virt_kstart, virt_kend);
 *   xen_elf_load()   hand every segment's bytes and zero fill to a caller
 *                    callback, at offsets relative to pstart.
 *
 * Functions return 0 or a negative Xen errno, and on failure leave a
 * constant, human-readable reason in elf->err.  Nothing here allocates or
 * calls libc; the image must stay mapped while the structures are used
 * (string notes point into it).
 */
#ifndef LIB_XEN_ELF_H
#define LIB_XEN_ELF_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

/* Note types (Xen public/elfnote.h). */
#define XEN_ELFNOTE_ENTRY	       1
#define XEN_ELFNOTE_HYPERCALL_PAGE     2
#define XEN_ELFNOTE_VIRT_BASE	       3
#define XEN_ELFNOTE_PADDR_OFFSET       4
#define XEN_ELFNOTE_XEN_VERSION	       5
#define XEN_ELFNOTE_GUEST_OS	       6
#define XEN_ELFNOTE_GUEST_VERSION      7
#define XEN_ELFNOTE_LOADER	       8
#define XEN_ELFNOTE_PAE_MODE	       9
#define XEN_ELFNOTE_FEATURES	       10
#define XEN_ELFNOTE_BSD_SYMTAB	       11
#define XEN_ELFNOTE_HV_START_LOW       12
#define XEN_ELFNOTE_L1_MFN_VALID       13
#define XEN_ELFNOTE_SUSPEND_CANCEL     14
#define XEN_ELFNOTE_INIT_P2M	       15
#define XEN_ELFNOTE_MOD_START_PFN      16
#define XEN_ELFNOTE_SUPPORTED_FEATURES 17
#define XEN_ELFNOTE_PHYS32_ENTRY       18
#define XEN_ELFNOTE_MAX		       XEN_ELFNOTE_PHYS32_ENTRY

/* "Not given" for addresses, as libelf's UNSET_ADDR / UNSET_ADDR32. */
#define XEN_ELF_UNSET	(~(uint64_t)0)
#define XEN_ELF_UNSET32 (~(uint32_t)0)

/* PAE_MODE note values (libelf's XEN_PAE_*). */
#define XEN_ELF_PAE_NO	    0
#define XEN_ELF_PAE_YES	    1
#define XEN_ELF_PAE_EXTCR3  2
#define XEN_ELF_PAE_BIMODAL 3

/* Feature bits named in the FEATURES string (Xen public/features.h). */
#define XEN_ELF_FEAT_writable_page_tables	0
#define XEN_ELF_FEAT_writable_descriptor_tables 1
#define XEN_ELF_FEAT_auto_translated_physmap	2
#define XEN_ELF_FEAT_supervisor_mode_kernel	3
#define XEN_ELF_FEAT_pae_pgdir_above_4gb	4
#define XEN_ELF_FEAT_hvm_callback_vector	8
#define XEN_ELF_FEAT_dom0			11

/*
 * Sanity limits.  A 64-bit PV kernel must fit under one 1 GiB L2 of its
 * initial mapping (see docs/chapters/01b-loading.md), so nothing larger can
 * be a kernel we could boot; refusing early keeps every later sum small.
 */
#define XEN_ELF_MAX_EXTENT (1ULL << 30)
#define XEN_ELF_MAX_PHDRS  256
#define XEN_ELF_MAX_NOTES  65536 /* libelf's ELF_MAX_TOTAL_NOTE_COUNT */

/* A validated ELF64 image. */
struct xen_elf {
	const uint8_t *image;
	size_t size;
	uint64_t entry; /* e_entry: the native entry point */
	uint64_t phoff, shoff;
	unsigned int phnum, shnum, shstrndx;
	uint64_t pstart, pend; /* extent of loadable segments, by p_paddr */
	const char *err;       /* why the last call failed */
};

/* One program header, decoded. */
struct xen_elf_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz;
};

/* A note's payload inside the image; desc == NULL if the note is absent. */
struct xen_elf_note {
	const uint8_t *desc;
	uint32_t descsz;
};

/* Where the Xen notes came from. */
enum xen_elf_source {
	XEN_ELF_SRC_NONE,
	XEN_ELF_SRC_PHDR,	/* PT_NOTE segments */
	XEN_ELF_SRC_SHDR,	/* SHT_NOTE sections */
	XEN_ELF_SRC_GUEST_INFO, /* legacy "__xen_guest" string section */
};

/*
 * What the kernel asks of its builder: libelf's struct elf_dom_parms.
 * Addresses are XEN_ELF_UNSET when not given (before defaults apply).
 */
struct xen_elf_dom {
	struct xen_elf_note note[XEN_ELFNOTE_MAX + 1]; /* last of each type */
	enum xen_elf_source source;

	uint64_t virt_base, virt_entry, virt_hypercall, virt_hv_start_low;
	uint64_t p2m_base, elf_paddr_offset;
	uint32_t phys_entry;

	/* Strings point into the image (or to "" when absent). */
	const char *xen_ver, *guest_os, *guest_ver, *loader, *features;
	char guest_info_buf[4][32]; /* __xen_guest values, copied */

	int pae; /* XEN_ELF_PAE_* */
	bool bsd_symtab, unmapped_initrd, suspend_cancel;
	uint64_t l1_mfn_valid_mask, l1_mfn_valid_value;
	uint32_t f_supported, f_required; /* XENFEAT bitmaps */

	/* Results of the address calculation. */
	uint64_t virt_offset, virt_kstart, virt_kend;
};

int xen_elf_init(struct xen_elf *elf, const void *image, size_t size);
int xen_elf_phdr(const struct xen_elf *elf, unsigned int i,
		 struct xen_elf_phdr *ph);
bool xen_elf_phdr_loadable(const struct xen_elf_phdr *ph);

int xen_elf_parse(struct xen_elf *elf, struct xen_elf_dom *dom);
const char *xen_elf_note_name(unsigned int type);
bool xen_elf_note_is_string(unsigned int type);
uint64_t xen_elf_note_value(const struct xen_elf_note *n);
int xen_elf_parse_features(const char *s, uint32_t *supported,
			   uint32_t *required);
const char *xen_elf_feature_name(unsigned int bit);

/*
 * Loading: the callback stores len bytes at offset (relative to pstart;
 * the destination is pend - pstart bytes) from src, or zeroes them when
 * src is NULL.  A non-zero return stops loading and is returned.
 */
typedef int (*xen_elf_write_fn)(void *ctx, uint64_t offset, const void *src,
				uint64_t len);
int xen_elf_load(struct xen_elf *elf, xen_elf_write_fn write, void *ctx);

/*
 * What Xen's dom0 builder additionally demands of a parsed image: a
 * SUPPORTED_FEATURES note, if present, must include dom0, and the kernel
 * must not require supervisor_mode_kernel (Xen panics on it).
 */
int xen_elf_check_dom0(struct xen_elf *elf, const struct xen_elf_dom *dom);

#endif
