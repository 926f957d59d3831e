#!/usr/bin/env bash
# Host tools the loader-library tests need beyond scripts/deps.sh: the xz
# command (test vectors are made with it, and Debian's kernel payload is
# checked against it).  Idempotent and quick when already installed.
set -euo pipefail
command -v xz >/dev/null && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "loader-deps: need root to install xz-utils" >&2
	exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xz-utils >/dev/null
command -v xz >/dev/null
