package reconcile

import (
	"fmt"
	"slices"
	"strings"
)

// identifying attributes are shown in an update even when unchanged, so
// the reader knows which object it is.
var identifying = map[string]bool{"id": true, "account": true, "name": true}

// indent returns the left margin of an item at nesting depth.
func indent(depth int) string { return strings.Repeat(" ", 4*depth+2) }

// whole writes every attribute of o with the same marker: a create or a
// destroy.
func (r *renderer) whole(o *Object, m string, depth int) {
	width := nameWidth(o.Attrs)
	for _, a := range o.Attrs {
		switch a.Kind {
		case Blocks:
			for _, b := range a.Blocks {
				r.line(indent(depth) + r.mark(m) + " " + a.Name + " {")
				r.whole(b, m, depth+1)
				r.line(indent(depth) + "  }")
			}
		case List:
			r.line(fmt.Sprintf("%s%s %-*s = [", indent(depth), r.mark(m), width, a.Name))
			for _, v := range a.List {
				r.line(indent(depth+1) + r.mark(m) + " " + v + ",")
			}
			r.line(indent(depth) + "  ]" + nullIf(m == "-"))
		default:
			r.line(fmt.Sprintf("%s%s %-*s = %s%s", indent(depth), r.mark(m), width, a.Name, literal(a), nullIf(m == "-")))
		}
	}
}

func nullIf(ok bool) string {
	if ok {
		return " -> null"
	}
	return ""
}

func literal(a Attr) string {
	if a.Sensitive {
		return SensitiveText
	}
	if a.Kind == Computed {
		return "(known after apply)"
	}
	return a.Value
}

// diff writes what changes between before and after, hiding unchanged
// attributes that do not identify the object.
func (r *renderer) diff(before, after *Object, forces []string, depth int) {
	forced := map[string]bool{}
	for _, f := range forces {
		forced[f] = true
	}
	attrs := mergedAttrs(before, after)
	width := nameWidth(attrs)

	note := func(name string) string {
		if forced[name] {
			return " # forces replacement"
		}
		return ""
	}

	// Attributes first, then nested blocks, each followed by the count
	// of what it hid.
	hidden := 0
	for _, a := range attrs {
		old, cur := before.Get(a.Name), after.Get(a.Name)
		switch a.Kind {
		case Blocks:
			continue
		case List:
			if !r.diffList(a.Name, width, old, cur, note(a.Name), depth) {
				hidden++
			}
		default:
			if !r.diffScalar(a.Name, width, old, cur, note(a.Name), depth) {
				hidden++
			}
		}
	}
	r.hidden(hidden, "attribute", depth)

	hidden = 0
	for _, a := range attrs {
		if a.Kind == Blocks {
			hidden += r.diffBlocks(a.Name, before.Get(a.Name), after.Get(a.Name), note(a.Name), depth)
		}
	}
	r.hidden(hidden, "block", depth)
}

func (r *renderer) hidden(n int, what string, depth int) {
	if n == 0 {
		return
	}
	plural := ""
	if n > 1 {
		plural = "s"
	}
	r.line(fmt.Sprintf("%s  # (%d unchanged %s%s hidden)", indent(depth), n, what, plural))
}

// diffScalar writes one attribute and reports whether it wrote anything.
func (r *renderer) diffScalar(name string, width int, old, cur *Attr, note string, depth int) bool {
	switch {
	case old == nil && cur == nil:
		return false
	case old == nil:
		r.line(fmt.Sprintf("%s%s %-*s = %s%s", indent(depth), r.mark("+"), width, name, literal(*cur), note))
	case cur == nil:
		r.line(fmt.Sprintf("%s%s %-*s = %s -> null%s", indent(depth), r.mark("-"), width, name, literal(*old), note))
	case old.Sensitive && cur.Sensitive && cur.Changed:
		r.line(fmt.Sprintf("%s%s %-*s = %s%s", indent(depth), r.mark("~"), width, name, SensitiveText, note))
	case literal(*old) != literal(*cur) || cur.Kind == Computed:
		r.line(fmt.Sprintf("%s%s %-*s = %s -> %s%s", indent(depth), r.mark("~"), width, name, literal(*old), literal(*cur), note))
	case identifying[name]:
		r.line(fmt.Sprintf("%s  %-*s = %s", indent(depth), width, name, literal(*cur)))
	default:
		return false
	}
	return true
}

