/*
 * XenBus device states.
 *
 * Every split device (vbd, vif, vtpm, ...) has a frontend in the guest and
 * a backend in a driver domain.  Each end publishes its state in its own
 * XenStore directory under the key "state", as a decimal number from the
 * list below, and watches the other end's.  The usual handshake:
 *
 *   backend  Initialising -> InitWait (its parameters are published)
 *   frontend Initialising -> Initialised (rings and event channel
 *            published)         (or straight to Connected)
 *   backend  -> Connected once it has mapped the rings
 *   frontend -> Connected
 *   either   -> Closing -> Closed to tear down.
 */
#ifndef XEN_PUBLIC_IO_XENBUS_H
#define XEN_PUBLIC_IO_XENBUS_H

enum xenbus_state {
	XenbusStateUnknown = 0,
	XenbusStateInitialising = 1,
	XenbusStateInitWait = 2,	/* backend: waiting for the frontend */
	XenbusStateInitialised = 3,	/* frontend: rings published */
	XenbusStateConnected = 4,
	XenbusStateClosing = 5,		/* the device is being shut down */
	XenbusStateClosed = 6,
	XenbusStateReconfiguring = 7,	/* backend: reconfiguring (PV USB) */
	XenbusStateReconfigured = 8
};
typedef enum xenbus_state XenbusState;

#endif /* XEN_PUBLIC_IO_XENBUS_H */
