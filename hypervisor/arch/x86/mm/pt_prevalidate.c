/*
 * Preemptible pins: a big page-table tree validated bottom-up, a table
 * at a time, across continuations.  MMUEXT_NEW_BASEPTR and
 * NEW_USER_BASEPTR of an L4 not validated yet use the same walk (the
 * "pin" below is then taking the base pointer's type reference).
 *
 * Validating a tree is recursive (page_type.c rule 2): pinning an L3
 * over 4096 L1s validates two million entries in one go.  Xen can stop
 * half-way through one table (PGT_partial).  We keep the type machine
 * as it is and instead validate the tree before the pin, depth first,
 * each table on its own (at most 512 entries, bounded) once its children
 * are validated, holding a type reference on each validated table until
 * its parent is validated (the parent's entries then hold it).  Between
 * tables hypercall_preempt_check() may stop the walk with -ERESTART; the
 * walk's state - the path from the root and, per level, the children
 * held - stays in the vCPU (struct pv_mm_vcpu.preval) and the continued
 * pin goes on from there.  When the root's children are all done the
 * ordinary pin runs: validating the root now only counts references on
 * tables already validated.  Then the walk's holds go.
 *
 * The walk judges nothing.  It follows only entries the final validation
 * would follow as children (present, writable - a read-only entry may
 * be a linear link - not a superpage, a frame of the domain), and a
 * table that fails to validate is simply not held: the final validation
 * meets it again and fails exactly as an unpreempted pin would, with the
 * same error after the same work, undoing everything.  The guest may
 * change the tables between continuations; a hold on a frame no longer
 * in the tree is dropped at the end like any other.
 *
 * The holds are real references, so the auditor counts them (reported
 * with the vCPU's base pointers, pv_policy.c), relinquishing a domain
 * drops them with the rest of its vCPUs' state, and a pin of another
 * table (or by another command) drops a walk left behind.
 */
#define XEN_ERRNO_PLAIN_NAMES
#include <public/errno.h>
#include <xenolith/lib.h>
#include <xenolith/mm.h>
#include <xenolith/page.h>
#include <asm/mm.h>
#include <asm/page_type.h>

#define PREVAL_DEPTH 3 /* an L4 root, an L3 and an L2 on the path */

struct preval_node {
	mfn_t mfn;		     /* a table on the path (general ref) */
	unsigned int next;	     /* its next entry to look at */
	unsigned int nheld;	     /* children validated and held */
	mfn_t held[PT_ENTRIES];	     /* each with a general and type ref */
};

struct pt_preval {
	struct domain *d;
	mfn_t root;
	unsigned int level;	/* of the root: 2..4 */
	unsigned int depth;	/* path[0..depth] */
	struct preval_node path[PREVAL_DEPTH];
};

#define PREVAL_ORDER 2 /* 16 KiB holds struct pt_preval */
_Static_assert(sizeof(struct pt_preval) <= (PAGE_SIZE << PREVAL_ORDER),
	       "pt_preval grew");

unsigned long pt_preval_restarts; /* for the tests: walks preempted */

static unsigned long level_type(unsigned int level)
{
	return (unsigned long)level << PGT_type_shift;
}

/* The level of path[k]; its children are one below. */
static unsigned int node_level(const struct pt_preval *p, unsigned int k)
{
	return p->level - k;
}

static void drop_held(struct preval_node *n)
{
	while (n->nheld)
		put_page_and_type(mfn_to_page(n->held[--n->nheld]));
}

void pt_preval_drop(struct pt_preval **sp)
{
	struct pt_preval *p = *sp;

	if (!p)
		return;
	for (unsigned int k = p->depth + 1; k--;) {
		drop_held(&p->path[k]);
		put_page(mfn_to_page(p->path[k].mfn));
	}
	free_xenheap_pages(p, PREVAL_ORDER);
	*sp = NULL;
}

void pt_preval_report(const struct pt_preval *p,
		      void (*add)(void *acc, mfn_t mfn, bool type_ref),
		      void *acc)
{
	if (!p)
		return;
	for (unsigned int k = 0; k <= p->depth; k++) {
		add(acc, p->path[k].mfn, false);
		for (unsigned int i = 0; i < p->path[k].nheld; i++)
			add(acc, p->path[k].held[i], true);
	}
}

static bool on_path(const struct pt_preval *p, mfn_t m)
{
	for (unsigned int k = 0; k <= p->depth; k++)
		if (mfn_eq(p->path[k].mfn, m))
			return true;
	return false;
}

/* Move path[depth]'s cursor to its next present, writable, not
 * superpage entry (a tight loop: most of a table is usually empty). */
