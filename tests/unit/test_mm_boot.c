/*
 * Boot allocator: memory map to free ranges, holes from non-RAM regions
 * and reservations, aligned top-down allocation, exhaustion.  The
 * allocator's ranges are compared with a host bitmap model built
 * independently from the same inputs.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xenolith/lib.h>
#include <xenolith/mm.h>
#include "check.h"
#include "mm_private.h"

#define MODEL_FRAMES 65536UL		  /* 256 MiB of frames in the model */
static unsigned char model[MODEL_FRAMES]; /* 1 = free */

static void map_add(struct mem_map *m, paddr_t s, paddr_t e, uint32_t type)
{
	m->r[m->nr].start = s;
	m->r[m->nr].end = e;
	m->r[m->nr].type = type;
	m->nr++;
}

/* Build the model: RAM pages whole inside RAM, minus any non-RAM page. */
static void model_from_map(const struct mem_map *m)
{
	unsigned long f;
	unsigned int i;

	memset(model, 0, sizeof(model));
	for (i = 0; i < m->nr; i++) {
		for (f = 0; f < MODEL_FRAMES; f++) {
			paddr_t a = (paddr_t)f << PAGE_SHIFT;
			bool in_page =
			    m->r[i].start <= a && a + PAGE_SIZE <= m->r[i].end;

			if (m->r[i].type == MEM_RAM && in_page)
				model[f] |= 1;
		}
	}
	for (i = 0; i < m->nr; i++) {
		for (f = 0; f < MODEL_FRAMES; f++) {
			paddr_t a = (paddr_t)f << PAGE_SHIFT;
			bool touches =
			    m->r[i].start < a + PAGE_SIZE && a < m->r[i].end;

			if (m->r[i].type != MEM_RAM && touches)
				model[f] = 0;
		}
	}
	model[0] = 0;
}

/* Does the allocator's range list describe exactly the model? */
static bool ranges_match_model(void)
{
	static unsigned char got[MODEL_FRAMES];
	unsigned long s, e, f, prev_e = 0;
	unsigned int i;

	memset(got, 0, sizeof(got));
	for (i = 0; i < boot_nr_ranges(); i++) {
		boot_range(i, &s, &e);
		if (s >= e || (i && s <= prev_e) || e > MODEL_FRAMES)
			return false; /* empty, unsorted or touching */
		for (f = s; f < e; f++)
			got[f] = 1;
		prev_e = e;
	}
	return memcmp(got, model, sizeof(got)) == 0;
}

static void qemu_like_map(struct mem_map *m)
{
	memset(m, 0, sizeof(*m));
	map_add(m, 0, 0x9fc00, MEM_RAM);
	map_add(m, 0x9fc00, 0xa0000, MEM_RESERVED);
	map_add(m, 0xf0000, 0x100000, MEM_RESERVED);
	map_add(m, 0x100000, 0x7fe0000, MEM_RAM);
	map_add(m, 0x7fe0000, 0x8000000, MEM_RESERVED);
	map_add(m, 0xfffc0000, 0x100000000ULL, MEM_RESERVED);
}

static void test_init_from_map(void)
{
	struct mem_map m;
	unsigned long s, e;

	qemu_like_map(&m);
	boot_alloc_init(&m);
	model_from_map(&m);
	CHECK(ranges_match_model());
	CHECK_EQ(boot_nr_ranges(), 2);
	boot_range(0, &s, &e);
	CHECK_EQ(s, 1);	   /* frame 0 is never handed out */
	CHECK_EQ(e, 0x9f); /* 0x9fc00 rounds down */
	CHECK_EQ(boot_ram_end(), 0x7fe0);
}

static void test_unaligned_and_overlapping(void)
{
	struct mem_map m = {0};

	/* Unsorted, partial pages, a reserved region inside RAM, adjacent
	 * RAM regions that must merge, ACPI data touching RAM. */
	map_add(&m, 0x1000000, 0x2000800, MEM_RAM);
	map_add(&m, 0x100400, 0x1000000, MEM_RAM);
	map_add(&m, 0x800100, 0x800200, MEM_RESERVED);
	map_add(&m, 0x2000800, 0x2100000, MEM_ACPI);
	map_add(&m, 0x3000000, 0x3000fff, MEM_RAM); /* < 1 page */
	boot_alloc_init(&m);
	model_from_map(&m);
	CHECK(ranges_match_model());
	CHECK_EQ(boot_nr_ranges(), 2);
	CHECK_EQ(boot_ram_end(), 0x2000);
}

