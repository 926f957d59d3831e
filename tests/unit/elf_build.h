/*
 * Hand-built ELF64 images for the loader tests.
 *
 * A test starts from elfb_linux(), a small image shaped like Linux 6.1's
 * vmlinux (three loadable segments, one of them with p_vaddr 0, a PT_NOTE
 * segment holding the Xen notes Linux carries, and section headers), then
 * breaks one thing.  Offsets are fixed so tests can poke fields directly.
 */
#ifndef TEST_ELF_BUILD_H
#define TEST_ELF_BUILD_H

#include <stdint.h>
#include <string.h>

#define ELFB_SIZE  0x3000
#define ELFB_PHOFF 64
#define ELFB_NPH   4	 /* 3 LOAD + 1 NOTE */
#define ELFB_NOTES 0x400 /* note segment file offset */
#define ELFB_SHOFF 0x2c00
#define ELFB_SHSTR 0x2b00
#define ELFB_SEG0  0x1000 /* file offsets of the loadable data */
#define ELFB_SEG1  0x2000
#define ELFB_SEG2  0x2800

#define ELFB_VBASE 0xffffffff80000000ULL
#define ELFB_P0	   0x1000000ULL
#define ELFB_P1	   0x1200000ULL
#define ELFB_P2	   0x1400000ULL
#define ELFB_ENTRY (ELFB_VBASE + ELFB_P0 + 0x40)

struct elfb {
	uint8_t buf[ELFB_SIZE];
	size_t notes_len; /* bytes of notes written */
	size_t size;	  /* image size given to the parser */
};

