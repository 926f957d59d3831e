/*
 * The FIFO event ABI: per-vCPU queues of events, by priority.
 *
 * Each port has a 32-bit event word in guest memory, in pages the guest
 * hands over one at a time (EVTCHNOP_expand_array, 1024 words a page):
 *
 *   bit 31 PENDING  bit 30 MASKED  bit 29 LINKED  bit 28 BUSY
 *   bits 0-16 LINK: the next port in the queue (0: end)
 *
 * Each vCPU registers a control block (EVTCHNOP_init_control) holding a
 * READY bitmap of non-empty queues and HEAD[16], the first port of each
 * of its 16 priority queues (0 highest).  A queue is a singly linked list
 * through the LINK fields; the hypervisor appends at the tail it
 * remembers, the guest consumes from the head.
 *
 * Raising an event: set PENDING; unless it is MASKED or already LINKED,
 * set LINKED and append it, either by writing its port into the LINK of
 * the queue's tail word (while that word is still LINKED, checked with
 * compare-and-swap because the guest may unlink it at the same moment)
 * or, if the queue was empty, by writing HEAD; then set the queue's
 * READY bit and, on that bit's 0 -> 1 edge, the vCPU's upcall flag.
 *
 * An event is appended to the queue of its notified vCPU and priority at
 * the time it is linked; a change of either applies from its next
 * linking.  Remembering the queue it was last linked on lets us forget
 * a stale tail that now belongs to another queue.
 *
 * Ports whose word page does not exist yet remember a pending event in
 * struct evtchn and raise it when the page arrives, so switching from
 * 2-level (whose pending bits are carried over) loses nothing.
 *
 * All queue state is protected by the domain's event lock: every path
 * that raises an event in a domain holds it.
 */
#include <xenolith/lib.h>
#include <xenolith/event.h>
#include "evtchn_bits.h"

#define WORDS_PER_PAGE (PAGE_SIZE / sizeof(uint32_t))
#define MAX_ARRAY_PAGES (EVTCHN_FIFO_NR_CHANNELS / WORDS_PER_PAGE)
#define LINK_TRIES 8

struct evtchn_fifo_queue {
	evtchn_port_t tail;	/* last port appended, 0: none known */
};

struct evtchn_fifo_vcpu {
	struct evtchn_fifo_control_block *cb;	/* NULL: not registered */
	void *cb_page;				/* mapping to undo */
	struct evtchn_fifo_queue q[EVTCHN_FIFO_MAX_QUEUES];
};

struct evtchn_fifo_domain {
	uint32_t *array[MAX_ARRAY_PAGES];	/* event word pages */
	unsigned int nr_words;			/* ports with a word */
	struct evtchn_fifo_vcpu vcpu[EVTCHN_MAX_VCPUS];
};

_Static_assert(sizeof(struct evtchn_fifo_domain) <= PAGE_SIZE,
	       "FIFO state is one page");

static uint32_t *word_of(const struct evtchn_domain *ed, evtchn_port_t port)
{
	const struct evtchn_fifo_domain *f = ed->fifo;

	if (!f || port >= f->nr_words)
		return NULL;
	return f->array[port / WORDS_PER_PAGE] + port % WORDS_PER_PAGE;
}

/*
 * Make port the LINK of tail_word if that word is still linked.  The
 * guest may set or clear MASKED, clear PENDING or unlink the word
 * meanwhile; each such change makes the swap fail and we look again.
 * False: the tail was consumed, the queue is empty.
 */
static bool link_after(const struct evtchn_domain *ed, uint32_t *tail_word,
		       evtchn_port_t port)
{
	uint32_t old = __atomic_load_n(tail_word, __ATOMIC_SEQ_CST), new;
	unsigned int i;

	for (i = 0; i < LINK_TRIES; i++) {
		if (!(old & (1U << EVTCHN_FIFO_LINKED)))
			return false;
		new = (old & ~((1U << EVTCHN_FIFO_BUSY) |
			       EVTCHN_FIFO_LINK_MASK)) | port;
		if (__atomic_compare_exchange_n(tail_word, &old, new, false,
						__ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST))
			return true;
	}
	printk(XENLOG_G_WARNING "d%u: FIFO port %u: tail kept changing\n",
	       ed->domid, port);
	return true;
}

/* Append port (its word just became LINKED) to queue prio of vcpu.
 * True when the queue was empty: HEAD was written. */
static bool enqueue(struct evtchn_domain *ed, struct evtchn *chn,
		    evtchn_port_t port)
{
	struct evtchn_fifo_domain *f = ed->fifo;
	struct evtchn_fifo_vcpu *fv = &f->vcpu[chn->notify_vcpu];
	struct evtchn_fifo_queue *q = &fv->q[chn->priority];
	struct evtchn_fifo_queue *old_q =
		&f->vcpu[chn->last_vcpu].q[chn->last_priority];
	bool linked = false;

	/* It was the tail of its old queue, which the guest has emptied
	 * since: forget it, or the next event there would link to it. */
	if (old_q->tail == port)
		old_q->tail = 0;
	chn->last_vcpu = chn->notify_vcpu;
	chn->last_priority = chn->priority;
	if (q->tail)
		linked = link_after(ed, word_of(ed, q->tail), port);
	if (!linked)
		__atomic_store_n(&fv->cb->head[chn->priority], port,
				 __ATOMIC_SEQ_CST);
	q->tail = port;
	return !linked;
}

