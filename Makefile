# Xenolith top-level Makefile.  Each tree has its own Makefile; this one
# only orders them.  Everything built lands in build/.
#
#   make          build the hypervisor (build/xenolith.elf), guest test
#                 kernels (build/guest/) and tools (build/tools/)
#   make run      install what is missing, build, boot Xenolith in QEMU
#                 with Debian's Linux as dom0 to a shell (GUEST=hello: the
#                 small test guest instead; VCPUS=N: dom0's vCPUs)
#   make test     install what is missing, build, run every test tier
#   make bench    benchmarks (bench/)

TOP := $(CURDIR)
export TOP
SUBDIRS := hypervisor tests/guest tools

.PHONY: all deps run test unit bench clean $(SUBDIRS)

all: $(SUBDIRS)

$(SUBDIRS):
	@if [ -f $@/Makefile ]; then $(MAKE) -C $@; fi

deps:
	@bash scripts/deps.sh

run: deps all
	bash scripts/run.sh $(if $(GUEST),--guest $(GUEST)) $(if $(VCPUS),--vcpus $(VCPUS))

test: deps
	$(MAKE) all
	bash tests/run

unit:
	bash tests/run unit

bench: deps all
	@if [ -f bench/Makefile ]; then $(MAKE) -C bench; else echo "no benchmarks yet"; fi

clean:
	rm -rf build
