/*
 * devtest: exercise Linux's /dev/xen interfaces from inside dom0.
 *
 * Each test is one subcommand that returns 0 on success and prints why
 * it failed otherwise; the initramfs's test script turns the exit status
 * into a PASS or FAIL line.  The tests speak the drivers' ioctl ABI
 * (xen_ioctl.h), the same one Xen's own tools use.
 */
#ifndef DEVTEST_H
#define DEVTEST_H

int test_privcmd(int argc, char **argv);
int test_evtchn(int argc, char **argv);
int test_grant(int argc, char **argv);
int test_mmap(int argc, char **argv);
int test_forkexec(int argc, char **argv);

/* Print "devtest <what>: <message>: <strerror(errno)>" and return 1. */
int fail_errno(const char *what, const char *msg);
/* Print "devtest <what>: <message>" and return 1. */
int fail_msg(const char *what, const char *msg);

#endif
