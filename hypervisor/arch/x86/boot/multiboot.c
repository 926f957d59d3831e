/*
 * Reading what a multiboot loader hands over into struct boot_info.
 *
 * Multiboot v1 (QEMU -kernel) passes a fixed info block whose flags say
 * which fields are valid; multiboot2 (GRUB) passes a list of tags.  Both
 * give the hypervisor command line, the memory map in e820 form and the
 * modules (dom0 kernel, initrd).  The command line starts with the image
 * name; it is dropped.
 *
 * Everything here runs before the full direct map exists, but the first
 * 4 GiB are already mapped (paging.c), and loaders put their data there.
 */
#include <xenolith/lib.h>
#include <xenolith/boot.h>
#include <xenolith/cmdline.h>
#include <asm/page.h>
#include <asm/setup.h>

#define MB1_BOOT_MAGIC 0x2badb002
#define MB2_BOOT_MAGIC 0x36d76289

#define MBI_CMDLINE (1u << 2)
#define MBI_MODS    (1u << 3)
#define MBI_MMAP    (1u << 6)
#define MBI_LOADER  (1u << 9)

struct mb1_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
	uint32_t drives_length, drives_addr;
	uint32_t config_table;
	uint32_t boot_loader_name;
} __packed;

struct mb1_mmap {
	uint32_t size; /* of the rest of the entry */
	uint64_t base, len;
	uint32_t type;
} __packed;

struct mb1_module {
	uint32_t start, end, string, reserved;
} __packed;

struct boot_info boot_info;

static const char *phys_str(uint32_t pa)
{
	return pa ? maddr_to_virt(pa) : "";
}

static char loader_name[64]; /* as the loader reports itself */

static bool loader_names_image(void)
{
	return strncmp(loader_name, "GRUB 2", 6) != 0;
}

static void set_cmdline(struct boot_info *bi, const char *s)
{
	if (loader_names_image())
		s = cmdline_skip_image_name(s);
	strlcpy(bi->cmdline, s, sizeof(bi->cmdline));
}

const char *boot_module_args(const struct boot_module *m)
{
	return loader_names_image() ? cmdline_skip_image_name(m->cmdline)
				    : m->cmdline;
}

static void add_module(struct boot_info *bi, paddr_t s, paddr_t e,
		       const char *cmd)
{
	struct boot_module *m;

	if (bi->nr_modules == BOOT_MAX_MODULES)
		return;
	m = &bi->modules[bi->nr_modules++];
	m->start = s;
	m->end = e;
	strlcpy(m->cmdline, cmd, sizeof(m->cmdline));
}

static void parse_mb1(struct boot_info *bi, const struct mb1_info *mbi)
{
	bi->loader = "multiboot";
	if (mbi->flags & MBI_LOADER)
		strlcpy(loader_name, phys_str(mbi->boot_loader_name),
			sizeof(loader_name));
	if (mbi->flags & MBI_CMDLINE)
		set_cmdline(bi, phys_str(mbi->cmdline));
	if (mbi->flags & MBI_MMAP) {
		uint32_t off = 0;

		while (off < mbi->mmap_length) {
			const struct mb1_mmap *e =
			    maddr_to_virt(mbi->mmap_addr + off);

			mem_map_add(&bi->map, e->base, e->base + e->len,
				    e->type);
			off += e->size + 4;
		}
	} else {
		/* Only the two legacy sizes: conventional and extended. */
		mem_map_add(&bi->map, 0, mbi->mem_lower << 10, MEM_RAM);
		mem_map_add(&bi->map, 1 << 20,
			    (1 << 20) + ((paddr_t)mbi->mem_upper << 10),
			    MEM_RAM);
	}
	if (mbi->flags & MBI_MODS) {
		const struct mb1_module *m = maddr_to_virt(mbi->mods_addr);

		for (uint32_t i = 0; i < mbi->mods_count; i++)
			add_module(bi, m[i].start, m[i].end,
				   phys_str(m[i].string));
	}
}

/* Multiboot2 tags: type, size, then type-specific fields. */
struct mb2_tag {
	uint32_t type, size;
};

#define MB2_TAG_END	0
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_LOADER	2
#define MB2_TAG_MODULE	3
#define MB2_TAG_MMAP	6
#define MB2_TAG_ACPI1	14
#define MB2_TAG_ACPI2	15

static void parse_mb2_mmap(struct boot_info *bi, const struct mb2_tag *t)
{
	const uint32_t *hdr = (const uint32_t *)(t + 1);
	uint32_t esize = hdr[0];
	const uint8_t *p = (const uint8_t *)(hdr + 2);
	const uint8_t *end = (const uint8_t *)t + t->size;

	for (; p + esize <= end; p += esize) {
		const uint64_t *e = (const uint64_t *)p;

		mem_map_add(&bi->map, e[0], e[0] + e[1], (uint32_t)e[2]);
	}
}

/* Call fn for each tag of a multiboot2 information block. */
static void mb2_for_each(const uint8_t *info, struct boot_info *bi,
			 void (*fn)(struct boot_info *, const struct mb2_tag *))
{
	const uint8_t *p = info + 8;
	const uint8_t *end = info + *(const uint32_t *)info;

	while (p < end) {
		const struct mb2_tag *t = (const struct mb2_tag *)p;

		if (t->type == MB2_TAG_END)
			break;
		fn(bi, t);
		p += ROUNDUP(t->size, 8);
	}
}

static void mb2_loader_tag(struct boot_info *bi, const struct mb2_tag *t)
{
	if (t->type == MB2_TAG_LOADER)
		strlcpy(loader_name, (const char *)(t + 1),
			sizeof(loader_name));
}

static void mb2_tag(struct boot_info *bi, const struct mb2_tag *t)
{
	const uint32_t *f = (const uint32_t *)(t + 1);

	if (t->type == MB2_TAG_CMDLINE)
		set_cmdline(bi, (const char *)f);
	else if (t->type == MB2_TAG_MODULE)
		add_module(bi, f[0], f[1], (const char *)(f + 2));
	else if (t->type == MB2_TAG_MMAP)
		parse_mb2_mmap(bi, t);
	else if (t->type == MB2_TAG_ACPI1 || t->type == MB2_TAG_ACPI2)
		bi->rsdp = virt_to_maddr(f);
}

/* The loader's name first: it decides how the command line reads. */
static void parse_mb2(struct boot_info *bi, const uint8_t *info)
{
	bi->loader = "multiboot2";
	mb2_for_each(info, bi, mb2_loader_tag);
	mb2_for_each(info, bi, mb2_tag);
}

void __init multiboot_parse(uint32_t magic, uint32_t info)
{
	if (magic == MB1_BOOT_MAGIC)
		parse_mb1(&boot_info, maddr_to_virt(info));
	else if (magic == MB2_BOOT_MAGIC)
		parse_mb2(&boot_info, maddr_to_virt(info));
	else
		panic("not started by a multiboot loader (magic 0x%x)", magic);
	strlcpy(boot_info.loader_name, loader_name[0] ? loader_name : "?",
		sizeof(boot_info.loader_name));
}
