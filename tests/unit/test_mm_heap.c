/*
 * Frame table and buddy heaps on fake RAM: mm_init() accounting, xenheap
 * and domheap allocation, owners and references, zone limits, caught
 * misuse, and a long seeded random run with mm_audit() after every step
 * plus an independent host bitmap of allocated frames.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xenolith/cmdline.h>
#include <xenolith/lib.h>
#include <xenolith/mm.h>
#include <xenolith/page.h>
#include "check.h"
#include "host/host_ram.h"
#include "mm_private.h"

struct domain {
	long pages; /* kept by domain_page_assigned() */
};

void domain_page_assigned(struct domain *d, long nr)
{
	d->pages += nr;
}

#define RAM_BYTES   (64UL << 20)
#define IMAGE_START 0x200000UL /* "hypervisor image" reservation */
#define IMAGE_END   0x400000UL

static paddr_t early_tables;	/* a boot allocation made before mm_init */
static unsigned long boot_free; /* pages the boot allocator had left */

static void map_add(struct mem_map *m, paddr_t s, paddr_t e, uint32_t type)
{
	m->r[m->nr].start = s;
	m->r[m->nr].end = e;
	m->r[m->nr].type = type;
	m->nr++;
}

static unsigned long count_boot_free(void)
{
	unsigned long s, e, n = 0;
	unsigned int i;

	for (i = 0; i < boot_nr_ranges(); i++) {
		boot_range(i, &s, &e);
		n += e - s;
	}
	return n;
}

/* A fresh 64 MiB machine, booted as the arch would, RAM full of junk. */
static void boot_machine(void)
{
	struct mem_map m = {0};
	unsigned long ft_pages;

	host_ram_init(RAM_BYTES);
	memset(maddr_to_virt(0), 0xaa, RAM_BYTES);
	map_add(&m, 0, 0x9fc00, MEM_RAM);
	map_add(&m, 0x9fc00, 0xa0000, MEM_RESERVED);
	map_add(&m, 0xf0000, 0x100000, MEM_RESERVED);
	map_add(&m, 0x100000, RAM_BYTES, MEM_RAM);
	boot_alloc_init(&m);
	boot_alloc_reserve(IMAGE_START, IMAGE_END);
	early_tables = boot_alloc_pages(4, 1);
	ft_pages = ((RAM_BYTES >> PAGE_SHIFT) * sizeof(struct page_info) +
		    PAGE_SIZE - 1) >>
		   PAGE_SHIFT;
	boot_free = count_boot_free() - ft_pages;
	host_log_clear();
	mm_init();
}

static unsigned long pool_total(unsigned int p)
{
	struct mm_stats st;

	mm_get_stats(&st);
	return st.total[p];
}

static unsigned long pool_avail(unsigned int p)
{
	struct mm_stats st;

	mm_get_stats(&st);
	return st.avail[p];
}

static void test_init_accounting(void)
{
	unsigned long mfn, xen = 16UL << (20 - PAGE_SHIFT);
	unsigned long none = 0, free_pages = 0;

	boot_machine();
	CHECK(mm_audit());
	CHECK_EQ(max_page, RAM_BYTES >> PAGE_SHIFT);
	/* 64 MiB: 1/16 is below the 16 MiB floor, half is above it. */
	CHECK_EQ(pool_total(MM_POOL_XENHEAP), xen);
	CHECK_EQ(pool_total(MM_POOL_DOMHEAP), boot_free - xen);
	CHECK_EQ(pool_avail(MM_POOL_DOMHEAP), boot_free - xen);
	for (mfn = 0; mfn < max_page; mfn++) {
		struct page_info *pg = mfn_to_page(_mfn(mfn));

		if (page_is_free(pg))
			free_pages++;
		else
			none += page_state(pg) == PGC_state_none;
	}
	CHECK_EQ(free_pages, boot_free);
	CHECK_EQ(free_pages + none, max_page);
	/* Holes, the image, early tables and frame 0 stay out. */
	CHECK(!page_is_free(mfn_to_page(_mfn(0))));
	CHECK(!page_is_free(mfn_to_page(_mfn(0x9f))));
	CHECK(!page_is_free(mfn_to_page(_mfn(0xf0))));
	CHECK(!page_is_free(mfn_to_page(_mfn(IMAGE_START >> PAGE_SHIFT))));
	CHECK(!page_is_free(mfn_to_page(maddr_to_mfn(early_tables))));
	CHECK(page_is_free(mfn_to_page(_mfn(1))));
	CHECK(!mfn_valid(_mfn(max_page)));
	mm_print_stats();
	CHECK(host_log_has("xenheap: 4096 pages"));
	CHECK(host_log_has("free blocks (order:count):"));
}

