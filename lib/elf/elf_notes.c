/*
 * Xen ELF notes: what a PV kernel asks of the builder that loads it.
 *
 * A note is a 12-byte header (namesz, descsz, type) followed by the name
 * and the payload, each padded to 4 bytes.  Notes named "Xen" carry one
 * request each; the type number says which (public/elfnote.h).  Some hold
 * a NUL-terminated string, the rest a little-endian number of 1, 2, 4 or 8
 * bytes (any other size reads as 0, as in Xen's libelf).  When a type
 * appears twice the last one wins, again as in libelf.
 *
 * Unknown types are skipped so that newer kernels still load.  A note that
 * runs past its region, or a string without its NUL, is refused: those are
 * damaged images, not newer ones.
 */
#include "xen_elf.h"
#include "elf64.h"
#include "elf_internal.h"
#include "../common/bytes.h"
#include "../common/lib_errno.h"

struct note_kind {
	const char *name;
	bool str;
};

static const struct note_kind note_kinds[XEN_ELFNOTE_MAX + 1] = {
    [XEN_ELFNOTE_ENTRY] = {"ENTRY", false},
    [XEN_ELFNOTE_HYPERCALL_PAGE] = {"HYPERCALL_PAGE", false},
    [XEN_ELFNOTE_VIRT_BASE] = {"VIRT_BASE", false},
    [XEN_ELFNOTE_PADDR_OFFSET] = {"PADDR_OFFSET", false},
    [XEN_ELFNOTE_XEN_VERSION] = {"XEN_VERSION", true},
    [XEN_ELFNOTE_GUEST_OS] = {"GUEST_OS", true},
    [XEN_ELFNOTE_GUEST_VERSION] = {"GUEST_VERSION", true},
    [XEN_ELFNOTE_LOADER] = {"LOADER", true},
    [XEN_ELFNOTE_PAE_MODE] = {"PAE_MODE", true},
    [XEN_ELFNOTE_FEATURES] = {"FEATURES", true},
    [XEN_ELFNOTE_BSD_SYMTAB] = {"BSD_SYMTAB", true},
    [XEN_ELFNOTE_HV_START_LOW] = {"HV_START_LOW", false},
    [XEN_ELFNOTE_L1_MFN_VALID] = {"L1_MFN_VALID", false},
    [XEN_ELFNOTE_SUSPEND_CANCEL] = {"SUSPEND_CANCEL", false},
    [XEN_ELFNOTE_INIT_P2M] = {"INIT_P2M", false},
    [XEN_ELFNOTE_MOD_START_PFN] = {"MOD_START_PFN", false},
    [XEN_ELFNOTE_SUPPORTED_FEATURES] = {"SUPPORTED_FEATURES", false},
    [XEN_ELFNOTE_PHYS32_ENTRY] = {"PHYS32_ENTRY", false},
};

const char *xen_elf_note_name(unsigned int type)
{
	if (type > XEN_ELFNOTE_MAX || !note_kinds[type].name)
		return NULL;
	return note_kinds[type].name;
}

bool xen_elf_note_is_string(unsigned int type)
{
	return type <= XEN_ELFNOTE_MAX && note_kinds[type].str;
}

uint64_t xen_elf_note_value(const struct xen_elf_note *n)
{
	if (!n->desc)
		return 0;
	switch (n->descsz) {
	case 1:
		return n->desc[0];
	case 2:
		return get_le16(n->desc);
	case 4:
		return get_le32(n->desc);
	case 8:
		return get_le64(n->desc);
	default:
		return 0;
	}
}

