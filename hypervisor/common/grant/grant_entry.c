/*
 * Pins on one grant entry: the hypervisor's half of the handshake with
 * the granting guest.
 *
 * The entry belongs to the granter, who may rewrite it at any moment, so
 * everything here reads it once, decides, and publishes the in-use bits
 * atomically:
 *
 *   v1  flags and domid share one 32-bit word; a compare-and-exchange of
 *       that word both checks "permit_access to this domain, writable if
 *       asked" and sets GTF_reading (and GTF_writing).  The granter ends
 *       a grant with its own compare-and-exchange expecting no in-use
 *       bits, so of two racing exchanges exactly one wins.
 *   v2  the in-use bits live in the separate status array, which the
 *       guest can only read.  We set them first, then read the header
 *       again: if the grant changed under us we take the bits back and
 *       fail, so a granter that saw them clear after its change is safe.
 *
 * While an entry is pinned its struct grant_active remembers the
 * grantee and the frame as they were at the first pin; later pins use
 * those, never the guest's current entry (Xen's "active entry").  The
 * in-use bits follow the pin counts: GTF_reading while any pin is held,
 * GTF_writing while a writable one is (gnttab_check_entries() checks).
 * An entry takes at most GNTTAB_MAX_PINS pins of a kind, as Xen's 8-bit
 * counters refuse a pin once one of them reaches 128.
 *
 * A v2 transitive entry (GTF_transitive) re-grants an entry of another
 * domain; only copies may use it (a map finds GTF_transitive is not
 * GTF_permit_access and fails, as on Xen).  The copy pins the entry it
 * names first, in that domain's table, then the transitive entry here
 * with the frame it got (gnttab_pin_transitive()).
 *
 * Caller holds gt->lock for everything in this file.  Pure logic over
 * the table's pages: built for the host tests as it is.
 */
#define XEN_ERRNO_PLAIN_NAMES
#include <xenolith/lib.h>
#include <xenolith/grant.h>

unsigned int gnttab_nr_entries(const struct grant_table *gt)
{
	unsigned int per =
	    gt->version == 2 ? GNTTAB_V2_PER_FRAME : GNTTAB_V1_PER_FRAME;

	return gt->nr_frames * per;
}

struct grant_active *gnttab_active(struct grant_table *gt, grant_ref_t ref)
{
	return &gt->active[ref / GNTTAB_ACTIVE_PER_PAGE]
			  [ref % GNTTAB_ACTIVE_PER_PAGE];
}

static grant_entry_v1_t *entry_v1(const struct grant_table *gt, grant_ref_t ref)
{
	return (grant_entry_v1_t *)gt->shared[ref / GNTTAB_V1_PER_FRAME] +
	       ref % GNTTAB_V1_PER_FRAME;
}

static grant_entry_v2_t *entry_v2(const struct grant_table *gt, grant_ref_t ref)
{
	return (grant_entry_v2_t *)gt->shared[ref / GNTTAB_V2_PER_FRAME] +
	       ref % GNTTAB_V2_PER_FRAME;
}

static grant_status_t *status_v2(const struct grant_table *gt, grant_ref_t ref)
{
	return (grant_status_t *)gt->status[ref / GNTTAB_STATUS_PER_FRAME] +
	       ref % GNTTAB_STATUS_PER_FRAME;
}

static uint16_t in_use_bits(bool rw)
{
	return GTF_reading | (rw ? GTF_writing : 0);
}

/* May grantee use an entry with these flags, writably if rw?  type is
 * GTF_permit_access, or GTF_transitive for a copy through a re-grant. */
static bool flags_allow_type(uint16_t flags, domid_t dom, domid_t grantee,
			     bool rw, bool sub_ok, uint16_t type)
{
	uint16_t type_mask = GTF_type_mask | (sub_ok ? 0 : GTF_sub_page);

	if ((flags & type_mask) != type || dom != grantee)
		return false;
	return !(rw && (flags & GTF_readonly));
}

static bool flags_allow(uint16_t flags, domid_t dom, domid_t grantee, bool rw,
			bool sub_ok)
{
	return flags_allow_type(flags, dom, grantee, rw, sub_ok,
				GTF_permit_access);
}

