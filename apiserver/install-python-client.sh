#!/usr/bin/env bash
# Makes the official Kubernetes Python client (Debian's python3-kubernetes) importable by
# /usr/bin/python3, for PythonClientIT (a client of the stand-in that is neither fabric8 nor
# kubectl). Nothing to do when it is there; installs it with apt-get when run as root; otherwise
# says how, and PythonClientIT skips with that reason (under CI=true it fails instead). The
# apiserver module's build runs this before its ITs, and so does .ci/run.
set -euo pipefail

if /usr/bin/python3 -c "import kubernetes" 2>/dev/null; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-python-client: the Kubernetes Python client is missing; run: apt-get install python3-kubernetes" >&2
  exit 0
fi
echo "install-python-client: installing python3-kubernetes with apt-get" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-kubernetes >/dev/null
