/*
 * Host tests of the console ring: reads see exactly what was written and
 * in order, an incremental reader continues where it stopped, a reader
 * that fell more than the ring's size behind resumes at the oldest byte
 * kept, and clear empties it.
 */
#include <stdio.h>
#include <string.h>
#include <xenolith/lib.h>
#include <xenolith/console.h>
#include "check.h"

#define RING 16384

static char out[3 * RING];

static void test_write_then_read(void)
{
	uint32_t idx = conring_oldest();
	size_t n;

	conring_put("hello ", 6);
	conring_put("world", 5);
	n = conring_read(&idx, out, sizeof(out));
	CHECK_EQ(n, 11);
	CHECK(!memcmp(out, "hello world", 11));
	CHECK_EQ(conring_read(&idx, out, sizeof(out)), 0); /* caught up */
	conring_put("!", 1);
	CHECK_EQ(conring_read(&idx, out, sizeof(out)), 1); /* incremental */
	CHECK_EQ(out[0], '!');
}

static void test_small_buffer_continues(void)
{
	uint32_t idx;

	conring_clear();
	idx = conring_oldest();
	conring_put("abcdef", 6);
	CHECK_EQ(conring_read(&idx, out, 4), 4);
	CHECK(!memcmp(out, "abcd", 4));
	CHECK_EQ(conring_read(&idx, out, 4), 2);
	CHECK(!memcmp(out, "ef", 2));
}

static void test_overrun_keeps_newest(void)
{
	static char big[RING + 100];
	uint32_t idx;
	size_t n;

	conring_clear();
	idx = conring_oldest();
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)('a' + i % 26);
	conring_put(big, sizeof(big));
	n = conring_read(&idx, out, sizeof(out));
	CHECK_EQ(n, RING);		      /* only the ring's worth */
	CHECK(!memcmp(out, big + 100, RING)); /* the newest bytes */
}

static void test_clear(void)
{
	uint32_t idx;

	conring_put("old", 3);
	conring_clear();
	idx = conring_oldest();
	CHECK_EQ(conring_read(&idx, out, sizeof(out)), 0);
	idx = 12345; /* a stale index: no harm */
	conring_put("new", 3);
	CHECK_EQ(conring_read(&idx, out, sizeof(out)), 3);
	CHECK(!memcmp(out, "new", 3));
}

/* XEN_SYSCTL_readconsole's clear after a short read: only the bytes
 * returned go, the rest is still there for the next reader. */
static void test_clear_to(void)
{
	uint32_t idx, start;

	conring_clear();
	start = idx = conring_oldest();
	conring_put("abcdef", 6);
	CHECK_EQ(conring_read(&idx, out, 4), 4);
	conring_clear_to(idx);
	CHECK_EQ(conring_oldest(), start + 4);
	idx = conring_oldest();
	CHECK_EQ(conring_read(&idx, out, sizeof(out)), 2);
	CHECK(!memcmp(out, "ef", 2));
	conring_clear_to(start);	/* behind the oldest: no change */
	CHECK_EQ(conring_oldest(), start + 4);
	conring_clear_to(start + 100);	/* beyond the newest: no change */
	CHECK_EQ(conring_oldest(), start + 4);
}

int main(void)
{
	check_prog = "conring";
	RUN(test_write_then_read);
	RUN(test_small_buffer_continues);
	RUN(test_overrun_keeps_newest);
	RUN(test_clear);
	RUN(test_clear_to);
	return check_exit();
}
