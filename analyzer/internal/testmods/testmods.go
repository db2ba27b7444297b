// Package testmods declares, once, the testdata modules that pin the real
// client and instrumentation modules tracewire's tests type-check against.
// The knowledge tests load the table's APIs from them, and
// TestGoldensCompile builds their fixed packages.
package testmods

import (
	"path/filepath"
	"runtime"
)

// Pinned names the pinned modules, as directories of testdata/:
//   - mod: the Kafka clients and their instrumentation;
//   - ddtrace: dd-trace-go, whose dependencies would move the versions
//     pinned in mod;
//   - brokers: NATS (nats.go, jetstream) and RabbitMQ (amqp091-go,
//     streadway/amqp);
//   - inhouse: in-house buses declared in its tracewire.json (it pins
//     OpenTelemetry only);
//   - cloud: the cloud-queue and job-queue clients (docs/cloud-clients.md).
var Pinned = []string{"mod", "ddtrace", "brokers", "inhouse", "cloud"}

// Dir returns the directory of testdata module mod.
func Dir(mod string) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "testdata", mod)
}