static const char *const feature_names[32] = {
    [XEN_ELF_FEAT_writable_page_tables] = "writable_page_tables",
    [XEN_ELF_FEAT_writable_descriptor_tables] = "writable_descriptor_tables",
    [XEN_ELF_FEAT_auto_translated_physmap] = "auto_translated_physmap",
    [XEN_ELF_FEAT_supervisor_mode_kernel] = "supervisor_mode_kernel",
    [XEN_ELF_FEAT_pae_pgdir_above_4gb] = "pae_pgdir_above_4gb",
    [XEN_ELF_FEAT_hvm_callback_vector] = "hvm_callback_vector",
    [XEN_ELF_FEAT_dom0] = "dom0",
};

const char *xen_elf_feature_name(unsigned int bit)
{
	return bit < 32 ? feature_names[bit] : NULL;
}

/* Whether s[0..len) spells exactly the NUL-terminated name. */
static bool token_is(const char *s, size_t len, const char *name)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (name[i] != s[i])
			return false;
	return name[len] == '\0';
}

static int feature_lookup(const char *s, size_t len)
{
	int bit;

	for (bit = 0; bit < 32; bit++)
		if (feature_names[bit] && token_is(s, len, feature_names[bit]))
			return bit;
	return -1;
}

/*
 * The FEATURES string: names separated by '|'; a leading '!' marks a
 * feature the kernel cannot run without.  Unknown optional names are
 * ignored; an unknown required one makes the image unloadable.
 */
int xen_elf_parse_features(const char *s, uint32_t *supported,
			   uint32_t *required)
{
	while (*s) {
		bool req = *s == '!';
		size_t len;
		int bit;

		if (req)
			s++;
		for (len = 0; s[len] && s[len] != '|'; len++)
			;
		bit = feature_lookup(s, len);
		if (bit >= 0) {
			*supported |= 1u << bit;
			if (req)
				*required |= 1u << bit;
		} else if (req) {
			return -LIB_EOPNOTSUPP;
		}
		s += len;
		if (*s == '|')
			s++;
	}
	return 0;
}

static int note_fail(struct xen_elf *elf, int rc, const char *why)
{
	elf->err = why;
	return rc;
}

static const char *note_string(const struct xen_elf_note *n)
{
	return (const char *)n->desc;
}

/* Act on one "Xen" note whose payload has been bounds-checked. */
static int note_apply(struct xen_elf *elf, struct xen_elf_dom *dom,
		      unsigned int type)
{
	const struct xen_elf_note *n = &dom->note[type];
	uint64_t v = xen_elf_note_value(n);

	switch (type) {
	case XEN_ELFNOTE_ENTRY:
		dom->virt_entry = v;
		break;
	case XEN_ELFNOTE_HYPERCALL_PAGE:
		dom->virt_hypercall = v;
		break;
	case XEN_ELFNOTE_VIRT_BASE:
		dom->virt_base = v;
		break;
	case XEN_ELFNOTE_PADDR_OFFSET:
		dom->elf_paddr_offset = v;
		break;
	case XEN_ELFNOTE_HV_START_LOW:
		dom->virt_hv_start_low = v;
		break;
	case XEN_ELFNOTE_INIT_P2M:
		dom->p2m_base = v;
		break;
	case XEN_ELFNOTE_MOD_START_PFN:
		dom->unmapped_initrd = v != 0;
		break;
	case XEN_ELFNOTE_SUSPEND_CANCEL:
		dom->suspend_cancel = v != 0;
		break;
	case XEN_ELFNOTE_PHYS32_ENTRY:
		dom->phys_entry = (uint32_t)v;
		break;
	case XEN_ELFNOTE_XEN_VERSION:
		dom->xen_ver = note_string(n);
		break;
	case XEN_ELFNOTE_GUEST_OS:
		dom->guest_os = note_string(n);
		break;
	case XEN_ELFNOTE_GUEST_VERSION:
		dom->guest_ver = note_string(n);
		break;
	case XEN_ELFNOTE_LOADER:
		dom->loader = note_string(n);
		break;
	case XEN_ELFNOTE_SUPPORTED_FEATURES:
		if (n->descsz >= 4)
			dom->f_supported |= get_le32(n->desc);
		break;
	case XEN_ELFNOTE_L1_MFN_VALID:
		/* Two words, mask then value; save/restore tools use it. */
		if (n->descsz >= 16) {
			dom->l1_mfn_valid_mask = get_le64(n->desc);
			dom->l1_mfn_valid_value = get_le64(n->desc + 8);
		}
		break;
	case XEN_ELFNOTE_PAE_MODE:
		if (lib_streq(note_string(n), "yes"))
			dom->pae = XEN_ELF_PAE_EXTCR3;
		if (lib_contains(note_string(n), "bimodal"))
			dom->pae = XEN_ELF_PAE_BIMODAL;
		break;
	case XEN_ELFNOTE_BSD_SYMTAB:
		if (lib_streq(note_string(n), "yes"))
			dom->bsd_symtab = true;
		break;
	case XEN_ELFNOTE_FEATURES:
		dom->features = note_string(n);
		if (xen_elf_parse_features(dom->features, &dom->f_supported,
					   &dom->f_required))
			return note_fail(
			    elf, -LIB_EOPNOTSUPP,
			    "FEATURES requires an unknown feature");
		break;
	}
	return 0;
}

