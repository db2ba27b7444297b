#!/usr/bin/env bash
# Builds tracewire into bin/ and runs it on the bundled demo (testdata/demo:
# an order API that produces to Kafka, a notifications package traced only by
# its go.mod, and a fulfillment worker that consumes).
# Exit status 3 from tracewire means it found something, which is the point
# of the demo; any other failure is an error.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v gcc >/dev/null 2>&1 || { echo "demo.sh: gcc is needed (cgo); run scripts/test.sh once or apt-get install gcc" >&2; exit 1; }
go build -o bin/tracewire ./cmd/tracewire
cd testdata/demo
go mod download
set +e
../../bin/tracewire ./...
status=$?
set -e
if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then exit "$status"; fi
echo "demo.sh: tracewire reported the findings above (apply them with: (cd testdata/demo && ../../bin/tracewire -fix ./...))" >&2
