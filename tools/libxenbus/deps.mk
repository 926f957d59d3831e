libxenbus: libxs
