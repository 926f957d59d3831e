/*
 * Options of the boot path and console, in Xen's names so one command
 * line boots Xen 4.17 or Xenolith (scripts/qemu.sh).  Options accepted
 * only for compatibility (smap=, console=) are parsed and noted, not
 * acted on; unknown options are warned about by the parser and ignored.
 *
 * Debug options for tests: xenolith_test_fault=<kind> makes the boot CPU
 * fault on purpose once boot is done (pf, ud, de, gp, df, bug, assert),
 * to prove the fault path prints a register dump, a symbolized trace and
 * halts cleanly; xenolith_exit_after_boot ends the run once boot is done
 * and every CPU's timer has fired (common/boot/selftest.c).
 */
#include <xenolith/lib.h>
#include <xenolith/cmdline.h>
#include <xenolith/console.h>
#include <xenolith/params.h>

char opt_test_fault[16];
bool opt_exit_after_boot;
boolean_param("xenolith_exit_after_boot", opt_exit_after_boot);
string_param("xenolith_test_fault", opt_test_fault);
unsigned int opt_maxcpus;
integer_param("maxcpus", opt_maxcpus);
bool opt_nosmp;
boolean_param("nosmp", opt_nosmp);
char opt_sched[16] = "credit";
string_param("sched", opt_sched);
char opt_dom0_mem[64];
string_param("dom0_mem", opt_dom0_mem);

static char opt_console[32] = "com1"; /* only com1 exists here */
string_param("console", opt_console);
static char opt_com1[64]; /* baud[,8n1]: baud honoured */
string_param("com1", opt_com1);
static char opt_smap[16]; /* accepted for Xen compatibility */
string_param("smap", opt_smap);
static char opt_smep[16];
string_param("smep", opt_smep);
static char opt_loglvl[16] = "all";
string_param("loglvl", opt_loglvl);
static char opt_guest_loglvl[16] = "warning";
string_param("guest_loglvl", opt_guest_loglvl);

/* Xen's level names; "all" prints everything, "none" nothing. */
static int loglvl_value(const char *s)
{
	static const char *const names[] = {"error", "warning", "info",
					    "debug"};

	if (!strncmp(s, "all", 3))
		return XENLOG_LEVEL_DEBUG;
	if (!strncmp(s, "none", 4))
		return -1;
	for (unsigned int i = 0; i < ARRAY_SIZE(names); i++)
		if (!strncmp(s, names[i], strlen(names[i])))
			return (int)i;
	printk(XENLOG_WARNING "loglvl: unknown level '%s'\n", s);
	return XENLOG_LEVEL_DEBUG;
}

void params_parse(const char *cmdline)
{
	int bad = cmdline_parse(cmdline);

	if (bad)
		printk(XENLOG_WARNING "%d command-line option(s) ignored\n",
		       bad);
	/* Xen's "upper/lower" form (loglvl=info/all): the first part rules */
	console_set_loglvl(loglvl_value(opt_loglvl));
	console_set_guest_loglvl(loglvl_value(opt_guest_loglvl));
	if (opt_com1[0])
		arch_console_set_baud(simple_strtoul(opt_com1, NULL, 10));
	if (strcmp(opt_console, "com1") && strncmp(opt_console, "com1,", 5))
		printk(XENLOG_WARNING "console=%s: only com1 is supported\n",
		       opt_console);
}
