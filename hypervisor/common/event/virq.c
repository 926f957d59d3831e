/*
 * Virtual IRQs: events the hypervisor itself raises.
 *
 * A VIRQ is a numbered source inside Xenolith (the vCPU's timer, the
 * debug key, the console, "a domain died"...) that a guest binds to a
 * port with EVTCHNOP_bind_virq.  Four exist once per vCPU and are bound
 * on each vCPU separately (VIRQ_TIMER, VIRQ_DEBUG, VIRQ_XENOPROF,
 * VIRQ_XENPMU); the others are global, bound through vCPU 0's table,
 * and their port may be moved to any vCPU with EVTCHNOP_bind_vcpu.  On
 * x86 the architectural VIRQs (VIRQ_ARCH_*, i.e. VIRQ_MCA) are global
 * too.
 *
 * Sending a VIRQ nobody bound is not an error: the event is simply not
 * wanted.
 */
#include <xenolith/lib.h>
#include <xenolith/event.h>

bool virq_is_global(unsigned int virq)
{
	switch (virq) {
	case VIRQ_TIMER:
	case VIRQ_DEBUG:
	case VIRQ_XENOPROF:
	case VIRQ_XENPMU:
		return false;
	default:
		return true;
	}
}

static void send_virq_port(struct evtchn_domain *ed, unsigned int vcpu,
			   unsigned int virq)
{
	unsigned long flags;
	evtchn_port_t port;

	spin_lock_irqsave(&ed->lock, flags);
	port = ed->vcpu[vcpu].virq_port[virq];
	if (port)
		evtchn_set_pending(ed, port);
	spin_unlock_irqrestore(&ed->lock, flags);
}

void send_guest_vcpu_virq(struct evtchn_domain *ed, unsigned int vcpu,
			  unsigned int virq)
{
	ASSERT(!virq_is_global(virq) && vcpu < ed->nr_vcpus);
	send_virq_port(ed, vcpu, virq);
}

void send_guest_global_virq(struct evtchn_domain *ed, unsigned int virq)
{
	ASSERT(virq_is_global(virq) && virq < NR_VIRQS);
	send_virq_port(ed, 0, virq);
}

void send_guest_pirq(struct evtchn_domain *ed, unsigned int pirq)
{
	unsigned long flags;

	if (pirq >= EVTCHN_NR_PIRQS)
		return;
	spin_lock_irqsave(&ed->lock, flags);
	if (ed->pirq_port[pirq])
		evtchn_set_pending(ed, ed->pirq_port[pirq]);
	spin_unlock_irqrestore(&ed->lock, flags);
}