// diffList writes a list element by element, and reports whether it
// wrote anything.
func (r *renderer) diffList(name string, width int, old, cur *Attr, note string, depth int) bool {
	var a, b []string
	if old != nil {
		a = old.List
	}
	if cur != nil {
		b = cur.List
	}
	ops := diffLines(a, b)
	changed := false
	for _, op := range ops {
		changed = changed || op.mark != " "
	}
	if !changed {
		return false
	}

	r.line(fmt.Sprintf("%s%s %-*s = [%s", indent(depth), r.mark("~"), width, name, note))
	for _, op := range ops {
		r.line(indent(depth+1) + r.mark(op.mark) + " " + op.text + ",")
	}
	r.line(indent(depth) + "  ]")
	return true
}

// diffBlocks pairs nested blocks by position and writes those that
// differ. It returns how many it hid.
func (r *renderer) diffBlocks(name string, old, cur *Attr, note string, depth int) int {
	var a, b []*Object
	if old != nil {
		a = old.Blocks
	}
	if cur != nil {
		b = cur.Blocks
	}

	hidden := 0
	for i := 0; i < len(a) || i < len(b); i++ {
		switch {
		case i >= len(a):
			r.line(indent(depth) + r.mark("+") + " " + name + " {" + note)
			r.whole(b[i], "+", depth+1)
			r.line(indent(depth) + "  }")
		case i >= len(b):
			r.line(indent(depth) + r.mark("-") + " " + name + " {" + note)
			r.whole(a[i], "-", depth+1)
			r.line(indent(depth) + "  }")
		case sameObject(a[i], b[i]) && !hasChanged(b[i]):
			hidden++
		default:
			r.line(indent(depth) + r.mark("~") + " " + name + " {" + note)
			r.diff(a[i], b[i], nil, depth+1)
			r.line(indent(depth) + "  }")
		}
	}
	return hidden
}

// mergedAttrs lists the attributes of after in order, then those only
// before has.
func mergedAttrs(before, after *Object) []Attr {
	var out []Attr
	seen := map[string]bool{}
	for _, o := range []*Object{after, before} {
		if o == nil {
			continue
		}
		for _, a := range o.Attrs {
			if !seen[a.Name] {
				seen[a.Name] = true
				out = append(out, a)
			}
		}
	}
	return out
}

// sameObject reports whether two objects show the same, nested blocks
// included.
func sameObject(a, b *Object) bool {
	if a == nil || b == nil {
		return a == b
	}
	if len(a.Attrs) != len(b.Attrs) {
		return false
	}
	for i := range a.Attrs {
		x, y := a.Attrs[i], b.Attrs[i]
		if x.Name != y.Name || x.Kind != y.Kind || literal(x) != literal(y) || !slices.Equal(x.List, y.List) ||
			len(x.Blocks) != len(y.Blocks) {
			return false
		}
		for j := range x.Blocks {
			if !sameObject(x.Blocks[j], y.Blocks[j]) {
				return false
			}
		}
	}
	return true
}

// nameWidth is the width names are padded to so that "=" lines up.
func nameWidth(attrs []Attr) int {
	w := 0
	for _, a := range attrs {
		if a.Kind != Blocks && len(a.Name) > w {
			w = len(a.Name)
		}
	}
	return w
}

type lineOp struct {
	mark string // " ", "+" or "-"
	text string
}

// diffLines is a longest-common-subsequence diff: one added element is
// one "+" line, whatever its position.
func diffLines(a, b []string) []lineOp {
	n, m := len(a), len(b)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}

	var ops []lineOp
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			ops = append(ops, lineOp{" ", a[i]})
			i, j = i+1, j+1
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			ops = append(ops, lineOp{"+", b[j]})
			j++
		default:
			ops = append(ops, lineOp{"-", a[i]})
			i++
		}
	}
	return ops
}
