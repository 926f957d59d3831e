/*
 * The PV network device protocol (netfront <-> netback).
 *
 * Two io/ring.h rings per queue: on the tx ring the frontend sends
 * packets (each a chain of slots, one granted page fragment each, the
 * first slot carrying the whole packet's size); on the rx ring it posts
 * empty granted pages that the backend fills with received packets and
 * answers with rx responses.  A packet may be followed by "extra info"
 * slots (GSO, multicast, hash) when NETTXF_extra_info/NETRXF_extra_info
 * is set.  A third, optional control ring configures hashing.
 *
 * XenStore keys: frontend "tx-ring-ref", "rx-ring-ref", "event-channel"
 * (or "event-channel-tx"/"-rx"), "request-rx-copy", "feature-sg",
 * "feature-gso-tcpv4", "multi-queue-num-queues"; backend "mac",
 * "feature-sg", "feature-gso-tcpv4", "feature-rx-copy",
 * "multi-queue-max-queues".  A packet may use at most
 * XEN_NETIF_NR_SLOTS_MIN slots unless the backend says more.
 */
#ifndef XEN_PUBLIC_IO_NETIF_H
#define XEN_PUBLIC_IO_NETIF_H

#include "ring.h"
#include "../grant_table.h"

#define XEN_NETIF_NR_SLOTS_MIN 18

/* Control ring: hash types and algorithms. */
#define _XEN_NETIF_CTRL_HASH_TYPE_IPV4 0
#define XEN_NETIF_CTRL_HASH_TYPE_IPV4 (1 << _XEN_NETIF_CTRL_HASH_TYPE_IPV4)
#define _XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP 1
#define XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP \
	(1 << _XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP)
#define _XEN_NETIF_CTRL_HASH_TYPE_IPV6 2
#define XEN_NETIF_CTRL_HASH_TYPE_IPV6 (1 << _XEN_NETIF_CTRL_HASH_TYPE_IPV6)
#define _XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP 3
#define XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP \
	(1 << _XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP)

#define XEN_NETIF_CTRL_HASH_ALGORITHM_NONE 0
#define XEN_NETIF_CTRL_HASH_ALGORITHM_TOEPLITZ 1

/* A control request; data[] depends on type. */
struct xen_netif_ctrl_request {
	uint16_t id;
	uint16_t type;
#define XEN_NETIF_CTRL_TYPE_INVALID 0
#define XEN_NETIF_CTRL_TYPE_GET_HASH_FLAGS 1
#define XEN_NETIF_CTRL_TYPE_SET_HASH_FLAGS 2
#define XEN_NETIF_CTRL_TYPE_SET_HASH_KEY 3
#define XEN_NETIF_CTRL_TYPE_GET_HASH_MAPPING_SIZE 4
#define XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING_SIZE 5
#define XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING 6
#define XEN_NETIF_CTRL_TYPE_SET_HASH_ALGORITHM 7
#define XEN_NETIF_CTRL_TYPE_GET_GREF_MAPPING_SIZE 8
#define XEN_NETIF_CTRL_TYPE_ADD_GREF_MAPPING 9
#define XEN_NETIF_CTRL_TYPE_DEL_GREF_MAPPING 10
	uint32_t data[3];
};

struct xen_netif_ctrl_response {
	uint16_t id;
	uint16_t type;
	uint32_t status;
#define XEN_NETIF_CTRL_STATUS_SUCCESS 0
#define XEN_NETIF_CTRL_STATUS_NOT_SUPPORTED 1
#define XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER 2
#define XEN_NETIF_CTRL_STATUS_BUFFER_OVERFLOW 3
	uint32_t data;
};

/* A grant for the staging-grant-mapping control messages. */
struct xen_netif_gref {
	grant_ref_t ref;
	uint16_t flags;
#define _XEN_NETIF_CTRLF_GREF_readonly 0
#define XEN_NETIF_CTRLF_GREF_readonly (1U << _XEN_NETIF_CTRLF_GREF_readonly)
	uint16_t status;
};

DEFINE_RING_TYPES(xen_netif_ctrl, struct xen_netif_ctrl_request,
		  struct xen_netif_ctrl_response);

/* Flags of a tx request. */
#define _NETTXF_csum_blank (0)
#define NETTXF_csum_blank (1U << _NETTXF_csum_blank)	/* fill checksum */
#define _NETTXF_data_validated (1)
#define NETTXF_data_validated (1U << _NETTXF_data_validated)
#define _NETTXF_more_data (2)
#define NETTXF_more_data (1U << _NETTXF_more_data) /* another slot follows */
#define _NETTXF_extra_info (3)
#define NETTXF_extra_info (1U << _NETTXF_extra_info)	/* extra info follows */