static void test_xenheap_alloc_free(void)
{
	void *va[8];
	unsigned int order;
	unsigned long before;

	boot_machine();
	before = pool_avail(MM_POOL_XENHEAP);
	for (order = 0; order < 8; order++) {
		struct page_info *pg;
		unsigned long i, mfn;

		va[order] = alloc_xenheap_pages(order);
		CHECK(va[order] != NULL);
		if (!va[order])
			return;
		pg = virt_to_page(va[order]);
		mfn = mfn_x(page_to_mfn(pg));
		CHECK_EQ(mfn & ((1UL << order) - 1), 0);
		CHECK(page_to_virt(pg) == va[order]);
		for (i = 0; i < (1UL << order); i++) {
			CHECK(page_is_inuse(pg + i));
			CHECK(page_is_xen_heap(pg + i));
			CHECK(page_get_owner(pg + i) == NULL);
		}
		memset(va[order], order, PAGE_SIZE << order);
		CHECK(mm_audit());
	}
	CHECK_EQ(pool_avail(MM_POOL_XENHEAP), before - 255);
	/* The xenheap sits at the top of RAM, under the frame table. */
	CHECK(virt_to_maddr(va[0]) >= RAM_BYTES - (17UL << 20));
	for (order = 0; order < 8; order++)
		free_xenheap_pages(va[order], order);
	free_xenheap_pages(NULL, 3);
	CHECK_EQ(pool_avail(MM_POOL_XENHEAP), before);
	CHECK(mm_audit());
	/* Orders above MAX_ORDER fail cleanly. */
	CHECK(alloc_xenheap_pages(MAX_ORDER + 1) == NULL);
}

static void test_domheap_owner_and_scrub(void)
{
	struct domain d = {0};
	struct page_info *pg, *anon, *raw;
	unsigned long i;
	unsigned char *p;

	boot_machine();
	pg = alloc_domheap_pages(&d, 2, 0);
	CHECK(pg != NULL);
	if (!pg)
		return;
	CHECK_EQ(d.pages, 4);
	for (i = 0; i < 4; i++) {
		CHECK(page_get_owner(pg + i) == &d);
		CHECK(page_is_allocated(pg + i));
		CHECK_EQ(page_refcnt(pg + i), 1);
		CHECK(!page_is_xen_heap(pg + i));
		CHECK_EQ(pgt_type(pg + i), PGT_none);
		CHECK_EQ(pgt_count(pg + i), 0);
		CHECK(!pgt_validated(pg + i));
	}
	p = page_to_virt(pg);
	CHECK(p[0] == 0 && p[4 * PAGE_SIZE - 1] == 0); /* scrubbed */

	anon = alloc_domheap_pages(NULL, 0, 0);
	CHECK(anon && page_get_owner(anon) == NULL);
	CHECK(anon && page_refcnt(anon) == 0 && !page_is_allocated(anon));
	raw = alloc_domheap_pages(&d, 0, MEMF_no_scrub);
	CHECK(raw && ((unsigned char *)page_to_virt(raw))[7] == 0xaa);
	CHECK_EQ(d.pages, 5);
	CHECK(mm_audit());

	free_domheap_pages(pg, 2);
	free_domheap_pages(anon, 0);
	free_domheap_pages(raw, 0);
	free_domheap_pages(NULL, 0);
	CHECK_EQ(d.pages, 0);
	CHECK_EQ(pool_avail(MM_POOL_DOMHEAP), pool_total(MM_POOL_DOMHEAP));
	CHECK(mm_audit());
}

