package lib

import (
	"context"
	"testing"
)

func TestFromHeaders(t *testing.T) {
	if FromHeaders(context.Background(), map[string]string{}) == nil {
		t.Fatal("nil context")
	}
}
