/*
 * dombench: Linux workloads timed inside dom0 (or natively), for bench/.
 *
 * The classic Xen-paper set (null syscall, fork+exit, fork+exec, mmap and
 * fault-in of 64 MiB, pipe ping-pong, a busybox "kernel compile" loop) and
 * three trips through /dev/xen (a privcmd hypercall, an event-channel round
 * trip, a gntalloc/gntdev map cycle).  Each benchmark runs one untimed
 * warm-up batch, then BATCHES timed batches of its iterations, and reports
 * the cheapest (a batch the host preempted measures the host), timed with
 * RDTSC, like the PV microbenchmarks: under QEMU TCG the TSC follows host
 * time at the same rate in every configuration (and counts instructions
 * under icount), whereas Linux's own clock depends on each kernel's TSC
 * calibration, which TCG upsets (a native boot has measured a 27 GHz
 * "TSC", running its clock ten times slow).  Output, one line each,
 * parsed by bench/run:
 *
 *   BENCH <name> iters=<n> tsc=<best batch> per_iter=<ticks>
 *   BENCH <name> unsupported rc=<why>        (e.g. no /dev/xen natively)
 *
 * Usage: dombench [scale-percent]   (default 100)
 *        dombench exit              (the fork+exec child: exits at once)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../../tools/devtest/xen_ioctl.h"

#define BATCHES	2
#define PAGE	4096
#define DOM0	0

/* One benchmark step; returns 0, or a negative errno-style failure. */
typedef int (*step_fn)(void);

static uint64_t now_tsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static int scale = 100;

static void run(const char *name, step_fn step, long iters)
{
	uint64_t best = UINT64_MAX;
	long i, n = iters * scale / 100;
	int b, rc = 0;

	if (n < 1)
		n = 1;
	for (b = 0; b <= BATCHES && !rc; b++) {
		uint64_t t0 = now_tsc(), t;

		for (i = 0; i < n && !rc; i++)
			rc = step();
		t = now_tsc() - t0;
		if (b > 0 && t < best)	/* batch 0 warms up */
			best = t;
	}
	if (rc)
		printf("BENCH %s failed rc=%d\n", name, rc);
	else
		printf("BENCH %s iters=%ld tsc=%llu per_iter=%.1f\n", name, n,
		       (unsigned long long)best, (double)best / n);
	fflush(stdout);
}

/* ---------------------------------------------------- the Xen-paper set */

static int null_syscall(void)
{
	syscall(SYS_getppid);
	return 0;
}

static int wait_child(pid_t pid)
{
	int st;

	if (pid < 0)
		return -errno;
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		return -ECHILD;
	return 0;
}

static int fork_exit(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	return wait_child(pid);
}

static int fork_exec(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		char *argv[] = { "dombench", "exit", NULL };

		execv("/proc/self/exe", argv);
		_exit(127);
	}
	return wait_child(pid);
}

/* 64 MiB of fresh anonymous memory, every page written once, unmapped. */
static int mmap_fault_64m(void)
{
	size_t len = 64u << 20, off;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return -errno;
	for (off = 0; off < len; off += PAGE)
		p[off] = 1;
	return munmap(p, len) ? -errno : 0;
}

static int ping[2] = { -1, -1 }, pong[2] = { -1, -1 };

/* One byte to the echo child and back. */
static int pipe_pingpong(void)
{
	char c = 'x';

	if (write(ping[1], &c, 1) != 1 || read(pong[0], &c, 1) != 1)
		return -EPIPE;
	return 0;
}

static pid_t start_echo(void)
{
	pid_t pid;
	char c;

	if (pipe(ping) || pipe(pong))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(ping[1]);		/* or the read below never sees EOF */
		close(pong[0]);
		while (read(ping[0], &c, 1) == 1 && write(pong[1], &c, 1) == 1)
			;
		_exit(0);
	}
	return pid;
}

