/*
 * A page granted by dom0 to itself and mapped back, through gntalloc and
 * gntdev.
 *
 * /dev/xen/gntalloc allocates a page, puts a grant entry for it in dom0's
 * grant table and lets user space mmap that page; /dev/xen/gntdev maps a
 * (domain, grant reference) pair with GNTTABOP_map_grant_ref into user
 * space.  Mapping our own grant gives two virtual mappings of one frame:
 * what is written through one must be read through the other, both ways.
 * The mapping goes through Xen's grant table code and, for a PV dom0, a
 * page table update made by Xen on the kernel's behalf.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "xen_ioctl.h"

#include "devtest.h"

#define DOM0		0
#define PAGE		4096

struct grant_pair {
	int alloc_fd, dev_fd;
	struct ioctl_gntalloc_alloc_gref gref;
	struct ioctl_gntdev_map_grant_ref map;
	volatile uint8_t *granted, *mapped;
};

static int grant_page(struct grant_pair *g)
{
	void *p;

	g->gref.domid = DOM0;
	g->gref.flags = GNTALLOC_FLAG_WRITABLE;
	g->gref.count = 1;
	if (ioctl(g->alloc_fd, IOCTL_GNTALLOC_ALLOC_GREF, &g->gref) < 0)
		return fail_errno("grant", "IOCTL_GNTALLOC_ALLOC_GREF");
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, g->alloc_fd,
		 g->gref.index);
	if (p == MAP_FAILED)
		return fail_errno("grant", "mmap gntalloc page");
	g->granted = p;
	return 0;
}

static int map_grant(struct grant_pair *g)
{
	void *p;

	g->map.count = 1;
	g->map.refs[0].domid = DOM0;
	g->map.refs[0].ref = g->gref.gref_ids[0];
	if (ioctl(g->dev_fd, IOCTL_GNTDEV_MAP_GRANT_REF, &g->map) < 0)
		return fail_errno("grant", "IOCTL_GNTDEV_MAP_GRANT_REF");
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, g->dev_fd,
		 g->map.index);
	if (p == MAP_FAILED)
		return fail_errno("grant", "mmap gntdev (GNTTABOP_map_grant_ref)");
	g->mapped = p;
	return 0;
}

/* Write a pattern through one mapping and check it through the other. */
static int cross_check(volatile uint8_t *w, volatile uint8_t *r, uint8_t seed)
{
	int i;

	for (i = 0; i < PAGE; i++)
		w[i] = (uint8_t)(seed + i * 7);
	for (i = 0; i < PAGE; i++)
		if (r[i] != (uint8_t)(seed + i * 7))
			return 1;
	return 0;
}

static void release(struct grant_pair *g)
{
	struct ioctl_gntdev_unmap_grant_ref um = {
		.index = g->map.index, .count = 1,
	};
	struct ioctl_gntalloc_dealloc_gref da = {
		.index = g->gref.index, .count = 1,
	};

	if (g->mapped) {
		munmap((void *)g->mapped, PAGE);
		ioctl(g->dev_fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &um);
	}
	if (g->granted) {
		munmap((void *)g->granted, PAGE);
		ioctl(g->alloc_fd, IOCTL_GNTALLOC_DEALLOC_GREF, &da);
	}
}

static int run(struct grant_pair *g)
{
	if (grant_page(g) || map_grant(g))
		return 1;
	printf("devtest grant: gref %u mapped back\n", g->gref.gref_ids[0]);
	if (cross_check(g->granted, g->mapped, 0x5a))
		return fail_msg("grant", "gntdev mapping does not see gntalloc writes");
	if (cross_check(g->mapped, g->granted, 0xa5))
		return fail_msg("grant", "gntalloc page does not see gntdev writes");
	return 0;
}

int test_grant(int argc, char **argv)
{
	struct grant_pair g = { .alloc_fd = -1, .dev_fd = -1 };
	int rc = 1;

	(void)argc;
	(void)argv;
	g.alloc_fd = open("/dev/xen/gntalloc", O_RDWR | O_CLOEXEC);
	g.dev_fd = open("/dev/xen/gntdev", O_RDWR | O_CLOEXEC);
	if (g.alloc_fd < 0)
		fail_errno("grant", "open /dev/xen/gntalloc");
	else if (g.dev_fd < 0)
		fail_errno("grant", "open /dev/xen/gntdev");
	else
		rc = run(&g);
	release(&g);
	if (g.dev_fd >= 0)
		close(g.dev_fd);
	if (g.alloc_fd >= 0)
		close(g.alloc_fd);
	return rc;
}
