/*
 * gnttab_ring: a split-driver pair moving data through grants.
 *
 * The frontend grants a shared ring page (read-write) and a set of data
 * pages (read-only) to the backend, and offers it an event channel.
 * The backend maps the ring (map_grant_ref), binds the channel, and for
 * each request copies the named data page out of the frontend's grant
 * (GNTTABOP_copy, in batches), checks its checksum, and answers; every
 * 64th page it also maps the grant read-only and compares.  Both sides
 * notify through the channel only when the ring protocol says the other
 * asked for it (include/public/io/ring.h).
 *
 * The same kernel plays both parts.  With a domain 1 (Xenolith's
 * boot-time domUs) dom0 is the backend and domain 1 the frontend, and
 * 1 GiB goes through the ring:
 *
 *   scripts/qemu.sh --hv xenolith --append "dom0_mem=64M" \
 *     --module build/guest/gnttab_ring.elf \
 *     --module "build/guest/gnttab_ring.elf domU mem=64M" \
 *     --until 'Test result:' --timeout 1800
 *
 * With "frontend" on dom0's command line and "backend" on domain 1's
 * (--module "build/guest/gnttab_ring.elf frontend", --module
 * "build/guest/gnttab_ring.elf domU mem=64M -- backend") the roles swap
 * and an unprivileged domain maps dom0's grants.
 *
 * Alone (the suite boots one module; Xen 4.17 on x86 has no boot-time
 * domUs) dom0 is both ends, granting to itself over a loopback channel,
 * and moves 16 MiB, alternating the two roles on its one vCPU.
 */
#include "../evtchn_common/ev.h"
#include <public/io/ring.h>
#include "../mmu_common/mmu.h"
#include "gnttab.h"
#include "pattern.h"

const char test_title[] = "gnttab_ring: a frontend/backend pair over grants";

struct gr_request {
	uint32_t id;		/* sequence number of the page */
	grant_ref_t gref;	/* the data page */
	uint64_t sum;		/* its checksum */
};

struct gr_response {
	uint32_t id;
	int32_t status;		/* 0, or what went wrong */
};

DEFINE_RING_TYPES(gr, struct gr_request, struct gr_response);

#define RING_REF 8
#define PORT_REF 9	/* the frontend's port, as XenStore would carry it */
#define DATA_REF 16
#define NSLOT 32		/* data pages in flight */
#define BATCH 16		/* copies per hypercall */
#define PAGES_PEER (1ul << 18)	/* 1 GiB */
#define PAGES_ALONE (1ul << 12)	/* 16 MiB */
#define MS 1000000ull

