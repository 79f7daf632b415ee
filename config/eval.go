package config

import (
	"fmt"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// refs is a set of the names an expression may refer to.
type refs uint8

const (
	refVar refs = 1 << iota
	refLocal
	refAccount
	refEach

	// refBlock is what the attributes of a watchlist or order may use,
	// each aside.
	refBlock = refVar | refLocal | refAccount
)

// refRoots names the root of each kind of reference.
var refRoots = map[string]refs{
	"var":     refVar,
	"local":   refLocal,
	"account": refAccount,
	"each":    refEach,
}

// sensitiveMark marks the values of sensitive variables, and everything
// computed from them, so that diagnostics never print them.
const sensitiveMark = "sensitive"

// scope holds the values expressions can see. A name whose value failed
// is present and unknown, so that references to it are not reported a
// second time: in ttplan only an earlier error makes a value unknown.
type scope struct {
	vars     map[string]cty.Value
	locals   map[string]cty.Value
	accounts map[string]cty.Value
	funcs    map[string]function.Function
}

func newScope() *scope {
	return &scope{
		vars:     map[string]cty.Value{},
		locals:   map[string]cty.Value{},
		accounts: map[string]cty.Value{},
		funcs:    functions(),
	}
}

// context is an evaluation context over the scope. each is the each
// object of a for_each instance, or cty.NilVal.
func (s *scope) context(each cty.Value) *hcl.EvalContext {
	vars := map[string]cty.Value{
		"var":     cty.ObjectVal(s.vars),
		"local":   cty.ObjectVal(s.locals),
		"account": cty.ObjectVal(s.accounts),
	}
	if each != cty.NilVal {
		vars["each"] = each
	}
	return &hcl.EvalContext{Variables: vars, Functions: s.funcs}
}

// eval checks that expr refers only to names that allowed permits and
// that exist, then evaluates it.
func (s *scope) eval(expr hcl.Expression, allowed refs, each cty.Value) (cty.Value, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	for _, t := range expr.Variables() {
		diags = append(diags, s.checkRef(t, allowed)...)
	}
	if diags.HasErrors() {
		return cty.DynamicVal, diags
	}

	v, more := expr.Value(s.context(each))
	return v, append(diags, more...)
}

// checkRef reports a reference that is not allowed here or names
// something not declared.
func (s *scope) checkRef(t hcl.Traversal, allowed refs) hcl.Diagnostics {
	root := t.RootName()
	kind, known := refRoots[root]
	rng := t.SourceRange()
	switch {
	case kind == refEach && allowed&refEach == 0:
		return hcl.Diagnostics{errorAt(rng, `Reference to "each" in context without for_each`,
			"each.key and each.value exist only in a block that sets for_each.")}
	case !known || allowed&kind == 0:
		return hcl.Diagnostics{errorAt(rng, "Invalid reference",
			"%q is not something this expression can refer to. It may use %s.%s",
			root, oneOf(rootNames(allowed)), didYouMean(root, rootNames(allowed)))}
	}

	name, ok := attrName(t)
	if !ok {
		return hcl.Diagnostics{errorAt(rng, "Invalid reference",
			"A reference to %s needs an attribute name, such as %s.example.", root, root)}
	}
	return s.checkName(root, name, rng)
}

// checkName reports a reference to a name that is not declared.
func (s *scope) checkName(root, name string, rng hcl.Range) hcl.Diagnostics {
	var table map[string]cty.Value
	var what string
	switch root {
	case "var":
		table, what = s.vars, "input variable"
	case "local":
		table, what = s.locals, "local value"
	case "account":
		table, what = s.accounts, "account"
	default:
		if name == "key" || name == "value" {
			return nil
		}
		return hcl.Diagnostics{errorAt(rng, "Invalid reference",
			"each has only the attributes key and value.")}
	}

	if _, ok := table[name]; ok {
		return nil
	}
	return hcl.Diagnostics{errorAt(rng, "Reference to undeclared "+what,
		"No %s named %q is declared.%s", what, name, didYouMean(name, sortedKeys(table)))}
}

// attrName is the name after the root of a reference: a in var.a or
// var["a"].
func attrName(t hcl.Traversal) (string, bool) {
	if len(t) < 2 {
		return "", false
	}
	switch step := t[1].(type) {
	case hcl.TraverseAttr:
		return step.Name, true
	case hcl.TraverseIndex:
		k := step.Key
		if k.Type() == cty.String && k.IsKnown() && !k.IsNull() && !k.IsMarked() {
			return k.AsString(), true
		}
	}
	return "", false
}

// rootNames lists the roots allowed permits, for messages.
func rootNames(allowed refs) []string {
	var out []string
	for _, root := range []string{"var", "local", "account", "each"} {
		if allowed&refRoots[root] != 0 {
			out = append(out, root)
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// describe names a value's type for a message, such as "a list".
func describe(v cty.Value) string {
	t := v.Type()
	switch {
	case v.IsNull():
		return "null"
	case t == cty.String:
		return "a string"
	case t == cty.Number:
		return "a number"
	case t == cty.Bool:
		return "a bool"
	case t.IsListType() || t.IsTupleType():
		return "a list"
	case t.IsSetType():
		return "a set"
	case t.IsMapType() || t.IsObjectType():
		return "a map"
	}
	return fmt.Sprintf("a value of type %s", t.FriendlyName())
}
