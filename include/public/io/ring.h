/*
 * Shared I/O rings: the request/response queue under every split driver
 * (block, network, TPM, ...).
 *
 * A frontend and a backend share one page (or a few).  It starts with a
 * 64-byte header of four free-running 32-bit indices, then an array of
 * slots; each slot holds a request or, later, the response to it (a
 * union, so a response reuses its request's slot).  The number of slots
 * is the largest power of two that fits, so an index maps to a slot by
 * masking and the indices may wrap freely.
 *
 *   req_prod   frontend: requests produced so far
 *   rsp_prod   backend: responses produced so far
 *   req_event  backend: "notify me when req_prod passes this"
 *   rsp_event  frontend: "notify me when rsp_prod passes this"
 *
 * Each side also keeps private state in its own memory (struct
 * NAME_front_ring / NAME_back_ring): how far it has produced before
 * publishing (req_prod_pvt / rsp_prod_pvt) and how far it has consumed
 * (rsp_cons / req_cons).  Only the producer index and the event index of
 * each direction live in shared memory, and each is written by one side.
 *
 * Notification rule: after publishing a batch that moved a producer
 * index from 'old' to 'new', the producer notifies the peer (an event
 * channel send) only if the peer's event index lies in (old, new].
 * Before going idle, a consumer sets its event index to one past what it
 * consumed, then checks once more (RING_FINAL_CHECK_FOR_*), so no
 * request is ever left without a notification.
 *
 * The layout (64-byte header, power-of-two slot count) and this protocol
 * are the ABI; the macros below are this project's own implementation.
 * Memory barriers default to compiler builtins; define xen_mb, xen_rmb and
 * xen_wmb first to use others.
 */
#ifndef XEN_PUBLIC_IO_RING_H
#define XEN_PUBLIC_IO_RING_H

#include <stdint.h>

#ifndef xen_mb
#define xen_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#endif
#ifndef xen_rmb
#define xen_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#endif
#ifndef xen_wmb
#define xen_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#endif

typedef unsigned int RING_IDX;

/* Largest power of two <= x, for x > 0 (a constant expression). */
#define XEN_RING_POW2_FLOOR(x) (1u << (31 - __builtin_clz((unsigned int)(x))))

