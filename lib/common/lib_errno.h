/*
 * Error numbers for the loader libraries.
 *
 * The libraries in lib/ are built both into the freestanding hypervisor and
 * into hosted tools, so they cannot include the hypervisor's or libc's errno
 * headers.  These are Xen's values (include/public/errno.h), returned
 * negated, so a caller in either world can pass them on unchanged.
 */
#ifndef LIB_ERRNO_H
#define LIB_ERRNO_H

#define LIB_ENOENT     2  /* something looked up is not there */
#define LIB_ENOEXEC    8  /* not an image we can load */
#define LIB_ENOMEM     12 /* a caller-supplied buffer is too small */
#define LIB_EINVAL     22 /* malformed input */
#define LIB_EFBIG      27 /* a size beyond our sanity limits */
#define LIB_ENOSPC     28 /* output does not fit the destination */
#define LIB_ERANGE     34 /* an address outside its allowed range */
#define LIB_EBADMSG    74 /* integrity check (CRC) failed */
#define LIB_EOVERFLOW  75 /* arithmetic on input values overflows */
#define LIB_EOPNOTSUPP 95 /* valid but unsupported feature */

#endif
