/*
 * lib/elf on hand-built images: the Linux-shaped good case, Xen's defaults
 * and fallbacks, and one broken field at a time, each of which must be
 * refused with an error string and no out-of-bounds read (ASan watches).
 */
#include <stdio.h>
#include <string.h>
#include "check.h"
#include "elf_build.h"
#include "elf/xen_elf.h"

static struct elfb b;
static struct xen_elf elf;
static struct xen_elf_dom dom;

static int parse(void)
{
	int rc = xen_elf_init(&elf, b.buf, b.size);

	if (!rc)
		rc = xen_elf_parse(&elf, &dom);
	if (rc)
		printf("    (rc %d: %s)\n", rc, elf.err);
	return rc;
}

static void test_linux_notes(void)
{
	elfb_linux(&b);
	CHECK_EQ(parse(), 0);
	CHECK_EQ(dom.source, XEN_ELF_SRC_PHDR);
	CHECK_EQ(elf.pstart, ELFB_P0);
	CHECK_EQ(elf.pend, ELFB_P2 + 0x10000);
	CHECK_EQ(dom.virt_base, ELFB_VBASE);
	CHECK_EQ(dom.virt_kstart, ELFB_VBASE + ELFB_P0);
	CHECK_EQ(dom.virt_kend, ELFB_VBASE + ELFB_P2 + 0x10000);
	CHECK_EQ(dom.virt_entry, ELFB_ENTRY);
	CHECK_EQ(dom.p2m_base, 0x8000000000ULL);
	CHECK_EQ(dom.virt_hypercall, XEN_ELF_UNSET);
	CHECK_EQ(dom.virt_hv_start_low, 0xffff800000000000ULL);
	CHECK_EQ(dom.elf_paddr_offset, 0);
	CHECK_EQ(dom.phys_entry, 0x1000850);
	CHECK(dom.unmapped_initrd);
	CHECK(dom.suspend_cancel);
	CHECK_EQ(dom.pae, XEN_ELF_PAE_EXTCR3);
	CHECK(strcmp(dom.guest_os, "linux") == 0);
	CHECK(strcmp(dom.guest_ver, "2.6") == 0);
	CHECK(strcmp(dom.xen_ver, "xen-3.0") == 0);
	CHECK(strcmp(dom.loader, "generic") == 0);
	CHECK_EQ(dom.f_supported, 0x8801 | 1 << 4);
	CHECK_EQ(dom.f_required, 1);
	CHECK_EQ(dom.l1_mfn_valid_mask, 1);
	CHECK_EQ(dom.l1_mfn_valid_value, 1);
	CHECK(dom.note[XEN_ELFNOTE_SUPPORTED_FEATURES].desc != NULL);
	CHECK(dom.note[XEN_ELFNOTE_HYPERCALL_PAGE].desc == NULL);
	CHECK(strcmp(xen_elf_note_name(XEN_ELFNOTE_INIT_P2M), "INIT_P2M") == 0);
}

static uint8_t dest[ELFB_P2 + 0x10000 - ELFB_P0];

static int write_dest(void *ctx, uint64_t off, const void *src, uint64_t len)
{
	(void)ctx;
	if (off > sizeof(dest) || len > sizeof(dest) - off)
		return -1;
	if (src)
		memcpy(dest + off, src, len);
	else
		memset(dest + off, 0, len);
	return 0;
}

