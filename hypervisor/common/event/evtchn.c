/*
 * Event-channel ports: allocation, binding, closing, sending.
 *
 * A port is a small integer naming a struct evtchn in the domain's table
 * (xenolith/event.h).  This file is the ABI-independent half: it decides
 * which port a send makes pending and what a close leaves behind; how
 * "pending" is shown to the guest is left to the port ops (evtchn_2l.c,
 * evtchn_fifo.c).
 *
 * The channel table grows 64 ports at a time (a page of 256 channels is
 * allocated every fourth step), up to the smaller of the domain's own
 * limit and what the current ABI can name (4096 ports for 2-level, 2^17
 * for FIFO).  A port is valid once its group of 64 exists and while it
 * is under both limits; every operation on an invalid port is -EINVAL.
 * The step is Xen's bucket size and guest-visible: EVTCHNOP_status
 * answers "closed" for port 63 of a fresh domain but -EINVAL for 64.
 *
 * An interdomain pair is two channels, each naming the other.  Closing
 * one end turns the other back into an unbound port offered to the
 * closer, so the closer's domain may connect again; a dying domain
 * closes all its ports the same way, so a peer only ever sees its end
 * become unbound, never a dangling reference.
 *
 * Operations follow house style 4: every check first, then the commit,
 * after which nothing fails.  Locking is in xenolith/event.h; a port's
 * interdomain peer is locked with it through lock_with_peer().
 */
#include <xenolith/lib.h>
#include <xenolith/event.h>

static unsigned int port_limit(const struct evtchn_domain *ed)
{
	unsigned int abi = ed->ops->abi_max_ports;

	return ed->max_ports && ed->max_ports < abi ? ed->max_ports : abi;
}

bool evtchn_port_valid(const struct evtchn_domain *ed, evtchn_port_t port)
{
	return port < ed->valid_ports && port < port_limit(ed);
}

struct evtchn *evtchn_from_port(const struct evtchn_domain *ed,
				evtchn_port_t port)
{
	return &ed->bucket[port / EVTCHNS_PER_BUCKET]
			  [port % EVTCHNS_PER_BUCKET];
}

bool evtchn_is_locked(const struct evtchn_domain *ed)
{
	return spin_is_locked(&ed->lock);
}

/* Make the next EVTCHN_VALID_STEP ports exist. */
static int add_ports(struct evtchn_domain *ed)
{
	struct evtchn *b;
	unsigned int i;

	if (ed->valid_ports >= EVTCHN_MAX_PORTS)
		return -XEN_ENOSPC;
	if (ed->valid_ports % EVTCHNS_PER_BUCKET == 0) {
		b = evtchn_env_alloc_page();
		if (!b)
			return -XEN_ENOMEM;
		for (i = 0; i < EVTCHNS_PER_BUCKET; i++)
			b[i].priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
		ed->bucket[ed->valid_ports / EVTCHNS_PER_BUCKET] = b;
	}
	ed->valid_ports += EVTCHN_VALID_STEP;
	return 0;
}

/*
 * A free port, lowest first, growing the table if needed.  It stays free
 * until the caller commits, so a later check may still fail without
 * undoing anything.  Caller holds ed->lock.
 */
static int get_free_port(struct evtchn_domain *ed)
{
	unsigned int port, limit = port_limit(ed);
	int rc;

	ASSERT(evtchn_is_locked(ed));
	if (ed->dying)
		return -XEN_EINVAL;
	for (port = 0; port < ed->valid_ports && port < limit; port++)
		if (evtchn_from_port(ed, port)->state == ECS_FREE)
			return port;
	if (port >= limit)
		return -XEN_ENOSPC;
	rc = add_ports(ed);
	return rc ? rc : (int)port;
}

static void port_init(struct evtchn_domain *ed, evtchn_port_t port,
		      enum evtchn_state state, unsigned int vcpu)
{
	struct evtchn *chn = evtchn_from_port(ed, port);

	chn->state = state;
	chn->notify_vcpu = vcpu;
	chn->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
	chn->fifo_pending = false;
}

/* Back to free; a pending event must not greet the next user. */
static void port_free(struct evtchn_domain *ed, evtchn_port_t port)
{
	struct evtchn *chn = evtchn_from_port(ed, port);

	ed->ops->clear_pending(ed, port);
	chn->state = ECS_FREE;
	chn->notify_vcpu = 0;
	chn->fifo_pending = false;
	memset(&chn->u, 0, sizeof(chn->u));
}

