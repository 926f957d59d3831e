/*
 * The evtchn_env_*() hooks for host tests (see evtchn_env.h).
 */
#include <stdlib.h>
#include <string.h>
#include <xenolith/lib.h>
#include "evtchn_env.h"

struct env_dom env_dom[ENV_DOMS];
uint8_t *env_guest_mem;
int env_pirq_rc = -XEN_EOPNOTSUPP;
long env_pages_live;
long env_maps_live;

void *env_gfn(uint64_t gfn)
{
	return env_guest_mem + gfn * PAGE_SIZE;
}

void env_reset(void)
{
	if (!env_guest_mem)
		env_guest_mem = aligned_alloc(PAGE_SIZE, ENV_GFNS * PAGE_SIZE);
	memset(env_guest_mem, 0, ENV_GFNS * PAGE_SIZE);
	env_pirq_rc = -XEN_EOPNOTSUPP;
}

struct evtchn_domain *env_dom_create(unsigned int i, unsigned int nr_vcpus,
				     unsigned int max_ports)
{
	struct env_dom *e = &env_dom[i];
	unsigned int v;

	memset(e, 0, sizeof(*e));
	e->sh = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	memset(e->sh, 0, PAGE_SIZE);
	e->ed.domid = i;
	e->ed.privileged = i == 0;
	e->ed.shared_info = e->sh;
	e->ed.nr_vcpus = nr_vcpus;
	e->ed.max_ports = max_ports;
	for (v = 0; v < nr_vcpus; v++)
		e->ed.vcpu[v].vcpu_info = &e->sh->vcpu_info[v];
	if (evtchn_domain_init(&e->ed))
		return NULL;
	e->exists = true;
	return &e->ed;
}

void env_dom_destroy(unsigned int i)
{
	struct env_dom *e = &env_dom[i];

	if (!e->exists)
		return;
	evtchn_domain_destroy(&e->ed);
	e->exists = false;
	free(e->sh);
	e->sh = NULL;
}

struct evtchn_domain *evtchn_env_lookup(domid_t id)
{
	return id < ENV_DOMS && env_dom[id].exists ? &env_dom[id].ed : NULL;
}

void evtchn_env_kick(struct evtchn_domain *ed, unsigned int vcpu)
{
	ASSERT(vcpu < ed->nr_vcpus);
	env_dom[ed->domid].kicks[vcpu]++;
}

void evtchn_env_port_pending(struct evtchn_domain *ed, evtchn_port_t port)
{
	(void)port;
	env_dom[ed->domid].port_pending++;
}

/* Frames 0..ENV_GFNS-1 are RAM; anything else is not the guest's. */
void *evtchn_env_map_gfn(struct evtchn_domain *ed, uint64_t gfn)
{
	(void)ed;
	if (gfn >= ENV_GFNS)
		return NULL;
	env_maps_live++;
	return env_gfn(gfn);
}

void evtchn_env_unmap(struct evtchn_domain *ed, void *va)
{
	(void)ed;
	ASSERT((uint8_t *)va >= env_guest_mem &&
	       (uint8_t *)va < env_guest_mem + ENV_GFNS * PAGE_SIZE);
	env_maps_live--;
}

int evtchn_env_pirq_bind(struct evtchn_domain *ed, unsigned int pirq,
			 bool share)
{
	(void)ed;
	(void)pirq;
	(void)share;
	return env_pirq_rc;
}

void evtchn_env_pirq_unbind(struct evtchn_domain *ed, unsigned int pirq)
{
	(void)ed;
	(void)pirq;
}

bool evtchn_env_paused(struct evtchn_domain *ed)
{
	return env_dom[ed->domid].paused;
}

void *evtchn_env_alloc_page(void)
{
	void *p = aligned_alloc(PAGE_SIZE, PAGE_SIZE);

	if (p) {
		memset(p, 0, PAGE_SIZE);
		env_pages_live++;
	}
	return p;
}

void evtchn_env_free_page(void *p)
{
	if (!p)
		return;
	env_pages_live--;
	free(p);
}