static void stop_echo(pid_t pid)
{
	close(ping[1]);
	close(pong[0]);
	close(ping[0]);
	close(pong[1]);
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

/*
 * What a kernel build does to the system, in busybox: many short processes
 * that read, transform and write files (sed, sort, gzip, cmp, rm) through a
 * shell.  One iteration "compiles" the init scripts once.
 */
static const char kbuild_script[] =
	"cd /tmp && for f in /init /etc/systest; do "
	"b=kb.$(basename $f); sed 's/[a-z]/X/g' $f | sort >$b.i && "
	"gzip -c $b.i >$b.o && gzip -dc $b.o | cmp -s - $b.i && "
	"wc -l $b.i >/dev/null; done; rm -f kb.*";

static int kbuild_loop(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", kbuild_script, (char *)NULL);
		_exit(127);
	}
	return wait_child(pid);
}

/* ------------------------------------------------------- through /dev/xen */

static int privcmd_fd = -1, evtchn_fd = -1, gntalloc_fd = -1, gntdev_fd = -1;
static int port_a = -1, port_b = -1;

static int privcmd_hypercall(void)
{
	struct privcmd_hypercall h = { .op = 17 /* xen_version */,
				       .arg = { 0 /* XENVER_version */ } };

	return ioctl(privcmd_fd, IOCTL_PRIVCMD_HYPERCALL, &h) < 0 ? -errno : 0;
}

/* Wait for one pending port (or time out) and unmask it again. */
static long evtchn_wait(int ms)
{
	struct pollfd p = { .fd = evtchn_fd, .events = POLLIN };
	uint32_t port;

	if (poll(&p, 1, ms) != 1)
		return -ETIMEDOUT;
	if (read(evtchn_fd, &port, sizeof(port)) != sizeof(port) ||
	    write(evtchn_fd, &port, sizeof(port)) != sizeof(port))
		return -EIO;
	return port;
}

/* Notify one end of a loopback channel, receive it on the other. */
static int evtchn_roundtrip(void)
{
	struct ioctl_evtchn_notify n = { .port = port_a };
	long got;

	if (ioctl(evtchn_fd, IOCTL_EVTCHN_NOTIFY, &n) < 0)
		return -errno;
	got = evtchn_wait(5000);
	if (got < 0)
		return got;
	return got == port_b ? 0 : -EBADMSG;
}

static int evtchn_setup(void)
{
	struct ioctl_evtchn_bind_unbound_port u = { .remote_domain = DOM0 };
	struct ioctl_evtchn_bind_interdomain b = { .remote_domain = DOM0 };

	evtchn_fd = open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC);
	if (evtchn_fd < 0)
		return -errno;
	port_a = ioctl(evtchn_fd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &u);
	if (port_a < 0)
		return -errno;
	b.remote_port = port_a;
	port_b = ioctl(evtchn_fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &b);
	if (port_b < 0)
		return -errno;
	while (evtchn_wait(200) >= 0)	/* the bind's own pending event */
		;
	return 0;
}

/*
 * Grant a page to ourselves (gntalloc), map the grant (gntdev: the
 * GNTTABOP_map_grant_ref hypercall on mmap), write through the mapping,
 * unmap (GNTTABOP_unmap_grant_ref on munmap), revoke the grant.
 */
static int gnt_map_cycle(void)
{
	struct ioctl_gntalloc_alloc_gref g = { .domid = DOM0, .count = 1,
		.flags = GNTALLOC_FLAG_WRITABLE };
	struct ioctl_gntalloc_dealloc_gref d = { .count = 1 };
	struct ioctl_gntdev_map_grant_ref m = { .count = 1 };
	struct ioctl_gntdev_unmap_grant_ref um = { .count = 1 };
	volatile char *p;
	int rc = 0;

	if (ioctl(gntalloc_fd, IOCTL_GNTALLOC_ALLOC_GREF, &g) < 0)
		return -errno;
	m.refs[0].domid = DOM0;
	m.refs[0].ref = g.gref_ids[0];
	if (ioctl(gntdev_fd, IOCTL_GNTDEV_MAP_GRANT_REF, &m) < 0) {
		rc = -errno;
		goto dealloc;
	}
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, gntdev_fd,
		 m.index);
	if (p == MAP_FAILED) {
		rc = -errno;
	} else {
		p[0] = 1;
		munmap((void *)p, PAGE);
	}
	um.index = m.index;
	if (ioctl(gntdev_fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &um) < 0 && !rc)
		rc = -errno;