void evtchn_set_pending(struct evtchn_domain *ed, evtchn_port_t port)
{
	ASSERT(evtchn_is_locked(ed));
	ed->ops->set_pending(ed, port);
}

void evtchn_mark_upcall(struct evtchn_domain *ed, unsigned int vcpu)
{
	struct vcpu_info *vi = ed->vcpu[vcpu].vcpu_info;

	if (__atomic_exchange_n(&vi->evtchn_upcall_pending, 1,
				__ATOMIC_SEQ_CST))
		return;
	evtchn_env_kick(ed, vcpu);
}

void evtchn_lock_pair(struct evtchn_domain *a, struct evtchn_domain *b,
		      unsigned long *flags)
{
	if (a == b) {
		spin_lock_irqsave(&a->lock, *flags);
	} else if (a->domid < b->domid) {
		spin_lock_irqsave(&a->lock, *flags);
		spin_lock(&b->lock);
	} else {
		spin_lock_irqsave(&b->lock, *flags);
		spin_lock(&a->lock);
	}
}

void evtchn_unlock_pair(struct evtchn_domain *a, struct evtchn_domain *b,
			unsigned long flags)
{
	struct evtchn_domain *first = a->domid < b->domid ? a : b;

	if (a != b)
		spin_unlock(first == a ? &b->lock : &a->lock);
	spin_unlock_irqrestore(&first->lock, flags);
}

/* The interdomain peer of port, if it is (still) one; ed locked. */
static struct evtchn_domain *peer_of(struct evtchn_domain *ed,
				     evtchn_port_t port, domid_t *dom)
{
	struct evtchn *chn;

	if (!evtchn_port_valid(ed, port))
		return NULL;
	chn = evtchn_from_port(ed, port);
	if (chn->state != ECS_INTERDOMAIN)
		return NULL;
	*dom = chn->u.inter.dom;
	return *dom == ed->domid ? ed : evtchn_env_lookup(*dom);
}

/*
 * Lock ed and, if port is interdomain, its peer's domain too; returns
 * the peer's state (ed itself otherwise).  The peer is found under ed's
 * lock but locking it means dropping ed's lock to respect the order, so
 * the binding is checked again and the dance repeated if it changed.
 */
static struct evtchn_domain *lock_with_peer(struct evtchn_domain *ed,
					    evtchn_port_t port,
					    unsigned long *flags)
{
	struct evtchn_domain *rd;
	domid_t dom = 0, again;

	for (;;) {
		spin_lock_irqsave(&ed->lock, *flags);
		rd = peer_of(ed, port, &dom);
		if (!rd || rd == ed)
			return ed;
		spin_unlock_irqrestore(&ed->lock, *flags);
		evtchn_lock_pair(ed, rd, flags);
		if (peer_of(ed, port, &again) == rd && again == dom)
			return rd;
		evtchn_unlock_pair(ed, rd, *flags);
	}
}

/* ed itself for DOMID_SELF or its own ID; another domain only for a
 * privileged caller.  NULL with *rc set otherwise. */
static struct evtchn_domain *target_domain(struct evtchn_domain *ed,
					   domid_t dom, int *rc)
{
	struct evtchn_domain *td;

	if (dom == DOMID_SELF || dom == ed->domid)
		return ed;
	td = evtchn_env_lookup(dom);
	if (!td) {
		*rc = -XEN_ESRCH;
		return NULL;
	}
	if (!ed->privileged) {
		*rc = -XEN_EPERM;
		return NULL;
	}
	return td;
}

int evtchn_alloc_unbound(struct evtchn_domain *ed,
			 struct evtchn_alloc_unbound *op)
{
	struct evtchn_domain *td;
	unsigned long flags;
	int rc = 0, port;

	td = target_domain(ed, op->dom, &rc);
	if (!td)
		return rc;
	spin_lock_irqsave(&td->lock, flags);
	port = get_free_port(td);
	if (port >= 0) {
		port_init(td, port, ECS_UNBOUND, 0);
		evtchn_from_port(td, port)->u.unbound_dom =
			op->remote_dom == DOMID_SELF ? ed->domid :
						       op->remote_dom;
		op->port = port;
	}
	spin_unlock_irqrestore(&td->lock, flags);
	return port < 0 ? port : 0;
}

