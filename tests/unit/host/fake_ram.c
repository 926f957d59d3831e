/*
 * The host's "machine memory": one anonymous mapping standing for physical
 * addresses [0, size).  maddr_to_virt() and virt_to_maddr() are the arch's
 * direct map in the hypervisor; here they are an offset into the mapping.
 * The mapping is MAP_NORESERVE, so a test may describe gigabytes of RAM and
 * pay only for the pages the memory manager actually touches (the frame
 * table and scrubbed pages).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <xenolith/lib.h>
#include <xenolith/mm.h>
#include "host_ram.h"

static unsigned char *ram; /* host address of machine address 0 */
static paddr_t ram_size;   /* bytes mapped */

void host_ram_init(paddr_t size)
{
	void *p;

	host_ram_fini();
	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		perror("host_ram_init: mmap");
		exit(2);
	}
	ram = p;
	ram_size = size;
}

void host_ram_fini(void)
{
	if (ram)
		munmap(ram, ram_size);
	ram = NULL;
	ram_size = 0;
}

void *maddr_to_virt(paddr_t ma)
{
	ASSERT(ram && ma < ram_size);
	return ram + ma;
}

paddr_t virt_to_maddr(const void *va)
{
	const unsigned char *p = va;

	ASSERT(ram && p >= ram && p < ram + ram_size);
	return (paddr_t)(p - ram);
}
