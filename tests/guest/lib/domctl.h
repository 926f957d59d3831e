/*
 * domctl and sysctl, the toolstack's hypercalls, as dom0's tools issue
 * them: one buffer each, filled in place.  A test clears dc (or sc),
 * sets the command's u.* fields, calls domctl(cmd, dom) (or
 * sysctl(cmd)), and reads the answer from the same buffer.
 */
#ifndef GUEST_DOMCTL_H
#define GUEST_DOMCTL_H

#include "guest.h"
#include <public/domctl.h>
#include <public/sysctl.h>

extern struct xen_domctl dc;
extern struct xen_sysctl sc;

/* dc with cmd, this interface version and domain dom, issued. */
long domctl(uint32_t cmd, domid_t dom);
/* sc with cmd and this interface version, issued. */
long sysctl(uint32_t cmd);
/* XEN_SYSCTL_physinfo's free_pages (a failure is a test failure). */
unsigned long sysctl_free_pages(void);

#endif