/* May ld connect to rport of rd?  Both locked. */
static int check_bind_remote(struct evtchn_domain *ld,
			     struct evtchn_domain *rd, evtchn_port_t rport,
			     int lport)
{
	struct evtchn *rchn;

	if (lport < 0)
		return lport;
	if (!evtchn_port_valid(rd, rport))
		return -XEN_EINVAL;
	rchn = evtchn_from_port(rd, rport);
	if (rchn->state != ECS_UNBOUND || rchn->u.unbound_dom != ld->domid)
		return -XEN_EINVAL;
	return 0;
}

int evtchn_bind_interdomain(struct evtchn_domain *ld,
			    struct evtchn_bind_interdomain *op)
{
	domid_t rdom = op->remote_dom == DOMID_SELF ? ld->domid :
						      op->remote_dom;
	struct evtchn_domain *rd = rdom == ld->domid ? ld :
				   evtchn_env_lookup(rdom);
	struct evtchn *lchn, *rchn;
	unsigned long flags;
	int lport, rc;

	if (!rd)
		return -XEN_ESRCH;
	evtchn_lock_pair(ld, rd, &flags);
	lport = get_free_port(ld);
	rc = check_bind_remote(ld, rd, op->remote_port, lport);
	if (!rc) {
		port_init(ld, lport, ECS_INTERDOMAIN, 0);
		lchn = evtchn_from_port(ld, lport);
		rchn = evtchn_from_port(rd, op->remote_port);
		lchn->u.inter.dom = rd->domid;
		lchn->u.inter.port = op->remote_port;
		rchn->state = ECS_INTERDOMAIN;
		rchn->u.inter.dom = ld->domid;
		rchn->u.inter.port = lport;
		/* Sends to the unbound remote end were dropped; say so by
		 * making the new port pending once, as Xen does. */
		evtchn_set_pending(ld, lport);
		op->local_port = lport;
	}
	evtchn_unlock_pair(ld, rd, flags);
	return rc;
}

static int check_bind_virq(struct evtchn_domain *ed,
			   const struct evtchn_bind_virq *op)
{
	if (op->virq >= NR_VIRQS)
		return -XEN_EINVAL;
	if (virq_is_global(op->virq) && op->vcpu != 0)
		return -XEN_EINVAL;
	if (op->vcpu >= ed->nr_vcpus)
		return -XEN_ENOENT;
	return 0;
}

int evtchn_bind_virq(struct evtchn_domain *ed, struct evtchn_bind_virq *op)
{
	unsigned long flags;
	int port, rc = check_bind_virq(ed, op);

	if (rc)
		return rc;
	spin_lock_irqsave(&ed->lock, flags);
	port = -XEN_EEXIST;
	if (!ed->vcpu[op->vcpu].virq_port[op->virq])
		port = get_free_port(ed);
	if (port >= 0) {
		port_init(ed, port, ECS_VIRQ, op->vcpu);
		evtchn_from_port(ed, port)->u.virq = op->virq;
		ed->vcpu[op->vcpu].virq_port[op->virq] = port;
		op->port = port;
	}
	spin_unlock_irqrestore(&ed->lock, flags);
	return port < 0 ? port : 0;
}

int evtchn_bind_ipi(struct evtchn_domain *ed, struct evtchn_bind_ipi *op)
{
	unsigned long flags;
	int port;

	if (op->vcpu >= ed->nr_vcpus)
		return -XEN_ENOENT;
	spin_lock_irqsave(&ed->lock, flags);
	port = get_free_port(ed);
	if (port >= 0) {
		port_init(ed, port, ECS_IPI, op->vcpu);
		op->port = port;
	}
	spin_unlock_irqrestore(&ed->lock, flags);
	return port < 0 ? port : 0;
}

/*
 * Physical IRQs reach a domain only through the IRQ layer, which
 * evtchn_env_pirq_bind() asks to route the line (arch/x86/traps/pirq.c:
 * the pirq must be one the domain mapped, -EPERM otherwise).
 */