static void test_load(void)
{
	elfb_linux(&b);
	CHECK_EQ(parse(), 0);
	memset(dest, 0xaa, sizeof(dest));
	CHECK_EQ(xen_elf_load(&elf, write_dest, NULL), 0);
	CHECK(memcmp(dest, b.buf + ELFB_SEG0, 0x1000) == 0);
	CHECK(memcmp(dest + (ELFB_P1 - ELFB_P0), b.buf + ELFB_SEG1, 0x800) ==
	      0);
	CHECK_EQ(dest[ELFB_P1 - ELFB_P0 + 0x800], 0);
	CHECK_EQ(dest[ELFB_P1 - ELFB_P0 + 0x2fff], 0);
	CHECK_EQ(dest[ELFB_P1 - ELFB_P0 + 0x3000], 0xaa); /* gap untouched */
	CHECK(memcmp(dest + (ELFB_P2 - ELFB_P0), b.buf + ELFB_SEG2, 0x300) ==
	      0);
	CHECK_EQ(dest[sizeof(dest) - 1], 0);
}

static int write_fail(void *ctx, uint64_t off, const void *src, uint64_t len)
{
	(void)ctx, (void)off, (void)src, (void)len;
	return -5;
}

static void test_load_callback_error(void)
{
	elfb_linux(&b);
	CHECK_EQ(parse(), 0);
	CHECK_EQ(xen_elf_load(&elf, write_fail, NULL), -5);
	CHECK(elf.err != NULL);
}

/* Notes only in an SHT_NOTE section: the PT_NOTE segment is dropped. */
static void test_section_notes(void)
{
	elfb_linux(&b);
	elfb_put(elfb_ph(&b, 3), 6, 4); /* PT_PHDR: not a note any more */
	CHECK_EQ(parse(), 0);
	CHECK_EQ(dom.source, XEN_ELF_SRC_SHDR);
	CHECK_EQ(dom.virt_entry, ELFB_ENTRY);
}

/* PT_NOTE with p_offset 0 is skipped (a binutils bug libelf tolerates). */
static void test_note_offset_zero(void)
{
	elfb_linux(&b);
	elfb_put(elfb_ph(&b, 3) + 8, 0, 8);
	CHECK_EQ(parse(), 0);
	CHECK_EQ(dom.source, XEN_ELF_SRC_SHDR);
}

static void test_guest_info(void)
{
	static const char gi[] = "GUEST_OS=linux,XEN_VER=xen-3.0,"
				 "VIRT_BASE=0xffffffff80000000,"
				 "HYPERCALL_PAGE=0x1001,LOADER=generic,"
				 "PAE=yes[extended-cr3],FEATURES=dom0";
	uint8_t *s = b.buf + ELFB_SHOFF + 128;

	elfb_bare(&b);
	elfb_put(elfb_ph(&b, 3), 6, 4);
	memcpy(b.buf + ELFB_NOTES, gi, sizeof(gi));
	elfb_put(s + 0, 18, 4); /* "__xen_guest" */
	elfb_put(s + 4, 1, 4);	/* SHT_PROGBITS */
	elfb_put(s + 32, sizeof(gi), 8);
	/* Legacy images put virtual addresses in p_paddr. */
	for (int i = 0; i < 3; i++) {
		uint8_t *p = elfb_ph(&b, i) + 24;
		uint64_t pa = 0;

		memcpy(&pa, p, 8);
		elfb_put(p, pa + ELFB_VBASE, 8);
	}
	elfb_put(b.buf + 24, ELFB_ENTRY, 8);
	CHECK_EQ(parse(), 0);
	CHECK_EQ(dom.source, XEN_ELF_SRC_GUEST_INFO);
	CHECK_EQ(dom.elf_paddr_offset, ELFB_VBASE);
	CHECK_EQ(dom.virt_kstart, ELFB_VBASE + ELFB_P0);
	CHECK_EQ(dom.virt_hypercall, ELFB_VBASE + 0x1001000);
	CHECK_EQ(dom.pae, XEN_ELF_PAE_EXTCR3);
	CHECK(strcmp(dom.guest_os, "linux") == 0);
	CHECK_EQ(dom.f_supported, 1 << 11);
	CHECK_EQ(dom.virt_entry, ELFB_ENTRY);
}

