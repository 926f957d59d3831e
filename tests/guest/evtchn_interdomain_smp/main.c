/*
 * evtchn_interdomain_smp: evtchn_interdomain's ping-pong with the two
 * domains on different physical CPUs (test.mk: two CPUs,
 * xenolith_sched_smp, domain 1 pinned to CPU 1).
 *
 * Each event then crosses CPUs: the sender marks the peer's port
 * pending and finds the peer blocked in SCHEDOP_poll on the other CPU
 * (or about to block there), so the wake-up races the peer's own
 * "check, then block" in parallel, not interleaved on one CPU as in
 * evtchn_interdomain.  A wake-up lost in that race shows as a poll
 * timing out with nothing pending, counted as lost.
 *
 * On Xen 4.17 (one domain) it is the loopback ping-pong, with two CPUs.
 */
#define TEST_TITLE "evtchn_interdomain_smp: ping-pong between domains on two CPUs"
#define ROUNDS_PEER 20000ul
#define ROUNDS_LOOP 20000ul
#include "../evtchn_interdomain/main.c"