int evtchn_bind_pirq(struct evtchn_domain *ed, struct evtchn_bind_pirq *op)
{
	unsigned long flags;
	int port, rc;

	if (op->pirq >= EVTCHN_NR_PIRQS)
		return -XEN_EINVAL;
	if (!ed->privileged)
		return -XEN_EPERM;
	spin_lock_irqsave(&ed->lock, flags);
	port = -XEN_EEXIST;
	if (!ed->pirq_port[op->pirq])
		port = get_free_port(ed);
	rc = port < 0 ? port :
	     evtchn_env_pirq_bind(ed, op->pirq,
				  op->flags & BIND_PIRQ__WILL_SHARE);
	if (!rc) {
		port_init(ed, port, ECS_PIRQ, 0);
		evtchn_from_port(ed, port)->u.pirq = op->pirq;
		ed->pirq_port[op->pirq] = port;
		op->port = port;
	}
	spin_unlock_irqrestore(&ed->lock, flags);
	return rc;
}

/* Undo what the binding set up outside the channel; both ends locked. */
static void unbind(struct evtchn_domain *ed, struct evtchn_domain *rd,
		   evtchn_port_t port)
{
	struct evtchn *chn = evtchn_from_port(ed, port), *rchn;
	unsigned int i;

	switch (chn->state) {
	case ECS_VIRQ:
		for (i = 0; i < ed->nr_vcpus; i++)
			if (ed->vcpu[i].virq_port[chn->u.virq] == port)
				ed->vcpu[i].virq_port[chn->u.virq] = 0;
		break;
	case ECS_PIRQ:
		evtchn_env_pirq_unbind(ed, chn->u.pirq);
		ed->pirq_port[chn->u.pirq] = 0;
		break;
	case ECS_INTERDOMAIN:
		if (rd->domid != chn->u.inter.dom)
			break;		/* the peer's domain is gone */
		rchn = evtchn_from_port(rd, chn->u.inter.port);
		rchn->state = ECS_UNBOUND;
		rchn->u.unbound_dom = ed->domid;
		break;
	default:
		break;
	}
}

int evtchn_close(struct evtchn_domain *ed, evtchn_port_t port)
{
	struct evtchn_domain *rd;
	struct evtchn *chn;
	unsigned long flags;
	int rc = -XEN_EINVAL;

	rd = lock_with_peer(ed, port, &flags);
	if (!evtchn_port_valid(ed, port))
		goto out;
	chn = evtchn_from_port(ed, port);
	if (chn->state == ECS_FREE || chn->state == ECS_RESERVED)
		goto out;
	unbind(ed, rd, port);
	port_free(ed, port);
	rc = 0;
out:
	evtchn_unlock_pair(ed, rd, flags);
	return rc;
}

/* EVTCHNOP_send in general: the port and its peer's domain locked
 * together (lock_with_peer). */
static int send_locked_pair(struct evtchn_domain *ed, evtchn_port_t port)
{
	struct evtchn_domain *rd;
	struct evtchn *chn;
	unsigned long flags;
	int rc = 0;

	rd = lock_with_peer(ed, port, &flags);
	if (!evtchn_port_valid(ed, port)) {
		rc = -XEN_EINVAL;
		goto out;
	}
	chn = evtchn_from_port(ed, port);
	switch (chn->state) {
	case ECS_INTERDOMAIN:
		if (rd->domid == chn->u.inter.dom)	/* peer still there */
			evtchn_set_pending(rd, chn->u.inter.port);
		break;
	case ECS_IPI:
		evtchn_set_pending(ed, port);
		break;
	case ECS_UNBOUND:
		break;		/* nobody listens yet: dropped, not an error */
	default:
		rc = -XEN_EINVAL;
		break;
	}
out:
	evtchn_unlock_pair(ed, rd, flags);
	return rc;
}

/*
 * A port seen bound to a port of domain dom (not ed's own) under ed's
 * lock, now dropped: both locks in order, the binding checked again (it
 * may have changed meanwhile; then the general path).  A peer whose
 * state is already gone is dying: the event is dropped, as when its
 * port is closed.
 */
static int send_to_peer(struct evtchn_domain *ed, evtchn_port_t port,
			domid_t dom)
{
	struct evtchn_domain *rd = evtchn_env_lookup(dom);
	unsigned long flags;
	domid_t again = dom;

	if (!rd)
		return 0;
	evtchn_lock_pair(ed, rd, &flags);
	if (peer_of(ed, port, &again) != rd || again != dom) {
		evtchn_unlock_pair(ed, rd, flags);
		return send_locked_pair(ed, port);
	}
	evtchn_set_pending(rd, evtchn_from_port(ed, port)->u.inter.port);
	evtchn_unlock_pair(ed, rd, flags);
	return 0;
}

