package report

import (
	"bytes"
	"go/ast"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// InsertAfter inserts lines of code after stmt, on lines of their own at
// its indentation. A line's leading tabs are kept, relative to that
// indentation.
func (f *Fix) InsertAfter(stmt ast.Node, lines ...string) {
	indent, ok := f.indentOf(stmt.Pos())
	if !ok {
		f.Fail("statement does not start its line")
		return
	}
	var b strings.Builder
	for _, l := range lines {
		b.WriteString("\n")
		b.WriteString(indent)
		b.WriteString(l)
	}
	f.edits = append(f.edits, analysis.TextEdit{Pos: stmt.End(), End: stmt.End(), NewText: []byte(b.String())})
}

// Delete removes stmt with its line: stmt must be alone on its lines
// (nothing but indentation before it, nothing but a line comment, which
// goes with it, after it).
func (f *Fix) Delete(stmt ast.Stmt) {
	content, tf := f.content(stmt.Pos())
	if content == nil {
		f.Fail("no source")
		return
	}
	start, end := tf.Offset(stmt.Pos()), tf.Offset(stmt.End())
	lineStart := bytes.LastIndexByte(content[:start], '\n') + 1
	if nl := bytes.IndexByte(content[end:], '\n'); nl >= 0 {
		if rest := bytes.TrimLeft(content[end:end+nl], " \t"); len(rest) == 0 || bytes.HasPrefix(rest, []byte("//")) {
			end += nl
		}
	}
	if len(bytes.TrimLeft(content[lineStart:start], " \t")) != 0 || end >= len(content) || content[end] != '\n' {
		f.Fail("statement does not stand alone on its lines")
		return
	}
	f.edits = append(f.edits, analysis.TextEdit{Pos: tf.Pos(lineStart), End: tf.Pos(end + 1)})
}
