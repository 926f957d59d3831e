/*
 * devtest's entry point: pick a subcommand by name.
 *
 * One static binary with subcommands keeps the initramfs small and lets
 * the test script run each check separately, so that one broken device
 * does not hide the others.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "devtest.h"

struct subcommand {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *help;
};

static const struct subcommand subcommands[] = {
	{ "privcmd", test_privcmd, "xen_version through IOCTL_PRIVCMD_HYPERCALL" },
	{ "evtchn", test_evtchn, "loopback event channel through /dev/xen/evtchn" },
	{ "grant", test_grant, "gntalloc page mapped back through gntdev" },
	{ "forkexec", test_forkexec, "[N] fork and exec N processes, 8 at a time" },
	{ "mmap", test_mmap, "[MiB [rounds]] map, fill, check, unmap" },
};

int fail_errno(const char *what, const char *msg)
{
	fprintf(stderr, "devtest %s: %s: %s\n", what, msg, strerror(errno));
	return 1;
}

int fail_msg(const char *what, const char *msg)
{
	fprintf(stderr, "devtest %s: %s\n", what, msg);
	return 1;
}

static int usage(void)
{
	size_t i;

	fprintf(stderr, "usage: devtest <test> [args]\n");
	for (i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		fprintf(stderr, "  %-8s %s\n", subcommands[i].name,
			subcommands[i].help);
	return 2;
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2)
		return usage();
	for (i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		if (!strcmp(argv[1], subcommands[i].name))
			return subcommands[i].run(argc - 1, argv + 1);
	return usage();
}