static uint64_t pad4(uint64_t x)
{
	return (x + 3) & ~(uint64_t)3;
}

static bool note_named_xen(const uint8_t *name, uint32_t namesz)
{
	return namesz >= 4 && name[0] == 'X' && name[1] == 'e' &&
	       name[2] == 'n' && name[3] == '\0';
}

/*
 * room: bytes from desc to the end of the note area.  A string must end
 * with a NUL within its padded payload.  Not within descsz: Linux 6.1
 * emits FEATURES with .ascii, so its NUL is the first padding byte (Xen
 * reads strings up to the NUL wherever it is, which is how that works).
 */
static int note_record(struct xen_elf *elf, struct xen_elf_dom *dom,
		       uint32_t type, const uint8_t *desc, uint32_t descsz,
		       uint64_t room)
{
	uint64_t max = pad4(descsz) < room ? pad4(descsz) : room;

	if (!xen_elf_note_name(type))
		return 0;
	if (xen_elf_note_is_string(type) &&
	    lib_strnlen((const char *)desc, max) == max)
		return note_fail(elf, -LIB_EINVAL, "string note without NUL");
	dom->note[type].desc = desc;
	dom->note[type].descsz = descsz;
	return note_apply(elf, dom, type);
}

/*
 * Scan the notes in image bytes [off, off + len), which xen_elf_init()
 * proved lie inside the file.  *count is the number of notes seen so far
 * in the whole image (bounded, as libelf bounds it); *xen counts "Xen"
 * notes.
 */
int xen_elf_scan_notes(struct xen_elf *elf, struct xen_elf_dom *dom,
		       uint64_t off, uint64_t len, unsigned int *count,
		       unsigned int *xen)
{
	const uint8_t *p = elf->image + off;
	uint64_t pos = 0;
	int rc;

	while (len - pos >= NOTE_HDR) {
		uint32_t namesz = get_le32(p + pos);
		uint32_t descsz = get_le32(p + pos + 4);
		uint32_t type = get_le32(p + pos + 8);
		uint64_t name = pos + NOTE_HDR, desc = name + pad4(namesz);

		if (++*count > XEN_ELF_MAX_NOTES)
			return note_fail(elf, -LIB_EFBIG, "too many ELF notes");
		if (desc > len || descsz > len - desc)
			return note_fail(elf, -LIB_EINVAL,
					 "ELF note truncated");
		pos = desc + pad4(descsz);
		if (pos > len)
			pos = len; /* last note, its padding cut off */
		if (!note_named_xen(p + name, namesz))
			continue;
		rc = note_record(elf, dom, type, p + desc, descsz, len - desc);
		if (rc)
			return rc;
		++*xen;
	}
	return 0;
}
