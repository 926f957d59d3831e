/*
 * ring_destroy: a domain destroyed in the middle of a grant transfer.
 *
 * Domain 1 (the producer) grants dom0 a ring page read-write and NSLOT
 * data pages read-only, and keeps filling data pages with a pattern
 * derived from a sequence number, queueing {id, grant, checksum}
 * requests on the ring.  Dom0 (the consumer) maps the ring, copies each
 * page out with GNTTABOP_copy, checks the checksum and the pattern, and
 * answers.  After MOVE_CI pages (MOVE_FULL with "full" on dom0's command
 * line) dom0 maps one more data page and, with the producer still
 * running, destroys domain 1.  Then:
 *
 *   - domain 1 is a zombie (XEN_DOMINF_dying) holding exactly the two
 *     pages dom0 still maps, which still read as before (the data page
 *     is that of a request dom0 took and never answered, so the
 *     producer could not refill it before it died);
 *   - a copy from its grants fails (the granter is gone);
 *   - dom0's end of the event channel is unbound;
 *   - unmapping both pages reaps it (getdomaininfo -ESRCH), and the
 *     free page count grew by at least every page it had.
 *
 *   scripts/qemu.sh --hv xenolith --append dom0_mem=64M \
 *     --module "build/guest/ring_destroy.elf -- full" \
 *     --module "build/guest/ring_destroy.elf domU mem=32M" \
 *     --until 'Test result:' --timeout 1800
 */
#include "../evtchn_common/ev.h"
#include <public/io/ring.h>
#include "../mmu_common/mmu.h"
#include "domctl.h"
#include "gnttab.h"
#include "pattern.h"

const char test_title[] = "ring_destroy: destroy a producer mid-transfer";

struct rd_request {
	uint32_t id;
	grant_ref_t gref;
	uint64_t sum;
};

struct rd_response {
	uint32_t id;
	int32_t status;
};

DEFINE_RING_TYPES(rd, struct rd_request, struct rd_response);

#define RING_REF 8
#define DATA_REF 16
#define NSLOT 16
#define BATCH 8
#define MOVE_CI (1ul << 13)	/* 32 MiB */
#define MOVE_FULL (1ul << 18)	/* 1 GiB */

