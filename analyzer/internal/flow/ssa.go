package flow

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sync"

	"golang.org/x/tools/go/ssa"
)

// A Program is the SSA form of one package, built with debug information
// so that every expression of the syntax maps to the SSA value it denotes.
// It makes the model flow-sensitive: a value derives only from the
// definitions that reach it, and order is judged on the control-flow
// graph, not by source position.
//
// It is built only for the packages that pass the checks' early exit
// (never through a Requires edge on buildssa, which would build SSA for
// every package of the run), and only for well-typed ones.
type Program struct {
	funcs map[ast.Node]*ssa.Function // *ast.FuncDecl or *ast.FuncLit
	refs  map[ast.Expr]ssa.Value     // expression -> its value (not addresses)
	exprs map[ssa.Value][]ast.Expr   // value -> expressions denoting it
	// calls maps the position of a call's '(' to the call instruction.
	calls map[token.Pos]ssa.CallInstruction
	// order numbers every instruction of a function: block index and
	// position within the block.
	index map[ssa.Instruction]int
	// at memoizes At; the checks of a package share its Program and
	// run concurrently, so atMu guards it.
	atMu sync.Mutex
	at   map[atKey]Point
}

// atKey identifies a node (or a stretch of source) by its extent.
type atKey struct{ pos, end token.Pos }

// BuildSSA builds the SSA form of a package from its syntax and types. It
// returns nil when the package cannot be built (type errors, or a panic
// inside the SSA builder on code it does not expect); the model then
// falls back to its flow-insensitive form.
func BuildSSA(fset *token.FileSet, pkg *types.Package, files []*ast.File, info *types.Info) (p *Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, fmt.Errorf("building SSA: %v", r)
		}
	}()
	prog := ssa.NewProgram(fset, ssa.GlobalDebug)
	for _, imp := range pkg.Imports() {
		prog.CreatePackage(imp, nil, nil, true)
	}
	spkg := prog.CreatePackage(pkg, files, info, false)
	spkg.Build()

	p = &Program{
		funcs: map[ast.Node]*ssa.Function{},
		refs:  map[ast.Expr]ssa.Value{},
		exprs: map[ssa.Value][]ast.Expr{},
		calls: map[token.Pos]ssa.CallInstruction{},
		index: map[ssa.Instruction]int{},
		at:    map[atKey]Point{},
	}
	var add func(fn *ssa.Function)
	add = func(fn *ssa.Function) {
		if fn == nil {
			return
		}
		if syn := fn.Syntax(); syn != nil {
			p.funcs[syn] = fn
		}
		p.indexFunc(fn)
		for _, anon := range fn.AnonFuncs {
			add(anon)
		}
	}
	for _, f := range files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				if obj, ok := info.Defs[fd.Name].(*types.Func); ok {
					add(prog.FuncValue(obj))
				}
			}
		}
	}
	// Function literals at package level belong to the package
	// initializer.
	if init, ok := spkg.Members["init"].(*ssa.Function); ok {
		for _, anon := range init.AnonFuncs {
			add(anon)
		}
	}
	return p, nil
}

func (p *Program) indexFunc(fn *ssa.Function) {
	n := 0
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			p.index[instr] = n
			n++
			switch instr := instr.(type) {
			case *ssa.DebugRef:
				if !instr.IsAddr {
					if _, ok := p.refs[instr.Expr]; !ok {
						p.refs[instr.Expr] = instr.X
					}
				}
				p.exprs[instr.X] = append(p.exprs[instr.X], instr.Expr)
			case *ssa.Call:
				p.calls[instr.Pos()] = instr
			}
		}
	}
}

// Func returns the SSA function of a *ast.FuncDecl or *ast.FuncLit, or nil.
func (p *Program) Func(n ast.Node) *ssa.Function {
	if p == nil {
		return nil
	}
	return p.funcs[n]
}

// value returns the SSA value e denotes, or nil.
func (p *Program) value(e ast.Expr) ssa.Value {
	if p == nil || e == nil {
		return nil
	}
	return p.refs[ast.Unparen(e)]
}