/* Only the two mandatory notes: defaults fill the rest. */
static void test_defaults(void)
{
	elfb_bare(&b);
	elfb_notestr(&b, 8, "generic");
	elfb_notestr(&b, 5, "xen-3.0");
	elfb_note(&b, 1, "x", 2, "GNU"); /* foreign notes are ignored */
	elfb_put(b.buf + 24, ELFB_P0 + 8, 8);
	CHECK_EQ(parse(), 0);
	CHECK_EQ(dom.virt_base, 0);
	CHECK_EQ(dom.elf_paddr_offset, 0);
	CHECK_EQ(dom.virt_kstart, ELFB_P0);
	CHECK_EQ(dom.virt_entry, ELFB_P0 + 8);
	CHECK_EQ(dom.p2m_base, XEN_ELF_UNSET);
	CHECK(!dom.unmapped_initrd);
	CHECK_EQ(dom.pae, XEN_ELF_PAE_NO);
}

/* Linux's FEATURES note: .ascii, the NUL is in the padding. */
static void test_string_nul_in_padding(void)
{
	elfb_linux(&b);
	elfb_note(&b, 10, "dom0|writable_page_tables", 25, NULL);
	CHECK_EQ(parse(), 0);
	CHECK_EQ(dom.f_supported, 0x8801 | 1 << 4);
	CHECK(strcmp(dom.features, "dom0|writable_page_tables") == 0);
}

static void test_numeric_sizes(void)
{
	elfb_linux(&b);
	elfb_note(&b, 16, "\0", 1, NULL);     /* MOD_START_PFN = 0, 1 byte */
	elfb_note(&b, 14, "\1\0\0", 3, NULL); /* odd size reads as 0 */
	CHECK_EQ(parse(), 0);
	CHECK(!dom.unmapped_initrd);
	CHECK(!dom.suspend_cancel);
}

static void test_features(void)
{
	uint32_t s = 0, r = 0;

	CHECK_EQ(xen_elf_parse_features("", &s, &r), 0);
	CHECK_EQ(s, 0);
	CHECK_EQ(xen_elf_parse_features("dom0|!supervisor_mode_kernel|bogus",
					&s, &r),
		 0);
	CHECK_EQ(s, 1 << 11 | 1 << 3);
	CHECK_EQ(r, 1 << 3);
	CHECK(xen_elf_parse_features("writable_page_tables|!bogus", &s, &r) <
	      0);
	CHECK(strcmp(xen_elf_feature_name(4), "pae_pgdir_above_4gb") == 0);
}

#define EXPECT_REFUSED(what)                                                   \
	do {                                                                   \
		int _rc = parse();                                             \
		CHECK(_rc < 0);                                                \
		CHECK(elf.err != NULL && strstr(elf.err, what) != NULL);       \
	} while (0)

static void test_bad_header(void)
{
	elfb_linux(&b);
	b.size = 63;
	EXPECT_REFUSED("shorter");
	elfb_linux(&b);
	b.buf[1] = 'e';
	EXPECT_REFUSED("magic");
	elfb_linux(&b);
	b.buf[4] = 1;
	EXPECT_REFUSED("CLASS64");
	elfb_linux(&b);
	b.buf[5] = 2;
	EXPECT_REFUSED("little");
	elfb_linux(&b);
	elfb_put(b.buf + 18, 3, 2);
	EXPECT_REFUSED("x86-64");
	elfb_linux(&b);
	elfb_put(b.buf + 16, 3, 2);
	EXPECT_REFUSED("ET_EXEC");
	elfb_linux(&b);
	elfb_put(b.buf + 54, 32, 2);
	EXPECT_REFUSED("phentsize");
}