/*
 * EVTCHNOP_send.  The hot path (bench evtchn_send_*): one lock and one
 * look at the port.  Only a port bound to another domain needs that
 * domain's lock too, which may have to be taken first (lower ID first).
 */
int evtchn_send(struct evtchn_domain *ed, evtchn_port_t port)
{
	struct evtchn *chn;
	unsigned long flags;
	domid_t dom;
	int rc = 0;

	spin_lock_irqsave(&ed->lock, flags);
	if (!evtchn_port_valid(ed, port)) {
		rc = -XEN_EINVAL;
		goto out;
	}
	chn = evtchn_from_port(ed, port);
	switch (chn->state) {
	case ECS_IPI:
		evtchn_set_pending(ed, port);
		break;
	case ECS_INTERDOMAIN:
		dom = chn->u.inter.dom;
		if (dom == ed->domid) {		/* a loopback pair */
			evtchn_set_pending(ed, chn->u.inter.port);
			break;
		}
		spin_unlock_irqrestore(&ed->lock, flags);
		return send_to_peer(ed, port, dom);
	case ECS_UNBOUND:
		break;		/* nobody listens yet: dropped, not an error */
	default:
		rc = -XEN_EINVAL;
		break;
	}
out:
	spin_unlock_irqrestore(&ed->lock, flags);
	return rc;
}

static void fill_status(const struct evtchn *chn, struct evtchn_status *op)
{
	static const uint32_t stat[] = {
		[ECS_FREE] = EVTCHNSTAT_closed,
		[ECS_RESERVED] = EVTCHNSTAT_closed,
		[ECS_UNBOUND] = EVTCHNSTAT_unbound,
		[ECS_INTERDOMAIN] = EVTCHNSTAT_interdomain,
		[ECS_PIRQ] = EVTCHNSTAT_pirq,
		[ECS_VIRQ] = EVTCHNSTAT_virq,
		[ECS_IPI] = EVTCHNSTAT_ipi,
	};

	memset(&op->u, 0, sizeof(op->u));
	op->status = stat[chn->state];
	op->vcpu = chn->notify_vcpu;
	if (chn->state == ECS_UNBOUND) {
		op->u.unbound.dom = chn->u.unbound_dom;
	} else if (chn->state == ECS_INTERDOMAIN) {
		op->u.interdomain.dom = chn->u.inter.dom;
		op->u.interdomain.port = chn->u.inter.port;
	} else if (chn->state == ECS_PIRQ) {
		op->u.pirq = chn->u.pirq;
	} else if (chn->state == ECS_VIRQ) {
		op->u.virq = chn->u.virq;
	}
}

int evtchn_status(struct evtchn_domain *ed, struct evtchn_status *op)
{
	struct evtchn_domain *td;
	unsigned long flags;
	int rc = 0;

	td = target_domain(ed, op->dom, &rc);
	if (!td)
		return rc;
	spin_lock_irqsave(&td->lock, flags);
	if (evtchn_port_valid(td, op->port))
		fill_status(evtchn_from_port(td, op->port), op);
	else
		rc = -XEN_EINVAL;
	spin_unlock_irqrestore(&td->lock, flags);
	return rc;
}

/* Which bindings may move to another vCPU: per-vCPU VIRQs and IPIs are
 * tied to theirs. */
static bool may_rebind(const struct evtchn *chn)
{
	switch (chn->state) {
	case ECS_VIRQ:
		return virq_is_global(chn->u.virq);
	case ECS_UNBOUND:
	case ECS_INTERDOMAIN:
	case ECS_PIRQ:
		return true;
	default:
		return false;
	}
}

int evtchn_bind_vcpu(struct evtchn_domain *ed, evtchn_port_t port,
		     unsigned int vcpu)
{
	struct evtchn *chn;
	unsigned long flags;
	int rc = -XEN_EINVAL;

	if (vcpu >= ed->nr_vcpus)
		return -XEN_ENOENT;
	spin_lock_irqsave(&ed->lock, flags);
	if (evtchn_port_valid(ed, port)) {
		chn = evtchn_from_port(ed, port);
		if (may_rebind(chn)) {
			chn->notify_vcpu = vcpu;
			rc = 0;
		}
	}
	spin_unlock_irqrestore(&ed->lock, flags);
	return rc;
}

