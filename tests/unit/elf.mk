UNIT_TESTS += elf
elf_SRCS := tests/unit/test_elf.c lib/elf/elf_image.c lib/elf/elf_notes.c \
	lib/elf/elf_sections.c lib/elf/elf_guest_info.c lib/elf/elf_dominfo.c \
	lib/elf/elf_load.c
