/*
 * A pretend hypervisor for the event-channel core: a few domains with
 * real shared_info pages, fake guest frames for FIFO pages, and counters
 * of what the core asked of the hypervisor (kicks, poll wake-ups).
 */
#ifndef TEST_EVTCHN_ENV_H
#define TEST_EVTCHN_ENV_H

#include <xenolith/event.h>

#define ENV_DOMS 3
#define ENV_GFNS 160		/* fake guest frames 0..ENV_GFNS-1 */

struct env_dom {
	struct evtchn_domain ed;
	struct shared_info *sh;
	bool exists;
	unsigned int kicks[EVTCHN_MAX_VCPUS];
	unsigned int port_pending;
	bool paused;		/* for EVTCHNOP_reset by another domain */
};

extern struct env_dom env_dom[ENV_DOMS];
extern uint8_t *env_guest_mem;	/* ENV_GFNS pages */
extern int env_pirq_rc;		/* what evtchn_env_pirq_bind answers */
extern long env_pages_live;	/* allocations not yet freed */
extern long env_maps_live;	/* guest mappings not yet undone */

/* Domain i: ID i, nr_vcpus vCPUs, privileged if i == 0. */
struct evtchn_domain *env_dom_create(unsigned int i, unsigned int nr_vcpus,
				     unsigned int max_ports);
void env_dom_destroy(unsigned int i);
void env_reset(void);
void *env_gfn(uint64_t gfn);

#endif
