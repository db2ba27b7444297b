package knowledge_test

import (
	"go/types"
	"testing"

	"github.com/tracewire/tracewire/analyzer/internal/knowledge"
)

// TestCodecsFit checks that every codec names itself, fits the header type
// of its shape and no other shape's.
func TestCodecsFit(t *testing.T) {
	str := types.Typ[types.String]
	bytes := types.NewSlice(types.Typ[types.Byte])
	record := func(key types.Type) types.Type {
		return types.NewSlice(types.NewStruct([]*types.Var{
			types.NewField(0, nil, "Key", key, false),
			types.NewField(0, nil, "Value", bytes, false),
		}, nil))
	}
	byShape := map[string]types.Type{
		knowledge.ShapeRecords:    record(str),
		knowledge.ShapeHTTPHeader: types.NewMap(str, types.NewSlice(str)),
		knowledge.ShapeAnyMap:     types.NewMap(str, types.NewInterfaceType(nil, nil).Complete()),
		knowledge.ShapeStringMap:  types.NewMap(str, str),
		knowledge.ShapeAttributes: types.NewMap(str, types.NewStruct([]*types.Var{
			types.NewField(0, nil, "DataType", types.NewPointer(str), false),
			types.NewField(0, nil, "StringValue", types.NewPointer(str), false),
			types.NewField(0, nil, "BinaryValue", bytes, false),
		}, nil)),
		knowledge.ShapeEventAttributes: types.NewMap(str, types.NewStruct([]*types.Var{
			types.NewField(0, nil, "StringValue", types.NewPointer(str), false),
			types.NewField(0, nil, "DataType", str, false),
		}, nil)),
	}
	if len(byShape) != len(knowledge.Codecs) {
		t.Fatalf("%d codecs, %d tested", len(knowledge.Codecs), len(byShape))
	}
	for name, c := range knowledge.Codecs {
		if c.Shape() != name {
			t.Errorf("codec %q names itself %q", name, c.Shape())
		}
		if err := knowledge.ValidShape(name); err != nil {
			t.Errorf("ValidShape(%q): %v", name, err)
		}
		for other, h := range byShape {
			why := c.Fits(h, false)
			if (other == name) != (why == "") {
				t.Errorf("codec %q on the %q type %s: %q", name, other, h, why)
			}
		}
	}
	rc := knowledge.Codecs[knowledge.ShapeRecords]
	if rc.Fits(record(bytes), true) != "" || rc.Fits(record(bytes), false) == "" {
		t.Errorf("records: []byte keys must fit with keyIsBytes only")
	}
	if err := knowledge.ValidShape("map"); err == nil {
		t.Errorf(`ValidShape("map") = nil`)
	}
}
