#!/usr/bin/env bash
# Runs tracewire's whole test suite on a fresh machine: installs a C compiler
# if missing (confluent-kafka-go needs cgo), the pinned gopls into bin/ and
# Debian's Neovim if missing (tracewire-gopls's end-to-end tests) and
# Debian's Chromium (tracewire map's HTML page test), lints the
# repository with the pinned golangci-lint (scripts/lint.sh, which also warms the build cache for
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

# tracewire-gopls's end-to-end tests run this gopls (cmd/tracewire-gopls
# finds it in bin/) and headless Neovim.
gopls_version=v0.23.0
if [ "$(bin/gopls version 2>/dev/null | awk '/golang.org\/x\/tools\/gopls/ {print $2}')" != "$gopls_version" ]; then
	echo "test.sh: installing gopls $gopls_version into bin/" >&2
	GOBIN="$PWD/bin" go install "golang.org/x/tools/gopls@$gopls_version"
fi
if ! command -v nvim >/dev/null 2>&1; then
	echo "test.sh: installing neovim (tracewire-gopls's editor test)" >&2
	if [ "$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq neovim >/dev/null
fi

# tracewire map's HTML page is opened in headless Chromium (TestMapHTML).
if ! command -v chromium >/dev/null 2>&1; then
	echo "test.sh: installing chromium (tracewire map's HTML page test)" >&2
	if [ "$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

# Debian bookworm's Emacs 28 has no eglot built in: elpa-eglot brings it
# (tracewire-gopls's Emacs test; Emacs 29 and later have it built in).
if ! command -v emacs >/dev/null 2>&1 || ! emacs --batch --eval "(progn (require 'package) (package-activate-all) (require 'eglot) (require 'go-mode))" >/dev/null 2>&1; then
	echo "test.sh: installing emacs-nox, elpa-eglot and elpa-go-mode (tracewire-gopls's Emacs test)" >&2
	if [ "$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq emacs-nox elpa-eglot elpa-go-mode >/dev/null
fi

echo "test.sh: linting" >&2
bash scripts/lint.sh

echo "test.sh: downloading modules" >&2
go mod download
for mod in $(find testdata plugin/testdata -name go.mod -not -path '*/_*' | sort); do
	dir=$(dirname "$mod")
	(cd "$dir" && go mod download && go list -deps -test ./... >/dev/null)
done

go test -count=1 -timeout 30m "$@" ./...