static void test_memf_bits(void)
{
	static struct page_info *got[4096];
	unsigned long n = 0, i, below = 0, mfn;

	boot_machine();
	for (mfn = 1; mfn < (16UL << (20 - PAGE_SHIFT)); mfn++) {
		const struct page_info *pg = mfn_to_page(_mfn(mfn));

		below += page_is_free(pg) && pg->u.free.pool == MM_POOL_DOMHEAP;
	}
	/* Default allocations come from the highest zone. */
	got[0] = alloc_domheap_pages(NULL, 0, 0);
	CHECK(got[0] && mfn_x(page_to_mfn(got[0])) >= (32UL << 8));
	free_domheap_pages(got[0], 0);
	while (n < 4096) {
		got[n] = alloc_domheap_pages(NULL, 0, MEMF_bits(24));
		if (!got[n])
			break;
		CHECK(page_to_maddr(got[n]) < (16UL << 20));
		n++;
	}
	CHECK_EQ(n, below);
	CHECK(alloc_domheap_pages(NULL, 0, MEMF_bits(12)) == NULL);
	CHECK(mm_audit());
	for (i = 0; i < n; i++)
		free_domheap_pages(got[i], 0);
	CHECK(mm_audit());
}

static void test_exhaustion_no_borrowing(void)
{
	static struct page_info *got[16384];
	unsigned long n = 0, i, avail;
	void *x;

	boot_machine();
	avail = pool_avail(MM_POOL_DOMHEAP);
	while (n < 16384 && (got[n] = alloc_domheap_pages(NULL, 0, 0)))
		n++;
	CHECK_EQ(n, avail);
	CHECK_EQ(pool_avail(MM_POOL_DOMHEAP), 0);
	/* The xenheap is untouched and still usable. */
	CHECK_EQ(pool_avail(MM_POOL_XENHEAP), pool_total(MM_POOL_XENHEAP));
	x = alloc_xenheap_page();
	CHECK(x != NULL);
	free_xenheap_page(x);
	CHECK(mm_audit());
	for (i = 0; i < n; i++)
		free_domheap_pages(got[i], 0);
	CHECK(mm_audit());
	/* Merged again: 16-24 MiB is free domheap, so order 11 fits. */
	got[0] = alloc_domheap_pages(NULL, 11, 0);
	CHECK(got[0] != NULL);
	free_domheap_pages(got[0], 11);
}

static void test_misuse_is_caught(void)
{
	struct domain d = {0}, other = {0};
	struct page_info *pg;
	void *va;

	boot_machine();
	va = alloc_xenheap_pages(1);
	free_xenheap_pages(va, 1);
	CHECK(HOST_EXPECT_FATAL(free_xenheap_pages(va, 1))); /* double */
	CHECK(mm_audit());
	/* A frame that never was in a heap (boot allocation). */
	CHECK(HOST_EXPECT_FATAL(
	    free_domheap_pages(mfn_to_page(maddr_to_mfn(early_tables)), 0)));
	/* Wrong pool, misaligned, mixed owners, still referenced, typed. */
	pg = alloc_domheap_pages(&d, 2, 0);
	CHECK(HOST_EXPECT_FATAL(free_xenheap_pages(page_to_virt(pg), 2)));
	CHECK(HOST_EXPECT_FATAL(free_domheap_pages(pg + 1, 1)));
	pg[3].u.inuse.owner = &other;
	CHECK(HOST_EXPECT_FATAL(free_domheap_pages(pg, 2)));
	pg[3].u.inuse.owner = &d;
	pg->count_info++;
	CHECK(HOST_EXPECT_FATAL(free_domheap_pages(pg, 2)));
	pg->count_info--;
	pg[2].u.inuse.type_info = PGT_writable_page | 1;
	CHECK(HOST_EXPECT_FATAL(free_domheap_pages(pg, 2)));
	pg[2].u.inuse.type_info = 0;
	CHECK(mm_audit());
	free_domheap_pages(pg, 2);
	CHECK(mm_audit());
	CHECK_EQ(d.pages, 0);
	/* The heap lock was released by the harness; the heap still works. */
	va = alloc_xenheap_page();
	CHECK(va != NULL);
	free_xenheap_page(va);
}

