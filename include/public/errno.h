/*
 * Error numbers of the hypercall ABI.
 *
 * A failing hypercall returns the negative of one of these.  They are
 * Linux's x86 errno numbers, so a Linux guest can pass them on unchanged,
 * but they are a part of the Xen ABI in their own right: a hypervisor
 * built on any host, and tools built against any libc, must use these
 * values.  The XEN_E* names never clash with <errno.h>.
 *
 * Inside the hypervisor (which has no libc) the plain E* names are more
 * readable; define XEN_ERRNO_PLAIN_NAMES before including this header to
 * get them as well.  ERESTART and EINTR exist only there: they are
 * internal (a preempted hypercall is restarted, never failed with them)
 * and must never reach a guest.
 */
#ifndef XEN_PUBLIC_ERRNO_H
#define XEN_PUBLIC_ERRNO_H

#define XEN_EPERM 1	/* operation not permitted */
#define XEN_ENOENT 2	/* no such entry */
#define XEN_ESRCH 3	/* no such domain or vCPU */
#define XEN_EIO 5	/* I/O error */
#define XEN_ENXIO 6	/* no such device or address */
#define XEN_E2BIG 7	/* argument too big */
#define XEN_ENOEXEC 8	/* bad executable format */
#define XEN_EBADF 9	/* bad handle */
#define XEN_ECHILD 10	/* no child */
#define XEN_EAGAIN 11	/* try again */
#define XEN_EWOULDBLOCK 11	/* same as EAGAIN */
#define XEN_ENOMEM 12	/* out of memory */
#define XEN_EACCES 13	/* permission denied */
#define XEN_EFAULT 14	/* bad guest address */
#define XEN_EBUSY 16	/* busy */
#define XEN_EEXIST 17	/* already exists */
#define XEN_EXDEV 18	/* cross-domain operation */
#define XEN_ENODEV 19	/* no such device */
#define XEN_ENOTDIR 20	/* not a directory */
#define XEN_EISDIR 21	/* is a directory */
#define XEN_EINVAL 22	/* invalid argument */
#define XEN_ENFILE 23	/* table full */
#define XEN_EMFILE 24	/* too many open */
#define XEN_ENOSPC 28	/* no space left */
#define XEN_EROFS 30	/* read-only */
#define XEN_EMLINK 31	/* too many links */
#define XEN_EDOM 33	/* argument out of domain */
#define XEN_ERANGE 34	/* result out of range */
#define XEN_EDEADLK 35	/* would deadlock */
#define XEN_EDEADLOCK 35	/* same as EDEADLK */
#define XEN_ENAMETOOLONG 36	/* name too long */
#define XEN_ENOLCK 37	/* no locks available */
#define XEN_ENOSYS 38	/* not implemented */
#define XEN_ENOTEMPTY 39	/* not empty */
#define XEN_ENODATA 61	/* no data */
#define XEN_ETIME 62	/* timer expired */
#define XEN_EBADMSG 74	/* bad message */
#define XEN_EOVERFLOW 75	/* value too large */
#define XEN_EILSEQ 84	/* illegal byte sequence */
#define XEN_ENOTSOCK 88	/* not a socket */
#define XEN_EMSGSIZE 90	/* message too large */
#define XEN_EOPNOTSUPP 95	/* operation not supported */
#define XEN_EADDRINUSE 98	/* address in use */
#define XEN_EADDRNOTAVAIL 99	/* address not available */
#define XEN_ENOBUFS 105	/* no buffer space */
#define XEN_EISCONN 106	/* already connected */
#define XEN_ENOTCONN 107	/* not connected */
#define XEN_ETIMEDOUT 110	/* timed out */
#define XEN_ECONNREFUSED 111	/* connection refused */

#ifdef XEN_ERRNO_PLAIN_NAMES
#define EPERM XEN_EPERM
#define ENOENT XEN_ENOENT
#define ESRCH XEN_ESRCH
#define EIO XEN_EIO
#define ENXIO XEN_ENXIO
#define E2BIG XEN_E2BIG
#define ENOEXEC XEN_ENOEXEC
#define EBADF XEN_EBADF
#define ECHILD XEN_ECHILD
#define EAGAIN XEN_EAGAIN
#define EWOULDBLOCK XEN_EWOULDBLOCK
#define ENOMEM XEN_ENOMEM
#define EACCES XEN_EACCES
#define EFAULT XEN_EFAULT
#define EBUSY XEN_EBUSY
#define EEXIST XEN_EEXIST
#define EXDEV XEN_EXDEV
#define ENODEV XEN_ENODEV
#define ENOTDIR XEN_ENOTDIR
#define EISDIR XEN_EISDIR
#define EINVAL XEN_EINVAL
#define ENFILE XEN_ENFILE
#define EMFILE XEN_EMFILE
#define ENOSPC XEN_ENOSPC
#define EROFS XEN_EROFS
#define EMLINK XEN_EMLINK
#define EDOM XEN_EDOM
#define ERANGE XEN_ERANGE
#define EDEADLK XEN_EDEADLK
#define EDEADLOCK XEN_EDEADLOCK
#define ENAMETOOLONG XEN_ENAMETOOLONG
#define ENOLCK XEN_ENOLCK
#define ENOSYS XEN_ENOSYS
#define ENOTEMPTY XEN_ENOTEMPTY
#define ENODATA XEN_ENODATA
#define ETIME XEN_ETIME
#define EBADMSG XEN_EBADMSG
#define EOVERFLOW XEN_EOVERFLOW
#define EILSEQ XEN_EILSEQ
#define ENOTSOCK XEN_ENOTSOCK
#define EMSGSIZE XEN_EMSGSIZE
#define EOPNOTSUPP XEN_EOPNOTSUPP
#define EADDRINUSE XEN_EADDRINUSE
#define EADDRNOTAVAIL XEN_EADDRNOTAVAIL
#define ENOBUFS XEN_ENOBUFS
#define EISCONN XEN_EISCONN
#define ENOTCONN XEN_ENOTCONN
#define ETIMEDOUT XEN_ETIMEDOUT
#define ECONNREFUSED XEN_ECONNREFUSED
#define EINTR 4		/* internal only */
#define ERESTART 85	/* internal only: restart the hypercall */
#endif

#endif /* XEN_PUBLIC_ERRNO_H */
