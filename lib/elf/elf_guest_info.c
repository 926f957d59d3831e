/*
 * The legacy "__xen_guest" section: notes before there were notes.
 *
 * Kernels from before Xen 3.0.3 described themselves with one string,
 * "KEY=VALUE,KEY=VALUE,...", in a section of that name.  Xen still honours
 * it when a PV image has no Xen notes, and so do we.  Keys and values are
 * limited to 31 and 127 characters (longer ones are cut, as in libelf);
 * numbers are C literals (0x.., 0.., decimal).  HYPERCALL_PAGE is a page
 * number relative to VIRT_BASE, unlike the note that replaced it.
 */
#include "elf_internal.h"
#include "../common/bytes.h"
#include "../common/lib_errno.h"

#define GI_KEY_MAX 32
#define GI_VAL_MAX 128

struct gi_cursor {
	const char *s;
	size_t pos, len;
};

static char gi_peek(const struct gi_cursor *c)
{
	return c->pos < c->len ? c->s[c->pos] : '\0';
}

/* Copy up to a stop character (or max - 1 chars) into buf, NUL-terminated. */
static void gi_take(struct gi_cursor *c, char *buf, size_t max, char stop)
{
	size_t n = 0;
	char ch;

	while ((ch = gi_peek(c)) != '\0' && ch != ',' && ch != stop) {
		if (n < max - 1)
			buf[n++] = ch;
		c->pos++;
	}
	buf[n] = '\0';
}

static int gi_digit(char ch, unsigned int base)
{
	int d = -1;

	if (ch >= '0' && ch <= '9')
		d = ch - '0';
	else if (ch >= 'a' && ch <= 'f')
		d = ch - 'a' + 10;
	else if (ch >= 'A' && ch <= 'F')
		d = ch - 'A' + 10;
	return d >= 0 && (unsigned int)d < base ? d : -1;
}

/* strtoull(s, NULL, 0) without libc; stops at the first non-digit. */
static uint64_t gi_number(const char *s)
{
	unsigned int base = 10;
	uint64_t v = 0;
	int d;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (s[0] == '0') {
		base = 8;
	}
	while ((d = gi_digit(*s++, base)) >= 0)
		v = v * base + (unsigned int)d;
	return v;
}

static void gi_copy(char *dst, const char *src)
{
	size_t n = lib_strnlen(src, 31);

	lib_memcpy(dst, src, n);
	dst[n] = '\0';
}

static int gi_apply(struct xen_elf *elf, struct xen_elf_dom *dom,
		    const char *key, const char *val)
{
	char(*buf)[32] = dom->guest_info_buf;

	if (lib_streq(key, "LOADER")) {
		gi_copy(buf[0], val);
		dom->loader = buf[0];
	} else if (lib_streq(key, "GUEST_OS")) {
		gi_copy(buf[1], val);
		dom->guest_os = buf[1];
	} else if (lib_streq(key, "GUEST_VER")) {
		gi_copy(buf[2], val);
		dom->guest_ver = buf[2];
	} else if (lib_streq(key, "XEN_VER")) {
		gi_copy(buf[3], val);
		dom->xen_ver = buf[3];
	} else if (lib_streq(key, "PAE")) {
		if (lib_streq(val, "yes[extended-cr3]"))
			dom->pae = XEN_ELF_PAE_EXTCR3;
		else if (lib_starts_with(val, "yes"))
			dom->pae = XEN_ELF_PAE_YES;
	} else if (lib_streq(key, "BSD_SYMTAB")) {
		dom->bsd_symtab = true;
	} else if (lib_streq(key, "VIRT_BASE")) {
		dom->virt_base = gi_number(val);
	} else if (lib_streq(key, "VIRT_ENTRY")) {
		dom->virt_entry = gi_number(val);
	} else if (lib_streq(key, "ELF_PADDR_OFFSET")) {
		dom->elf_paddr_offset = gi_number(val);
	} else if (lib_streq(key, "HYPERCALL_PAGE")) {
		dom->virt_hypercall = gi_number(val) << 12;
	} else if (lib_streq(key, "FEATURES")) {
		if (xen_elf_parse_features(val, &dom->f_supported,
					   &dom->f_required)) {
			elf->err = "__xen_guest FEATURES requires an unknown "
				   "feature";
			return -LIB_EOPNOTSUPP;
		}
	}
	return 0;
}

int xen_elf_guest_info(struct xen_elf *elf, struct xen_elf_dom *dom,
		       const char *s, size_t len)
{
	struct gi_cursor c = {s, 0, len};
	char key[GI_KEY_MAX], val[GI_VAL_MAX];
	int rc;

	while (gi_peek(&c) != '\0') {
		gi_take(&c, key, sizeof(key), '=');
		val[0] = '\0';
		if (gi_peek(&c) == '=') {
			c.pos++;
			gi_take(&c, val, sizeof(val), ',');
		}
		if (gi_peek(&c) == ',')
			c.pos++;
		rc = gi_apply(elf, dom, key, val);
		if (rc)
			return rc;
	}
	if (dom->virt_base != XEN_ELF_UNSET &&
	    dom->virt_hypercall != XEN_ELF_UNSET)
		dom->virt_hypercall += dom->virt_base;
	return 0;
}