#define XEN_NETIF_MAX_TX_SIZE 0xFFFF

/* One tx slot: a fragment of the packet in a granted page. */
struct netif_tx_request {
	grant_ref_t gref;
	uint16_t offset;		/* within the page */
	uint16_t flags;			/* NETTXF_* */
	uint16_t id;			/* echoed in the response */
	uint16_t size; /* first slot: packet; others: fragment */
};
typedef struct netif_tx_request netif_tx_request_t;

#define XEN_NETIF_EXTRA_TYPE_NONE (0)
#define XEN_NETIF_EXTRA_TYPE_GSO (1)
#define XEN_NETIF_EXTRA_TYPE_MCAST_ADD (2)
#define XEN_NETIF_EXTRA_TYPE_MCAST_DEL (3)
#define XEN_NETIF_EXTRA_TYPE_HASH (4)
#define XEN_NETIF_EXTRA_TYPE_MAX (5)

#define _XEN_NETIF_EXTRA_FLAG_MORE (0)
#define XEN_NETIF_EXTRA_FLAG_MORE (1U << _XEN_NETIF_EXTRA_FLAG_MORE)

#define XEN_NETIF_GSO_TYPE_NONE (0)
#define XEN_NETIF_GSO_TYPE_TCPV4 (1)
#define XEN_NETIF_GSO_TYPE_TCPV6 (2)

/* An extra-info slot, in place of a request or response slot. */
struct netif_extra_info {
	uint8_t type;			/* XEN_NETIF_EXTRA_TYPE_* */
	uint8_t flags;			/* XEN_NETIF_EXTRA_FLAG_* */
	union {
		struct {
			uint16_t size;	/* MSS */
			uint8_t type;	/* XEN_NETIF_GSO_TYPE_* */
			uint8_t pad;
			uint16_t features;
		} gso;
		struct {
			uint8_t addr[6];	/* multicast MAC */
		} mcast;
		struct {
			uint8_t type;	/* _XEN_NETIF_CTRL_HASH_TYPE_* */
			uint8_t algorithm;
			uint8_t value[4];
		} hash;
		uint16_t pad[3];
	} u;
};
typedef struct netif_extra_info netif_extra_info_t;

struct netif_tx_response {
	uint16_t id;
	int16_t status;			/* NETIF_RSP_* */
};
typedef struct netif_tx_response netif_tx_response_t;

/* An empty granted page posted for receiving. */
struct netif_rx_request {
	uint16_t id;			/* echoed in the response */
	uint16_t pad;
	grant_ref_t gref;
};
typedef struct netif_rx_request netif_rx_request_t;

/* Flags of an rx response. */
#define _NETRXF_data_validated (0)
#define NETRXF_data_validated (1U << _NETRXF_data_validated)
#define _NETRXF_csum_blank (1)
#define NETRXF_csum_blank (1U << _NETRXF_csum_blank)
#define _NETRXF_more_data (2)
#define NETRXF_more_data (1U << _NETRXF_more_data)
#define _NETRXF_extra_info (3)
#define NETRXF_extra_info (1U << _NETRXF_extra_info)
#define _NETRXF_gso_prefix (4)
#define NETRXF_gso_prefix (1U << _NETRXF_gso_prefix)

struct netif_rx_response {
	uint16_t id;
	uint16_t offset;		/* of the data in the page */
	uint16_t flags;			/* NETRXF_* */
	int16_t status;			/* bytes received, or NETIF_RSP_* < 0 */
};
typedef struct netif_rx_response netif_rx_response_t;

DEFINE_RING_TYPES(netif_tx, struct netif_tx_request, struct netif_tx_response);
DEFINE_RING_TYPES(netif_rx, struct netif_rx_request, struct netif_rx_response);

#define NETIF_RSP_DROPPED -2
#define NETIF_RSP_ERROR -1
#define NETIF_RSP_OKAY 0
#define NETIF_RSP_NULL 1		/* a slot used for extra info */

ABI_SIZE(struct xen_netif_ctrl_request, 16);
ABI_SIZE(struct xen_netif_ctrl_response, 12);
ABI_SIZE(struct xen_netif_gref, 8);
ABI_SIZE(struct netif_tx_request, 12);
ABI_SIZE(struct netif_extra_info, 8);
ABI_SIZE(struct netif_tx_response, 4);
ABI_SIZE(struct netif_rx_request, 8);
ABI_SIZE(struct netif_rx_response, 8);

#endif /* XEN_PUBLIC_IO_NETIF_H */
