/*
 * Host tests of VIRQ_ENOMEM's thresholds (Xen 4.17's), in pages of 4
 * KiB: the boot value from 64 MiB (or a limit) and what is free, rounded
 * down to a power of two; one VIRQ per power of two on the way down; the
 * threshold back up when an allocation finds memory well above it; the
 * allocator's hook sending the VIRQ through the deferred path.
 */
#include <stdio.h>
#include <string.h>
#include <xenolith/lib.h>
#include <xenolith/low_mem.h>
#include <xenolith/mm.h>
#include <xenolith/event.h>
#include "mm_private.h"
#include "check.h"

#define MIB (1ULL << 20)
#define PAGES(b) ((unsigned long)((b) >> 12))

/* The environment low_mem.c expects. */
struct heap_pool heap_pools[MM_NR_POOLS];
spinlock_t heap_lock;
static unsigned long stub_avail;
static unsigned int virqs_sent[64];

void mm_get_stats(struct mm_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->avail[MM_POOL_DOMHEAP] = stub_avail;
}

void send_global_virq_dom0_later(unsigned int virq)
{
	if (virq < 64)
		virqs_sent[virq]++;
}

static void test_boot_value(void)
{
	struct low_mem lm;

	/* Plenty free: 64 MiB = 2^14 pages. */
	low_mem_init(&lm, PAGES(400 * MIB), ~0ULL);
	CHECK(lm.on);
	CHECK_EQ(lm.th, 16384);
	CHECK_EQ(lm.orig, 16384);
	/* Only 40 MiB free: all of it, so halved (default): 20 MiB, down
	 * to a power of two: 2^12. */
	low_mem_init(&lm, PAGES(40 * MIB), ~0ULL);
	CHECK_EQ(lm.th, 4096);
	/* A limit the user gave is not halved: 40 MiB -> 2^13. */
	low_mem_init(&lm, PAGES(40 * MIB), 40 * MIB);
	CHECK_EQ(lm.th, 8192);
	/* Capped at 1 GiB = 2^18 pages. */
	low_mem_init(&lm, PAGES(8192 * MIB), 4096 * MIB);
	CHECK_EQ(lm.th, 1UL << 18);
	/* Nothing free: a page. */
	low_mem_init(&lm, 0, ~0ULL);
	CHECK_EQ(lm.th, 1);
	/* 0: never. */
	low_mem_init(&lm, PAGES(400 * MIB), 0);
	CHECK(!lm.on);
	CHECK(!low_mem_after_alloc(&lm, 0));
}

static void test_down_and_up(void)
{
	struct low_mem lm;

	low_mem_init(&lm, PAGES(400 * MIB), ~0ULL);
	CHECK(!low_mem_after_alloc(&lm, 16385));
	CHECK(low_mem_after_alloc(&lm, 16384));		/* at the threshold */
	CHECK_EQ(lm.th, 8192);
	CHECK(!low_mem_after_alloc(&lm, 16000));	/* once per step */
	CHECK(low_mem_after_alloc(&lm, 8000));
	CHECK_EQ(lm.th, 4096);
	/* Back to twice the threshold that fired: one step up. */
	CHECK(!low_mem_after_alloc(&lm, 16383));
	CHECK_EQ(lm.th, 4096);
	CHECK(!low_mem_after_alloc(&lm, 16384));
	CHECK_EQ(lm.th, 8192);
	/* Then at four times the current one, up to the boot value. */
	CHECK(!low_mem_after_alloc(&lm, 32767));
	CHECK_EQ(lm.th, 8192);
	CHECK(!low_mem_after_alloc(&lm, 32768));
	CHECK_EQ(lm.th, 16384);
	CHECK(!low_mem_after_alloc(&lm, 1UL << 30));
	CHECK_EQ(lm.th, 16384);				/* and no higher */
	CHECK(low_mem_after_alloc(&lm, 100));
}

/* All the way down: the threshold stops at one page and keeps firing. */
static void test_floor(void)
{
	struct low_mem lm;
	unsigned int n = 0;

	low_mem_init(&lm, PAGES(400 * MIB), ~0ULL);
	while (lm.th > 1 && n < 100)
		n += low_mem_after_alloc(&lm, lm.th);
	CHECK_EQ(n, 14);
	CHECK(low_mem_after_alloc(&lm, 1));
	CHECK(low_mem_after_alloc(&lm, 0));
	CHECK_EQ(lm.th, 1);
}

/* The allocator's hook: nothing before setup, then VIRQ_ENOMEM. */
static void test_hook(void)
{
	heap_allocated(0);
	CHECK_EQ(virqs_sent[VIRQ_ENOMEM], 0);
	stub_avail = PAGES(400 * MIB);
	low_mem_virq_setup();
	heap_allocated(17000);
	CHECK_EQ(virqs_sent[VIRQ_ENOMEM], 0);
	heap_allocated(16000);
	CHECK_EQ(virqs_sent[VIRQ_ENOMEM], 1);
	heap_allocated(15000);
	CHECK_EQ(virqs_sent[VIRQ_ENOMEM], 1);
	heap_allocated(40000);				/* back up */
	heap_allocated(16000);
	CHECK_EQ(virqs_sent[VIRQ_ENOMEM], 2);
}

int main(void)
{
	check_prog = "low_mem";
	RUN(test_boot_value);
	RUN(test_down_and_up);
	RUN(test_floor);
	RUN(test_hook);
	return check_exit();
}
