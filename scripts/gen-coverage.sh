#!/usr/bin/env bash
# Regenerate docs/abi/coverage.md from the hypercall table
# (hypervisor/common/hypercall/table.c).  The host unit test binary knows
# the table, so it prints the document; the same binary's
# coverage_doc_is_current test fails while the committed file differs.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
make -s -C "$top/tests/unit" "$top/build/unit/hypercall"
ASAN_OPTIONS=detect_leaks=0 "$top/build/unit/hypercall" --coverage \
	>"$top/docs/abi/coverage.md"
echo "wrote docs/abi/coverage.md"
