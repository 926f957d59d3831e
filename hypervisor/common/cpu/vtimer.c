/*
 * A vCPU's timers and waits: set_timer_op, the VCPUOP timer and
 * runstate sub-ops, and SCHEDOP_poll.
 *
 * Each vCPU has three timers on the physical CPU it runs on (the boot
 * code's one-shot timers, xenolith/time.h), moved along when the
 * scheduler moves the vCPU (vtime_vcpu_follow):
 *
 *   singleshot  armed by set_timer_op or VCPUOP_set_singleshot_timer;
 *               raises VIRQ_TIMER once.  A time already past raises it
 *               at once (Xen 4.17 ignores VCPU_SSHOTTMR_future), and so
 *               does one more than 2^50 ns ahead through set_timer_op,
 *               the value a wrapped Linux jiffy computation produces.
 *   periodic    every period (>= 1 ms) from VCPUOP_set_periodic_timer;
 *               every vCPU starts with 10 ms, as on Xen, and Linux
 *               stops it.  A late tick restarts the period.
 *   poll        the timeout of SCHEDOP_poll; it only wakes the vCPU.
 *
 * The state lives in a table beside struct vcpu (found by pointer) until
 * struct vcpu embeds it.  Runstate: one record per vCPU, running from
 * vtime_vcpu_start() on, blocked inside SCHEDOP_block/poll here, and
 * runnable/offline as the scheduler reports through
 * vtime_runstate_switch().  The guest's copy
 * (VCPUOP_register_runstate_memory_area) is rewritten at each change.
 *
 * SCHEDOP_poll waits inside the hypercall: mark the vCPU polling (so a
 * port going pending wakes it, evtchn_glue.c), check the ports, then
 * give up the CPU (sched_block: the vCPU is off the CPU until an event,
 * a port or the timeout wakes it), and check again when it runs.  The ports are copied in once, before any state changes.
 * SCHEDOP_block is the same wait for "an upcall is due", after clearing
 * the upcall mask as Xen does (the guest blocks with events enabled).
 */
#include <xenolith/lib.h>
#include <xenolith/domain.h>
#include <xenolith/event.h>
#include <xenolith/guest_access.h>
#include <xenolith/hypercall.h>
#include <xenolith/sched.h>
#include <xenolith/softirq.h>
#include <xenolith/vtime.h>
#include <public/sched.h>
#include <asm/current.h>
#include <asm/processor.h>

#define DEFAULT_PERIOD MILLISECS(10)
#define MIN_PERIOD MILLISECS(1)
#define FAR_FUTURE (1LL << 50)
#define POLL_MAX_PORTS 128

struct vtimer {
	struct vcpu *v;			/* NULL: free slot */
	struct timer singleshot, periodic, poll;
	s_time_t period;		/* 0: periodic timer off */
	s_time_t periodic_last;		/* last periodic tick */
	bool polling;			/* inside SCHEDOP_poll or block */
	bool blocking;			/* SCHEDOP_block: ports unused */
	unsigned int nr_ports;		/* SCHEDOP_poll's ports[] */
	evtchn_port_t ports[POLL_MAX_PORTS];
	s_time_t poll_until;		/* its timeout, STIME_MAX: none */
	struct vcpu_runstate_info rs;
	vaddr_t rs_guest;		/* registered area, 0: none */
	vaddr_t time_guest;		/* vcpu_time_info copy, 0: none */
};

static struct vtimer vtimers[MAX_DOMAINS * MAX_VCPUS];
static DEFINE_SPINLOCK(vtimers_lock);	/* vtimers[].v */

static struct vtimer *vtimer_find(const struct vcpu *v)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vtimers); i++)
		if (vtimers[i].v == v)
			return &vtimers[i];
	return NULL;
}

static void send_timer_virq(struct vcpu *v)
{
	struct evtchn_domain *ed = evtchn_find(v->domain);

	if (ed && v->vcpu_id < ed->nr_vcpus)
		send_guest_vcpu_virq(ed, v->vcpu_id, VIRQ_TIMER);
}

static void singleshot_fn(void *data)
{
	send_timer_virq(((struct vtimer *)data)->v);
}

static void periodic_fn(void *data)
{
	struct vtimer *t = data;
	s_time_t next;
	bool fire;

	if (!t->period)
		return;
	next = vtime_periodic_next(&t->periodic_last, t->period, NOW(),
				   &fire);
	if (fire)
		send_timer_virq(t->v);
	set_timer(&t->periodic, next);
}

static void poll_fn(void *data)
{
	vcpu_wake(((struct vtimer *)data)->v);	/* it looks at its ports */
}

static void runstate_set(struct vtimer *t, int state);

