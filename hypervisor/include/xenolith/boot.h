/*
 * What the loader handed over, in a loader-neutral form: the multiboot v1
 * and v2 parsers (arch/x86/boot/multiboot.c) fill struct boot_info, and
 * everything after them (memory setup, the dom0 builder) reads only this.
 */
#ifndef XENOLITH_BOOT_H
#define XENOLITH_BOOT_H

#include <xenolith/types.h>
#include <xenolith/mm.h>

#define BOOT_MAX_MODULES 16
#define BOOT_CMDLINE_MAX 1024

struct boot_module {
	paddr_t start;	   /* inclusive */
	paddr_t end;	   /* exclusive */
	char cmdline[256]; /* raw: see boot_module_args() */
};

struct boot_info {
	const char *loader;		/* "multiboot" or "multiboot2" */
	char loader_name[64];		/* what the loader calls itself */
	char cmdline[BOOT_CMDLINE_MAX]; /* the hypervisor's, no image name */
	struct mem_map map; /* e820-style, sorted, from the loader */
	unsigned int nr_modules;
	struct boot_module modules[BOOT_MAX_MODULES];
	paddr_t rsdp; /* from multiboot2 ACPI tags, 0 = search */
};

extern struct boot_info boot_info;

/*
 * A module's arguments.  QEMU and GRUB legacy put the module's file name
 * first in its string, GRUB 2 does not (as for the hypervisor's own
 * command line); this skips the name only when there is one.
 */
const char *boot_module_args(const struct boot_module *m);

/* Sum of the MEM_RAM regions of map, in bytes. */
uint64_t mem_map_ram_bytes(const struct mem_map *map);
/* Append, then keep the map sorted and non-overlapping. */
void mem_map_add(struct mem_map *map, paddr_t start, paddr_t end,
		 uint32_t type);
void mem_map_print(const struct mem_map *map);

#endif
