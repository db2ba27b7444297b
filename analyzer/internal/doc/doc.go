// Package doc extracts an analyzer's documentation from the package comment
// of its doc.go, so the text lives in one place: the "# Analyzer name"
// section becomes the Analyzer's Doc.
package doc

import (
	"fmt"
	"go/parser"
	"go/token"
	"strings"
)

// Extract returns the "# Analyzer name" section of the package comment in
// the Go source content, with the leading "name: " of its first line
// removed.
func Extract(content, name string) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", content, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return "", err
	}
	if f.Doc == nil {
		return "", fmt.Errorf("doc.go has no package comment")
	}
	text := f.Doc.Text()
	heading := "# Analyzer " + name
	i := strings.Index(text, heading+"\n")
	if i < 0 {
		return "", fmt.Errorf("package comment has no %q section", heading)
	}
	body := text[i+len(heading)+1:]
	if j := strings.Index(body, "\n# "); j >= 0 {
		body = body[:j]
	}
	body = strings.TrimSpace(body)
	prefix := name + ": "
	if !strings.HasPrefix(body, prefix) {
		return "", fmt.Errorf("%q section must start with %q", heading, prefix)
	}
	return strings.TrimPrefix(body, prefix), nil
}

// MustExtract is Extract that panics on error; analyzers call it at
// initialisation, where a malformed doc.go is a programming error.
func MustExtract(content, name string) string {
	s, err := Extract(content, name)
	if err != nil {
		panic(err)
	}
	return s
}