static char table_va[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char ring_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char data[NSLOT][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char ring_map[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char peek_map[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static char copy_buf[BATCH][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static grant_entry_v1_t *const gt = (grant_entry_v1_t *)table_va;

static void grant(grant_ref_t ref, void *page, uint16_t flags)
{
	gnttab_grant_v1(&gt[ref], 0, page, flags);
}

/* ---- domain 1: the producer, until it is destroyed ---- */

static void __attribute__((noreturn)) producer(void)
{
	struct rd_front_ring f;
	uint32_t slot_free = (1u << NSLOT) - 1, slot_of[NSLOT], sent = 0;

	SHARED_RING_INIT((struct rd_sring *)ring_page);
	FRONT_RING_INIT(&f, (struct rd_sring *)ring_page, PAGE_SIZE);
	grant(RING_REF, ring_page, GTF_permit_access);
	for (unsigned int i = 0; i < NSLOT; i++)
		grant(DATA_REF + i, data[i], GTF_permit_access | GTF_readonly);
	ev_alloc_unbound(0);
	for (;;) {
		while (slot_free && !RING_FULL(&f)) {
			unsigned int i = __builtin_ctz(slot_free);
			struct rd_request *r;

			pattern_fill(data[i], sent);
			r = RING_GET_REQUEST(&f, f.req_prod_pvt++);
			*r = (struct rd_request){ sent, DATA_REF + i,
						  page_checksum(data[i]) };
			slot_of[sent % NSLOT] = i;
			slot_free &= ~(1u << i);
			sent++;
		}
		RING_PUSH_REQUESTS(&f);
		while (RING_HAS_UNCONSUMED_RESPONSES(&f)) {
			struct rd_response *r =
				RING_GET_RESPONSE(&f, f.rsp_cons++);

			slot_free |= 1u << slot_of[r->id % NSLOT];
		}
		hc_sched_op(SCHEDOP_yield, NULL);
	}
}

/* ---- dom0: the consumer ---- */

static struct rd_back_ring back;
static unsigned long served, bad_sum, copy_err;

/* Copy up to BATCH requested pages out of domain 1, check, answer. */
static void serve(void)
{
	struct gnttab_copy c[BATCH];
	struct rd_request req[BATCH];
	unsigned int n = 0;

	while (n < BATCH && RING_HAS_UNCONSUMED_REQUESTS(&back)) {
		RING_COPY_REQUEST(&back, back.req_cons++, &req[n]);
		c[n] = (struct gnttab_copy){
			.source = { .u.ref = req[n].gref, .domid = 1 },
			.dest = { .u.gmfn = virt_to_mfn(copy_buf[n]),
				  .domid = DOMID_SELF },
			.len = PAGE_SIZE, .flags = GNTCOPY_source_gref };
		n++;
	}
	if (n && gnttab_op(GNTTABOP_copy, c, n))
		copy_err++;
	for (unsigned int i = 0; i < n; i++) {
		struct rd_response *r =
			RING_GET_RESPONSE(&back, back.rsp_prod_pvt++);
		bool ok = !c[i].status && req[i].id == served &&
			  page_checksum(copy_buf[i]) == req[i].sum &&
			  ((uint64_t *)copy_buf[i])[7] ==
				  pattern_word(req[i].id, 7);

		copy_err += c[i].status != 0;
		bad_sum += !ok;
		*r = (struct rd_response){ req[i].id, ok ? 0 : -1 };
		served++;
	}
	RING_PUSH_RESPONSES(&back);
	if (!n)
		hc_sched_op(SCHEDOP_yield, NULL);
}

/* What must hold once domain 1 is destroyed while we map two pages. */
static void check_zombie(evtchn_port_t port, unsigned long peek_word)
{
	struct gnttab_copy c = {
		.source = { .u.ref = DATA_REF, .domid = 1 },
		.dest = { .u.gmfn = virt_to_mfn(copy_buf[0]),
			  .domid = DOMID_SELF },
		.len = PAGE_SIZE, .flags = GNTCOPY_source_gref };
	struct evtchn_status st;

	memset(&dc, 0, sizeof(dc));
	CHECK_EQ(domctl(XEN_DOMCTL_getdomaininfo, 1), 0);
	CHECK_EQ(dc.domain, 1);
	CHECK(dc.u.getdomaininfo.flags & XEN_DOMINF_dying, "flags %#x",
	      dc.u.getdomaininfo.flags);
	CHECK_EQ(dc.u.getdomaininfo.tot_pages, 2);
	CHECK_EQ(((uint64_t *)peek_map)[7], peek_word);
	CHECK_EQ(gnttab_op(GNTTABOP_copy, &c, 1), 0);
	CHECK(c.status != GNTST_okay, "copy from a dead domain worked");
	CHECK_EQ(ev_status(DOMID_SELF, port, &st), 0);
	CHECK_EQ(st.status, EVTCHNSTAT_unbound);
}

static void consumer(unsigned long move)
{
	struct evtchn_bind_interdomain bi = { .remote_dom = 1,
					      .remote_port = 1 };
	grant_handle_t ring_h, peek_h;
	struct rd_request held;
	unsigned long before, after, pages;
	uint64_t peek_word;

	while (gnttab_map(ring_map, 1, RING_REF, 0, &ring_h))
		hc_sched_op(SCHEDOP_yield, NULL);
	while (evtchn_op(EVTCHNOP_bind_interdomain, &bi))
		hc_sched_op(SCHEDOP_yield, NULL);
	BACK_RING_INIT(&back, (struct rd_sring *)ring_map, PAGE_SIZE);
	while (served < move && !bad_sum && !copy_err)
		serve();
	/*
	 * Take one more request and never answer it: its data page is the
	 * one slot the still-running producer cannot refill, so what we
	 * read through the mapping must survive the destruction unchanged.
	 */
	while (!RING_HAS_UNCONSUMED_REQUESTS(&back))
		hc_sched_op(SCHEDOP_yield, NULL);
	RING_COPY_REQUEST(&back, back.req_cons++, &held);
	CHECK_EQ(gnttab_map(peek_map, 1, held.gref, GNTMAP_readonly, &peek_h),
		 0);
	peek_word = ((uint64_t *)peek_map)[7];
	CHECK_EQ(peek_word, pattern_word(held.id, 7));
	memset(&dc, 0, sizeof(dc));
	CHECK_EQ(domctl(XEN_DOMCTL_getdomaininfo, 1), 0);
	pages = dc.u.getdomaininfo.tot_pages;
	before = sysctl_free_pages();
	CHECK_EQ(domctl(XEN_DOMCTL_destroydomain, 1), 0);
	check_zombie(bi.local_port, peek_word);
	CHECK_EQ(gnttab_unmap(peek_map, peek_h), 0);
	CHECK_EQ(gnttab_unmap(ring_map, ring_h), 0);
	memset(&dc, 0, sizeof(dc));
	CHECK_EQ(domctl(XEN_DOMCTL_getdomaininfo, 1), -XEN_ESRCH);
	after = sysctl_free_pages();
	printk("destroyed mid-transfer after %lu MiB (%lu pages), %lu bad "
	       "sums, %lu copy errors; domain 1 had %lu pages, free pages "
	       "%lu -> %lu (+%lu)\n", served >> 8, served, bad_sum, copy_err,
	       pages, before, after, after - before);
	CHECK_EQ(bad_sum, 0);
	CHECK_EQ(copy_err, 0);
	CHECK(after >= before + pages, "only %lu of %lu pages came back",
	      after - before, pages);
}

void test_main(void)
{
	struct evtchn_status st;
	bool full = strstr((const char *)start_info->cmd_line, "full");

	if (ev_setup())
		return;
	if (gnttab_map_table(table_va)) {
		test_error("grant table setup failed");
		return;
	}
	if (!(start_info->flags & SIF_INITDOMAIN))
		producer();
	if (ev_status(1, 0, &st) == -XEN_ESRCH) {
		printk("no domain 1: nothing to destroy\n");
		return;
	}
	consumer(full ? MOVE_FULL : MOVE_CI);
}