/* The auditor itself: each kind of corruption must be reported. */
static void test_audit_catches_corruption(void)
{
	struct heap_pool *hp = &heap_pools[MM_POOL_DOMHEAP];
	struct page_info *pg, *half;
	unsigned int z = page_zone(4096);

	boot_machine(); /* 16-32 MiB: one free order-12 block, zone 13 */
	pg = mfn_to_page(_mfn(4096));
	CHECK(page_is_free(pg) && pg->u.free.order == 12);
	/* Split it by hand into two unmerged order-11 buddies. */
	spin_lock(&heap_lock);
	page_list_del(pg, &hp->free[z][12]);
	pg->u.free.order = 11;
	half = pg + 2048;
	half->u.free.order = 11;
	page_list_add_tail(pg, &hp->free[z][11]);
	page_list_add_tail(half, &hp->free[z][11]);
	spin_unlock(&heap_lock);
	host_log_clear();
	CHECK(!mm_audit());
	CHECK(host_log_has("unmerged"));

	boot_machine();
	hp = &heap_pools[MM_POOL_DOMHEAP];
	hp->avail++;
	CHECK(!mm_audit());
	hp->avail--;
	CHECK(mm_audit());
	mfn_to_page(_mfn(4096 + 7))->u.free.order = 3; /* a head inside */
	host_log_clear();
	CHECK(!mm_audit());
	CHECK(host_log_has("overlaps"));

	boot_machine();
	mfn_to_page(maddr_to_mfn(early_tables))->count_info = PGC_state_free;
	CHECK(!mm_audit()); /* free, but on no list */
	boot_machine();
	mfn_to_page(maddr_to_mfn(early_tables))->count_info = PGC_state_inuse;
	CHECK(!mm_audit()); /* inuse, but never allocated */
}

static void test_page_refs(void)
{
	struct domain d = {0}, other = {0};
	struct page_info *pg, *anon;
	unsigned long avail;

	boot_machine();
	avail = pool_avail(MM_POOL_DOMHEAP);
	pg = alloc_domheap_pages(&d, 0, 0);
	CHECK(pg != NULL);
	if (!pg)
		return;
	CHECK(get_page(pg, &d));
	CHECK(get_page(pg, &d));
	CHECK_EQ(page_refcnt(pg), 3);
	CHECK(!get_page(pg, &other)); /* wrong owner */
	CHECK_EQ(page_refcnt(pg), 3);
	/* The owner lets go: the page lives on while mapped. */
	CHECK(put_page_alloc_ref(pg));
	CHECK(!put_page_alloc_ref(pg)); /* only once */
	CHECK(!page_is_allocated(pg));
	CHECK_EQ(page_refcnt(pg), 2);
	CHECK_EQ(d.pages, 1);
	put_page(pg);
	CHECK(page_is_inuse(pg));
	put_page(pg); /* last one frees */
	CHECK(page_is_free(pg));
	CHECK_EQ(d.pages, 0);
	CHECK_EQ(pool_avail(MM_POOL_DOMHEAP), avail);
	CHECK(!get_page(pg, &d)); /* free pages: no refs */
	CHECK(HOST_EXPECT_FATAL(put_page(pg)));
	/* Anonymous pages carry no references to take. */
	anon = alloc_domheap_pages(NULL, 0, 0);
	CHECK(anon && !get_page(anon, NULL));
	free_domheap_pages(anon, 0);
	CHECK(mm_audit());
}

