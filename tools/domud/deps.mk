domud: libxs
