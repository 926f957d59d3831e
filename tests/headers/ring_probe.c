/*
 * Behavioural check of io/ring.h: the ring macros are ABI (both ends of a
 * ring may come from different code bases), so this program drives a
 * ring through a fixed script and prints every index and decision.  The
 * suite builds it against our header and against Xen's and requires the
 * two transcripts to be identical.
 *
 * RING_HDR names the header: <public/io/ring.h> or <xen/io/ring.h>.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define xen_mb() __sync_synchronize()
#define xen_rmb() __sync_synchronize()
#define xen_wmb() __sync_synchronize()
#include RING_HDR

struct probe_req {
	uint64_t id;
	uint32_t op;
};
struct probe_rsp {
	uint64_t id;
	int16_t status;
};
DEFINE_RING_TYPES(probe, struct probe_req, struct probe_rsp);

static union {
	struct probe_sring s;
	unsigned char page[4096];
} shared;

static void show(const char *what, struct probe_front_ring *f,
		 struct probe_back_ring *b)
{
	printf("%s: req_prod=%u req_event=%u rsp_prod=%u rsp_event=%u "
	       "fpvt=%u fcons=%u bpvt=%u bcons=%u free=%u full=%d "
	       "ureq=%u ursp=%u\n",
	       what, shared.s.req_prod, shared.s.req_event, shared.s.rsp_prod,
	       shared.s.rsp_event, f->req_prod_pvt, f->rsp_cons,
	       b->rsp_prod_pvt, b->req_cons, (unsigned)RING_FREE_REQUESTS(f),
	       (int)RING_FULL(f), (unsigned)RING_HAS_UNCONSUMED_REQUESTS(b),
	       (unsigned)RING_HAS_UNCONSUMED_RESPONSES(f));
}

static void produce(struct probe_front_ring *f, unsigned int n)
{
	int notify;

	while (n-- && !RING_FULL(f)) {
		struct probe_req *rq = RING_GET_REQUEST(f, f->req_prod_pvt);

		rq->id = f->req_prod_pvt;
		rq->op = 7;
		f->req_prod_pvt++;
	}
	RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(f, notify);
	printf("push requests notify=%d\n", notify);
}

static void serve(struct probe_back_ring *b, unsigned int n)
{
	int notify, more;

	while (n-- && RING_HAS_UNCONSUMED_REQUESTS(b)) {
		struct probe_req rq;
		struct probe_rsp *rs;

		RING_COPY_REQUEST(b, b->req_cons, &rq);
		b->req_cons++;
		rs = RING_GET_RESPONSE(b, b->rsp_prod_pvt);
		rs->id = rq.id;
		rs->status = (int16_t)rq.op;
		b->rsp_prod_pvt++;
	}
	RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(b, notify);
	RING_FINAL_CHECK_FOR_REQUESTS(b, more);
	printf("push responses notify=%d more=%d overflow=%d\n", notify,
	       more ? 1 : 0,
	       (int)RING_REQUEST_CONS_OVERFLOW(b, b->req_cons));
}

static void collect(struct probe_front_ring *f)
{
	int more;

	do {
		while (RING_HAS_UNCONSUMED_RESPONSES(f)) {
			struct probe_rsp *rs;

			rs = RING_GET_RESPONSE(f, f->rsp_cons);

			printf("rsp id=%llu status=%d\n",
			       (unsigned long long)rs->id, rs->status);
			f->rsp_cons++;
		}
		RING_FINAL_CHECK_FOR_RESPONSES(f, more);
	} while (more);
}

int main(void)
{
	struct probe_front_ring f;
	struct probe_back_ring b;
	unsigned int round;

	memset(&shared, 0xaa, sizeof(shared));
	SHARED_RING_INIT(&shared.s);
	FRONT_RING_INIT(&f, &shared.s, sizeof(shared));
	BACK_RING_INIT(&b, &shared.s, sizeof(shared));
	printf("const size=%u entry=%zu ring-offset=%zu pad0=%u\n",
	       (unsigned)__CONST_RING_SIZE(probe, 4096),
	       sizeof(shared.s.ring[0]),
	       (size_t)((char *)shared.s.ring - (char *)&shared.s),
	       shared.s.__pad[0]);
	show("init", &f, &b);
	for (round = 0; round < 12; round++) {
		produce(&f, 37 + round * 29);
		show("produced", &f, &b);
		serve(&b, 50 + round * 11);
		show("served", &f, &b);
		if (round % 3 != 2)
			collect(&f);
		show("collected", &f, &b);
	}
	/*
	 * Small batches in every combination, so that each notification
	 * boundary case (event index just below, at, and past the old and
	 * new producer) comes up, including an event index set by hand.
	 */
	for (round = 0; round < 64; round++) {
		produce(&f, round % 5);
		if (round % 7 == 3)
			shared.s.rsp_event = shared.s.rsp_prod;
		serve(&b, round % 3);
		if (round % 4 == 1)
			shared.s.req_event = shared.s.req_prod;
		if (round % 2)
			collect(&f);
		show("small", &f, &b);
	}
	/* Wrap the 32-bit indices: attach both sides near UINT_MAX. */
	shared.s.req_prod = shared.s.rsp_prod = 0xfffffff0u;
	shared.s.req_event = shared.s.rsp_event = 0xfffffff1u;
	FRONT_RING_ATTACH(&f, &shared.s, 0xfffffff0u, sizeof(shared));
	BACK_RING_ATTACH(&b, &shared.s, 0xfffffff0u, sizeof(shared));
	for (round = 0; round < 4; round++) {
		produce(&f, 20);
		serve(&b, 15);
		collect(&f);
		show("wrapped", &f, &b);
	}
	/* The overflow predicates at their boundaries. */
	for (round = 0; round < 3; round++) {
		RING_IDX n = RING_SIZE(&b) - 1 + round;

		printf("overflow n=%u cons=%d reqprod=%d rspprod=%d\n", n,
		       (int)RING_REQUEST_CONS_OVERFLOW(&b, b.rsp_prod_pvt + n),
		       (int)RING_REQUEST_PROD_OVERFLOW(&b, b.rsp_prod_pvt + n),
		       (int)RING_RESPONSE_PROD_OVERFLOW(&f, f.rsp_cons + n));
	}
	/* A hostile req_prod far ahead: unconsumed requests stay bounded. */
	shared.s.req_prod += 100000;
	show("hostile", &f, &b);
	return 0;
}