static void elfb_put(uint8_t *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint8_t *elfb_ph(struct elfb *b, int i)
{
	return b->buf + ELFB_PHOFF + 56 * i;
}

static void elfb_set_ph(struct elfb *b, int i, uint32_t type, uint32_t flags,
			uint64_t off, uint64_t vaddr, uint64_t paddr,
			uint64_t filesz, uint64_t memsz)
{
	uint8_t *p = elfb_ph(b, i);

	elfb_put(p, type, 4);
	elfb_put(p + 4, flags, 4);
	elfb_put(p + 8, off, 8);
	elfb_put(p + 16, vaddr, 8);
	elfb_put(p + 24, paddr, 8);
	elfb_put(p + 32, filesz, 8);
	elfb_put(p + 40, memsz, 8);
	elfb_put(p + 48, 0x1000, 8);
}

/* Append a note named name (NULL: "Xen") to the note segment. */
static void elfb_note(struct elfb *b, uint32_t type, const void *desc,
		      uint32_t descsz, const char *name)
{
	uint8_t *p = b->buf + ELFB_NOTES + b->notes_len;
	uint32_t namesz;

	name = name ? name : "Xen";
	namesz = (uint32_t)strlen(name) + 1;
	elfb_put(p, namesz, 4);
	elfb_put(p + 4, descsz, 4);
	elfb_put(p + 8, type, 4);
	memcpy(p + 12, name, namesz);
	p += 12 + ((namesz + 3) & ~3u);
	memcpy(p, desc, descsz);
	b->notes_len += 12 + ((namesz + 3) & ~3u) + ((descsz + 3) & ~3u);
	elfb_put(elfb_ph(b, 3) + 32, b->notes_len, 8);
	elfb_put(elfb_ph(b, 3) + 40, b->notes_len, 8);
}

static void elfb_note64(struct elfb *b, uint32_t type, uint64_t v)
{
	uint8_t d[8];

	elfb_put(d, v, 8);
	elfb_note(b, type, d, 8, NULL);
}

static void elfb_note32(struct elfb *b, uint32_t type, uint32_t v)
{
	uint8_t d[4];

	elfb_put(d, v, 4);
	elfb_note(b, type, d, 4, NULL);
}

static void elfb_notestr(struct elfb *b, uint32_t type, const char *s)
{
	elfb_note(b, type, s, (uint32_t)strlen(s) + 1, NULL);
}

/* Section headers: [0] null, [1] .shstrtab, [2] .notes (SHT_NOTE). */
static void elfb_sections(struct elfb *b)
{
	static const char names[] = "\0.shstrtab\0.notes\0__xen_guest";
	uint8_t *s = b->buf + ELFB_SHOFF;

	memcpy(b->buf + ELFB_SHSTR, names, sizeof(names));
	elfb_put(s + 64 + 0, 1, 4);
	elfb_put(s + 64 + 4, 3, 4); /* SHT_STRTAB */
	elfb_put(s + 64 + 24, ELFB_SHSTR, 8);
	elfb_put(s + 64 + 32, sizeof(names), 8);
	elfb_put(s + 128 + 0, 11, 4);
	elfb_put(s + 128 + 4, 7, 4); /* SHT_NOTE */
	elfb_put(s + 128 + 24, ELFB_NOTES, 8);
	elfb_put(s + 128 + 32, 0, 8);
}

static void elfb_header(struct elfb *b)
{
	uint8_t *e = b->buf;

	memcpy(e,
	       "\x7f"
	       "ELF\x02\x01\x01",
	       7);
	elfb_put(e + 16, 2, 2);	 /* ET_EXEC */
	elfb_put(e + 18, 62, 2); /* EM_X86_64 */
	elfb_put(e + 20, 1, 4);
	elfb_put(e + 24, ELFB_P0, 8); /* native entry, like Linux */
	elfb_put(e + 32, ELFB_PHOFF, 8);
	elfb_put(e + 40, ELFB_SHOFF, 8);
	elfb_put(e + 52, 64, 2);
	elfb_put(e + 54, 56, 2);
	elfb_put(e + 56, ELFB_NPH, 2);
	elfb_put(e + 58, 64, 2);
	elfb_put(e + 60, 3, 2);
	elfb_put(e + 62, 1, 2);
}

/* The segments and a recognisable byte pattern in their file data. */
static void elfb_segments(struct elfb *b)
{
	for (int i = ELFB_SEG0; i < ELFB_SHSTR; i++)
		b->buf[i] = (uint8_t)(i * 7 + 1);
	elfb_set_ph(b, 0, 1, 5, ELFB_SEG0, ELFB_VBASE + ELFB_P0, ELFB_P0,
		    0x1000, 0x1000);
	elfb_set_ph(b, 1, 1, 6, ELFB_SEG1, 0, ELFB_P1, 0x800, 0x3000);
	elfb_set_ph(b, 2, 1, 7, ELFB_SEG2, ELFB_VBASE + ELFB_P2, ELFB_P2, 0x300,
		    0x10000);
	elfb_set_ph(b, 3, 4, 4, ELFB_NOTES, 0, 0, 0, 0);
}

/* A bare image: segments, no notes. */
static void elfb_bare(struct elfb *b)
{
	memset(b, 0, sizeof(*b));
	b->size = ELFB_SIZE;
	elfb_header(b);
	elfb_segments(b);
	elfb_sections(b);
}

static void elfb_set_note_section_size(struct elfb *b)
{
	elfb_put(b->buf + ELFB_SHOFF + 128 + 32, b->notes_len, 8);
}

/* The notes of Linux 6.1.192 (arch/x86/xen/xen-head.S), our addresses. */
static void elfb_linux(struct elfb *b)
{
	uint8_t l1[16];

	elfb_bare(b);
	elfb_notestr(b, 6, "linux");
	elfb_notestr(b, 7, "2.6");
	elfb_notestr(b, 5, "xen-3.0");
	elfb_note64(b, 3, ELFB_VBASE);
	elfb_note64(b, 15, 0x8000000000ULL);
	elfb_note64(b, 1, ELFB_ENTRY);
	elfb_notestr(b, 10, "!writable_page_tables|pae_pgdir_above_4gb");
	elfb_note32(b, 17, 0x8801);
	elfb_notestr(b, 9, "yes");
	elfb_notestr(b, 8, "generic");
	elfb_put(l1, 1, 8);
	elfb_put(l1 + 8, 1, 8);
	elfb_note(b, 13, l1, 16, NULL);
	elfb_note32(b, 14, 1);
	elfb_note32(b, 16, 1);
	elfb_note64(b, 12, 0xffff800000000000ULL);
	elfb_note64(b, 4, 0);
	elfb_note32(b, 18, 0x1000850);
	elfb_set_note_section_size(b);
}

#endif
