package knowledge

import (
	"fmt"
	"go/types"
	"sort"
	"strings"
)

// A Codec is one shape of message headers. It owns the code the fixes
// write for that shape: how trace context gets into the headers, and how a
// carrier is read back out of them. A new shape is one Codec here and one
// entry in Codecs; the checks know none of them by name.
type Codec interface {
	// Shape is the name of the shape, as configuration spells it.
	Shape() string
	// Fits tells why headers of Go type h do not have the shape, or ""
	// when they do; keyIsBytes is the message's KeyIsBytes (records).
	// The table's test and the bus configuration's validation ask it.
	Fits(h types.Type, keyIsBytes bool) string
	// Inject returns the statements that inject the trace context of
	// ctx into the headers h, through OpenTelemetry's global propagator.
	Inject(env Env, h Headers, ctx string) []string
	// Copy returns the statements that copy carrier, a filled
	// map[string]string carrier (a tracer's own), into the headers h.
	Copy(env Env, h Headers, carrier string) []string
	// Extract returns the statements that build a carrier over the
	// headers h that OpenTelemetry's propagators read, and the carrier
	// expression.
	Extract(env Env, h Headers) (stmts []string, carrier string)
}

// Env is what a codec needs from the fix it writes into: the local name of
// an import (added to the file when needed), and identifiers that collide
// with nothing in scope.
type Env interface {
	Import(path, name string) string
	Fresh(base string) string
}

// Headers is the header container of one message in a fix.
type Headers struct {
	// Msg is the message expression (addressable when the headers are a
	// field: the fix may assign to them).
	Msg string
	// Desc describes the message type.
	Desc *Message
	// Type spells the type of the headers in the fixed file (nats.Header,
	// map[string]string), and Elem, for records, the type of one record
	// (sarama.RecordHeader), for attributes the attribute struct
	// (types.MessageAttributeValue).
	Type, Elem string
	// Allocated reports that the headers are known to be a map already
	// (the fix built the message with them).
	Allocated bool
}

// Expr returns the expression of the headers: the field, or the call of
// the accessor.
func (h Headers) Expr() string {
	if h.Desc.HeaderAccessor != "" {
		return h.Msg + "." + h.Desc.HeaderAccessor + "()"
	}
	return h.Msg + "." + h.Desc.HeaderField
}

// allocate returns the statements that give a nil header map a map, so
// that writes into it do not panic (a carrier's Set on a nil map panics
// once a span is valid).
func (h Headers) allocate() []string {
	if h.Allocated {
		return nil
	}
	return []string{
		"if " + h.Expr() + " == nil {",
		"\t" + h.Expr() + " = " + h.Type + "{}",
		"}",
	}
}

// The shapes of headers.
const (
	// ShapeRecords is a slice of key/value records (Kafka's headers);
	// KeyIsBytes tells []byte keys from string keys.
	ShapeRecords = "records"
	// ShapeHTTPHeader is map[string][]string (nats.Header, http.Header).
	ShapeHTTPHeader = "http-header"
	// ShapeAnyMap is map[string]any (AMQP's Table).
	ShapeAnyMap = "map-any"
	// ShapeStringMap is map[string]string.
	ShapeStringMap = "map-string"
	// ShapeAttributes is a map of attribute structs, each with a DataType
	// and a StringValue, both *string (AWS SQS's and SNS's
	// MessageAttributes).
	ShapeAttributes = "attributes"
	// ShapeEventAttributes is the same with a string DataType (AWS
	// Lambda's events.SQSMessageAttribute).
	ShapeEventAttributes = "event-attributes"
)

// Codecs lists the header shapes by name.
var Codecs = map[string]Codec{
	ShapeRecords:         records{},
	ShapeHTTPHeader:      httpHeader{},
	ShapeAnyMap:          anyMap{},
	ShapeStringMap:       stringMap{},
	ShapeAttributes:      attributes{},
	ShapeEventAttributes: attributes{event: true},
}

// CodecOf returns the codec of a message's header shape; a message that
// names no shape has Kafka's records.
func CodecOf(m *Message) Codec {
	if c, ok := Codecs[m.Shape]; ok {
		return c
	}
	return records{}
}

const (
	otelPath = "go.opentelemetry.io/otel"
	propPath = "go.opentelemetry.io/otel/propagation"
)

