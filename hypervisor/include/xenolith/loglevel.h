/*
 * Xen's log levels, as in-band prefixes: a printk format may start with
 * XENLOG_ERR etc. (XENLOG_G_* for lines a guest caused), and the console
 * drops the message if its level is below the threshold set by loglvl=
 * (guest_loglvl= for the guest ones).  Shared by the hypervisor's lib.h
 * and the host unit tests' stand-in, so both speak the same prefixes.
 */
#ifndef XENOLITH_LOGLEVEL_H
#define XENOLITH_LOGLEVEL_H

#define XENLOG_ERR	 "<0>"
#define XENLOG_WARNING	 "<1>"
#define XENLOG_INFO	 "<2>"
#define XENLOG_DEBUG	 "<3>"
#define XENLOG_GUEST	 "<G>"
#define XENLOG_G_ERR	 XENLOG_GUEST XENLOG_ERR
#define XENLOG_G_WARNING XENLOG_GUEST XENLOG_WARNING
#define XENLOG_G_INFO	 XENLOG_GUEST XENLOG_INFO
#define XENLOG_G_DEBUG	 XENLOG_GUEST XENLOG_DEBUG

#define XENLOG_LEVEL_ERR     0
#define XENLOG_LEVEL_WARNING 1
#define XENLOG_LEVEL_INFO    2
#define XENLOG_LEVEL_DEBUG   3

#endif