dealloc:
	d.index = g.index;
	if (ioctl(gntalloc_fd, IOCTL_GNTALLOC_DEALLOC_GREF, &d) < 0 && !rc)
		rc = -errno;
	return rc;
}

/* A /dev/xen benchmark needs its device: natively there is none. */
static void run_dev(const char *name, step_fn step, long iters, int setup)
{
	if (setup < 0) {
		printf("BENCH %s unsupported rc=%d (%s)\n", name, setup,
		       strerror(-setup));
		fflush(stdout);
		return;
	}
	run(name, step, iters);
}

static int open_dev(const char *path, int *fd)
{
	*fd = open(path, O_RDWR | O_CLOEXEC);
	return *fd < 0 ? -errno : 0;
}

/*
 * "dombench kmsg-tsc NAME": one BENCH line with the TSC now, written to
 * the kernel log (for bench/domu_boot/: a domU's kernel messages reach
 * the hypervisor's console through console_io, its stdout does not).
 */
static int kmsg_tsc(const char *name, unsigned long long tsc)
{
	char line[160];
	int fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC), n;

	n = snprintf(line, sizeof(line), "BENCH %s iters=1 tsc=%llu "
		     "per_iter=%llu\n", name, tsc, tsc);
	fputs(line, stdout);
	if (fd < 0 || write(fd, line, n) != n)
		return 1;
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	pid_t echo;
	int ga, gd;
	/*
	 * QEMU's TSC starts at 0 at reset and neither hypervisor offsets
	 * dom0's: the whole boot (hypervisor, dom0 build, Linux, /init with
	 * its modules) to where /init starts the shell, here this program.
	 */
	unsigned long long boot = now_tsc();

	if (argc > 1 && !strcmp(argv[1], "exit"))
		return 0;
	if (argc > 2 && !strcmp(argv[1], "kmsg-tsc"))
		return kmsg_tsc(argv[2], boot);
	if (argc > 1)
		scale = atoi(argv[1]) > 0 ? atoi(argv[1]) : 100;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("BENCH-LIST boot_to_shell null_syscall fork_exit fork_exec "
	       "mmap_fault_64m pipe_pingpong kbuild_loop privcmd_hypercall "
	       "evtchn_roundtrip gnt_map_cycle\n");
	printf("BENCH boot_to_shell iters=1 tsc=%llu per_iter=%llu\n", boot,
	       boot);

	run("null_syscall", null_syscall, 5000);
	run("fork_exit", fork_exit, 30);
	run("fork_exec", fork_exec, 15);
	run("mmap_fault_64m", mmap_fault_64m, 1);
	echo = start_echo();
	if (echo > 0)
		run("pipe_pingpong", pipe_pingpong, 300);
	else
		printf("BENCH pipe_pingpong failed rc=%d\n", -errno);
	stop_echo(echo);
	run("kbuild_loop", kbuild_loop, 1);

	run_dev("privcmd_hypercall", privcmd_hypercall, 1000,
		open_dev("/dev/xen/privcmd", &privcmd_fd));
	run_dev("evtchn_roundtrip", evtchn_roundtrip, 100, evtchn_setup());
	ga = open_dev("/dev/xen/gntalloc", &gntalloc_fd);
	gd = open_dev("/dev/xen/gntdev", &gntdev_fd);
	run_dev("gnt_map_cycle", gnt_map_cycle, 50, ga ? ga : gd);
	printf("BENCH-END\n");
	return 0;
}