int evtchn_unmask(struct evtchn_domain *ed, evtchn_port_t port)
{
	unsigned long flags;
	int rc = 0;

	spin_lock_irqsave(&ed->lock, flags);
	if (evtchn_port_valid(ed, port))
		ed->ops->unmask(ed, port);
	else
		rc = -XEN_EINVAL;
	spin_unlock_irqrestore(&ed->lock, flags);
	return rc;
}

/* Close every port but 0 and return to the 2-level ABI. */
static void close_all(struct evtchn_domain *ed)
{
	struct evtchn_fifo_domain *f;
	unsigned long flags;
	evtchn_port_t port;

	for (port = 1; port < ed->valid_ports; port++)
		if (evtchn_from_port(ed, port)->state != ECS_FREE)
			evtchn_close(ed, port);
	spin_lock_irqsave(&ed->lock, flags);
	f = evtchn_fifo_detach(ed);
	spin_unlock_irqrestore(&ed->lock, flags);
	evtchn_fifo_release(ed, f);
}

/* Another domain's ports may only be reset while it is paused, so it
 * cannot race its own bindings (-EINVAL otherwise, as in Xen). */
int evtchn_reset(struct evtchn_domain *ed, domid_t dom)
{
	struct evtchn_domain *td;
	int rc = 0;

	td = target_domain(ed, dom, &rc);
	if (!td)
		return rc;
	if (td != ed && !evtchn_env_paused(td))
		return -XEN_EINVAL;
	close_all(td);
	return 0;
}

/*
 * EVTCHNOP_reset_cont resumes a reset that was preempted.  Xenolith's
 * reset always runs to completion, so there is never one to resume:
 * -EBUSY, as Xen 4.17 answers when none is in progress, after the same
 * checks as the reset itself.
 */
int evtchn_reset_cont(struct evtchn_domain *ed, domid_t dom)
{
	struct evtchn_domain *td;
	int rc = 0;

	td = target_domain(ed, dom, &rc);
	if (!td)
		return rc;
	if (td != ed && !evtchn_env_paused(td))
		return -XEN_EINVAL;
	return -XEN_EBUSY;
}

int evtchn_set_priority(struct evtchn_domain *ed,
			const struct evtchn_set_priority *op)
{
	unsigned long flags;
	int rc = -XEN_EINVAL;

	spin_lock_irqsave(&ed->lock, flags);
	if (!ed->ops->set_priority)
		rc = -XEN_ENOSYS;
	else if (evtchn_port_valid(ed, op->port))
		rc = ed->ops->set_priority(ed, evtchn_from_port(ed, op->port),
					   op->priority);
	spin_unlock_irqrestore(&ed->lock, flags);
	return rc;
}

/* Only a port in use may be polled: free ones and port 0 are -EINVAL. */
int evtchn_port_poll_state(struct evtchn_domain *ed, evtchn_port_t port)
{
	unsigned long flags;
	int rc = -XEN_EINVAL;

	spin_lock_irqsave(&ed->lock, flags);
	if (evtchn_port_valid(ed, port) &&
	    evtchn_from_port(ed, port)->state > ECS_RESERVED)
		rc = ed->ops->is_pending(ed, port);
	spin_unlock_irqrestore(&ed->lock, flags);
	return rc;
}

int evtchn_domain_init(struct evtchn_domain *ed)
{
	int rc;

	spin_lock_init(&ed->lock);
	ed->ops = &evtchn_ops_2l;
	ed->valid_ports = 0;
	ed->fifo = NULL;
	ed->dying = false;
	ed->bucket = evtchn_env_alloc_page();
	if (!ed->bucket)
		return -XEN_ENOMEM;
	rc = add_ports(ed);
	if (rc) {
		evtchn_env_free_page(ed->bucket);
		ed->bucket = NULL;
		return rc;
	}
	evtchn_from_port(ed, 0)->state = ECS_RESERVED;
	return 0;
}

void evtchn_domain_destroy(struct evtchn_domain *ed)
{
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&ed->lock, flags);
	ed->dying = true;
	spin_unlock_irqrestore(&ed->lock, flags);
	close_all(ed);
	spin_lock_irqsave(&ed->lock, flags);
	for (i = 0; i * EVTCHNS_PER_BUCKET < ed->valid_ports; i++)
		evtchn_env_free_page(ed->bucket[i]);
	ed->valid_ports = 0;
	spin_unlock_irqrestore(&ed->lock, flags);
	evtchn_env_free_page(ed->bucket);
	ed->bucket = NULL;
}