static char table_va[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char ring_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char port_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char data[NSLOT][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char ring_map[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char peek_map[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char copy_buf[BATCH][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static grant_entry_v1_t *const gt = (grant_entry_v1_t *)table_va;

/* The frontend's side. */
static struct gr_front_ring front;
static evtchn_port_t front_port;
static unsigned long sent, acked, bad_rsp;
static uint32_t slot_free;	/* bitmap of idle data pages */
static uint32_t slot_of_id[NSLOT];

/* The backend's side. */
static struct gr_back_ring back;
static evtchn_port_t back_port;
static domid_t front_dom;
static grant_handle_t ring_handle;
static unsigned long served, bad_sum, copy_err, peeks;

static void grant(grant_ref_t ref, void *page, domid_t to, uint16_t flags)
{
	gnttab_grant_v1(&gt[ref], to, page, flags);
}

static void front_init(domid_t backend)
{
	struct gr_sring *s = (struct gr_sring *)ring_page;

	SHARED_RING_INIT(s);
	FRONT_RING_INIT(&front, s, PAGE_SIZE);
	grant(RING_REF, ring_page, backend, GTF_permit_access);
	for (unsigned int i = 0; i < NSLOT; i++)
		grant(DATA_REF + i, data[i], backend,
		      GTF_permit_access | GTF_readonly);
	slot_free = ~0u;
}

/* Queue as many pages as there are idle slots; true if any. */
static bool front_send(unsigned long total)
{
	bool any = false;
	int notify;

	while (sent < total && slot_free && !RING_FULL(&front)) {
		unsigned int i = __builtin_ctz(slot_free);
		struct gr_request *r;

		pattern_fill(data[i], sent);
		r = RING_GET_REQUEST(&front, front.req_prod_pvt++);
		r->id = sent;
		r->gref = DATA_REF + i;
		r->sum = page_checksum(data[i]);
		slot_of_id[sent % NSLOT] = i;
		slot_free &= ~(1u << i);
		sent++;
		any = true;
	}
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&front, notify);
	if (notify)
		ev_send(front_port);
	return any;
}

static bool front_collect(void)
{
	bool any = false;
	int more;

	do {
		while (RING_HAS_UNCONSUMED_RESPONSES(&front)) {
			struct gr_response *r =
				RING_GET_RESPONSE(&front, front.rsp_cons++);

			if (r->status || r->id != acked)
				bad_rsp++;
			slot_free |= 1u << slot_of_id[r->id % NSLOT];
			acked++;
			any = true;
		}
		RING_FINAL_CHECK_FOR_RESPONSES(&front, more);
	} while (more);
	return any;
}

/* Map the frontend's grant read-only and compare with the copy. */
static void back_peek(const struct gr_request *r, const void *copy)
{
	grant_handle_t h;

	if (gnttab_map(peek_map, front_dom, r->gref, GNTMAP_readonly, &h)) {
		copy_err++;
		return;
	}
	if (memcmp(peek_map, copy, PAGE_SIZE))
		bad_sum++;
	if (gnttab_unmap(peek_map, h))
		copy_err++;
	peeks++;
}

/* Copy up to BATCH requested pages in one hypercall, check, answer. */
static bool back_serve(void)
{
	struct gnttab_copy c[BATCH];
	struct gr_request req[BATCH];
	unsigned int n = 0, i;
	int notify;

	while (n < BATCH && RING_HAS_UNCONSUMED_REQUESTS(&back)) {
		RING_COPY_REQUEST(&back, back.req_cons++, &req[n]);
		c[n] = (struct gnttab_copy){
			.source = { .u.ref = req[n].gref, .domid = front_dom },
			.dest = { .u.gmfn = virt_to_mfn(copy_buf[n]),
				  .domid = DOMID_SELF },
			.len = PAGE_SIZE, .flags = GNTCOPY_source_gref };
		n++;
	}
	if (!n)
		return false;
	if (gnttab_op(GNTTABOP_copy, c, n))
		copy_err++;
	for (i = 0; i < n; i++) {
		struct gr_response *r =
			RING_GET_RESPONSE(&back, back.rsp_prod_pvt++);
		bool ok = !c[i].status &&
			  page_checksum(copy_buf[i]) == req[i].sum &&
			  ((uint64_t *)copy_buf[i])[7] ==
				  pattern_word(req[i].id, 7);

		if (!c[i].status && req[i].id % 64 == 0)
			back_peek(&req[i], copy_buf[i]);
		r->id = req[i].id;
		r->status = ok ? 0 : c[i].status ? c[i].status : -1;
		bad_sum += !ok;
		served++;
	}
	RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&back, notify);
	if (notify)
		ev_send(back_port);
	return true;
}

static long back_attach(void)
{
	long rc = gnttab_map(ring_map, front_dom, RING_REF, 0, &ring_handle);

	if (rc)
		return rc;
	BACK_RING_INIT(&back, (struct gr_sring *)ring_map, PAGE_SIZE);
	return 0;
}

static void back_detach(void)
{
	CHECK_EQ(gnttab_unmap(ring_map, ring_handle), 0);
}

/* Sleep until p is pending (or 10 ms pass: the ring is checked anyway). */
static void wait_port(evtchn_port_t p)
{
	struct sched_poll sp = { .ports = &p, .nr_ports = 1 };

	if (!ev_is_pending(p)) {
		sp.timeout = pvclock_ns(0) + 10 * MS;
		hc_sched_op(SCHEDOP_poll, &sp);
	}
	ev_clear_pending(p);
}

static void report(unsigned long total, uint64_t t0)
{
	printk("%lu pages (%lu MiB) in %lu ms: %lu peeks, %lu bad sums, "
	       "%lu copy errors, %lu bad responses\n", served,
	       served >> 8, (unsigned long)((pvclock_ns(0) - t0) / MS), peeks,
	       bad_sum, copy_err, bad_rsp);
	CHECK_EQ(served, total);
	CHECK_EQ(bad_sum, 0);
	CHECK_EQ(copy_err, 0);
	CHECK_EQ(bad_rsp, 0);
}

/* Every grant the frontend made can be ended now: nothing maps it. */
static void front_end_grants(void)
{
	unsigned int i, busy = 0;

	busy += !__sync_bool_compare_and_swap(&gt[RING_REF].flags,
					      GTF_permit_access, 0);
	for (i = 0; i < NSLOT; i++)
		busy += !__sync_bool_compare_and_swap(
			&gt[DATA_REF + i].flags,
			GTF_permit_access | GTF_readonly, 0);
	CHECK_EQ(busy, 0);
}

static void alone(void)
{
	int a = ev_alloc_unbound(DOMID_SELF), b = ev_bind_loop(a);
	uint64_t t0 = pvclock_ns(0);

	CHECK(a > 0 && b > 0, "pair: %d %d", a, b);
	ev_mask_port(a);
	ev_mask_port(b);
	front_port = a;
	back_port = b;
	front_dom = 0;
	front_init(0);
	CHECK_EQ(back_attach(), 0);
	/* Still mapped: the frontend cannot end the ring's grant. */
	CHECK(!__sync_bool_compare_and_swap(&gt[RING_REF].flags,
					    GTF_permit_access, 0),
	      "ring grant ended while mapped");
	while (acked < PAGES_ALONE && !bad_rsp) {
		front_send(PAGES_ALONE);
		ev_clear_pending(b);
		back_serve();
		ev_clear_pending(a);
		front_collect();
	}
	back_detach();
	report(PAGES_ALONE, t0);
	front_end_grants();
}

/*
 * The port frontend domain fd offers, read through its PORT_REF grant
 * (granted before the ring, so it is there once the ring maps).  A real
 * frontend publishes it in XenStore; a domain may hold other unbound
 * ports for us (a boot-time domU's XenStore and console ports), so the
 * number cannot be guessed.
 */
static evtchn_port_t front_offered_port(void)
{
	struct gnttab_copy c = {
		.source = { .u.ref = PORT_REF, .domid = front_dom },
		.dest = { .u.gmfn = virt_to_mfn(copy_buf[0]),
			  .domid = DOMID_SELF },
		.len = sizeof(evtchn_port_t), .flags = GNTCOPY_source_gref };

	CHECK_EQ(gnttab_op(GNTTABOP_copy, &c, 1), 0);
	CHECK_EQ(c.status, GNTST_okay);
	return *(volatile evtchn_port_t *)copy_buf[0];
}

/* The backend against frontend domain fd. */
static void as_backend(domid_t fd)
{
	struct evtchn_bind_interdomain bi = { .remote_dom = fd };
	uint64_t t0;

	front_dom = fd;
	while (back_attach())
		hc_sched_op(SCHEDOP_yield, NULL);
	bi.remote_port = front_offered_port();
	while (evtchn_op(EVTCHNOP_bind_interdomain, &bi))
		hc_sched_op(SCHEDOP_yield, NULL);
	back_port = bi.local_port;
	ev_mask_port(back_port);
	t0 = pvclock_ns(0);
	while (served < PAGES_PEER && !bad_sum) {
		int more;

		if (back_serve())
			continue;
		RING_FINAL_CHECK_FOR_REQUESTS(&back, more);
		if (!more)
			wait_port(back_port);
	}
	back_detach();
	report(PAGES_PEER, t0);
}

/* The frontend for backend domain bd. */
static void as_frontend(domid_t bd)
{
	front_port = ev_alloc_unbound(bd);
	CHECK(front_port > 0, "alloc_unbound: %d", (int)front_port);
	ev_mask_port(front_port);
	*(volatile evtchn_port_t *)port_page = front_port;
	grant(PORT_REF, port_page, bd, GTF_permit_access | GTF_readonly);
	front_init(bd);
	while (acked < PAGES_PEER && !bad_rsp) {
		bool any = front_send(PAGES_PEER);

		if (!front_collect() && !any)
			wait_port(front_port);
	}
	printk("frontend: %lu pages acknowledged, %lu bad\n", acked,
	       bad_rsp);
	CHECK_EQ(acked, PAGES_PEER);
	CHECK_EQ(bad_rsp, 0);
}

/*
 * Who plays what: dom0 is the backend and domain 1 the frontend, unless
 * the command lines say "frontend" (dom0) and "backend" (domain 1): then
 * an unprivileged domain maps dom0's grants.
 */
static bool arg(const char *word)
{
	return strstr((const char *)start_info->cmd_line, word) != NULL;
}

void test_main(void)
{
	struct evtchn_status st;
	bool dom0 = start_info->flags & SIF_INITDOMAIN;

	if (ev_setup())
		return;
	if (gnttab_map_table(table_va)) {
		test_error("grant table setup failed");
		return;
	}
	if (!dom0) {
		if (arg("backend"))
			as_backend(0);
		else
			as_frontend(0);
		hc_shutdown(SHUTDOWN_poweroff);
	}
	if (ev_status(1, 0, &st) == -XEN_ESRCH) {
		printk("no domain 1: loopback\n");
		alone();
	} else if (arg("frontend")) {
		as_frontend(1);
	} else {
		as_backend(1);
	}
}