static void fifo_set_pending(struct evtchn_domain *ed, evtchn_port_t port)
{
	struct evtchn *chn = evtchn_from_port(ed, port);
	struct evtchn_fifo_vcpu *fv = &ed->fifo->vcpu[chn->notify_vcpu];
	uint32_t *word = word_of(ed, port);
	bool was_pending;

	if (!word) {
		chn->fifo_pending = true;
		return;
	}
	was_pending = ev32_test_and_set(EVTCHN_FIFO_PENDING, word);
	/* No control block: the guest cannot have unmasked anything yet. */
	if (fv->cb && !ev32_test(EVTCHN_FIFO_MASKED, word) &&
	    !ev32_test_and_set(EVTCHN_FIFO_LINKED, word) &&
	    enqueue(ed, chn, port) &&
	    !ev32_test_and_set(chn->priority, &fv->cb->ready))
		evtchn_mark_upcall(ed, chn->notify_vcpu);
	if (!was_pending)
		evtchn_env_port_pending(ed, port);
}

/* The guest unlinks and skips events that are no longer pending. */
static void fifo_clear_pending(struct evtchn_domain *ed, evtchn_port_t port)
{
	uint32_t *word = word_of(ed, port);

	if (word)
		ev32_clear(EVTCHN_FIFO_PENDING, word);
	evtchn_from_port(ed, port)->fifo_pending = false;
}

static void fifo_unmask(struct evtchn_domain *ed, evtchn_port_t port)
{
	uint32_t *word = word_of(ed, port);

	if (!word)
		return;
	ev32_clear(EVTCHN_FIFO_MASKED, word);
	if (ev32_test(EVTCHN_FIFO_PENDING, word))
		fifo_set_pending(ed, port);
}

static bool fifo_is_pending(const struct evtchn_domain *ed,
			    evtchn_port_t port)
{
	const uint32_t *word = word_of(ed, port);

	return word ? ev32_test(EVTCHN_FIFO_PENDING, word) :
		      evtchn_from_port(ed, port)->fifo_pending;
}

static bool fifo_is_masked(const struct evtchn_domain *ed, evtchn_port_t port)
{
	const uint32_t *word = word_of(ed, port);

	return !word || ev32_test(EVTCHN_FIFO_MASKED, word);
}

static int fifo_set_priority(struct evtchn_domain *ed, struct evtchn *chn,
			     unsigned int priority)
{
	(void)ed;		/* the 2-level ABI has no hook at all */
	if (priority > EVTCHN_FIFO_PRIORITY_MIN)
		return -XEN_EINVAL;
	chn->priority = priority;	/* from its next linking on */
	return 0;
}

const struct evtchn_port_ops evtchn_ops_fifo = {
	.name = "FIFO",
	.abi_max_ports = EVTCHN_FIFO_NR_CHANNELS,
	.set_pending = fifo_set_pending,
	.clear_pending = fifo_clear_pending,
	.unmask = fifo_unmask,
	.is_pending = fifo_is_pending,
	.is_masked = fifo_is_masked,
	.set_priority = fifo_set_priority,
};

/* Give vCPU op->vcpu the control block in page; ed locked. */
static int attach_control_block(struct evtchn_domain *ed,
				const struct evtchn_init_control *op,
				void *page)
{
	struct evtchn_fifo_vcpu *fv = &ed->fifo->vcpu[op->vcpu];

	if (fv->cb)
		return -XEN_EINVAL;
	fv->cb_page = page;
	fv->cb = (void *)((char *)page + op->offset);
	return 0;
}

/*
 * Leave 2-level: every bound port keeps its pending state (raised again
 * once its word page exists) and starts at the default priority.
 */
static void switch_to_fifo(struct evtchn_domain *ed)
{
	const struct evtchn_port_ops *old = ed->ops;
	unsigned int port;
	struct evtchn *chn;

	for (port = 1; port < ed->valid_ports &&
		       port < old->abi_max_ports; port++) {
		chn = evtchn_from_port(ed, port);
		chn->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
		chn->last_vcpu = 0;
		chn->last_priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
		chn->fifo_pending = chn->state != ECS_FREE &&
				    old->is_pending(ed, port);
	}
	ed->ops = &evtchn_ops_fifo;
}

static int check_init_control(const struct evtchn_domain *ed,
			      const struct evtchn_init_control *op)
{
	if (op->vcpu >= ed->nr_vcpus)
		return -XEN_ENOENT;
	if (op->offset > PAGE_SIZE - sizeof(struct evtchn_fifo_control_block))
		return -XEN_EINVAL;
	if (op->offset & 7)
		return -XEN_EINVAL;
	return 0;
}

