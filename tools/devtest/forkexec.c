/*
 * A fork/exec storm: many short processes, several alive at once.
 *
 * For a PV guest each fork copies page tables that the hypervisor must
 * validate and pin, each exec tears an address space down and builds a new
 * one, and each exit unpins and frees page tables again; with more than
 * one vCPU the teardowns need TLB shootdowns across CPUs.  A child that
 * does not exit 0 (or dies on a signal) means something went wrong below.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "devtest.h"

#define PARALLEL	8
#define CHILD		"/bin/busybox"

static pid_t spawn(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		execl(CHILD, "true", (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* Reap one child; 0 when it exited cleanly (counted, reported once). */
static int reap(void)
{
	int status;

	if (wait(&status) < 0)
		return fail_errno("forkexec", "wait");
	return !WIFEXITED(status) || WEXITSTATUS(status);
}

int test_forkexec(int argc, char **argv)
{
	unsigned long total = argc > 1 ? strtoul(argv[1], NULL, 0) : 1000;
	unsigned long started = 0, running = 0, bad = 0;

	while (started < total || running) {
		if (started < total && running < PARALLEL) {
			if (spawn() < 0)
				return fail_errno("forkexec", "fork");
			started++;
			running++;
			continue;
		}
		bad += reap();
		running--;
	}
	printf("devtest forkexec: %lu processes, %lu failed\n", total, bad);
	if (bad)
		return fail_msg("forkexec", "some children did not exit 0");
	return 0;
}
