package config

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// varDecl is a variable block as declared.
type varDecl struct {
	name        string
	description string
	sensitive   bool
	declRange   hcl.Range

	// typ is the type constraint, cty.DynamicPseudoType when none is
	// given; defaults fill optional object attributes.
	typ      cty.Type
	defaults *typeexpr.Defaults

	// literal reads -var and environment values as strings rather than
	// as HCL expressions: true for primitive types and for no type.
	literal bool

	// def is the default value, nil for a required variable.
	def *varValue

	validations []validation
}

// validation is a validation block of a variable.
type validation struct {
	condition, message hcl.Expression
}

// loadVariables declares the variables, resolves each one's value from
// the sources in precedence order, and checks it.
func (l *loader) loadVariables(blocks []*hcl.Block) {
	decls := map[string]*varDecl{}
	var order []*varDecl
	for _, b := range l.uniqueBlocks(blocks) {
		d := l.declareVariable(b)
		decls[d.name] = d
		order = append(order, d)
		l.scope.vars[d.name] = cty.DynamicVal
	}

	values := l.variableValues(decls)
	for _, d := range order {
		l.resolveVariable(d, values[d.name])
	}
}

// declareVariable decodes a variable block.
func (l *loader) declareVariable(b *hcl.Block) *varDecl {
	content := l.content(b.Body, variableSchema)
	d := &varDecl{
		name:      b.Labels[0],
		declRange: b.DefRange,
		typ:       cty.DynamicPseudoType,
		literal:   true,
	}

	if a := content.Attributes["type"]; a != nil {
		l.declareType(d, a)
	}
	if v, ok := l.constant(content.Attributes["description"], cty.String, "a string"); ok {
		d.description = v.AsString()
	}
	if v, ok := l.constant(content.Attributes["sensitive"], cty.Bool, "true or false"); ok {
		d.sensitive = v.True()
	}
	if a := content.Attributes["default"]; a != nil {
		d.def = l.declareDefault(d, a)
	}

	for _, vb := range content.Blocks {
		c := l.content(vb.Body, validationSchema)
		if l.require(vb, c, "condition", "error_message") {
			d.validations = append(d.validations, validation{
				condition: c.Attributes["condition"].Expr,
				message:   c.Attributes["error_message"].Expr,
			})
		}
	}
	return d
}

// declareType reads the type constraint.
func (l *loader) declareType(d *varDecl, a *hcl.Attribute) {
	typ, defaults, diags := typeexpr.TypeConstraintWithDefaults(a.Expr)
	l.diags = append(l.diags, diags...)
	if diags.HasErrors() {
		return
	}
	d.typ, d.defaults = typ, defaults
	d.literal = typ.IsPrimitiveType()
}

// declareDefault reads the default value, which must be a constant that
// meets the type constraint.
func (l *loader) declareDefault(d *varDecl, a *hcl.Attribute) *varValue {
	vv := &varValue{rng: a.Expr.Range(), source: "the default"}
	v, diags := a.Expr.Value(nil)
	l.diags = append(l.diags, diags...)
	if diags.HasErrors() {
		vv.broken = true
		return vv
	}

	vv.val, vv.broken = l.convertValue(d, vv, v)
	return vv
}

// constant evaluates a, which may be nil and may not refer to anything,
// as a known value of type typ. It reports false when a is nil or fails.
func (l *loader) constant(a *hcl.Attribute, typ cty.Type, want string) (cty.Value, bool) {
	if a == nil {
		return cty.NilVal, false
	}
	v, diags := a.Expr.Value(nil)
	l.diags = append(l.diags, diags...)
	if diags.HasErrors() {
		return cty.NilVal, false
	}

	out, err := convert.Convert(v, typ)
	if err != nil || out.IsNull() || !out.IsKnown() {
		l.diags = append(l.diags, errorAt(a.Expr.Range(), "Incorrect attribute value type",
			"The argument %q must be %s.", a.Name, want))
		return cty.NilVal, false
	}
	return out, true
}

// resolveVariable settles the value of one variable and publishes it to
// the scope, marked when sensitive.
func (l *loader) resolveVariable(d *varDecl, vv *varValue) {
	if vv == nil {
		l.diags = append(l.diags, errorAt(d.declRange, "No value for required variable",
			"The variable %q has no default, so it needs a value: pass -var '%s=...', "+
				"set it in ttplan.ttvars, or set the environment variable TTPLAN_VAR_%s.",
			d.name, d.name, d.name))
		return
	}

	v, ok := l.finalValue(d, vv)
	if !ok || !l.validate(d, v, vv) {
		return
	}

	l.cfg.Variables[d.name] = &Variable{
		Name:        d.name,
		Description: d.description,
		Sensitive:   d.sensitive,
		Value:       v,
		DeclRange:   d.declRange,
	}
	if d.sensitive {
		v = v.Mark(sensitiveMark)
	}
	l.scope.vars[d.name] = v
}

// finalValue parses and converts the value that won.
func (l *loader) finalValue(d *varDecl, vv *varValue) (cty.Value, bool) {
	if vv.broken {
		return cty.NilVal, false
	}
	v := vv.val
	if vv.raw != nil {
		var ok bool
		if v, ok = l.parseRaw(d, vv); !ok {
			return cty.NilVal, false
		}
	}
	v, broken := l.convertValue(d, vv, v)
	return v, !broken
}

// convertValue fills optional attributes and converts v to the type
// constraint, reporting a mismatch. It reports true when it failed.
func (l *loader) convertValue(d *varDecl, vv *varValue, v cty.Value) (cty.Value, bool) {
	if d.defaults != nil {
		v = applyDefaults(d.defaults, v)
	}

	out, err := convert.Convert(v, d.typ)
	if err != nil {
		rng := vv.rng
		if rng.Filename == "" || d.sensitive {
			// A sensitive value written in a file is not pointed at: the
			// snippet would show it.
			rng = d.declRange
		}
		l.diags = append(l.diags, errorAt(rng, "Invalid value for variable",
			"The value %s gives for var.%s is not valid: %s.", vv.source, d.name, err))
		return cty.NilVal, true
	}
	return out, false
}

// applyDefaults is Defaults.Apply, which is not written for every value
// a user can give; on a panic the value goes on to conversion unchanged
// and fails there.
func applyDefaults(d *typeexpr.Defaults, v cty.Value) (out cty.Value) {
	defer func() {
		if recover() != nil {
			out = v
		}
	}()
	return d.Apply(v)
}
