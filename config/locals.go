package config

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// localsResolver orders local values by their references to each other
// and evaluates them, whatever order they were written in.
type localsResolver struct {
	l      *loader
	exprs  map[string]*hcl.Attribute
	state  map[string]visit
	cyclic map[string]bool
	order  []string
}

type visit uint8

const (
	unvisited visit = iota
	visiting
	visited
)

// loadLocals gathers the values of every locals block and evaluates
// them. A value in a cycle, or one that refers to a failed one, stays
// unknown, so that only the root problem is reported.
func (l *loader) loadLocals(blocks []*hcl.Block) {
	r := &localsResolver{
		l:      l,
		exprs:  map[string]*hcl.Attribute{},
		state:  map[string]visit{},
		cyclic: map[string]bool{},
	}
	var attrs []*hcl.Attribute
	for _, b := range blocks {
		a, diags := b.Body.JustAttributes()
		l.diags = append(l.diags, diags...)
		attrs = append(attrs, sortedAttributes(a)...)
	}
	for _, a := range attrs {
		r.declare(a)
	}

	for _, a := range attrs {
		if r.exprs[a.Name] == a {
			r.visit(a.Name, nil)
		}
	}
	for _, name := range r.order {
		v, diags := l.scope.eval(r.exprs[name].Expr, refVar|refLocal|refAccount, cty.NilVal)
		l.diags = append(l.diags, diags...)
		if !diags.HasErrors() {
			l.scope.locals[name] = v
		}
	}
}

// declare records one local value, refusing a second of the same name.
func (r *localsResolver) declare(a *hcl.Attribute) {
	if first, dup := r.exprs[a.Name]; dup {
		r.l.diags = append(r.l.diags, errorAt(a.NameRange, "Duplicate local value",
			"local.%s is already defined at %s. Give each local value its own name.",
			a.Name, where(first.NameRange)))
		return
	}
	r.exprs[a.Name] = a
	r.l.scope.locals[a.Name] = cty.DynamicVal
}

// visit walks the locals name refers to before adding name to the
// evaluation order. path is the chain of locals being visited, to name
// a cycle.
func (r *localsResolver) visit(name string, path []string) {
	switch r.state[name] {
	case visited:
		return
	case visiting:
		r.reportCycle(name, path)
		return
	}

	r.state[name] = visiting
	path = append(path, name)
	for _, dep := range r.dependencies(name) {
		r.visit(dep, path)
	}
	r.state[name] = visited
	if !r.cyclic[name] {
		r.order = append(r.order, name)
	}
}

// dependencies lists the declared locals that name's expression refers
// to. References to undeclared ones are reported when it is evaluated.
func (r *localsResolver) dependencies(name string) []string {
	var deps []string
	seen := map[string]bool{}
	for _, t := range r.exprs[name].Expr.Variables() {
		if t.RootName() != "local" {
			continue
		}
		if dep, ok := attrName(t); ok && r.exprs[dep] != nil && !seen[dep] {
			seen[dep] = true
			deps = append(deps, dep)
		}
	}
	return deps
}

// reportCycle reports the cycle that closes at name and leaves its
// members out of the evaluation order.
func (r *localsResolver) reportCycle(name string, path []string) {
	start := 0
	for i, p := range path {
		if p == name {
			start = i
		}
	}
	cycle := append(append([]string{}, path[start:]...), name)
	for _, c := range cycle {
		r.cyclic[c] = true
	}

	steps := make([]string, len(cycle))
	for i, c := range cycle {
		steps[i] = "local." + c
	}
	a := r.exprs[name]
	r.l.diags = append(r.l.diags, errorAt(a.NameRange, "Cycle in local values",
		"The local values refer to each other in a loop: %s. Break the loop.",
		strings.Join(steps, " → ")))
}
