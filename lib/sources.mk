# The loader libraries, for any Makefile that links them: the hypervisor
# (dom0 builder) and the tools (domU builder).  Set LIB_DIR to this
# directory's path before including; headers are found with -I$(LIB_DIR)
# as "elf/xen_elf.h", "xz/xz.h", "bzimage/bzimage.h", "pvlayout/pvlayout.h".
LIB_LOADER_SRCS := $(sort $(wildcard $(LIB_DIR)/elf/*.c $(LIB_DIR)/xz/*.c \
	$(LIB_DIR)/bzimage/*.c $(LIB_DIR)/pvlayout/*.c))