/* v1: check and set the in-use bits in one exchange of flags+domid. */
static int mark_v1(struct grant_table *gt, grant_ref_t ref, domid_t grantee,
		   bool rw)
{
	uint32_t *word = (uint32_t *)entry_v1(gt, ref);
	uint32_t old = __atomic_load_n(word, __ATOMIC_ACQUIRE), new;

	do {
		if (!flags_allow(old & 0xffff, old >> 16, grantee, rw, false))
			return GNTST_general_error;
		new = old | in_use_bits(rw);
	} while (!__atomic_compare_exchange_n(
	    word, &old, new, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
	return GNTST_okay;
}

/* Does the v2 entry grant (type) to grantee, and for a transitive one
 * still name (tdom, tref)? */
static bool entry_v2_allows(struct grant_table *gt, grant_ref_t ref,
			    domid_t grantee, bool rw, bool sub_ok,
			    const struct grant_pin *trans)
{
	grant_entry_v2_t *e = entry_v2(gt, ref);
	uint16_t type = trans ? GTF_transitive : GTF_permit_access;

	if (!flags_allow_type(__atomic_load_n(&e->hdr.flags, __ATOMIC_SEQ_CST),
			      __atomic_load_n(&e->hdr.domid, __ATOMIC_SEQ_CST),
			      grantee, rw, sub_ok, type))
		return false;
	return !trans ||
	       (__atomic_load_n(&e->transitive.trans_domid, __ATOMIC_SEQ_CST) ==
			trans->tdom &&
		__atomic_load_n(&e->transitive.gref, __ATOMIC_SEQ_CST) ==
			trans->tref);
}

/* v2: set the bits, then make sure the grant still says what we saw. */
static int mark_v2(struct grant_table *gt, grant_ref_t ref, domid_t grantee,
		   bool rw, bool sub_ok, bool pinned,
		   const struct grant_pin *trans)
{
	grant_status_t *st = status_v2(gt, ref);
	uint16_t mine = pinned ? GTF_writing : in_use_bits(rw);

	if (!entry_v2_allows(gt, ref, grantee, rw, sub_ok, trans))
		return GNTST_general_error;
	__atomic_fetch_or(st, mine, __ATOMIC_SEQ_CST);
	if (entry_v2_allows(gt, ref, grantee, rw, sub_ok, trans))
		return GNTST_okay;
	__atomic_fetch_and(st, (uint16_t)~mine, __ATOMIC_SEQ_CST);
	return GNTST_general_error;
}

/* The frame and window of a freshly marked entry. */
static int read_frame(struct grant_table *gt, grant_ref_t ref,
		      struct grant_active *act)
{
	grant_entry_v2_t *e2;
	uint16_t flags;

	act->off = 0;
	act->len = PAGE_SIZE;
	if (gt->version == 1) {
		act->frame = __atomic_load_n(&entry_v1(gt, ref)->frame,
					     __ATOMIC_ACQUIRE);
		return GNTST_okay;
	}
	e2 = entry_v2(gt, ref);
	flags = __atomic_load_n(&e2->hdr.flags, __ATOMIC_ACQUIRE);
	act->frame = __atomic_load_n(&e2->full_page.frame, __ATOMIC_ACQUIRE);
	if (!(flags & GTF_sub_page))
		return GNTST_okay;
	act->off = __atomic_load_n(&e2->sub_page.page_off, __ATOMIC_ACQUIRE);
	act->len = __atomic_load_n(&e2->sub_page.length, __ATOMIC_ACQUIRE);
	if ((unsigned int)act->off + act->len > PAGE_SIZE)
		return GNTST_general_error;
	return GNTST_okay;
}

static void clear_bits(struct grant_table *gt, grant_ref_t ref, uint16_t bits)
{
	if (gt->version == 1)
		__atomic_fetch_and(&entry_v1(gt, ref)->flags, (uint16_t)~bits,
				   __ATOMIC_RELEASE);
	else
		__atomic_fetch_and(status_v2(gt, ref), (uint16_t)~bits,
				   __ATOMIC_RELEASE);
}

int gnttab_pin(struct grant_table *gt, grant_ref_t ref, domid_t grantee,
	       bool rw, bool sub_ok, struct grant_pin *out)
{
	struct grant_active *act;
	bool pinned;
	int rc = GNTST_okay;

	ASSERT(spin_is_locked(&gt->lock));
	if (ref >= gnttab_nr_entries(gt))
		return GNTST_bad_gntref;
	act = gnttab_active(gt, ref);
	if (act->rw_pins >= GNTTAB_MAX_PINS || act->ro_pins >= GNTTAB_MAX_PINS)
		return GNTST_general_error;
	pinned = act->rw_pins + act->ro_pins;
	if (pinned && (act->domid != grantee || act->trans))
		return GNTST_general_error;
	if (pinned && !sub_ok && act->len != PAGE_SIZE)
		return GNTST_general_error;
	if (!pinned || (rw && !act->rw_pins))
		rc = gt->version == 1
			 ? mark_v1(gt, ref, grantee, rw)
			 : mark_v2(gt, ref, grantee, rw, sub_ok, pinned, NULL);
	if (rc)
		return rc;
	if (!pinned && read_frame(gt, ref, act)) {
		clear_bits(gt, ref, in_use_bits(rw));
		return GNTST_general_error;
	}
	act->domid = grantee;
	act->trans = false;
	if (rw)
		act->rw_pins++;
	else
		act->ro_pins++;
	out->frame = act->frame;
	out->off = act->off;
	out->len = act->len;
	return GNTST_okay;
}

int gnttab_peek_transitive(struct grant_table *gt, grant_ref_t ref,
			   domid_t grantee, bool rw, struct grant_pin *out)
{
	grant_entry_v2_t *e;

	ASSERT(spin_is_locked(&gt->lock));
	if (ref >= gnttab_nr_entries(gt))
		return GNTST_bad_gntref;
	if (gt->version != 2)
		return GNTST_general_error;
	e = entry_v2(gt, ref);
	if (!flags_allow_type(__atomic_load_n(&e->hdr.flags, __ATOMIC_ACQUIRE),
			      __atomic_load_n(&e->hdr.domid, __ATOMIC_ACQUIRE),
			      grantee, rw, true, GTF_transitive))
		return GNTST_general_error;
	out->tdom = __atomic_load_n(&e->transitive.trans_domid,
				    __ATOMIC_ACQUIRE);
	out->tref = __atomic_load_n(&e->transitive.gref, __ATOMIC_ACQUIRE);
	return GNTST_okay;
}

/*
 * Each pin of a transitive entry stands for one pin the caller holds on
 * the entry it names (target: frame, window, tdom, tref), so unpinning
 * stays symmetric and the granted frame's owner sees its grant in use.
 */
int gnttab_pin_transitive(struct grant_table *gt, grant_ref_t ref,
			  domid_t grantee, bool rw,
			  const struct grant_pin *target)
{
	struct grant_active *act;
	bool pinned;
	int rc = GNTST_okay;

	ASSERT(spin_is_locked(&gt->lock));
	if (ref >= gnttab_nr_entries(gt) || gt->version != 2)
		return GNTST_general_error;
	act = gnttab_active(gt, ref);
	if (act->rw_pins >= GNTTAB_MAX_PINS || act->ro_pins >= GNTTAB_MAX_PINS)
		return GNTST_general_error;
	pinned = act->rw_pins + act->ro_pins;
	if (pinned && (act->domid != grantee || !act->trans ||
		       act->tdom != target->tdom || act->tref != target->tref))
		return GNTST_general_error;
	if (!pinned || (rw && !act->rw_pins))
		rc = mark_v2(gt, ref, grantee, rw, true, pinned, target);
	if (rc)
		return rc;
	act->domid = grantee;
	act->trans = true;
	act->tdom = target->tdom;
	act->tref = target->tref;
	act->frame = target->frame;
	act->off = target->off;
	act->len = target->len;
	if (rw)
		act->rw_pins++;
	else
		act->ro_pins++;
	return GNTST_okay;
}

void gnttab_unpin(struct grant_table *gt, grant_ref_t ref, bool rw)
{
	struct grant_active *act = gnttab_active(gt, ref);
	uint16_t bits = 0;

	ASSERT(spin_is_locked(&gt->lock));
	if (rw) {
		ASSERT(act->rw_pins);
		if (!--act->rw_pins)
			bits |= GTF_writing;
	} else {
		ASSERT(act->ro_pins);
		act->ro_pins--;
	}
	if (!act->rw_pins && !act->ro_pins)
		bits |= GTF_reading;
	if (bits)
		clear_bits(gt, ref, bits);
}

bool gnttab_any_pinned(const struct grant_table *gt)
{
	unsigned int i, n = gt->nr_frames * GNTTAB_V1_PER_FRAME;
	const struct grant_active *act;

	for (i = 0; i < n; i++) {
		act = &gt->active[i / GNTTAB_ACTIVE_PER_PAGE]
				 [i % GNTTAB_ACTIVE_PER_PAGE];
		if (act->rw_pins || act->ro_pins)
			return true;
	}
	return false;
}

/* The in-use bits of ref; in a v1 transfer entry the same bits mean
 * committed/completed, and a transfer entry is never pinned. */
static uint16_t bits_of(const struct grant_table *gt, grant_ref_t ref)
{
	uint16_t flags;

	if (gt->version == 1) {
		flags = entry_v1(gt, ref)->flags;
		if ((flags & GTF_type_mask) == GTF_accept_transfer)
			return 0;
		return flags & (GTF_reading | GTF_writing);
	}
	return *status_v2(gt, ref) & (GTF_reading | GTF_writing);
}

unsigned int gnttab_check_entries(const struct grant_table *gt)
{
	unsigned int ref, n = gnttab_nr_entries(gt);
	const struct grant_active *act;
	uint16_t want;

	for (ref = 0; ref < n; ref++) {
		act = &gt->active[ref / GNTTAB_ACTIVE_PER_PAGE]
				 [ref % GNTTAB_ACTIVE_PER_PAGE];
		want = 0;
		if (act->rw_pins + act->ro_pins)
			want |= GTF_reading;
		if (act->rw_pins)
			want |= GTF_writing;
		if (bits_of(gt, ref) != want)
			return ref + 1;
	}
	return 0;
}
