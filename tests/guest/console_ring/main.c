/*
 * console_ring: XEN_SYSCTL_readconsole and VIRQ_CON_RING.
 *
 * dom0 reads the hypervisor's console ring ("xl dmesg") and may bind
 * VIRQ_CON_RING, a global VIRQ raised whenever the hypervisor prints.
 * The test binds it (masked: the pending bit is the evidence), presses
 * debug key 'h' through XEN_SYSCTL_debug_keys so that the hypervisor
 * prints its help, and checks Xen 4.17's rules:
 *   - a read returns the oldest bytes still kept, or with incremental
 *     set those after index (an index outside the ring: the oldest);
 *     index comes back one past the last byte returned;
 *   - clear forgets only what that read returned;
 *   - reading prints nothing, so raises nothing; printing raises
 *     VIRQ_CON_RING.
 * The ring holds the hypervisor's lines with their "(XEN) " prefix;
 * dom0's own console writes are not in it (Xen's console_to_ring is
 * off by default).
 */
#include "../evtchn_common/ev.h"
#include <public/sysctl.h>

const char test_title[] = "console_ring: readconsole and VIRQ_CON_RING";

#define RING_MAX 65536
#define HELP "'h' pressed -> showing installed handlers"

static char ring[RING_MAX + 1];
static struct xen_sysctl sc;

static long sysctl(uint32_t cmd)
{
	sc.cmd = cmd;
	sc.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
	return hypercall1(__HYPERVISOR_sysctl, &sc);
}

/* One read into ring[] of at most count bytes; returns bytes read (or
 * the error), *index in and out. */
static long readcon(uint32_t *index, uint32_t count, bool incremental,
		    bool clear)
{
	struct xen_sysctl_readconsole *r = &sc.u.readconsole;
	long rc;

	memset(&sc, 0, sizeof(sc));
	set_xen_guest_handle(r->buffer, ring);
	r->count = count;
	r->index = *index;
	r->incremental = incremental;
	r->clear = clear;
	rc = sysctl(XEN_SYSCTL_readconsole);
	if (rc)
		return rc;
	*index = r->index;
	ring[r->count < RING_MAX ? r->count : RING_MAX] = 0;
	return r->count;
}

static long press(const char *keys)
{
	memset(&sc, 0, sizeof(sc));
	set_xen_guest_handle(sc.u.debug_keys.keys, keys);
	sc.u.debug_keys.nr_keys = strlen(keys);
	return sysctl(XEN_SYSCTL_debug_keys);
}

/* Wait up to a second for p (masked) to become pending. */
static bool wait_pending(evtchn_port_t p)
{
	struct sched_poll sp = { .ports = &p, .nr_ports = 1 };

	sp.timeout = pvclock_ns(0) + 1000000000ull;
	if (!ev_is_pending(p))
		hc_sched_op(SCHEDOP_poll, &sp);
	return ev_is_pending(p);
}

static void check_incremental(evtchn_port_t p)
{
	uint32_t start = 0, idx, end;
	long n;

	/* Everything kept; where it ends. */
	n = readcon(&start, RING_MAX, false, false);
	CHECK(n > 0, "first read: %ld", n);
	CHECK(!strncmp(ring, "(XEN) ", 6) || n >= 16384,
	      "ring starts with \"%.12s\"", ring);
	end = start;
	CHECK(!ev_is_pending(p), "VIRQ_CON_RING after a read");

	/* 'h': the help comes out, and so does VIRQ_CON_RING. */
	CHECK_EQ(press("h"), 0);
	CHECK(wait_pending(p), "no VIRQ_CON_RING after 'h'");
	ev_clear_pending(p);
	idx = end;
	n = readcon(&idx, RING_MAX, true, false);
	CHECK(n > 40, "incremental read: %ld", n);
	CHECK(strstr(ring, HELP) != NULL, "no help in \"%.40s\"", ring);
	CHECK_EQ(idx, end + (uint32_t)n);
	end = idx;
	CHECK_EQ(readcon(&idx, RING_MAX, true, false), 0);	/* caught up */
	CHECK_EQ(idx, end);

	/* An index beyond the newest byte reads from the oldest again. */
	idx = end + 1000;
	n = readcon(&idx, RING_MAX, true, false);
	CHECK(n > 40, "read from a bogus index: %ld", n);
	CHECK_EQ(idx, end);
	CHECK(!ev_is_pending(p), "VIRQ_CON_RING after reads");
}

/* Clear after a short read forgets those bytes only; a full clear all. */
static void check_clear(evtchn_port_t p)
{
	static char first[32];
	uint32_t idx = 0, end;
	long n;

	CHECK_EQ(readcon(&idx, 32, false, false), 32);
	memcpy(first, ring, 32);
	idx = 0;
	CHECK_EQ(readcon(&idx, 16, false, true), 16);
	CHECK(!memcmp(ring, first, 16), "clear read: \"%.16s\"", ring);
	idx = 0;
	CHECK_EQ(readcon(&idx, 16, false, false), 16);
	CHECK(!memcmp(ring, first + 16, 16), "after clear: \"%.16s\"", ring);

	idx = 0;
	n = readcon(&idx, RING_MAX, false, true);
	CHECK(n > 0, "clear all: %ld", n);
	end = idx;
	idx = 0;
	CHECK_EQ(readcon(&idx, RING_MAX, false, false), 0);
	CHECK_EQ(idx, end);

	CHECK_EQ(press("h"), 0);
	CHECK(wait_pending(p), "no VIRQ_CON_RING after the second 'h'");
	ev_clear_pending(p);
	idx = 0;
	n = readcon(&idx, RING_MAX, false, false);
	CHECK(n > 40, "read after clear: %ld", n);
	CHECK(!strncmp(ring, "(XEN) " HELP, 6 + strlen(HELP)),
	      "after clear and 'h': \"%.50s\"", ring);
	CHECK_EQ(idx, end + (uint32_t)n);
}

void test_main(void)
{
	int p;

	if (ev_setup())
		return;
	p = ev_bind_virq(VIRQ_CON_RING, 0);
	CHECK(p > 0, "bind VIRQ_CON_RING: %d", p);
	if (p <= 0)
		return;
	CHECK_EQ(ev_bind_virq(VIRQ_CON_RING, 0), -XEN_EEXIST);
	CHECK_EQ(ev_bind_virq(VIRQ_CON_RING, 1), -XEN_EINVAL);	/* global */
	ev_mask_port(p);
	ev_clear_pending(p);
	check_incremental(p);
	check_clear(p);
}