static void skip_to_candidate(struct pt_preval *p)
{
	struct preval_node *n = &p->path[p->depth];
	const pte_t *t = maddr_to_virt(mfn_to_maddr(n->mfn));
	const pte_t want = _PAGE_PRESENT | _PAGE_RW;

	while (n->next < PT_ENTRIES &&
	       (pte_read_atomic(&t[n->next]) & (want | _PAGE_PSE)) != want)
		n->next++;
}

/* The child table entry i of path[depth] leads to, if the walk follows
 * it (see the top: the final validation judges everything else). */
static bool child_at(const struct pt_preval *p, unsigned int i, mfn_t *c)
{
	const struct preval_node *n = &p->path[p->depth];
	unsigned int level = node_level(p, p->depth);
	pte_t e = pte_read_atomic((pte_t *)maddr_to_virt(mfn_to_maddr(n->mfn)) +
				  i);

	if (!pte_present(e) || !pte_rw(e) || pte_pse(e))
		return false;
	if (level == 4 && !l4_slot_is_guest(i))
		return false;
	*c = pte_mfn(e);
	return mfn_valid(*c) && !pv_mfn_is_io(*c) && !on_path(p, *c) &&
	       page_get_owner(mfn_to_page(*c)) == p->d;
}

static bool push(struct pt_preval *p, mfn_t m)
{
	struct preval_node *n;

	if (!get_page(mfn_to_page(m), p->d))
		return false;
	n = &p->path[++p->depth];
	n->mfn = m;
	n->next = n->nheld = 0;
	return true;
}

/* path[depth]'s children are done: validate it, hold it in its parent,
 * and let its children go (its entries hold them now, if it is valid). */
static void finish(struct pt_preval *p)
{
	struct preval_node *n = &p->path[p->depth], *up = n - 1;
	struct page_info *pg = mfn_to_page(n->mfn);
	bool ok = !get_page_and_type(pg, p->d,
				     level_type(node_level(p, p->depth)));

	drop_held(n);
	put_page(pg);
	p->depth--;
	if (ok)
		up->held[up->nheld++] = n->mfn;
	up->next++;
}

/* Child c of path[depth]: held at once if it is an L1 or a validated
 * table already, else walked into.  Returns true if it cost a table's
 * validation (or a push), i.e. real work. */
static bool visit(struct pt_preval *p, mfn_t c)
{
	struct preval_node *n = &p->path[p->depth];
	unsigned int clevel = node_level(p, p->depth) - 1;
	struct page_info *pg = mfn_to_page(c);
	bool ready = pgt_type(pg) == level_type(clevel) && pgt_validated(pg);

	if (clevel > 1 && !ready) {
		if (push(p, c))
			return true;
		n->next++;
		return false;
	}
	if (!get_page_and_type(pg, p->d, level_type(clevel)))
		n->held[n->nheld++] = c;
	n->next++;
	return !ready;
}

static struct pt_preval *start(struct domain *d, mfn_t root,
			       unsigned int level)
{
	struct pt_preval *p;

	if (!mfn_valid(root) || pv_mfn_is_io(root))
		return NULL;
	p = alloc_xenheap_pages(PREVAL_ORDER);
	if (!p)
		return NULL;
	p->d = d;
	p->root = root;
	p->level = level;
	p->depth = 0;
	p->path[0].mfn = root;
	p->path[0].next = p->path[0].nheld = 0;
	if (!get_page(mfn_to_page(root), d)) {
		free_xenheap_pages(p, PREVAL_ORDER);
		return NULL;
	}
	return p;
}

int pt_prevalidate(struct pt_preval **sp, struct domain *d, mfn_t root,
		   unsigned long type)
{
	unsigned int level = (type & PGT_type_mask) >> PGT_type_shift;
	struct pt_preval *p = *sp;
	bool worked;
	mfn_t c;

	if (p && (p->d != d || !mfn_eq(p->root, root) || p->level != level))
		pt_preval_drop(sp);
	if (level < 2 || level > 4)
		return 0;
	if (!*sp) {
		/* Already validated as that type: nothing to walk.  (A
		 * writable frame is "validated" too: that says nothing.) */
		if (mfn_valid(root) &&
		    pgt_type(mfn_to_page(root)) == (type & PGT_type_mask) &&
		    pgt_validated(mfn_to_page(root)))
			return 0;
		*sp = start(d, root, level);
		if (!*sp)
			return 0; /* the pin itself judges */
	}
	p = *sp;
	/* Asked only after a table's worth of work, which is never lost:
	 * every call makes progress, and skipping entries stays cheap. */
	for (;;) {
		struct preval_node *n = &p->path[p->depth];

		skip_to_candidate(p);
		if (n->next == PT_ENTRIES) {
			if (!p->depth)
				return 0;
			finish(p);
			worked = true;
		} else if (child_at(p, n->next, &c)) {
			worked = visit(p, c);
		} else {
			n->next++;
			continue;
		}
		if (worked && hypercall_preempt_check()) {
			pt_preval_restarts++;
			return -ERESTART;
		}
	}
}
