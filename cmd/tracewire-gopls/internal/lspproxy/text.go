package lspproxy

import (
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// LSP positions count lines from 0 and columns in UTF-16 code units.

type position struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

type lspRange struct {
	Start position `json:"start"`
	End   position `json:"end"`
}

func (a position) less(b position) bool {
	return a.Line < b.Line || a.Line == b.Line && a.Character < b.Character
}

// overlaps reports whether r and s share a position (touching counts, so
// that a cursor at either end of a diagnostic finds it).
func (r lspRange) overlaps(s lspRange) bool {
	return !r.End.less(s.Start) && !s.End.less(r.Start)
}

// A mapper converts between byte offsets of a text and LSP positions.
type mapper struct {
	text  string
	lines []int // byte offset of the start of each line
}

func newMapper(text string) *mapper {
	m := &mapper{text: text, lines: []int{0}}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			m.lines = append(m.lines, i+1)
		}
	}
	return m
}

// position returns the LSP position of byte offset off.
func (m *mapper) position(off int) (position, error) {
	if off < 0 || off > len(m.text) {
		return position{}, fmt.Errorf("offset %d out of range [0, %d]", off, len(m.text))
	}
	line := 0
	for line+1 < len(m.lines) && m.lines[line+1] <= off {
		line++
	}
	return position{Line: line, Character: utf16Len(m.text[m.lines[line]:off])}, nil
}

// lineColPosition returns the LSP position of a 1-based line and 1-based
// byte column (as go/token prints them).
func (m *mapper) lineColPosition(line, col int) (position, error) {
	if line < 1 || line > len(m.lines) {
		return position{}, fmt.Errorf("line %d out of range [1, %d]", line, len(m.lines))
	}
	return m.position(m.lines[line-1] + col - 1)
}

// offset returns the byte offset of an LSP position. A character past the
// end of its line means the line's end, as the LSP specification says.
func (m *mapper) offset(p position) (int, error) {
	if p.Line < 0 || p.Line >= len(m.lines) {
		if p.Line == len(m.lines) && p.Character == 0 {
			return len(m.text), nil
		}
		return 0, fmt.Errorf("line %d out of range [0, %d)", p.Line, len(m.lines))
	}
	start := m.lines[p.Line]
	end := len(m.text)
	if p.Line+1 < len(m.lines) {
		end = m.lines[p.Line+1] - 1 // the '\n'
	}
	off, units := start, 0
	for off < end && units < p.Character {
		r, size := utf8.DecodeRuneInString(m.text[off:end])
		if r == utf8.RuneError && size == 1 {
			units++ // an invalid byte
		} else {
			units += utf16.RuneLen(r)
		}
		off += size
	}
	return off, nil
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r == utf8.RuneError {
			n++
			continue
		}
		n += utf16.RuneLen(r)
	}
	return n
}

// A contentChange is one entry of didChange's contentChanges: with a range
// it replaces that range, without one the whole text.
type contentChange struct {
	Range *lspRange `json:"range,omitempty"`
	Text  string    `json:"text"`
}

// applyChanges applies didChange's changes, in order, to text.
func applyChanges(text string, changes []contentChange) (string, error) {
	for _, c := range changes {
		if c.Range == nil {
			text = c.Text
			continue
		}
		m := newMapper(text)
		start, err := m.offset(c.Range.Start)
		if err != nil {
			return "", err
		}
		end, err := m.offset(c.Range.End)
		if err != nil {
			return "", err
		}
		if end < start {
			return "", fmt.Errorf("change range ends before it starts")
		}
		var b strings.Builder
		b.WriteString(text[:start])
		b.WriteString(c.Text)
		b.WriteString(text[end:])
		text = b.String()
	}
	return text, nil
}

// shift moves position p of a text through a change (with a range) made
// to that text: a position before the change stays, one after it moves
// with the text around it, one inside the replaced range moves to its start.
func shift(p position, c contentChange) position {
	start, end := c.Range.Start, c.Range.End
	if !start.less(p) {
		return p
	}
	if p.less(end) {
		return start
	}
	lines := strings.Count(c.Text, "\n")
	last := c.Text[strings.LastIndexByte(c.Text, '\n')+1:]
	if p.Line == end.Line {
		col := utf16Len(last) + p.Character - end.Character
		if lines == 0 {
			col += start.Character
		}
		return position{Line: start.Line + lines, Character: col}
	}
	return position{Line: p.Line + lines - (end.Line - start.Line), Character: p.Character}
}