// mapCarrierInject fills a fresh MapCarrier from ctx and returns the
// statements and the carrier's name.
func mapCarrierInject(env Env, ctx string) ([]string, string) {
	otel := env.Import(otelPath, "otel")
	prop := env.Import(propPath, "propagation")
	carrier := env.Fresh("carrier")
	return []string{
		carrier + " := " + prop + ".MapCarrier{}",
		otel + ".GetTextMapPropagator().Inject(" + ctx + ", " + carrier + ")",
	}, carrier
}

// injectAs injects ctx through the header map itself, converted to the
// propagation carrier type named (HeaderCarrier, MapCarrier), giving a nil
// map a map first.
func injectAs(env Env, h Headers, ctx, carrierType string) []string {
	otel := env.Import(otelPath, "otel")
	prop := env.Import(propPath, "propagation")
	return append(h.allocate(), otel+".GetTextMapPropagator().Inject("+ctx+", "+prop+"."+carrierType+"("+h.Expr()+"))")
}

// copyInto copies a filled map[string]string carrier into the header map,
// each value as value(v) spells it, giving a nil map a map first.
func copyInto(env Env, h Headers, carrier string, value func(v string) string) []string {
	k, v := env.Fresh("k"), env.Fresh("v")
	return append(h.allocate(),
		"for "+k+", "+v+" := range "+carrier+" {",
		"\t"+h.Expr()+"["+k+"] = "+value(v),
		"}",
	)
}

var (
	stringType = types.Typ[types.String]
	byteSlice  = types.NewSlice(types.Typ[types.Byte])
)

// mapFits tells why h is not a map of type want (spelled name), or "".
func mapFits(h, want types.Type, name string) string {
	if h == nil || !types.Identical(h.Underlying(), want) {
		return "it needs " + name
	}
	return ""
}

// records: a slice of key/value records, appended to.
type records struct{}

func (records) Shape() string { return ShapeRecords }

// Fits: a slice of structs (or pointers to them) with a Key (string, or
// []byte with keyIsBytes) and a []byte Value.
func (records) Fits(h types.Type, keyIsBytes bool) string {
	key, keyName := types.Type(stringType), "string"
	if keyIsBytes {
		key, keyName = byteSlice, "[]byte"
	}
	need := fmt.Sprintf("it needs a slice of structs with fields Key %s and Value []byte", keyName)
	if h == nil {
		return need
	}
	sl, ok := h.Underlying().(*types.Slice)
	if !ok {
		return need
	}
	elem := sl.Elem()
	if p, ok := elem.Underlying().(*types.Pointer); ok {
		elem = p.Elem()
	}
	st, ok := elem.Underlying().(*types.Struct)
	if !ok {
		return need
	}
	var k, v types.Type
	for f := range st.Fields() {
		switch f.Name() {
		case "Key":
			k = f.Type()
		case "Value":
			v = f.Type()
		}
	}
	if k == nil || v == nil || !types.Identical(k, key) || !types.Identical(v, byteSlice) {
		return need
	}
	return ""
}

func (c records) Inject(env Env, h Headers, ctx string) []string {
	stmts, carrier := mapCarrierInject(env, ctx)
	return append(stmts, c.Copy(env, h, carrier)...)
}

func (records) Copy(env Env, h Headers, carrier string) []string {
	k, v := env.Fresh("k"), env.Fresh("v")
	key := k
	if h.Desc.KeyIsBytes {
		key = "[]byte(" + k + ")"
	}
	hs := h.Expr()
	return []string{
		"for " + k + ", " + v + " := range " + carrier + " {",
		"\t" + hs + " = append(" + hs + ", " + h.Elem + "{Key: " + key + ", Value: []byte(" + v + ")})",
		"}",
	}
}

func (records) Extract(env Env, h Headers) ([]string, string) {
	prop := env.Import(propPath, "propagation")
	carrier, r := env.Fresh("headers"), env.Fresh("h")
	key := r + ".Key"
	if h.Desc.KeyIsBytes {
		key = "string(" + key + ")"
	}
	return []string{
		carrier + " := " + prop + ".MapCarrier{}",
		"for _, " + r + " := range " + h.Expr() + " {",
		"\t" + carrier + "[" + key + "] = string(" + r + ".Value)",
		"}",
	}, carrier
}