/* Slots of ring type 'name' in 'bytes' of shared memory. */
#define __CONST_RING_SIZE(name, bytes)                                   \
	XEN_RING_POW2_FLOOR(((bytes) -                                   \
			     __builtin_offsetof(struct name##_sring, ring)) / \
			    sizeof(((struct name##_sring *)0)->ring[0]))

/* The same from a pointer to the shared ring. */
#define __RING_SIZE(s, bytes)                                            \
	XEN_RING_POW2_FLOOR(((bytes) - (unsigned long)((char *)(s)->ring -  \
						       (char *)(s))) /    \
			    sizeof((s)->ring[0]))

/*
 * Declare the ring types of a protocol: union NAME_sring_entry, struct
 * NAME_sring (the shared page), struct NAME_front_ring and struct
 * NAME_back_ring (each side's private view), with _t typedefs.  The pvt
 * bytes belong to particular protocols (netif's smartpoll flag).
 */
#define DEFINE_RING_TYPES(name, req_t, rsp_t)                            \
	union name##_sring_entry {                                       \
		req_t req;                                               \
		rsp_t rsp;                                               \
	};                                                               \
	struct name##_sring {                                            \
		RING_IDX req_prod, req_event;                            \
		RING_IDX rsp_prod, rsp_event;                            \
		union {                                                  \
			struct {                                         \
				uint8_t smartpoll_active;                \
			} netif;                                         \
			struct {                                         \
				uint8_t msg;                             \
			} tapif_user;                                    \
			uint8_t pvt_pad[4];                              \
		} pvt;                                                   \
		uint8_t __pad[44];                                       \
		union name##_sring_entry ring[1]; /* really more */      \
	};                                                               \
	struct name##_front_ring {                                       \
		RING_IDX req_prod_pvt;                                   \
		RING_IDX rsp_cons;                                       \
		unsigned int nr_ents;                                    \
		struct name##_sring *sring;                              \
	};                                                               \
	struct name##_back_ring {                                        \
		RING_IDX rsp_prod_pvt;                                   \
		RING_IDX req_cons;                                       \
		unsigned int nr_ents;                                    \
		struct name##_sring *sring;                              \
	};                                                               \
	typedef struct name##_sring name##_sring_t;                      \
	typedef struct name##_front_ring name##_front_ring_t;            \
	typedef struct name##_back_ring name##_back_ring_t

/* Zero a fresh shared ring; both event indices start at 1. */
#define SHARED_RING_INIT(s)                                              \
	do {                                                             \
		unsigned int i_;                                         \
		(s)->req_prod = (s)->rsp_prod = 0;                       \
		(s)->req_event = (s)->rsp_event = 1;                     \
		for (i_ = 0; i_ < sizeof((s)->pvt.pvt_pad); i_++)        \
			(s)->pvt.pvt_pad[i_] = 0;                        \
		for (i_ = 0; i_ < sizeof((s)->__pad); i_++)              \
			(s)->__pad[i_] = 0;                              \
	} while (0)

/* Attach a side's private view to a shared ring at index i. */
#define FRONT_RING_ATTACH(r, s, i, bytes)                                \
	do {                                                             \
		(r)->req_prod_pvt = (i);                                 \
		(r)->rsp_cons = (i);                                     \
		(r)->nr_ents = __RING_SIZE(s, bytes);                    \
		(r)->sring = (s);                                        \
	} while (0)
#define FRONT_RING_INIT(r, s, bytes) FRONT_RING_ATTACH(r, s, 0, bytes)
#define XEN_FRONT_RING_INIT(r, s, bytes)                                 \
	do {                                                             \
		SHARED_RING_INIT(s);                                     \
		FRONT_RING_INIT(r, s, bytes);                            \
	} while (0)

#define BACK_RING_ATTACH(r, s, i, bytes)                                 \
	do {                                                             \
		(r)->rsp_prod_pvt = (i);                                 \
		(r)->req_cons = (i);                                     \
		(r)->nr_ents = __RING_SIZE(s, bytes);                    \
		(r)->sring = (s);                                        \
	} while (0)
#define BACK_RING_INIT(r, s, bytes) BACK_RING_ATTACH(r, s, 0, bytes)

#define RING_SIZE(r) ((r)->nr_ents)

/* Frontend: slots free for new requests (requests minus responses). */
#define RING_FREE_REQUESTS(r)                                            \
	(RING_SIZE(r) - ((r)->req_prod_pvt - (r)->rsp_cons))
#define RING_FULL(r) (RING_FREE_REQUESTS(r) == 0)

/* Frontend: responses published but not yet consumed. */
#define XEN_RING_NR_UNCONSUMED_RESPONSES(r)                              \
	((r)->sring->rsp_prod - (r)->rsp_cons)

/*
 * Backend: requests published but not consumed, never more than the
 * slots not holding an unconsumed response (a frontend cannot make the
 * backend read past the ring by publishing a bogus req_prod).
 */
#define XEN_RING_NR_UNCONSUMED_REQUESTS(r)                               \
	(((r)->sring->req_prod - (r)->req_cons) <                        \
			 (RING_SIZE(r) - ((r)->req_cons - (r)->rsp_prod_pvt)) \
		 ? ((r)->sring->req_prod - (r)->req_cons)                \
		 : (RING_SIZE(r) - ((r)->req_cons - (r)->rsp_prod_pvt)))

#define RING_HAS_UNCONSUMED_RESPONSES(r) XEN_RING_NR_UNCONSUMED_RESPONSES(r)
#define RING_HAS_UNCONSUMED_REQUESTS(r) XEN_RING_NR_UNCONSUMED_REQUESTS(r)

/* The slot of index idx. */
#define RING_GET_REQUEST(r, idx)                                         \
	(&((r)->sring->ring[(idx) & (RING_SIZE(r) - 1)].req))
#define RING_GET_RESPONSE(r, idx)                                        \
	(&((r)->sring->ring[(idx) & (RING_SIZE(r) - 1)].rsp))

/*
 * Copy a slot out of shared memory in one go, so the peer cannot change
 * it between two reads (use on the receiving side of untrusted rings).
 */
#define RING_COPY_(kind, r, idx, dest)                                   \
	do {                                                             \
		*(dest) = *(volatile __typeof__(dest))RING_GET_##kind(r, idx); \
	} while (0)
#define RING_COPY_REQUEST(r, idx, req) RING_COPY_(REQUEST, r, idx, req)
#define RING_COPY_RESPONSE(r, idx, rsp) RING_COPY_(RESPONSE, r, idx, rsp)

/* Did the peer claim more than the ring can hold? */
#define RING_REQUEST_CONS_OVERFLOW(r, cons)                              \
	(((cons) - (r)->rsp_prod_pvt) >= RING_SIZE(r))
#define RING_REQUEST_PROD_OVERFLOW(r, prod)                              \
	(((prod) - (r)->rsp_prod_pvt) > RING_SIZE(r))
#define RING_RESPONSE_PROD_OVERFLOW(r, prod)                             \
	(((prod) - (r)->rsp_cons) > RING_SIZE(r))

/* Publish: slot contents become visible before the producer index. */
#define RING_PUSH_REQUESTS(r)                                            \
	do {                                                             \
		xen_wmb();                                               \
		(r)->sring->req_prod = (r)->req_prod_pvt;                \
	} while (0)
#define RING_PUSH_RESPONSES(r)                                           \
	do {                                                             \
		xen_wmb();                                               \
		(r)->sring->rsp_prod = (r)->rsp_prod_pvt;                \
	} while (0)

/* Publish, and set notify if the peer's event index was passed. */
#define XEN_RING_PUSH_CHECK_(prod, event, pvt, notify)                   \
	do {                                                             \
		RING_IDX old_ = (prod);                                  \
		RING_IDX new_ = (pvt);                                   \
		xen_wmb();                                               \
		(prod) = new_;                                           \
		xen_mb();                                                \
		(notify) = ((RING_IDX)(new_ - (event)) <                 \
			    (RING_IDX)(new_ - old_));                    \
	} while (0)
#define RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(r, notify)                   \
	XEN_RING_PUSH_CHECK_((r)->sring->req_prod, (r)->sring->req_event, \
			     (r)->req_prod_pvt, notify)
#define RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(r, notify)                  \
	XEN_RING_PUSH_CHECK_((r)->sring->rsp_prod, (r)->sring->rsp_event, \
			     (r)->rsp_prod_pvt, notify)

/*
 * Before sleeping: if nothing is left, ask for a notification on the
 * next item and look once more (an item may have come in between).
 */
#define RING_FINAL_CHECK_FOR_REQUESTS(r, work)                           \
	do {                                                             \
		(work) = RING_HAS_UNCONSUMED_REQUESTS(r);                \
		if (work)                                                \
			break;                                           \
		(r)->sring->req_event = (r)->req_cons + 1;               \
		xen_mb();                                                \
		(work) = RING_HAS_UNCONSUMED_REQUESTS(r);                \
	} while (0)
#define RING_FINAL_CHECK_FOR_RESPONSES(r, work)                          \
	do {                                                             \
		(work) = RING_HAS_UNCONSUMED_RESPONSES(r);               \
		if (work)                                                \
			break;                                           \
		(r)->sring->rsp_event = (r)->rsp_cons + 1;               \
		xen_mb();                                                \
		(work) = RING_HAS_UNCONSUMED_RESPONSES(r);               \
	} while (0)

#ifndef XEN_PAGE_SHIFT
#define XEN_PAGE_SHIFT 12
#endif
/* Bytes of one direction of a "flex" ring of 2^order pages (TODO: the
 * DEFINE_XEN_FLEX_RING helpers of pvcalls/9pfs are not transcribed). */
#define XEN_FLEX_RING_SIZE(order) (1UL << ((order) + XEN_PAGE_SHIFT - 1))

#endif /* XEN_PUBLIC_IO_RING_H */
