package facts_test

import (
	"bytes"
	"encoding/gob"
	"testing"

	"github.com/tracewire/tracewire/analyzer/internal/facts"
)

func encode(t *testing.T, f *facts.Func) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(f); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Facts encode deterministically (vet and build caches key on the bytes),
// stay small, and survive a round trip.
func TestEncoding(t *testing.T) {
	f := &facts.Func{
		Injects: []int{3, 1, 1}, Sends: []int{2, 0}, SendLabel: "sarama SyncProducer.SendMessage",
		Returns: facts.ReturnsInjected, Extracts: []int{4}, Spans: []int{0}, Hooks: facts.HooksTraced,
	}
	f.Normalize()
	a, b := encode(t, f), encode(t, f)
	if !bytes.Equal(a, b) {
		t.Fatalf("two encodings differ:\n%x\n%x", a, b)
	}
	g := &facts.Func{
		Injects: []int{1, 3}, Sends: []int{0, 2}, SendLabel: "sarama SyncProducer.SendMessage",
		Returns: facts.ReturnsInjected, Extracts: []int{4}, Spans: []int{0}, Hooks: facts.HooksTraced,
	}
	if c := encode(t, g); !bytes.Equal(a, c) {
		t.Errorf("equal facts built in another order encode differently")
	}
	if len(a) > 512 {
		t.Errorf("fact encodes to %d bytes, want at most 512", len(a))
	}
	var back facts.Func
	if err := gob.NewDecoder(bytes.NewReader(a)).Decode(&back); err != nil {
		t.Fatal(err)
	}
	if !back.Equal(f) {
		t.Errorf("round trip: got %v, want %v", &back, f)
	}
	if got, want := f.String(), "injects(1,3) sends(0,2 via sarama SyncProducer.SendMessage) returns(injected) extracts(4) spans(0) client(traced)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func encodeAny(t *testing.T, v any) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The propagator package fact encodes deterministically, merges its own
// evidence first, and survives a round trip.
func TestPropagatorEncoding(t *testing.T) {
	own := &facts.Propagator{UsePkg: "example.com/pub", UseFunc: "Publish"}
	own.Merge(&facts.Propagator{UsePkg: "example.com/other", UseFunc: "Send", UseVia: "otelhttp.NewHandler", SetPkg: "example.com/telemetry", SetFunc: "Setup"})
	want := facts.Propagator{UsePkg: "example.com/pub", UseFunc: "Publish", SetPkg: "example.com/telemetry", SetFunc: "Setup"}
	if *own != want {
		t.Fatalf("Merge = %+v, want %+v", *own, want)
	}
	a, b := encodeAny(t, own), encodeAny(t, &want)
	if !bytes.Equal(a, b) {
		t.Fatalf("two encodings differ:\n%x\n%x", a, b)
	}
	if len(a) > 512 {
		t.Errorf("fact encodes to %d bytes, want at most 512", len(a))
	}
	var back facts.Propagator
	if err := gob.NewDecoder(bytes.NewReader(a)).Decode(&back); err != nil {
		t.Fatal(err)
	}
	if back != want {
		t.Errorf("round trip: got %v, want %v", &back, &want)
	}
	if got, want := own.String(), "propagator(uses example.com/pub.Publish; sets example.com/telemetry.Setup)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if !(&facts.Propagator{}).Empty() || own.Empty() {
		t.Errorf("Empty is wrong")
	}
	via := &facts.Propagator{}
	via.Merge(&facts.Propagator{UsePkg: "example.com/other", UseFunc: "Send", UseVia: "otelhttp.NewHandler"})
	if got, want := via.String(), "propagator(uses example.com/other.Send via otelhttp.NewHandler)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

// The carrier fact encodes deterministically and survives a round trip.
func TestCarrierEncoding(t *testing.T) {
	c := &facts.Carrier{AppendOnly: true, SetAt: "carrier.go:28"}
	a, b := encodeAny(t, c), encodeAny(t, &facts.Carrier{AppendOnly: true, SetAt: "carrier.go:28"})
	if !bytes.Equal(a, b) {
		t.Fatalf("two encodings differ:\n%x\n%x", a, b)
	}
	var back facts.Carrier
	if err := gob.NewDecoder(bytes.NewReader(a)).Decode(&back); err != nil {
		t.Fatal(err)
	}
	if back != *c {
		t.Errorf("round trip: got %v, want %v", &back, c)
	}
	if got, want := c.String(), "carrier(append-only Set at carrier.go:28)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