/*
 * Mapping a guest page takes page references, which may flush TLBs on
 * other CPUs: it is done before taking the event lock, and undone after
 * dropping it if the operation then fails.
 */
int evtchn_init_control(struct evtchn_domain *ed,
			struct evtchn_init_control *op)
{
	struct evtchn_fifo_domain *f = NULL;
	unsigned long flags;
	void *page;
	int rc;

	op->link_bits = EVTCHN_FIFO_LINK_BITS;
	rc = check_init_control(ed, op);
	if (rc)
		return rc;
	page = evtchn_env_map_gfn(ed, op->control_gfn);
	if (!page)
		return -XEN_EINVAL;
	f = evtchn_env_alloc_page();
	if (!f) {
		evtchn_env_unmap(ed, page);
		return -XEN_ENOMEM;
	}
	spin_lock_irqsave(&ed->lock, flags);
	if (!ed->fifo) {
		ed->fifo = f;
		f = NULL;
		attach_control_block(ed, op, page);
		switch_to_fifo(ed);
	} else {
		rc = attach_control_block(ed, op, page);
	}
	spin_unlock_irqrestore(&ed->lock, flags);
	if (rc)
		evtchn_env_unmap(ed, page);
	evtchn_env_free_page(f);
	return rc;
}

/* Raise the events remembered for ports of a new word page. */
static void raise_saved(struct evtchn_domain *ed, unsigned int first)
{
	unsigned int port;
	struct evtchn *chn;

	for (port = first; port < ed->fifo->nr_words &&
			   port < ed->valid_ports; port++) {
		chn = evtchn_from_port(ed, port);
		if (chn->fifo_pending) {
			chn->fifo_pending = false;
			fifo_set_pending(ed, port);
		}
	}
}

static int add_array_page(struct evtchn_domain *ed, uint32_t *page)
{
	struct evtchn_fifo_domain *f = ed->fifo;
	unsigned int first;

	if (!f)
		return -XEN_EOPNOTSUPP;
	if (f->nr_words / WORDS_PER_PAGE >= MAX_ARRAY_PAGES)
		return -XEN_ENOSPC;
	first = f->nr_words;
	f->array[first / WORDS_PER_PAGE] = page;
	f->nr_words += WORDS_PER_PAGE;
	raise_saved(ed, first);
	return 0;
}

int evtchn_expand_array(struct evtchn_domain *ed,
			const struct evtchn_expand_array *op)
{
	unsigned long flags;
	uint32_t *page;
	int rc;

	if (!__atomic_load_n(&ed->fifo, __ATOMIC_ACQUIRE))
		return -XEN_EOPNOTSUPP;
	page = evtchn_env_map_gfn(ed, op->array_gfn);
	if (!page)
		return -XEN_EINVAL;
	spin_lock_irqsave(&ed->lock, flags);
	rc = add_array_page(ed, page);
	spin_unlock_irqrestore(&ed->lock, flags);
	if (rc)
		evtchn_env_unmap(ed, page);
	return rc;
}

/* The tail Xenolith remembers for a queue (debug dumps, the auditor). */
evtchn_port_t evtchn_fifo_tail(const struct evtchn_domain *ed,
			       unsigned int vcpu, unsigned int prio)
{
	return ed->fifo ? ed->fifo->vcpu[vcpu].q[prio].tail : 0;
}

/* Leave FIFO: the state is detached from ed (locked) and handed back
 * for evtchn_fifo_release() once the lock is dropped. */
struct evtchn_fifo_domain *evtchn_fifo_detach(struct evtchn_domain *ed)
{
	struct evtchn_fifo_domain *f = ed->fifo;

	ASSERT(evtchn_is_locked(ed));
	ed->fifo = NULL;
	ed->ops = &evtchn_ops_2l;
	return f;
}

void evtchn_fifo_for_each_page(const struct evtchn_domain *ed,
			       void (*fn)(void *ctx, void *va), void *ctx)
{
	const struct evtchn_fifo_domain *f = ed->fifo;
	unsigned int i;

	if (!f)
		return;
	for (i = 0; i < EVTCHN_MAX_VCPUS; i++)
		if (f->vcpu[i].cb_page)
			fn(ctx, f->vcpu[i].cb_page);
	for (i = 0; i < f->nr_words / WORDS_PER_PAGE; i++)
		fn(ctx, f->array[i]);
}

/* Undo every FIFO mapping and free the state; ed not locked. */
void evtchn_fifo_release(struct evtchn_domain *ed,
			 struct evtchn_fifo_domain *f)
{
	unsigned int i;

	if (!f)
		return;
	for (i = 0; i < EVTCHN_MAX_VCPUS; i++)
		if (f->vcpu[i].cb_page)
			evtchn_env_unmap(ed, f->vcpu[i].cb_page);
	for (i = 0; i < f->nr_words / WORDS_PER_PAGE; i++)
		evtchn_env_unmap(ed, f->array[i]);
	evtchn_env_free_page(f);
}
