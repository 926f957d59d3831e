/*
 * The PV console: two byte rings in one shared page.
 *
 * The guest writes its output into 'out' and reads keyboard input from
 * 'in'; the console daemon in dom0 does the opposite.  Each ring has a
 * producer and a consumer index, free-running 32-bit counters; the byte
 * at index i lives at ring[i % size] (MASK_XENCONS_IDX).  A writer fills
 * bytes, makes them visible (write barrier), then advances its prod
 * index, and kicks the console event channel (start_info.console.domU).
 * A ring is full when prod - cons == its size.
 */
#ifndef XEN_PUBLIC_IO_CONSOLE_H
#define XEN_PUBLIC_IO_CONSOLE_H

#include <stdint.h>
#include "../abi_check.h"

typedef uint32_t XENCONS_RING_IDX;

#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

struct xencons_interface {
	char in[1024];			/* dom0 -> guest */
	char out[2048];			/* guest -> dom0 */
	XENCONS_RING_IDX in_cons, in_prod;	/* in_prod written by dom0 */
	XENCONS_RING_IDX out_cons, out_prod;	/* out_prod written by guest */
};

ABI_SIZE(struct xencons_interface, 3088);
ABI_OFFSET(struct xencons_interface, out_prod, 3084);

#endif /* XEN_PUBLIC_IO_CONSOLE_H */
