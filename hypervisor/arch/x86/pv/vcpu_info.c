/*
 * Moving a vCPU's vcpu_info into guest memory (VCPUOP_register_vcpu_info).
 *
 * shared_info has room for only 32 vcpu_info structures, and Linux wants
 * each one in its per-CPU area anyway, so it registers a frame and an
 * offset for every vCPU.  The frame must be the domain's ordinary memory:
 * we take a general and a writable-type reference (so it can never
 * become a page table while we write to it) and keep them for the
 * domain's life, then write through the direct map.  The old contents
 * move along; every event is marked pending so none is lost in the move.
 */
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <asm/page_type.h>
#include <asm/pv.h>

long arch_map_vcpu_info(struct vcpu *v, mfn_t mfn, unsigned int offset)
{
	struct vcpu_info *new;

	if (get_page_and_type_from_mfn(mfn, PGT_writable_page, v->domain))
		return -XEN_EINVAL;
	new = (struct vcpu_info *)((char *)maddr_to_virt(mfn_to_maddr(mfn)) +
				   offset);
	memcpy(new, v->vcpu_info, sizeof(*new));
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	v->vcpu_info = new;
	v->vcpu_info_mfn = mfn;
	v->vcpu_info_registered = true;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	new->evtchn_upcall_pending = 1;
	new->evtchn_pending_sel = ~0UL;
	return 0;
}
