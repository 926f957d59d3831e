/*
 * The PV block device protocol (blkfront <-> blkback).
 *
 * Requests travel on an io/ring.h ring (the "ring-ref" key in XenStore;
 * "event-channel" for kicks).  A request names up to
 * BLKIF_MAX_SEGMENTS_PER_REQUEST segments; each segment is a granted
 * page and a range of 512-byte sectors in it (first_sect..last_sect,
 * inclusive).  Sector numbers are always in 512-byte units, whatever the
 * disk's own sector size.  Each response carries back the request's id.
 *
 * Backend keys the frontend reads: "sectors", "info" (VDISK_*),
 * "sector-size", "feature-flush-cache", "feature-barrier",
 * "feature-discard", "feature-max-indirect-segments",
 * "feature-persistent", "max-ring-page-order".  Frontend keys:
 * "ring-ref" (or "ring-ref%u" with "ring-page-order"), "event-channel",
 * "protocol" ("x86_64-abi"), "feature-persistent".
 */
#ifndef XEN_PUBLIC_IO_BLKIF_H
#define XEN_PUBLIC_IO_BLKIF_H

#include "ring.h"
#include "../grant_table.h"

#ifndef blkif_vdev_t
#define blkif_vdev_t uint16_t
#endif
#define blkif_sector_t uint64_t

#define BLKIF_OP_READ 0
#define BLKIF_OP_WRITE 1
#define BLKIF_OP_WRITE_BARRIER 2	/* "feature-barrier" */
#define BLKIF_OP_FLUSH_DISKCACHE 3	/* "feature-flush-cache" */
#define BLKIF_OP_RESERVED_1 4
#define BLKIF_OP_DISCARD 5		/* "feature-discard" */
#define BLKIF_OP_INDIRECT 6		/* "feature-max-indirect-segments" */

#define BLKIF_MAX_SEGMENTS_PER_REQUEST 11
#define BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST 8

/* One page of a request: grant ref and sector range within the page. */
struct blkif_request_segment {
	grant_ref_t gref;
	uint8_t first_sect, last_sect;	/* 0..7, inclusive */
};

/* A read or write (also the layout of barrier and flush requests). */
struct blkif_request {
	uint8_t operation;		/* BLKIF_OP_* */
	uint8_t nr_segments;		/* 1..BLKIF_MAX_SEGMENTS_PER_REQUEST */
	blkif_vdev_t handle;		/* the virtual device */
	uint32_t _pad0;			/* implicit in Xen's header */
	uint64_t id;			/* echoed in the response */
	blkif_sector_t sector_number;	/* first sector on the disk */
	struct blkif_request_segment seg[BLKIF_MAX_SEGMENTS_PER_REQUEST];
};
typedef struct blkif_request blkif_request_t;

/* BLKIF_OP_DISCARD: drop nr_sectors from sector_number on. */
struct blkif_request_discard {
	uint8_t operation;
	uint8_t flag;			/* BLKIF_DISCARD_* */
#define BLKIF_DISCARD_SECURE (1 << 0)	/* "discard-secure" */
	blkif_vdev_t handle;
	uint32_t _pad0;			/* implicit in Xen's header */
	uint64_t id;
	blkif_sector_t sector_number;
	uint64_t nr_sectors;
};
typedef struct blkif_request_discard blkif_request_discard_t;

/*
 * BLKIF_OP_INDIRECT: the segments are listed in granted pages (each page
 * an array of struct blkif_request_segment), indirect_op is the real
 * operation (read or write).
 */
struct blkif_request_indirect {
	uint8_t operation;
	uint8_t indirect_op;
	uint16_t nr_segments;
	uint32_t _pad0;			/* implicit in Xen's header */
	uint64_t id;
	blkif_sector_t sector_number;
	blkif_vdev_t handle;
	uint16_t _pad1;			/* implicit in Xen's header */
	grant_ref_t indirect_grefs[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST];
	uint32_t _pad2;			/* implicit in Xen's header */
};
typedef struct blkif_request_indirect blkif_request_indirect_t;

struct blkif_response {
	uint64_t id;			/* from the request */
	uint8_t operation;		/* from the request */
	uint8_t _pad0;			/* implicit in Xen's header */
	int16_t status;			/* BLKIF_RSP_* */
	uint32_t _pad1;			/* implicit in Xen's header */
};
typedef struct blkif_response blkif_response_t;

#define BLKIF_RSP_EOPNOTSUPP -2		/* operation not supported */
#define BLKIF_RSP_ERROR -1
#define BLKIF_RSP_OKAY 0

DEFINE_RING_TYPES(blkif, struct blkif_request, struct blkif_response);

/* Bits of the backend's "info" key. */
#define VDISK_CDROM 0x1
#define VDISK_REMOVABLE 0x2
#define VDISK_READONLY 0x4

ABI_SIZE(struct blkif_request_segment, 8);
ABI_SIZE(struct blkif_request, 112);
ABI_SIZE(struct blkif_request_discard, 32);
ABI_SIZE(struct blkif_request_indirect, 64);
ABI_SIZE(struct blkif_response, 16);
ABI_SIZE(union blkif_sring_entry, 112);

#endif /* XEN_PUBLIC_IO_BLKIF_H */
