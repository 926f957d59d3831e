/*
 * The 2-level event ABI: two bitmaps and a selector.
 *
 * shared_info holds evtchn_pending[64] and evtchn_mask[64], one bit per
 * port (64 x 64 = 4096 ports).  Each vcpu_info holds a 64-bit selector,
 * one bit per word of evtchn_pending, and the upcall flag.  Making a
 * port pending is three steps, each done only on a 0 -> 1 edge:
 *
 *   set the port's pending bit           (already set: nothing more)
 *   if unmasked, set its word's bit in the notified vCPU's selector
 *   if that was new, set evtchn_upcall_pending and kick the vCPU
 *
 * The guest walks this in reverse: clear the upcall flag, exchange the
 * selector with 0, then scan and clear the pending words it names.
 * Because every step is an atomic edge, an event raised while the guest
 * scans is either seen by that scan or leaves the upcall flag set for
 * the next one: nothing is lost and nothing is delivered twice.
 *
 * Unmasking is the same test from the middle: clear the mask and, if the
 * port is pending, redo the selector and upcall steps.  The guest may
 * clear the mask bit itself; EVTCHNOP_unmask exists so an event that
 * arrived while masked still raises an upcall.
 */
#include <xenolith/lib.h>
#include <xenolith/event.h>
#include "evtchn_bits.h"

static uint64_t *pending_map(const struct evtchn_domain *ed)
{
	return (uint64_t *)ed->shared_info->evtchn_pending;
}

static uint64_t *mask_map(const struct evtchn_domain *ed)
{
	return (uint64_t *)ed->shared_info->evtchn_mask;
}

/* The port's word is pending and unmasked: tell its vCPU. */
static void raise_selector(struct evtchn_domain *ed, evtchn_port_t port)
{
	unsigned int vcpu = evtchn_from_port(ed, port)->notify_vcpu;
	struct vcpu_info *vi = ed->vcpu[vcpu].vcpu_info;
	uint64_t *sel = (uint64_t *)&vi->evtchn_pending_sel;

	if (!evb_test_and_set(EVB_WORD(port), sel))
		evtchn_mark_upcall(ed, vcpu);
}

static void l2_set_pending(struct evtchn_domain *ed, evtchn_port_t port)
{
	if (evb_test_and_set(port, pending_map(ed)))
		return;
	evtchn_env_port_pending(ed, port);
	if (!evb_test(port, mask_map(ed)))
		raise_selector(ed, port);
}

static void l2_clear_pending(struct evtchn_domain *ed, evtchn_port_t port)
{
	evb_clear(port, pending_map(ed));
}

static void l2_unmask(struct evtchn_domain *ed, evtchn_port_t port)
{
	if (evb_test_and_clear(port, mask_map(ed)) &&
	    evb_test(port, pending_map(ed)))
		raise_selector(ed, port);
}

static bool l2_is_pending(const struct evtchn_domain *ed, evtchn_port_t port)
{
	return evb_test(port, pending_map(ed));
}

static bool l2_is_masked(const struct evtchn_domain *ed, evtchn_port_t port)
{
	return evb_test(port, mask_map(ed));
}

const struct evtchn_port_ops evtchn_ops_2l = {
	.name = "2-level",
	.abi_max_ports = EVTCHN_2L_NR_CHANNELS,
	.set_pending = l2_set_pending,
	.clear_pending = l2_clear_pending,
	.unmask = l2_unmask,
	.is_pending = l2_is_pending,
	.is_masked = l2_is_masked,
	.set_priority = NULL,
};
