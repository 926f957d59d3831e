/*
 * The PV TPM (vTPM) protocol, version 2: one shared page per device.
 *
 * The frontend writes a TPM command after struct tpmif_shared_page
 * (at offset sizeof(struct tpmif_shared_page) + 4 * nr_extra_pages, the
 * extra pages' grant refs coming first), sets length and locality, sets
 * state to SUBMIT and kicks the event channel.  The backend (vtpmd)
 * runs the command, writes the response in the same place, sets length
 * and state FINISH, and kicks back.  CANCEL asks the backend to abandon
 * a command.  The old version 1 ring is kept for its layout only.
 */
#ifndef XEN_PUBLIC_IO_TPMIF_H
#define XEN_PUBLIC_IO_TPMIF_H

#include "../grant_table.h"

/* Version 1 (obsolete): one request slot naming a granted page. */
struct tpmif_tx_request {
	uint64_t addr;
	grant_ref_t ref;
	uint16_t unused;
	uint16_t size;
};
typedef struct tpmif_tx_request tpmif_tx_request_t;

typedef uint32_t TPMIF_RING_IDX;

#define TPMIF_TX_RING_SIZE 1

struct tpmif_ring {
	struct tpmif_tx_request req;
};
typedef struct tpmif_ring tpmif_ring_t;

struct tpmif_tx_interface {
	struct tpmif_ring ring[TPMIF_TX_RING_SIZE];
};
typedef struct tpmif_tx_interface tpmif_tx_interface_t;

/* Version 2: values of tpmif_shared_page.state. */
enum tpmif_state {
	TPMIF_STATE_IDLE,	/* no command in the page */
	TPMIF_STATE_SUBMIT,	/* frontend: a command is ready */
	TPMIF_STATE_FINISH,	/* backend: the response is ready */
	TPMIF_STATE_CANCEL	/* frontend: abandon the command */
};

struct tpmif_shared_page {
	uint32_t length;	/* bytes of command or response */
	uint8_t state;		/* enum tpmif_state */
	uint8_t locality;	/* TPM locality of the command */
	uint8_t pad;
	uint8_t nr_extra_pages;	/* more pages for long commands */
	/* uint32_t extra_pages[nr_extra_pages]: their grant refs */
};
typedef struct tpmif_shared_page tpmif_shared_page_t;

ABI_SIZE(struct tpmif_tx_request, 16);
ABI_SIZE(struct tpmif_shared_page, 8);

#endif /* XEN_PUBLIC_IO_TPMIF_H */