static void test_give_back_boot_memory(void)
{
	unsigned long dom = 0, xen = 0;
	struct page_info *pg;

	boot_machine();
	dom = pool_total(MM_POOL_DOMHEAP);
	xen = pool_total(MM_POOL_XENHEAP);
	init_domheap_pages(IMAGE_START, IMAGE_END);
	CHECK_EQ(pool_total(MM_POOL_DOMHEAP), dom + 512);
	CHECK(mm_audit());
	/* 2-4 MiB merged into one order-9 block. */
	pg = mfn_to_page(_mfn(IMAGE_START >> PAGE_SHIFT));
	CHECK(page_is_free(pg) && pg->u.free.order == 9);
	/* Partial pages at both ends are left alone. */
	init_xenheap_pages(early_tables + 1, early_tables + 4 * PAGE_SIZE - 1);
	CHECK_EQ(pool_total(MM_POOL_XENHEAP), xen + 2);
	CHECK(!page_is_free(mfn_to_page(maddr_to_mfn(early_tables))));
	CHECK(mm_audit());
	init_domheap_pages(0x5000, 0x5000); /* empty: nothing */
	CHECK(HOST_EXPECT_FATAL(init_domheap_pages(IMAGE_START, IMAGE_END)));
	CHECK(HOST_EXPECT_FATAL(init_domheap_pages(0x9f000, 0xa1000)));
	CHECK(HOST_EXPECT_FATAL(init_domheap_pages(0, PAGE_SIZE)));
	CHECK(HOST_EXPECT_FATAL(init_domheap_pages(RAM_BYTES, RAM_BYTES * 2)));
	CHECK(mm_audit());
}

static void test_xenheap_megabytes_option(void)
{
	CHECK_EQ(cmdline_parse("xenheap_megabytes=8"), 0);
	boot_machine();
	CHECK_EQ(pool_total(MM_POOL_XENHEAP), 2048);
	CHECK_EQ(pool_total(MM_POOL_DOMHEAP), boot_free - 2048);
	CHECK(mm_audit());
	CHECK_EQ(cmdline_parse("xenheap_megabytes=0 xenolith_mm_audit"), 0);
	boot_machine();
	CHECK(host_log_has("mm_audit: heap invariants hold"));
	CHECK_EQ(cmdline_parse("no-xenolith_mm_audit"), 0);
	CHECK_EQ(xenheap_pages_for(1UL << 20, 0), 65536);  /* 4G: 1/16 */
	CHECK_EQ(xenheap_pages_for(1UL << 25, 0), 262144); /* cap 1G */
	CHECK_EQ(xenheap_pages_for(4096, 0), 2048);	   /* half */
	CHECK_EQ(xenheap_pages_for(100, 1), 100);	   /* all there is */
}

/* ---- seeded random run ---- */

static uint64_t rng;
static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

struct live {
	struct page_info *pg;
	unsigned int order;
	unsigned int pool;
	struct domain *d;
};

#define MAX_LIVE 2048
static struct live live[MAX_LIVE];
static unsigned int nr_live;
static unsigned char owned[RAM_BYTES >> PAGE_SHIFT]; /* host's model */

static unsigned int random_order(void)
{
	unsigned int r = next_rand() % 100;

	if (r < 60)
		return 0;
	if (r < 90)
		return 1 + next_rand() % 4;
	return 5 + next_rand() % 7;
}

static void random_alloc(struct domain *doms)
{
	struct live l = {.order = random_order()};
	unsigned long i, mfn;

	l.pool = next_rand() % 4 == 0 ? MM_POOL_XENHEAP : MM_POOL_DOMHEAP;
	if (l.pool == MM_POOL_XENHEAP) {
		void *va = alloc_xenheap_pages(l.order);

		l.pg = va ? virt_to_page(va) : NULL;
	} else {
		unsigned int bits = next_rand() % 3 ? 0 : 20 + next_rand() % 7;

		l.d = next_rand() % 2 ? &doms[next_rand() % 3] : NULL;
		l.pg = alloc_domheap_pages(l.d, l.order, MEMF_bits(bits));
		if (l.pg && bits)
			CHECK(page_to_maddr(l.pg + (1UL << l.order) - 1) <
			      (1ULL << bits));
	}
	if (!l.pg)
		return;
	mfn = mfn_x(page_to_mfn(l.pg));
	CHECK_EQ(mfn & ((1UL << l.order) - 1), 0);
	for (i = 0; i < (1UL << l.order); i++) {
		CHECK(!owned[mfn + i]);
		owned[mfn + i] = 1;
	}
	live[nr_live++] = l;
}

static void random_free(unsigned int k)
{
	struct live l = live[k];
	unsigned long i, mfn = mfn_x(page_to_mfn(l.pg));

	live[k] = live[--nr_live];
	for (i = 0; i < (1UL << l.order); i++)
		owned[mfn + i] = 0;
	if (l.pool == MM_POOL_XENHEAP)
		free_xenheap_pages(page_to_virt(l.pg), l.order);
	else
		free_domheap_pages(l.pg, l.order);
}