// httpHeader: map[string][]string, written through OpenTelemetry's
// HeaderCarrier (canonical keys: Traceparent), read case-insensitively.
type httpHeader struct{}

func (httpHeader) Shape() string { return ShapeHTTPHeader }

func (httpHeader) Fits(h types.Type, _ bool) string {
	return mapFits(h, types.NewMap(stringType, types.NewSlice(stringType)), "map[string][]string")
}

func (httpHeader) Inject(env Env, h Headers, ctx string) []string {
	return injectAs(env, h, ctx, "HeaderCarrier")
}

func (httpHeader) Copy(env Env, h Headers, carrier string) []string {
	return copyInto(env, h, carrier, func(v string) string { return "[]string{" + v + "}" })
}

// Extract reads every key lower-cased into a MapCarrier: Go's HeaderCarrier
// writes Traceparent, other languages' clients write traceparent, and the
// headers of NATS are case-sensitive, so the carrier must find either.
func (httpHeader) Extract(env Env, h Headers) ([]string, string) {
	prop := env.Import(propPath, "propagation")
	strs := env.Import("strings", "strings")
	carrier, k, vs := env.Fresh("headers"), env.Fresh("k"), env.Fresh("vs")
	return []string{
		carrier + " := " + prop + ".MapCarrier{}",
		"for " + k + ", " + vs + " := range " + h.Expr() + " {",
		"\tif len(" + vs + ") > 0 {",
		"\t\t" + carrier + "[" + strs + ".ToLower(" + k + ")] = " + vs + "[0]",
		"\t}",
		"}",
	}, carrier
}

// anyMap: map[string]any (AMQP's Table), whose values other languages send
// as strings or as bytes.
type anyMap struct{}

func (anyMap) Shape() string { return ShapeAnyMap }

func (anyMap) Fits(h types.Type, _ bool) string {
	return mapFits(h, types.NewMap(stringType, types.NewInterfaceType(nil, nil).Complete()), "map[string]any")
}

func (c anyMap) Inject(env Env, h Headers, ctx string) []string {
	stmts, carrier := mapCarrierInject(env, ctx)
	return append(stmts, c.Copy(env, h, carrier)...)
}

func (anyMap) Copy(env Env, h Headers, carrier string) []string {
	return copyInto(env, h, carrier, func(v string) string { return v })
}

func (anyMap) Extract(env Env, h Headers) ([]string, string) {
	prop := env.Import(propPath, "propagation")
	carrier, k, v := env.Fresh("headers"), env.Fresh("k"), env.Fresh("v")
	return []string{
		carrier + " := " + prop + ".MapCarrier{}",
		"for " + k + ", " + v + " := range " + h.Expr() + " {",
		"\tswitch " + v + " := " + v + ".(type) {",
		"\tcase string:",
		"\t\t" + carrier + "[" + k + "] = " + v,
		"\tcase []byte:",
		"\t\t" + carrier + "[" + k + "] = string(" + v + ")",
		"\t}",
		"}",
	}, carrier
}

// stringMap: map[string]string, a MapCarrier by conversion.
type stringMap struct{}

func (stringMap) Shape() string { return ShapeStringMap }

func (stringMap) Fits(h types.Type, _ bool) string {
	return mapFits(h, types.NewMap(stringType, stringType), "map[string]string")
}

func (stringMap) Inject(env Env, h Headers, ctx string) []string {
	return injectAs(env, h, ctx, "MapCarrier")
}

func (stringMap) Copy(env Env, h Headers, carrier string) []string {
	return copyInto(env, h, carrier, func(v string) string { return v })
}

func (stringMap) Extract(env Env, h Headers) ([]string, string) {
	prop := env.Import(propPath, "propagation")
	return nil, prop + ".MapCarrier(" + h.Expr() + ")"
}

// attributes: map[string]T, T a struct with DataType and StringValue
// fields of type *string (sqs/types.MessageAttributeValue), whose String
// attributes carry the trace context. Each injected entry becomes a String
// attribute; SQS allows 10 attributes per message, and an injection adds
// up to three (traceparent, tracestate, baggage). With event, DataType is
// a string (Lambda's events), StringValue still a *string.
type attributes struct{ event bool }

func (c attributes) Shape() string {
	if c.event {
		return ShapeEventAttributes
	}
	return ShapeAttributes
}

