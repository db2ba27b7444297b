// Package otelapi recognises the OpenTelemetry and context APIs that
// tracewire's checks reason about: propagator Inject/Extract, Tracer.Start,
// trace.ContextWithRemoteSpanContext, and context.Context itself.
package otelapi

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

const (
	propagationPkg = "go.opentelemetry.io/otel/propagation"
	tracePkg       = "go.opentelemetry.io/otel/trace"
)

// IsContext reports whether t is context.Context.
func IsContext(t types.Type) bool { return isNamed(t, "context", "Context") }

// CarriesContext reports whether a value of type t carries a context of
// its own: it has a method Context() context.Context (a framework's
// message, an *http.Request).
func CarriesContext(t types.Type) bool {
	if t == nil {
		return false
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "Context")
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	sig := fn.Type().(*types.Signature)
	return sig.Params().Len() == 0 && sig.Results().Len() == 1 && IsContext(sig.Results().At(0).Type())
}

// IsSpanContext reports whether t is OpenTelemetry's trace.SpanContext (or
// a pointer to one).
func IsSpanContext(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	return isNamed(t, "go.opentelemetry.io/otel/trace", "SpanContext")
}

// IsHTTPRequestPtr reports whether t is *net/http.Request.
func IsHTTPRequestPtr(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	return ok && isNamed(p.Elem(), "net/http", "Request")
}

func isNamed(t types.Type, pkg, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == pkg && n.Obj().Name() == name
}

// Kind classifies a call for the checks.
type Kind int

const (
	Other Kind = iota
	// Inject is a TextMapPropagator's Inject(ctx, carrier).
	Inject
	// Extract is a TextMapPropagator's Extract(ctx, carrier) context.Context.
	Extract
	// Start is a trace.Tracer's Start(ctx, name, opts...).
	Start
	// RemoteSpanContext is trace.ContextWithRemoteSpanContext(ctx, sc).
	RemoteSpanContext
	// EmptyContext is context.Background(), context.TODO(), or a test's
	// t.Context(): a context with no trace in it.
	EmptyContext
)

// Classify returns the kind of call.
func Classify(info *types.Info, call *ast.CallExpr) Kind {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok {
		return Other
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return Other
	}
	pkg := ""
	if fn.Pkg() != nil {
		pkg = fn.Pkg().Path()
	}
	if sig.Recv() == nil {
		switch {
		case pkg == "context" && (fn.Name() == "Background" || fn.Name() == "TODO"):
			return EmptyContext
		case pkg == tracePkg && fn.Name() == "ContextWithRemoteSpanContext":
			return RemoteSpanContext
		}
		return Other
	}
	if pkg == "testing" && fn.Name() == "Context" {
		return EmptyContext // a test's context carries no trace
	}
	params := sig.Params()
	switch fn.Name() {
	case "Inject":
		if params.Len() == 2 && IsContext(params.At(0).Type()) && isNamed(params.At(1).Type(), propagationPkg, "TextMapCarrier") {
			return Inject
		}
	case "Extract":
		if params.Len() == 2 && IsContext(params.At(0).Type()) && isNamed(params.At(1).Type(), propagationPkg, "TextMapCarrier") &&
			sig.Results().Len() == 1 && IsContext(sig.Results().At(0).Type()) {
			return Extract
		}
	case "Start":
		if params.Len() == 3 && IsContext(params.At(0).Type()) && sig.Variadic() &&
			sig.Results().Len() == 2 && IsContext(sig.Results().At(0).Type()) &&
			isNamed(sig.Results().At(1).Type(), tracePkg, "Span") {
			return Start
		}
	}
	return Other
}

// IsStdlib reports whether fn belongs to the standard library, which never
// injects or extracts trace context.
func IsStdlib(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	first, _, _ := strings.Cut(fn.Pkg().Path(), "/")
	return !strings.Contains(first, ".")
}

// IsOTelFunc reports whether fn is declared in the OpenTelemetry API.
func IsOTelFunc(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	p := fn.Pkg().Path()
	return p == "go.opentelemetry.io/otel" || strings.HasPrefix(p, "go.opentelemetry.io/otel/")
}

// IsBackground reports whether call is context.Background() or
// context.TODO(): an empty context without cancellation either.
func IsBackground(info *types.Info, call *ast.CallExpr) bool {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg().Path() == "context" && (fn.Name() == "Background" || fn.Name() == "TODO")
}

// IsContextWrapper reports whether call derives a context from its first
// argument that carries no more trace context than it: context.WithCancel,
// WithTimeout, WithDeadline, their Cause variants, and WithoutCancel.
func IsContextWrapper(info *types.Info, call *ast.CallExpr) bool {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "context" || len(call.Args) == 0 {
		return false
	}
	switch fn.Name() {
	case "WithCancel", "WithCancelCause", "WithTimeout", "WithTimeoutCause",
		"WithDeadline", "WithDeadlineCause", "WithoutCancel":
		return true
	}
	return false
}
