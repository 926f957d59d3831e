xenstore: libxs
