#!/bin/sh
# Turn `nm -n` output (stdin) into an assembly file holding the sorted
# text-symbol table that traps/symbols.c searches for stack traces:
#   symtab_nr          number of entries
#   symtab_addrs[]     start addresses, ascending
#   symtab_names[]     offsets into symtab_strings
#   symtab_strings     NUL-terminated names
# Empty input gives an empty table (link pass 1).
awk 'BEGIN { n = 0 }
NF == 3 && $1 ~ /^[0-9a-f]+$/ && $2 ~ /^[tTwW]$/ && $3 !~ /^\./ {
	addr[n] = $1; name[n] = $3; n++
}
END {
	print "\t.section .xsymtab, \"a\""
	print "\t.balign 8"
	print "\t.globl symtab_nr, symtab_addrs, symtab_names, symtab_strings"
	print "symtab_nr:\n\t.quad " (n + 0)
	print "symtab_addrs:"
	for (i = 0; i < n; i++) print "\t.quad 0x" addr[i]
	print "symtab_names:"
	off = 0
	for (i = 0; i < n; i++) { print "\t.long " off; off += length(name[i]) + 1 }
	print "symtab_strings:"
	for (i = 0; i < n; i++) print "\t.asciz \"" name[i] "\""
}'
