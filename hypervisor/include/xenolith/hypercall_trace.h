/*
 * Hypercall trace mode (common/hypercall/trace.c): counts of every
 * hypercall and sub-op, enabled by xenolith_hypercall_trace.
 */
#ifndef XENOLITH_HYPERCALL_TRACE_H
#define XENOLITH_HYPERCALL_TRACE_H

#include <xenolith/types.h>

extern bool opt_hypercall_trace;

/* Count one hypercall (called by hypercall_dispatch when enabled). */
void hypercall_trace(unsigned long nr, const unsigned long args[5]);

/* Print the table (at dom0 shutdown and on debug key 'H'). */
void hypercall_trace_report(void);

/* Register debug key 'H' if the trace is on. */
void hypercall_trace_init(void);

#endif
