UNIT_TESTS += elf_fuzz
elf_fuzz_SRCS := tests/unit/test_elf_fuzz.c tests/fuzz/fuzz_elf.c \
	lib/elf/elf_image.c lib/elf/elf_notes.c lib/elf/elf_sections.c \
	lib/elf/elf_guest_info.c lib/elf/elf_dominfo.c lib/elf/elf_load.c \
	lib/bzimage/bzimage.c lib/xz/xz_stream.c lib/xz/xz_lzma2.c \
	lib/xz/xz_lzma.c lib/xz/xz_bcj.c lib/xz/xz_crc.c \
	lib/pvlayout/pvlayout.c
