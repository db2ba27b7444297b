#!/usr/bin/env bash
# Runs tracewire's whole test suite on a fresh machine: installs a C compiler
# if missing (confluent-kafka-go needs cgo), lints the repository with the
# pinned golangci-lint (scripts/lint.sh, which also warms the build cache for
# the plugin's end-to-end test), downloads every module the tests type-check
# against through the Go module proxy (analysistest and the end-to-end tests
# run with GOPROXY=off), then runs go test.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v gcc >/dev/null 2>&1; then
	echo "test.sh: installing gcc (cgo is needed for confluent-kafka-go)" >&2
	if [ "$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq gcc libc6-dev >/dev/null
fi
export CGO_ENABLED=1

echo "test.sh: linting" >&2
bash scripts/lint.sh

echo "test.sh: downloading modules" >&2
go mod download
for mod in $(find testdata plugin/testdata -name go.mod -not -path '*/_*' | sort); do
	dir=$(dirname "$mod")
	(cd "$dir" && go mod download && go list -deps -test ./... >/dev/null)
done

go test -count=1 -timeout 30m "$@" ./...