// slice returns every SSA value the roots may derive from: the operands of
// their computation, transitively, the values stored into the memory they
// are loaded from or refer to, the bindings of the free variables of
// closures, and the writes into maps (m[k] = v, m.Set(k, v)). Reading a
// field (x.f) follows the writes into that field of x only, and x's own
// definition. Function literals are opaque: a closure is a value, not what
// its body computes. Memory is followed in any order; values held in
// registers only from the definitions that reach them.
func (p *Program) slice(roots []ssa.Value) map[ssa.Value]bool {
	const (
		base = 1 // the value and its definition, not the writes into its fields
		full = 2
	)
	seen := map[ssa.Value]int{}
	type item struct {
		v    ssa.Value
		mode int
	}
	var work []item
	push := func(v ssa.Value, mode int) {
		if v != nil && seen[v] < mode {
			work = append(work, item{v, mode})
		}
	}
	for _, r := range roots {
		push(r, full)
	}
	var rands []*ssa.Value
	for len(work) > 0 {
		it := work[len(work)-1]
		work = work[:len(work)-1]
		v := it.v
		if seen[v] >= it.mode {
			continue
		}
		seen[v] = it.mode
		switch x := v.(type) {
		case *ssa.MakeClosure:
			continue
		case *ssa.FreeVar:
			for _, b := range bindings(x) {
				push(b, it.mode)
			}
			continue
		case *ssa.FieldAddr:
			// x.f: the writes into f of x, and x itself.
			push(x.X, base)
			if refs := x.X.Referrers(); refs != nil {
				for _, r := range *refs {
					if fa, ok := r.(*ssa.FieldAddr); ok && fa.X == x.X && fa.Field == x.Field {
						push(fa, full)
					}
				}
			}
			pushWrites(v, it.mode, push)
			continue
		}
		if instr, ok := v.(ssa.Instruction); ok {
			rands = instr.Operands(rands[:0])
			for _, r := range rands {
				if *r != nil {
					push(*r, full)
				}
			}
		}
		pushWrites(v, it.mode, push)
	}
	out := make(map[ssa.Value]bool, len(seen))
	for v := range seen {
		out[v] = true
	}
	return out
}

// pushWrites pushes the writes into what v refers to: stores through it,
// map updates, Set calls on it, and (in full mode) the writes through the
// addresses of its fields and elements.
func pushWrites(v ssa.Value, mode int, push func(ssa.Value, int)) {
	refs := v.Referrers()
	if refs == nil {
		return
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr == v {
				push(r.Val, 2)
			}
		case *ssa.MapUpdate:
			if r.Map == v {
				push(r.Key, 2)
				push(r.Value, 2)
			}
		case *ssa.IndexAddr:
			if r.X == v {
				push(r, 2)
			}
		case *ssa.FieldAddr:
			if r.X == v && mode == 2 {
				push(r, 2)
			}
		case *ssa.UnOp:
			// A map or slice loaded from this memory is the same map:
			// the writes through any load count (m := map...; a closure
			// capturing m writes m[k] = v).
			if r.X == v && r.Op == token.MUL && isReference(r.Type()) {
				pushWrites(r, mode, push)
			}
		case *ssa.MakeClosure:
			// The writes a closure makes through a variable it captures.
			if fn, ok := r.Fn.(*ssa.Function); ok {
				for i, b := range r.Bindings {
					if b == v && i < len(fn.FreeVars) {
						pushWrites(fn.FreeVars[i], mode, push)
					}
				}
			}
		case *ssa.Call:
			if c := r.Common(); c.Method == nil && len(c.Args) > 0 && c.Args[0] == v && c.Signature().Recv() != nil && isSetter(c) {
				for _, a := range c.Args[1:] {
					push(a, 2)
				}
			}
			pushDecoded(r.Common(), v, push)
		case *ssa.MakeInterface:
			// &v given as an any: json.Unmarshal(data, &v).
			if r.X == v && r.Referrers() != nil {
				for _, rr := range *r.Referrers() {
					if c, ok := rr.(*ssa.Call); ok {
						pushDecoded(c.Common(), r, push)
					}
				}
			}
		}
	}
}

// pushDecoded pushes what a decoder writes into the memory at arg from:
// json.Unmarshal(data, &v) fills v from data, dec.Decode(&v) from the
// decoder (a function or method named Unmarshal or Decode given arg
// after its first argument, or as its only one).
func pushDecoded(c *ssa.CallCommon, arg ssa.Value, push func(ssa.Value, int)) {
	fn := c.StaticCallee()
	if fn == nil || (fn.Name() != "Unmarshal" && fn.Name() != "Decode") {
		return
	}
	at := -1
	for i, a := range c.Args {
		if a == arg {
			at = i
		}
	}
	if at < 0 || (at == 0 && len(c.Args) > 1) {
		return
	}
	for i, a := range c.Args {
		if i != at {
			push(a, 2)
		}
	}
}

// isReference reports whether values of t share what they refer to when
// copied (maps).
func isReference(t types.Type) bool {
	_, ok := t.Underlying().(*types.Map)
	return ok
}

// isSetter reports whether c calls a method named Set or Add (a carrier's
// Set(key, value), a header map's Add, writing into its receiver).
func isSetter(c *ssa.CallCommon) bool {
	fn := c.StaticCallee()
	return fn != nil && (fn.Name() == "Set" || fn.Name() == "Add")
}

