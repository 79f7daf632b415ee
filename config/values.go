package config

import (
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/ttplan/ttplan/provider"
)

// state is how far an argument got.
type state uint8

const (
	// absent: not written, or null.
	absent state = iota
	// broken: written, but its value is unusable and an error says why.
	broken
	// present: written with a usable value.
	present
)

// field is where an argument is and how far it got. Rules that need an
// argument check state == absent; rules that refuse one check
// state != absent, so a broken value is not reported missing as well.
type field struct {
	state state

	// rng is the value's range, attr the whole "name = value".
	rng  hcl.Range
	attr hcl.Range

	// sensitive means the value comes from a sensitive variable, so no
	// message may show it.
	sensitive bool
}

// value is an evaluated argument with its marks removed.
type value struct {
	cty.Value
	field
}

// reader evaluates the arguments of one block, or of one for_each
// instance of it, collecting diagnostics.
type reader struct {
	scope   *scope
	attrs   hcl.Attributes
	allowed refs
	each    cty.Value
	diags   hcl.Diagnostics

	// sensitive collects the names of the arguments whose values come
	// from a sensitive variable.
	sensitive map[string]bool
}

// sensitiveNames returns the names of the sensitive arguments r read,
// each with prefix, sorted.
func (r *reader) sensitiveNames(prefix string) []string {
	var out []string
	for name := range r.sensitive {
		out = append(out, prefix+name)
	}
	slices.Sort(out)
	return out
}

// get evaluates the argument name.
func (r *reader) get(name string) value {
	attr, ok := r.attrs[name]
	if !ok {
		return value{}
	}
	v := value{field: field{rng: attr.Expr.Range(), attr: attr.Range}}

	raw, diags := r.scope.eval(attr.Expr, r.allowed, r.each)
	r.diags = append(r.diags, diags...)
	switch {
	case diags.HasErrors() || !raw.IsWhollyKnown():
		v.state = broken
		return v
	case raw.IsNull():
		return v
	}

	raw, marks := raw.UnmarkDeep()
	v.Value, v.sensitive, v.state = raw, len(marks) > 0, present
	if v.sensitive {
		if r.sensitive == nil {
			r.sensitive = map[string]bool{}
		}
		r.sensitive[name] = true
	}
	return v
}

// str evaluates the argument name as a string.
func (r *reader) str(name string) (string, value) {
	v := r.get(name)
	if v.state != present {
		return "", v
	}

	s, err := convert.Convert(v.Value, cty.String)
	if err != nil || s.IsNull() {
		r.diags = append(r.diags, wrongType(v, name, "a string"))
		v.state = broken
		return "", v
	}
	return s.AsString(), v
}

// wrongType reports that argument name holds a value of the wrong type.
func wrongType(v value, name, want string) *hcl.Diagnostic {
	return errorAt(v.rng, "Incorrect attribute value type",
		"The argument %q must be %s, not %s.", name, want, describe(v.Value))
}

// enum evaluates the argument name as one word of an enumeration, in
// either spelling provider accepts. what names the enumeration in
// messages, such as "order type".
func enum[T ~string](r *reader, name, what string, parse func(string) (T, bool), all []T) (T, field) {
	s, v := r.str(name)
	if v.state != present {
		return "", v.field
	}

	t, ok := parse(s)
	if !ok {
		words := provider.HCLSpellings(all)
		hint := ""
		if !v.sensitive {
			hint = didYouMean(strings.ToLower(s), words)
		}
		r.diags = append(r.diags, errorAt(v.rng, "Invalid "+what,
			"%s is not a valid %s. Use one of %s.%s",
			shown(s, v.sensitive), what, oneOf(words), hint))
		v.state = broken
	}
	return t, v.field
}

// boolean evaluates the argument name as true or false.
func (r *reader) boolean(name string) (bool, value) {
	v := r.get(name)
	if v.state != present {
		return false, v
	}

	b, err := convert.Convert(v.Value, cty.Bool)
	if err != nil || b.IsNull() {
		r.diags = append(r.diags, wrongType(v, name, "true or false"))
		v.state = broken
		return false, v
	}
	return b.True(), v
}

// maxWhole bounds the whole-number arguments, far above any sensible
// value, so that they fit an int everywhere.
const maxWhole = 1_000_000_000

// wholeNumber evaluates the argument name as a whole number from least
// to maxWhole. The message never shows the value, which may be
// sensitive.
func (r *reader) wholeNumber(name string, least int) (int, field) {
	v := r.get(name)
	if v.state != present {
		return 0, v.field
	}

	n, err := convert.Convert(v.Value, cty.Number)
	if err != nil || n.IsNull() {
		r.diags = append(r.diags, wrongType(v, name, "a whole number"))
		v.state = broken
		return 0, v.field
	}
	bf := n.AsBigFloat()
	i, _ := bf.Int64() // the nearest int64 when out of its range
	if !bf.IsInt() || i < int64(least) || i > maxWhole {
		r.diags = append(r.diags, errorAt(v.rng, "Invalid "+name,
			"The %s must be a whole number from %d to %d.", name, least, maxWhole))
		v.state = broken
		return 0, v.field
	}
	return int(i), v.field
}