static void test_bad_tables(void)
{
	elfb_linux(&b);
	elfb_put(b.buf + 32, ELFB_SIZE - 100, 8);
	EXPECT_REFUSED("program headers outside");
	elfb_linux(&b);
	elfb_put(b.buf + 32, ~0ULL - 10, 8);
	EXPECT_REFUSED("program headers outside");
	elfb_linux(&b);
	elfb_put(b.buf + 56, 0xffff, 2);
	EXPECT_REFUSED("too many");
	elfb_linux(&b);
	elfb_put(b.buf + 56, 0, 2);
	EXPECT_REFUSED("no program headers");
	elfb_linux(&b);
	elfb_put(b.buf + 40, ELFB_SIZE - 64, 8);
	EXPECT_REFUSED("section headers outside");
	elfb_linux(&b);
	elfb_put(b.buf + 62, 9, 2);
	EXPECT_REFUSED("shstrndx");
	elfb_linux(&b);
	b.size = ELFB_SHOFF + 100; /* truncated file */
	EXPECT_REFUSED("section headers outside");
}

static void test_bad_segments(void)
{
	elfb_linux(&b);
	elfb_put(elfb_ph(&b, 0) + 8, ELFB_SIZE - 10, 8);
	EXPECT_REFUSED("segment data outside");
	elfb_linux(&b);
	elfb_put(elfb_ph(&b, 0) + 32, ~0ULL, 8);
	EXPECT_REFUSED("segment data outside");
	elfb_linux(&b);
	elfb_put(elfb_ph(&b, 3) + 32, 0x10000, 8); /* note segment */
	EXPECT_REFUSED("segment data outside");
	elfb_linux(&b);
	elfb_put(elfb_ph(&b, 1) + 40, 0x100, 8);
	EXPECT_REFUSED("filesz > memsz");
	elfb_linux(&b);
	elfb_put(elfb_ph(&b, 2) + 40, 1ULL << 40, 8);
	EXPECT_REFUSED("larger than 1 GiB");
	elfb_linux(&b);
	elfb_put(elfb_ph(&b, 2) + 24, ~0ULL - 0x100, 8);
	EXPECT_REFUSED("wraps");
	elfb_linux(&b);
	elfb_put(elfb_ph(&b, 1) + 24, ELFB_P0 + 0xff0, 8);
	EXPECT_REFUSED("overlap");
	elfb_linux(&b);
	elfb_put(elfb_ph(&b, 2) + 24, 0x60000000, 8);
	EXPECT_REFUSED("extent larger");
	elfb_linux(&b);
	for (int i = 0; i < 3; i++)
		elfb_put(elfb_ph(&b, i), 6, 4);
	EXPECT_REFUSED("no loadable");
}

static void test_bad_notes(void)
{
	elfb_linux(&b);
	elfb_put(b.buf + ELFB_NOTES + 4, 0x1000, 4); /* descsz too big */
	EXPECT_REFUSED("truncated");
	elfb_linux(&b);
	elfb_put(b.buf + ELFB_NOTES, 0xfffffff0, 4); /* namesz wraps */
	EXPECT_REFUSED("truncated");
	elfb_linux(&b);
	elfb_note(&b, 6, "linuxxxx", 8, NULL); /* no NUL */
	EXPECT_REFUSED("without NUL");
	elfb_linux(&b);
	elfb_note(&b, 6, "linuxxx", 7, NULL); /* NUL only in padding, */
	elfb_put(elfb_ph(&b, 3) + 32, b.notes_len - 1, 8); /* cut off */
	EXPECT_REFUSED("without NUL");
	elfb_linux(&b);
	elfb_notestr(&b, 10, "!no_such_feature");
	EXPECT_REFUSED("unknown feature");
	elfb_bare(&b);
	elfb_notestr(&b, 5, "xen-3.0");
	EXPECT_REFUSED("LOADER");
	elfb_bare(&b);
	elfb_notestr(&b, 6, "linux");
	elfb_notestr(&b, 5, "xen-2.0");
	EXPECT_REFUSED("XEN_VERSION");
	elfb_bare(&b);
	elfb_put(elfb_ph(&b, 3), 6, 4);
	elfb_put(b.buf + ELFB_SHOFF + 128 + 4, 1, 4);
	EXPECT_REFUSED("not a Xen-ELF");
}