// bindings returns the values bound to free variable fv by the closures
// that create its function.
func bindings(fv *ssa.FreeVar) []ssa.Value {
	fn := fv.Parent()
	idx := -1
	for i, f := range fn.FreeVars {
		if f == fv {
			idx = i
		}
	}
	parent := fn.Parent()
	if idx < 0 || parent == nil {
		return nil
	}
	var out []ssa.Value
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn && idx < len(mc.Bindings) {
				out = append(out, mc.Bindings[idx])
			}
		}
	}
	return out
}

// A Point is an instruction of a function: where a node of the syntax
// executes.
type Point struct {
	fn    *ssa.Function
	block *ssa.BasicBlock
	i     int // index in block.Instrs
}

// Valid reports whether the point was found.
func (pt Point) Valid() bool { return pt.block != nil }

// Func returns the function the point lies in.
func (pt Point) Func() *ssa.Function { return pt.fn }

// At returns the point where n executes: for a call, its call
// instruction; for any other node (a statement), the last instruction
// the node's own code emits. It is invalid when n is not in a built
// function, or is dead code.
func (p *Program) At(n ast.Node) Point {
	if p == nil || n == nil {
		return Point{}
	}
	key := atKey{n.Pos(), n.End()}
	p.atMu.Lock()
	pt, ok := p.at[key]
	p.atMu.Unlock()
	if ok {
		return pt
	}
	pt = p.at1(n)
	p.atMu.Lock()
	p.at[key] = pt
	p.atMu.Unlock()
	return pt
}

func (p *Program) at1(n ast.Node) Point {
	if call, ok := n.(*ast.CallExpr); ok {
		if ci, ok := p.calls[call.Lparen]; ok {
			return p.point(ci)
		}
	}
	var best ssa.Instruction
	for instr, k := range p.instrsIn(n) {
		if best == nil || k > p.index[best] {
			best = instr
		}
	}
	if best == nil {
		return Point{}
	}
	return p.point(best)
}

// instrsIn returns the instructions whose position lies within n, with
// their index, in the innermost function holding n.
func (p *Program) instrsIn(n ast.Node) map[ssa.Instruction]int {
	out := map[ssa.Instruction]int{}
	fn := p.enclosing(n)
	if fn == nil {
		return out
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if _, ok := instr.(*ssa.DebugRef); ok {
				continue
			}
			if pos := instr.Pos(); pos.IsValid() && n.Pos() <= pos && pos < n.End() {
				out[instr] = p.index[instr]
			}
		}
	}
	return out
}

// enclosing returns the innermost built function whose syntax holds n.
func (p *Program) enclosing(n ast.Node) *ssa.Function {
	var best *ssa.Function
	for syn, fn := range p.funcs {
		if syn.Pos() <= n.Pos() && n.End() <= syn.End() {
			if best == nil || syn.Pos() > best.Syntax().Pos() {
				best = fn
			}
		}
	}
	return best
}

func (p *Program) point(instr ssa.Instruction) Point {
	b := instr.Block()
	if b == nil {
		return Point{}
	}
	for i, x := range b.Instrs {
		if x == instr {
			return Point{fn: b.Parent(), block: b, i: i}
		}
	}
	return Point{}
}

// MayReach reports whether execution may go from a to b (after a, before
// b) along the control-flow graph without passing an instruction for which
// kill returns true. Points in different functions are not ordered: it
// reports false.
func MayReach(a, b Point, kill func(ssa.Instruction) bool) bool {
	if !a.Valid() || !b.Valid() || a.fn != b.fn {
		return false
	}
	killed := func(blk *ssa.BasicBlock, from, to int) bool {
		for i := from; i < to && i < len(blk.Instrs); i++ {
			if kill != nil && kill(blk.Instrs[i]) {
				return true
			}
		}
		return false
	}
	if a.block == b.block && a.i < b.i {
		return !killed(a.block, a.i+1, b.i)
	}
	if killed(a.block, a.i+1, len(a.block.Instrs)) {
		return false
	}
	seen := map[*ssa.BasicBlock]bool{}
	work := append([]*ssa.BasicBlock(nil), a.block.Succs...)
	for len(work) > 0 {
		blk := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[blk] {
			continue
		}
		seen[blk] = true
		if blk == b.block && !killed(blk, 0, b.i) {
			return true
		}
		if killed(blk, 0, len(blk.Instrs)) {
			continue
		}
		work = append(work, blk.Succs...)
	}
	return false
}

// Within reports whether instr lies within n (by position).
func Within(instr ssa.Instruction, n ast.Node) bool {
	pos := instr.Pos()
	return pos.IsValid() && n.Pos() <= pos && pos < n.End()
}