static void set_period(struct vtimer *t, s_time_t period)
{
	stop_timer(&t->periodic);
	t->period = period;
	if (period)
		periodic_fn(t);
}

static int initial_state(const struct vcpu *v)
{
	if (v == current_vcpu())
		return RUNSTATE_running;
	return v->is_up ? RUNSTATE_runnable : RUNSTATE_offline;
}

/* v's timers, made on first use (on the CPU v runs on). */
static struct vtimer *vtimer_of(struct vcpu *v)
{
	struct vtimer *t;

	spin_lock(&vtimers_lock);
	t = vtimer_find(v);
	if (!t && (t = vtimer_find(NULL)) != NULL) {
		memset(t, 0, sizeof(*t));
		t->v = v;
		init_timer(&t->singleshot, singleshot_fn, t, v->processor);
		init_timer(&t->periodic, periodic_fn, t, v->processor);
		init_timer(&t->poll, poll_fn, t, v->processor);
		vtime_runstate_init(&t->rs, initial_state(v), NOW());
	}
	spin_unlock(&vtimers_lock);
	return t;
}

void vtime_vcpu_follow(struct vcpu *v)
{
	struct vtimer *t = vtimer_find(v);

	if (!t || t->singleshot.cpu == v->processor)
		return;
	migrate_timer(&t->singleshot, v->processor);
	migrate_timer(&t->periodic, v->processor);
	migrate_timer(&t->poll, v->processor);
}

void vtime_vcpu_start(struct vcpu *v)
{
	struct vtimer *t = vtimer_of(v);

	if (!t)
		return;
	runstate_set(t, RUNSTATE_running);
	t->periodic_last = NOW();
	set_period(t, DEFAULT_PERIOD);
}

/*
 * The scheduler's hook: v now runs, waits for the CPU (runnable), is
 * blocked, or went down (offline).  While v waits in SCHEDOP_block/poll
 * its state is this file's business: it stays blocked when it loses the
 * CPU and when it gets the CPU back only to look at its condition.
 */
void vtime_runstate_switch(struct vcpu *v, int state)
{
	struct vtimer *t = vtimer_of(v);

	if (!t || t->polling)
		return;
	if (t->rs.state != state)
		runstate_set(t, state);
}

/* The domain is being destroyed: no timer of its vCPUs may fire on. */
void vtime_domain_teardown(struct domain *d)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vtimers); i++) {
		struct vtimer *t = &vtimers[i];

		if (!t->v || t->v->domain != d)
			continue;
		t->period = 0;
		stop_timer(&t->singleshot);
		stop_timer(&t->periodic);
		stop_timer(&t->poll);
		spin_lock(&vtimers_lock);
		t->v = NULL;
		spin_unlock(&vtimers_lock);
	}
}

bool vtime_vcpu_polling(const struct vcpu *v)
{
	const struct vtimer *t = vtimer_find(v);

	return t && t->polling;
}

/* ---- runstate ---- */

/*
 * Rewrite the guest's copy.  With VMASST_TYPE_runstate_update_flag the
 * guest may read it from another vCPU at any time, so, as Xen does, set
 * XEN_RUNSTATE_UPDATE in state_entry_time first, write the record with
 * the flag, then clear it; the reader retries while it sees the flag.
 */
static void runstate_to_guest(struct vtimer *t)
{
	struct vcpu_runstate_info rs = t->rs;
	vaddr_t entry = t->rs_guest +
			offsetof(struct vcpu_runstate_info, state_entry_time);
	bool flag = t->v->domain->arch.vm_assist &
		    (1UL << VMASST_TYPE_runstate_update_flag);

	if (!t->rs_guest)
		return;
	if (flag) {
		rs.state_entry_time |= XEN_RUNSTATE_UPDATE;
		copy_to_guest(entry, &rs.state_entry_time, 8);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
	}
	copy_to_guest(t->rs_guest, &rs, sizeof(rs));
	if (flag) {
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		rs.state_entry_time &= ~XEN_RUNSTATE_UPDATE;
		copy_to_guest(entry, &rs.state_entry_time, 8);
	}
}

static void runstate_set(struct vtimer *t, int state)
{
	vtime_runstate_change(&t->rs, state, NOW());
	runstate_to_guest(t);
}

static long register_runstate(struct vtimer *t, unsigned long arg)
{
	struct vcpu_register_runstate_memory_area area;

	if (copy_from_guest(&area, arg, sizeof(area)))
		return -XEN_EFAULT;
	if (area.addr.p && !guest_range_ok(area.addr.p, sizeof(t->rs)))
		return -XEN_EFAULT;
	t->rs_guest = area.addr.p;
	runstate_to_guest(t);
	return 0;
}