/* One seeded run: steps random operations, audited after each. */
static void random_run(uint64_t seed, unsigned int steps)
{
	struct domain doms[3] = {{0}};
	unsigned long assigned, xen0, dom0;
	unsigned int step, i;

	boot_machine();
	xen0 = pool_avail(MM_POOL_XENHEAP);
	dom0 = pool_avail(MM_POOL_DOMHEAP);
	rng = seed;
	nr_live = 0;
	memset(owned, 0, sizeof(owned));
	for (step = 0; step < steps && !check_failed_now; step++) {
		bool grow = nr_live < MAX_LIVE &&
			    (nr_live == 0 || next_rand() % 100 < 55);

		if (grow)
			random_alloc(doms);
		else
			random_free(next_rand() % nr_live);
		if (!mm_audit()) {
			CHECK(!"mm_audit failed");
			printf("  seed %llx step %u\n",
			       (unsigned long long)seed, step);
		}
		assigned = 0;
		for (i = 0; i < nr_live; i++)
			if (live[i].d)
				assigned += 1UL << live[i].order;
		CHECK_EQ(doms[0].pages + doms[1].pages + doms[2].pages,
			 assigned);
	}
	while (nr_live)
		random_free(nr_live - 1);
	CHECK(mm_audit());
	CHECK_EQ(pool_avail(MM_POOL_XENHEAP), xen0);
	CHECK_EQ(pool_avail(MM_POOL_DOMHEAP), dom0);
}

static void test_random_alloc_free(void)
{
	random_run(0x1234567887654321ULL, 6000);
	random_run(0x0badc0ffee0ddf00ULL, 3000);
	random_run(0x5eed5eed5eed5eedULL, 3000);
}

/* RAM above a 4 GiB hole: zones, MEMF_bits(32), xenheap at the top. */
static void test_high_memory(void)
{
	struct mem_map m = {0};
	struct page_info *lo, *hi;
	void *x;

	host_ram_init(0x120000000ULL);
	map_add(&m, 0, 0x9fc00, MEM_RAM);
	map_add(&m, 0x100000, 0xc0000000, MEM_RAM);
	map_add(&m, 0xfec00000, 0xfec01000, MEM_RESERVED);
	map_add(&m, 0x100000000ULL, 0x120000000ULL, MEM_RAM);
	boot_alloc_init(&m);
	boot_alloc_reserve(IMAGE_START, IMAGE_END);
	mm_init();
	CHECK_EQ(max_page, 0x120000);
	x = alloc_xenheap_page();
	CHECK(x && virt_to_maddr(x) >= 0x100000000ULL);
	hi = alloc_domheap_pages(NULL, 0, 0);
	CHECK(hi && page_to_maddr(hi) >= 0x100000000ULL);
	lo = alloc_domheap_pages(NULL, 9, MEMF_bits(32));
	CHECK(lo && page_to_maddr(lo) < 0xc0000000ULL);
	CHECK(!mfn_valid(_mfn(0x120000)));
	CHECK(page_state(mfn_to_page(_mfn(0xd0000))) == PGC_state_none);
	CHECK(mm_audit());
	free_xenheap_page(x);
	free_domheap_pages(hi, 0);
	free_domheap_pages(lo, 9);
	CHECK(mm_audit());
	host_ram_fini();
}

int main(void)
{
	check_prog = "mm_heap";
	RUN(test_init_accounting);
	RUN(test_xenheap_alloc_free);
	RUN(test_domheap_owner_and_scrub);
	RUN(test_memf_bits);
	RUN(test_exhaustion_no_borrowing);
	RUN(test_misuse_is_caught);
	RUN(test_audit_catches_corruption);
	RUN(test_page_refs);
	RUN(test_give_back_boot_memory);
	RUN(test_xenheap_megabytes_option);
	RUN(test_random_alloc_free);
	RUN(test_high_memory);
	host_ram_fini();
	return check_exit();
}