func (c attributes) Fits(h types.Type, _ bool) string {
	need := "it needs a map[string]T, T a struct with fields DataType and StringValue of type *string"
	strPtr := types.NewPointer(stringType)
	dataType := types.Type(strPtr)
	if c.event {
		need = "it needs a map[string]T, T a struct with fields DataType string and StringValue *string"
		dataType = stringType
	}
	if h == nil {
		return need
	}
	m, ok := h.Underlying().(*types.Map)
	if !ok || !types.Identical(m.Key(), stringType) {
		return need
	}
	st, ok := m.Elem().Underlying().(*types.Struct)
	if !ok {
		return need
	}
	found := 0
	for f := range st.Fields() {
		if f.Name() == "DataType" && types.Identical(f.Type(), dataType) || f.Name() == "StringValue" && types.Identical(f.Type(), strPtr) {
			found++
		}
	}
	if found != 2 {
		return need
	}
	return ""
}

func (c attributes) Inject(env Env, h Headers, ctx string) []string {
	stmts, carrier := mapCarrierInject(env, ctx)
	return append(stmts, c.Copy(env, h, carrier)...)
}

// Copy writes each entry as a String attribute; the strings are copied
// per entry, so the pointers never share a loop variable.
func (c attributes) Copy(env Env, h Headers, carrier string) []string {
	k, v := env.Fresh("k"), env.Fresh("v")
	value := env.Fresh("value")
	if c.event {
		return append(h.allocate(),
			"for "+k+", "+v+" := range "+carrier+" {",
			"\t"+value+" := "+v,
			"\t"+h.Expr()+"["+k+"] = "+h.Elem+"{DataType: \"String\", StringValue: &"+value+"}",
			"}",
		)
	}
	dataType := env.Fresh("dataType")
	return append(h.allocate(),
		"for "+k+", "+v+" := range "+carrier+" {",
		"\t"+dataType+", "+value+" := \"String\", "+v,
		"\t"+h.Expr()+"["+k+"] = "+h.Elem+"{DataType: &"+dataType+", StringValue: &"+value+"}",
		"}",
	)
}

// Extract reads the String (and Number) attributes' values; binary ones
// have no StringValue.
func (attributes) Extract(env Env, h Headers) ([]string, string) {
	prop := env.Import(propPath, "propagation")
	carrier, k, a := env.Fresh("headers"), env.Fresh("k"), env.Fresh("a")
	return []string{
		carrier + " := " + prop + ".MapCarrier{}",
		"for " + k + ", " + a + " := range " + h.Expr() + " {",
		"\tif " + a + ".StringValue != nil {",
		"\t\t" + carrier + "[" + k + "] = *" + a + ".StringValue",
		"\t}",
		"}",
	}, carrier
}

// ValidShape reports an error for a shape name no codec has, listing the
// codecs' names.
func ValidShape(name string) error {
	if _, ok := Codecs[name]; ok {
		return nil
	}
	var names []string
	for n := range Codecs {
		names = append(names, fmt.Sprintf("%q", n))
	}
	sort.Strings(names)
	return fmt.Errorf("unknown header shape %q (one of %s)", name, strings.Join(names, ", "))
}

// HeaderTypes returns the type of the headers of a message of type msg
// (or a pointer to it) described by m, and for records the type of one
// record (for a map of attribute structs, the struct); nil where msg has
// no such field or accessor.
func HeaderTypes(m *Message, msg types.Type) (headers, elem types.Type) {
	if msg == nil {
		return nil, nil
	}
	if m.HeaderAccessor != "" {
		obj, _, _ := types.LookupFieldOrMethod(msg, true, nil, m.HeaderAccessor)
		fn, ok := obj.(*types.Func)
		if !ok {
			return nil, nil
		}
		res := fn.Type().(*types.Signature).Results()
		if res.Len() != 1 {
			return nil, nil
		}
		headers = res.At(0).Type()
	} else {
		obj, _, _ := types.LookupFieldOrMethod(msg, true, nil, m.HeaderField)
		v, ok := obj.(*types.Var)
		if !ok {
			return nil, nil
		}
		headers = v.Type()
	}
	switch u := headers.Underlying().(type) {
	case *types.Slice:
		elem = u.Elem()
	case *types.Map:
		if _, ok := u.Elem().Underlying().(*types.Struct); ok {
			elem = u.Elem() // attribute structs, spelled by the fix
		}
	}
	return headers, elem
}