/*
 * VCPUOP_register_vcpu_time_memory_area: a second copy of the PV-clock
 * snapshot where user space (a vDSO) can read it.  Every vCPU's
 * snapshot comes from one formula and is published when the vCPU
 * starts, so copying it now keeps the copy current; it is copied like
 * an update, version odd first, so a reader retries meanwhile.
 */
static long register_time_area(struct vtimer *t, unsigned long arg)
{
	struct vcpu_register_time_memory_area area;
	struct vcpu_time_info ti = t->v->vcpu_info->time;
	uint32_t odd = ti.version | 1;

	if (copy_from_guest(&area, arg, sizeof(area)))
		return -XEN_EFAULT;
	if (area.addr.p && !guest_range_ok(area.addr.p, sizeof(ti)))
		return -XEN_EFAULT;
	t->time_guest = area.addr.p;
	if (!t->time_guest)
		return 0;
	copy_to_guest(t->time_guest, &odd, sizeof(odd));
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	copy_to_guest(t->time_guest, &ti, sizeof(ti));
	return 0;
}

static long get_runstate(struct vtimer *t, unsigned long arg)
{
	struct vcpu_runstate_info rs;

	vtime_runstate_get(&t->rs, NOW(), &rs);
	return copy_to_guest(arg, &rs, sizeof(rs)) ? -XEN_EFAULT : 0;
}

/* ---- timers ---- */

static void arm_singleshot(struct vtimer *t, s_time_t when)
{
	stop_timer(&t->singleshot);
	if (when < NOW())
		send_timer_virq(t->v);
	else
		set_timer(&t->singleshot, when);
}

static long set_singleshot(struct vtimer *t, unsigned long arg)
{
	struct vcpu_set_singleshot_timer s;

	if (t->v != current_vcpu())
		return -XEN_EINVAL;
	if (copy_from_guest(&s, arg, sizeof(s)))
		return -XEN_EFAULT;
	arm_singleshot(t, (s_time_t)s.timeout_abs_ns);
	return 0;
}

static long set_periodic(struct vtimer *t, unsigned long arg)
{
	struct vcpu_set_periodic_timer p;

	if (copy_from_guest(&p, arg, sizeof(p)))
		return -XEN_EFAULT;
	if (p.period_ns < MIN_PERIOD || p.period_ns > (uint64_t)STIME_MAX / 2)
		return -XEN_EINVAL;
	set_period(t, p.period_ns);
	return 0;
}

long vtime_vcpu_op(int cmd, struct vcpu *v, unsigned long arg)
{
	struct vtimer *t = vtimer_of(v);

	if (!t)
		return -XEN_ENOMEM;
	switch (cmd) {
	case VCPUOP_get_runstate_info:
		return get_runstate(t, arg);
	case VCPUOP_register_runstate_memory_area:
		return register_runstate(t, arg);
	case VCPUOP_register_vcpu_time_memory_area:
		return register_time_area(t, arg);
	case VCPUOP_set_periodic_timer:
		return set_periodic(t, arg);
	case VCPUOP_stop_periodic_timer:
		set_period(t, 0);
		return 0;
	case VCPUOP_set_singleshot_timer:
		return set_singleshot(t, arg);
	case VCPUOP_stop_singleshot_timer:
		if (v != current_vcpu())
			return -XEN_EINVAL;
		stop_timer(&t->singleshot);
		return 0;
	default:
		return guest_err(-XEN_ENOSYS, "vcpu_op: cmd %d", cmd);
	}
}

long do_set_timer_op(unsigned long timeout, unsigned long a2,
		     unsigned long a3, unsigned long a4, unsigned long a5)
{
	struct vtimer *t = vtimer_of(current_vcpu());
	s_time_t when = (s_time_t)timeout;

	if (!t)
		return -XEN_ENOMEM;
	if (!timeout)
		stop_timer(&t->singleshot);
	else if (when - NOW() > FAR_FUTURE)
		arm_singleshot(t, 0);	/* a wrapped jiffy: fire now */
	else
		arm_singleshot(t, when);
	return 0;
}

/* ---- SCHEDOP_poll ---- */

/* 1: stop waiting, 0: keep waiting, <0: error. */
static int poll_check(struct evtchn_domain *ed, const evtchn_port_t *ports,
		      unsigned int n, const struct vcpu_info *vi)
{
	unsigned int i;
	int rc;

	if (vi->evtchn_upcall_pending && !vi->evtchn_upcall_mask)
		return 1;
	for (i = 0; i < n; i++) {
		rc = evtchn_port_poll_state(ed, ports[i]);
		if (rc)
			return rc;
	}
	return 0;
}