/*
 * Found by libFuzzer: e_shstrndx 0 with section 0 given a type and an
 * offset outside the file; the __xen_guest lookup read section names
 * from it.  Section 0 is now validated like the others.
 */
static void test_section_zero(void)
{
	uint8_t *s0 = b.buf + ELFB_SHOFF;

	elfb_bare(&b);
	elfb_put(elfb_ph(&b, 3), 6, 4); /* no notes: __xen_guest is looked up */
	elfb_put(s0 + 128 + 4, 1, 4);	/* nor SHT_NOTE sections */
	elfb_put(b.buf + 62, 0, 2);	/* e_shstrndx = SHN_UNDEF */
	elfb_put(s0 + 4, 3, 4);		/* SHT_STRTAB */
	elfb_put(s0 + 24, 1ULL << 40, 8);
	elfb_put(s0 + 32, 0x100, 8);
	EXPECT_REFUSED("section data outside");
	elfb_put(s0 + 24, 0, 8); /* inside the file now */
	EXPECT_REFUSED("not a Xen-ELF");
}

static void test_bad_addresses(void)
{
	elfb_linux(&b);
	elfb_note64(&b, 1, ELFB_VBASE + 0x100); /* entry below */
	EXPECT_REFUSED("out of bounds");
	elfb_linux(&b);
	elfb_note64(&b, 3, ELFB_VBASE + ELFB_P0 + 1); /* base above */
	EXPECT_REFUSED("out of bounds");
	elfb_linux(&b);
	elfb_note64(&b, 15, ELFB_VBASE + ELFB_P1);
	EXPECT_REFUSED("INIT_P2M");
	elfb_bare(&b);
	elfb_notestr(&b, 8, "generic");
	elfb_notestr(&b, 5, "xen-3.0");
	elfb_note64(&b, 4, 0);
	EXPECT_REFUSED("without VIRT_BASE");
}

static void test_dom0_check(void)
{
	elfb_linux(&b);
	CHECK_EQ(parse(), 0);
	CHECK_EQ(xen_elf_check_dom0(&elf, &dom), 0);
	elfb_bare(&b); /* SUPPORTED_FEATURES without dom0 */
	elfb_notestr(&b, 8, "generic");
	elfb_notestr(&b, 5, "xen-3.0");
	elfb_note32(&b, 17, 0x1);
	CHECK_EQ(parse(), 0);
	CHECK_EQ(xen_elf_check_dom0(&elf, &dom), -22);
	CHECK(strstr(elf.err, "dom0") != NULL);
	elfb_linux(&b);
	elfb_notestr(&b, 10, "!supervisor_mode_kernel");
	CHECK_EQ(parse(), 0);
	CHECK_EQ(xen_elf_check_dom0(&elf, &dom), -95);
	elfb_bare(&b); /* no SUPPORTED_FEATURES at all: fine */
	elfb_notestr(&b, 8, "generic");
	elfb_notestr(&b, 5, "xen-3.0");
	CHECK_EQ(parse(), 0);
	CHECK_EQ(xen_elf_check_dom0(&elf, &dom), 0);
}

int main(void)
{
	check_prog = "elf";
	RUN(test_linux_notes);
	RUN(test_load);
	RUN(test_load_callback_error);
	RUN(test_section_notes);
	RUN(test_note_offset_zero);
	RUN(test_guest_info);
	RUN(test_defaults);
	RUN(test_string_nul_in_padding);
	RUN(test_numeric_sizes);
	RUN(test_features);
	RUN(test_bad_header);
	RUN(test_bad_tables);
	RUN(test_bad_segments);
	RUN(test_bad_notes);
	RUN(test_section_zero);
	RUN(test_bad_addresses);
	RUN(test_dom0_check);
	return check_exit();
}
