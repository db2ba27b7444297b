package knowledge

import (
	"go/types"
	"strings"
)

// GlobalPropagator names OpenTelemetry's global TextMapPropagator API:
// the getter through which code injects and extracts, and the setter
// without which the global propagator is a no-op.
var GlobalPropagator = struct {
	Pkg, Get, Set string
}{Pkg: OTelPrefix, Get: "GetTextMapPropagator", Set: "SetTextMapPropagator"}

// A PropagatorDefault is an instrumentation library whose constructors
// and wrappers propagate through otel.GetTextMapPropagator() unless an
// option gives them a propagator. A call of one of Funcs without such an
// option uses the global propagator.
type PropagatorDefault struct {
	// Pkg is the import path of the library.
	Pkg string
	// Funcs are the package-level functions that default to the global
	// propagator.
	Funcs []string
	// Option is the package-level option function whose argument is the
	// propagator the instrumentation uses instead, or "" for none.
	Option string
}

// PropagatorDefaults lists instrumentation that defaults to the global
// propagator. Their own code reads otel.GetTextMapPropagator() (for the
// default); that read is judged at the program's calls of Funcs, where the
// options are seen, not inside the library (see PropagatorLibPrefixes).
var PropagatorDefaults = []PropagatorDefault{
	{
		Pkg:    "github.com/dnwe/otelsarama",
		Funcs:  []string{"WrapSyncProducer", "WrapAsyncProducer", "WrapConsumer", "WrapPartitionConsumer", "WrapConsumerGroupHandler"},
		Option: "WithPropagators",
	},
	{
		Pkg:    "go.opentelemetry.io/contrib/instrumentation/github.com/IBM/sarama/otelsarama",
		Funcs:  []string{"WrapSyncProducer", "WrapAsyncProducer", "WrapConsumer", "WrapPartitionConsumer", "WrapConsumerGroupHandler"},
		Option: "WithPropagators",
	},
	{
		Pkg:    "go.opentelemetry.io/contrib/instrumentation/github.com/Shopify/sarama/otelsarama",
		Funcs:  []string{"WrapSyncProducer", "WrapAsyncProducer", "WrapConsumer", "WrapPartitionConsumer", "WrapConsumerGroupHandler"},
		Option: "WithPropagators",
	},
	{
		Pkg:    "github.com/twmb/franz-go/plugin/kotel",
		Funcs:  []string{"NewTracer"},
		Option: "TracerPropagator",
	},
	{
		Pkg:    "github.com/signalfx/splunk-otel-go/instrumentation/github.com/confluentinc/confluent-kafka-go/kafka/splunkkafka",
		Funcs:  []string{"NewProducer", "NewConsumer", "WrapProducer", "WrapConsumer"},
		Option: "WithPropagator",
	},
	{
		Pkg:    "github.com/signalfx/splunk-otel-go/instrumentation/github.com/confluentinc/confluent-kafka-go/v2/kafka/splunkkafka",
		Funcs:  []string{"NewProducer", "NewConsumer", "WrapProducer", "WrapConsumer"},
		Option: "WithPropagator",
	},
	{
		Pkg:    "go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp",
		Funcs:  []string{"NewHandler", "NewMiddleware", "NewTransport"},
		Option: "WithPropagators",
	},
	{
		Pkg:    "go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc",
		Funcs:  []string{"NewClientHandler", "NewServerHandler"},
		Option: "WithPropagators",
	},
}

// PropagatorLibPrefixes are import-path prefixes of OpenTelemetry and of
// instrumentation libraries. A read of the global propagator inside them
// is not a use of it by the program: the library reads it as the default
// of an option, judged at the program's calls (PropagatorDefaults), or for
// a feature the program may not use.
var PropagatorLibPrefixes = []string{
	"go.opentelemetry.io/",
	"github.com/dnwe/otelsarama",
	"github.com/twmb/franz-go/plugin/kotel",
	"github.com/signalfx/splunk-otel-go/instrumentation/",
}

// IsPropagatorLib reports whether path is under PropagatorLibPrefixes.
func IsPropagatorLib(path string) bool {
	for _, p := range PropagatorLibPrefixes {
		if path == strings.TrimSuffix(p, "/") || strings.HasPrefix(path, p) ||
			(!strings.HasSuffix(p, "/") && strings.HasPrefix(path, p+"/")) {
			return true
		}
	}
	return false
}

// PropagatorDefault returns the entry of PropagatorDefaults for the
// package-level function fn, if fn defaults to the global propagator.
func (t *Table) PropagatorDefault(fn *types.Func) (*PropagatorDefault, bool) {
	if fn == nil || fn.Pkg() == nil {
		return nil, false
	}
	if sig, ok := fn.Type().(*types.Signature); !ok || sig.Recv() != nil {
		return nil, false
	}
	for i := range t.src.PropagatorDefaults {
		d := &t.src.PropagatorDefaults[i]
		if d.Pkg != fn.Pkg().Path() {
			continue
		}
		for _, name := range d.Funcs {
			if name == fn.Name() {
				return d, true
			}
		}
	}
	return nil, false
}

// PropagatorOption reports whether fn is the option of d that gives the
// instrumentation an explicit propagator.
func (d *PropagatorDefault) PropagatorOption(fn *types.Func) bool {
	return d != nil && d.Option != "" && fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == d.Pkg && fn.Name() == d.Option
}

// ImportsPropagatorUser reports whether pkg imports OpenTelemetry's otel
// package or a library of PropagatorDefaults directly: only such a
// package can read or set the global propagator itself. It is cheap: a
// look at the direct imports.
func (t *Table) ImportsPropagatorUser(pkg *types.Package) bool {
	for _, p := range pkg.Imports() {
		if path := p.Path(); path == GlobalPropagator.Pkg || t.propPkgs[path] {
			return true
		}
	}
	return false
}
