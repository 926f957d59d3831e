/*
 * evtchn_pirq: a physical interrupt routed to dom0 as an event.
 *
 * dom0 programs the CMOS RTC's periodic interrupt (IRQ 8, 64 Hz) through
 * its I/O ports, maps GSI 8 to pirq 8 (PHYSDEVOP_map_pirq), binds the
 * pirq to an event channel (EVTCHNOP_bind_pirq) and counts the events:
 * each one is acknowledged at the RTC (reading register C) and ended
 * with PHYSDEVOP_eoi; 16 must arrive within 2 s.  Then the errors, as
 * Xen 4.17 gives them: a map of a GSI that does not exist or of an
 * unknown type (-EINVAL), a bind of a pirq nobody mapped (-EPERM),
 * binding the pirq twice (-EEXIST), sending on a pirq port (-EINVAL);
 * mapping a mapped GSI again gives the same pirq, setup_gsi works once
 * per pin (-EEXIST after), and irq_status_query says "needs EOI" (no EOI
 * page registered).
 */
#include "../evtchn_common/ev.h"
#include <public/physdev.h>

const char test_title[] = "evtchn_pirq: the RTC's IRQ 8 as an event";

#define RTC_INDEX 0x70
#define RTC_DATA 0x71
#define RTC_A 0x0a
#define RTC_B 0x0b
#define RTC_C 0x0c
#define RTC_PIE 0x40
#define RTC_GSI 8
#define WANT 16

static inline void outb(uint8_t v, uint16_t port)
{
	asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static uint8_t cmos_read(uint8_t reg)
{
	outb(reg, RTC_INDEX);
	return inb(RTC_DATA);
}

static void cmos_write(uint8_t reg, uint8_t v)
{
	outb(reg, RTC_INDEX);
	outb(v, RTC_DATA);
}

static long physdev(int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_physdev_op, cmd, arg);
}

static long map_gsi(int gsi, int pirq, int type, int *out)
{
	struct physdev_map_pirq m = { .domid = DOMID_SELF, .type = type,
				      .index = gsi, .pirq = pirq };
	long rc = physdev(PHYSDEVOP_map_pirq, &m);

	*out = m.pirq;
	return rc;
}

static int bind_pirq(unsigned int pirq)
{
	struct evtchn_bind_pirq b = { .pirq = pirq };
	long rc = evtchn_op(EVTCHNOP_bind_pirq, &b);

	return rc ? (int)rc : (int)b.port;
}

/* Count RTC interrupts arriving on port for up to 2 s. */
static unsigned int count_ticks(evtchn_port_t port)
{
	struct physdev_eoi eoi = { .irq = RTC_GSI };
	uint64_t end = pvclock_ns(0) + 2000000000ull;
	unsigned int n = 0;

	while (n < WANT && pvclock_ns(0) < end) {
		if (!ev_is_pending(port)) {
			hc_sched_op(SCHEDOP_yield, NULL);
			continue;
		}
		ev_clear_pending(port);
		cmos_read(RTC_C);	/* the RTC's own acknowledge */
		CHECK_EQ(physdev(PHYSDEVOP_eoi, &eoi), 0);
		n++;
	}
	return n;
}

void test_main(void)
{
	struct physdev_set_iopl io = { .iopl = 1 };
	struct physdev_irq_status_query q = { .irq = RTC_GSI };
	struct physdev_unmap_pirq um = { .domid = DOMID_SELF, .pirq = RTC_GSI };
	struct physdev_setup_gsi sg = { .gsi = RTC_GSI };
	uint8_t b;
	unsigned int n;
	int pirq, port;

	if (ev_setup())
		return;
	CHECK_EQ(physdev(PHYSDEVOP_set_iopl, &io), 0);

	/* Errors first, nothing mapped yet. */
	CHECK_EQ(map_gsi(4000, 4000, MAP_PIRQ_TYPE_GSI, &pirq), -XEN_EINVAL);
	CHECK_EQ(map_gsi(RTC_GSI, RTC_GSI, 77, &pirq), -XEN_EINVAL);
	CHECK_EQ(bind_pirq(40), -XEN_EPERM);

	CHECK_EQ(map_gsi(RTC_GSI, RTC_GSI, MAP_PIRQ_TYPE_GSI, &pirq), 0);
	CHECK_EQ(pirq, RTC_GSI);
	/* Trigger and polarity (edge, high: the RTC's) once, not twice;
	 * no such GSI at all. */
	CHECK_EQ(physdev(PHYSDEVOP_setup_gsi, &sg), 0);
	CHECK_EQ(physdev(PHYSDEVOP_setup_gsi, &sg), -XEN_EEXIST);
	sg.gsi = 4000;
	CHECK_EQ(physdev(PHYSDEVOP_setup_gsi, &sg), -XEN_EINVAL);
	/* Mapping it again gives the same pirq. */
	pirq = -1;
	CHECK_EQ(map_gsi(RTC_GSI, RTC_GSI, MAP_PIRQ_TYPE_GSI, &pirq), 0);
	CHECK_EQ(pirq, RTC_GSI);
	/* Without an EOI page the guest must always EOI, even an edge line;
	 * the answer does not depend on what flags held. */
	q.flags = ~0u;
	CHECK_EQ(physdev(PHYSDEVOP_irq_status_query, &q), 0);
	CHECK_EQ(q.flags, XENIRQSTAT_needs_eoi);
	q.flags = 0;
	CHECK_EQ(physdev(PHYSDEVOP_irq_status_query, &q), 0);
	CHECK_EQ(q.flags, XENIRQSTAT_needs_eoi);
	port = bind_pirq(RTC_GSI);
	CHECK(port > 0, "bind_pirq: %d", port);
	if (port <= 0)
		return;
	ev_mask_port(port);
	CHECK_EQ(bind_pirq(RTC_GSI), -XEN_EEXIST);
	CHECK_EQ(ev_send(port), -XEN_EINVAL);

	/* 64 Hz periodic interrupt on. */
	cmos_write(RTC_A, 0x2a);
	b = cmos_read(RTC_B);
	cmos_write(RTC_B, b | RTC_PIE);
	cmos_read(RTC_C);
	n = count_ticks(port);
	cmos_write(RTC_B, b & ~RTC_PIE);
	cmos_read(RTC_C);
	printk("pirq: %u RTC interrupts as events\n", n);
	CHECK_EQ(n, WANT);

	CHECK_EQ(ev_close(port), 0);
	CHECK_EQ(physdev(PHYSDEVOP_unmap_pirq, &um), 0);
}