static void run_softirqs(void)
{
	unsigned int cpu = smp_processor_id();

	while (softirq_pending(cpu)) {
		local_irq_enable();
		do_softirq();
		local_irq_disable();
	}
}

/*
 * Give up the CPU until woken, then run what was deferred.  Softirqs
 * also run first: a timer armed in this hypercall (the poll timeout) is
 * only programmed into the hardware by TIMER_SOFTIRQ.
 */
static void poll_wait(struct vcpu *v)
{
	run_softirqs();
	sched_block(v);
	run_softirqs();
}

/* Has the wait of a polling or blocking vCPU ended?  1: yes, 0: no,
 * <0: a port became invalid (poll returns that error). */
static int wait_over(struct vtimer *t, struct evtchn_domain *ed)
{
	const struct vcpu_info *vi = t->v->vcpu_info;

	if (t->blocking)
		return vi->evtchn_upcall_pending;
	if (NOW() >= t->poll_until)
		return 1;
	return poll_check(ed, t->ports, t->nr_ports, vi);
}

static long poll_loop(struct vtimer *t, struct evtchn_domain *ed)
{
	int rc;

	/* A poll waits on its ports, never on "any event" as a block does,
	 * whatever a block left behind (a vCPU resumed into the guest from
	 * inside SCHEDOP_block kept blocking set, and Linux's spinlock poll
	 * then never saw its kick). */
	t->blocking = false;
	t->polling = true;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	rc = poll_check(ed, t->ports, t->nr_ports, t->v->vcpu_info);
	if (!rc) {
		if (t->poll_until != STIME_MAX)
			set_timer(&t->poll, t->poll_until);
		runstate_set(t, RUNSTATE_blocked);
		while (!(rc = wait_over(t, ed)))
			poll_wait(t->v);
		stop_timer(&t->poll);
		runstate_set(t, RUNSTATE_running);
	}
	t->polling = false;
	return rc < 0 ? rc : 0;
}

/* For a scheduler: may v, waiting in SCHEDOP_poll or SCHEDOP_block,
 * run again?  (False for a vCPU that does not wait here.) */
bool vtime_vcpu_wait_over(const struct vcpu *v)
{
	struct vtimer *t = vtimer_find(v);
	struct evtchn_domain *ed;

	if (!t || !t->polling)
		return false;
	/* A block waits for upcall_pending alone, event state or not: a
	 * domain that never used an event channel (mmu_tlb_smp's vCPU 1,
	 * blocking for good) must sleep, not be woken at once for ever -
	 * that looped here with interrupts off and never took the other
	 * CPU's flush IPI. */
	if (t->blocking)
		return wait_over(t, NULL) != 0;
	ed = evtchn_find(v->domain);
	return ed ? wait_over(t, ed) != 0 : true;
}

void vtime_sched_block(struct vcpu *v)
{
	struct vtimer *t = vtimer_of(v);
	struct vcpu_info *vi = v->vcpu_info;

	vi->evtchn_upcall_mask = 0;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!t) {
		sched_block(v);
		return;
	}
	t->blocking = true;
	t->polling = true;	/* any pending port may end the block */
	runstate_set(t, RUNSTATE_blocked);
	while (!vi->evtchn_upcall_pending)
		poll_wait(v);
	runstate_set(t, RUNSTATE_running);
	t->polling = false;
	t->blocking = false;
}

long vtime_sched_poll(unsigned long arg)
{
	struct vcpu *v = current_vcpu();
	struct evtchn_domain *ed = evtchn_of(v->domain);
	struct vtimer *t = vtimer_of(v);
	struct sched_poll p;

	if (!ed || !t)
		return -XEN_ENOMEM;
	if (copy_from_guest(&p, arg, sizeof(p)))
		return -XEN_EFAULT;
	if (p.nr_ports > POLL_MAX_PORTS)
		return -XEN_EINVAL;
	if (copy_from_guest(t->ports, (vaddr_t)p.ports,
			    p.nr_ports * sizeof(evtchn_port_t)))
		return -XEN_EFAULT;
	t->nr_ports = p.nr_ports;
	t->poll_until = p.timeout ? (s_time_t)p.timeout : STIME_MAX;
	return poll_loop(t, ed);
}

/* v's runstate record as of now, for the toolstack (getvcpuinfo,
 * getdomaininfo); a vCPU that never ran has no record yet: all times 0. */
void vtime_vcpu_runstate(const struct vcpu *v, struct vcpu_runstate_info *out)
{
	const struct vtimer *t = vtimer_find(v);

	if (t) {
		vtime_runstate_get(&t->rs, NOW(), out);
		return;
	}
	memset(out, 0, sizeof(*out));
	out->state = initial_state(v);
}
