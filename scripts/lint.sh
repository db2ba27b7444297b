#!/usr/bin/env bash
# Lints the repository with golangci-lint (pinned below) and the repository's
# .golangci.yml. Installs that golangci-lint into bin/ through the Go module
# proxy unless the right version is already there. Extra arguments go to
# golangci-lint run (e.g. --fix).
set -euo pipefail
cd "$(dirname "$0")/.."

version=v2.15.0
bindir="$PWD/bin"
gcl="$bindir/golangci-lint"

if [ "$("$gcl" version --short 2>/dev/null || true)" != "${version#v}" ]; then
	echo "lint.sh: installing golangci-lint $version into bin/" >&2
	GOBIN="$bindir" go install "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$version"
fi

"$gcl" config verify
"$gcl" run "$@" ./...
