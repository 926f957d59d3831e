/*
 * The machine memory map (e820 style) as a sorted list of regions.
 * Loaders report regions in any order; everything after boot wants them
 * sorted by address, so insertion keeps the list sorted and merges a new
 * region into an adjacent one of the same type.  Pure logic: host-tested.
 */
#include <xenolith/lib.h>
#include <xenolith/boot.h>

static const char *const mem_type_names[] = {
    [MEM_RAM] = "RAM",	    [MEM_RESERVED] = "RESERVED", [MEM_ACPI] = "ACPI",
    [MEM_NVS] = "ACPI NVS", [MEM_UNUSABLE] = "UNUSABLE",
};

void mem_map_add(struct mem_map *map, paddr_t start, paddr_t end, uint32_t type)
{
	unsigned int i;

	if (end <= start)
		return;
	if (type < MEM_RAM || type > MEM_UNUSABLE)
		type = MEM_RESERVED;
	for (i = 0; i < map->nr && map->r[i].start < start; i++)
		;
	if (i && map->r[i - 1].type == type && map->r[i - 1].end == start) {
		map->r[i - 1].end = end;
		return;
	}
	if (map->nr == MEM_MAP_MAX)
		return; /* dropped: never RAM we depend on */
	memmove(&map->r[i + 1], &map->r[i], (map->nr - i) * sizeof(map->r[0]));
	map->r[i] = (struct mem_region){start, end, type};
	map->nr++;
}

uint64_t mem_map_ram_bytes(const struct mem_map *map)
{
	uint64_t sum = 0;

	for (unsigned int i = 0; i < map->nr; i++)
		if (map->r[i].type == MEM_RAM)
			sum += map->r[i].end - map->r[i].start;
	return sum;
}

/* Stable format, parsed by tests/boot: " [start, end) TYPE". */
void mem_map_print(const struct mem_map *map)
{
	printk("Xenolith-provided physical RAM map:\n");
	for (unsigned int i = 0; i < map->nr; i++)
		printk(" [%016llx, %016llx) %s\n",
		       (unsigned long long)map->r[i].start,
		       (unsigned long long)map->r[i].end,
		       mem_type_names[map->r[i].type]);
	printk("e820 RAM total: %llu KiB\n",
	       (unsigned long long)(mem_map_ram_bytes(map) >> 10));
}