static void test_reservations(void)
{
	struct mem_map m;

	qemu_like_map(&m);
	boot_alloc_init(&m);
	model_from_map(&m);
	/* The image at 2 MiB, a module with a partial last page, a
	 * reservation outside RAM, and one covering a whole range. */
	boot_alloc_reserve(0x200000, 0x400000);
	boot_alloc_reserve(0x1234567, 0x1300001);
	boot_alloc_reserve(0xfee00000, 0xfee01000);
	boot_alloc_reserve(0, 0x100000);
	memset(model + 0x200, 0, 0x200);
	memset(model + 0x1234, 0, 0x1301 - 0x1234);
	memset(model, 0, 0x100);
	CHECK(ranges_match_model());
	CHECK_EQ(boot_nr_ranges(), 3);
	/* Reserved RAM is still RAM (it may be given back later). */
	CHECK(boot_is_ram(0x200, 0x400));
	CHECK(boot_is_ram(1, 0x9f));
	CHECK(!boot_is_ram(0, 1));	     /* frame 0 */
	CHECK(!boot_is_ram(0x9e, 0xa0));     /* runs into the EBDA */
	CHECK(!boot_is_ram(0x7fd0, 0x7fe1)); /* past the end of RAM */
	CHECK(!boot_is_ram(0x50, 0x150));    /* spans a hole */
	CHECK(!boot_is_ram(5, 5));
}

static void test_top_down_aligned(void)
{
	struct mem_map m;
	paddr_t a, b, c;

	qemu_like_map(&m);
	boot_alloc_init(&m);
	model_from_map(&m);
	a = boot_alloc_pages(1, 1);
	CHECK_EQ(a, 0x7fdf000); /* the highest RAM page */
	b = boot_alloc_pages(3, 512);
	CHECK_EQ(b & 0x1fffff, 0); /* 2 MiB aligned */
	CHECK(b + 3 * PAGE_SIZE <= a);
	c = boot_alloc_pages(1, 1);
	CHECK_EQ(c, a - PAGE_SIZE); /* the tail above b is still free */
	model[a >> PAGE_SHIFT] = 0;
	model[c >> PAGE_SHIFT] = 0;
	memset(model + (b >> PAGE_SHIFT), 0, 3);
	CHECK(ranges_match_model());
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Allocate until exhausted: every run inside free model memory, aligned. */
static void test_random_until_exhausted(void)
{
	struct mem_map m = {0};
	static unsigned long frames_free, f;
	static bool fired;
	static int steps;

	frames_free = 0;
	steps = 0;
	map_add(&m, 0, 0x9fc00, MEM_RAM);
	map_add(&m, 0x100000, 0x1000000, MEM_RAM);
	map_add(&m, 0x1200000, 0x2000000, MEM_RAM);
	boot_alloc_init(&m);
	model_from_map(&m);
	boot_alloc_reserve(0x300000, 0x500000);
	memset(model + 0x300, 0, 0x200);
	for (f = 0; f < MODEL_FRAMES; f++)
		frames_free += model[f];
	for (;;) {
		unsigned long nr = 1 + next_rand() % 40;
		unsigned long align = 1UL << (next_rand() % 6);
		unsigned long s, i;
		static paddr_t a;

		fired = HOST_EXPECT_FATAL(a = boot_alloc_pages(nr, align));
		if (fired)
			break;
		s = a >> PAGE_SHIFT;
		CHECK_EQ(s & (align - 1), 0);
		for (i = 0; i < nr; i++) {
			CHECK(s + i < MODEL_FRAMES && model[s + i]);
			if (s + i < MODEL_FRAMES)
				model[s + i] = 0;
		}
		frames_free -= nr;
		CHECK(ranges_match_model());
		if (++steps > 100000 || check_failed_now)
			break;
	}
	CHECK(fired);
	CHECK(host_log_has("out of memory"));
	/* What is left is fragments too small for the last request. */
	CHECK(frames_free < 40 * 32 * 8);
	/* Small requests still succeed until truly nothing is left. */
	while (frames_free && !HOST_EXPECT_FATAL(boot_alloc_pages(1, 1)))
		frames_free--;
	CHECK_EQ(frames_free, 0);
	CHECK_EQ(boot_nr_ranges(), 0);
}

static void test_closed_after_mm_init(void)
{
	struct mem_map m;

	qemu_like_map(&m);
	boot_alloc_init(&m);
	boot_alloc_close();
	CHECK(HOST_EXPECT_FATAL(boot_alloc_pages(1, 1)));
	CHECK(HOST_EXPECT_FATAL(boot_alloc_reserve(0x100000, 0x200000)));
}

int main(void)
{
	check_prog = "mm_boot";
	RUN(test_init_from_map);
	RUN(test_unaligned_and_overlapping);
	RUN(test_reservations);
	RUN(test_top_down_aligned);
	RUN(test_random_until_exhausted);
	RUN(test_closed_after_mm_init);
	return check_exit();
}
