/*
 * The boot-path options (common/boot/params.c), registered with the
 * command-line parser (xenolith/cmdline.h).  Options of other subsystems
 * register themselves next to their users.
 */
#ifndef XENOLITH_PARAMS_H
#define XENOLITH_PARAMS_H

#include <xenolith/types.h>
#include <xenolith/cmdline.h>

extern char opt_test_fault[16];	 /* xenolith_test_fault=pf|ud|de|... */
extern bool opt_exit_after_boot; /* xenolith_exit_after_boot */
extern unsigned int opt_maxcpus; /* maxcpus= (0: all) */
extern bool opt_nosmp;		 /* nosmp */
extern char opt_sched[16];	 /* sched= (for the scheduler, later) */
/* dom0_mem= as written (e.g. "512M,max:512M"): registered here so the
 * option is never "unknown"; the dom0 builder parses the value and must
 * not register the name again. */
extern char opt_dom0_mem[64];

/* Parse the hypervisor command line and apply console options. */
void params_parse(const char *cmdline);

#endif
